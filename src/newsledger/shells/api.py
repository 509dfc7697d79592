"""The web UI and the JSON API over a ledger: ``create_app(db_path)`` gives a FastAPI app.

Shell only: every answer comes from :class:`newsledger.ledger.Ledger`. Pages are Jinja2
templates with autoescape on; the one piece of trusted markup is the annotated body,
built in :mod:`newsledger.shells.web.highlight` from escaped text. Static files are
served from the package: the UI makes no request outside this server.
"""

from __future__ import annotations

import hmac
import math
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import Body, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsledger.ledger import Ledger
from newsledger.record import Record
from newsledger.settings import TOKEN_ENV, Settings
from newsledger.shells.web import charts, highlight

WEB_DIR = files("newsledger").joinpath("shells", "web")
PAGE_SIZE = 20
EVENTS_PAGE = 50
MAX_LIMIT = 500
MAX_POST_BYTES = 5 * 1024 * 1024


def _templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(str(WEB_DIR.joinpath("templates"))),
        autoescape=True,  # every template, whatever its extension
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = _number
    env.filters["mark_terms"] = highlight.mark_terms
    env.globals["anchor_id"] = highlight.anchor_id
    env.globals["safe_ref"] = highlight.safe_ref
    return Jinja2Templates(env=env)


def _number(value: float | int | None) -> str:
    """12.0 -> "12", 1250000.0 -> "1,250,000", 2.5 -> "2.5"."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def _is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def create_app(db_path: str | Path, *, token: str | None = None, settings: Settings | None = None) -> FastAPI:
    """The app over the ledger at ``db_path`` (created, empty, when missing).

    Write endpoints (``POST /api/reports``) need ``Authorization: Bearer TOKEN``, with
    ``token`` or else the settings' token (by default, from the ``NEWSLEDGER_TOKEN``
    environment variable); without either, writing is off."""
    path = str(db_path)
    settings = Settings.from_env() if settings is None else settings
    write_token = token if token is not None else settings.api_token
    Ledger(path).close()  # create the schema once, before any request
    templates = _templates()
    app = FastAPI(
        title="newsledger",
        summary="News reports as sourced records: entities, quotes, events, places, figures.",
        version=_version(),
        # The default /docs and /redoc pages load scripts from a CDN; the UI stays offline.
        docs_url=None,
        redoc_url=None,
    )
    app.mount("/static", StaticFiles(directory=str(WEB_DIR.joinpath("static"))), name="static")

    def ledger() -> Ledger:
        # one connection per request: sqlite3 connections belong to one thread
        return Ledger(path)

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    # -- errors: JSON under /api, a friendly page elsewhere ------------------------------

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        return page(request, "error.html", status_code=exc.status_code,
                    status=exc.status_code, message=_friendly(exc.status_code, exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": jsonable_errors(exc)}, status_code=422)
        # /reports/abc or ?page=x: nothing to show rather than a stack of field errors
        return page(request, "error.html", status_code=404, status=404,
                    message=_friendly(404, None))

    # -- the UI --------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, q: str | None = None, page_number: int = Query(1, alias="page", ge=1)):
        with ledger() as led:
            total = led.count_reports(q)
            rows = led.reports(q, limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE)
            stats = led.stats()
        return page(request, "index.html", q=q or "", rows=rows, total=total, stats=stats,
                    pager=_pager(page_number, total), terms=_terms_of(q))

    @app.get("/reports/{report_id}", response_class=HTMLResponse, include_in_schema=False)
    def report_page(request: Request, report_id: int):
        with ledger() as led:
            record = led.report(report_id)
            summary = led.report_summary(report_id)
        if record is None or summary is None:
            raise HTTPException(404, f"There is no report {report_id} in this ledger.")
        return page(request, "report.html", record=record, summary=summary,
                    paragraphs=highlight.render_body(record),
                    anchors={highlight.anchor_id(m.kind, m.ref) for m in highlight.marks(record)},
                    entity_by_id={e.id: e for e in record.entities})

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(request: Request, q: str | None = None, speaker: str | None = None,
                    page_number: int = Query(1, alias="page", ge=1)):
        with ledger() as led:
            total = led.count_quotes(q, speaker)
            rows = led.search_quotes(q, speaker, limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE)
        return page(request, "quotes.html", q=q or "", speaker=speaker or "", rows=rows,
                    total=total, pager=_pager(page_number, total))

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request, type: str | None = None, actor: str | None = None,
                    place: str | None = None, since: str | None = None, until: str | None = None,
                    story: int | None = None, q: str | None = None,
                    page_number: int = Query(1, alias="page", ge=1)):
        filters = {"type": type or "", "actor": actor or "", "place": place or "", "since": since or "",
                   "until": until or "", "q": q or ""}
        with ledger() as led:
            total, rows = led.events(type=type, actor=actor, place=place, since=since or None,
                                     until=until or None, story=story, q=q,
                                     limit=EVENTS_PAGE, offset=(page_number - 1) * EVENTS_PAGE)
        days: list[tuple[str, list[dict]]] = []
        for e in rows:
            day = e["date"] or "undated"
            if not days or days[-1][0] != day:
                days.append((day, []))
            days[-1][1].append(e)
        from urllib.parse import urlencode

        kept = {k: v for k, v in filters.items() if v} | ({"story": story} if story else {})
        query = urlencode(kept) + "&" if kept else ""
        return page(request, "events.html", days=days, total=total, filters=filters, story=story,
                    types=_EVENT_TYPES, query=query,
                    pager=_pager(page_number, total, EVENTS_PAGE))

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: int):
        with ledger() as led:
            event = led.event(event_id)
        if event is None:
            raise HTTPException(404, f"There is no event {event_id} in this ledger.")
        return page(request, "event.html", event=event)

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request):
        with ledger() as led:
            rows = led.story_list()
        return page(request, "stories.html", rows=rows)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: int):
        with ledger() as led:
            story = led.story(story_id)
        if story is None:
            raise HTTPException(404, f"There is no story {story_id} in this ledger.")
        return page(request, "story.html", story=story)

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_page(request: Request):
        with ledger() as led:
            keys = led.claim_keys(min_reports=2)
        return page(request, "claims.html", keys=keys)

    @app.get("/claims/{key}", response_class=HTMLResponse, include_in_schema=False)
    def claim_page(request: Request, key: str, story: int | None = None):
        with ledger() as led:
            rows = led.claims(key, story)
        if not rows:
            raise HTTPException(404, f"No figures have the key {key!r}.")
        stories: dict[int, list[dict]] = {}
        for row in rows:
            stories.setdefault(row["story"], []).append(row)
        charts_by_story = [(sid, items, charts.claims_chart(items, f"{key}: figures over time"))
                           for sid, items in stories.items()]
        return page(request, "claim.html", key=key, story=story, groups=charts_by_story)

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request):
        with ledger() as led:
            points = led.map_points()
        return page(request, "map.html", svg=charts.world_map(points["events"], points["places"]),
                    events=points["events"], places=points["places"])

    # -- the JSON API --------------------------------------------------------------------

    @app.get("/api/reports", tags=["reports"])
    def api_reports(q: str | None = None, limit: int = Query(50, ge=1, le=MAX_LIMIT),
                    offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Report summaries (item counts; a snippet with ``q``), newest or best match first."""
        with ledger() as led:
            return {"total": led.count_reports(q), "limit": limit, "offset": offset,
                    "items": led.reports(q, limit=limit, offset=offset)}

    @app.get("/api/reports/{report_id}", tags=["reports"], response_model=Record)
    def api_report(report_id: int) -> Record:
        """The full record of one report."""
        with ledger() as led:
            record = led.report(report_id)
        if record is None:
            raise HTTPException(404, f"report {report_id} not found")
        return record

    @app.get("/api/quotes", tags=["quotes"])
    def api_quotes(q: str | None = None, speaker: str | None = None,
                   limit: int = Query(50, ge=1, le=MAX_LIMIT),
                   offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Quotes by full text (``q``) and/or speaker name (``speaker``, a substring)."""
        with ledger() as led:
            return {"total": led.count_quotes(q, speaker), "limit": limit, "offset": offset,
                    "items": led.search_quotes(q, speaker, limit=limit, offset=offset)}

    @app.get("/api/events", tags=["events"])
    def api_events(type: str | None = Query(None, description="PLOVER type, e.g. ASSAULT"),
                   actor: str | None = Query(None, description="substring of the actor or target name"),
                   place: str | None = Query(None, description="substring of a source's place name"),
                   since: str | None = Query(None, description="ISO date, inclusive"),
                   until: str | None = Query(None, description="ISO date, inclusive"),
                   story: int | None = None,
                   q: str | None = Query(None, description="words in the evidence"),
                   limit: int = Query(50, ge=1, le=MAX_LIMIT),
                   offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Ledger events (merged across reports), earliest first, each with ``sources`` (one per
        report that tells it, with its own date, place, fatalities and evidence) and
        ``conflicts`` (details the sources disagree on, with the sources for each value)."""
        with ledger() as led:
            total, items = led.events(type=type, actor=actor, place=place, since=since, until=until,
                                      story=story, q=q, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/events/{event_id}", tags=["events"])
    def api_event(event_id: int) -> dict[str, Any]:
        """One ledger event with its sources."""
        with ledger() as led:
            event = led.event(event_id)
        if event is None:
            raise HTTPException(404, f"event {event_id} not found")
        return event

    @app.get("/api/stories", tags=["stories"])
    def api_stories(limit: int = Query(50, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Stories (reports grouped by shared names and dates, near copies with their originals), newest first."""
        with ledger() as led:
            rows = led.story_list()
        return {"total": len(rows), "limit": limit, "offset": offset, "items": rows[offset:offset + limit]}

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def api_story(story_id: int) -> dict[str, Any]:
        """One story: its reports (copies marked), its ledger events and its shared figure keys."""
        with ledger() as led:
            story = led.story(story_id)
        if story is None:
            raise HTTPException(404, f"story {story_id} not found")
        return story

    @app.get("/api/claims", tags=["claims"])
    def api_claim_keys(min_reports: int = Query(1, ge=1), limit: int = Query(50, ge=1, le=MAX_LIMIT),
                       offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Figure keys (``people:dead``, ``hostages:held``...) with counts and date ranges."""
        with ledger() as led:
            rows = led.claim_keys(min_reports)
        return {"total": len(rows), "limit": limit, "offset": offset, "items": rows[offset:offset + limit]}

    @app.get("/api/claims/{key}", tags=["claims"])
    def api_claims(key: str, story: int | None = None, limit: int = Query(MAX_LIMIT, ge=1, le=MAX_LIMIT),
                   offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Claims over time: every figure with this key, oldest first, with who said it, when,
        in which report (``copy``: the report is a near copy of another)."""
        with ledger() as led:
            rows = led.claims(key, story)
        return {"key": key, "total": len(rows), "limit": limit, "offset": offset,
                "items": rows[offset:offset + limit]}

    @app.get("/api/figures", tags=["claims"])
    def api_figures(key: str | None = Query(None, description="exact key, or a prefix ending in ':' or '*'"),
                    q: str | None = None, limit: int = Query(50, ge=1, le=MAX_LIMIT),
                    offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Figures as flat rows, by key and words."""
        with ledger() as led:
            total, items = led.figures(key, q, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/map", tags=["places"])
    def api_map() -> dict[str, Any]:
        """Events with coordinates and places with report counts (what the map draws)."""
        with ledger() as led:
            return led.map_points()

    @app.post("/api/reports", tags=["reports"], status_code=201)
    def api_add_report(payload: dict[str, Any] = Body(..., examples=[{
                           "text": "Report text or an HTML page", "input": "my-report-1",
                           "url": None, "published": "2025-03-04"}]),
                       authorization: str | None = Header(None)) -> dict[str, Any]:
        """Add one report (text or HTML) to the ledger through the pipeline. Needs
        ``Authorization: Bearer TOKEN`` (the server's NEWSLEDGER_TOKEN)."""
        _check_token(write_token, authorization)
        text = payload.get("text")
        if not isinstance(text, str) or not text.strip():
            raise HTTPException(422, "'text' (the report, as text or HTML) is required")
        if len(text.encode("utf-8")) > MAX_POST_BYTES:
            raise HTTPException(413, "report over the size limit")
        return _ingest_text(path, text, payload, settings)

    @app.get("/api/stats", tags=["ledger"])
    def api_stats() -> dict[str, int]:
        """Row counts per table."""
        with ledger() as led:
            return led.stats()

    return app


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()]


def _friendly(status: int, detail: Any) -> str:
    if status == 404:
        return detail if isinstance(detail, str) and detail != "Not Found" else (
            "There is nothing at this address.")
    return str(detail) if detail else "Something went wrong."


_EVENT_TYPES = ("ASSAULT", "COERCE", "PROTEST", "THREATEN", "MOBILIZE", "SANCTION", "ACCUSE", "REJECT",
                "REQUEST", "CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT")


def _check_token(expected: str | None, authorization: str | None) -> None:
    if not expected:
        raise HTTPException(403, f"writing is off: start the server with {TOKEN_ENV} set")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "a valid 'Authorization: Bearer TOKEN' header is needed",
                            headers={"WWW-Authenticate": "Bearer"})


def _ingest_text(path: str, text: str, payload: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """Run the pipeline over posted text (its bytes, named by the report's input)."""
    import hashlib

    from newsledger.pipeline import analyse_batch, read_or_fail
    from newsledger.record import Failure

    published = payload.get("published")
    input_name = str(payload.get("input") or "api:" + hashlib.sha256(text.encode()).hexdigest()[:16])
    read = read_or_fail(input_name, data=text.encode("utf-8"), url=payload.get("url"), published=published)
    (record,) = analyse_batch([read], settings)
    if isinstance(record, Failure):
        _log_failure(input_name, record.error)
        raise HTTPException(422, record.error)
    try:
        with Ledger(path) as led:
            added = led.ingest(record)
            found = led.find(input_name)
    except Exception as exc:  # rolled back by the ledger: nothing of this report is stored
        _log_failure(input_name, f"not stored: {type(exc).__name__}: {exc}")
        raise HTTPException(503, f"not stored: {type(exc).__name__}: {exc}") from None
    return {"input": input_name, "added": added, **(found or {"id": None, "duplicate_of": None})}


def _log_failure(input_name: str, error: str) -> None:
    """One line on the server's standard error naming the input, as the CLI does."""
    sys.stderr.write(f"newsledger: {input_name}: {' '.join(error.split())}\n")
    sys.stderr.flush()


def _pager(page_number: int, total: int, size: int = PAGE_SIZE) -> dict[str, Any]:
    pages = max(1, math.ceil(total / size))
    return {"page": page_number, "pages": pages,
            "prev": page_number - 1 if page_number > 1 else None,
            "next": page_number + 1 if page_number < pages else None}


def _terms_of(q: str | None) -> list[str]:
    from newsledger.ledger._search import terms

    return [t.text for t in terms(q)]


def _version() -> str:
    from newsledger import __version__

    return __version__
