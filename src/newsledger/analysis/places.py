"""places: placeholder; its helper replaces this module."""

from __future__ import annotations

from spacy.tokens import Doc

from newsledger.record import Record


def annotate(doc: Doc, record: Record) -> None:
    """Fill `record.places` from the Doc."""
    return None
