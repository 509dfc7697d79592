"""Is the text an HTML page or a plain-text scrape?

A leading "<" is not enough (a scrape may start with "<Reuters>" or a quote in angle
brackets), and HTML may start with a comment, a BOM or an XML declaration. We look for
document-level tags near the start, then for several ordinary block tags.
"""

from __future__ import annotations

import re

_HEAD = 4096
_ALL_TAGS_SHARE = 0.9
_ANY_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9:-]*\b[^<>]{0,500}>")
_DOCUMENT_TAG = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|article|section|main|span|a|h[1-6]|br|meta|title|script|style|link|ul|li|figure)\b[^<>]{0,500}>",
    re.IGNORECASE,
)
_CLOSING_TAG = re.compile(r"</(?:p|div|article|section|span|a|h[1-6]|title|li|figure)>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    head = text[:_HEAD]
    if _DOCUMENT_TAG.search(head):
        return True
    # A fragment: several tags, some of them closed, and the text starts with markup.
    # A fragment nested deep enough has no closing tag near the start: a head that is
    # nothing but tags is markup all the same.
    if not head.lstrip().startswith("<"):
        return False
    if len(_BLOCK_TAG.findall(head)) >= 3 and _CLOSING_TAG.search(head) is not None:
        return True
    tags = _ANY_TAG.findall(head)
    stripped = "".join(head.split())
    return len(tags) >= 3 and sum(len(tag) for tag in tags) >= _ALL_TAGS_SHARE * len(stripped)
