"""The web UI and the JSON API over a ledger: ``create_app(db_path)`` gives a FastAPI app.

Shell only: every answer comes from :class:`newsledger.ledger.Ledger`. Pages are Jinja2
templates with autoescape on; the one piece of trusted markup is the annotated body,
built in :mod:`newsledger.shells.web.highlight` from escaped text. Static files are
served from the package: the UI makes no request outside this server.
"""

from __future__ import annotations

import math
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsledger.ledger import Ledger
from newsledger.record import Record
from newsledger.shells.web import highlight

WEB_DIR = files("newsledger").joinpath("shells", "web")
PAGE_SIZE = 20
MAX_LIMIT = 500


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


def create_app(db_path: str | Path) -> FastAPI:
    """The app over the ledger at ``db_path`` (created, empty, when missing)."""
    path = str(db_path)
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


def _pager(page_number: int, total: int) -> dict[str, Any]:
    pages = max(1, math.ceil(total / PAGE_SIZE))
    return {"page": page_number, "pages": pages,
            "prev": page_number - 1 if page_number > 1 else None,
            "next": page_number + 1 if page_number < pages else None}


def _terms_of(q: str | None) -> list[str]:
    from newsledger.ledger._search import terms

    return [t.text for t in terms(q)]


def _version() -> str:
    from newsledger import __version__

    return __version__
