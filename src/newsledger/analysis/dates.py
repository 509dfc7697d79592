"""dates: date expressions in the body, each resolved against the report's own date.

``annotate`` fills ``record.dates`` with :class:`DateMention` items. The reference date is
``record.article.published`` (a date or datetime string, or None).

Conventions (news usage):
- A weekday ("Monday night", "on Tuesday", "Tuesday's advance") is the most recent such day
  on or before the reference date; when its clause is in the future ("will meet on
  Thursday") it is the next such day on or after it.
- A month-day without a year ("October 7") and a month alone ("in November") are the most
  recent such date/month not after the reference (the next one when the clause is future).
- "the weekend" is the weekend on or before the reference: value is its Saturday,
  granularity "range" (a two-day span starting at ``value``).
- "last/this/next week": value is the Monday of that week, granularity "week".
- Months and years are reduced-precision ISO ("2023-11", "2023"), granularity "month"/"year":
  a day is never invented.
- Spans that are not points ("in recent days", "for months") and spaCy DATE/TIME entities we
  cannot resolve are kept with value None.
- Without a reference date only expressions that carry their own year resolve.

Mention text is kept tight ("Tuesday", not "on Tuesday"), except for the vague spans, where
the preposition is what makes them vague ("for months").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from spacy.tokens import Doc, Token

from newsledger.analysis._spans import text_of
from newsledger.record import DateMention, Record

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "a couple": 2,
}

# Month names are matched case-sensitively (capitalised) so "may"/"march" as words never match.
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_FULL_MONTH_NOT_MAY = (r"(?:January|February|March|April|June|July|August|September|October|"
                       r"November|December)")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COUNT = (r"(?:a couple of|a couple|a few|several|a|an|one|two|three|four|five|six|seven|"
          r"eight|nine|ten|eleven|twelve|\d{1,3})")
_APPROX = r"(?:about|around|roughly|nearly|almost|some|more than|less than|over|just|only)"
_I = re.IGNORECASE


def _reference(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def _month_number(text: str) -> int:
    return MONTHS[text.rstrip(".").lower()]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# A resolver gets the match, the reference date (or None) and whether the clause is future,
# and returns (value, granularity).
Resolved = tuple[str | None, str | None]
Resolver = Callable[[re.Match, date | None, bool], Resolved]


def _iso(m: re.Match, ref: date | None, future: bool) -> Resolved:
    d = _safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
    return (d.isoformat(), "day") if d else (None, None)


def _month_day_year(m: re.Match, ref: date | None, future: bool) -> Resolved:
    d = _safe_date(int(m["year"]), _month_number(m["month"]), int(m["day"]))
    return (d.isoformat(), "day") if d else (None, None)


_UNTIL = re.compile(r"\b(?:until|till|til)\s+$", re.IGNORECASE)


def _month_day(m: re.Match, ref: date | None, future: bool | None) -> Resolved:
    """``future`` None: a span's end ("until 25 February"), past or to come whatever the verb's
    tense: the nearer of the two readings."""
    month, day = _month_number(m["month"]), int(m["day"])
    if ref is None or not 1 <= day <= 31:
        return None, "day"
    if future is None:
        readings = [v for v in (_month_day(m, ref, False)[0], _month_day(m, ref, True)[0]) if v]
        return min(readings, key=lambda v: abs((date.fromisoformat(v) - ref).days), default=None), "day"
    for year in ((ref.year, ref.year + 1) if future else (ref.year, ref.year - 1)):
        d = _safe_date(year, month, day)
        if d and ((d >= ref) if future else (d <= ref)):
            return d.isoformat(), "day"
    return None, "day"


def _month_year(m: re.Match, ref: date | None, future: bool) -> Resolved:
    return f"{int(m['year']):04d}-{_month_number(m['month']):02d}", "month"


def _month_alone(m: re.Match, ref: date | None, future: bool) -> Resolved:
    month = _month_number(m["month"])
    if ref is None:
        return None, "month"
    which = (m.groupdict().get("which") or "").lower()
    if which == "next" or (future and which != "last"):
        year = ref.year if month >= ref.month else ref.year + 1
        if which == "next" and month == ref.month:
            year += 1
    else:
        year = ref.year if month <= ref.month else ref.year - 1
        if which == "last" and month == ref.month:
            year -= 1
    return f"{year:04d}-{month:02d}", "month"


def _year(m: re.Match, ref: date | None, future: bool) -> Resolved:
    return m["year"], "year"


def _day_word(m: re.Match, ref: date | None, future: bool) -> Resolved:
    if ref is None:
        return None, "day"
    word = m.group(0).lower()
    if "yesterday" in word or word == "last night":
        shift = -1
    elif "tomorrow" in word:
        shift = 1
    else:  # today, tonight, this morning/afternoon/evening
        shift = 0
    return (ref + timedelta(days=shift)).isoformat(), "day"


def _weekday(m: re.Match, ref: date | None, future: bool) -> Resolved:
    if ref is None:
        return None, "day"
    wd = WEEKDAYS[m["weekday"].lower()]
    which = (m["which"] or "").lower()
    back = (ref.weekday() - wd) % 7
    ahead = (wd - ref.weekday()) % 7
    if which == "next":
        d = ref + timedelta(days=ahead or 7)
    elif which == "last":
        d = ref - timedelta(days=back or 7)
    elif future:
        d = ref + timedelta(days=ahead)
    else:
        d = ref - timedelta(days=back)
    return d.isoformat(), "day"


def _ago(m: re.Match, ref: date | None, future: bool) -> Resolved:
    unit = m["unit"].lower()
    granularity = {"day": "day", "week": "week", "month": "month", "year": "year"}[unit]
    count_text = m["count"].lower()
    count = int(count_text) if count_text.isdigit() else NUMBER_WORDS.get(count_text)
    if ref is None or count is None:  # "a few days ago": not a point we can name
        return None, granularity
    if unit == "day":
        return (ref - timedelta(days=count)).isoformat(), "day"
    if unit == "week":
        return (ref - timedelta(weeks=count)).isoformat(), "week"
    if unit == "month":
        months = ref.year * 12 + ref.month - 1 - count
        return f"{months // 12:04d}-{months % 12 + 1:02d}", "month"
    return f"{ref.year - count:04d}", "year"


def _relative_period(m: re.Match, ref: date | None, future: bool) -> Resolved:
    unit = m["unit"].lower()
    which = m["which"].lower()
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[which]
    if unit == "weekend":
        return _weekend_value(ref, step, future)
    if ref is None:
        return None, {"week": "week", "month": "month", "year": "year"}[unit]
    if unit == "week":
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
        return monday.isoformat(), "week"
    if unit == "month":
        months = ref.year * 12 + ref.month - 1 + step
        return f"{months // 12:04d}-{months % 12 + 1:02d}", "month"
    return f"{ref.year + step:04d}", "year"


def _weekend_value(ref: date | None, step: int, future: bool) -> Resolved:
    if ref is None:
        return None, "range"
    back = (ref.weekday() - 5) % 7  # days since the last Saturday (0 on a Saturday)
    saturday = ref - timedelta(days=back)
    if step > 0 or (step == 0 and future and back > 1):
        saturday = ref + timedelta(days=(5 - ref.weekday()) % 7 or 7)
    elif step < 0 and back <= 1:  # "last weekend" said on the weekend itself
        saturday -= timedelta(weeks=1)
    return saturday.isoformat(), "range"


def _the_weekend(m: re.Match, ref: date | None, future: bool) -> Resolved:
    return _weekend_value(ref, 0, future)


def _overnight(m: re.Match, ref: date | None, future: bool) -> Resolved:
    """"Overnight" in a report of the 15th: the night of the 14th into the 15th (two days)."""
    if ref is None:
        return None, "range"
    return (ref if future else ref - timedelta(days=1)).isoformat(), "range"


def _vague(m: re.Match, ref: date | None, future: bool) -> Resolved:
    return None, None


# What every match of a pattern holds, one of these words at least: a report without any of
# them is not searched with that pattern. (words, folded): case-insensitive patterns are checked
# in the lower-cased text, the others in the text as written. None: always searched.
_Needs = tuple[tuple[str, ...], bool]
_ISO_NEEDS: _Needs = (("-0", "-1"), False)
_MONTH_NEEDS: _Needs = (("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), False)
# The only characters that a case-insensitive pattern takes for an ASCII letter although they
# do not lower-case to it ("ſ" for s; "İ", "ı" for i): in a text holding one, every pattern runs.
_ODD_CASE = ("\u017f", "\u0130", "\u0131")

# (pattern, resolver, group giving the mention's span, needs), in priority order: an earlier
# pattern's match wins over any later one that overlaps it.
_PATTERNS: list[tuple[re.Pattern, Resolver, str | int, _Needs | None]] = [
    (re.compile(r"\b(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"), _iso, 0,
     _ISO_NEEDS),
    (re.compile(rf"\b(?P<month>{_MONTH})\s+{_DAY},?\s+{_YEAR}\b"), _month_day_year, 0,
     _MONTH_NEEDS),
    (re.compile(rf"\b{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH}),?\s+{_YEAR}\b"), _month_day_year, 0,
     _MONTH_NEEDS),
    (re.compile(rf"\b(?P<month>{_MONTH})\s+{_DAY}\b(?!,?\s*\d)"), _month_day, 0,
     _MONTH_NEEDS),
    (re.compile(rf"\b{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH})\b"), _month_day, 0,
     _MONTH_NEEDS),
    (re.compile(rf"\b(?P<month>{_MONTH})\s+{_YEAR}\b"), _month_year, 0,
     _MONTH_NEEDS),
    (re.compile(rf"\b(?:(?P<which>last|next|this|early|late|mid-)\s*)?(?P<month>{_FULL_MONTH_NOT_MAY})\b"
                r"(?![-\s]*\d)"), _month_alone, 0,
     _MONTH_NEEDS),
    (re.compile(rf"\b(?:in|since|until|by|during|from|through|throughout|of|early|late|mid-)\s+"
                rf"(?P<span>(?:(?P<which>last|next|this)\s+)?(?P<month>May))\b(?![-\s]*\d)"),
     _month_alone, "span",
     (("May",), False)),
    (re.compile(rf"\b(?i:in|since|by|until|during|from|through|before|after|early|late|mid-|around|of)"
                rf"\s+(?P<span>{_YEAR})\b(?!-\d)"),
     _year, "span",
     None),
    (re.compile(r"\b(?:(?:earlier|later)\s+)?(?:yesterday|today|tonight|tomorrow)\b"
                r"|\b(?:this\s+(?:morning|afternoon|evening)|last\s+night)\b", _I), _day_word, 0,
     (("yesterday", "today", "tomorrow", "morning", "afternoon", "evening", "night"), True)),
    (re.compile(rf"\b(?:(?P<which>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate)\s+)?(?P<weekday>{_WEEKDAY})"
                r"(?:\s+(?:morning|afternoon|evening|night))?\b"), _weekday, 0,
     (("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), False)),
    (re.compile(rf"\b(?:{_APPROX}\s+)?(?P<count>{_COUNT})\s+(?P<unit>day|week|month|year)s?\s+ago\b", _I),
     _ago, 0,
     (("ago",), True)),
    (re.compile(r"\b(?P<which>last|this|next|past)\s+(?P<unit>weekend|week|month|year)\b", _I),
     _relative_period, 0,
     (("week", "month", "year"), True)),
    (re.compile(r"\b(?:earlier|later)\s+(?P<which>this)\s+(?P<unit>week|month|year)\b", _I),
     _relative_period, 0,
     (("earlier", "later"), True)),
    (re.compile(r"\bthe\s+weekend\b", _I), _the_weekend, 0,
     (("weekend",), True)),
    (re.compile(r"\b(?:overnight|during\s+the\s+night|in\s+the\s+early\s+hours)\b(?!\s+(?:of|on)\b)", _I),
     _overnight, 0,
     (("overnight", "night", "early hours"), True)),
    (re.compile(r"\b(?:in|over|during|for)\s+(?:the\s+)?(?:recent|past|last|coming|next)\s+"
                r"(?:few\s+|several\s+|\d+\s+)?(?:days|weeks|months|years)\b"
                r"|\bfor\s+(?:days|weeks|months|years)\b", _I), _vague, 0,
     (("days", "weeks", "months", "years"), True)),
]


_FUTURE_AUX = {"will", "shall", "'ll", "’ll"}
# Verbs whose "to ..." complement lies ahead of them: "plans to meet on Thursday", and the
# commitments "agreed to hold talks on Thursday", "vowed to reopen the road on Monday".
_FUTURE_HEADS = {"plan", "schedule", "due", "intend", "expect", "set",
                 "agree", "promise", "pledge", "vow", "decide", "prepare", "propose", "offer", "aim"}


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _is_future(doc: Doc, char: int) -> bool:
    """Whether the clause governing the date at ``char`` is in the future tense."""
    token = _token_at(doc, char)
    steps = 0
    while token is not None and steps < 6:
        if token.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in token.children):
                return True
            if token.dep_ == "xcomp" and token.head.lemma_ in _FUTURE_HEADS:
                return True
            if token.dep_ not in ("xcomp", "conj"):
                return False
        if token.head.i == token.i:
            break
        token = token.head
        steps += 1
    return False


def find_dates(doc: Doc, published: str | None) -> list[DateMention]:
    """All date expressions in the Doc's text, in text order, resolved against ``published``."""
    text = text_of(doc)
    ref = _reference(published)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or e <= start for s, e in taken)

    lower = None if any(c in text for c in _ODD_CASE) else text.lower()
    for pattern, resolve, group, needs in _PATTERNS:
        if needs is not None and lower is not None:
            words, folded = needs
            where = lower if folded else text
            if not any(word in where for word in words):
                continue
        for m in pattern.finditer(text):
            start, end = m.span(group)
            if not free(start, end):
                continue
            needs_tense = resolve in (_weekday, _month_day, _month_alone, _the_weekend, _relative_period,
                                      _overnight)
            if resolve is _month_day and _UNTIL.search(text, max(0, start - 8), start):
                future = None  # "a curfew until 25 February": a span's end, whatever the verb's tense
            else:
                future = bool(ref) and needs_tense and _is_future(doc, start)
            value, granularity = resolve(m, ref, future)
            taken.append((start, end))
            found.append(DateMention(text=text[start:end], start=start, end=end,
                                     value=value, granularity=granularity))
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME") and free(ent.start_char, ent.end_char):
            taken.append((ent.start_char, ent.end_char))
            found.append(DateMention(text=ent.text, start=ent.start_char, end=ent.end_char))
    found.sort(key=lambda d: d.start)
    return found


def annotate(doc: Doc, record: Record) -> None:
    """Fill ``record.dates`` from the Doc."""
    record.dates = find_dates(doc, record.article.published)
