"""Views across reports: events merged across the reports of a story, stories, claims over
time, the map and the ACLED and GeoJSON exports built on them."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping

from newsledger.ledger import _actors, _claims, _events, _exports, _stories, _workbench
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
                events = _actors.with_actor_fields(_actors.with_actor_ids(conn, _events.merged_events(conn)),
                                                   _actors.registry(conn))
                cached = (self._state(), [_workbench.annotate(e) for e in events])
            _MERGED_CACHE[self.path] = cached
        finally:
            _MERGED_LOCK.release()
        return cached[1]

    def _state(self) -> tuple:
        state = self._store.conn.execute(
            "SELECT (SELECT COUNT(*) FROM reports), (SELECT MAX(id) FROM reports), "
            "(SELECT COUNT(*) FROM events), (SELECT MAX(id) FROM events)").fetchone()
        return (self.path, tuple(state))

    def events_export(self, what: str = "events", *, actor_id: int | None = None, actor_kind: str | None = None,
                      actor_country: str | None = None) -> Iterator[dict]:
        """The flat rows of ``export("events")``, only those whose actor or target is that
        actor, of that kind or of that country."""
        rows = self.export(what)
        if actor_id is None and not actor_kind and not actor_country:
            return rows
        keep = _actors.telling_positions(self._store.conn, actor_id, actor_kind, actor_country)
        return (r for r in rows if (r["report_id"], r["position"]) in keep)

    def merged_events(self, **filters: object) -> Iterator[dict]:
        """Events merged across the reports of one story, each with ``story`` and
        ``sources`` (one per report that tells of it): the contract's ledger event.
        Not flat (``sources`` is a list). Rules in :mod:`newsledger.ledger._events`. Each
        carries ``actor_id`` and ``target_id``, the actor registry's ids (see :meth:`actors`),
        and the ids, kinds and countries of all its actors and targets (``actor_ids``,
        ``actor_kinds``, ``actor_countries``). ``filters``: those of :meth:`events`."""
        _check_filters(filters)
        with self._store.snapshot() as conn:
            events = _actors.with_actor_fields(_actors.with_actor_ids(conn, _events.merged_events(conn)),
                                               _actors.registry(conn))
        return iter(_workbench.select(events, _workbench.clean(filters)))

    def stories(self) -> dict[int, int]:
        """report id -> story id (the smallest report id of the story)."""
        return _stories.stories(self._store.conn)

    def events(self, *, limit: int = 50, offset: int = 0, **filters: object) -> tuple[int, list[dict]]:
        """(total, page) of merged events, earliest first, that match every filter of
        :data:`newsledger.ledger._workbench.FILTERS` given (``type``, ``acled``, ``actor``,
        ``actor_id``, ``actor_kind``, ``actor_country``, ``country``, ``place``, ``outlet``,
        ``status``, ``since``, ``until``, ``q``, ``story``; None or empty: no filter). ``actor``
        matches a substring of the actor's or the target's name (as written or canonical),
        ``place`` of the event's or a source's place name; ``actor_id``, ``actor_kind`` and
        ``actor_country`` (ISO3) keep the events whose actor or target (or a source's) is that
        registry actor, of that kind, of that country; ``since`` / ``until`` bound the date (ISO, inclusive;
        undated events are left out when either is given); ``q`` is words that must all appear
        in some source's evidence."""
        found = self.filtered_events(filters)
        return len(found), found[max(0, offset):max(0, offset) + max(0, limit)]

    def filtered_events(self, filters: Mapping[str, object], *, skip: Iterable[str] = ()) -> list[dict]:
        """Every merged event matching ``filters`` (see :meth:`events`), earliest first."""
        _check_filters(filters)
        return _workbench.select(self._merged(), _workbench.clean(filters), skip=skip)

    def event_facets(self) -> dict[str, list[dict]]:
        """The values each event filter's select offers, with event counts."""
        merged = self._merged()
        cached = _FACETS_CACHE.get(self.path)
        if cached is None or cached[0] is not merged:  # once per state of the ledger
            cached = (merged, _workbench.facets(merged))
            _FACETS_CACHE[self.path] = cached
        return cached[1]

    def event_timeline(self, filters: Mapping[str, object]) -> dict:
        """Events per day/week/month and type for the filter, its date range left out (the
        chart shows what lies around the range brushed)."""
        return _workbench.timeline(self.filtered_events(filters, skip=_workbench.DATE_FILTERS))

    def event_map(self, filters: Mapping[str, object], zoom: int | None = None,
                  bbox: tuple[float, float, float, float] | None = None) -> dict:
        """The filtered events in view: points, or grid bins at ``zoom`` (see :mod:`._workbench`)."""
        return _workbench.map_layer(self.filtered_events(filters), zoom, bbox)

    def event_rows(self, filters: Mapping[str, object]) -> Iterator[dict]:
        """Flat rows (columns ``EVENT_COLUMNS``) of the filtered merged events."""
        return iter(_workbench.event_rows(self.filtered_events(filters)))

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

    def acled(self, filters: Mapping[str, object] | None = None) -> Iterator[dict]:
        """ACLED-style rows (columns :data:`ACLED_COLUMNS`), one per codable ledger event
        (among those matching ``filters``, see :meth:`events`)."""
        features = {(r[0], r[1].lower()): r[2] for r in self._store.conn.execute(
            "SELECT report_id, name, feature FROM places")}
        return _exports.acled_rows(self.filtered_events(filters or {}), features,
                                   _actors.registry(self._store.conn))

    def geojson(self, what: str, filters: Mapping[str, object] | None = None) -> dict:
        """A GeoJSON FeatureCollection of merged ``events`` (those matching ``filters``) or of
        ``places``."""
        if what == "events":
            return _exports.geojson_events(self.filtered_events(filters or {}))
        if what == "places":
            return _exports.geojson_places(self.map_points()["places"])
        raise ValueError(f"GeoJSON of {what!r}: choose events or places")

    def map_points(self, filters: Mapping[str, object] | None = None) -> dict[str, list[dict]]:
        """What the map shows: merged events with coordinates (those matching ``filters``, see
        :meth:`events`), and places with how many reports mention them."""
        events = []
        for e in self.filtered_events(filters or {}):
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
_FACETS_CACHE: dict[str, tuple[list[dict], dict]] = {}


def _check_filters(filters: Mapping[str, object]) -> None:
    unknown = set(filters) - set(_workbench.FILTERS)
    if unknown:
        raise ValueError(f"unknown event filter(s): {', '.join(sorted(unknown))}")
