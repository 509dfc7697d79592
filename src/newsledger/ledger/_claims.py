"""Claims over time: the figures that share a normalised key, lined up by date and source.

The figures stage gives each figure a ``key`` ("people:dead", "hostages:held"); the same
quantity in many reports then lines up: who said what number, when. A claim's date is the
figure's own ``as_of`` when the report gives one, else the report's publication day. A claim
from a near copy of another report is marked ``copy`` (it repeats, it does not confirm).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from newsledger.ledger._stories import stories

_CLAIM_COLUMNS = """
    f.id, f.report_id, f.position, f.key, f.value, f.unit, f.what, f.text, f.qualifier,
    f.approximate, f.hedged, f.source_name, f.as_of, f.item_json,
    r.input, r.title, r.publisher, r.published, r.duplicate_of
"""


def claim_keys(conn: sqlite3.Connection, min_reports: int = 1) -> list[dict[str, Any]]:
    """Every key with its number of figures and reports, first and last dates, most reported first."""
    rows = conn.execute(
        "SELECT f.key, COUNT(*) AS figures, COUNT(DISTINCT f.report_id) AS reports, "
        "MIN(COALESCE(f.as_of, substr(r.published, 1, 10))) AS first, "
        "MAX(COALESCE(f.as_of, substr(r.published, 1, 10))) AS last, "
        "MIN(f.value) AS min, MAX(f.value) AS max "
        "FROM figures f JOIN reports r ON r.id = f.report_id "
        "WHERE f.key IS NOT NULL AND f.key != '' GROUP BY f.key HAVING COUNT(DISTINCT f.report_id) >= ? "
        "ORDER BY reports DESC, figures DESC, f.key", (min_reports,))
    return [dict(row) for row in rows]


def claims(conn: sqlite3.Connection, key: str, story: int | None = None) -> list[dict[str, Any]]:
    """The figures with ``key`` (in ``story`` when given), oldest first, each with its
    report, source, date and evidence."""
    story_of = stories(conn)
    input_of = dict(conn.execute("SELECT id, input FROM reports"))
    out = []
    for row in conn.execute(
            f"SELECT {_CLAIM_COLUMNS} FROM figures f JOIN reports r ON r.id = f.report_id "
            f"WHERE f.key = ? ORDER BY COALESCE(f.as_of, r.published), r.id, f.position", (key,)):
        item = dict(row)
        figure = json.loads(item.pop("item_json"))
        item["story"] = story_of.get(item["report_id"])
        if story is not None and item["story"] != story:
            continue
        item["date"] = item["as_of"] or (item["published"] or "")[:10] or None
        item["approximate"], item["hedged"] = bool(item["approximate"]), bool(item["hedged"])
        item["near_copy"] = item.pop("duplicate_of") is not None
        item["copy_of"] = input_of.get(row["duplicate_of"]) if row["duplicate_of"] else None
        item["said_by"] = item["source_name"] or item["publisher"]
        item["evidence"] = figure.get("evidence")
        item["status"] = figure.get("status")
        out.append(item)
    return out


# -- labels an analyst reads ---------------------------------------------------------------
# (the keys themselves are made in newsledger.analysis._figure_keys)
_STATES = {"dead": "killed", "injured": "injured", "missing": "missing", "displaced": "displaced",
           "held": "held captive", "abducted": "abducted", "released": "released",
           "evacuated": "evacuated", "arrested": "arrested", "alive": "alive"}
_UNITS = {"km": "kilometres", "mile": "miles", "tonne": "tonnes", "kg": "kilograms", "hectare": "hectares",
          "metre": "metres", "litre": "litres", "acre": "acres", "barrel": "barrels", "mw": "megawatts"}
_COUNT_WORDS = {"number", "figure", "total", "tally", "count"}


def claim_label(key: str | None) -> str:
    """A figure key in words: "people:dead" → "people killed", "pause:duration" → "how long the
    pause lasts", "food:tonne" → "food, in tonnes", "number" → "a number (what it counts is not
    said)"."""
    if not key:
        return "figures with no key (what they count is not said)"
    noun, _, kind = key.partition(":")
    if not kind:
        if noun in _COUNT_WORDS:
            return "a number (what it counts is not said)"
        if noun == "duration":
            return "a length of time (of what is not said)"
        if noun == "money":
            return "a sum of money (for what is not said)"
        if noun == "percent":
            return "a percentage (of what is not said)"
        if noun in _UNITS:
            return f"{_UNITS[noun]} (of what is not said)"
        return f"number of {noun}"
    if kind in _STATES:
        return f"{noun} {_STATES[kind]}"
    if kind == "duration":
        return f"how long the {noun} lasts"
    if kind == "money":
        return f"money: {noun}"
    if kind == "percent":
        return f"{noun}, per cent"
    return f"{noun}, in {_UNITS.get(kind, kind + 's')}"
