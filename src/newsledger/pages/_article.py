"""Placeholder: the pages helper owns this package."""

from __future__ import annotations

from newsledger.record import Article
from newsledger.sources import RawInput


def to_article(raw: RawInput, *, url: str | None = None, published: str | None = None) -> Article:
    body = "\n\n".join(p.strip() for p in raw.text.split("\n\n") if p.strip())
    return Article(url=url, published=published, body=body, source_format="text")
