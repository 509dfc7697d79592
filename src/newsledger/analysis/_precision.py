"""How precise an event's date and place are: ACLED's time and geo precision, in the record's terms.

A date expression resolves to a first day and a granularity (see :mod:`dates`); the event
gets the days it can lie in from both. An event with no date expression is never given the
report's date: an asserted one lies before its report (``[null, published]``), a planned one
after it, and its precision is "unknown".
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from newsledger.record import DateMention, PlaceRef

# Feature codes that name an area rather than a point (ACLED geo_precision 3: only a province,
# region or country is known), and those that are a part of a place (2: a district, a county).
_AREA = ("A.PCL", "A.ADM1", "L.", "T.MTS", "H.")
_PART = ("A.ADM2", "A.ADM3", "A.ADM4", "A.ADMD", "P.PPLX")
_NEAR = re.compile(r"\b(?:near|outside|close to|on the outskirts of|outskirts of|north|south|east|west|"
                   r"kilometres|kilometers|km|miles)\b[^.;]{0,40}$", re.IGNORECASE)


def day(value: str | None) -> date | None:
    """The date of an ISO day ("2025-03-04"), or None for anything else."""
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def _until(first: str, last: str, ref: date | None) -> list[str]:
    """[first, last], ending at the report's day when that falls inside it."""
    if ref is not None and first <= ref.isoformat() < last:
        last = ref.isoformat()
    return [first, last]


def date_fields(mention: DateMention | None, status: str, published: str | None
                ) -> tuple[str, list[str | None] | None]:
    """(date_precision, date_range) of an event dated by ``mention`` (None: no date found)."""
    if mention is None or not mention.value:
        ref = day((published or "")[:10])
        if ref is None:
            return "unknown", None
        if status == "planned":
            return "unknown", [ref.isoformat(), None]
        return "unknown", [None, ref.isoformat()]
    value, granularity = mention.value, mention.granularity
    # A happening told as done lies no later than its report: "earlier this year" in a report of
    # 10 September spans 1 January to 10 September, not the whole year.
    ref = day((published or "")[:10]) if status != "planned" else None
    if granularity == "year" and len(value) >= 4 and value[:4].isdigit():
        return "year", _until(f"{value[:4]}-01-01", f"{value[:4]}-12-31", ref)
    if granularity == "month" and len(value) >= 7:
        year, month = int(value[:4]), int(value[5:7])
        last = calendar.monthrange(year, month)[1]
        return "month", _until(f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}", ref)
    first = day(value[:10])
    if first is None:
        return "unknown", None
    if granularity == "week":
        return "week", [first.isoformat(), (first + timedelta(days=6)).isoformat()]
    if granularity == "range":  # a weekend, a night: the day and the next
        return "days", [first.isoformat(), (first + timedelta(days=1)).isoformat()]
    return "day", [first.isoformat(), first.isoformat()]


def geo_precision(place: PlaceRef | None, evidence: str, feature: str | None) -> int | None:
    """ACLED's geo_precision for an event at ``place``, told in ``evidence``."""
    if place is None:
        return None
    if feature and feature.startswith(_AREA):
        return 3
    if feature and feature.startswith(_PART):
        return 2
    at = evidence.find(place.name)
    if at > 0 and _NEAR.search(evidence[:at]):
        return 2
    return 1
