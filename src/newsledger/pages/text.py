"""A plain-text scrape to an Article: units (lines or unwrapped paragraphs), clutter out."""

from __future__ import annotations

import re
from datetime import date

from newsledger.pages import byline as bylines
from newsledger.pages import paragraphs
from newsledger.pages.clutter import separate, without_author_bios
from newsledger.pages.dateline import find_date, month_number, numeric_readings
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
    if found.published:
        return article, found.published
    value, guessed = _header_date(found)
    if guessed:
        article.published_source = "weekday"
    return article, value


def _header_date(found) -> tuple[str | None, bool]:
    """A scrape with no date line of its own still often writes the date in its head: beside
    the byline ("By Staff Reporter | April 9, 2025 | 7 Comments"), in a programme line
    ("The Morning Briefing, Wednesday 4 June 2025") or a place-and-date line ("Chiclayo,
    miércoles 15 de octubre de 2025"); a wire dateline gives the month and day ("BAMAKO, Mali,
    March 12 (Agency) -") and the copyright line the year. The first full date in the lines
    around the body's start that are not body, or in its first paragraph, is the report's date.
    (date, whether its year is only guessed from the weekday the lead names)."""
    body = set(found.body)
    first = found.body[0] if found.body else len(found.texts) - 1
    head = [t for i, t in enumerate(found.texts[:first + HEAD_LINES]) if i not in body or i == first]
    for text in head:
        value = find_date(text)
        if value:
            return value, False
    lead = found.texts[first] if found.body else ""
    opening = " ".join(found.texts[i] for i in found.body[:3])
    # "07.05.2025 09:41": May or July; the reading whose weekday or month the report names
    for text in head:
        readings = numeric_readings(text)
        if len(readings) > 1:
            return _told_by_the_text(readings, lead, opening), False
    year = _YEAR.search(found.copyright or "") or next(
        (m for t in reversed(found.texts) if (m := _COPYRIGHT_YEAR.search(t))), None)
    dateline = _DATELINE_DAY.match(lead)
    if year and dateline:
        return find_date(f"{dateline.group('month')} {dateline.group('day')}, {year.group('year')}"), False
    if dateline:
        guess = _year_by_weekday(dateline.group("month"), int(dateline.group("day")), lead)
        return guess, guess is not None
    return None, False


def _told_by_the_text(readings: list[date], lead: str, opening: str) -> str | None:
    """The one reading of an ambiguous date the report bears out: its weekday named in the lead,
    its month named in the opening paragraphs. None when no reading, or more than one, does."""
    named_days = {WEEKDAYS.index(w.lower()) for w in _WEEKDAY_NAME.findall(lead)}
    named_months = {month_number(m) for m in _MONTH_NAME.findall(opening)}
    scored = [(float(d.weekday() in named_days) + float(d.month in named_months), d) for d in readings]
    best = max(score for score, _d in scored)
    chosen = [d for score, d in scored if score == best]
    return chosen[0].isoformat() if best > 0 and len(chosen) == 1 else None


def _year_by_weekday(month: str, day: int, lead: str, today: date | None = None) -> str | None:
    """A wire dateline's month and day with no year anywhere on the page ("BANGUI, March 11
    (Agency) -"): the latest year, not after today, in which that day falls on the weekday the
    lead gives the report's own day. Wire leads name it beside a verb of saying ("officials
    said on Friday"); failing that, the weekday the lead names is the day of what it tells,
    which a wire most often files the same day, else the next ("raided the village on Tuesday"
    in a report of Tuesday or Wednesday). Calendars repeat a weekday for a given day about
    every seven years, so only the last seven are looked at, the latest year first (a report
    is read soon after it is written). None when no year fits."""
    today = today or date.today()
    number = month_number(month)
    said = {WEEKDAYS.index(m.group("day").lower()) for m in _SAID_ON.finditer(lead)}
    named = {WEEKDAYS.index(w.lower()) for w in _WEEKDAY_NAME.findall(lead)}
    for weekdays, days_after in ((said, (0,)), (named, (0,)), (named, (1,))):
        for year in range(today.year, today.year - 7, -1):
            try:
                when = date(year, number, day)
            except ValueError:
                continue
            if when <= today and any((when.weekday() - w) % 7 in days_after for w in weekdays):
                return when.isoformat()
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
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WEEKDAY_NAME = re.compile(rf"\b({_DAY_NAMES})\b")
_MONTH_NAME = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|"
                         r"December)\b")
# "said on Friday", "told reporters Friday", "announced late on Monday"
_SAID_ON = re.compile(rf"\b(?:said|says|told|announced|reported|confirmed|added|stated)\b(?:\s+[\w'-]+){{0,3}}?"
                      rf"\s+(?:on\s+)?(?P<day>{_DAY_NAMES})\b")
