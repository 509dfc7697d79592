"""Train the learned event filter: which events the rules found a coder would enter.

Ships as ``newsledger/data/events/keep_model.json``, read by ``newsledger.analysis._event_keep``.
Training material is the **dev halves only** of the independent corpus (bench/corpus: writers
w1, w3, w5, and the second dev half w10, w11, w12; the held-out writers are never read here). Every dev report runs through the
pipeline with its gold publication date and with the filter switched off; each predicted event
is labelled by the bench's own alignment (``bench/events_e2e.score_report``): 1 when it is
matched one-to-one to a gold event, either with all its fields right (type, actor, place, date)
or by its evidence sentence and type; 0 otherwise (a stray word, a second telling of a
happening the report already told, a type the gold does not give).

The filter is an L2 logistic regression (Newton's method in numpy: the same corpus gives the
same bytes). Its regularisation and threshold are chosen by leave-one-writer-out
cross-validation on the end-to-end event F1 of the held-out writer's events (kept events
matched with all fields right, over kept events and over all gold events). A threshold of 0
keeps every event: that is the baseline it is compared with.

    .venv/bin/python scripts/train_event_keep.py [--cv-only]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

import _corpus  # noqa: E402
from train_event_arguments import scored_dev  # noqa: E402
from train_merge import fit  # noqa: E402

from newsledger.analysis import _event_keep  # noqa: E402
from newsledger.analysis._chooser import Model  # noqa: E402

DATA = ROOT / "src" / "newsledger" / "data" / "events"
LAMBDAS = (1.0, 10.0, 30.0, 100.0)
THRESHOLDS = (0.0, *(round(t, 2) for t in np.arange(0.05, 0.71, 0.025)))


def examples() -> tuple[list[dict], dict[str, int]]:
    """(one item per predicted event, gold events per writer)."""
    out, gold_count = [], {}
    for gold, record, doc, s, _check in scored_dev(_event_keep):
        gold_count[gold["_writer"]] = gold_count.get(gold["_writer"], 0) + len(gold["events"])
        strict, aligned = set(s["strict"].values()), set(s["aligned"].values())
        for i, x in enumerate(_event_keep.rows(doc, record)):
            out.append({"writer": gold["_writer"], "x": x, "y": float(i in strict or i in aligned),
                        "strict": i in strict})
    return out, gold_count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cv-only", action="store_true")
    args = ap.parse_args()
    items, gold_count = examples()
    writers = sorted(gold_count)
    print(f"[keep] predicted events {len(items)} (codable {int(sum(it['y'] for it in items))}, "
          f"matched with all fields {sum(it['strict'] for it in items)}); gold events {sum(gold_count.values())}; "
          f"writers {writers}")
    x = np.array([it["x"] for it in items], dtype=float)
    y = np.array([it["y"] for it in items], dtype=float)
    results = {}
    for lam in LAMBDAS:
        folds = {}
        for held in writers:
            train = [k for k, it in enumerate(items) if it["writer"] != held]
            p = fit(x[train], y[train], lam)
            model = Model(tuple(p["mean"]), tuple(p["scale"]), tuple(p["weights"]), float(p["bias"]), 0.0)
            test = [it for it in items if it["writer"] == held]
            folds[held] = (test, [model.score(it["x"]) for it in test])
        for t in THRESHOLDS:
            # pooled over the folds: matches, kept and gold summed, then one F1
            hit = kept = 0
            for held, (test, sc) in folds.items():
                kept += sum(s >= t for s in sc)
                hit += sum(it["strict"] for it, s in zip(test, sc) if s >= t)
            gold = sum(gold_count.values())
            p_, r_ = (hit / kept if kept else 0.0), hit / gold
            results[(lam, t)] = (2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0, p_, r_)
    base = results[(LAMBDAS[0], 0.0)]
    top = max(v[0] for v in results.values())
    # Within 0.003 of the best (the folds cannot tell such settings apart), the most
    # conservative: the strongest regularisation, then the lowest threshold (drop the fewest).
    near = [k for k, v in results.items() if v[0] >= top - 0.003]
    best = max(near, key=lambda k: (k[0], -k[1]))
    print(f"[keep] leave-one-writer-out end-to-end F1 {results[best][0]:.3f} (P {results[best][1]:.3f} "
          f"R {results[best][2]:.3f}; lambda {best[0]}, threshold {best[1]}); keeping all: F1 {base[0]:.3f} "
          f"(P {base[1]:.3f} R {base[2]:.3f})")
    if args.cv_only:
        return 0
    p = fit(x, y, best[0])
    rnd = lambda v: [round(float(a), 6) for a in v]  # noqa: E731
    data = {
        "about": "Event filter for newsledger.analysis._event_keep, trained by scripts/train_event_keep.py "
                 f"on the dev halves (writers {_corpus.training_writers()}) of bench/corpus.",
        "features": list(_event_keep.FEATURES), "mean": rnd(p["mean"]), "scale": rnd(p["scale"]),
        "weights": rnd(p["weights"]), "bias": round(float(p["bias"]), 6), "threshold": best[1],
        "lambda": best[0], "cv_f1": round(results[best][0], 4), "keep_all_f1": round(base[0], 4),
        "examples": len(items),
    }
    (DATA / "keep_model.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    _event_keep.shipped.cache_clear()
    print("[keep] wrote keep_model.json: " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(_event_keep.FEATURES, p["weights"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
