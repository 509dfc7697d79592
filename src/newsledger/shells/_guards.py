"""What every request and response goes through, whatever the route: security headers,
``HEAD`` wherever ``GET`` works, a limit on the request body, and the checks of numbers and
dates that keep bad input a 4xx rather than a 500.

The middlewares are plain ASGI so that they see every response (static files and error pages
included) and can stop an oversized body before any route reads it.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from fastapi import HTTPException

# SQLite and PostgreSQL integers are signed 64-bit: a larger id, offset or limit would raise
# OverflowError in the driver (a 500), so the routes refuse it first (a 422).
MAX_INT = 2**63 - 1

# Scripts and styles only from this server: no inline script, no eval, nothing from elsewhere.
# Inline SVG (charts, the map) needs no exception: its colours are attributes, not styles.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),  # for browsers that predate frame-ancestors
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),  # report URLs in our query strings stay here
]


def max_page(page_size: int) -> int:
    """The largest page number whose offset, (page - 1) * page_size, still fits MAX_INT."""
    return MAX_INT // page_size


_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def iso_date(value: str | None, name: str, *, partial: bool = False) -> str | None:
    """``value`` when it is an ISO date (YYYY-MM-DD; with ``partial``, also YYYY or YYYY-MM,
    which the event filters compare as prefixes), None when empty; else a 422 naming ``name``.
    Without this a bad date compares as a string and silently matches nothing."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and _PARTIAL_DATE.fullmatch(value):
        full = value + "-01" * (2 - value.count("-"))
        if partial or value.count("-") == 2:
            try:
                date.fromisoformat(full)
                return value
            except ValueError:
                pass
    shape = "YYYY, YYYY-MM or YYYY-MM-DD" if partial else "YYYY-MM-DD"
    raise HTTPException(422, f"{name}: not an ISO date ({shape}): {value!r}")


# -- middlewares ---------------------------------------------------------------------------


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP response (those it already has are kept)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadAsGet:
    """Answers ``HEAD`` as the same ``GET`` without its body (RFC 9110: same status and
    headers, Content-Length included). FastAPI routes declared with ``get`` take no HEAD."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def send_headers_only(message: dict) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the body is dropped; only its end is passed on
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


class BodyLimit:
    """Refuses a request body over ``max_bytes`` with a 413: at once when Content-Length says
    so, and while reading when the body is chunked or its Content-Length lies."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            return await self._refuse(send)
        seen = 0

        async def counted_receive() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # FastAPI passes an HTTPException from reading the body on to the app's
                    # handler, which answers it as JSON under /api
                    raise HTTPException(413, self._reason())
            return message

        await self.app(scope, counted_receive, send)

    def _reason(self) -> str:
        return f"request body over the size limit ({self.max_bytes} bytes)"

    async def _refuse(self, send: Any) -> None:
        body = json.dumps({"detail": self._reason()}).encode()
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: dict) -> int | None:
    """The declared body length; None when absent or unreadable (then the count decides)."""
    for key, value in scope.get("headers", []):
        if key.lower() == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None
