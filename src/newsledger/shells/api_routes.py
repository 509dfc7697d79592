"""The JSON API's routes (under ``/api``; OpenAPI at ``/openapi.json``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import csv
import io
import json

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Path, Query
from fastapi.responses import Response

from newsledger.ledger._search import HELP as SEARCH_HELP
from newsledger.record import ACTOR_KINDS, Record
from newsledger.shells._access import OpenLedger, read_or_404
from newsledger.ledger._exports import ACLED_COLUMNS, _cell
from newsledger.ledger._workbench import EVENT_COLUMNS
from newsledger.shells._filters import event_filters, openapi_parameters
from newsledger.shells._guards import MAX_INT

MAX_LIMIT = 500
MAX_POST_BYTES = 5 * 1024 * 1024
# The whole JSON body: JSON may spell one byte of text as up to six (\u0001), so the text's own
# limit (checked after parsing) needs this much room; past it, a 413 before anything is parsed.
MAX_BODY_BYTES = 6 * MAX_POST_BYTES + 64 * 1024


def _id(name: str) -> Any:
    """A row id in the path: positive and within the database's 64-bit integers."""
    return Path(..., ge=1, le=MAX_INT, description=f"the {name}'s id")


def _offset() -> Any:
    return Query(0, ge=0, le=MAX_INT)


# The search syntax, in the OpenAPI text of every route that takes it (and in the UI's help).
_SEARCH_400: dict[int | str, dict[str, Any]] = {
    400: {"description": "the search `q` cannot be read; `detail` says why (an unclosed `\"`, "
                         "a lone `)`, `OR` or `NOT` with nothing to act on, only excluded words)"}}


def _q(where: str) -> Any:
    return Query(None, description=(
        f"Full-text search in {where}. " + SEARCH_HELP + " Case does not matter; "
        "lower-case or/and/not are ordinary words. Empty: no search. A query that cannot be "
        "read gives 400 with the reason."))


# The actor kinds, as the record's contract lists them (a filter value outside them is a 422).
_KIND_PATTERN = "^(" + "|".join(ACTOR_KINDS) + ")$"


def _actor_filters() -> tuple[Any, Any, Any]:
    return (Query(None, ge=1, le=MAX_INT, description="an actor's id (see /api/actors): its events as actor or target"),
            Query(None, pattern=_KIND_PATTERN, description="an actor kind: " + ", ".join(ACTOR_KINDS)),
            Query(None, pattern="^[A-Za-z]{3}$", description="an actor's country, ISO 3166-1 alpha-3 (e.g. SDN)"))


def _story() -> Any:
    return Query(None, ge=1, le=MAX_INT, description="a story's id")


def api_routes(ledger: OpenLedger, add_report: Callable[[str, dict[str, Any], str | None], dict[str, Any]]
               ) -> APIRouter:
    """The API's routes over the ledger ``ledger`` opens. ``add_report(text, payload,
    authorization)`` runs a posted report through the pipeline into the ledger."""
    router = APIRouter()

    @router.get("/api/reports", tags=["reports"], responses=_SEARCH_400)
    def api_reports(q: str | None = _q("title and body"), limit: int = Query(50, ge=1, le=MAX_LIMIT),
                    offset: int = _offset()) -> dict[str, Any]:
        """Report summaries (item counts; a snippet with ``q``), newest or best match first."""
        with ledger() as led:
            return {"total": led.count_reports(q), "limit": limit, "offset": offset,
                    "items": led.reports(q, limit=limit, offset=offset)}

    @router.get("/api/reports/{report_id}", tags=["reports"], response_model=Record)
    def api_report(report_id: int = _id("report")) -> Record:
        """The full record of one report."""
        return read_or_404(ledger, lambda led: led.report(report_id), f"report {report_id} not found")

    @router.get("/api/quotes", tags=["quotes"], responses=_SEARCH_400)
    def api_quotes(q: str | None = _q("the quote and its speaker's name"), speaker: str | None = None,
                   limit: int = Query(50, ge=1, le=MAX_LIMIT),
                   offset: int = _offset()) -> dict[str, Any]:
        """Quotes by full text (``q``) and/or speaker name (``speaker``, a substring)."""
        with ledger() as led:
            return {"total": led.count_quotes(q, speaker), "limit": limit, "offset": offset,
                    "items": led.search_quotes(q, speaker, limit=limit, offset=offset)}

    @router.get("/api/events", tags=["events"], openapi_extra=openapi_parameters())
    def api_events(filters: dict[str, str] = Depends(event_filters),
                   limit: int = Query(50, ge=1, le=MAX_LIMIT),
                   offset: int = _offset()) -> dict[str, Any]:
        """Ledger events (merged across reports), earliest first, each with ``sources`` (one per
        report that tells it, with its own date, place, fatalities and evidence) and
        ``conflicts`` (details the sources disagree on, with the sources for each value).
        The filters are the workbench's (``actor_id``, ``actor_kind`` and ``actor_country`` among
        them: the events whose actor or target is that actor, of that kind, of that country); each
        event carries ``actor_id`` and ``target_id``. The downloads below take the same filters."""
        with ledger() as led:
            total, items = led.events(**filters, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "filters": filters, "items": items}

    @router.get("/api/events/facets", tags=["events"])
    def api_event_facets() -> dict[str, Any]:
        """The values each event filter offers (types, ACLED types, countries, outlets,
        statuses), each with its number of events, most first."""
        with ledger() as led:
            return led.event_facets()

    @router.get("/api/events/timeline", tags=["events"], openapi_extra=openapi_parameters())
    def api_event_timeline(filters: dict[str, str] = Depends(event_filters)) -> dict[str, Any]:
        """Dated events per day, week or month (``bucket``) and type, for the filters but the
        date range (``since``/``until`` are what the chart's brush sets)."""
        with ledger() as led:
            return led.event_timeline(filters)

    @router.get("/api/events/map", tags=["events"], openapi_extra=openapi_parameters())
    def api_event_map(filters: dict[str, str] = Depends(event_filters),
                      zoom: int = Query(2, ge=0, le=20, description="the map's zoom level"),
                      bbox: str | None = Query(None, description="west,south,east,north in degrees")
                      ) -> dict[str, Any]:
        """The filtered events with coordinates inside ``bbox``: each event (``mode: points``)
        when there are few, else grid bins sized for ``zoom`` (``mode: bins``)."""
        with ledger() as led:
            return led.event_map(filters, zoom, _bbox(bbox))

    @router.get("/api/events.csv", tags=["events"], openapi_extra=openapi_parameters(),
                response_class=Response)
    def api_events_csv(filters: dict[str, str] = Depends(event_filters)) -> Response:
        """The filtered events as CSV, one row per merged event."""
        with ledger() as led:
            rows = list(led.event_rows(filters))
        return _csv(rows, list(EVENT_COLUMNS), "events.csv")

    @router.get("/api/events.acled.csv", tags=["events"], openapi_extra=openapi_parameters(),
                response_class=Response)
    def api_events_acled(filters: dict[str, str] = Depends(event_filters)) -> Response:
        """The filtered events as ACLED-style CSV (only events ACLED would code: a known ACLED
        type, asserted, dated to the day)."""
        with ledger() as led:
            rows = list(led.acled(filters))
        return _csv(rows, list(ACLED_COLUMNS), "events-acled.csv")

    @router.get("/api/events.geojson", tags=["events"], openapi_extra=openapi_parameters())
    def api_events_geojson(filters: dict[str, str] = Depends(event_filters)) -> Response:
        """The filtered events with coordinates as a GeoJSON FeatureCollection."""
        with ledger() as led:
            collection = led.geojson("events", filters)
        return Response(json.dumps(collection, ensure_ascii=False), media_type="application/geo+json",
                        headers={"content-disposition": 'attachment; filename="events.geojson"'})

    @router.get("/api/events/{event_id}", tags=["events"])
    def api_event(event_id: int = _id("event")) -> dict[str, Any]:
        """One ledger event with its sources."""
        return read_or_404(ledger, lambda led: led.event(event_id), f"event {event_id} not found")

    @router.get("/api/actors", tags=["actors"])
    def api_actors(kind: str | None = _actor_filters()[1], country: str | None = _actor_filters()[2],
                   q: str | None = Query(None, max_length=200, description="words of the actor's name or of a name reports use"),
                   limit: int = Query(100, ge=1, le=MAX_LIMIT), offset: int = _offset()) -> dict[str, Any]:
        """The ledger's actors (one per actor across reports), most reported first: id, canonical
        name, country (ISO3), kind, and how many reports, mentions, events and quotes name it."""
        with ledger() as led:
            total, items = led.actors(kind=kind, country=country, q=q, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @router.get("/api/actors/{actor_id}", tags=["actors"])
    def api_actor(actor_id: int = _id("actor")) -> dict[str, Any]:
        """One actor: its fields, its aliases (the names reports use, with counts), the reports that
        name it, its quotes and its ledger events (earliest first)."""
        return read_or_404(ledger, lambda led: led.actor(actor_id), f"actor {actor_id} not found")

    @router.get("/api/stories", tags=["stories"])
    def api_stories(limit: int = Query(50, ge=1, le=MAX_LIMIT), offset: int = _offset()) -> dict[str, Any]:
        """Stories (reports grouped by shared names and dates, near copies with their originals), newest first."""
        with ledger() as led:
            rows = led.story_list()
        return {"total": len(rows), "limit": limit, "offset": offset, "items": rows[offset:offset + limit]}

    @router.get("/api/stories/{story_id}", tags=["stories"])
    def api_story(story_id: int = _id("story")) -> dict[str, Any]:
        """One story: its reports (copies marked), its ledger events and its shared figure keys."""
        return read_or_404(ledger, lambda led: led.story(story_id), f"story {story_id} not found")

    @router.get("/api/claims", tags=["claims"])
    def api_claim_keys(min_reports: int = Query(1, ge=1, le=MAX_INT), limit: int = Query(50, ge=1, le=MAX_LIMIT),
                       offset: int = _offset()) -> dict[str, Any]:
        """Figure keys (``people:dead``, ``hostages:held``...) with counts and date ranges."""
        with ledger() as led:
            rows = led.claim_keys(min_reports)
        return {"total": len(rows), "limit": limit, "offset": offset, "items": rows[offset:offset + limit]}

    @router.get("/api/claims/{key}", tags=["claims"])
    def api_claims(key: str, story: int | None = _story(), limit: int = Query(MAX_LIMIT, ge=1, le=MAX_LIMIT),
                   offset: int = _offset()) -> dict[str, Any]:
        """Claims over time: every figure with this key, oldest first, with who said it, when,
        in which report (``copy``: the report is a near copy of another)."""
        with ledger() as led:
            rows = led.claims(key, story)
        return {"key": key, "total": len(rows), "limit": limit, "offset": offset,
                "items": rows[offset:offset + limit]}

    @router.get("/api/figures", tags=["claims"])
    def api_figures(key: str | None = Query(None, description="exact key, or a prefix ending in ':' or '*'"),
                    q: str | None = None, limit: int = Query(50, ge=1, le=MAX_LIMIT),
                    offset: int = _offset()) -> dict[str, Any]:
        """Figures as flat rows, by key and words."""
        with ledger() as led:
            total, items = led.figures(key, q, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @router.get("/api/map", tags=["places"], openapi_extra=openapi_parameters())
    def api_map(filters: dict[str, str] = Depends(event_filters)) -> dict[str, Any]:
        """Events with coordinates and places with report counts (what the map draws); the
        events that match the workbench's filters (e.g. ``actor_id``, ``actor_kind``, ``actor_country``)."""
        with ledger() as led:
            return led.map_points(filters)

    @router.post("/api/reports", tags=["reports"], status_code=201)
    def api_add_report(payload: dict[str, Any] = Body(..., examples=[{
                           "text": "Report text or an HTML page", "input": "my-report-1",
                           "url": None, "published": "2025-03-04"}]),
                       authorization: str | None = Header(None)) -> dict[str, Any]:
        """Add one report (text or HTML) to the ledger through the pipeline. Needs
        ``Authorization: Bearer TOKEN`` (the server's NEWSLEDGER_TOKEN)."""
        text = payload.get("text")
        return add_report(text, payload, authorization)

    @router.get("/api/stats", tags=["ledger"])
    def api_stats() -> dict[str, int]:
        """Row counts per table."""
        with ledger() as led:
            return led.stats()

    return router


def check_post(text: Any) -> str:
    """The posted report's text, or the HTTP error saying what is wrong with it."""
    if not isinstance(text, str) or not text.strip():
        raise HTTPException(422, "'text' (the report, as text or HTML) is required")
    if len(text.encode("utf-8")) > MAX_POST_BYTES:
        raise HTTPException(413, f"report over the size limit ({MAX_POST_BYTES} bytes of UTF-8)")
    return text


def check_payload(payload: dict[str, Any]) -> None:
    """A 422 when ``input`` or ``url`` is given but is not text (the pipeline expects text)."""
    for name in ("input", "url"):
        if payload.get(name) is not None and not isinstance(payload[name], str):
            raise HTTPException(422, f"'{name}' must be text")


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """"west,south,east,north" in degrees, or a 422."""
    if not value:
        return None
    try:
        west, south, east, north = (float(v) for v in value.split(","))
    except ValueError:
        raise HTTPException(422, f"bbox: four numbers west,south,east,north: {value!r}") from None
    if not (-90 <= south <= north <= 90) or not all(abs(v) <= 1e6 for v in (west, east)):
        raise HTTPException(422, f"bbox: out of range: {value!r}")
    if east - west >= 360:
        west, east = -180.0, 180.0
    else:  # Leaflet's view may run past the antimeridian: back into -180..180
        west, east = ((west + 180) % 360) - 180, ((east + 180) % 360) - 180
    return west, south, east, north


def _csv(rows: list[dict[str, Any]], columns: list[str], filename: str) -> Response:
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return Response(stream.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{filename}"'})
