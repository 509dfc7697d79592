"""How routes reach the ledger: one connection per request, and 404 when there is nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi import HTTPException

from newsledger.ledger import Ledger

T = TypeVar("T")
OpenLedger = Callable[[], Ledger]


def opener(path: str) -> OpenLedger:
    """Opens the ledger at ``path``: one connection per request, since sqlite3 connections
    belong to one thread."""
    def open_ledger() -> Ledger:
        return Ledger(path)
    return open_ledger


def read_or_404(open_ledger: OpenLedger, read: Callable[[Ledger], T | None], missing: str) -> T:
    """What ``read`` finds in the ledger; a 404 saying ``missing`` when it finds nothing
    (None, or an empty list)."""
    with open_ledger() as led:
        found = read(led)
    if found is None or found == []:
        raise HTTPException(404, missing)
    return found
