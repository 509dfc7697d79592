"""Publication dates written on the page: "Published May 7, 2024", "Tue 7 May 2024 14.02 BST".

Written-out month names and ISO dates are read; a numeric "21/03/2025" only when one order
alone makes a date: "07/05/2024" is May or July depending on the publisher, and an unknown
value must stay None rather than be guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_FORMS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # May 7, 2024
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),  # 7 May 2024
    re.compile(rf"\b{_YEAR}-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),  # 2024-05-07
]
# Translated editions and regional pages keep their own language's date line ("Chiclayo,
# miércoles 15 de octubre de 2025", "14 mars 2025"): Spanish, Portuguese and French month names.
_ROMANCE_MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9,
    "outubro": 10, "novembro": 11, "dezembro": 12,
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "août": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}
_ROMANCE_FORM = re.compile(
    rf"\b{_DAY}\s+(?:de\s+)?(?P<month>{'|'.join(sorted(_ROMANCE_MONTHS, key=len, reverse=True))})\s+(?:de\s+)?{_YEAR}\b",
    re.IGNORECASE)
_LABEL = re.compile(
    r"^(?:(?:first|originally)\s+)?(published|posted|updated|last\s+updated|modified|last\s+modified)\b",
    re.IGNORECASE,
)
# What may surround a date on a date line: weekdays, times, zones, labels, separators.
_FILLER = re.compile(
    r"\b(?:(?:first|originally|last)\s+)?(?:published|posted|updated|modified|on|at|date|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\b\.?"
    r"|\b\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?|\b[ap]\.?m\.?\b|(?-i:\b[A-Z]{2,5}\b)|\b(?:utc|gmt)(?:[+-]\d+)?\b"
    r"|\b\d+\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)\s+ago\b"
    r"|[|•·,:;()/—–+-]",
    re.IGNORECASE,
)
_MAX_FILLER_WORDS = 2


@dataclass(frozen=True)
class DateLine:
    value: str  # ISO date
    label: str | None  # "published", "updated"... as written, lower case; None when bare


# "21/03/2025", "03.21.2025": read only when one order alone makes a date (a part above 12) or
# both orders give the same day; "07/05/2024" stays unread.
_NUMERIC = re.compile(r"(?<![\d/.])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)(?![\d/.])")


def _readings(match: re.Match[str]) -> set[date]:
    """The dates a numeric date can be, day first or month first."""
    a, b, year = int(match.group("a")), int(match.group("b")), int(match.group("year"))
    out = set()
    for day, month in ((a, b), (b, a)):
        try:
            out.add(date(year, month, day))
        except ValueError:
            continue
    return out


def _numeric_iso(match: re.Match[str]) -> str | None:
    readings = _readings(match)
    return readings.pop().isoformat() if len(readings) == 1 else None


def numeric_readings(text: str) -> list[date]:
    """Every date the first numeric date in text can be ("07.05.2025": 7 May and 5 July)."""
    match = _NUMERIC.search(text)
    return sorted(_readings(match)) if match else []


def month_number(name: str) -> int | None:
    """The month an English, Spanish, Portuguese or French month name (or abbreviation) names."""
    text = name.lower().rstrip(".")
    return _ROMANCE_MONTHS.get(text) or _MONTHS.get(text[:4] if text.startswith("sept") else text[:3])


def find_date(text: str) -> str | None:
    """The first full date written in text, as ISO, or None."""
    for form in (*_DATE_FORMS, _ROMANCE_FORM):
        match = form.search(text)
        if match:
            value = _iso(match)
            if value:
                return value
    match = _NUMERIC.search(text)
    return _numeric_iso(match) if match else None


def date_line(line: str) -> DateLine | None:
    """A line that is a date and little else ("Updated 3.15pm BST, Tue 7 May 2024")."""
    if len(line) > 120:
        return None
    for form in _DATE_FORMS:
        match = form.search(line)
        if not match:
            continue
        value = _iso(match)
        if value is None:
            return None
        rest = _FILLER.sub(" ", line[: match.start()] + " " + line[match.end():])
        if len(rest.split()) > _MAX_FILLER_WORDS:
            return None
        label = _LABEL.match(line.strip())
        return DateLine(value, " ".join(label.group(1).lower().split()) if label else None)
    match = _NUMERIC.search(line)
    value = _numeric_iso(match) if match else None
    if value is not None and len(_FILLER.sub(" ", line[: match.start()] + " " + line[match.end():]).split()) <= _MAX_FILLER_WORDS:
        label = _LABEL.match(line.strip())
        return DateLine(value, " ".join(label.group(1).lower().split()) if label else None)
    return None


_BARE_LABEL = re.compile(_LABEL.pattern + r"\s*(?:on)?\s*:?$", re.IGNORECASE)


def date_label(line: str) -> str | None:
    """A line that is only a date's label ("Published", "Last updated:"), lower case, or None."""
    match = _BARE_LABEL.match(line.strip())
    return " ".join(match.group(1).lower().split()) if match else None


def _iso(match: re.Match[str]) -> str | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else month_number(month_text)
    try:
        return date(int(match.group("year")), month or 0, int(match.group("day"))).isoformat()
    except ValueError:
        return None
