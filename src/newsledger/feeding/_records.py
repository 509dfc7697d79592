"""Reading and analysing sources: ``(source, record or failure)`` in order.

Each source is read (a file by its path; fetched and archived pages from their bytes, under the
source's name) and analysed through the ordinary pipeline, batch by batch
(:func:`newsledger.pipeline.analyse_stream`), every input under its own guard. Writing the
records is the caller's: inputs are recorded as done in the same transaction as their record
(see :meth:`newsledger.ledger.Ledger.ingest`), so an interruption loses nothing done and redoes
nothing done.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsledger.errors import InputError
from newsledger.feeding._inputs import Source
from newsledger.pipeline import analyse_stream, read_or_fail
from newsledger.record import Failure, Record
from newsledger.settings import DEFAULT, Settings


def _read(source: Source) -> Record | Failure:
    if source.path is not None:
        return read_or_fail(source.path, url=source.url, published=source.published)
    assert source.load is not None
    try:
        data, final_url = source.load()
    except InputError as exc:
        return Failure(input=source.input, error=exc.reason)
    except Exception as exc:  # unexpected: still one line, and the batch goes on
        return Failure(input=source.input, error=f"{type(exc).__name__}: {exc}")
    # the bytes as they are, named by the source (no temporary file)
    return read_or_fail(source.input, data=data, url=final_url or source.url, published=source.published)


def records_of(sources: Iterable[Source | Failure],
               settings: Settings = DEFAULT) -> Iterator[tuple[Source | None, Record | Failure | None]]:
    """(source, record or failure) in order; (source, None) for a skipped source, (None,
    failure) for an input that could not be listed."""
    def read_each() -> Iterator[tuple[Source | None, Record | Failure | None]]:
        for source in sources:
            if isinstance(source, Failure):
                yield None, source
            elif source.skip:
                yield source, None
            else:
                yield source, _read(source)

    return analyse_stream(read_each(), settings)
