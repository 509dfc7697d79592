"""Bylines: "By Jane Doe and John Roe", "Reporting by A and B in Tel Aviv, C in London",
"(Reporting by A; Editing by B)", an HTML author field "Jane Doe; John Roe".

Names come out one each, without "By", job titles or the agency; a location applies to
every name listed since the previous location ("A and B in Cairo" → both in Cairo).
"""

from __future__ import annotations

import re

from newsledger.record import Byline

# Credit roles whose people wrote the report; editors and producers are not its authors.
_AUTHOR_ROLES = {"reporting", "additional reporting", "further reporting", "writing", "reported"}
_CREDIT_CLAUSE = re.compile(
    r"^\s*((?:additional|further|extra)\s+reporting|reporting|writing|editing|compiled|compilation"
    r"|research|graphics|production|produced|fact[- ]checking|translation|translated|data|photos?"
    r"|video|design|illustrations?|reported)\s+by\s+(.+)$",
    re.IGNORECASE,
)
CREDIT_LINE = re.compile(
    r"^[(\[]?\s*(?:(?:additional|further|extra)\s+)?(?:reporting|writing|editing|compiled|reported)\s+by\s+\S",
    re.IGNORECASE,
)
_BY_PREFIX = re.compile(r"^\s*(?:written\s+)?by[:\s]+", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\|)\s*", re.IGNORECASE)
_AT_PLACE = re.compile(r"^(.*?)\s+(?:in|from)\s+(.+)$")
# Words that make a piece a job title, an organisation or a desk rather than a person.
_NOT_A_NAME = re.compile(
    r"\b(?:correspondent|editor|reporter|writer|journalist|columnist|contributor|staff|bureau"
    r"|chief|senior|deputy|producer|analyst|desk|team|newsroom|press|news|agency|agencies"
    r"|reuters|afp|associated|bloomberg|times|post|guardian|journal|telegraph|herald|tribune"
    r"|independent|media|wire|wires|service|services|photographer|updated|published|opinion"
    r"|professor|president|director|minister|officer|manager|author|host|anchor|read|more"
    r"|follow|email|twitter|about|ap|cnn|bbc|nbc|cbs|abc|fox|inc|ltd|llc|newsletter)\b",
    re.IGNORECASE,
)
_PARTICLES = {"de", "da", "del", "der", "di", "dos", "du", "la", "le", "van", "von", "bin", "ibn", "al", "el", "ter", "y"}
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.)$")
_MAX_NAME_WORDS = 5
_PLACE_PART = re.compile(r"^(?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,2}$")


def credit_names(text: str) -> list[Byline]:
    """Authors in a credit line: "(Reporting by A in X; Editing by B)" → [A (X)]."""
    inner = text.strip().strip("()[]").strip()
    found: list[Byline] = []
    for clause in re.split(r"\s*;\s*", inner):
        match = _CREDIT_CLAUSE.match(clause)
        if not match or match.group(1).lower() not in _AUTHOR_ROLES:
            continue
        found.extend(names_with_places(match.group(2).rstrip(" .")))
    return unique(found)


def byline_names(text: str) -> list[Byline]:
    """A byline line or an author field: "By JANE DOE and John Roe, Associated Press"."""
    return unique(names_with_places(_BY_PREFIX.sub("", text.strip()).rstrip(" .")))


def names_with_places(text: str) -> list[Byline]:
    """"A and B in Tel Aviv, C in London and D" → A, B (Tel Aviv), C (London), D (None)."""
    found: list[Byline] = []
    pending: list[str] = []  # names waiting for the next "in Place"
    for piece in _SPLIT.split(text):
        piece = piece.strip(" .:")
        if not piece:
            continue
        at = _AT_PLACE.match(piece)
        name, place = (at.group(1), at.group(2)) if at else (piece, None)
        name = clean_name(name)
        if name is None:
            if at is None and _PLACE_PART.match(piece) and not _NOT_A_NAME.search(piece):
                if pending:  # "Jane Doe, Antwerp": a dateline place after the names
                    found.extend(Byline(name=n, location=piece) for n in pending)
                    pending = []
                elif found:  # "in Bogota, Colombia": the comma split the place, not a list
                    _extend_place(found, piece)
            continue
        pending.append(name)
        if place:
            place = place.strip(" .")
            found.extend(Byline(name=n, location=place) for n in pending)
            pending = []
    found.extend(Byline(name=n) for n in pending)
    return found


def _extend_place(found: list[Byline], part: str) -> None:
    place = found[-1].location
    if place is None:
        return
    for k in range(len(found) - 1, -1, -1):
        if found[k].location != place:
            break
        found[k] = Byline(name=found[k].name, location=f"{place}, {part}")


def clean_name(text: str) -> str | None:
    """A person's name as written (ALL CAPS made title case), or None for titles and desks."""
    text = re.sub(r"\S+@\S+|https?://\S+|@\w+", "", text).strip(" ,.:-–—")
    if not text or _NOT_A_NAME.search(text) or any(ch.isdigit() for ch in text):
        return None
    words = text.split()
    if not 1 < len(words) <= _MAX_NAME_WORDS:
        return None
    if text.isupper():
        words = [_title_case(w) for w in words]
    if not all(_NAME_WORD.match(w) or w.lower() in _PARTICLES for w in words):
        return None
    return " ".join(words)


def unique(items: list[Byline]) -> list[Byline]:
    """Each name once; a later mention may add the location an earlier one lacked."""
    by_name: dict[str, Byline] = {}
    for item in items:
        key = item.name.casefold()
        if key not in by_name:
            by_name[key] = item
        elif by_name[key].location is None and item.location:
            by_name[key] = item
    return list(by_name.values())


def _title_case(word: str) -> str:
    word = word.capitalize()
    if word.startswith("Mc") and len(word) > 2:
        word = "Mc" + word[2:].capitalize()
    # O'NEIL → O'Neil, SMITH-JONES → Smith-Jones
    return re.sub(r"(?<=['’-])(\w)", lambda m: m.group(1).upper(), word)
