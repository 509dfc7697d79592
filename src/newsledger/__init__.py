"""newsledger: read news reports, keep a sourced ledger of what they describe.

The public API is small::

    from newsledger import extract, Record
    record = extract("report.html", published="2024-05-07")
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsledger")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

from newsledger.errors import InputError
from newsledger.pipeline import extract, extract_many
from newsledger.record import Record

__all__ = ["extract", "extract_many", "Record", "InputError", "__version__"]
