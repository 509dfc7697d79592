"""The PLOVER trigger lexicon used by :mod:`newsledger.analysis.events`, loaded once.

The data lives in ``newsledger/data/events/plover_triggers.json`` (see
``data/README_events.md``). A *sense* says which PLOVER type (and mode, ACLED sub-event
type) a trigger lemma has when its conditions hold; a lemma may have several senses, tried
in order, the first that fits wins.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

# Condition items starting with "@" name an entity type that must cover the token.
ENTITY_MARK = "@"


@dataclass(frozen=True)
class Sense:
    type: str
    kind: str                     # merge group: mentions of one kind may be one happening
    mode: str | None = None
    acled: str | None = None      # a sub-event type, or "by_target" / "by_instrument"
    obj: tuple[str, ...] = ()     # object (or passive subject) must be one of these
    obj_not: tuple[str, ...] = ()
    obj_none: bool = False        # only without an object
    subj: tuple[str, ...] = ()
    subj_not: tuple[str, ...] = ()  # not with such a doer ("troops marched": not a protest)
    prep: tuple[str, ...] = ()    # one of these prepositions must hang off the trigger
    pobj: tuple[str, ...] = ()    # ... with its object in these classes
    prt: str | None = None        # phrasal particle ("pull out")
    comp: bool = False            # needs a clausal complement ("asked them to leave")
    comp_neg: bool = False        # a negated complement ("warned them not to")
    comp_future: bool = False     # a future complement ("warned that it would strike")
    no_comp: bool = False
    mods: tuple[str, ...] = ()    # noun modifiers ("general strike")
    light_only: bool = False      # noun counts only under a light verb ("hold talks")
    pobj_of: tuple[str, ...] = () # noun counts as the object of one of these prepositions ("went on strike")
    target: tuple[str, ...] | None = None  # where the target comes from, in order
    of: str | None = None         # for nouns: the "of" phrase is the "target" or "actor"
    of_class: tuple[str, ...] = ()
    place_from_obj: bool = False  # the object is the place ("seized the town")
    casualty: bool = False        # kill/injure: may belong to another event in the clause
    fatal: bool = False
    visit: bool = False           # travel verbs: need a purpose or an envoy-like traveller
    needs: tuple[str, ...] = ()   # at least one of these must be found ("actor", "date")


@dataclass(frozen=True)
class Lexicon:
    classes: dict[str, frozenset[str]]
    verbs: dict[str, tuple[Sense, ...]]
    nouns: dict[str, tuple[Sense, ...]]
    light_verbs: frozenset[str]
    instruments: dict[str, tuple[str | None, str | None]]
    threat_modes: dict[str, str]
    request_modes: dict[str, str]
    measures: frozenset[str] = frozenset()  # "300 tonnes of rice": the class is the rice's
    # the nouns written with a hyphen ("sit-in"), as (word, before its last hyphen, after it): the
    # tokenizer cuts them in three
    hyphenated: tuple[tuple[str, str, str], ...] = ()

    def member(self, lemma: str, names: tuple[str, ...], entity_type: str | None = None) -> bool:
        """Whether a lemma (or its entity type) belongs to any of the named classes/lemmas."""
        for name in names:
            if name.startswith(ENTITY_MARK):
                if entity_type == name[1:]:
                    return True
            elif name == lemma or lemma in self.classes.get(name, ()):
                return True
        return False

    def token_in(self, token: Token, names: tuple[str, ...], entity_type: str | None = None) -> bool:
        if self.member(token.lemma_.lower(), names, entity_type) or (
                token.lower_ != token.lemma_.lower() and self.member(token.lower_, names, entity_type)):
            return True
        # "armed men", "armed individuals": whoever carries arms is of the armed forces' class
        return ("forces" in names or "troops" in names) and any(
            c.dep_ == "amod" and c.lower_ == "armed" for c in token.children)


def _senses(raw: list[dict]) -> tuple[Sense, ...]:
    out = []
    for item in raw:
        fields = {k: (tuple(v) if isinstance(v, list) else v) for k, v in item.items()}
        out.append(Sense(**fields))
    return tuple(out)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    path = resources.files("newsledger") / "data" / "events" / "plover_triggers.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    threat_modes = {lemma: mode for mode, lemmas in data["threat_modes"].items() for lemma in lemmas}
    request_modes = {lemma: mode for mode, lemmas in data["request_modes"].items() for lemma in lemmas}
    return Lexicon(
        classes={k: frozenset(v) for k, v in data["classes"].items()},
        verbs={k: _senses(v) for k, v in data["verbs"].items()},
        nouns={k: _senses(v) for k, v in data["nouns"].items()},
        light_verbs=frozenset(data["light_verbs"]),
        instruments={k: (v[0], v[1]) for k, v in data["instruments"].items()},
        threat_modes=threat_modes,
        request_modes=request_modes,
        measures=frozenset(data.get("measures", ())),
        hyphenated=tuple((w, *w.rpartition("-")[::2]) for w in data["nouns"] if "-" in w),
    )
