"""A plain-text scrape to an Article: units (lines or unwrapped paragraphs), clutter out."""

from __future__ import annotations

import re

from newsledger.pages import byline as bylines
from newsledger.pages import paragraphs
from newsledger.pages.clutter import separate, without_author_bios
from newsledger.pages.dateline import find_date
from newsledger.pages.english import detect_english
from newsledger.record import Article


def text_article(text: str) -> tuple[Article, str | None]:
    """(article without url/published, the date written on the page or None)."""
    found = separate(paragraphs.units(text), plain=True)
    body = without_author_bios("\n\n".join(found.texts[i] for i in found.body), found.byline)
    others = [found.texts[i] for i in found.body[1:]]
    article = Article(
        title=found.title,
        publisher=found.publisher,
        language=detect_english(body),
        copyright=found.copyright,
        byline=bylines.located(found.byline, *bylines.page_lines(found.texts, found.body), others),
        dateline=bylines.dateline_place(*bylines.page_lines(found.texts, found.body)[:2], others),
        body=body,
        media=found.media,
        comments_enabled=found.comments_enabled,
        source_format="text",
    )
    return article, found.published or _header_date(found)


def _header_date(found) -> str | None:
    """A scrape with no date line of its own still often writes the date in its head: beside
    the byline ("By Staff Reporter | April 9, 2025 | 7 Comments"), in a programme line
    ("The Morning Briefing, Wednesday 4 June 2025") or a place-and-date line ("Chiclayo,
    miércoles 15 de octubre de 2025"); a wire dateline gives the month and day ("BAMAKO, Mali,
    March 12 (Agency) -") and the copyright line the year. The first full date in the lines
    around the body's start that are not body, or in its first paragraph, is the report's date."""
    body = set(found.body)
    first = found.body[0] if found.body else len(found.texts) - 1
    head = [t for i, t in enumerate(found.texts[:first + HEAD_LINES]) if i not in body or i == first]
    for text in head:
        value = find_date(text)
        if value:
            return value
    year = _YEAR.search(found.copyright or "") or next(
        (m for t in reversed(found.texts) if (m := _COPYRIGHT_YEAR.search(t))), None)
    lead = found.texts[first] if found.body else ""
    dateline = _DATELINE_DAY.match(lead)
    if year and dateline:
        return find_date(f"{dateline.group('month')} {dateline.group('day')}, {year.group('year')}")
    return None


# How far past the body's first paragraph the head's own lines (byline, date, share bar) may lie.
HEAD_LINES = 6
_YEAR = re.compile(r"\b(?P<year>(?:19|20)\d\d)\b")
_COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|copyright)[^\n]{0,60}?\b(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
# "BAMAKO, Mali, March 12 (Sahel Wire Service) -": a capitalised place, then a month and a day.
_DATELINE_DAY = re.compile(
    r"^[A-Z][^a-z\n]{1,40}(?:,\s*[A-Z][\w .'-]{1,30})?,\s*"
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)\s+(?P<day>[0-3]?\d)\b")
