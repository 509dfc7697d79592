"""The ledger: records stored in SQLite (or PostgreSQL, by URL), searchable, idempotent by content.

One public entry, :class:`Ledger`::

    with Ledger("ledger.db") as ledger:
        ledger.ingest(record)          # False when the same content is already there
        ledger.reports(q="convoy")     # summaries, full-text search
"""

from newsledger.ledger._hash import content_hash
from newsledger.ledger._ledger import ACLED_COLUMNS, EXPORTS, BatchWriter, Ledger
from newsledger.ledger._base import LedgerError, is_database_url
from newsledger.ledger._search import SearchSyntaxError

__all__ = ["Ledger", "LedgerError", "BatchWriter", "EXPORTS", "ACLED_COLUMNS", "content_hash", "is_database_url",
           "SearchSyntaxError"]
