"""A small learned classifier of a page's units (lines of a scrape, paragraphs of an extractor):
body, clutter, byline, dateline or credit.

A multinomial logistic regression over cheap features of each unit: its length, punctuation,
capitalisation, digits, position in the page and beside the prose, repetition in the page, its
neighbours' shape, and its words (hashed, lower case, with the first words apart). It is trained
on the lines of the development half of the independent corpus only (bench/corpus w1, w3, w5),
with its constants chosen by leave-one-writer-out cross-validation, by
``scripts/train_line_model.py``, which rebuilds ``data/pages/line_model.json`` byte for byte.
It costs a few dozen arithmetic operations per unit: no spaCy.

The clutter rules (``clutter.py``) stay: the model overrules them only where it is confident
(``Model.confidence``), the constant cross-validation chose.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LABELS = ("body", "clutter", "byline", "dateline", "credit")
BUCKETS = 1024  # hashed word features

_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_TERMINAL = re.compile(r"[.!?…][\s\"”’'»)\]]*$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_TIME = re.compile(r"\b\d{1,2}[:.]\d\d\b")
_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:enero|febrero|marzo|abril|mayo|junio"
                    r"|julio|agosto|septiembre|octubre|noviembre|diciembre|janvier|février|mars|avril|mai|juin|juillet"
                    r"|août|septembre|octobre|novembre|décembre)\b", re.IGNORECASE)
_UPPER_LEAD = re.compile(r"^[A-Z][A-Z'’. -]{2,}[,(]")  # "PORT SUDAN, ..." / "BAMAKO (..."
_EMAIL_URL = re.compile(r"@|https?://|www\.|\.(?:com|org|net|example)\b", re.IGNORECASE)


def _hash(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) % BUCKETS


def _shape(text: str) -> tuple[int, bool, float]:
    words = text.split()
    caps = sum(1 for w in words if w[:1].isupper()) / len(words) if words else 0.0
    return len(words), bool(_TERMINAL.search(text)), caps


DENSE = (
    "bias", "log_words", "log_chars", "terminal", "colon_end", "caps_share", "all_upper", "has_digit", "has_year",
    "has_time", "has_month", "pipe", "comma_share", "paren", "starts_paren", "starts_by", "copyright", "email_url",
    "upper_lead", "question", "quote", "dash_start", "bullet", "rel_pos", "first3", "last3", "before_prose",
    "after_prose", "repeated", "prev_terminal", "next_terminal", "prev_short", "next_short", "prev_long", "next_long",
    "words_le2", "words_le5", "words_le12", "words_gt25", "has_html",
)


def features(texts: list[str], html: bool = False,
             only: list[int] | None = None) -> list[tuple[list[float], list[int]]]:
    """Per unit (or per unit of ``only``, in its order): (dense values in the order of
    ``DENSE``, hashed word indices). A unit's features read the whole page either way."""
    n = len(texts)
    shapes = [_shape(t) for t in texts]
    prose = [i for i, (w, term, _c) in enumerate(shapes) if (term and w >= 8) or w >= 20]
    first, last = (prose[0], prose[-1]) if prose else (n, -1)
    counts: dict[str, int] = {}
    for t in texts:
        key = t.casefold()
        counts[key] = counts.get(key, 0) + 1
    out = []
    for i in range(n) if only is None else only:
        text = texts[i]
        words, terminal, caps = shapes[i]
        prev = shapes[i - 1] if i > 0 else (0, False, 0.0)
        nxt = shapes[i + 1] if i + 1 < n else (0, False, 0.0)
        stripped = text.strip()
        dense = [
            1.0, math.log1p(words), math.log1p(len(text)) / 3, float(terminal), float(stripped.endswith(":")), caps,
            float(text.isupper()), float(any(c.isdigit() for c in text)), float(bool(_YEAR.search(text))),
            float(bool(_TIME.search(text))), float(bool(_MONTH.search(text))), float("|" in text),
            text.count(",") / max(1, words), float("(" in text), float(stripped.startswith(("(", "["))),
            float(stripped[:3].lower() == "by "), float("©" in text or "copyright" in text.lower()),
            float(bool(_EMAIL_URL.search(text))), float(bool(_UPPER_LEAD.match(stripped))), float(stripped.endswith("?")),
            float(stripped[:1] in "\"“‘'«"), float(stripped[:1] in "-–—"), float(stripped[:1] in "•*·"),
            i / max(1, n - 1), float(i < 3), float(i >= n - 3), float(i < first), float(i > last),
            float(counts[text.casefold()] > 1), float(prev[1]), float(nxt[1]), float(prev[0] <= 5), float(nxt[0] <= 5),
            float(prev[0] >= 20), float(nxt[0] >= 20), float(words <= 2), float(words <= 5), float(words <= 12),
            float(words > 25), float(html),
        ]
        tokens = [w.lower() for w in _WORD.findall(text)]
        hashed = {_hash(f"w:{w}") for w in tokens[:40]}
        hashed.update(_hash(f"f{k}:{w}") for k, w in enumerate(tokens[:2]))
        if tokens:
            hashed.add(_hash(f"l:{tokens[-1]}"))
        out.append((dense, sorted(hashed)))
    return out


@dataclass(frozen=True)
class Model:
    weights: tuple[tuple[float, ...], ...]  # per label: dense weights then BUCKETS word weights
    scale: tuple[float, ...]  # per dense feature: divide by this before weighting
    confidence: float  # the model overrules the rules above this probability
    # In an extractor's paragraphs (HTML) only units this short may be taken out: the
    # extractor has already dropped most furniture, and its long paragraphs are prose.
    html_max_words: int = 12
    html_confidence: float = 0.95
    # A text scrape's unit that ends as a sentence is taken out only above this.
    sentence_confidence: float = 1.01
    # ... and one at either end of its body (a cookie banner above the report, a note on
    # external links or an author's bio below it) above this.
    edge_confidence: float = 1.01

    def probabilities(self, texts: list[str], html: bool = False,
                      only: list[int] | None = None) -> list[list[float] | None]:
        """Per unit, its label probabilities (order of ``LABELS``); with ``only``, just those
        units are scored (the others are None): the same numbers, for less work."""
        if not texts:
            return []
        if only is not None and not only:
            return [None] * len(texts)
        import numpy as np

        nd = len(self.scale)
        weights = _arrays(self)
        feats = features(texts, html, only)
        dense = np.array([d for d, _h in feats]) / weights[1]
        z = dense @ weights[0][:, :nd].T
        words = weights[0][:, nd:]
        for i, (_d, hashed) in enumerate(feats):
            if hashed:
                z[i] += words[:, hashed].sum(axis=1)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        if only is None:
            return p.tolist()
        out: list[list[float] | None] = [None] * len(texts)
        for row, i in zip(p.tolist(), only):
            out[i] = row
        return out


_ARRAYS: dict[int, tuple] = {}


def _arrays(model: Model):
    """The model's weights as numpy arrays, made once per model object."""
    key = id(model)
    if key not in _ARRAYS:
        import numpy as np

        _ARRAYS[key] = (np.array(model.weights), np.array(model.scale), model)  # the model kept alive with its id
    return _ARRAYS[key]


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The shipped model, or None when its file is missing (the rules alone then decide)."""
    try:
        raw = json.loads(resources.files("newsledger").joinpath("data/pages/line_model.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError, ValueError):
        return None
    if tuple(raw.get("labels", ())) != LABELS or tuple(raw.get("dense", ())) != DENSE or raw.get("buckets") != BUCKETS:
        return None
    return Model(weights=tuple(tuple(w) for w in raw["weights"]), scale=tuple(raw["scale"]),
                 confidence=float(raw["confidence"]), html_max_words=int(raw.get("html_max_words", 12)),
                 html_confidence=float(raw.get("html_confidence", 0.95)),
                 sentence_confidence=float(raw.get("sentence_confidence", 1.01)),
                 edge_confidence=float(raw.get("edge_confidence", 1.01)))
