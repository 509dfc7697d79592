"""Who did it: a small learned choice of an event's actor among the report's entities.

The event rules take the grammatical doer when the sentence has one. Often it has none ("a
drone struck the market, killing nine"), or the doer is a word that cannot act ("the
statement", "a text message"), and the report says who is blamed elsewhere ("the army blamed
the RSF for the attack"). Analysts code the actor the report attributes. Which candidate is
right depends on the event's kind, on how and where each candidate is named and on whether
it is blamed, and hand rules for that held only on the team's own writing. So every event's
candidates (the rules' pick, the entities named in its sentence and the one before, those an
accusation in the report blames, the actors of the event before it and of the lead event) are
scored by a logistic regression trained by ``scripts/train_event_arguments.py`` on the dev half of
the independent corpus (bench/corpus), its threshold chosen by leave-one-writer-out
cross-validation. Below the threshold the event has no actor.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from newsledger.analysis import _gazetteer as gz
from newsledger.analysis._chooser import VERBAL, Model, load, pick
from newsledger.analysis._event_lexicon import lexicon
from newsledger.record import Entity, Event, Record, Ref

SOURCES = ("rule", "sentence", "sentence_before", "blamed", "previous_event", "lead_event", "same_type_event")
KINDS = ("PERSON", "ORG", "GPE", "NORP")
FEATURES = (
    *(f"from_{s}" for s in SOURCES),
    *(f"type_{k}" for k in KINDS), "not_entity", "capitalised", "is_place", "speaks_here",
    "before_trigger", "log_chars_to_trigger", "log_mentions", "verbal", "assault", "rule_is_target",
    "acts_in_another_event_here", "is_publisher", "publisher_acting",
    "armed_words", "armed_doing", "victim_words", "victim_doing", "media_words", "acronym",
)


@lru_cache(maxsize=1)
def shipped() -> Model | None:
    return load("actor_model.json", FEATURES, "scripts/train_event_arguments.py")


@dataclass
class Candidate:
    ref: Ref
    entity: Entity | None
    sources: set[str] = field(default_factory=set)


def _key(ref: Ref) -> str:
    return ref.entity_id or ref.name.casefold()


def candidates(record: Record, index: int, sentence_starts: list[int]) -> list[Candidate]:
    events, event = record.events, record.events[index]
    entities = {e.id: e for e in record.entities}
    found: dict[str, Candidate] = {}

    def add(ref: Ref | None, source: str) -> None:
        if ref is not None and ref.name:
            found.setdefault(_key(ref), Candidate(ref, entities.get(ref.entity_id or ""))).sources.add(source)

    add(event.actor, "rule")
    start, end = event.evidence.start, event.evidence.end
    before = max((s for s in sentence_starts if s < start), default=None)
    for e in record.entities:
        if e.type not in KINDS:
            continue
        for m in e.mentions:
            if start <= m.start < end:
                add(Ref(name=e.name, entity_id=e.id), "sentence")
            elif before is not None and before <= m.start < start:
                add(Ref(name=e.name, entity_id=e.id), "sentence_before")
    if event.type not in VERBAL:
        for e in events:
            if e.type == "ACCUSE" and e.target is not None and e is not event:
                add(e.target, "blamed")
    previous = [e for e in events[:index] if e.actor is not None]
    if previous:
        add(previous[-1].actor, "previous_event")
        add(previous[0].actor, "lead_event")
    # the doer of the last earlier event of its kind: "12 people were killed", told after "gunmen
    # attacked the convoy" and a closure by the state, is the gunmen's, not the state's
    same_type = [e for e in previous if e.type == event.type]
    if same_type:
        add(same_type[-1].actor, "same_type_event")
    return list(found.values())


def _words(name: str) -> set[str]:
    return {w.strip(".,'’()").casefold() for w in name.replace("-", " ").split()} - {"the", ""}


def _name_key(name: str) -> str:
    """A name's words in order, for comparing names written differently ("HALIMA YUSUF")."""
    return " ".join(sorted(_words(name)))


def _publisher(c: Candidate, record: Record) -> bool:
    """Whether the candidate is the report's own publisher ("the Kordofan Post", "Pan-American"
    for "Pan-American Wire"): an outlet telling of an event, which does act when it issues a
    statement of its own (an NGO's or a ministry's release)."""
    words = _words(record.article.publisher or "")
    mine = _words(c.ref.name)
    return bool(words and mine) and mine <= words and any(w[:1].isupper() for w in c.ref.name.split())


@lru_cache(maxsize=1)
def _word_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The lexicon's words of armed men, of people who suffer violence, and of media."""
    classes = lexicon().classes
    empty: frozenset[str] = frozenset()
    return (classes.get("forces", empty) | classes.get("troops", empty), classes.get("civilians", empty),
            classes.get("media", empty))


def _word_classes(name: str, forceful: bool) -> list[float]:
    """What the name's words say it is, by the event lexicon's word classes: armed men ("RSF
    fighters", "the army's 22nd Division"), people who suffer violence more often than they do
    it ("Six women", "residents"), a medium ("the station"); and whether it is an acronym
    ("RSF", "JNIM"), as armed groups and agencies are often named."""
    armed_words, victim_words, media_words = _word_sets()
    words = {w.strip(".,'’()").lower() for w in name.replace("'s", " ").split()}
    words |= {w[:-1] for w in words if w.endswith("s")} | {w[:-3] + "man" for w in words if w.endswith("men")} | {
        w[:-3] for w in words if w.endswith("ren")}  # fighters, women, children
    armed, victim, media = bool(words & armed_words), bool(words & victim_words), bool(words & media_words)
    acronym = any(len(w) >= 2 and w.isupper() and w.isalpha() for w in name.split())
    return [float(armed), float(armed and forceful), float(victim), float(victim and forceful),
            float(media), float(acronym)]


def _bylined(record: Record) -> set[str]:
    """The names of the report's writers and presenters: they tell the events, never act in them."""
    return {_name_key(b.name) for b in record.article.byline if b.name}


def features(c: Candidate, event: Event, record: Record, places: set[str], speakers: set[str],
             others: set[str]) -> list[float]:
    start, end = event.evidence.start, event.evidence.end
    trigger_at = start + max(0, event.evidence.text.find(event.trigger or ""))
    spots = [m.start for m in c.entity.mentions] if c.entity else []
    if not spots:
        at = event.evidence.text.find(c.ref.name)
        spots = [start + at] if at >= 0 else []
    inside = [s for s in spots if start <= s < end]
    distance = min((abs(s - trigger_at) for s in inside), default=5_000)
    etype = c.entity.type if c.entity else None
    publisher = _publisher(c, record)
    return [
        *(float(s in c.sources) for s in SOURCES),
        *(float(etype == k) for k in KINDS), float(c.entity is None),
        float(any(w[:1].isupper() for w in c.ref.name.split())),
        float(c.ref.name.casefold() in places),
        float(_key(c.ref) in speakers),
        float(bool(inside) and min(inside) < trigger_at),
        math.log1p(distance), math.log1p(len(spots)),
        float(event.type in VERBAL), float(event.type == "ASSAULT"),
        float(event.target is not None and _key(event.target) == _key(c.ref)),
        float(_key(c.ref) in others),
        float(publisher), float(publisher and event.type not in VERBAL),
        *_word_classes(c.ref.name, event.type in ("ASSAULT", "COERCE")),
    ]


def _stems(name: str) -> set[str]:
    return {w[:5].casefold() for w in name.replace("'s", "").split() if w[:1].isupper() and len(w) > 2}


def _same_side(a: Ref, b: Ref) -> bool:
    """One actor named two ways: the same entity, or a shared capitalised stem ("Israel", "Israeli army")."""
    return (a.entity_id is not None and a.entity_id == b.entity_id) or bool(_stems(a.name) & _stems(b.name))


def _speakers(record: Record, event: Event) -> set[str]:
    out = set()
    if event.source is not None:
        out.add(_key(event.source))
    for q in record.quotes:
        if q.start < event.evidence.end and event.evidence.start < q.end and q.speaker.name:
            out.add(q.speaker.entity_id or q.speaker.name.casefold())
    return out


def rows(record: Record, sentence_starts: list[int]) -> list[tuple[int, list[tuple[Candidate, list[float]]]]]:
    places = {p.name.casefold() for p in record.places} | {
        m.text.casefold() for p in record.places for m in p.mentions}
    out = []
    for i, e in enumerate(record.events):
        cands = candidates(record, i, sentence_starts)
        if cands:
            speakers = _speakers(record, e)
            # the doers of the sentence's other events ("closed after a Freedom Front attack")
            others = {_key(o.actor) for o in record.events if o is not e and o.actor is not None
                      and o.evidence.start == e.evidence.start and o.trigger != e.trigger}
            out.append((i, [(c, features(c, e, record, places, speakers, others)) for c in cands]))
    return out


def _towns(record: Record) -> set[str]:
    """The names (as resolved and as written) of the report's places that the gazetteer knows as
    towns, sites or divisions, not countries."""
    out, countries = set(), set()
    for p in record.places:
        names = {p.name.casefold()} | {m.text.casefold() for m in p.mentions}
        if (p.feature or "").startswith("A.PCL"):
            countries |= names
        elif p.feature:
            out |= names
    # a name the gazetteer does not know, but the report only ever uses as a place ("near the
    # Zobue border crossing", "in Kalemie"): still a place
    body = record.article.body
    for e in record.entities:
        if e.type in ("GPE", "LOC", "FAC") and e.mentions and all(
                _place_word_before(body, m.start) for m in e.mentions):
            out |= {e.name.casefold()} | {m.text.casefold() for m in e.mentions}
    # a name the tagger called an organisation or a person that the gazetteer knows as a town or
    # a division of the report's own countries ("heading for Tete" tagged as a group)
    own = {p.country for p in record.places if (p.feature or "").startswith("A.PCL") and p.country}
    if own:
        names = {_place_part(e.name) for e in record.entities if e.type in ("ORG", "PERSON", "NORP", "GPE")}
        found = gz.lookup(gz.normalise(n) for n in names if n)
        for n in names:
            if any(c.country in own and (c.feature or "")[:1] in ("P", "A") and not (c.feature or "").startswith("A.PCL")
                   for c in found.get(gz.normalise(n), ())):
                out.add(n.casefold())
    return out - countries


_POSSESSOR = re.compile(r"^.+?['’]s\s+")


def _place_part(name: str) -> str:
    """"Mozambique's Tete" -> "Tete": a place named with its country is that place."""
    return _POSSESSOR.sub("", name).strip()


# Words after which a name is where something is, not who does it.
PLACE_WORDS = frozenset("in at near into outside inside around across from to toward towards between".split())


def _place_word_before(body: str, at: int) -> bool:
    words = body[max(0, at - 20):at].split()
    while words and words[-1].casefold() in ("the", "a"):
        words.pop()
    return bool(words) and words[-1].casefold() in PLACE_WORDS


def _no_entity(c: Candidate) -> bool:
    """Only entities act (people, groups, organisations, states, forces, civilians as a group):
    a building or a site the tagger names (a prison, a hospital, a square) does not, and neither
    does a happening the sentence names as its subject ("the bombing killed four", "the attack
    left ten dead"): the word is one of the trigger lexicon's event nouns."""
    if c.entity is not None and c.entity.type in ("FAC", "LOC"):
        return True
    if c.entity is not None:
        return False
    words = c.ref.name.casefold().split()
    if not words:
        return True
    head = words[-1]
    nouns = lexicon().nouns
    return head in nouns or (head.endswith("s") and head[:-1] in nouns)


def infer(record: Record, sentence_starts: list[int], model: Model | None = None) -> list[Event]:
    """The record's events, each with its best-scoring actor (none below the threshold)."""
    model = model or shipped()
    events = list(record.events)
    if model is None:
        return events
    chosen: dict[int, Ref | None] = {i: None for i in range(len(events))}
    towns = _towns(record)
    writers = _bylined(record)
    for i, cands in rows(record, sentence_starts):
        # A town, a district or a border post does not act; a state does ("Zobue" is where the
        # attack was, not who made it).
        cands = [(c, x) for c, x in cands if c.ref.name.casefold() not in towns
                 and _place_part(c.ref.name).casefold() not in towns and _name_key(c.ref.name) not in writers
                 and not _no_entity(c)]
        rule = next((k for k, (c, _x) in enumerate(cands) if "rule" in c.sources), None)
        # a gap is never filled with the doer of another event of the sentence
        fill_ok = [not x[FEATURES.index("acts_in_another_event_here")] for _c, x in cands]
        k = pick(model, [x for _c, x in cands], rule, fill_ok)
        chosen[i] = cands[k][0].ref if k is not None else None
        if chosen[i] is not None and events[i].actor is not None and _same_side(events[i].actor, chosen[i]):
            chosen[i] = events[i].actor  # "the Ostland army" over "Ostland": the rules' phrase is the finer
    for i, ref in chosen.items():
        if ref != events[i].actor:
            events[i] = events[i].model_copy(update={"actor": ref})
    return events
