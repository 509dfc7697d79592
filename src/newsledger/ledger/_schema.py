"""The ledger's tables, written once in portable SQL.

Item tables (entities, quotes, events, places, figures) keep the main fields as columns
for filtering and indexing, plus the full item as JSON (``item_json``) so nothing in the
record is lost and extension fields need no migration. ``reports.record_json`` is the
record as ingested: the source of truth for :meth:`Ledger.report`.

Full-text search uses SQLite FTS5 tables kept in step by the ledger inside the same
transaction (no triggers: fewer moving parts, and a PostgreSQL port would use tsvector).
"""

from __future__ import annotations

import re

SCHEMA_VERSION = 2

TABLES: tuple[str, ...] = (
    """CREATE TABLE schema_version (
        version INTEGER NOT NULL,
        applied_at TEXT NOT NULL
    )""",
    """CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        input TEXT NOT NULL,
        url TEXT,
        title TEXT,
        publisher TEXT,
        published TEXT,
        body TEXT NOT NULL,
        record_json TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        duplicate_of INTEGER REFERENCES reports (id),
        duplicate_score REAL
    )""",
    "CREATE INDEX reports_published ON reports (published)",
    "CREATE INDEX reports_publisher ON reports (publisher)",
    # The same content seen again under another input (a republished copy): the report is
    # not stored twice, but the copy is remembered so exports can say `duplicate_of`.
    """CREATE TABLE report_copies (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        input TEXT NOT NULL UNIQUE,
        url TEXT,
        title TEXT,
        publisher TEXT,
        published TEXT,
        seen_at TEXT NOT NULL
    )""",
    "CREATE INDEX report_copies_report ON report_copies (report_id)",
    """CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        entity_id TEXT,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        roles TEXT,
        mention_count INTEGER NOT NULL,
        item_json TEXT NOT NULL
    )""",
    "CREATE INDEX entities_report ON entities (report_id)",
    "CREATE INDEX entities_name ON entities (name)",
    "CREATE INDEX entities_type ON entities (type)",
    """CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        cue TEXT,
        speaker_name TEXT,
        speaker_entity_id TEXT,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        item_json TEXT NOT NULL
    )""",
    "CREATE INDEX quotes_report ON quotes (report_id)",
    "CREATE INDEX quotes_speaker ON quotes (speaker_name)",
    """CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        type TEXT NOT NULL,
        acled_event_type TEXT,
        acled_sub_event_type TEXT,
        actor_name TEXT,
        target_name TEXT,
        place_name TEXT,
        lat REAL,
        lon REAL,
        date TEXT,
        status TEXT NOT NULL,
        fatalities INTEGER,
        source_name TEXT,
        evidence_text TEXT NOT NULL,
        item_json TEXT NOT NULL
    )""",
    "CREATE INDEX events_report ON events (report_id)",
    "CREATE INDEX events_type ON events (type)",
    "CREATE INDEX events_date ON events (date)",
    """CREATE TABLE places (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        lat REAL,
        lon REAL,
        geonameid INTEGER,
        country TEXT,
        feature TEXT,
        mention_count INTEGER NOT NULL,
        item_json TEXT NOT NULL
    )""",
    "CREATE INDEX places_report ON places (report_id)",
    "CREATE INDEX places_geonameid ON places (geonameid)",
    """CREATE TABLE figures (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        value REAL NOT NULL,
        unit TEXT,
        what TEXT,
        text TEXT NOT NULL,
        qualifier TEXT,
        approximate INTEGER NOT NULL,
        hedged INTEGER NOT NULL,
        source_name TEXT,
        as_of TEXT,
        key TEXT,
        item_json TEXT NOT NULL
    )""",
    "CREATE INDEX figures_report ON figures (report_id)",
    "CREATE INDEX figures_key ON figures (key)",
    *(_V2 := (
        # MinHash LSH bands of each report's shingles: near-duplicate candidates by index.
        """CREATE TABLE report_bands (
            report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
            band INTEGER NOT NULL,
            value INTEGER NOT NULL
        )""",
        "CREATE INDEX report_bands_lookup ON report_bands (band, value)",
        "CREATE INDEX report_bands_report ON report_bands (report_id)",
        # Inputs done (stored or found already there): a rerun after a crash skips them.
        # `fingerprint` is what the input looked like (size and mtime of a file); an input
        # seen again with another fingerprint is read again.
        """CREATE TABLE inputs_done (
            input TEXT PRIMARY KEY,
            fingerprint TEXT,
            report_id INTEGER REFERENCES reports (id) ON DELETE SET NULL,
            outcome TEXT NOT NULL,
            done_at TEXT NOT NULL
        )""",
    )),
)

# Statements that bring a ledger of the given version up to the next one.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "ALTER TABLE reports ADD COLUMN duplicate_of INTEGER REFERENCES reports (id)",
        "ALTER TABLE reports ADD COLUMN duplicate_score REAL",
        *_V2,
    ),
}

# The actor registry (see ledger/_actors.py), added after version 2 without a version bump: the
# stores create these tables when a ledger lacks them (IF NOT EXISTS, in one transaction) and
# the ledger then registers the actors of the reports already stored (``actors_added``).
ACTOR_TABLES: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS actors (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        country TEXT,
        kind TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS actors_kind ON actors (kind)",
    "CREATE INDEX IF NOT EXISTS actors_country ON actors (country)",
    """CREATE TABLE IF NOT EXISTS actor_mentions (
        id INTEGER PRIMARY KEY,
        actor_id INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        position INTEGER NOT NULL,
        item_id INTEGER,
        name TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS actor_mentions_actor ON actor_mentions (actor_id)",
    "CREATE INDEX IF NOT EXISTS actor_mentions_report ON actor_mentions (report_id)",
    "CREATE INDEX IF NOT EXISTS actor_mentions_item ON actor_mentions (item_id)",
)

# External-content FTS5 tables: the text lives once, in reports / quotes.
FTS_TABLES: tuple[str, ...] = (
    "CREATE VIRTUAL TABLE reports_fts USING fts5("
    "title, body, content='reports', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE quotes_fts USING fts5("
    "text, speaker_name, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
)

ITEM_TABLES: tuple[str, ...] = ("entities", "quotes", "events", "places", "figures")

# -- PostgreSQL ---------------------------------------------------------------------------
# The same tables, translated where the two databases differ: ids become identity columns
# (64-bit, like SQLite's rowid), REAL becomes DOUBLE PRECISION (PostgreSQL's REAL is 32-bit
# and would round coordinates), and the LSH band hashes need 64 bits. Everything else in
# TABLES is already portable.
_PG_TYPES: tuple[tuple[str, str], ...] = (
    (r"\bid INTEGER PRIMARY KEY\b", "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (r"\b(report_id|duplicate_of|actor_id|item_id) INTEGER\b", r"\1 BIGINT"),
    (r"\bvalue INTEGER NOT NULL\b", "value BIGINT NOT NULL"),
    (r"\bREAL\b", "DOUBLE PRECISION"),
)

# Full text with tsvector: a generated column kept in step by PostgreSQL itself, and a GIN
# index. The 'simple' configuration lower-cases without stemming, as FTS5's unicode61 does,
# so a search finds the same words on both databases. Titles weigh more (A) than bodies (B).
PG_SEARCH: tuple[str, ...] = (
    "ALTER TABLE reports ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple', body), 'B')) STORED",
    "CREATE INDEX reports_search ON reports USING GIN (search)",
    "ALTER TABLE quotes ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple', text || ' ' || coalesce(speaker_name, ''))) STORED",
    "CREATE INDEX quotes_search ON quotes USING GIN (search)",
)


def postgres(statement: str) -> str:
    """A statement of TABLES in PostgreSQL's types."""
    for pattern, replacement in _PG_TYPES:
        statement = re.sub(pattern, replacement, statement)
    return statement
