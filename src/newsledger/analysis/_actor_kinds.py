"""The kind of a body from the words of its name, learned from the actor table.

A name the table does not know ("the Kalembe Civil Society Coordination", "the Sagaing People's
Defence Force", "the Independent Policing Oversight Authority") still says what it is: its head
noun and its other words ("liberation", "people's", "authority", "society", "manufacturers").
This is a multinomial naive Bayes over those words, trained, when the table is built, on every
name and alias of the table's bodies (curated rows, the user's own table) and on the lexicon's
kind phrases: no file of weights to ship, and a user's table teaches it too.

Features of a name: each word (``w:``), its head (its last word before "of", "for", "de"..., ``h:``), its first word (``f:``); a
country or a demonym in the name is one token (``<country>``), so "Kenya Defence Forces" teaches
"<country> defence forces", not "kenya". Acronyms teach nothing (single capitalised tokens of at
most five letters are dropped as training names).

Its constants (``ALPHA``, the smoothing; ``MIN_PROB``, how sure it must be to give a kind;
``OVERRIDE_PROB``, how sure to overrule an "army"/"police" head word) are chosen as bench/actors.py
chooses them in its cross-validation by writer on the dev half of the events corpus: the best
resolver-alone kind accuracy on the dev writers, ties (the classifier changes few dev actors, and
every setting tied at the time of writing) broken by the most table names right leave-one-out
(:func:`leave_one_out`), then by the highest override threshold.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

ALPHA = 0.1
MIN_PROB = 0.4
OVERRIDE_PROB = 0.9
# kinds a name alone can tell (people, crowds and national bodies come from other words)
LEARNED = ("government", "legislature", "judiciary", "state forces", "police", "rebel group", "political militia",
           "identity militia", "political party", "NGO", "international organisation", "media", "business",
           "religious")
_OF = frozenset({"of", "for", "de", "del", "des", "du", "in", "on", "against", "pour"})
_SKIP = frozenset({"of", "the", "and", "for", "de", "del", "la", "el", "des", "du", "le", "in", "on", "to", "al"})


def features(tokens: list[str], countries) -> list[str]:
    """The features of a folded name (its words, already without a leading article)."""
    words = []
    i = 0
    while i < len(tokens):
        # the longest country word starting here (up to four words: "democratic republic of the congo")
        for n in range(min(5, len(tokens) - i), 0, -1):
            if " ".join(tokens[i:i + n]) in countries:
                words.append("<country>")
                i += n
                break
        else:
            words.append(tokens[i])
            i += 1
    content = [w for w in words if w not in _SKIP]
    if not content:
        return []
    out = [f"w:{w}" for w in content]
    # the head: the last word before "of", "for", "de"... ("Law Society of Kenya": society)
    cut = next((i for i, w in enumerate(words) if i > 0 and w in _OF), len(words))
    before = [w for w in words[:cut] if w not in _SKIP] or content
    out.append(f"h:{before[-1]}")
    out.append(f"f:{content[0]}")
    return out


class NameKinds:
    """Naive Bayes over name features; :meth:`predict` gives (kind, probability) or None."""

    def __init__(self, examples: list[tuple[list[str], str]], alpha: float = ALPHA):
        self.alpha = alpha
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.totals: Counter = Counter()
        self.docs: Counter = Counter()
        for feats, kind in examples:
            if not feats:
                continue
            self.docs[kind] += 1
            for f in feats:
                self.counts[kind][f] += 1
                self.totals[kind] += 1
        self.vocab = {f for c in self.counts.values() for f in c}
        self.kinds = sorted(self.docs)
        # log P(feature | kind), looked up at prediction (a feature unseen with a kind: the smoothed floor)
        v = len(self.vocab)
        self.floor = {k: math.log(alpha / (self.totals[k] + alpha * v)) for k in self.kinds}
        # filled as features are asked for (a process meets a few hundred of the thousands)
        self.logp: dict[str, list[float]] = {}

    def _logp(self, f: str) -> list[float]:
        row = self.logp.get(f)
        if row is None:
            alpha, v = self.alpha, len(self.vocab)
            row = self.logp[f] = [math.log((self.counts[k][f] + alpha) / (self.totals[k] + alpha * v))
                                  for k in self.kinds]
        return row

    def predict(self, feats: list[str]) -> tuple[str, float] | None:
        rows = [self._logp(f) for f in feats if f in self.vocab]
        if not rows or not self.kinds:
            return None
        # a flat prior: how many names a kind has in the table is no evidence
        scores = dict(zip(self.kinds, map(sum, zip(*rows))))
        return _top(scores)

    def predict_from_counts(self, feats: list[str]) -> tuple[str, float] | None:
        """:meth:`predict` from the counts as they stand (for :func:`leave_one_out`, which takes an
        actor's counts off and puts them back)."""
        feats = [f for f in feats if f in self.vocab]
        if not feats or not self.kinds:
            return None
        v = len(self.vocab)
        scores = {}
        for kind in self.kinds:
            denom = self.totals[kind] + self.alpha * v
            scores[kind] = sum(math.log((self.counts[kind][f] + self.alpha) / denom) for f in feats)
        return _top(scores)


def _top(scores: dict[str, float]) -> tuple[str, float]:
    """The best kind and its posterior probability."""
    top = max(scores.values())
    z = sum(math.exp(s - top) for s in scores.values())
    return max(scores, key=scores.get), 1.0 / z


def _is_acronym(name: str) -> bool:
    bare = name.replace("-", "").replace(".", "")
    return bare.isupper() and len(bare) <= 6 and " " not in name


def examples(table, norm) -> list[tuple[list[str], str, str]]:
    """(features, kind, actor id) for every name and alias of the table's bodies (generated national
    actors aside: their templated names would outweigh the rest) and the lexicon's kind phrases."""
    out = []
    generated = {f"{c}.{s}" for c in table.country_names for s in ("government", "military", "police", "legislature",
                                                                   "judiciary")}
    for actor in table.actors.values():
        if actor.kind not in LEARNED or actor.id.endswith(".red_cross"):
            continue  # (the generated Red Cross societies: 250 templated names)
        if actor.id in generated and actor.name.endswith(f" of {table.country_names.get(actor.country, '')}") \
                and actor.name.split()[0] in ("Military", "Police", "Government", "Legislature", "Judiciary"):
            continue
        for name in dict.fromkeys((actor.name, *actor.aliases)):
            if _is_acronym(name):
                continue
            feats = features(norm(name).split(), table.countries)
            if feats:
                out.append((feats, actor.kind, actor.id))
    words = [(k, v, "lex") for k, v in table.lexicon["kinds"].items()] + \
        [(k, v, "name") for k, v in table.lexicon.get("name_words", {}).items() if not k.startswith("_")]
    for kind, phrases, source in words:
        if kind not in LEARNED:
            continue
        for phrase in phrases:
            if "(" in phrase:
                continue
            feats = features(norm(phrase).split(), table.countries)
            if feats:
                out.append((feats, kind, f"lex:{source}:{phrase}"))
    return out


def model(table, norm) -> NameKinds:
    """The model of a table (built once per table, kept on it)."""
    built = getattr(table, "_name_kinds", None)
    if built is None:
        built = NameKinds([(f, k) for f, k, _ in examples(table, norm)])
        table._name_kinds = built
    return built


def leave_one_out(table, norm, alpha: float = ALPHA, min_prob: float = MIN_PROB) -> dict:
    """Accuracy on the table's own curated names, each predicted by a model that has not seen its
    actor (any of its names): how well the kind of a name the table does not know is told."""
    data = examples(table, norm)
    by_actor = defaultdict(list)
    for feats, kind, actor_id in data:
        by_actor[actor_id].append((feats, kind))
    # one model, the held-out actor's counts taken off (exact for naive Bayes, and fast)
    full = NameKinds([(f, k) for f, k, _ in data], alpha)
    right = given = total = 0
    for actor_id, rows in by_actor.items():
        if actor_id.startswith("lex:"):
            continue
        for feats, kind in rows:
            full.docs[kind] -= 1
            for f in feats:
                full.counts[kind][f] -= 1
                full.totals[kind] -= 1
        for feats, kind in rows[:1]:  # its canonical name
            total += 1
            got = full.predict_from_counts([f for f in feats if any(full.counts[k][f] > 0 for k in full.kinds)])
            if got is not None and got[1] >= min_prob:
                given += 1
                right += got[0] == kind
        for feats, kind in rows:
            full.docs[kind] += 1
            for f in feats:
                full.counts[kind][f] += 1
                full.totals[kind] += 1
    return {"names": total, "given": given, "right": right,
            "accuracy_given": right / max(1, given), "coverage": given / max(1, total)}
