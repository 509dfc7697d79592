"""Querying the ledger: report and quote searches, one report, flat exports, counts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from newsledger.ledger import _actors, _search, _stories
from newsledger.ledger._rows import ITEM_MODELS, flat_keys, flat_row
from newsledger.ledger._schema import ITEM_TABLES
from newsledger.record import Record

EXPORTS: tuple[str, ...] = ("reports", "events", "quotes", "figures", "places", "entities", "actors")

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


class Querying:
    """The querying part of :class:`newsledger.ledger.Ledger` (``self._store``, ``self._tsvector``)."""

    def _report_filter(self, q: str | None) -> tuple[str, str, list[Any], list[_search.Term]]:
        """(FROM+JOIN, WHERE, params, terms) for a report search; no terms means all.
        Raises :class:`~newsledger.ledger.SearchSyntaxError` for a query that cannot be read."""
        tree = _search.parse(q)
        if tree is None:
            return "reports r", "1 = 1", [], []
        found = _search.positive_terms(tree)
        if self._tsvector:
            query, params = _search.ts_query(tree)
            return (f"reports r CROSS JOIN (SELECT {query} AS query) s",
                    "r.search @@ s.query", params, found)
        if self._store.fts:
            return ("reports_fts JOIN reports r ON r.id = reports_fts.rowid",
                    "reports_fts MATCH ?", [_search.fts_match(tree)], found)
        where, params = _search.like_where(tree, ("r.title", "r.body"))
        return "reports r", where, params, found

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
        tree = _search.parse(q)
        source, clauses, params = f"quotes q {_QUOTE_JOINS}", [], []
        if tree is not None and self._tsvector:
            query, params = _search.ts_query(tree)
            source = f"quotes q {_QUOTE_JOINS} CROSS JOIN (SELECT {query} AS query) s"
            clauses.append("q.search @@ s.query")
        elif tree is not None and self._store.fts:
            source = f"quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid {_QUOTE_JOINS}"
            clauses.append("quotes_fts MATCH ?")
            params.append(_search.fts_match(tree))
        elif tree is not None:
            where, params = _search.like_where(tree, ("q.text", "q.speaker_name"))
            clauses.append(where)
        if speaker and speaker.strip():
            clauses.append("q.speaker_name LIKE ? ESCAPE '\\'")
            params.append(_search.like_pattern(_search.Term(" ".join(speaker.split()))))
        ranked = tree is not None and self._store.fts
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
        if what == "actors":
            return iter(_actors.actor_rows(self._store.conn))
        if what not in ITEM_TABLES:
            raise ValueError(f"cannot export {what!r}: choose one of {', '.join(EXPORTS)}")
        return self._export_items(what)

    @staticmethod
    def columns(what: str) -> list[str]:
        """The keys of every row :meth:`export` gives for ``what``, in order (a CSV header,
        even for an empty export)."""
        if what == "reports":
            return list(_REPORT_COLUMNS)
        if what == "actors":
            return list(_actors.ACTOR_COLUMNS)
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
