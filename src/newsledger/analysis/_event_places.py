"""Where an event happened: a small learned choice among the report's places.

The event rules name a place when the event's own words govern one ("shelled the town of X").
Often they do not: "the RSF stormed the camp" in the fourth paragraph happened where the lead
put it; a ministry "condemned" the attack where its statement was issued (the dateline); a
report filed from a neighbouring capital names that capital first, though nothing happened
there. Which place is right depends on the event's kind, on where each candidate is named and
on what kind of place it is, and hand rules for that held only on the team's own writing. So
every event's candidates (the rules' pick, the places of its sentence and the one before, the
dateline's, the places of the event before it and of the lead event, and the report's most
named town) are scored by a logistic regression trained by ``scripts/train_event_arguments.py`` on
the dev half of the independent corpus (bench/corpus), its threshold chosen by
leave-one-writer-out cross-validation. Below the threshold the event has no place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc

from newsledger.analysis._chooser import VERBAL, Model, load, pick
from newsledger.record import Event, Place, PlaceRef, Record

SOURCES = ("rule", "sentence", "sentence_before", "dateline", "previous_event", "lead_event", "main_place",
           "same_type_event")
FEATURES = (
    *(f"from_{s}" for s in SOURCES),
    "n_sources", "verbal", "assault", "area", "country_level", "resolved", "log_mentions",
    "log_chars_away", "before_trigger", "first_in_sentence", "dateline_only", "after_trigger",
    "after_locative_word", "governed_by_trigger", "country_share",
    # the event's kind crossed with where and how the candidate is named: on its own the kind is
    # the same for every candidate of an event and cannot choose between them (a statement is
    # placed where it was made, a dateline's town; an attack where it struck)
    *(f"{k}_x_{f}" for k in ("verbal", "assault") for f in (*(f"from_{s}" for s in SOURCES), "area", "country_level")),
)
# Words that put the next name where something happened ("in Zenda", "near Tarn", "outside Goma").
LOCATIVE_WORDS = frozenset("in at near into outside inside around across from on of".split())
DATELINE_CHARS = 60  # a dateline's place is named in the body's first words


@lru_cache(maxsize=1)
def shipped() -> Model | None:
    return load("place_model.json", FEATURES, "scripts/train_event_arguments.py")


@dataclass
class Candidate:
    place: Place
    sources: set[str] = field(default_factory=set)


def _key(name: str | None, geonameid: int | None) -> tuple[int | None, str]:
    return geonameid, (name or "").casefold()


def _ref(place: Place) -> PlaceRef:
    return PlaceRef(name=place.name, lat=place.lat, lon=place.lon, geonameid=place.geonameid,
                    country=place.country, feature=place.feature)


def candidates(record: Record, index: int, sentence_starts: list[int],
               shares: dict[str, float] | None = None) -> list[Candidate]:
    """The places event ``index`` may have happened at, each with where it was found
    (``shares``: the report's ``country_shares``, computed once per report by the caller)."""
    events, places = record.events, record.places
    event = events[index]
    by_key = {_key(p.name, p.geonameid): p for p in places}
    by_name = {p.name: p for p in places}
    found: dict[str, Candidate] = {}

    def add(place: Place | None, source: str) -> None:
        if place is not None:
            found.setdefault(_key(place.name, place.geonameid), Candidate(place)).sources.add(source)

    if event.place is not None:
        add(by_key.get(_key(event.place.name, event.place.geonameid)) or by_name.get(event.place.name)
            or Place(**event.place.model_dump(exclude={"feature"}), feature=event.place.feature), "rule")
    start, end = event.evidence.start, event.evidence.end
    before = max((s for s in sentence_starts if s < start), default=None)
    first = min((m.start for q in places for m in q.mentions), default=None)
    for p in places:
        for m in p.mentions:
            if start <= m.start < end:
                add(p, "sentence")
            elif before is not None and before <= m.start < start:
                add(p, "sentence_before")
            if m.start < DATELINE_CHARS and m.start == first:
                add(p, "dateline")
    placed = [e for e in events[:index] if e.place is not None]
    if placed:
        add(by_key.get(_key(placed[-1].place.name, placed[-1].place.geonameid)), "previous_event")
        add(by_key.get(_key(placed[0].place.name, placed[0].place.geonameid)), "lead_event")
    # the place of the last telling of the same type: most often the same happening told again
    # ("gunmen opened fire on a convoy near Mwanza" ... "our drivers were ambushed")
    same = [e for e in placed if e.type == event.type]
    if same:
        add(by_key.get(_key(same[-1].place.name, same[-1].place.geonameid)), "same_type_event")
    # (a place the body does not name, a byline's location, has no mentions: not the main place)
    towns = [p for p in places if p.mentions and p.lat is not None and (p.feature or "").startswith("P")]
    if towns:
        # the dateline's mention is where the reporter was, so it does not make a town the main one
        def named(p: Place) -> int:
            return sum(1 for m in p.mentions if not (m.start < DATELINE_CHARS and m.start == first))

        # between towns named as often, the one in the country the report names most (a report
        # on Mali that quotes a researcher "based in Dakar")
        shares = country_shares(record) if shares is None else shares
        add(max(towns, key=lambda p: (named(p), shares.get(p.country or "", 0.0), -p.mentions[0].start)),
            "main_place")
    return list(found.values())


# The links by which a place is one of the event's own words: the object of its preposition
# ("travel to Cairo"), its object or passive subject ("closed the crossing", "Kerem Shalom ... has
# been closed"), and names in apposition to those ("the other crossing, Kerem Shalom").
OWN_LINKS = frozenset({"pobj", "prep", "dobj", "nsubjpass", "appos", "compound"})


def _governed(doc: Doc | None, event: Event, c: Candidate) -> bool:
    """Whether one of the candidate's mentions is one of the event word's own arguments."""
    if doc is None or not event.trigger:
        return False
    span = doc.char_span(event.evidence.start, event.evidence.end, alignment_mode="expand")
    trig = next((t for t in span if t.text == event.trigger), None) if span is not None else None
    if trig is None:
        return False
    for m in c.place.mentions:
        if not (event.evidence.start <= m.start < event.evidence.end):
            continue
        place = doc.char_span(m.start, m.end, alignment_mode="expand")
        tok = place.root if place is not None else None
        for _ in range(4):
            if tok is None or tok.dep_ not in OWN_LINKS or tok.head.i == tok.i:
                break
            tok = tok.head
            if tok.i == trig.i:
                return True
    return False


def country_shares(record: Record) -> dict[str, float]:
    """The share of the report's place mentions in each country (the dateline's not counted):
    a report about Mali filed from Dakar names Malian places."""
    first = min((m.start for q in record.places for m in q.mentions), default=None)
    counts: dict[str, int] = {}
    for p in record.places:
        if p.country:
            n = sum(1 for m in p.mentions if not (m.start < DATELINE_CHARS and m.start == first))
            counts[p.country] = counts.get(p.country, 0) + n
    total = sum(counts.values())
    return {k: v / total for k, v in counts.items()} if total else {}


def features(c: Candidate, event: Event, body: str, doc: Doc | None = None,
             shares: dict[str, float] | None = None) -> list[float]:
    place, start, end = c.place, event.evidence.start, event.evidence.end
    feature = place.feature or ""
    mentions = [m.start for m in place.mentions]
    inside = [m for m in mentions if start <= m < end]
    away = min((abs(m - start) for m in mentions), default=10_000) if not inside else 0
    trigger_at = event.evidence.text.find(event.trigger) + start if event.trigger else start
    sources = [float(s in c.sources) for s in SOURCES]
    kinds = (float(event.type in VERBAL), float(event.type == "ASSAULT"))
    levels = (float(feature.startswith(("A.ADM1", "L.", "T.", "H."))), float(feature.startswith("A.PCL")))
    return [
        *sources,
        float(len(c.sources)), *kinds,
        *levels,
        float(place.lat is not None), math.log1p(len(mentions)), math.log1p(away),
        float(bool(inside) and min(inside) < trigger_at), float(bool(inside) and min(inside) == min(mentions)),
        float(c.sources == {"dateline"}),
        float(any(m > trigger_at for m in inside)),
        float(any(_word_before(body, m) in LOCATIVE_WORDS for m in inside)),
        float(_governed(doc, event, c)),
        (shares or {}).get(place.country or "", 0.0),
        *(k * f for k in kinds for f in (*sources, *levels)),
    ]


def _word_before(body: str, at: int) -> str:
    words = body[max(0, at - 12):at].split()
    return words[-1].casefold() if words else ""


def rows(record: Record, sentence_starts: list[int], doc: Doc | None = None
         ) -> list[tuple[int, list[tuple[Candidate, list[float]]]]]:
    out = []
    shares = country_shares(record)
    for i, e in enumerate(record.events):
        cands = candidates(record, i, sentence_starts, shares)
        if cands:
            out.append((i, [(c, features(c, e, record.article.body, doc, shares)) for c in cands]))
    return out


def infer(record: Record, sentence_starts: list[int], model: Model | None = None, doc: Doc | None = None) -> list[Event]:
    """The record's events, each placed at its best-scoring candidate (none below the threshold)."""
    model = model or shipped()
    events = list(record.events)
    if model is None:
        return events
    chosen: dict[int, Place | None] = {i: None for i in range(len(events))}
    for i, cands in rows(record, sentence_starts, doc):
        if events[i].type not in VERBAL:
            # A dateline is where the reporter filed from: a statement may be made there, but a
            # strike, a raid or a protest happened where the text puts it, if anywhere.
            cands = [(c, x) for c, x in cands if c.sources != {"dateline"}]
        rule = next((k for k, (c, _x) in enumerate(cands) if "rule" in c.sources), None)
        k = pick(model, [x for _c, x in cands], rule)
        chosen[i] = cands[k][0].place if k is not None else None
    for i, place in chosen.items():
        ref = _ref(place) if place is not None else None
        if ref != events[i].place:
            events[i] = events[i].model_copy(update={"place": ref})
    return events
