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
A town that spaCy tags PERSON also counts after a preposition of place ("advanced on Rafah").

Two more kinds of mention are found because the geoparsing corpora count them, but they are not
places of the record: demonyms (spaCy NORP that the gazetteer knows: "Israeli" → Israel) and
official country/state names inside an organisation's name ("Texas" in "the Texas Supreme
Court"). ``find_mentions`` returns all three kinds; ``annotate`` keeps only places;
``geoparse.locate`` (the ``places`` command) returns all, with their kind.

Resolution (``resolve_names``): the gazetteer's prior (curated names, official names, population,
capitals) plus the report's context, the countries and states/provinces of its other names, read
in two rounds ("Rafah" beside Gaza is Rafah, Gaza Strip; "Alexandria" beside Louisiana is
Alexandria, Louisiana; "Georgia" beside Atlanta is the state). Unknown local names (streets,
schools, counties) sit at the report's main town, marked feature "local".
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from spacy.tokens import Doc, Span as SpacySpan

from newsledger.analysis import _gazetteer as gz
from newsledger.analysis._spans import text_of
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


def _entity_of(doc: Doc, k: int) -> SpacySpan | None:
    """The named entity covering token ``k``. ``doc.ents`` builds every entity span anew on
    each access, so the token → entity map is built once per Doc and kept in its user_data."""
    table = doc.user_data.get("newsledger.places.entity_of")
    if table is None:
        table = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
        doc.user_data["newsledger.places.entity_of"] = table
    return table.get(k)


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
        ent = _entity_of(doc, k)
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
        return strong or _after_locative(doc, p, cands)
    single = p.end - p.start == 1
    if single and doc[p.start].lower_ in CALENDAR_WORDS | gz_stop_words():
        return False
    official = any(c.kind >= gz.KIND_ADMIN and (c.strong or c.feature in ("A.PCLI", "L.CONT")) for c in cands)
    if single and doc[p.start].is_sent_start and not (strong or official):
        return None  # decided later: only if the same name counts elsewhere in the report
    if strong or any(c.kind >= gz.KIND_ADMIN1 for c in cands):
        return True
    return None


LOCATIVE_PREPOSITIONS = frozenset(
    "in near into toward towards outside across around from on at via through inside".split())


def _after_locative(doc: Doc, p: _Proposal, cands: list[gz.Candidate]) -> bool:
    """A name the model calls a person but that follows a preposition of place and is a sizeable
    town ("troops advanced on Rafah", "talks in Doha")."""
    if p.start == 0 or doc[p.start - 1].lower_ not in LOCATIVE_PREPOSITIONS:
        return False
    return any(c.kind >= gz.KIND_CITY and c.kind != gz.KIND_DEMONYM and c.population >= MIN_TOWN_POPULATION
               for c in cands)


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


PLACE, DEMONYM, EMBEDDED = "place", "demonym", "embedded"
# Names inside these entities may hold an embedded toponym ("Texas" in "Texas Supreme Court").
EMBEDDING_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})


class Mention(NamedTuple):
    """A place name in the text: character offsets and its kind: a place ("Rafah"), a demonym
    ("Israeli") or a name embedded in an organisation's ("Texas" in "Texas Supreme Court")."""

    start: int
    end: int
    kind: str = PLACE


def find_mentions(doc: Doc) -> list[Mention]:
    """Every place name (and demonym) the Doc names, in text order, without overlaps."""
    ner = _ner_proposals(doc)
    gaz = _gazetteer_proposals(doc)
    demonyms = _demonym_proposals(doc)
    found = gz.lookup([p.key for p in ner] + [p.key for p in gaz] + [p.key for p in demonyms])
    ner_keys = {p.key for p in ner}

    accepted = list(ner)
    pending = []
    embedded = []
    for p in gaz:
        cands = found.get(p.key)
        if not cands:
            continue
        if _embedded(doc, p, cands):
            embedded.append(p)
            continue
        if all(c.kind == gz.KIND_DEMONYM for c in cands):
            continue  # demonyms only where spaCy sees a nationality (below)
        verdict = _accept_strong(doc, p, cands, ner_keys)
        if verdict:
            accepted.append(p)
        elif verdict is None:
            pending.append(p)

    context = _sure_countries(_select(accepted), found)
    initial = [p for p in pending if p.end - p.start == 1 and doc[p.start].is_sent_start]
    inner = [p for p in pending if p not in initial]
    accepted += [p for p in inner if _accept_town(doc, p, found[p.key], context)]
    # One sense per discourse: a sentence-initial word counts if it counted elsewhere.
    known = {p.key for p in accepted}
    accepted += [p for p in initial if p.key in known]
    chosen = _select(accepted)
    taken = {k for p in chosen for k in range(p.start, p.end)}
    mentions = [Mention(doc[p.start:p.end].start_char, doc[p.start:p.end].end_char) for p in chosen]
    for p in demonyms:
        if taken.isdisjoint(range(p.start, p.end)) and any(c.kind == gz.KIND_DEMONYM for c in found.get(p.key, [])):
            taken.update(range(p.start, p.end))
            mentions.append(Mention(doc[p.start:p.end].start_char, doc[p.start:p.end].end_char, DEMONYM))
    for p in sorted(embedded, key=lambda p: (p.start, -(p.end - p.start))):
        if taken.isdisjoint(range(p.start, p.end)):
            taken.update(range(p.start, p.end))
            kind = DEMONYM if all(c.kind == gz.KIND_DEMONYM for c in found[p.key]) else EMBEDDED
            mentions.append(Mention(doc[p.start:p.end].start_char, doc[p.start:p.end].end_char, kind))
    return sorted(mentions)


def _embedded(doc: Doc, p: _Proposal, cands: list[gz.Candidate]) -> bool:
    """An official country/state name or demonym inside a longer organisation-like name
    ("the Texas Department of Health", "U.S. Supreme Court", "Russian Orthodox Church"): the
    geoparsing corpora count it as a toponym; the record does not list it as a place."""
    if not any(c.kind >= gz.KIND_DEMONYM and c.kind != gz.KIND_ALTERNATE for c in cands):
        return False
    ent = doc[p.start].ent_type_
    if ent not in EMBEDDING_LABELS or any(doc[k].ent_type_ != ent for k in range(p.start, p.end)):
        return False
    span = next((e for e in doc.ents if e.start <= p.start < e.end), None)
    return span is not None and p.end <= span.end and (span.end - span.start) > (p.end - p.start)


def _demonym_proposals(doc: Doc) -> list[_Proposal]:
    """Nationality words that spaCy tags NORP ("Israeli", "Palestinians") or as adjectives of a
    place name; the gazetteer decides whether they name a country or region."""
    out = []
    for ent in doc.ents:
        if ent.label_ == "NORP":
            start, end = _trim(ent)
            out.append(_Proposal(start, end, gz.normalise(doc[start:end].text), True))
    return out


def _sure_countries(chosen: list[_Proposal], found: dict[str, list[gz.Candidate]]) -> set[str]:
    """Countries of the places whose reading does not depend on context."""
    counts: Counter[str] = Counter()
    for p in chosen:
        cands = found.get(p.key, [])
        top = max((c.kind for c in cands), default=-1)
        sure = [c for c in cands if c.kind == top] if top >= gz.KIND_ADMIN1 else cands
        if len({c.country for c in sure}) == 1 and sure[0].country:
            counts[sure[0].country] += 1
    return set(counts)


# ---------------------------------------------------------------- resolution in context

_SURE_MARGIN = 1.5  # a reading this far ahead of any reading in another country needs no context


def _candidates(names: list[str]) -> list[list[gz.Candidate]]:
    """Candidates of each name: those of its most specific variant that the gazetteer knows."""
    variants = [gz.name_variants(name) for name in names]
    found = gz.lookup(k for keys in variants for k in keys)
    return [next((found[k] for k in keys if k in found), []) for keys in variants]


def _context(readings: list[tuple[str, gz.Candidate | None]], weight: list[float]) -> dict[str, gz.Context]:
    """For each name, the context given by the OTHER names' readings (a name is no evidence for
    itself, however often repeated)."""
    per_name: dict[str, tuple[Counter, Counter]] = {}
    total_c: Counter = Counter()
    total_a: Counter = Counter()
    for (key, c), w in zip(readings, weight):
        if c is None or not c.country or w <= 0 or key in per_name:
            continue
        own_c, own_a = Counter({c.country: w}), Counter()
        if c.admin1:
            own_a[(c.country, c.admin1)] = w
        per_name[key] = (own_c, own_a)
        total_c.update(own_c)
        total_a.update(own_a)
    out = {}
    for key, _ in readings:
        own_c, own_a = per_name.get(key, (Counter(), Counter()))
        out[key] = gz.Context(dict(total_c - own_c), dict(total_a - own_a))
    return out


def resolve_names(names: list[str]) -> list[gz.Candidate | None]:
    """The place each name stands for, read together: the names of one report vouch for each
    other ("Alexandria" beside "Louisiana" is Alexandria, Louisiana).

    Round 1 takes as context only the names whose best reading is clear by itself; round 2 the
    round-1 readings of all the other names.
    """
    cands = _candidates(names)
    keys = [gz.normalise(n) for n in names]
    first: list[tuple[str, gz.Candidate | None]] = []
    sure: list[float] = []
    for key, cs in zip(keys, cands):
        top = gz.best(cs, gz.NO_CONTEXT)
        first.append((key, top))
        if top is None:
            sure.append(0.0)
            continue
        rival = max((gz.score(c) for c in cs if c.country != top.country), default=None)
        sure.append(1.0 if rival is None or gz.score(top) - rival >= _SURE_MARGIN else 0.0)
    context = _context(first, sure)
    second = [(key, gz.best(cs, context[key])) for key, cs in zip(keys, cands)]
    context = _context(second, [1.0] * len(second))
    readings = [gz.best(cs, context[key]) for key, cs in zip(keys, cands)]
    return _local_places(names, readings)


# The last word of a name that is a street, building, district or small water body: a place
# inside a town. GeoNames-by-population lacks them, but a report that names one is nearly always
# about the town it lies in.
LOCAL_WORDS = frozenset(
    "street st avenue ave road rd boulevard blvd lane drive highway freeway turnpike square plaza park "
    "church cathedral chapel mosque synagogue temple school high middle elementary academy college "
    "university hospital clinic library museum center centre club hotel inn airport station metro "
    "bridge canal plantation market mall stadium arena hall courthouse jail prison farm ranch county "
    "parish township neighborhood neighbourhood district quarter lake creek pond village".split()
)


def _local_places(names: list[str], readings: list[gz.Candidate | None]) -> list[gz.Candidate | None]:
    """Unknown local names ("Royal Street", "Patriot High", "Otter Tail County") placed at the
    report's main town: the town named most often (first named on a tie). They keep their own
    name, no GeoNames id, and feature "local" so that a reader knows the point is the town's.
    Without a town in the report they stay unresolved."""
    towns = Counter(c.pid for c in readings if c is not None and (c.feature or "").startswith("P")
                    and c.kind != gz.KIND_DEMONYM)
    if not towns:
        return readings
    focus_pid = towns.most_common(1)[0][0]
    focus = next(c for c in readings if c is not None and c.pid == focus_pid)
    out = list(readings)
    local_ids: dict[str, int] = {}
    for i, (name, c) in enumerate(zip(names, readings)):
        words = gz.normalise(name).split()
        if c is None and len(words) >= 2 and words[-1] in LOCAL_WORDS:
            pid = local_ids.setdefault(" ".join(words), -(10**9 + len(local_ids)))
            out[i] = gz.Candidate(pid, None, name, focus.lat, focus.lon, focus.country, "local", 0, False,
                                  gz.KIND_ALTERNATE, focus.admin1)
    return out


def annotate(doc: Doc, record: Record) -> None:
    """Fill `record.places` from the Doc: every place named, with all its mentions (demonyms
    help resolve the others but are not places themselves)."""
    mentions = find_mentions(doc)
    text = text_of(doc)
    readings = resolve_names([text[m.start:m.end] for m in mentions])
    places: dict[object, Place] = {}
    for m, top in zip(mentions, readings):
        if m.kind != PLACE:
            continue
        span = Span(start=m.start, end=m.end, text=text[m.start:m.end])
        if top is None:
            place = places.setdefault(("unresolved", gz.normalise(span.text)), Place(name=span.text))
        else:
            place = places.setdefault(top.pid, Place(
                name=top.name, lat=top.lat, lon=top.lon, geonameid=top.geonameid,
                country=top.country, feature=top.feature,
            ))
        place.mentions.append(span)
    record.places = list(places.values())
