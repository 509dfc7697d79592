"""How routes reach the ledger: one connection per request, and 404 when there is nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TypeVar

from fastapi import HTTPException

from newsledger.ledger import Ledger

T = TypeVar("T")
OpenLedger = Callable[[], AbstractContextManager[Ledger]]


def opener(path: str) -> OpenLedger:
    """Opens the ledger at ``path``: one connection per request, since sqlite3 connections
    belong to one thread, reading one state of the ledger while an ingest may be writing."""
    @contextmanager
    def open_ledger() -> Iterator[Ledger]:
        with Ledger(path) as led, led.snapshot():
            yield led
    return open_ledger


def read_or_404(open_ledger: OpenLedger, read: Callable[[Ledger], T | None], missing: str) -> T:
    """What ``read`` finds in the ledger; a 404 saying ``missing`` when it finds nothing
    (None, or an empty list)."""
    with open_ledger() as led:
        found = read(led)
    if found is None or found == []:
        raise HTTPException(404, missing)
    return found
