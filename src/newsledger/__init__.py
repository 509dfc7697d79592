"""newsledger: read news reports, keep a sourced ledger of what they describe.

The public API is small::

    from newsledger import extract, Record
    record = extract("report.html", published="2024-05-07")

Names are imported lazily so that light commands (``newsledger schema``) do not pay for
loading spaCy.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsledger")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["extract", "extract_many", "Record", "InputError", "__version__"]


def __getattr__(name: str):
    if name in ("extract", "extract_many"):
        from newsledger import pipeline

        return getattr(pipeline, name)
    if name == "Record":
        from newsledger.record import Record

        return Record
    if name == "InputError":
        from newsledger.errors import InputError

        return InputError
    raise AttributeError(f"module 'newsledger' has no attribute {name!r}")
