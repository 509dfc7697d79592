"""Train the reporting-cue model (src/newsledger/data/quotes/cue_weights.json) on PolNeAR train.

Every verb and noun outside gold content spans is an example (words inside a content span are
left out: PolNeAR annotates each word once, so a cue nested in another report's content is not
marked even when it is one); its label is whether it lies in a gold cue span. Features are
newsledger.analysis._cue_model.features; the model is an L2 logistic regression
(scikit-learn, training only). The threshold is the one that maximises cue F1 in 5-fold
cross-validation over train articles; dev is never read.

Rebuild (needs scikit-learn in the venv, ../shared/data present):
    .venv/bin/python bench/quotes_train.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import quotes as bench  # noqa: E402

from newsledger.analysis._cue_model import CANDIDATE_POS, WEIGHTS, features  # noqa: E402

C = 0.3  # L2 strength (inverse); a few values tried in CV, see the report below
MIN_WEIGHT = 0.05  # weights smaller than this are dropped from the shipped file
# A word is a cue candidate only when its lemma was a gold cue this often in train: the frame
# alone ("X reviewed the plan") is not enough evidence for a word never seen reporting.
MIN_CUE_COUNT = 3


def examples(split: str):
    """(article index, features, label) for every candidate word of the split."""
    folder = bench.POLNEAR / split
    articles = bench.load_split(split, None)
    bench.load_docs(split, [t for t, _ in articles])
    out = []
    for k, (text, _gold) in enumerate(articles):
        doc = bench._DOCS[text]
        cues, content = _gold_spans(folder, text)
        in_content = _flags(doc, content)
        in_cue = _main_words(doc, cues)
        for tok in doc:
            if tok.pos_ in CANDIDATE_POS and not in_content[tok.i]:
                out.append((k, features(tok), in_cue[tok.i]))
    return out


def _gold_spans(folder: Path, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    stem = _STEMS[folder][text]
    ann = sorted((folder / "attributions").glob(f"{stem}_*.ann"))[0]
    cue: list[list[tuple[int, int]]] = []
    content: list[tuple[int, int]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            label, _, offsets = cols[1].partition(" ")
            if label == "Cue":
                cue.append(bench._spans(offsets))
            elif label == "Content":
                content += bench._spans(offsets)
    return cue, content


_STEMS: dict[Path, dict[str, str]] = {}


def _index(folder: Path) -> None:
    _STEMS[folder] = {}
    for path in sorted((folder / "text").glob("*.txt")):
        _STEMS[folder].setdefault(path.read_text(encoding="utf-8"), path.stem)


def _main_words(doc, cues) -> list[bool]:
    """The main word of each gold cue: the candidate word whose head lies outside the cue
    ("said" in "said in a statement", "called" in "called for")."""
    flags = [False] * len(doc)
    for spans in cues:
        words = [i for i, on in enumerate(_flags(doc, spans)) if on]
        inside = set(words)
        candidates = [i for i in words if doc[i].pos_ in CANDIDATE_POS]
        heads = [i for i in candidates if doc[i].head.i not in inside or doc[i].head.i == i]
        if heads or candidates:
            flags[(heads or candidates)[0]] = True
    return flags


def _flags(doc, spans) -> list[bool]:
    flags = [False] * len(doc)
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                flags[i] = True
    return flags


def main() -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    folder = bench.POLNEAR / "train"
    _index(folder)
    data = examples("train")
    print(f"{len(data)} candidate words, {sum(y for _, _, y in data)} cues")
    X_all = [{f: 1 for f in feats} for _, feats, _ in data]
    y_all = [y for _, _, y in data]
    counts: dict[str, int] = {}
    for _, feats, y in data:
        if y:
            lemma = feats[0][2:]  # features() starts with "l=<lemma>"
            counts[lemma] = counts.get(lemma, 0) + 1
    lexicon = sorted(lemma for lemma, n in counts.items() if n >= MIN_CUE_COUNT)
    groups = [k for k, _, _ in data]

    # 5-fold CV by article: the threshold that maximises cue F1 on held-out articles.
    scores: list[tuple[float, bool]] = []
    for fold in range(5):
        train_i = [i for i, g in enumerate(groups) if g % 5 != fold]
        test_i = [i for i, g in enumerate(groups) if g % 5 == fold]
        vec = DictVectorizer()
        model = LogisticRegression(C=C, max_iter=2000)
        model.fit(vec.fit_transform([X_all[i] for i in train_i]), [y_all[i] for i in train_i])
        probs = model.predict_proba(vec.transform([X_all[i] for i in test_i]))[:, 1]
        scores += [(p, y_all[i]) for p, i in zip(probs, test_i)]
    best = (0.0, 0.5)
    gold = sum(y for _, y in scores)
    for step in range(10, 90, 2):
        t = step / 100
        tp = sum(1 for p, y in scores if p >= t and y)
        pred = sum(1 for p, _ in scores if p >= t)
        f1 = 2 * tp / (pred + gold) if pred + gold else 0.0
        if f1 > best[0]:
            best = (f1, t)
    f1, threshold = best
    tp = sum(1 for p, y in scores if p >= threshold and y)
    pred = sum(1 for p, _ in scores if p >= threshold)
    print(f"CV cue words: P {tp / pred:.3f} R {tp / gold:.3f} F1 {f1:.3f} at threshold {threshold}")

    vec = DictVectorizer()
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit(vec.fit_transform(X_all), y_all)
    weights = {name: round(float(w), 3) for name, w in zip(vec.get_feature_names_out(), model.coef_[0])
               if abs(w) >= MIN_WEIGHT}
    WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
    WEIGHTS.write_text(json.dumps({
        "about": "Reporting-cue model: logistic regression over newsledger.analysis._cue_model.features, "
                 "trained on PolNeAR train by bench/quotes_train.py.",
        "cv_cue_f1": round(f1, 3), "threshold": threshold, "bias": round(float(model.intercept_[0]), 3),
        "lemmas": lexicon,
        "weights": dict(sorted(weights.items())),
    }, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(weights)} weights, {len(lexicon)} cue lemmas → {WEIGHTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
