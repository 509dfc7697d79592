"""RSS and Atom feeds: the links of their entries, with each entry's date when given.

One public entry, :func:`feed_entries`. Parsed with the standard library's expat-based
ElementTree; a document type with entity declarations is refused outright (no entity
expansion tricks from a feed someone else controls).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from newsledger.errors import InputError

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"
_DC = "{http://purl.org/dc/elements/1.1/}"


@dataclass(frozen=True)
class Entry:
    url: str
    title: str | None
    published: str | None  # ISO date, when the feed gives one


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    if any(t in content_type for t in ("rss", "atom")):
        return True
    head = data[:2048].lstrip()
    return head.startswith(b"<?xml") and _FEED_ROOT.search(data[:4096]) is not None \
        or _FEED_ROOT.match(head) is not None


def _iso(text: str | None) -> str | None:
    if not text:
        return None
    text = text.strip()
    if re.match(r"\d{4}-\d{2}-\d{2}", text):
        return text[:10]
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def feed_entries(input: str, data: bytes, base_url: str | None = None) -> list[Entry]:
    """The entries of an RSS 2.0, RSS 1.0 or Atom feed, in feed order, without repeats."""
    if b"<!ENTITY" in data[:65536].upper():
        raise InputError(input, "feed declares XML entities: refused")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(input, f"not a readable feed ({exc})") from None
    found: list[Entry] = []
    for item in root.iter():
        tag = item.tag
        if tag in ("item", f"{_RSS1}item"):
            link = (item.findtext("link") or item.findtext(f"{_RSS1}link") or "").strip()
            if not link:
                guid = item.find("guid")
                if guid is not None and (guid.get("isPermaLink", "true") != "false"):
                    link = (guid.text or "").strip()
            title = item.findtext("title") or item.findtext(f"{_RSS1}title")
            date = _iso(item.findtext("pubDate") or item.findtext(f"{_DC}date"))
        elif tag == f"{_ATOM}entry":
            link = ""
            for candidate in item.findall(f"{_ATOM}link"):
                if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                    link = candidate.get("href", "").strip()
                    break
            title = item.findtext(f"{_ATOM}title")
            date = _iso(item.findtext(f"{_ATOM}published") or item.findtext(f"{_ATOM}updated"))
        else:
            continue
        if link:
            url = urljoin(base_url, link) if base_url else link
            found.append(Entry(url=url, title=(title or "").strip() or None, published=date))
    seen: set[str] = set()
    return [e for e in found if not (e.url in seen or seen.add(e.url))]
