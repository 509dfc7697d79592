"""Views across reports: events merged across the reports of a story, stories, claims over
time, the map and the ACLED and GeoJSON exports built on them."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from newsledger.ledger import _actors, _claims, _events, _exports, _search, _stories
from newsledger.ledger._querying import _SUMMARY_COLUMNS


class Views:
    """The across-report part of :class:`newsledger.ledger.Ledger` (``self._store``, ``self.path``)."""

    def _merged(self) -> list[dict]:
        """Merged events, computed once per state of the ledger (cached by its row counts).

        One computation at a time (it embeds every evidence sentence: seconds on a busy
        ledger): while one runs, other requests take the events of the state computed last
        (seconds old) instead of each computing the same thing at once; with nothing computed
        yet, they wait for it. (20 readers during an ingest waited up to 40 s otherwise.)"""
        before = _MERGED_CACHE.get(self.path)
        if before is not None and before[0] == self._state():
            return before[1]
        if not _MERGED_LOCK.acquire(blocking=before is None):
            return before[1]  # being computed for a newer state by another request
        try:
            cached = _MERGED_CACHE.get(self.path)
            if cached is not before:
                return cached[1]  # computed by another request while this one waited
            # One state of the ledger for the key and for every query of the computation
            # (an ingest writing meanwhile gave events of reports the stories had not seen).
            with self._store.snapshot() as conn:
                cached = (self._state(), _actors.with_actor_ids(conn, _events.merged_events(conn)))
            _MERGED_CACHE[self.path] = cached
        finally:
            _MERGED_LOCK.release()
        return cached[1]

    def _state(self) -> tuple:
        state = self._store.conn.execute(
            "SELECT (SELECT COUNT(*) FROM reports), (SELECT MAX(id) FROM reports), "
            "(SELECT COUNT(*) FROM events), (SELECT MAX(id) FROM events)").fetchone()
        return (self.path, tuple(state))

    def _of_actors(self, events: list[dict], actor_id: int | None, kind: str | None,
                   country: str | None) -> list[dict]:
        if actor_id is None and not kind and not country:
            return events
        known = _actors.registry(self._store.conn)
        return [e for e in events if _actor_matches(e, actor_id, kind, country, known)]

    def events_export(self, what: str = "events", *, actor_id: int | None = None, actor_kind: str | None = None,
                      actor_country: str | None = None) -> Iterator[dict]:
        """The flat rows of ``export("events")``, only those whose actor or target is that
        actor, of that kind or of that country."""
        rows = self.export(what)
        if actor_id is None and not actor_kind and not actor_country:
            return rows
        keep = _actors.telling_positions(self._store.conn, actor_id, actor_kind, actor_country)
        return (r for r in rows if (r["report_id"], r["position"]) in keep)

    def merged_events(self, *, actor_id: int | None = None, actor_kind: str | None = None,
                      actor_country: str | None = None) -> Iterator[dict]:
        """Events merged across the reports of one story, each with ``story`` and
        ``sources`` (one per report that tells of it): the contract's ledger event.
        Not flat (``sources`` is a list). Rules in :mod:`newsledger.ledger._events`. Each
        carries ``actor_id`` and ``target_id``, the actor registry's ids (see :meth:`actors`)."""
        with self._store.snapshot() as conn:
            events = _actors.with_actor_ids(conn, _events.merged_events(conn))
        return iter(self._of_actors(events, actor_id, actor_kind, actor_country))

    def stories(self) -> dict[int, int]:
        """report id -> story id (the smallest report id of the story)."""
        return _stories.stories(self._store.conn)

    def events(self, *, type: str | None = None, actor: str | None = None, place: str | None = None,
               since: str | None = None, until: str | None = None, story: int | None = None,
               q: str | None = None, limit: int = 50, offset: int = 0, actor_id: int | None = None,
               actor_kind: str | None = None, actor_country: str | None = None) -> tuple[int, list[dict]]:
        """(total, page) of merged events, earliest first. ``actor`` and ``place`` match a
        substring of any source's actor / target / place name (the actor's canonical name too);
        ``since`` / ``until`` bound the date (ISO, inclusive; undated events are left out when
        either is given); ``q`` is words that must all appear in some source's evidence.
        ``actor_id``, ``actor_kind`` and ``actor_country`` (ISO3) keep the events whose actor or
        target is that registry actor, or of that kind, or of that country."""
        events = self._merged()
        if actor_id is not None or actor_kind or actor_country:
            known = _actors.registry(self._store.conn)
            events = [e for e in events if _actor_matches(e, actor_id, actor_kind, actor_country, known)]
        found = [e for e in events if _event_matches(e, type, actor, place, since, until, story, q)]
        return len(found), found[max(0, offset):max(0, offset) + max(0, limit)]

    def actors(self, *, kind: str | None = None, country: str | None = None, q: str | None = None,
               limit: int = 100, offset: int = 0) -> tuple[int, list[dict]]:
        """(total, page) of the actor registry, most reported first: id, name, country, kind,
        key and counts (mentions, reports, events, quotes). See :mod:`newsledger.ledger._actors`."""
        return _actors.actor_list(self._store.conn, kind=kind, country=country, q=q, limit=limit, offset=offset)

    def actor(self, actor_id: int) -> dict | None:
        """One actor: its fields, aliases, reports and quotes, and its ledger events (earliest first)."""
        found = _actors.actor_detail(self._store.conn, actor_id)
        if found is not None:
            found["events"] = [e for e in self._merged() if actor_id in (e.get("actor_id"), e.get("target_id"))
                               or any(actor_id in (s.get("actor_id"), s.get("target_id")) for s in e["sources"])]
        return found

    def actor_mentions(self) -> list[dict]:
        """Every registered mention: actor id, report id and input, role, position, words."""
        return [dict(r) for r in self._store.conn.execute(
            "SELECT m.actor_id, m.report_id, r.input, m.role, m.position, m.name FROM actor_mentions m "
            "JOIN reports r ON r.id = m.report_id ORDER BY m.report_id, m.role, m.position")]

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

    def acled(self, *, actor_id: int | None = None, actor_kind: str | None = None,
              actor_country: str | None = None) -> Iterator[dict]:
        """ACLED-style rows (columns :data:`ACLED_COLUMNS`), one per codable ledger event (of
        one actor, kind or country when given)."""
        features = {(r[0], r[1].lower()): r[2] for r in self._store.conn.execute(
            "SELECT report_id, name, feature FROM places")}
        return _exports.acled_rows(self._of_actors(self._merged(), actor_id, actor_kind, actor_country), features,
                                   _actors.registry(self._store.conn))

    def geojson(self, what: str, *, actor_id: int | None = None, actor_kind: str | None = None,
                actor_country: str | None = None) -> dict:
        """A GeoJSON FeatureCollection of merged ``events`` (of one actor, kind or country when
        given) or of ``places``."""
        if what == "events":
            return _exports.geojson_events(self._of_actors(self._merged(), actor_id, actor_kind, actor_country))
        if what == "places":
            return _exports.geojson_places(self.map_points()["places"])
        raise ValueError(f"GeoJSON of {what!r}: choose events or places")

    def map_points(self, *, actor_id: int | None = None, actor_kind: str | None = None,
                   actor_country: str | None = None) -> dict[str, list[dict]]:
        """What the map shows: merged events with coordinates (those of one actor, kind or
        country when given, as :meth:`events` filters them), and places with how many reports
        mention them."""
        merged = self._merged()
        if actor_id is not None or actor_kind or actor_country:
            known = _actors.registry(self._store.conn)
            merged = [e for e in merged if _actor_matches(e, actor_id, actor_kind, actor_country, known)]
        events = []
        for e in merged:
            place = e.get("place") or {}
            if place.get("lat") is None or place.get("lon") is None:
                continue
            events.append({"id": e["id"], "type": e["type"], "date": e["date"], "place": place["name"],
                           "lat": place["lat"], "lon": place["lon"], "sources": len(e["sources"]),
                           "story": e["story"], "fatalities": e["fatalities"],
                           "text": e["evidence"]["text"], "actor_id": e.get("actor_id"),
                           "target_id": e.get("target_id")})
        places = [dict(r) for r in self._store.conn.execute(
            "SELECT MIN(name) AS name, AVG(lat) AS lat, AVG(lon) AS lon, MIN(country) AS country, "
            "COUNT(DISTINCT report_id) AS reports, "
            "SUM(mention_count) AS mentions FROM places WHERE lat IS NOT NULL AND lon IS NOT NULL "
            "GROUP BY COALESCE(CAST(geonameid AS TEXT), lower(name)) ORDER BY reports DESC, name")]
        return {"events": events, "places": places}


_MERGED_CACHE: dict[str, tuple[tuple, list[dict]]] = {}
_MERGED_LOCK = threading.Lock()


def _actor_matches(e: dict, actor_id: int | None, kind: str | None, country: str | None,
                   registry: dict[int, dict]) -> bool:
    ids = {e.get("actor_id"), e.get("target_id")} | {s.get(k) for s in e["sources"] for k in ("actor_id", "target_id")}
    ids.discard(None)
    if actor_id is not None and actor_id not in ids:
        return False
    found = [registry[i] for i in ids if i in registry]
    if kind and not any(a["kind"] == kind for a in found):
        return False
    if country and not any((a["country"] or "").upper() == country.upper() for a in found):
        return False
    return True


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
        names = [((e.get(side) or {}).get(field) or "") for side in ("actor", "target") for field in ("name", "canonical")]
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
