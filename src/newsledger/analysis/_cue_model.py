"""A learned reporting-cue detector: is this word the cue of an attribution?

Attribution in the PolNeAR/PARC sense is broader than speech: besides "said" and "told" it
covers belief, knowledge, intention, perception and stance ("believes", "wants", "found",
"shows", "endorsed", "accused … of", "allegations of"). A word's cue-ness depends on its
frame (a clausal complement, a person as subject, a "that" or "of" after it), so a linear
model over a few parse features scores each verb and noun.

The weights (src/newsledger/data/quotes/cue_weights.json) are a logistic regression trained
on PolNeAR train by bench/quotes_train.py (which documents how to rebuild them); inference is
a sum of weights per word: no numpy, no scikit-learn at run time.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

# Parts of speech a cue's main word can have ("according" is tagged VERB).
CANDIDATE_POS = frozenset({"VERB", "NOUN"})
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
WEIGHTS = Path(__file__).resolve().parent.parent / "data" / "quotes" / "cue_weights.json"


def features(tok: Token) -> list[str]:
    """The features of one candidate word (its frame in the parse)."""
    lemma = tok.lemma_.lower()
    feats = [f"l={lemma}", f"pd={tok.pos_}|{tok.dep_}", f"t={tok.tag_}", f"l|d={lemma}|{tok.dep_}",
             f"hp={tok.head.pos_}|{tok.dep_}"]
    deps = set()
    for child in tok.children:
        dep = child.dep_
        deps.add(dep)
        if dep == "prep" or dep == "agent":
            feats.append(f"l|p={lemma}|{child.lower_}")
            feats.append(f"p={child.lower_}")
        elif dep in _SUBJECT_DEPS:
            kind = child.ent_type_ if child.ent_type_ in _SPEAKER_ENTS else child.pos_
            if child.pos_ == "PRON":
                kind = "PRON"
            feats.append(f"s={kind}")
            feats.append(f"l|s={lemma}|{kind}")
        elif dep == "mark":
            feats.append(f"mk={child.lower_}")
    for dep in sorted(deps):
        feats.append(f"c={dep}")
        feats.append(f"l|c={lemma}|{dep}")
    if "ccomp" not in deps and "xcomp" not in deps and "dobj" not in deps:
        feats.append(f"l|bare={lemma}")
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None:
        feats.append(f"n={nxt.lower_ if nxt.is_punct or nxt.pos_ in ('ADP', 'SCONJ') else nxt.pos_}")
    return feats


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, float], float, float, frozenset[str], float]:
    """Weights, bias, threshold, the lemmas seen as cues often enough to be candidates, and
    the threshold for nouns ("claim", "criticism", "support"): lower than the verbs' where
    chosen on held-out attributions (a noun cue's content is more often right than its
    cue-word score says); the verbs' threshold where the file gives none."""
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return (data["weights"], data["bias"], data["threshold"], frozenset(data["lemmas"]),
            data.get("noun_threshold", data["threshold"]))


def cue_probability(tok: Token) -> float:
    weights, bias = _model()[:2]
    z = bias + sum(weights.get(f, 0.0) for f in features(tok))
    return 1.0 / (1.0 + math.exp(-z))


def cue_lemmas() -> frozenset[str]:
    """The lemmas the model reads (only words with one of them are candidates)."""
    return _model()[3]


def is_learned_cue(tok: Token) -> bool:
    """The model's verdict for a candidate word (False for non-candidates)."""
    if tok.pos_ not in CANDIDATE_POS:
        return False
    _, _, threshold, lemmas, noun_threshold = _model()
    if tok.lemma_.lower() not in lemmas:
        return False  # a word never (or rarely) seen as a cue in training: the frame alone is not enough
    return cue_probability(tok) >= (noun_threshold if tok.pos_ == "NOUN" else threshold)
