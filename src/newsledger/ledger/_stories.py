"""Which reports tell one story, and which of their events are the same event.

Cheap, conservative rules (a missed link is better than a false one):

- Two reports are in one story when they were published at most ``STORY_DAYS`` apart
  and name at least ``SHARED_NAMES`` of the same people, organisations, facilities or
  named events (case-insensitive). Without a date on either side, ``SHARED_NAMES_UNDATED``
  shared names are needed. Stories are the connected groups; a story's id is the smallest
  report id in it. Names found in more than ``COMMON_NAME_REPORTS`` reports are too common
  to link anything and are skipped.
- A near copy (``reports.duplicate_of``) is always in the story of the report it copies.

Events are merged within a story by :mod:`newsledger.ledger._events`.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import date
from itertools import combinations

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

    for report_id, original in conn.execute(
            "SELECT id, duplicate_of FROM reports WHERE duplicate_of IS NOT NULL"):
        ra, rb = root(report_id), root(original)
        parent[max(ra, rb)] = min(ra, rb)
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
