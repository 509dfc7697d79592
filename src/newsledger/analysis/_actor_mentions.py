"""The kind of an event's actor or target from how the report writes it: a learned second look.

The actors step's rules (:mod:`.actors`) give every event actor and target a kind from the actor
table and the lexicon. Some phrases they leave without one ("the convoy", "the operation", "the
Executive"), and some they code the way one report's wording suggests, not the way an analyst
would ("hundreds of parents" who march are protesters, "truck drivers" who strike a business).
This is a multinomial logistic regression over a mention's features (:func:`features`): the rules'
own kind and where it came from (the table, a national actor, a description, a name), the phrase's
head word, its words, the lexicon kinds and roles it contains, the name classifier's guess
(:mod:`._actor_kinds`), the entity type, the event's type and the mention's side (actor or
target), and the words just before it. It gives a kind to a mention the rules leave
without one when at least ``fill`` sure, and overrules the rules' kind only when it is sure
(``threshold``) and surer than of the rules' kind by ``margin``; these, and the regularisation,
are chosen by leave-one-writer-out cross-validation on the dev half of the events corpus
(``scripts/train_actor_mentions.py``, which writes ``data/actors/mention_kinds.json``
byte-identically from the same material).

No new dependency: numpy at training, plain Python at prediction (a few dot products a mention).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

PRONOUNS = frozenset("""he she it they them we us i you him her his its their itself themselves this that these
those who one""".split())


def features(r, text: str, entity, ctx, found) -> list[str]:
    """The features of one mention (``text``, its entity, its context) and the rules' answer ``found``."""
    from newsledger.analysis import _actor_kinds
    from newsledger.analysis.actors import _PARENS, _longest, _strip
    from newsledger.analysis._actor_table import norm

    out: list[str] = []
    rule = found.kind or "none"
    key = found.key or ""
    if found.table_id and "." in found.table_id and found.table_id.split(".")[0].isupper():
        src = "national"
    elif key.startswith("t:"):
        src = "table"
    elif key[:2] in ("g:", "o:", "p:"):
        src = key[:1]
    else:
        src = "nokey"
    out += [f"r:{rule}", f"s:{src}", f"rs:{rule}|{src}"]
    tokens = _strip(norm(_PARENS.sub(" ", text)).split())
    head = r.head_word(text) or "<none>"
    out.append(f"h:{head}")
    # words the lexicon knows only (kind words, person nouns): a report's own names teach nothing
    # that carries to other regions' reports
    out += [f"w:{t}" for t in dict.fromkeys(tokens[:8]) if t in r.w.kind_words or t in r.w.persons]
    if tokens:
        hit = _longest(tokens, 0, len(tokens), r.w.kinds, r.w.kind_starts, rightmost=True)
        if hit is not None:
            out.append(f"lk:{hit[0]}")
            out.append(f"lkr:{hit[0]}|{rule}")
        role = _longest(tokens, 0, len(tokens), r.w.roles, r.w.role_starts, rightmost=True)
        if role is not None:
            out.append(f"rk:{role[0]}")
        if r._country_in(tokens) is not None:
            out.append("country")
        if head in r.w.persons:
            out.append("person_head")
        if r._identity(tokens):
            out.append("identity")
        learned = _actor_kinds.model(r.t, norm).predict(_actor_kinds.features(tokens, r.t.countries))
        if learned is not None and learned[1] >= 0.5:
            out.append(f"nb:{learned[0]}")
    if head.endswith("s") and len(head) > 3:
        out.append("plural")
    words = text.split()
    if any(w[:1].isupper() for w in words[1:]) or (words and words[0][:1].isupper()
                                                    and norm(words[0]) not in r.w.kind_words):
        out.append("capital")
    if any(w.isupper() and len(w) > 1 for w in words):
        out.append("acronym")
    out.append(f"e:{entity.type if entity is not None else 'none'}")
    side = "actor" if ctx.is_actor else "target"
    out += [f"t:{ctx.event_type}", f"side:{side}", f"ts:{ctx.event_type}|{side}", f"tr:{ctx.event_type}|{rule}"]
    for b in norm(ctx.before).split()[-2:]:
        if b in r.w.kind_words or b in r.w.persons or b in r.w.roles:
            out.append(f"b:{b}")
    if ctx.protesting:
        out.append("protesting")
    if ctx.riot:
        out.append("riot")
    return out


class Model:
    """A multinomial logistic regression over named features (weights as shipped)."""

    def __init__(self, data: dict):
        self.kinds: list[str] = data["kinds"]
        self.bias: list[float] = data["bias"]
        self.weights: dict[str, list[float]] = data["weights"]
        self.threshold: float = data["threshold"]
        self.margin: float = data["margin"]
        self.fill: float = data["fill"]

    def probs(self, feats: list[str]) -> list[float]:
        z = list(self.bias)
        for f in feats:
            w = self.weights.get(f)
            if w is not None:
                for i, v in enumerate(w):
                    z[i] += v
        top = max(z)
        e = [math.exp(v - top) for v in z]
        s = sum(e)
        return [v / s for v in e]

    def decide(self, feats: list[str], rule_kind: str | None) -> str | None:
        """The kind to give: the rules' unless the model is sure of another."""
        return self.choose(self.probs(feats), rule_kind)

    def choose(self, p: list[float], rule_kind: str | None) -> str | None:
        """:meth:`decide` from the model's probabilities."""
        best = max(range(len(p)), key=p.__getitem__)
        kind = self.kinds[best]
        if rule_kind is None:  # no kind at all is always wrong for an actor: the model's, when it is fairly sure
            return kind if p[best] >= self.fill else None
        if kind == rule_kind or p[best] < self.threshold:
            return rule_kind
        rule_p = p[self.kinds.index(rule_kind)] if rule_kind in self.kinds else 0.0
        return kind if p[best] - rule_p >= self.margin else rule_kind


@lru_cache(maxsize=1)
def shipped() -> Model | None:
    try:
        text = resources.files("newsledger.data").joinpath("actors/mention_kinds.json").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    return Model(json.loads(text))
