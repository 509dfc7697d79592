"""What both stores share: the ledger's error, timestamps, telling a URL from a path, and
creating the schema. The stores (:mod:`._store` for SQLite, :mod:`._pgstore` for PostgreSQL)
import this module and not each other; :mod:`._open` picks one.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from newsledger.ledger import _schema


class LedgerError(Exception):
    """A ledger that cannot be opened or used (newer schema, not a database...)."""


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


DATABASE_URL_PREFIXES = ("postgresql://", "postgres://")


def is_database_url(target: str | Path) -> bool:
    """Whether ``target`` names a PostgreSQL ledger (a URL) rather than a SQLite file."""
    return isinstance(target, str) and target.startswith(DATABASE_URL_PREFIXES)


def ensure_schema(store, statements: list[str]) -> int:
    """Create the schema with ``statements`` when the store has none, and return its version,
    refusing one newer than this newsledger knows. Shared by the SQLite and PostgreSQL stores."""
    if store._version() is None:
        with store.transaction() as conn:
            if store._version() is None:  # another process may have won the race
                for statement in statements:
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                             (_schema.SCHEMA_VERSION, utc_now()))
    version = store._version()
    if version is None or version > _schema.SCHEMA_VERSION:
        raise LedgerError(
            f"ledger schema version {version} is not supported by this newsledger "
            f"(knows up to {_schema.SCHEMA_VERSION})"
        )
    return version
