"""The event filters of a request's query string, read the same way for the API, the pages and
the downloads (the filters themselves, and how an event matches, are in the ledger:
:data:`newsledger.ledger._workbench.FILTERS`)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError

from newsledger.ledger._workbench import FILTERS
from newsledger.shells._guards import MAX_INT, iso_date

MAX_FILTER_CHARS = 200


def event_filters(request: Request) -> dict[str, str]:
    """The filters set in the query string, checked: a date that is not ISO, a story or actor id
    that is not a positive 64-bit integer, a value that is not one the filter takes (an actor
    kind, an ISO3 code) or an over-long value is a 422 naming the parameter."""
    out: dict[str, str] = {}
    for name, spec in FILTERS.items():
        value = request.query_params.get(name)
        if value is None or not value.strip():
            continue
        value = value.strip()
        if len(value) > MAX_FILTER_CHARS:
            raise HTTPException(422, f"{name}: longer than {MAX_FILTER_CHARS} characters")
        if spec.kind == "date":
            value = iso_date(value, name, partial=True)
        elif spec.kind == "int" and not (value.isdigit() and 1 <= int(value) <= MAX_INT):
            # as FastAPI's own check of a number would: 422 in the API, "nothing here" on a page
            raise RequestValidationError([{"loc": ("query", name), "type": "value_error",
                                           "msg": f"not a positive 64-bit integer: {value!r}"}])
        if spec.pattern and not re.fullmatch(spec.pattern, value, re.IGNORECASE):
            raise RequestValidationError([{"loc": ("query", name), "type": "value_error",
                                           "msg": f"not a valid {spec.label.lower()}: {value!r}"}])
        out[name] = value
    return out


def openapi_parameters() -> dict[str, Any]:
    """The filters as OpenAPI query parameters (``openapi_extra`` of each route that reads them)."""
    return {"parameters": [
        {"name": name, "in": "query", "required": False, "description": spec.description,
         "schema": {"type": "integer" if spec.kind == "int" else "string",
                    **({"pattern": spec.pattern} if spec.pattern else {})}}
        for name, spec in FILTERS.items()]}
