"""The web UI's pages: reports, quotes, the event timeline, actors, stories, claims, the map.

Jinja2 templates with autoescape on; every answer comes from the ledger.
"""

from __future__ import annotations

import math
from importlib.resources import files
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from newsledger.ledger import SearchSyntaxError
from newsledger.ledger._search import HELP as SEARCH_HELP
from newsledger.record import ACTOR_KINDS
from newsledger.shells._access import OpenLedger, read_or_404
from newsledger.ledger._claims import claim_label
from newsledger.ledger._workbench import FILTERS, toll_series
from newsledger.shells._filters import event_filters
from newsledger.shells._guards import MAX_INT, max_page
from newsledger.shells.web import charts, highlight

WEB_DIR = files("newsledger").joinpath("shells", "web")
PAGE_SIZE = 20
EVENTS_PAGE = 50
ACTORS_PAGE = 100
# Up to this many events the workbench also carries the server-drawn SVG map (for a browser
# without JavaScript); past it, the page stays light.
STATIC_MAP_MAX = 1000


def _page(size: int) -> object:
    """The ``page`` parameter: its offset must fit the database's 64-bit integers."""
    return Query(1, alias="page", ge=1, le=max_page(size))


def _id() -> object:
    return Path(..., ge=1, le=MAX_INT)


def templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(str(WEB_DIR.joinpath("templates"))),
        autoescape=True,  # every template, whatever its extension
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = _number
    env.filters["mark_terms"] = highlight.mark_terms
    env.filters["claim_label"] = claim_label
    env.globals["anchor_id"] = highlight.anchor_id
    env.globals["safe_ref"] = highlight.safe_ref
    return Jinja2Templates(env=env)


def ui_routes(ledger: OpenLedger, page) -> APIRouter:
    """The UI's routes over the ledger ``ledger`` opens; ``page(request, template, **context)``
    renders one."""
    router = APIRouter(include_in_schema=False)

    @router.get("/", response_class=HTMLResponse)
    def index(request: Request, q: str | None = None, page_number: int = _page(PAGE_SIZE)):
        with ledger() as led:
            stats = led.stats()
            try:
                total = led.count_reports(q)
                rows = led.reports(q, limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE)
            except SearchSyntaxError as exc:  # the page again, saying why, for the query to be fixed
                return page(request, "index.html", status_code=400, q=q or "", rows=[], total=0,
                            stats=stats, pager=_pager(1, 0), terms=[], error=str(exc), help=SEARCH_HELP)
        return page(request, "index.html", q=q or "", rows=rows, total=total, stats=stats,
                    pager=_pager(page_number, total), terms=_terms_of(q), help=SEARCH_HELP)

    @router.get("/reports/{report_id}", response_class=HTMLResponse)
    def report_page(request: Request, report_id: int = _id()):
        def read(led):
            record, summary = led.report(report_id), led.report_summary(report_id)
            return None if record is None or summary is None else (record, summary)

        record, summary = read_or_404(ledger, read, f"There is no report {report_id} in this ledger.")
        return page(request, "report.html", record=record, summary=summary,
                    paragraphs=highlight.render_body(record),
                    anchors={highlight.anchor_id(m.kind, m.ref) for m in highlight.marks(record)},
                    entity_by_id={e.id: e for e in record.entities})

    @router.get("/quotes", response_class=HTMLResponse)
    def quotes_page(request: Request, q: str | None = None, speaker: str | None = None,
                    page_number: int = _page(PAGE_SIZE)):
        with ledger() as led:
            try:
                total = led.count_quotes(q, speaker)
                rows = led.search_quotes(q, speaker, limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE)
            except SearchSyntaxError as exc:
                return page(request, "quotes.html", status_code=400, q=q or "", speaker=speaker or "",
                            rows=[], total=0, pager=_pager(1, 0), error=str(exc), help=SEARCH_HELP)
        return page(request, "quotes.html", q=q or "", speaker=speaker or "", rows=rows,
                    total=total, pager=_pager(page_number, total), help=SEARCH_HELP)

    @router.get("/events", response_class=HTMLResponse)
    def events_page(request: Request, filters: dict[str, str] = Depends(event_filters),
                    page_number: int = _page(EVENTS_PAGE)):
        with ledger() as led:
            total, rows = led.events(**filters, limit=EVENTS_PAGE, offset=(page_number - 1) * EVENTS_PAGE)
            facets = led.event_facets()
            chosen = led.actor(int(filters["actor_id"])) if "actor_id" in filters else None
        days: list[tuple[str, list[dict]]] = []
        for e in rows:
            day = e["date"] or "undated"
            if not days or days[-1][0] != day:
                days.append((day, []))
            days[-1][1].append(e)
        story = int(filters["story"]) if "story" in filters else None
        query = urlencode(filters) + "&" if filters else ""
        return page(request, "events.html", days=days, total=total,
                    filters={k: filters.get(k, "") for k in FILTERS}, story=story,
                    filter_specs=FILTERS, facets=facets, query=query, chosen=chosen,
                    pager=_pager(page_number, total, EVENTS_PAGE))

    @router.get("/events/{event_id}", response_class=HTMLResponse)
    def event_page(request: Request, event_id: int = _id()):
        event = read_or_404(ledger, lambda led: led.event(event_id),
                            f"There is no event {event_id} in this ledger.")
        tolls = toll_series(event)
        chart = charts.claims_chart(tolls, "Death toll over time, per outlet") \
            if len({(t["said_by"], t["value"]) for t in tolls}) > 1 else None
        return page(request, "event.html", event=event, tolls=tolls, toll_chart=chart)

    @router.get("/actors", response_class=HTMLResponse)
    def actors_page(request: Request, kind: str | None = Query(None, max_length=40),
                    country: str | None = Query(None, max_length=3), q: str | None = Query(None, max_length=200),
                    page_number: int = _page(ACTORS_PAGE)):
        kind = kind if kind in ACTOR_KINDS else None
        with ledger() as led:
            total, rows = led.actors(kind=kind, country=country or None, q=q or None, limit=ACTORS_PAGE,
                                     offset=(page_number - 1) * ACTORS_PAGE)
        filters = {"kind": kind or "", "country": (country or "").upper(), "q": q or ""}
        kept = {k: v for k, v in filters.items() if v}
        return page(request, "actors.html", rows=rows, total=total, filters=filters, kinds=ACTOR_KINDS,
                    query=urlencode(kept) + "&" if kept else "", pager=_pager(page_number, total, ACTORS_PAGE))

    @router.get("/actors/{actor_id}", response_class=HTMLResponse)
    def actor_page(request: Request, actor_id: int = _id()):
        actor = read_or_404(ledger, lambda led: led.actor(actor_id),
                            f"There is no actor {actor_id} in this ledger.")
        months: dict[str, int] = {}
        for e in actor["events"]:
            month = (e["date"] or "undated")[:7]
            months[month] = months.get(month, 0) + 1
        timeline = sorted(months.items(), key=lambda m: (m[0] == "undated", m[0]))
        most = max(months.values(), default=1)
        return page(request, "actor.html", actor=actor, timeline=timeline, most=most)

    @router.get("/stories", response_class=HTMLResponse)
    def stories_page(request: Request):
        with ledger() as led:
            rows = led.story_list()
        return page(request, "stories.html", rows=rows)

    @router.get("/stories/{story_id}", response_class=HTMLResponse)
    def story_page(request: Request, story_id: int = _id()):
        story = read_or_404(ledger, lambda led: led.story(story_id),
                            f"There is no story {story_id} in this ledger.")
        return page(request, "story.html", story=story)

    @router.get("/claims", response_class=HTMLResponse)
    def claims_page(request: Request):
        with ledger() as led:
            keys = led.claim_keys(min_reports=2)
        return page(request, "claims.html", keys=keys)

    @router.get("/claims/{key}", response_class=HTMLResponse)
    def claim_page(request: Request, key: str, story: int | None = Query(None, ge=1, le=MAX_INT)):
        rows = read_or_404(ledger, lambda led: led.claims(key, story), f"No figures have the key {key!r}.")
        stories: dict[int, list[dict]] = {}
        for row in rows:
            stories.setdefault(row["story"], []).append(row)
        charts_by_story = [(sid, items, charts.claims_chart(items, f"{claim_label(key)}: figures over time"))
                           for sid, items in stories.items()]
        return page(request, "claim.html", key=key, story=story, groups=charts_by_story)

    @router.get("/map", response_class=HTMLResponse)
    def map_page(request: Request, filters: dict[str, str] = Depends(event_filters)):
        """The analyst's workbench: the map, the timeline, the filters and the list, drawn by
        /static/workbench.js from the API; the same filters in the query string."""
        with ledger() as led:
            facets = led.event_facets()
            total = sum(f["events"] for f in facets["status"])
            small = total <= STATIC_MAP_MAX
            points = led.map_points() if small else None
        svg = charts.world_map(points["events"], points["places"]) if small else None
        return page(request, "map.html", facets=facets, total=total, svg=svg,
                    filters={k: filters.get(k, "") for k in FILTERS}, filter_specs=FILTERS,
                    query=urlencode(filters))

    return router


def _number(value: float | int | None) -> str:
    """12.0 -> "12", 1250000.0 -> "1,250,000", 2.5 -> "2.5"."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def _pager(page_number: int, total: int, size: int = PAGE_SIZE) -> dict[str, Any]:
    pages = max(1, math.ceil(total / size))
    return {"page": page_number, "pages": pages,
            "prev": page_number - 1 if page_number > 1 else None,
            "next": page_number + 1 if page_number < pages else None}


def _terms_of(q: str | None) -> list[str]:
    from newsledger.ledger._search import terms

    return [t.text for t in terms(q)]
