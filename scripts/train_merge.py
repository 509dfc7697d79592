"""Train the cross-outlet merging scorer (``newsledger/data/events/merge_model.json``).

Training material is the **dev halves only** of the independent corpus (bench/corpus: writers
w1, w3, w5, and the second dev half w10, w11, w12; the held-out writers are never read here). Every dev report goes through the real
pipeline into a temporary ledger; each ledger telling is labelled as the bench labels it (the
gold happening its sentence states, whatever the type, or a label of its own). Pairs of tellings
of one writer, published within the model's window and not ruled out by the hard limits
(``_merge_model.compatible``), are the examples (same happening or not).

The model is an L2-regularised logistic regression over ``_merge_model.FEATURES``, fitted by
Newton's method in numpy (deterministic: the same corpus gives the same bytes). Its
regularisation and the joining threshold are chosen by leave-one-writer-out cross-validation
on the pairwise F1 of the clustering itself (the ledger's own ``_cluster_learned``), not of the
pairs alone.

    .venv/bin/python scripts/train_merge.py            # cross-validate, fit, write the model
    .venv/bin/python scripts/train_merge.py --cv-only  # print the CV table only
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import _corpus  # noqa: E402
import events_e2e as bench  # noqa: E402
from newsledger.ledger import Ledger, _events, _merge_model  # noqa: E402
from newsledger.ledger._stories import stories  # noqa: E402

OUT = ROOT / "src" / "newsledger" / "data" / "events" / "merge_model.json"
WINDOW_DAYS = 10
LINKAGES = ("average", "max")
LAMBDAS = (0.1, 1.0, 10.0, 100.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.81, 0.05))


def labelled_tellings() -> tuple[list, dict[int, str], dict[int, str]]:
    """(tellings, row id -> label, row id -> writer) over the dev half; labels as the bench's
    ``telling_labels``: the gold happening a telling's sentence states, or one of its own."""
    golds = {r["_path"]: r for r in _corpus.training_reports(bench.load_half)}
    records = _corpus.records(golds)
    labels = bench.telling_labels(records, golds)
    by_key: dict[tuple, list[str]] = defaultdict(list)
    for path, record in records.items():
        for pi, p in enumerate(record.events):
            by_key[(path, p.evidence.start, p.evidence.end, p.type)].append(labels[(path, pi)])
    with tempfile.TemporaryDirectory() as tmp, Ledger(Path(tmp) / "train.db") as ledger:
        for record in records.values():
            ledger.ingest(record)
        conn = ledger._store.conn
        tellings = _events._tellings(conn)
        story_of = stories(conn)
    label, writer = {}, {}
    for t in tellings:
        t.side.story = story_of[t.report_id]
        ev = t.event["evidence"]
        queue = by_key.get((t.source["input"], ev["start"], ev["end"], t.event["type"]))
        writer[t.row_id] = Path(t.source["input"]).parts[-3]
        label[t.row_id] = queue.pop(0) if queue else f"own:{t.row_id}"
    return tellings, label, writer


def pairs_of(tellings, label, writer, writers) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    chosen = [t for t in tellings if writer[t.row_id] in writers]
    for a, b in combinations(chosen, 2):
        if writer[a.row_id] != writer[b.row_id]:
            continue
        if a.published and b.published and abs((a.published - b.published).days) > WINDOW_DAYS:
            continue
        if not _merge_model.compatible(a.side, b.side):
            continue  # never merged whatever the score: nothing to learn
        xs.append(_merge_model.features(a.side, b.side))
        ys.append(float(label[a.row_id] == label[b.row_id]))
    return np.array(xs, dtype=float), np.array(ys, dtype=float)


def fit(x: np.ndarray, y: np.ndarray, lam: float) -> dict:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    z1 = np.hstack([z, np.ones((len(z), 1))])
    w = np.zeros(z1.shape[1])
    reg = lam * np.eye(z1.shape[1])
    reg[-1, -1] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z1 @ w, -30, 30)))
        grad = z1.T @ (p - y) + reg @ w
        hess = (z1 * (p * (1 - p))[:, None]).T @ z1 + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return {"mean": mean, "scale": scale, "weights": w[:-1], "bias": w[-1]}


def as_model(params: dict, threshold: float, linkage: str) -> _merge_model.Model:
    scorer = _merge_model.LinearModel(tuple(params["mean"]), tuple(params["scale"]), tuple(params["weights"]),
                                      float(params["bias"]), threshold)
    return _merge_model.Model(scorer, window_days=WINDOW_DAYS, linkage=linkage)


def cluster_f1(tellings, label, model) -> tuple[int, int, int]:
    """(hits, system pairs, gold pairs) of the clustering over the labelled tellings."""
    clusters = _events._cluster_learned(tellings, model)
    home = {t.row_id: i for i, c in enumerate(clusters) for t in c.tellings}
    keys = [t.row_id for t in tellings]
    system = {p for p in combinations(sorted(keys), 2) if home[p[0]] == home[p[1]]}
    gold = {p for p in combinations(sorted(keys), 2) if label[p[0]] == label[p[1]]}
    return len(system & gold), len(system), len(gold)


def prf(hit: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = hit / n_sys if n_sys else 1.0
    r = hit / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cv-only", action="store_true")
    args = ap.parse_args()
    tellings, label, writer = labelled_tellings()
    writers = sorted(set(writer.values()))
    listed = sum(not v.startswith("own:") for v in label.values())
    print(f"dev tellings: {len(tellings)}, of a listed gold happening: {listed}; writers {writers}")
    results = {}
    for lam in LAMBDAS:
        fold_params = {}
        for held in writers:
            x, y = pairs_of(tellings, label, writer, set(writers) - {held})
            fold_params[held] = fit(x, y, lam)
        for linkage in LINKAGES:
            for threshold in THRESHOLDS:
                total = [0, 0, 0]
                for held in writers:
                    mine = [t for t in tellings if writer[t.row_id] == held]
                    hit, n_sys, n_gold = cluster_f1(mine, label, as_model(fold_params[held], threshold, linkage))
                    total = [total[0] + hit, total[1] + n_sys, total[2] + n_gold]
                results[(lam, threshold, linkage)] = prf(*total)
    # Within 0.01 of the best F1 (the folds cannot tell such settings apart), the most
    # conservative: the highest threshold, then the strongest regularisation. A missed merge
    # costs less than an event that mixes two happenings.
    top = max(r[2] for r in results.values())
    best = max((k for k, r in results.items() if r[2] >= top - 0.01), key=lambda k: (k[1], k[0]))
    print(f"{'lambda':>8}{'threshold':>10}{'linkage':>9}{'P':>7}{'R':>7}{'F1':>7}   (leave-one-writer-out, pooled pairs)")
    for (lam, threshold, linkage), (p, r, f) in sorted(results.items()):
        if threshold in (0.3, 0.5, 0.7) or (lam, threshold, linkage) == best:
            mark = "  <- chosen" if (lam, threshold, linkage) == best else ""
            print(f"{lam:>8}{threshold:>10.2f}{linkage:>9}{p:>7.3f}{r:>7.3f}{f:>7.3f}{mark}")
    if args.cv_only:
        return 0
    x, y = pairs_of(tellings, label, writer, set(writers))
    params = fit(x, y, best[0])
    rnd = lambda v: [round(float(a), 6) for a in v]  # noqa: E731
    data = {
        "about": "Cross-outlet event merging scorer for newsledger.ledger._merge_model, trained by "
                 f"scripts/train_merge.py on the dev halves (writers {_corpus.training_writers()}) of bench/corpus.",
        "features": list(_merge_model.FEATURES),
        "mean": rnd(params["mean"]), "scale": rnd(params["scale"]),
        "weights": rnd(params["weights"]), "bias": round(float(params["bias"]), 6),
        "threshold": best[1], "linkage": best[2], "lambda": best[0], "window_days": WINDOW_DAYS,
        "cv": {"pairwise_p": round(results[best][0], 4), "pairwise_r": round(results[best][1], 4),
               "pairwise_f1": round(results[best][2], 4)},
        "training_pairs": int(len(y)), "positive_pairs": int(y.sum()),
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: lambda {best[0]}, threshold {best[1]}, linkage {best[2]}, {len(y)} pairs "
          f"({int(y.sum())} positive)")
    for name, w in zip(_merge_model.FEATURES, params["weights"]):
        print(f"  {name:18}{w:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
