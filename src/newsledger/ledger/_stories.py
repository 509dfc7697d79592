"""Which reports tell one story, and which of their events are the same event.

Cheap, conservative rules (a missed link is better than a false one):

- Two reports are in one story when they were published at most ``STORY_DAYS`` apart
  and name at least ``SHARED_NAMES`` of the same people, organisations, facilities or
  named events (case-insensitive). Without a date on either side, ``SHARED_NAMES_UNDATED``
  shared names are needed. Stories are the connected groups; a story's id is the smallest
  report id in it. Names found in more than ``COMMON_NAME_REPORTS`` reports are too common
  to link anything and are skipped.
- Two events are one ledger event when their reports are in one story and they have the
  same type, the same date (known) and the same place (geonameid, else name, else none).
  Events without a date are never merged.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from itertools import combinations
from typing import Any

STORY_DAYS = 3
SHARED_NAMES = 2
SHARED_NAMES_UNDATED = 3
COMMON_NAME_REPORTS = 200
NAME_TYPES = ("PERSON", "ORG", "FAC", "EVENT")


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def stories(conn: sqlite3.Connection) -> dict[int, int]:
    """report id -> story id, for every report."""
    days = {row[0]: _day(row[1]) for row in conn.execute("SELECT id, published FROM reports")}
    reports_of: dict[str, set[int]] = defaultdict(set)
    marks = ",".join("?" for _ in NAME_TYPES)
    for report_id, name in conn.execute(
        f"SELECT report_id, name FROM entities WHERE type IN ({marks})", NAME_TYPES
    ):
        reports_of[" ".join(name.lower().split())].add(report_id)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in reports_of.values():
        if 1 < len(ids) <= COMMON_NAME_REPORTS:
            for pair in combinations(sorted(ids), 2):
                shared[pair] += 1
    parent = {report_id: report_id for report_id in days}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), count in shared.items():
        da, db = days[a], days[b]
        if da and db:
            linked = abs((da - db).days) <= STORY_DAYS and count >= SHARED_NAMES
        else:
            linked = count >= SHARED_NAMES_UNDATED
        if linked:
            ra, rb = root(a), root(b)
            parent[max(ra, rb)] = min(ra, rb)  # the smallest id stays the root
    return {report_id: root(report_id) for report_id in days}


def merged_events(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Ledger events: the record's event fields (from the earliest report that tells it)
    plus ``story`` and ``sources`` [{report_id, input, url, publisher, published, evidence,
    fatalities}], one per telling. ``fatalities`` is kept only when all sources agree."""
    story_of = stories(conn)
    groups: dict[tuple, list[tuple[dict, dict]]] = {}
    rows = conn.execute(
        "SELECT e.report_id, e.item_json, r.input, r.url, r.publisher, r.published "
        "FROM events e JOIN reports r ON r.id = e.report_id "
        "ORDER BY r.published IS NULL, r.published, r.id, e.position"
    )
    for report_id, item_json, input, url, publisher, published in rows:
        event = json.loads(item_json)
        place = event.get("place") or {}
        place_key = place.get("geonameid") or (place.get("name") or "").lower() or None
        key: tuple = (story_of[report_id], event["type"], event.get("date"), place_key)
        if event.get("date") is None:
            key = ("unmerged", report_id, len(groups))
        source = {"report_id": report_id, "input": input, "url": url, "publisher": publisher,
                  "published": published, "evidence": event["evidence"],
                  "fatalities": event.get("fatalities")}
        groups.setdefault(key, []).append((event, source))
    for tellings in groups.values():
        event = dict(tellings[0][0])
        tolls = {s["fatalities"] for _, s in tellings if s["fatalities"] is not None}
        event["fatalities"] = tolls.pop() if len(tolls) == 1 else None
        event["story"] = story_of[tellings[0][1]["report_id"]]
        event["sources"] = [source for _, source in tellings]
        yield event
