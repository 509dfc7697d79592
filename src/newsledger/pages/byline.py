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
    r"^(?:[(\[]|-{1,2})?\s*(?:(?:additional|further|extra)\s+)?(?:reporting|writing|editing|compiled|reported)\s+by\s+\S",
    re.IGNORECASE,
)
# "By", "Written by:", "Posted by", "Words by", "Author:", "Reporter:", "From our correspondent ...".
_BY_LABEL = (r"(?:(?:(?:written|posted|words|story|text)\s+)?by[:\s]+|(?:authors?|reporters?|words|text)\s*:\s*"
             r"|from\s+(?=(?:our|a|an)\s+(?:own\s+|special\s+|[\w-]+\s+)?correspondents?\b))")
_BY_PREFIX = re.compile(r"^\s*" + _BY_LABEL, re.IGNORECASE)
# What follows the names on a by line: a date ("on 12 March 2025", "| 12 March 2025"), an agency in brackets.
_AFTER_NAMES = re.compile(r"\s+(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
                          r"(?:\d{1,2}\s+[A-Za-z]+\.?|[A-Za-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?),?\s+(?:19|20)\d\d\b.*$"
                          r"|\s*\([^()]{2,40}\)\s*$", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\|)\s*|\s+[-–—]\s+", re.IGNORECASE)
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
_NAME_WORD = re.compile(r"^(?:[^\W\d_][\w'’.-]*|[^\W\d_]\.)$")  # and an upper-case first letter (Ñ, É too)
_MAX_NAME_WORDS = 5
_BARE_PLACE = re.compile(r"^(?:in|from)\s+([A-Z].*)$")
_PLACE_PART = re.compile(r"^(?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,2}$")


_FOR_OUTLET = re.compile(r"\s+for\s+(?:the\s+)?[A-Z][\w.&'’ -]*$")


def credit_names(text: str) -> list[Byline]:
    """Authors in a credit line: "(Reporting by A in X; Editing by B)" → [A (X)]."""
    inner = text.strip().strip("()[]-–— ").strip()
    found: list[Byline] = []
    for clause in re.split(r"\s*;\s*", inner):
        match = _CREDIT_CLAUSE.match(clause)
        if not match or match.group(1).lower() not in _AUTHOR_ROLES:
            continue
        # "writing by Jane Doe for the Agency": the outlet she wrote for is not a name
        found.extend(names_with_places(_FOR_OUTLET.sub("", match.group(2)).rstrip(" .")))
    return unique(found)


_BY_SEGMENT = re.compile(r"^" + _BY_LABEL + r"\S", re.IGNORECASE)
_SEGMENT_SEPARATOR = re.compile(r"\s+[|·•]\s+")
# A head line's parts may be set apart by a dash too: "Lusaka, 13 February 2026 - By Jane Doe".
_DASH_SEPARATOR = re.compile(r"\s+[-–—]\s+")


def by_segment(text: str) -> str | None:
    """The "By ..." part of a head line: the line itself ("By Jane Doe", "Written by: Jane
    Doe") or one of its "|"-separated parts ("Wednesday 4 June 2025 | By Jane Doe")."""
    text = text.strip()
    if _BY_SEGMENT.match(text) and not _SEGMENT_SEPARATOR.search(text):
        return text
    if "|" not in text and "·" not in text and "•" not in text:
        # "Lusaka, 13 February 2026 - By Jane Doe": a by part after a dash, the line not a "By" line
        parts = _DASH_SEPARATOR.split(text)
        if len(parts) > 1 and not _BY_SEGMENT.match(text):
            return next((part for part in parts[1:] if _BY_SEGMENT.match(part)), None)
        return None
    for part in _SEGMENT_SEPARATOR.split(text):
        if _BY_SEGMENT.match(part):
            return part
    return None


# A newsroom's own name for its staff ("our Correspondent", "Staff Reporter", "Redacción").
_DESK_NOUN = re.compile(r"\b(?:correspondents?|reporters?|staff|writers?|desk|bureau|newsroom|team|editors"
                        r"|redacci[oó]n|r[ée]daction|redaktion|reda[cç][aã]o)\b", re.IGNORECASE)
_DESK_SMALL = {"our", "the", "a", "an", "of", "own", "special", "and"}
_WITH_REPORTING = re.compile(r",?\s+with\s+(?:additional\s+)?reporting\s+(?:from|in|by\s+\S+\s+in)\s+(?P<place>.+)$",
                             re.IGNORECASE)
_DESK_AT = re.compile(r"^(?P<desk>.+?)(?:\s+in\s+|\s*,\s*)(?:the\s+)?(?P<place>[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,2})$")


def desk_name(segment: str) -> Byline | None:
    """A by-labelled segment that names no person but a desk, a newsroom or an agency ("By
    Staff Reporter", "By our Correspondent in Goma", "Written by: Redacción Diario24", "By
    Reuters"): two to five capitalised words, or a desk's words with "our", "the"; or one
    capitalised word. Its place when it gives one ("..., Kisumu", "... in Goma", "..., with
    reporting from Chiclayo and Piura")."""
    text = _AFTER_NAMES.sub("", _BY_PREFIX.sub("", segment.strip())).strip(" .,;:")
    location = None
    if (with_reporting := _WITH_REPORTING.search(text)) is not None:
        location = with_reporting.group("place").strip(" .")
        text = text[:with_reporting.start()].strip(" ,")
    if (at := _DESK_AT.match(text)) is not None and _DESK_NOUN.search(at.group("desk")) \
            and not _DESK_NOUN.search(at.group("place")):
        text, location = at.group("desk").strip(" ,"), location or at.group("place")
    words = text.split()
    if not words or len(words) > _MAX_NAME_WORDS or not words[0][:1].isalpha():
        return None
    if len(words) == 1:  # an agency: "By Reuters", "By AFP"
        if not (words[0][:1].isupper() and words[0].isalpha() and len(words[0]) > 1) or _CALENDAR_WORD.match(words[0]):
            return None
    elif not all(w[:1].isupper() or ((w.lower() in _DESK_SMALL or _DESK_NOUN.fullmatch(w)) and _DESK_NOUN.search(text))
                 for w in words):
        return None
    return Byline(name=text, location=location)


# A transcript's speaker label: "PRESENTER (JANE DOE): ..." or "JANE DOE (CORRESPONDENT): ...".
_SPEAKER_LABEL = re.compile(r"^(?P<a>[^():]{3,40}?)\s*\((?P<b>[^():]{3,40})\)\s*:\s")
# The newsroom's own voices on air (guests and officials are not the report's authors).
_ON_AIR_ROLE = re.compile(r"^(?:(?:senior|chief|our|the|[\w-]+\s+)?(?:presenter|anchor|host|newsreader|correspondent"
                          r"|reporter))$", re.IGNORECASE)


def speaker(text: str) -> str | None:
    """The name of a newsroom speaker (presenter, anchor, host, correspondent, reporter) whose
    label opens a transcript's turn, or None."""
    match = _SPEAKER_LABEL.match(text)
    if not match:
        return None
    a, b = match.group("a").strip(), match.group("b").strip()
    for role, name in ((a, b), (b, a)):
        if _ON_AIR_ROLE.match(role):
            return clean_name(name)
    return None


# A turn labelled with a name alone: "JANE DOE: The port closed at dawn."
_NAME_LABEL = re.compile(r"^(?P<name>[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+(?:\s+[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+){1,3})\s*:\s")


def label_name(text: str) -> str | None:
    """The name of a turn's label written in capitals ("JANE DOE: ..."), or None (a role such
    as "PRESENTER:" is no name)."""
    match = _NAME_LABEL.match(text)
    if match is None or _ON_AIR_ROLE.match(match.group("name")) or _NOT_A_NAME.search(match.group("name")):
        return None
    return clean_name(" ".join(_title_case(w) for w in match.group("name").split()))


def introduced_correspondents(names: list[str], body: list[str]) -> list[str]:
    """The names of labelled turns that the transcript introduces as its own correspondent or
    reporter ("our correspondent Jane Doe", "Jane Doe, our Africa correspondent"); guests and
    officials, introduced otherwise, are not the report's authors."""
    text = " ".join(body)
    out = []
    for name in dict.fromkeys(names):
        who = re.escape(name)
        if re.search(rf"\b(?:our|the)\s+(?:[\w-]+\s+){{0,2}}(?:correspondent|reporter)\s*,?\s+{who}\b"
                     rf"|\b{who},\s+(?:our|the)\s+(?:[\w-]+\s+){{0,2}}(?:correspondent|reporter)\b", text, re.IGNORECASE):
            out.append(name)
    return out


def voices(names: list[str], body: list[str]) -> list[Byline]:
    """A transcript's newsroom speakers, each placed where the transcript says they are
    ("Jane Doe in Greyport, thank you", "our correspondent Jane Doe is in Greyport")."""
    text = " ".join(body)
    out = []
    for name in dict.fromkeys(names):
        at = re.search(re.escape(name) + r",?\s+(?:is\s+|reporting\s+)?(?:in|from)\s+(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})",
                       text)
        out.append(Byline(name=name, location=at.group("place") if at else None))
    return out


def meta_desk(text: str) -> Byline | None:
    """A desk or role credited in a dated meta line, with its place: "June 24, 2025 | Valley
    correspondent, Dunmore | 3 comments" → "Valley correspondent" (Dunmore)."""
    if "|" not in text or len(text.split()) > _HEAD_LINE_WORDS:
        return None
    from newsledger.pages.dateline import find_date

    parts = [p.strip() for p in text.split("|")]
    if not any(find_date(p) for p in parts):
        return None
    for part in parts:
        match = _ROLE_PLACE.match(part)
        if match and _DESK_ROLE.search(match.group("role")) and match.group("role")[:1].isupper():
            return Byline(name=match.group("role").strip(), location=match.group("place"))
    for part in parts:  # "Redacción ColombiaNow | 21/03/2025 - 08:12": a desk without a place
        if _DESK_NOUN.search(part) and not find_date(part) and (desk := desk_name(part)) is not None \
                and len(desk.name.split()) >= 2:
            return desk
    return None


# A newsroom's credit line without "By", as South Asian and East African papers print it: "Staff
# Correspondent", "Our Correspondent, Quetta", "Special Reporter | Gazipur".
_DESK_LINE = re.compile(
    r"^(?P<desk>(?:our|staff|special|own)\s+(?:(?:own|special|staff)\s+)?(?:correspondent|reporter|writer)s?)"
    r"(?:\s*(?:[|,·•–—]|\s-|\bin\b)\s*(?P<place>[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,2}))?\.?$", re.IGNORECASE)


def desk_line(text: str) -> Byline | None:
    """A line that is only a newsroom's credit and its place: "Staff Correspondent | Gazipur"."""
    match = _DESK_LINE.match(text.strip())
    if match is None:
        return None
    desk = " ".join(w[:1].upper() + w[1:] for w in match.group("desk").split())
    place = match.group("place")
    if place and (_NOT_A_NAME.search(place) or _CALENDAR_WORD.match(place.split()[0])):
        place = None
    return Byline(name=desk, location=place_name(place) if place else None)


# A newsroom's word for its reporter before the reporter's name: "By our correspondent Jane Doe",
# "By special correspondent Jane Doe", "From our own correspondent Jane Doe".
_DESK_BEFORE_NAME = re.compile(r"^(?:(?:our|a|an|the)\s+)?(?:(?:own|special|staff|senior|local)\s+)*"
                               r"(?:correspondent|reporter)\s+(?=[^\W\d_])", re.IGNORECASE)


def byline_names(text: str) -> list[Byline]:
    """A byline line or an author field: "By JANE DOE and John Roe, Associated Press"."""
    text = _AFTER_NAMES.sub("", _BY_PREFIX.sub("", text.strip())).rstrip(" .")
    named = _DESK_BEFORE_NAME.sub("", text)
    if named != text and named[:1].isupper():
        text = named
    return unique(names_with_places(text))


_BUREAU = re.compile(r"^(?P<place>[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,2})\s+(?:bureau|office)(?:\s+chief)?$",
                     re.IGNORECASE)


NOT_A_NAME = _NOT_A_NAME  # for the page stage's other readers


def names_with_places(text: str) -> list[Byline]:
    """"A and B in Tel Aviv, C in London and D" → A, B (Tel Aviv), C (London), D (None)."""
    found: list[Byline] = []
    pending: list[str] = []  # names waiting for the next "in Place"
    for piece in _SPLIT.split(text):
        piece = piece.strip(" .:")
        if pending and (bare := _BARE_PLACE.match(piece)):  # "Jane Doe, in Niamey"
            piece = bare.group(1)
        if not piece:
            continue
        at = _AT_PLACE.match(piece)
        name, place = (at.group(1), at.group(2)) if at else (piece, None)
        name = clean_name(name)
        if name is None and at is None and pending and (bureau := _BUREAU.match(piece)):
            # "Jane Doe, Greyport Bureau", "Jane Doe, Greyport bureau chief": the bureau's town
            found.extend(Byline(name=n, location=bureau.group("place")) for n in pending)
            pending = []
            continue
        if name is None and at is not None and pending and _NOT_A_NAME.search(at.group(1)):
            # "Jane Doe, Courier correspondent in the Baudó": the role's place is the name's
            where = re.sub(r"^the\s+", "", at.group(2).strip(" ."), flags=re.IGNORECASE)
            found.extend(Byline(name=n, location=where) for n in pending)
            pending = []
            continue
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
    text = re.sub(r"^(?:From|By)\s+(?=[A-Z])", "", text)
    if not text or _NOT_A_NAME.search(text) or any(ch.isdigit() for ch in text):
        return None
    words = text.split()
    if not 1 < len(words) <= _MAX_NAME_WORDS:
        return None
    if text.isupper():
        words = [_title_case(w) for w in words]
    if not all((_NAME_WORD.match(w) and w[0].isupper()) or w.lower() in _PARTICLES for w in words):
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


# --- author fields of HTML pages (JSON-LD, meta tags, byline markup) ------------------------

# Labels before the names, also glued to them as markup leaves them ("ByJane Doe", "AuthorJane").
_FIELD_PREFIX = re.compile(
    r"^\s*(?!(?:\w+\s+)?(?:reviewed|edited|fact[- ]checked|checked|updated|illustrated)\b)"  # reviewers are not authors
    r"(?:\w+\s+){0,2}?by\b\s*:?\s*(?=\S)"
    r"|^\s*(?:authors?|writers?|posted\s+by|contributors?)\s*:?\s*(?=[A-Z])"
    r"|^\s*(?:view\s+all\s+(?:posts|articles|stories)\s+by|read\s+more\s+(?:about|from|by)|more\s+(?:from|by)"
    r"|about\s+the\s+author|meet\s+the\s+author)\s*:?\s*",
    re.IGNORECASE,
)
_GLUED_BY = re.compile(r"^(?:[Ww]ritten\s*)?[Bb]y(?=[A-Z])|^[Aa]uthors?(?=[A-Z][a-z])")
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
# Where the names end: a date, a time, "Updated", "min read", a separator of page furniture.
_FIELD_END = re.compile(
    r"\s*(?:[•·|]|\s[-–—]\s|\bon\s+(?=\w+\.?\s+\d)"
    r"|\b(?:\w+ly\s+)?(?:last\s+)?(?:updated|published|posted|modified|reviewed|edited|fact[- ]checked)\b"
    r"|\b\d+\s*min(?:ute)?s?\b|\b" + _MONTH + r"\.?\s*\d|\b\d{1,4}[/.-]\d{1,2}|\b(?:19|20)\d\d\b"
    r"|(?-i:(?<=[a-z])(?=[A-Z]))(?=" + _MONTH + r"\.?\s*\d))",  # "Luke KimDecember 17": a glued date
    re.IGNORECASE,
)
_FIELD_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b|\bund\b|\bwith\b)\s*", re.IGNORECASE)
# Credentials after a name ("Jane Doe, PhD", "Jane Doe RN"): not part of the name.
_CREDENTIAL = re.compile(
    r"^(?:ph\.?\s?d\.?|m\.?d\.?|r\.?n\.?|d\.?o\.?|mba|msc?|ma|ba|bsc|cpa|cfp®?|cepf®?|rd|lpc|lcsw|mph|faclm|jr\.?|sr\.?|esq\.?"
    r"|cpp|e-ryt\s*\d*)$",
    re.IGNORECASE,
)
_CAPS_CREDENTIAL = re.compile(r"^[A-Z]{2,5}®?$")  # "RN", "CFP®" after a name written in mixed case
_LABEL_ONLY = re.compile(r"^(?:\w+\s+)?by\s*:?$|^(?:authors?|writers?|posted\s+by)\s*:?$", re.IGNORECASE)
# Job titles and roles: a part made of these is not a name, and they end a name they follow.
_ROLE_WORD = re.compile(
    r"^(?:senior|junior|chief|deputy|associate|assistant|executive|managing|contributing|former|lead|head|principal"
    r"|editor|reporter|writer|correspondent|columnist|contributor|journalist|producer|analyst|founder|co-founder"
    r"|ceo|cto|cfo|coo|president|director|manager|consultant|expert|specialist|strategist|marketer|officer|engineer"
    r"|developer|designer|photographer|reviewer|researcher|scientist|professor|lecturer|host|anchor|dietitian|nutritionist"
    r"|attorney|lawyer|physician|clinician|nurse|doctor|therapist|coach|educator|educators|advisor|adviser|owner|partner"
    r"|intern|fellow|blogger|creator|author|admin|administrator|moderator|contributors)$",
    re.IGNORECASE,
)
# A desk or team credited as author ("Podium Staff", "TOI Lifestyle Desk"): kept whole, never cut.
_DESK_WORD = re.compile(r"^(?:team|desk|staff|newsroom|editors|editorial|bureau)$", re.IGNORECASE)
_CALENDAR_WORD = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?$"
    r"|^" + _MONTH + r"\.?$|^(?:name|unknown|null|none)$",
    re.IGNORECASE,
)
# Interface words that author boxes put beside or instead of a name ("View more posts", "Full bio").
_NOT_NAME_WORD = re.compile(
    r"^(?:view|more|posts?|articles?|stories|learn|login|log|sign|bio|read|latest|member|members|home|menu|search"
    r"|subscribe|share|follow|comments?|about|profile|contact|click|here|see|all|author|anonymous|guest|unknown)$",
    re.IGNORECASE,
)
_FUNCTION_WORDS = {"the", "a", "an", "our", "your", "this", "by"}
_DOMAIN = re.compile(
    r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|co|uk|de|fr|info|biz|us|ca|au|in|app|dev|studio)$", re.IGNORECASE
)
_FIELD_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.()-]*$|^[A-Z]\.$")
_MAX_FIELD_WORDS = 6
_MAX_FIELD_LINES = 3  # a name further down an author box is a bio or a link list


def field_names(raw: str) -> list[Byline]:
    """Names in an author field as the page wrote it: "By Jane Doe, PhD | Updated May 2" → ["Jane Doe"].

    Unlike :func:`byline_names` (text lines, where only a full name proves a byline), an
    author field is known to name the author, so a single name ("Kristin"), a handle or
    a desk ("News Desk") is kept when it is all the field gives; job titles that follow a
    person's name are dropped. Markup text comes one text node a line: the first line
    with a name wins ("By" / "Jane Doe" / "May 2, 2024").
    """
    lines = [line.strip() for line in raw.split("\n")]
    content = [line for line in lines if line and not _LABEL_ONLY.match(line)]
    for line in content[:_MAX_FIELD_LINES]:
        names = _segment_names(line)
        if names:
            return names
    return []


def _segment_names(raw: str) -> list[Byline]:
    text = re.sub(r"\S+@\S+|https?://\S+", " ", raw.replace("\u00a0", " "))
    text = _GLUED_BY.sub("", text.strip())
    for _ in range(2):
        text = _FIELD_PREFIX.sub("", text)
    end = _FIELD_END.search(text)  # also "Reviewed by X": a reviewer is not an author
    if end:
        text = text[: end.start()]
    people: list[str] = []
    others: list[str] = []
    for part in _FIELD_SPLIT.split(text):
        part = part.strip(" .:;,-–—()[]\"'“”")
        if not part:
            continue
        words = part.split()
        mixed_case = not part.isupper()
        while len(words) > 1 and (_CREDENTIAL.match(words[-1]) or (mixed_case and _CAPS_CREDENTIAL.match(words[-1]))):
            words.pop()
        if _CREDENTIAL.match(part) or (mixed_case and people and _CAPS_CREDENTIAL.match(part)):
            continue
        if any(_DESK_WORD.match(w) for w in words):
            others.append(" ".join(words))
            continue
        place = None
        at = _AT_PLACE.match(" ".join(words))
        if at and _PLACE_PART.match(at.group(2)) and len(at.group(1).split()) >= 2:  # "Ana Ruiz in Madrid"
            words, place = at.group(1).split(), at.group(2)
        cut = next((k for k, w in enumerate(words) if _ROLE_WORD.match(w.strip(",."))), None)
        if cut is not None and cut >= 2:  # "Keith Barry Senior Autos Reporter" → "Keith Barry"
            people.append(Byline(name=" ".join(words[:cut]), location=place))
            break  # what follows a title describes the person ("Editor and Master Gardener")
        elif cut is not None:  # a role credited alone: "Community Editor" stands if no one is named
            if any(not (_ROLE_WORD.match(w) or w.lower() in _FUNCTION_WORDS) for w in words):
                others.append(" ".join(words))  # not "The Author", "Editor"
            continue
        if len(words) > _MAX_FIELD_WORDS or not all(_FIELD_NAME_WORD.match(w) for w in words):
            continue
        if len(words) == 1 and (_CALENDAR_WORD.match(words[0]) or _DOMAIN.match(words[0])):
            continue
        if sum(1 for w in words if _NOT_NAME_WORD.match(w)) * 2 >= len(words):  # "View more posts", "The Author"
            continue
        name = " ".join(words)
        name = " ".join(_title_case(w) for w in words) if name.isupper() and len(name) > 3 else name
        people.append(Byline(name=name, location=place))
    if people:
        return unique(people)
    # No person: a desk or team credited as the author stands as the byline ("TOI Lifestyle Desk").
    return [Byline(name=o) for o in others[:1] if len(o.split()) <= _MAX_FIELD_WORDS]


# --- reporting locations -------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-Þ"
_CAPS_PLACE = rf"[{_UPPER}][{_UPPER}'’.-]*(?:[ -][{_UPPER}][{_UPPER}'’.-]*){{0,3}}"
# A wire or paper dateline opening the body: "PORT SUDAN, Sudan, April 8 (Agency) - ...",
# "PANAMA CITY — ...", "BAMAKO (Agency) - ...".
_DATELINE = re.compile(rf"^(?P<place>{_CAPS_PLACE})(?:,\s*[A-Z][\w .'’-]{{1,30}}?)?(?:,\s*[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}})?"
                       r"\s*(?:\([^()]{1,60}\))?\s*(?:-{1,2}|–|—)\s+\S")
# South Asian and East African papers close the dateline with a colon: "QUETTA: At least six
# ...", "LAHORE, Oct 14: ...", "DHAKA, Dec 7 (Agency): ...". Capitals before a colon also open a
# transcript's speaker turn ("PRESENTER: Good morning") or a label ("UPDATE:", "EDITOR'S NOTE:"),
# so the colon form is read only when the place is not a role or label word and a sentence of
# reporting follows, and not when the same capitals label another paragraph (a speaker).
_COLON_DATELINE = re.compile(rf"^(?P<place>{_CAPS_PLACE})(?:,\s*[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}})?"
                             r"\s*(?:\([^()]{1,60}\))?\s*:\s+(?P<rest>[A-Z\"“‘'][^\n]*)$")
_LABEL_WORD = re.compile(
    r"\b(?:presenter|anchor|host|reporter|correspondent|interviewer|narrator|announcer|moderator|guest|voice"
    r"|speaker|caller|translator|editor|editors|note|update|updated|breaking|exclusive|watch|read|also|related"
    r"|photo|photos|video|caption|source|sources|warning|correction|analysis|opinion|comment|summary|background"
    r"|context|live|latest|q|a|ends|end|more|transcript|statement|press|release|contact|subject|re|attention)\b",
    re.IGNORECASE)
_MIN_DATELINE_SENTENCE_WORDS = 8


def lead_dateline(lead: str | None, others: list[str] | tuple[str, ...] = ()) -> str | None:
    """The place of a dateline opening the body's first paragraph ("PORT SUDAN, Sudan, April 8
    (Agency) - ...", "QUETTA: ..."), or None. ``others``: the body's other paragraphs, where a
    colon label that recurs is a transcript's speaker, not a dateline."""
    if not lead:
        return None
    match = _DATELINE.match(lead)
    if match:
        return match.group("place")
    match = _COLON_DATELINE.match(lead)
    if match is None or _LABEL_WORD.search(match.group("place")) or len(match.group("rest").split()) < _MIN_DATELINE_SENTENCE_WORDS:
        return None
    label = match.group("place") + ":"
    if any(p.lstrip().startswith(label) for p in others):
        return None
    return match.group("place")


_REPORTED_FROM = re.compile(
    r"(?:^(?P<who>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,4})\s+reported\s+from\s+"
    # "reporting from City" under a byline; not a contributor's ("Jane Doe contributed reporting
    # from City", "additional reporting from City"), which says nothing of the page's own place
    r"|(?<!contributed\s)(?<!additional\s)(?<!contributing\s)\breporting\s+from\s+)"
    r"(?P<place>[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3})")
_DATE_PLACE_PART = re.compile(rf"^(?P<place>{_CAPS_PLACE}(?:,\s*{_CAPS_PLACE})?)$")
_HEAD_LINE_WORDS = 15
_PLACE_DATE = re.compile(r"^(?P<place>[^\W\d_][\w'’.-]*(?:[ -][^\W\d_][\w'’.-]*){0,2}),\s+(?P<date>[\w,. ]*\d[\w,. ]*)$")


_AFTER_NAME = re.compile(r"^\s*(?:,|·|•|\||\s[-–—])?\s*(?:in\s+)?(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})\s*(?:$|[|·•,–—]|-\s)")


_DESK_ROLE = re.compile(r"\b(?:correspondents?|reporters?|staff|desk|bureau|newsroom)\b", re.IGNORECASE)
# A line under a name that gives its role or desk, then the place: "Coast News, Dunmore".
_ROLE_PLACE = re.compile(r"^(?P<role>[^,|]{2,40}),\s*(?:in\s+)?(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})\.?$")


# The name alone on its line, then the place alone on the next: "By JANE DOE" / "Nakuru". One
# word only (or capitals, "PORT SUDAN"): two or three capitalised words may be a second author.
_LONE_PLACE = re.compile(rf"^(?P<place>[A-Z][\w'’-]+|{_CAPS_PLACE})$")


def _lone_place(head: list[str], n: int) -> re.Match[str] | None:
    """A place alone on head line n, under a name: in capitals, or one word with the date line
    right after it (a lone title-case word may be a share button or a menu's)."""
    from newsledger.pages.dateline import find_date

    text = head[n].strip()
    match = _LONE_PLACE.match(text)
    if match is None or _LABEL_WORD.search(text):
        return None
    if text.isupper() and len(text) > 3 or n + 1 < len(head) and find_date(head[n + 1]):
        return match
    return None


def _beside_name(names: list[Byline], head: list[str]) -> str | None:
    """"By Jane Doe, Gusau | 4 June 2025", "Jane Doe · Guadalajara · June 19": the place written
    right after the first unplaced name in a head line (not a date, a job title or another name)."""
    from newsledger.pages.dateline import find_date

    target = next((b.name for b in names if b.location is None), None)
    if target is None:
        return None
    others = {b.name.casefold() for b in names}
    for n, line in enumerate(head):
        k = line.find(target)
        if k < 0 and len(line) == len(line.lower()):  # "By JANE DOE": the name in capitals
            k = line.lower().find(target.lower())
        if k < 0 or len(line.split()) > _HEAD_LINE_WORDS + 10:
            continue
        rest = line[k + len(target):]
        match = _AFTER_NAME.match(rest)
        if not match and not rest.strip(" .,") and n + 1 < len(head):
            # the name alone on its line, then its role or desk and the place: "By Jane Doe" /
            # "Coast News, Dunmore", "West Africa correspondent, Abidjan"
            match = _ROLE_PLACE.match(head[n + 1]) or _lone_place(head, n + 1)
        if not match or ("role" in match.groupdict() and not _NOT_A_NAME.search(match.group("role"))):
            continue
        place = match.group("place")
        if find_date(place) or _NOT_A_NAME.search(place) or place.casefold() in others or _CALENDAR_WORD.match(place.split()[0]):
            continue
        return place_name(place) if place.isupper() else place
    return None


def page_lines(texts: list[str], body: list[int]) -> tuple[list[str], str | None, list[str]]:
    """(head, lead, tail) of ``located`` from a separation's units and body indices."""
    if not body:
        return [], None, texts[-_TAIL_UNITS:]
    kept = set(body)
    # the lines above the body, and those beside its first units (a standfirst or a lead the
    # page puts above its "date | PLACE" and byline lines)
    head = [texts[i] for i in range(min(len(texts), body[0] + _HEAD_UNITS)) if i not in kept]
    tail = texts[max(0, body[-1] - 1):body[-1] + _TAIL_UNITS]
    return head, texts[body[0]], tail


_TAIL_UNITS = 4
_HEAD_UNITS = 4


def _place_date_line(head: list[str]) -> str | None:
    """The place of a place-and-date line ("Chiclayo, Wednesday 15 October 2025"), also as one
    part of a line split by "|" ("Ministry of Ports | Dunmore, 10 February 2026")."""
    from newsledger.pages.dateline import find_date

    for line in head:
        if len(line.split()) > _HEAD_LINE_WORDS:
            continue
        # ... or before a dash: "Lusaka, 13 February 2026 - By Jane Doe"
        for part in [line] + ([p.strip() for p in line.split("|")] if "|" in line else []) \
                + [_DASH_SEPARATOR.split(line, maxsplit=1)[0].strip()]:
            match = _PLACE_DATE.match(part)
            if match and match.group("place")[0].isupper() and find_date(match.group("date")) \
                    and not find_date(match.group("place")) \
                    and not _NOT_A_NAME.search(match.group("place")) and not _CALENDAR_WORD.match(match.group("place")):
                return match.group("place")
    return None


def meta_names(line: str) -> list[Byline]:
    """A dated meta line that names its author without "By": "Jane Doe | 12 March 2025 |
    Greyport" → Jane Doe (Greyport). The name is a part right before or after the date; the
    place, a later part that is a place's name and nothing else."""
    from newsledger.pages.dateline import find_date

    parts = [p.strip() for p in re.split(r"\s+[|·•]\s+|\s+[-–—]\s+", line)]
    dated = [k for k, p in enumerate(parts) if find_date(p)]
    if len(parts) < 2 or not dated or len(line.split()) > _HEAD_LINE_WORDS:
        return []

    def a_place(p: str) -> bool:
        return bool(p) and not find_date(p) and bool(_PLACE_PART.match(p)) and not _NOT_A_NAME.search(p) \
            and clean_name(p) is None and not _CALENDAR_WORD.match(p)

    for k in (dated[0] - 1, dated[0] + 1):
        if not 0 <= k < len(parts):
            continue
        name, place = clean_name(parts[k]), None
        if name is None and "," in parts[k]:  # "Jane Doe, Greyport · 12 March 2025": the name, then its place
            who, _, where = parts[k].rpartition(",")
            name, place = clean_name(who), where.strip() if a_place(where.strip()) else None
        if name is not None and len(name.split()) <= 4:
            # the place after the name, or the one the date's part opens with ("Greyport, 12 March 2025 - Jane Doe")
            place = place or next((p for p in parts[k + 1:] if a_place(p)), None)
            if place is None and (match := _PLACE_DATE.match(parts[dated[0]])) and a_place(match.group("place")):
                place = match.group("place")
            return [Byline(name=name, location=place_name(place) if place else None)]
    return []


def place_name(text: str) -> str:
    """A place as the page wrote it, capitals made title case ("EL OBEID, Sudan" → "El Obeid, Sudan")."""
    return ", ".join(" ".join(_title_case(w) for w in part.split()) if part.isupper() else part
                     for part in (p.strip() for p in text.split(",")) if part)


def _head_place(head: list[str]) -> str | None:
    """The place a head line gives: "reporting from City" with no name, or the capitals after
    the date of a "date | PLACE" line."""
    from newsledger.pages.dateline import find_date

    for line in head:
        if len(line.split()) > _HEAD_LINE_WORDS:
            continue
        match = _REPORTED_FROM.search(line)
        if match and not match.group("who"):
            return match.group("place").rstrip(".'’")
        if "|" in line and find_date(line):
            parts = [p.strip() for p in line.split("|")]
            dated = next((k for k, p in enumerate(parts) if find_date(p)), len(parts))
            # the place after the date ("18 March 2025 | ALTO BAUDÓ"); capitals before it are a masthead
            caps = [p for p in parts[dated + 1:] if _DATE_PLACE_PART.match(p) and not find_date(p) and p.isupper()]
            if caps:
                return caps[-1]
    return None


def dateline_place(head: list[str], lead: str | None, others: list[str] | tuple[str, ...] = ()) -> str | None:
    """Where the page says the report was written, from its own lines whatever the byline: a
    "date | PLACE" line, a "reporting from City" line, the body's wire dateline ("PORT SUDAN,
    Sudan, April 8 (Agency) -"), or a place-and-date line ("Dunmore, 3 February 2026")."""
    place = _head_place(head)
    if place is None:
        place = lead_dateline(lead, others)
    if place is None:
        place = _place_date_line(head)
    if place is not None and place.isupper():
        place = " ".join(_title_case(w) for w in place.split())
    return place


def located(names: list[Byline], head: list[str], lead: str | None, tail: list[str],
            others: list[str] | tuple[str, ...] = ()) -> list[Byline]:
    """Reporting locations for bylines that have none, from the page's own lines.

    ``head``: the units above the body that are not body (byline, date and place lines);
    ``lead``: the body's first paragraph (a dateline opens it); ``tail``: the last units
    (a closing "Name reported from City"). In order of trust: "reporting from City" beside
    the byline, a "date | PLACE" line, the body's dateline; each places the first name
    (the lead reporter) when it has no place. A closing "Name reported from City" places that name (and adds it).
    """
    out = list(names)
    for line in tail:
        match = _REPORTED_FROM.search(line) if len(line.split()) <= _HEAD_LINE_WORDS else None
        if match and match.group("who"):
            who = clean_name(match.group("who"))
            if who:
                out = unique(out + [Byline(name=who, location=match.group("place").rstrip(".'’"))])
    if not out or all(b.location for b in out):
        return out
    place = _head_place(head)
    if place is None:
        place = _beside_name(out, head)
        if place is not None:
            for k, item in enumerate(out):
                if item.location is None:
                    out[k] = Byline(name=item.name, location=place)
                    return out
    if place is None:
        place = lead_dateline(lead, others)
    if place is None:  # a place-and-date line above the report: "Chiclayo, Wednesday 15 October 2025"
        place = _place_date_line(head)
    if place is None:
        return out
    if place.isupper():
        place = " ".join(_title_case(w) for w in place.split())
    if out[0].location is None:  # the lead reporter's (a co-author credited elsewhere keeps none)
        out[0] = Byline(name=out[0].name, location=place)
    return out


# --- a statement's signatory ----------------------------------------------------------------

# Words of an office that signs a statement ("The Secretary General", "The Director", "Minister
# of Communication", "For the Minister and by delegation").
_OFFICE = re.compile(
    r"\b(?:director|minister|secretary|spokes(?:man|woman|person)|commissioner|commander|chairman|chairwoman"
    r"|chairperson|chair|president|governor|head|chief|coordinator|ambassador|representative|executive|general"
    r"|mayor|prefect|delegation|signed|registrar|administrator|superintendent|inspector)\b",
    re.IGNORECASE,
)
# Ranks and honorifics before a signatory's name ("Colonel Abdoulaye Sidibé", "Dr Jane Doe").
_RANK = re.compile(
    r"^(?:(?:brigadier|major|lieutenant|lt\.?|col\.?|gen\.?|colonel|general|captain|capt\.?|commander|admiral|major-general"
    r"|lieutenant-colonel|dr\.?|mr\.?|mrs\.?|ms\.?|prof\.?|professor|hon\.?|honourable|honorable|ambassador|sheikh|eng\.?)\s+)+",
    re.IGNORECASE,
)
_SIGNED = re.compile(r"^\(?\s*signed\s*\)?\s*(?:by)?\s*:?\s*", re.IGNORECASE)
# What ends a statement's text and starts its notes: a contact under it is not its signatory.
_SIGNATURE_STOP = re.compile(r"\b(?:contact|contacts|ends|notes?\s+to\s+editors|about\s+us|for\s+more\s+information"
                             r"|enquiries|inquiries|press\s+office)\b", re.IGNORECASE)
_SIGNATURE_LINE_WORDS = 12


def _signer_name(text: str) -> str | None:
    """A line that is a person's name, after any rank or honorific ("Colonel Abdoulaye Sidibé")."""
    text = _RANK.sub("", _SIGNED.sub("", text.strip().rstrip(".,;")))
    if _OFFICE.search(text):
        return None
    return clean_name(text)


def _office_line(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= _SIGNATURE_LINE_WORDS and bool(_OFFICE.search(text)) and not _TERMINAL_STOP.search(text) \
        and not any(ch.isdigit() for ch in text) and "@" not in text and ":" not in text.rstrip(":")


_TERMINAL_STOP = re.compile(r"[.!?][\"”’')\]]*$")


def signatory(lines: list[str]) -> Byline | None:
    """The person who signs a statement, from the few lines at the end of its body and below it: a
    name beside the office it holds ("The Director, Colonel Jane Doe"; "The Secretary General" /
    "Jane Doe"; "Jane Doe" / "Head of Communications"; "Signed: Jane Doe, Director"). Nothing
    once the statement's notes or a media contact begin, and never a name alone."""
    lines = [line.strip() for line in lines if line.strip()]
    for k, line in enumerate(lines):
        if _SIGNATURE_STOP.search(line):
            return None
        if len(line.split()) > _SIGNATURE_LINE_WORDS or "@" in line:
            continue
        signed = bool(_SIGNED.match(line)) and len(line) > 8
        if "," in line:  # "The Director, Colonel Jane Doe" or "Jane Doe, Director"
            first, _, rest = line.partition(",")
            for office, name in ((first, rest), (rest, first)):
                who = _signer_name(name)
                if who and (_office_line(office) or (signed and name is first)):
                    return Byline(name=who)
        who = _signer_name(line)
        if who is None:
            continue
        beside = [lines[j] for j in (k - 1, k + 1) if 0 <= j < len(lines)]
        if signed or any(_office_line(b) and _signer_name(b) is None for b in beside):
            return Byline(name=who)
    return None


# A sign-off under the report: "— Jane Doe, Greyport", "-- Jane Doe and John Roe".
_SIGN_OFF = re.compile(r"^\s*(?:[—–]|-{1,2})\s*(?P<who>[A-ZÀ-Þ][^—–]{3,80}?)\s*$")


def sign_off(lines: list[str]) -> list[Byline]:
    """The names (and place) of a dash sign-off line among the last lines of a report."""
    for line in lines:
        match = _SIGN_OFF.match(line)
        if match and len(line.split()) <= _SIGNATURE_LINE_WORDS and not _TERMINAL_STOP.search(line):
            names = names_with_places(match.group("who"))
            if names:
                return unique(names)
    return []
