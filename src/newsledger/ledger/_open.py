"""Opening a ledger's store: PostgreSQL for a ``postgresql://`` URL, SQLite for a path."""

from __future__ import annotations

import re
from pathlib import Path

from newsledger.ledger._base import LedgerError, is_database_url
from newsledger.ledger._store import SQLiteStore


def open_store(target: str | Path, *, fts: bool | None = None):
    """A PostgreSQL store for a ``postgresql://`` URL, else a SQLite store for a path."""
    if re.match(r"postgres(ql)?:/(?!/)", str(target)):
        # pathlib folds "//": a URL that went through Path() has lost its host part.
        raise LedgerError(f"{target}: a database URL read as a file path; pass the URL as a string")
    if is_database_url(target):
        from newsledger.ledger._pgstore import PostgresStore

        return PostgresStore(str(target), fts=fts)
    return SQLiteStore(target, fts=fts)
