"""The PostgreSQL store: the ledger's tables on a PostgreSQL server, for teams.

Chosen by a database URL (``postgresql://user@host/dbname``). The ledger's SQL is written
once with ``?`` placeholders; this module turns it into psycopg's (``%s``) and makes LIKE
case-insensitive (ILIKE), as SQLite's LIKE is for ASCII. Rows behave like ``sqlite3.Row``
(by index, by name, ``dict(row)``), so the ledger code does not know which store it has.

Writers take one advisory lock per ledger (per schema) inside their transaction: like
SQLite's BEGIN IMMEDIATE, it makes "is this content already there?" and the insert that
follows one step, so two processes ingesting the same report store it once.

psycopg 3 is an optional dependency (the ``postgres`` extra), imported only here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from newsledger.ledger import _schema
from newsledger.ledger._base import LedgerError, ensure_schema

_LOCK_CLASS = 0x6E4C  # advisory lock namespace: "nL"
_LIKE = re.compile(r"\bLIKE\b")


def translate(sql: str) -> str:
    """SQLite-flavoured ledger SQL to psycopg's: ``?`` -> ``%s``, literal ``%`` doubled,
    LIKE -> ILIKE. The ledger never puts ``?`` inside a string literal."""
    return _LIKE.sub("ILIKE", sql.replace("%", "%%").replace("?", "%s"))


class Row(tuple):
    """A result row: ``row[0]``, ``row["name"]``, ``dict(row)`` (as sqlite3.Row)."""

    names: tuple[str, ...] = ()

    def keys(self) -> tuple[str, ...]:
        return self.names

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                key = self.names.index(key)
            except ValueError:
                raise IndexError(f"no column {key!r}") from None
        return tuple.__getitem__(self, key)


def _row_factory(cursor: Any):
    names = tuple(column.name for column in cursor.description or ())

    def make(values: Sequence[Any]) -> Row:
        row = Row(values)
        row.names = names
        return row

    return make


class _Connection:
    """What the ledger calls on a connection: execute, executemany (sqlite3's shape)."""

    def __init__(self, conn: Any):
        self.raw = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        cursor = self.raw.cursor(row_factory=_row_factory)
        cursor.execute(translate(sql), list(params))
        return cursor

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        cursor = self.raw.cursor()
        rows = [list(r) for r in rows]
        if rows:
            cursor.executemany(translate(sql), rows)
        return cursor


class PostgresStore:
    dialect = "postgresql"

    def __init__(self, url: str, *, fts: bool | None = None):
        try:
            import psycopg
        except ImportError:
            raise LedgerError(
                "a PostgreSQL ledger needs psycopg 3: pip install 'newsledger[postgres]'"
            ) from None
        try:
            # autocommit: reads need no transaction; writes open one in transaction().
            raw = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise LedgerError(f"cannot open the PostgreSQL ledger: {_safe(url)}: {exc}") from exc
        self.conn = _Connection(raw)
        self.url = url
        # tsvector search is always there: PostgreSQL has it built in (``fts`` is for SQLite).
        self.fts = True
        try:
            self._prepare()
        except psycopg.Error as exc:
            raw.close()
            raise LedgerError(f"{_safe(url)}: not a usable newsledger database ({exc})") from exc

    def _prepare(self) -> None:
        statements = [*map(_schema.postgres, _schema.TABLES), *_schema.PG_SEARCH]
        version = ensure_schema(self, statements)
        if version < _schema.SCHEMA_VERSION:
            # PostgreSQL ledgers start at version 2: there is nothing older to upgrade.
            raise LedgerError(f"PostgreSQL ledger at schema version {version}: no upgrade path")
        self.migrated_from = None
        exists = self.conn.execute(
            "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'actors'").fetchone()
        self.actors_added = exists is None
        if exists is None:  # the actor registry's tables (see _schema.ACTOR_TABLES)
            with self.transaction() as conn:
                for statement in _schema.ACTOR_TABLES:
                    conn.execute(_schema.postgres(statement))

    def _version(self) -> int | None:
        # pg_tables, not to_regclass(): a plain query sees a table another process has just
        # committed, where the cached catalog look-up may not yet.
        exists = self.conn.execute(
            "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_version'"
        ).fetchone()
        if exists is None:
            return None
        return self.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[_Connection]:
        """BEGIN ... COMMIT under the ledger's write lock; any exception rolls back and propagates."""
        with self.conn.raw.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(?, hashtext(current_schema()))", (_LOCK_CLASS,))
            yield self.conn

    @contextmanager
    def snapshot(self) -> Iterator[_Connection]:
        """Reads that see one state of the ledger, whatever is written meanwhile (a read-only
        REPEATABLE READ transaction). Inside a transaction: that one."""
        import psycopg

        if self.conn.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            yield self.conn
            return
        with self.conn.raw.transaction():
            self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield self.conn

    def unusable(self, exc: BaseException) -> LedgerError | None:
        """The ledger error ``exc`` means when no later write could succeed either (the
        server restarted or went away, its disk is full), else None (one record's problem)."""
        import psycopg

        if isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError)) or self.conn.raw.broken:
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            return LedgerError(f"{_safe(self.url)}: lost the PostgreSQL ledger ({type(exc).__name__}: {reason})")
        return None

    def close(self) -> None:
        self.conn.raw.close()


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"://([^:/@]+):[^@/]*@", r"://\1:***@", url)
