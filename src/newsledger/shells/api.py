"""The web UI and the JSON API over a ledger: ``create_app(db_path)`` gives a FastAPI app.

Shell only: every answer comes from :class:`newsledger.ledger.Ledger`. The UI's pages are in
:mod:`newsledger.shells.web.views`, the API's routes in :mod:`newsledger.shells.api_routes`;
this module puts them together with the error pages and the write path. Pages are Jinja2
templates with autoescape on; the one piece of trusted markup is the annotated body, built in
:mod:`newsledger.shells.web.highlight` from escaped text. Static files are served from the
package: the UI makes no request outside this server.
"""

from __future__ import annotations

import hmac
import sys
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsledger.ledger import Ledger, SearchSyntaxError
from newsledger.settings import TOKEN_ENV, Settings
from newsledger.shells._access import opener
from newsledger.shells._guards import BodyLimit, HeadAsGet, SecurityHeaders, iso_date
from newsledger.shells.api_routes import MAX_BODY_BYTES, api_routes, check_payload, check_post
from newsledger.shells.web.views import PAGE_SIZE, WEB_DIR, templates, ui_routes  # noqa: F401  (PAGE_SIZE: tests read it here)


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
    pages = templates()
    app = FastAPI(
        title="newsledger",
        summary="News reports as sourced records: entities, quotes, events, places, figures.",
        version=_version(),
        # The default /docs and /redoc pages load scripts from a CDN; the UI stays offline.
        docs_url=None,
        redoc_url=None,
    )
    # Added last = outermost: the headers go on every answer, the 413 and HEAD ones included.
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(WEB_DIR.joinpath("static"))), name="static")

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return pages.TemplateResponse(request, name, context, status_code=status_code)

    # -- errors: JSON under /api, a friendly page elsewhere ------------------------------

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        return page(request, "error.html", status_code=exc.status_code,
                    status=exc.status_code, message=_friendly(exc.status_code, exc.detail))

    @app.exception_handler(SearchSyntaxError)
    async def search_error(request: Request, exc: SearchSyntaxError) -> Response:
        # a search that cannot be read is the asker's to fix: 400 with the reason
        reason = f"q: cannot read the search: {exc}"
        if _is_api(request):
            return JSONResponse({"detail": reason}, status_code=400)
        return page(request, "error.html", status_code=400, status=400, message=reason)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": jsonable_errors(exc)}, status_code=422)
        # /reports/abc or ?page=x: nothing to show rather than a stack of field errors
        return page(request, "error.html", status_code=404, status=404,
                    message=_friendly(404, None))

    def add_report(text: Any, payload: dict[str, Any], authorization: str | None) -> dict[str, Any]:
        _check_token(write_token, authorization)
        text = check_post(text)
        check_payload(payload)
        # a bad date would be stored as the report's date and break every date filter
        payload = {**payload, "published": iso_date(payload.get("published"), "published")}
        return _ingest_text(path, text, payload, settings)

    ledger = opener(path)
    app.include_router(ui_routes(ledger, page))
    app.include_router(api_routes(ledger, add_report))
    return app


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()]


def _friendly(status: int, detail: Any) -> str:
    if status == 404:
        return detail if isinstance(detail, str) and detail != "Not Found" else (
            "There is nothing at this address.")
    return str(detail) if detail else "Something went wrong."


def _check_token(expected: str | None, authorization: str | None) -> None:
    if not expected:
        raise HTTPException(403, f"writing is off: start the server with {TOKEN_ENV} set")
    given = _bearer(authorization)
    # compare_digest: the time taken does not tell how much of a guess was right
    if given is None or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "a valid 'Authorization: Bearer TOKEN' header is needed",
                            headers={"WWW-Authenticate": "Bearer"})


def _bearer(authorization: str | None) -> str | None:
    """The token of ``Bearer TOKEN`` (the scheme's case does not matter, RFC 9110); None for
    anything else, a raw token included, so that no other scheme is read as ours."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        return None
    return token


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


def _version() -> str:
    from newsledger import __version__

    return __version__
