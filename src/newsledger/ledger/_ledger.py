"""The ledger: records in, summaries, searches, flat exports and across-report views out.

:class:`Ledger` is the one facade; its work is split by concern: :mod:`._writing` (ingest),
:mod:`._querying` (searches, one report, exports) and :mod:`._views` (events merged across
reports, stories, claims, the map).
"""

from __future__ import annotations

import re
from pathlib import Path

from newsledger.ledger import _actors, _exports
from newsledger.ledger._base import LedgerError
from newsledger.ledger._open import open_store
from newsledger.ledger._querying import EXPORTS, Querying
from newsledger.ledger._rows import ITEM_COLUMNS  # noqa: F401  (tests patch it here)
from newsledger.ledger._views import Views
from newsledger.ledger._writing import Writing


class Ledger(Writing, Querying, Views):
    """A ledger of records in SQLite (a file path) or PostgreSQL (a ``postgresql://``
    URL: the same tables, for teams). Use as a context manager, or call :meth:`close`.

    ``fts`` applies when a SQLite file is created: None uses FTS5 when this SQLite has it,
    False forces the LIKE fallback; PostgreSQL always searches with tsvector. Thread use:
    one Ledger per thread (sqlite3 rule; one connection each on PostgreSQL too).
    """

    def __init__(self, path: str | Path, *, fts: bool | None = None):
        self._store = open_store(path, fts=fts)
        self.path = str(path)
        if self._store.migrated_from is not None and self._store.migrated_from < 2:
            self._backfill_near_duplicates()
        if getattr(self._store, "actors_added", False) and \
                self._store.conn.execute("SELECT 1 FROM reports LIMIT 1").fetchone() is not None:
            _actors.backfill(self._store)

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._store.close()

    def snapshot(self):
        """A context in which every read sees one state of the ledger, whatever another
        process writes meanwhile (a read transaction; in SQLite's WAL mode it blocks no writer).
        The API reads each request in one."""
        return self._store.snapshot()

    @property
    def full_text(self) -> bool:
        """True when searches use full text (FTS5, or tsvector on PostgreSQL), False when
        they fall back to LIKE."""
        return self._store.fts

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return self._store.dialect

    @property
    def _fts5(self) -> bool:
        """Whether FTS5 tables must be kept in step by hand (PostgreSQL's tsvector columns
        are generated, and searched in another syntax)."""
        return self._store.fts and self._store.dialect == "sqlite"

    @property
    def _tsvector(self) -> bool:
        return self._store.dialect == "postgresql"


ACLED_COLUMNS = _exports.ACLED_COLUMNS
__all__ = ["Ledger", "LedgerError", "BatchWriter", "EXPORTS", "ACLED_COLUMNS"]


class BatchWriter:
    """Writes batches of records into the ledger at ``target`` from another process (a Ray
    worker writing its own batches to PostgreSQL): picklable (it carries the target only) and
    opens its :class:`Ledger` on first use, once per process.

    Called with [(record, fingerprint)], it stores them in one transaction
    (:meth:`Ledger.ingest_batch`) and returns, in order, True (added), False (already there)
    or, when the batch failed for one record's sake, that record's exception (the others are
    then stored one by one). A ledger that cannot be reached (PostgreSQL down, the connection
    lost) is a :class:`LedgerError` with one clear line: nothing of that batch is stored."""

    def __init__(self, target: str):
        self.target = target
        self._ledger: Ledger | None = None

    def __getstate__(self) -> dict:
        return {"target": self.target, "_ledger": None}

    def __call__(self, items: list) -> list:
        if self._ledger is None:
            try:
                self._ledger = Ledger(self.target)
            except LedgerError as exc:  # the server gone (or never there): the same one line
                raise LedgerError(f"cannot write to the ledger {_shown(self.target)}: "
                                  f"{_first_line(exc.__cause__ or exc)}") from None
        try:
            return self._ledger.ingest_batch(items)
        except Exception as exc:
            if self._unreachable(exc):
                self.close()
                raise LedgerError(f"cannot write to the ledger {_shown(self.target)}: "
                                  f"{_first_line(exc.__cause__ or exc)}") from None
        out: list = []
        for record, fingerprint in items:  # one record is at fault: the others still go in
            try:
                out.append(self._ledger.ingest(record, fingerprint=fingerprint))
            except Exception as exc:
                if self._unreachable(exc):
                    self.close()
                    raise LedgerError(f"cannot write to the ledger {_shown(self.target)}: "
                                      f"{_first_line(exc)}") from None
                out.append(exc)
        return out

    def _unreachable(self, exc: Exception) -> bool:
        if isinstance(exc, LedgerError):  # the ledger said it cannot be written any more
            return True
        if self._ledger is None or self._ledger.dialect != "postgresql":
            return False
        import psycopg

        return isinstance(exc, psycopg.OperationalError) or self._ledger._store.conn.raw.closed

    def close(self) -> None:
        if self._ledger is not None:
            try:
                self._ledger.close()
            except Exception:
                pass
            self._ledger = None


def _shown(target: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", target)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
