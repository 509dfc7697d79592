"""The ledger: records in, summaries, searches and flat exports out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsledger.ledger import _claims, _events, _exports, _near, _search, _stories
from newsledger.ledger._hash import content_hash
from newsledger.ledger._rows import ITEM_COLUMNS, ITEM_MODELS, flat_keys, flat_row, to_json
from newsledger.ledger._schema import ITEM_TABLES
from newsledger.ledger._base import LedgerError, utc_now
from newsledger.ledger._open import open_store
from newsledger.record import Record

EXPORTS: tuple[str, ...] = ("reports", "events", "quotes", "figures", "places", "entities")

_SUMMARY_COLUMNS = """
    r.id, r.input, r.url, r.title, r.publisher, r.published, r.ingested_at, r.content_hash,
    r.duplicate_of,
    (SELECT COUNT(*) FROM entities x WHERE x.report_id = r.id) AS entities,
    (SELECT COUNT(*) FROM quotes x WHERE x.report_id = r.id) AS quotes,
    (SELECT COUNT(*) FROM events x WHERE x.report_id = r.id) AS events,
    (SELECT COUNT(*) FROM places x WHERE x.report_id = r.id) AS places,
    (SELECT COUNT(*) FROM figures x WHERE x.report_id = r.id) AS figures
"""
# Newest first; reports without a date after dated ones (portable, no NULLS LAST).
_NEWEST_FIRST = "r.published IS NULL, r.published DESC, r.id DESC"

_QUOTE_COLUMNS = """
    q.id, q.report_id, q.position, q.text, q.kind, q.cue, q.speaker_name, q.speaker_entity_id,
    q.start, q."end", e.roles AS speaker_roles,
    r.title AS report_title, r.input AS report_input, r.publisher, r.published
"""
_QUOTE_JOINS = """
    JOIN reports r ON r.id = q.report_id
    LEFT JOIN entities e ON e.report_id = q.report_id AND e.entity_id = q.speaker_entity_id
"""

SNIPPET_CHARS = 200
# PostgreSQL's snippet: about as long as FTS5's snippet(..., 32), hits not marked.
_HEADLINE = 'StartSel="", StopSel="", MaxWords=32, MinWords=16, MaxFragments=1, FragmentDelimiter=" … "'
_REPORT_COLUMNS = ("id", "input", "url", "title", "publisher", "published", "language", "copyright",
                   "byline", "content_hash", "ingested_at", "duplicate_of", "story", *ITEM_TABLES)
_ITEM_REPORT_COLUMNS = ("report_id", "report_input", "report_url", "report_publisher",
                        "report_published", "report_title", "position")


class Ledger:
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

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._store.close()

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

    # -- writing -----------------------------------------------------------------------

    def ingest(self, record: Record | dict, *, fingerprint: str | None = None) -> bool:
        """Store one record in one transaction. False (and nothing changed) when a report
        with the same content hash is already there; a copy under another input is
        remembered in ``report_copies`` (see :mod:`newsledger.ledger._hash`). A near
        copy (wire story republished with small edits) is stored and linked to the report
        it copies by ``duplicate_of`` (see :mod:`newsledger.ledger._near`).

        The input is recorded as done (with ``fingerprint``) in the same transaction, so
        :meth:`is_done` after a crash says exactly what was stored."""
        if not isinstance(record, Record):
            record = Record.model_validate(record)
        article = record.article
        if not article.body.strip():
            raise ValueError(f"{record.input}: record has no article body to store")
        digest = content_hash(article.body)
        shingles = _near.shingles(article.body)
        bands = _near.band_hashes(shingles)
        with self._store.transaction() as conn:
            known = conn.execute(
                "SELECT id, input FROM reports WHERE content_hash = ?", (digest,)
            ).fetchone()
            if known is not None:
                if record.input != known["input"]:
                    conn.execute(
                        "INSERT INTO report_copies (report_id, input, url, title, "
                        "publisher, published, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (input) DO NOTHING",
                        (known["id"], record.input, article.url, article.title,
                         article.publisher, article.published, utc_now()),
                    )
                self._mark_done(conn, record.input, fingerprint, known["id"], "present")
                return False
            original, score = self._near_copy_of(conn, shingles, bands)
            earlier = original is not None and _published_before(article.published, conn.execute(
                "SELECT published FROM reports WHERE id = ?", (original,)).fetchone()[0])
            report_id = conn.execute(
                "INSERT INTO reports (content_hash, input, url, title, publisher, published, "
                "body, record_json, ingested_at, duplicate_of, duplicate_score) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (digest, record.input, article.url, article.title, article.publisher,
                 article.published, article.body, to_json(record), utc_now(), original, score),
            ).fetchone()[0]
            if earlier:
                # The copy came in first: this report, published earlier, is the original of
                # the group now; the group (the old original too) points at it.
                conn.execute("UPDATE reports SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?",
                             (report_id, original, original))
                conn.execute("UPDATE reports SET duplicate_of = NULL, duplicate_score = NULL WHERE id = ?",
                             (report_id,))
                conn.execute("UPDATE reports SET duplicate_score = ? WHERE id = ?", (score, original))
            conn.executemany("INSERT INTO report_bands (report_id, band, value) VALUES (?, ?, ?)",
                             [(report_id, band, value) for band, value in enumerate(bands)])
            if self._fts5:
                conn.execute("INSERT INTO reports_fts (rowid, title, body) VALUES (?, ?, ?)",
                             (report_id, article.title or "", article.body))
            for table, (attribute, columns_of) in ITEM_COLUMNS.items():
                for position, item in enumerate(getattr(record, attribute)):
                    self._insert_item(conn, table, report_id, position, columns_of(item), to_json(item))
            self._mark_done(conn, record.input, fingerprint, report_id, "added")
        return True

    @staticmethod
    def _near_copy_of(conn, shingles: set[int], bands: list[int]) -> tuple[int | None, float | None]:
        """(id of the report this body copies, similarity), or (None, None). The report
        copied is the original of its group (a copy of a copy points at the first one)."""
        if not bands:
            return None, None
        clauses = " OR ".join("(band = ? AND value = ?)" for _ in bands)
        params = [x for pair in enumerate(bands) for x in pair]
        candidates = [row[0] for row in conn.execute(
            f"SELECT report_id FROM report_bands WHERE {clauses} "
            f"GROUP BY report_id ORDER BY COUNT(*) DESC, report_id LIMIT 50", params)]
        best: tuple[float, int] | None = None
        for candidate in candidates:
            row = conn.execute("SELECT body, duplicate_of FROM reports WHERE id = ?",
                               (candidate,)).fetchone()
            similar = _near.resemblance(shingles, _near.shingles(row[0]))
            if similar.is_copy and (best is None or similar.score > best[0]):
                best = (similar.score, row[1] or candidate)
        return (best[1], round(best[0], 3)) if best else (None, None)

    def _backfill_near_duplicates(self) -> None:
        """After an upgrade from a ledger without near-duplicate bands: compute them."""
        conn = self._store.conn
        rows = conn.execute("SELECT id, body FROM reports ORDER BY id").fetchall()
        with self._store.transaction():
            for report_id, body in rows:
                shingles = _near.shingles(body)
                bands = _near.band_hashes(shingles)
                original, score = self._near_copy_of(conn, shingles, bands)
                conn.execute("UPDATE reports SET duplicate_of = ?, duplicate_score = ? WHERE id = ?",
                             (original, score, report_id))
                conn.executemany("INSERT INTO report_bands (report_id, band, value) VALUES (?, ?, ?)",
                                 [(report_id, band, value) for band, value in enumerate(bands)])

    @staticmethod
    def _mark_done(conn, input: str, fingerprint: str | None, report_id: int, outcome: str) -> None:
        conn.execute(
            "INSERT INTO inputs_done (input, fingerprint, report_id, outcome, done_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (input) DO UPDATE SET fingerprint = excluded.fingerprint, "
            "report_id = excluded.report_id, outcome = excluded.outcome, done_at = excluded.done_at",
            (input, fingerprint, report_id, outcome, utc_now()))

    def is_done(self, input: str, fingerprint: str | None = None) -> bool:
        """Whether ``input`` was stored (or found already there) by an earlier ingest, with
        the same fingerprint when one is given."""
        row = self._store.conn.execute(
            "SELECT fingerprint FROM inputs_done WHERE input = ?", (input,)).fetchone()
        return row is not None and (fingerprint is None or row[0] == fingerprint)

    def mark_done(self, input: str, fingerprint: str | None, report_id: int | None, outcome: str) -> None:
        """Record an input as done without a record (e.g. a feed whose entries were queued)."""
        with self._store.transaction() as conn:
            self._mark_done(conn, input, fingerprint, report_id, outcome)

    def _insert_item(self, conn, table: str, report_id: int, position: int,
                     columns: dict[str, Any], item_json: str) -> None:
        names = ["report_id", "position", *columns, "item_json"]
        values = [report_id, position, *columns.values(), item_json]
        sql = (f"INSERT INTO {table} ({', '.join(chr(34) + n + chr(34) for n in names)}) "
               f"VALUES ({', '.join('?' for _ in names)}) RETURNING id")
        row_id = conn.execute(sql, values).fetchone()[0]
        if table == "quotes" and self._fts5:
            conn.execute("INSERT INTO quotes_fts (rowid, text, speaker_name) VALUES (?, ?, ?)",
                         (row_id, columns["text"], columns["speaker_name"] or ""))

    # -- reading -----------------------------------------------------------------------

    def _report_filter(self, q: str | None) -> tuple[str, str, list[Any], list[_search.Term]]:
        """(FROM+JOIN, WHERE, params, terms) for a report search; no terms means all."""
        found = _search.terms(q)
        if not found:
            return "reports r", "1 = 1", [], found
        if self._tsvector:
            query, params = _search.ts_query(found)
            return (f"reports r CROSS JOIN (SELECT {query} AS query) s",
                    "r.search @@ s.query", params, found)
        if self._store.fts:
            return ("reports_fts JOIN reports r ON r.id = reports_fts.rowid",
                    "reports_fts MATCH ?", [_search.fts_match(found)], found)
        clauses, params = [], []
        for term in found:
            pattern = _search.like_pattern(term)
            clauses.append("(r.title LIKE ? ESCAPE '\\' OR r.body LIKE ? ESCAPE '\\')")
            params += [pattern, pattern]
        return "reports r", " AND ".join(clauses), params, found

    def reports(self, q: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
        """Summary rows (with item counts), newest first; best match first with ``q``."""
        source, where, params, found = self._report_filter(q)
        if found and self._tsvector:
            # title hits weigh more than body hits (weights A and B of the tsvector)
            order = "ts_rank(r.search, s.query) DESC, r.id DESC"
            extra = f", ts_headline('simple', r.body, s.query, '{_HEADLINE}') AS snippet"
        elif found and self._store.fts:
            # title hits weigh more than body hits
            order = "bm25(reports_fts, 5.0, 1.0), r.id DESC"
            extra = f", snippet(reports_fts, 1, '', '', ' … ', 32) AS snippet"
        else:
            order, extra = _NEWEST_FIRST, ", r.body AS _body"
        rows = self._store.conn.execute(
            f"SELECT {_SUMMARY_COLUMNS}{extra} FROM {source} WHERE {where} "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, max(0, int(limit)), max(0, int(offset))],
        ).fetchall()
        out = []
        for row in rows:
            item = dict(row)
            body = item.pop("_body", None)
            if "snippet" in item:
                item["snippet"] = " ".join(item["snippet"].split()) or None
            else:
                item["snippet"] = _like_snippet(body, found) if found else None
            out.append(item)
        return out

    def count_reports(self, q: str | None = None) -> int:
        source, where, params, _ = self._report_filter(q)
        return self._store.conn.execute(
            f"SELECT COUNT(*) FROM {source} WHERE {where}", params
        ).fetchone()[0]

    def report(self, report_id: int) -> Record | None:
        """The stored record, or None."""
        row = self._store.conn.execute(
            "SELECT record_json FROM reports WHERE id = ?", (report_id,)
        ).fetchone()
        return Record.model_validate_json(row[0]) if row else None

    def report_summary(self, report_id: int) -> dict | None:
        """The summary row of one report (as in :meth:`reports`), plus its known copies."""
        row = self._store.conn.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM reports r WHERE r.id = ?", (report_id,)
        ).fetchone()
        if row is None:
            return None
        summary = dict(row)
        summary["story"] = _stories.stories(self._store.conn).get(report_id)
        summary["copies"] = [dict(c) for c in self._store.conn.execute(
            "SELECT input, url, title, publisher, published, seen_at FROM report_copies "
            "WHERE report_id = ? ORDER BY id", (report_id,))]
        return summary

    def find(self, input: str) -> dict | None:
        """{id, duplicate_of} of the report stored for ``input`` (or that it is an exact copy of)."""
        row = self._store.conn.execute(
            "SELECT id, duplicate_of FROM reports WHERE input = ? UNION ALL "
            "SELECT r.id, r.duplicate_of FROM report_copies c JOIN reports r ON r.id = c.report_id "
            "WHERE c.input = ? LIMIT 1", (input, input)).fetchone()
        return {"id": row[0], "duplicate_of": row[1]} if row else None

    def _quote_filter(self, q: str | None, speaker: str | None) -> tuple[str, str, list[Any], bool]:
        found = _search.terms(q)
        source, clauses, params = f"quotes q {_QUOTE_JOINS}", [], []
        if found and self._tsvector:
            query, params = _search.ts_query(found)
            source = f"quotes q {_QUOTE_JOINS} CROSS JOIN (SELECT {query} AS query) s"
            clauses.append("q.search @@ s.query")
        elif found and self._store.fts:
            source = f"quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid {_QUOTE_JOINS}"
            clauses.append("quotes_fts MATCH ?")
            params.append(_search.fts_match(found))
        else:
            for term in found:
                pattern = _search.like_pattern(term)
                clauses.append("(q.text LIKE ? ESCAPE '\\' OR q.speaker_name LIKE ? ESCAPE '\\')")
                params += [pattern, pattern]
        if speaker and speaker.strip():
            clauses.append("q.speaker_name LIKE ? ESCAPE '\\'")
            params.append(_search.like_pattern(_search.Term(" ".join(speaker.split()))))
        ranked = bool(found) and self._store.fts
        return source, " AND ".join(clauses) or "1 = 1", params, ranked

    def search_quotes(self, q: str | None = None, speaker: str | None = None,
                      limit: int = 50, offset: int = 0) -> list[dict]:
        """Quotes matching ``q`` (full text over quote and speaker) and whose speaker's
        name contains ``speaker``; each row carries its report's title, publisher, date."""
        source, where, params, ranked = self._quote_filter(q, speaker)
        if ranked:
            order = "ts_rank(q.search, s.query) DESC, q.id" if self._tsvector else "bm25(quotes_fts), q.id"
        else:
            order = f"{_NEWEST_FIRST}, q.position"
        rows = self._store.conn.execute(
            f"SELECT {_QUOTE_COLUMNS} FROM {source} WHERE {where} "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, max(0, int(limit)), max(0, int(offset))],
        ).fetchall()
        return [dict(row) for row in rows]

    def count_quotes(self, q: str | None = None, speaker: str | None = None) -> int:
        source, where, params, _ = self._quote_filter(q, speaker)
        return self._store.conn.execute(
            f"SELECT COUNT(*) FROM {source} WHERE {where}", params
        ).fetchone()[0]

    def export(self, what: str) -> Iterator[dict]:
        """Flat dicts, one per report or item (``what`` in :data:`EXPORTS`).

        Reports carry ``duplicate_of`` (a remembered copy names the report it copies) and
        ``story`` (shared by the reports of one story, see :meth:`stories`);
        items carry their report as ``report_id``, ``report_input``, ``report_url``,
        ``report_publisher``, ``report_published``, ``report_title`` and ``position``
        (index in the record's list), then the item's own fields flattened
        (``actor_name``, ``evidence_start``...).
        """
        if what == "reports":
            return self._export_reports()
        if what not in ITEM_TABLES:
            raise ValueError(f"cannot export {what!r}: choose one of {', '.join(EXPORTS)}")
        return self._export_items(what)

    @staticmethod
    def columns(what: str) -> list[str]:
        """The keys of every row :meth:`export` gives for ``what``, in order (a CSV header,
        even for an empty export)."""
        if what == "reports":
            return list(_REPORT_COLUMNS)
        if what not in ITEM_TABLES:
            raise ValueError(f"cannot export {what!r}: choose one of {', '.join(EXPORTS)}")
        return [*_ITEM_REPORT_COLUMNS, *flat_keys(ITEM_MODELS[what])]

    def _export_reports(self) -> Iterator[dict]:
        conn = self._store.conn
        story_of = _stories.stories(conn)
        input_of = dict(conn.execute("SELECT id, input FROM reports"))
        for row in conn.execute(f"SELECT {_SUMMARY_COLUMNS}, r.record_json, r.duplicate_of AS near "
                                f"FROM reports r ORDER BY r.id"):
            item = dict(row)
            article = json.loads(item.pop("record_json"))["article"]
            near = item.pop("near")
            copies = conn.execute(
                "SELECT input, url, title, publisher, published FROM report_copies "
                "WHERE report_id = ? ORDER BY id", (item["id"],)).fetchall()
            story = story_of.get(item["id"])
            yield _report_row(item, article, duplicate_of=input_of.get(near) if near else None, story=story)
            for copy in copies:
                yield _report_row({**item, **dict(copy)}, article, duplicate_of=item["input"], story=story)

    def merged_events(self) -> Iterator[dict]:
        """Events merged across the reports of one story, each with ``story`` and
        ``sources`` (one per report that tells of it): the contract's ledger event.
        Not flat (``sources`` is a list). Rules in :mod:`newsledger.ledger._events`."""
        return iter(_events.merged_events(self._store.conn))

    def stories(self) -> dict[int, int]:
        """report id -> story id (the smallest report id of the story)."""
        return _stories.stories(self._store.conn)

    def _export_items(self, table: str) -> Iterator[dict]:
        model = ITEM_MODELS[table]
        rows = self._store.conn.execute(
            f"SELECT x.report_id, r.input, r.url, r.publisher, r.published, r.title, "
            f"x.position, x.item_json FROM {table} x JOIN reports r ON r.id = x.report_id "
            f"ORDER BY x.report_id, x.position"
        )
        for row in rows:
            out = {"report_id": row[0], "report_input": row[1], "report_url": row[2],
                   "report_publisher": row[3], "report_published": row[4], "report_title": row[5],
                   "position": row[6]}
            yield flat_row(model, json.loads(row[7]), out)

    def stats(self) -> dict:
        """Row counts per table (``copies``: same content seen under another input)."""
        conn = self._store.conn
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("reports", *ITEM_TABLES)}
        counts["copies"] = conn.execute("SELECT COUNT(*) FROM report_copies").fetchone()[0]
        return counts

    # -- across reports: events, stories, claims, places --------------------------------

    def _merged(self) -> list[dict]:
        """Merged events, computed once per state of the ledger (cached by its row counts)."""
        conn = self._store.conn
        state = conn.execute("SELECT (SELECT COUNT(*) FROM reports), (SELECT MAX(id) FROM reports), "
                             "(SELECT COUNT(*) FROM events), (SELECT MAX(id) FROM events)").fetchone()
        cache_key = (self.path, tuple(state))
        cached = _MERGED_CACHE.get(self.path)
        if cached is None or cached[0] != cache_key:
            cached = (cache_key, _events.merged_events(conn))
            _MERGED_CACHE[self.path] = cached
        return cached[1]

    def events(self, *, type: str | None = None, actor: str | None = None, place: str | None = None,
               since: str | None = None, until: str | None = None, story: int | None = None,
               q: str | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
        """(total, page) of merged events, earliest first. ``actor`` and ``place`` match a
        substring of any source's actor / target / place name; ``since`` / ``until`` bound the
        date (ISO, inclusive; undated events are left out when either is given); ``q`` is
        words that must all appear in some source's evidence."""
        found = [e for e in self._merged() if _event_matches(e, type, actor, place, since, until, story, q)]
        return len(found), found[max(0, offset):max(0, offset) + max(0, limit)]

    def event(self, event_id: int) -> dict | None:
        return next((e for e in self._merged() if e["id"] == event_id), None)

    def story_list(self) -> list[dict]:
        """One row per story of more than one report (newest first): its reports, outlets,
        first and last dates, headline (the earliest report's title) and event count."""
        conn = self._store.conn
        story_of = _stories.stories(conn)
        rows = {r["id"]: dict(r) for r in conn.execute(
            "SELECT id, input, title, publisher, published, duplicate_of FROM reports")}
        members: dict[int, list[dict]] = {}
        for report_id, story in story_of.items():
            members.setdefault(story, []).append(rows[report_id])
        copies = dict(conn.execute("SELECT report_id, COUNT(*) FROM report_copies GROUP BY report_id"))
        events_in: dict[int, int] = {}
        for e in self._merged():
            events_in[e["story"]] = events_in.get(e["story"], 0) + 1
        out = []
        for story, reports in members.items():
            reports.sort(key=lambda r: (r["published"] or "9999", r["id"]))
            dates = [r["published"][:10] for r in reports if r["published"]]
            out.append({
                "id": story, "title": reports[0]["title"] or reports[0]["input"],
                "reports": len(reports) + sum(copies.get(r["id"], 0) for r in reports),
                "copies": sum(1 for r in reports if r["duplicate_of"]) + sum(copies.get(r["id"], 0) for r in reports),
                "publishers": sorted({r["publisher"] for r in reports if r["publisher"]}),
                "first": min(dates) if dates else None, "last": max(dates) if dates else None,
                "events": events_in.get(story, 0),
            })
        out.sort(key=lambda s: (s["last"] or "", s["id"]), reverse=True)
        return out

    def story(self, story_id: int) -> dict | None:
        """A story: its reports (with near and exact copies marked), its events, its claims keys."""
        conn = self._store.conn
        story_of = _stories.stories(conn)
        ids = sorted((i for i, s in story_of.items() if s == story_id))
        if not ids:
            return None
        marks = ",".join("?" for _ in ids)
        input_of = dict(conn.execute("SELECT id, input FROM reports"))
        reports = []
        for row in conn.execute(
                f"SELECT {_SUMMARY_COLUMNS}, r.duplicate_score FROM reports r WHERE r.id IN ({marks}) "
                f"ORDER BY r.published IS NULL, r.published, r.id", ids):
            item = dict(row)
            item["duplicate_of_input"] = input_of.get(item["duplicate_of"]) if item["duplicate_of"] else None
            item["copies"] = [dict(c) for c in conn.execute(
                "SELECT input, url, title, publisher, published FROM report_copies WHERE report_id = ? "
                "ORDER BY id", (item["id"],))]
            reports.append(item)
        keys = [dict(r) for r in conn.execute(
            f"SELECT key, COUNT(*) AS figures, COUNT(DISTINCT report_id) AS reports FROM figures "
            f"WHERE report_id IN ({marks}) AND key IS NOT NULL GROUP BY key "
            f"HAVING COUNT(DISTINCT report_id) > 1 ORDER BY reports DESC, key", ids)]
        events = [e for e in self._merged() if e["story"] == story_id]
        return {"id": story_id, "title": reports[0]["title"] or reports[0]["input"],
                "reports": reports, "events": events, "claim_keys": keys}

    def claim_keys(self, min_reports: int = 1) -> list[dict]:
        """Figure keys with counts and date range, most reported first (see :mod:`._claims`)."""
        return _claims.claim_keys(self._store.conn, min_reports)

    def claims(self, key: str, story: int | None = None) -> list[dict]:
        """The figures with one key, oldest first: value, who said it, when, in which report."""
        return _claims.claims(self._store.conn, key, story)

    def figures(self, key: str | None = None, q: str | None = None,
                limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
        """(total, page) of figures (flat rows as in the export), by ``key`` (exact, or a
        prefix ending in ``:`` / ``*``) and words ``q`` in the figure's text or what it counts."""
        clauses, params = [], []
        if key:
            if key.endswith(("*", ":")):
                clauses.append("x.key LIKE ? ESCAPE '\\'")
                params.append(_search.like_pattern(_search.Term(key.rstrip("*")))[1:])
            else:
                clauses.append("x.key = ?")
                params.append(key)
        for term in _search.terms(q):
            clauses.append("(x.text LIKE ? ESCAPE '\\' OR x.what LIKE ? ESCAPE '\\')")
            params += [_search.like_pattern(term)] * 2
        where = " AND ".join(clauses) or "1 = 1"
        conn = self._store.conn
        total = conn.execute(f"SELECT COUNT(*) FROM figures x WHERE {where}", params).fetchone()[0]
        rows = conn.execute(
            f"SELECT x.report_id, r.input, r.url, r.publisher, r.published, r.title, x.position, "
            f"x.item_json FROM figures x JOIN reports r ON r.id = x.report_id WHERE {where} "
            f"ORDER BY r.published IS NULL, r.published, x.report_id, x.position LIMIT ? OFFSET ?",
            [*params, max(0, int(limit)), max(0, int(offset))])
        out = []
        for row in rows:
            item = {"report_id": row[0], "report_input": row[1], "report_url": row[2],
                    "report_publisher": row[3], "report_published": row[4], "report_title": row[5],
                    "position": row[6]}
            out.append(flat_row(ITEM_MODELS["figures"], json.loads(row[7]), item))
        return total, out

    def acled(self) -> Iterator[dict]:
        """ACLED-style rows (columns :data:`ACLED_COLUMNS`), one per codable ledger event."""
        features = {(r[0], r[1].lower()): r[2] for r in self._store.conn.execute(
            "SELECT report_id, name, feature FROM places")}
        return _exports.acled_rows(self._merged(), features)

    def geojson(self, what: str) -> dict:
        """A GeoJSON FeatureCollection of merged ``events`` or of ``places``."""
        if what == "events":
            return _exports.geojson_events(self._merged())
        if what == "places":
            return _exports.geojson_places(self.map_points()["places"])
        raise ValueError(f"GeoJSON of {what!r}: choose events or places")

    def map_points(self) -> dict[str, list[dict]]:
        """What the map shows: merged events with coordinates, and places with how many
        reports mention them."""
        events = []
        for e in self._merged():
            place = e.get("place") or {}
            if place.get("lat") is None or place.get("lon") is None:
                continue
            events.append({"id": e["id"], "type": e["type"], "date": e["date"], "place": place["name"],
                           "lat": place["lat"], "lon": place["lon"], "sources": len(e["sources"]),
                           "story": e["story"], "fatalities": e["fatalities"],
                           "text": e["evidence"]["text"]})
        places = [dict(r) for r in self._store.conn.execute(
            "SELECT MIN(name) AS name, AVG(lat) AS lat, AVG(lon) AS lon, MIN(country) AS country, "
            "COUNT(DISTINCT report_id) AS reports, "
            "SUM(mention_count) AS mentions FROM places WHERE lat IS NOT NULL AND lon IS NOT NULL "
            "GROUP BY COALESCE(CAST(geonameid AS TEXT), lower(name)) ORDER BY reports DESC, name")]
        return {"events": events, "places": places}


_MERGED_CACHE: dict[str, tuple[tuple, list[dict]]] = {}


def _event_matches(e: dict, type: str | None, actor: str | None, place: str | None, since: str | None,
                   until: str | None, story: int | None, q: str | None) -> bool:
    if type and e["type"] != type.upper():
        return False
    if story is not None and e["story"] != story:
        return False
    if since or until:
        if not e["date"] or (since and e["date"] < since) or (until and e["date"][:len(until)] > until):
            return False
    sources = e["sources"]
    if actor:
        needle = actor.lower()
        names = [((e.get("actor") or {}).get("name") or ""), ((e.get("target") or {}).get("name") or "")]
        if not any(needle in n.lower() for n in names):
            return False
    if place:
        needle = place.lower()
        names = [(s.get("place") or {}).get("name") or "" for s in sources] + [(e.get("place") or {}).get("name") or ""]
        if not any(needle in n.lower() for n in names):
            return False
    if q:
        words = [t.text.lower() for t in _search.terms(q)]
        texts = [s["evidence"]["text"].lower() for s in sources]
        if not all(any(w in t for t in texts) for w in words):
            return False
    return True


def _published_before(a: str | None, b: str | None) -> bool:
    """Whether publication date ``a`` is a day before ``b`` (unknown dates are never before)."""
    return bool(a and b and a[:10] < b[:10])


def _report_row(summary: dict, article: dict, duplicate_of: str | None, story: int | None) -> dict:
    byline = "; ".join(
        b["name"] + (f" ({b['location']})" if b.get("location") else "") for b in article.get("byline", [])
    )
    return {
        "id": summary["id"], "input": summary["input"], "url": summary["url"],
        "title": summary["title"], "publisher": summary["publisher"],
        "published": summary["published"], "language": article.get("language"),
        "copyright": article.get("copyright"), "byline": byline or None,
        "content_hash": summary["content_hash"], "ingested_at": summary["ingested_at"],
        "duplicate_of": duplicate_of, "story": story,
        **{t: summary[t] for t in ITEM_TABLES},
    }


def _like_snippet(body: str | None, found: list[_search.Term]) -> str | None:
    """Without FTS: the text around the first hit of any term."""
    if not body:
        return None
    lowered = body.lower()
    hits = [i for i in (lowered.find(t.text.lower()) for t in found) if i >= 0]
    if not hits:
        return None
    start = max(0, min(hits) - SNIPPET_CHARS // 3)
    end = min(len(body), start + SNIPPET_CHARS)
    text = " ".join(body[start:end].split())
    return ("… " if start else "") + text + (" …" if end < len(body) else "")


ACLED_COLUMNS = _exports.ACLED_COLUMNS
__all__ = ["Ledger", "LedgerError", "EXPORTS", "ACLED_COLUMNS"]
