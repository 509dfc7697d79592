"""The SQLite store: one SQLite connection, its settings, and all-or-nothing transactions.

Kept thin on purpose: SQL elsewhere uses ``?`` placeholders and portable types, so the
PostgreSQL store (:mod:`newsledger.ledger._pgstore`) is a second class like this one
(connect, transaction, fts flag), not a rewrite of the ledger. :func:`._open.open_store` picks one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsledger.ledger import _schema
from newsledger.ledger._base import LedgerError, ensure_schema, utc_now


def fts5_available() -> bool:
    """Whether this Python's SQLite was built with FTS5."""
    try:
        probe = sqlite3.connect(":memory:")
        try:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
        finally:
            probe.close()
    except sqlite3.Error:
        return False
    return True


# SQLite errors every later write would meet too (the disk is full, the file over a size
# limit, the file gone read-only): the ledger cannot be written, not one record.
_CANNOT_WRITE = ("disk I/O error", "database or disk is full", "readonly database",
                 "unable to open database file")


class SQLiteStore:
    dialect = "sqlite"

    def __init__(self, path: str | Path, *, fts: bool | None = None):
        target = str(path)
        self.target = target
        if target != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        try:
            # isolation_level=None: no implicit transactions; we BEGIN and COMMIT ourselves.
            self.conn = sqlite3.connect(target, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout = 5000")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if target != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
            self.fts = self._prepare(fts)
        except sqlite3.DatabaseError as exc:
            raise (self.unusable(exc) or LedgerError(f"{target}: not a newsledger database ({exc})")) from exc

    def _prepare(self, want_fts: bool | None) -> bool:
        """Create the schema when missing; say whether the full-text tables exist.

        ``want_fts`` only matters when the ledger is created (False forces the LIKE
        fallback); an existing ledger keeps what it was created with, since its FTS
        index must stay in step with every later ingest.
        """
        fts = fts5_available() if want_fts is None else (want_fts and fts5_available())
        version = ensure_schema(self, [*_schema.TABLES, *(_schema.FTS_TABLES if fts else ())])
        self.migrated_from = None
        if version < _schema.SCHEMA_VERSION:
            with self.transaction() as conn:
                for step in range(version, _schema.SCHEMA_VERSION):
                    for statement in _schema.MIGRATIONS[step]:
                        conn.execute(statement)
                conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                             (_schema.SCHEMA_VERSION, utc_now()))
            self.migrated_from = version  # the ledger back-fills what SQL alone cannot
        self.actors_added = self._add_actor_tables()
        return self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reports_fts'"
        ).fetchone() is not None

    def _add_actor_tables(self) -> bool:
        """Create the actor registry's tables when missing; True when they were."""
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'actors'").fetchone()
        if exists:
            return False
        with self.transaction() as conn:
            for statement in _schema.ACTOR_TABLES:
                conn.execute(statement)
        return True

    def _version(self) -> int | None:
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
        ).fetchone()
        if not exists:
            return None
        return self.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; any exception rolls everything back and propagates."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:  # SQLite has already rolled back after an I/O error
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """Reads that see one state of the ledger, whatever is written meanwhile (a read
        transaction: in WAL mode it blocks no writer). Inside a transaction: that one."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN")
        try:
            yield self.conn
        finally:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # nothing was written

    def unusable(self, exc: BaseException) -> LedgerError | None:
        """The ledger error ``exc`` means when no later write could succeed either (a full
        disk), else None (a problem with one record)."""
        if isinstance(exc, sqlite3.OperationalError) and any(s in str(exc) for s in _CANNOT_WRITE):
            return LedgerError(f"{self.target}: cannot write the ledger ({exc}: is the disk full, "
                               f"or the file over a size limit?)")
        return None

    def close(self) -> None:
        self.conn.close()
