"""places: the places a report names, each resolved to coordinates, with all its mentions.

Recognition has two sources:
- spaCy's GPE/LOC/FAC entities, trimmed of "the", direction words ("eastern Rafah" → Rafah,
  "southern Israel" → Israel) and possessives;
- a gazetteer matcher over capitalised token sequences, because the small model misses names
  ("Rafah" tagged PERSON, "Kerem Shalom" as ORG) and cuts "the Rafah crossing" short. It may
  also take one lowercase feature word after a name ("Rafah crossing") when the gazetteer
  knows the whole.

A gazetteer-only match must earn its place: it must not sit inside a longer PERSON/ORG/NORP
name ("Israel Defense Forces"); where spaCy tags exactly that name as PERSON/ORG it counts only
for a curated unambiguous name or one that spaCy tags as a place elsewhere in the report (one
sense per discourse); a lone sentence-initial word counts only with the same evidence; towns
known only to GeoNames need proper-noun tags and either some size or the report's countries.
Demonyms (NORP: "Israeli") are not places.

Resolution (``_gazetteer``): curated names win, then official country names, then population,
with a bonus for the countries of the report's unambiguous places ("Rafah" beside Gaza and
Israel is Rafah, Gaza Strip, not Rafah, Egypt).
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from spacy.tokens import Doc, Span as SpacySpan

from newsledger.analysis import _gazetteer as gz
from newsledger.record import Place, Record, Span

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A name inside an entity of these types is not a place ("Israel" in "Israel Defense Forces").
BLOCKING_LABELS = frozenset({"PERSON", "ORG", "NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE"})
# Number-like entities never hold a place name ("March", "May" are towns too).
NUMERIC_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
CONNECTORS = frozenset({"of", "al", "el", "de", "la", "du", "del", "da", "and", "-", "upon", "on"})
FEATURE_WORDS = frozenset({"crossing", "corridor", "strip", "camp", "border", "route", "desert", "peninsula"})
CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december".split()
)
LEADING_DROP = gz._DIRECTIONS | {"the"}
MAX_NAME_TOKENS = 6
MIN_TOWN_POPULATION = 15_000  # a gazetteer-only single-word town outside the report's countries
MIN_TOWN_POPULATION_MULTIWORD = 1_000


class _Proposal(NamedTuple):
    start: int  # token indices, end exclusive
    end: int
    key: str
    from_ner: bool


def _capitalised(token) -> bool:
    text = token.text
    return text[:1].isupper() and any(ch.isalpha() for ch in text) and not token.like_num


def _trim(span: SpacySpan) -> tuple[int, int]:
    """Token bounds of the name itself: no "the", direction words or trailing possessive."""
    start, end = span.start, span.end
    while end - start > 1 and span.doc[start].lower_ in LEADING_DROP:
        start += 1
    while end - start > 1 and span.doc[end - 1].lower_ in {"'s", "\u2019s", "'", "\u2019"}:
        end -= 1
    return start, end


def _ner_proposals(doc: Doc) -> list[_Proposal]:
    out = []
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            start, end = _trim(ent)
            if any(ch.isupper() for ch in doc[start:end].text):
                out.append(_Proposal(start, end, gz.normalise(doc[start:end].text), True))
    return out


def _gazetteer_proposals(doc: Doc) -> list[_Proposal]:
    """Every capitalised sub-sequence (up to MAX_NAME_TOKENS) of each run of name-like tokens."""
    out: list[_Proposal] = []
    n = len(doc)
    i = 0
    while i < n:
        if not _capitalised(doc[i]):
            i += 1
            continue
        # A run: capitalised tokens, joined by connectors, never across a sentence start.
        j = i + 1
        while j < n and not doc[j].is_sent_start and (
            _capitalised(doc[j]) or (doc[j].lower_ in CONNECTORS and j + 1 < n and _capitalised(doc[j + 1]))
        ):
            j += 1
        caps = [k for k in range(i, j) if _capitalised(doc[k])]
        for a_idx, a in enumerate(caps):
            if doc[a].lower_ in LEADING_DROP:
                continue  # "The US", "Southern Israel": the name starts after it
            for b in caps[a_idx:]:
                if b - a >= MAX_NAME_TOKENS:
                    break
                out.append(_Proposal(a, b + 1, gz.normalise(doc[a:b + 1].text), False))
                # "the Rafah crossing": the name with its lowercase feature word.
                k = b + 1
                while k < n and k - a < MAX_NAME_TOKENS and doc[k].lower_ in FEATURE_WORDS:
                    out.append(_Proposal(a, k + 1, gz.normalise(doc[a:k + 1].text), False))
                    k += 1
        i = j
    return out


def _blocking_entity(doc: Doc, p: _Proposal) -> tuple[bool, bool]:
    """(inside a longer non-place name, exactly tagged as a non-place name)."""
    inside = exact = False
    seen = set()
    for k in range(p.start, p.end):
        token = doc[k]
        if token.ent_type_ in NUMERIC_LABELS:
            return True, False
        if token.ent_type_ not in BLOCKING_LABELS or token.i in seen:
            continue
        ent = next((e for e in doc.ents if e.start <= k < e.end), None)
        if ent is None:
            continue
        seen.update(range(ent.start, ent.end))
        ent_start, _ = _trim(ent) if ent.label_ != "PERSON" else (ent.start, ent.end)
        if ent_start < p.start or ent.end > p.end:
            inside = True
        else:
            exact = True
    return inside, exact


def _accept_strong(doc: Doc, p: _Proposal, cands: list[gz.Candidate], ner_keys: set[str]) -> bool | None:
    """First-pass decision for gazetteer matches that do not need context; None = decide later."""
    if any(doc[k].ent_type_ in PLACE_LABELS for k in range(p.start, p.end)):
        return True  # it extends or equals spaCy's own place ("Rafah" → "Rafah crossing")
    inside, exact = _blocking_entity(doc, p)
    if inside:
        return False
    strong = any(c.strong for c in cands) or p.key in ner_keys
    if exact:
        return strong
    single = p.end - p.start == 1
    if single and doc[p.start].lower_ in CALENDAR_WORDS | gz_stop_words():
        return False
    official = any(c.kind >= gz.KIND_ADMIN and (c.strong or c.feature in ("A.PCLI", "L.CONT")) for c in cands)
    if single and doc[p.start].is_sent_start and not (strong or official):
        return None  # decided later: only if the same name counts elsewhere in the report
    if strong or any(c.kind >= gz.KIND_ADMIN for c in cands):
        return True
    return None


def _part_of_longer_name(doc: Doc, p: _Proposal) -> bool:
    """A capitalised neighbour means the match is a piece of some other name ("Prime Minister")."""
    before = p.start > 0 and not doc[p.start].is_sent_start and _capitalised(doc[p.start - 1])
    after = p.end < len(doc) and not doc[p.end].is_sent_start and _capitalised(doc[p.end])
    return before or after


def _accept_town(doc: Doc, p: _Proposal, cands: list[gz.Candidate], context: set[str]) -> bool:
    """A town known only to GeoNames, with no spaCy place label: needs corroboration."""
    if _part_of_longer_name(doc, p):
        return False
    if any(doc[k].pos_ != "PROPN" for k in range(p.start, p.end) if _capitalised(doc[k])):
        return False
    # Only a town's own name counts here; GeoNames' alternate names are too loose ("Minister").
    top = gz.best([c for c in cands if c.kind >= gz.KIND_CITY], context)
    if top is None:
        return False
    if top.country in context:
        return True
    floor = MIN_TOWN_POPULATION if p.end - p.start == 1 else MIN_TOWN_POPULATION_MULTIWORD
    return top.population >= floor


_STOP: frozenset[str] | None = None


def gz_stop_words() -> frozenset[str]:
    global _STOP
    if _STOP is None:
        from spacy.lang.en.stop_words import STOP_WORDS

        _STOP = frozenset(STOP_WORDS)
    return _STOP


def _select(proposals: list[_Proposal]) -> list[_Proposal]:
    """Non-overlapping proposals, longest first (a NER span wins a tie)."""
    taken: set[int] = set()
    chosen = []
    for p in sorted(proposals, key=lambda p: (-(p.end - p.start), not p.from_ner, p.start)):
        if taken.isdisjoint(range(p.start, p.end)):
            taken.update(range(p.start, p.end))
            chosen.append(p)
    return sorted(chosen, key=lambda p: p.start)


def _context_countries(chosen: list[_Proposal], found: dict[str, list[gz.Candidate]]) -> set[str]:
    """Countries of the places whose reading does not depend on context."""
    counts: Counter[str] = Counter()
    for p in chosen:
        cands = found.get(p.key, [])
        top = max((c.kind for c in cands), default=-1)
        sure = [c for c in cands if c.kind == top] if top >= gz.KIND_ADMIN else cands
        if len({c.country for c in sure}) == 1 and sure[0].country:
            counts[sure[0].country] += 1
    return set(counts)


def annotate(doc: Doc, record: Record) -> None:
    """Fill `record.places` from the Doc."""
    ner = _ner_proposals(doc)
    gaz = _gazetteer_proposals(doc)
    found = gz.lookup([p.key for p in ner] + [p.key for p in gaz])
    ner_keys = {p.key for p in ner}

    accepted = list(ner)
    pending = []
    for p in gaz:
        cands = found.get(p.key)
        if not cands:
            continue
        verdict = _accept_strong(doc, p, cands, ner_keys)
        if verdict:
            accepted.append(p)
        elif verdict is None:
            pending.append(p)

    context = _context_countries(_select(accepted), found)
    initial = [p for p in pending if p.end - p.start == 1 and doc[p.start].is_sent_start]
    inner = [p for p in pending if p not in initial]
    accepted += [p for p in inner if _accept_town(doc, p, found[p.key], context)]
    # One sense per discourse: a sentence-initial word counts if it counted elsewhere.
    known = {p.key for p in accepted}
    accepted += [p for p in initial if p.key in known]
    chosen = _select(accepted)
    context = _context_countries(chosen, found)

    places: dict[object, Place] = {}
    for p in chosen:
        span = doc[p.start:p.end]
        mention = Span(start=span.start_char, end=span.end_char, text=span.text)
        top = gz.best(found.get(p.key, []), context)
        if top is None:
            group: object = ("unresolved", p.key)
            place = places.setdefault(group, Place(name=span.text))
        else:
            place = places.setdefault(top.pid, Place(
                name=top.name, lat=top.lat, lon=top.lon, geonameid=top.geonameid,
                country=top.country, feature=top.feature,
            ))
        place.mentions.append(mention)
    record.places = list(places.values())
