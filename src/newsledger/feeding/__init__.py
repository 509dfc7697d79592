"""Feeding: inputs of every kind to records, between the pipeline and the ledger.

:func:`sources_of` lists what the user named (files, folders, ``-``, URLs, feeds, WARC files)
as :class:`Source` items, one per report; :func:`records_of` reads and analyses them through
the pipeline, in order. The ledger never imports this stage: the shell asks the ledger which
inputs are done and hands it the records.
"""

from newsledger.feeding._inputs import (
    ARCHIVE_SUFFIXES,
    FEED_SUFFIXES,
    REPORT_SUFFIXES,
    Source,
    expand_folder,
    report_files,
    sources_of,
)


def __getattr__(name: str):
    # records_of loads the pipeline (spaCy, the models) only when records are made in this
    # process: the Ray engine's driver lists inputs with this stage and never analyses.
    if name == "records_of":
        from newsledger.feeding._records import records_of

        return records_of
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["Source", "sources_of", "records_of", "expand_folder", "report_files",
           "REPORT_SUFFIXES", "ARCHIVE_SUFFIXES", "FEED_SUFFIXES"]
