"""Export formats beyond JSONL and CSV: GeoJSON, an ACLED-style CSV, Parquet.

- GeoJSON: a FeatureCollection of points, for ledger events (merged across reports, with
  their sources) or places (with how many reports mention them). Things without
  coordinates are left out: a map cannot show them.
- ACLED-style rows: one per ledger event that ACLED would code (an ACLED event type is
  known, the event is asserted, it has a date), in ACLED's column names. Where sources
  disagree on fatalities ACLED's own rule applies (the lowest reported figure) and
  ``notes`` says so, naming each figure and its source; ``sources`` counts the reports.
- Parquet: the flat rows of any export, written with pyarrow when it is installed (an
  optional dependency: it is large).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "country", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities", "plover_type", "sources", "independent_sources", "story",
    "disputed",
)
# geonames feature codes: populated places and sites are exact (1), admin areas and
# regions a wider area (2), countries (3).
_WIDE = ("A.ADM", "L.", "T.", "H.")


def _geo_precision(feature: str | None, place: dict) -> int | None:
    if place.get("lat") is None:
        return None
    if feature and feature.startswith("A.PCL"):
        return 3
    if feature and feature.startswith(_WIDE):
        return 2
    return 1


def geojson_events(events: list[dict]) -> dict[str, Any]:
    features = []
    for e in events:
        place = e.get("place") or {}
        if place.get("lat") is None or place.get("lon") is None:
            continue
        properties = {k: v for k, v in e.items() if k not in ("place",)}
        properties["place"] = place.get("name")
        properties["country"] = place.get("country")
        features.append({"type": "Feature", "id": e["id"],
                         "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                         "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def geojson_places(places: list[dict]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
         "properties": {k: v for k, v in p.items() if k not in ("lat", "lon")}}
        for p in places if p.get("lat") is not None and p.get("lon") is not None]}


# ACLED's inter codes (codebook: 1 state forces, 2 rebel groups, 3 political militias, 4 identity
# militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces) for the record's actor
# kinds. ACLED codes governments and police as state forces ("Government of X", "Police Forces of
# X"), aid workers, journalists and businesses as civilians, international bodies as other forces,
# party militants as political militias.
INTER: dict[str, int] = {
    "government": 1, "legislature": 1, "judiciary": 1, "state forces": 1, "police": 1,
    "rebel group": 2, "political militia": 3, "political party": 3, "identity militia": 4,
    "rioters": 5, "protesters": 6, "civilians": 7, "NGO": 7, "media": 7, "business": 7,
    "religious": 7, "person": 7, "international organisation": 8,
}


def _acled_actor(ref: dict | None, actor_id: int | None, actors: dict[int, dict]) -> tuple[str | None, str | None, int | None]:
    """(actor, associated actor, inter code) of an event's actor or target, as ACLED codes them:
    the canonical name and the registry's kind; a person stands for the body they belong to (the
    person named as the associated actor); a phrase the actors step could not resolve is named as
    the report names it, with no inter code."""
    if not ref:
        return None, None, None
    known = actors.get(actor_id) if actor_id is not None else None
    # the record's own canonical name (as the report names it in a record from before the actors step)
    name = ref.get("canonical") or ref.get("name")
    kind = (known or {}).get("kind") or ref.get("kind")
    if kind == "person" and ref.get("affiliation"):
        from newsledger.analysis._actor_table import norm, shipped

        table = shipped()
        ids = table.index.get(norm(ref["affiliation"])) or []
        body_kind = table.actors[ids[0]].kind if ids else None
        return ref["affiliation"], name, INTER.get(body_kind or "", 7)
    if ref.get("entity_id") and ref.get("role") and ref.get("name") and ref.get("canonical") \
            and ref["name"] != ref["canonical"]:
        # a person the actors step coded as the body they act for ("Prime Minister X": the government)
        return name, ref["name"], INTER.get(kind or "")
    return name, None, INTER.get(kind or "")


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction: the two inter codes, lower first (17: state forces and civilians);
    one actor alone gives its code and 0 (10: state forces alone)."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def acled_rows(events: list[dict], features: dict[tuple[int, str], str | None],
               actors: dict[int, dict] | None = None) -> Iterator[dict[str, Any]]:
    """``features``: (report id, lower-cased place name) -> geonames feature code; ``actors``:
    the actor registry (id -> name, kind)."""
    actors = actors or {}
    for e in events:
        acled = e.get("acled")
        if not acled or not e.get("date") or len(e["date"]) < 10 or e.get("status") != "asserted":
            continue
        place = e.get("place") or {}
        first = e["sources"][0]
        feature = features.get((first["report_id"], (place.get("name") or "").lower()))
        tolls = [(s["fatalities"], s["publisher"] or s["input"]) for s in e["sources"] if s["fatalities"] is not None]
        fatalities = min(t for t, _ in tolls) if tolls else 0
        notes = e["evidence"]["text"]
        disputed = sorted(e.get("conflicts", {}))
        if "fatalities" in e.get("conflicts", {}):
            told = "; ".join(f"{v['value']} per {len(v['sources'])} report(s)" for v in e["conflicts"]["fatalities"])
            notes += f" [Fatalities disputed: {told}; lowest reported figure used.]"
        publishers = sorted({s["publisher"] for s in e["sources"] if s.get("publisher")})
        actor1, assoc1, inter1 = _acled_actor(e.get("actor"), e.get("actor_id"), actors)
        actor2, assoc2, inter2 = _acled_actor(e.get("target"), e.get("target_id"), actors)
        if actor2 is not None and inter2 is None:
            actor2 = None  # not an actor (a proposal, a crossing): ACLED's actor2 is someone
        yield {
            "event_id_cnty": f"{(place.get('country') or 'XX').upper()}{e['id']}",
            "event_date": e["date"], "year": int(e["date"][:4]),
            "time_precision": _TIME_PRECISION.get(e.get("date_precision") or "day", 3),
            "event_type": acled["event_type"], "sub_event_type": acled["sub_event_type"],
            "actor1": actor1, "assoc_actor_1": assoc1, "inter1": inter1,
            "actor2": actor2, "assoc_actor_2": assoc2, "inter2": inter2,
            "interaction": _interaction(inter1, inter2),
            "country": place.get("country"), "location": place.get("name"),
            "latitude": place.get("lat"), "longitude": place.get("lon"),
            "geo_precision": _geo_precision(feature, place),
            "source": "; ".join(publishers) or None, "notes": notes, "fatalities": fatalities,
            "plover_type": e["type"], "sources": e["reports"], "independent_sources": e["independent_reports"],
            "story": e["story"], "disputed": "; ".join(disputed) or None,
        }


# ACLED's time_precision: 1 the day is known, 2 only the week (or a span of days), 3 only the month.
# Records from before date precision existed count as days stated in the text.
_TIME_PRECISION = {"day": 1, "days": 2, "week": 2, "month": 3, "year": 3, "unknown": 3}


def _cell(value: Any) -> Any:
    """A value for one flat cell: nested values (lists, objects) as JSON text."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value


def write_csv(rows: Iterator[dict], columns: list[str], stream: IO[str]) -> int:
    """Rows as CSV with a header of ``columns`` (nested values as JSON text); the number of rows."""
    import csv

    writer = csv.DictWriter(stream, fieldnames=columns)
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
        count += 1
    return count


def write_parquet(rows: Iterator[dict], columns: list[str], path: str) -> int:
    """Rows to a Parquet file (nested values as JSON text); the number of rows written."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise RuntimeError("Parquet needs the optional package pyarrow (pip install pyarrow)") from None
    table_rows = [{c: _cell(r.get(c)) for c in columns} for r in rows]
    table = pa.Table.from_pylist(table_rows) if table_rows else pa.table({c: pa.array([], pa.string()) for c in columns})
    pq.write_table(table, path)
    return len(table_rows)
