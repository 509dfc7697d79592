"""Train the undated-event date chooser (``newsledger/data/events/date_model.json``).

Training material is the **dev half only** of the independent corpus (bench/corpus: writers
w1, w3, w5). Every dev report runs through the pipeline (with its gold publication date, as a
crawler would give it, and with the shipped date model switched off); each undated predicted
event that the bench aligns with a gold event gives one example per candidate date
(``_event_dates.CANDIDATES``): is that candidate inside the gold event's date range?

The model is an L2 logistic regression (Newton's method, numpy: the same corpus gives the same
bytes). Its regularisation and its threshold (below it the event stays undated) are chosen by
leave-one-writer-out cross-validation on date accuracy over the undated aligned events (an
event whose gold date is null is right when it stays undated).

    .venv/bin/python scripts/train_event_dates.py [--cv-only]
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

import events_e2e as bench  # noqa: E402
from train_merge import fit  # noqa: E402

from newsledger import language  # noqa: E402
from newsledger.analysis import _event_dates  # noqa: E402
from newsledger.pipeline import analyse, read_article  # noqa: E402

OUT = ROOT / "src" / "newsledger" / "data" / "events" / "date_model.json"
LAMBDAS = (0.1, 1.0, 10.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.91, 0.05))


def examples() -> list[dict]:
    """One item per undated aligned event: its writer, its gold range (or None) and its candidates."""
    _event_dates.shipped.cache_clear()
    real = _event_dates.shipped
    _event_dates.shipped = lambda: None  # score the events as they come without the model
    try:
        places = bench.PlaceCheck()
        out = []
        for gold in bench.load_half("dev"):
            published = (gold.get("article") or {}).get("published")
            try:
                record = read_article(gold["_path"], published=published)
            except Exception as exc:  # noqa: BLE001 - a report the pipeline refuses teaches nothing
                print(f"skipped {gold['_path']}: {exc}", file=sys.stderr)
                continue
            doc = language.parse(record.article.body)
            analyse(record, doc)
            s = bench.score_report(gold, record, places)
            aligned = {p: gi for gi, p in s["aligned"].items()}
            for i, cands in _event_dates.rows(doc, record):
                if i not in aligned:
                    continue
                g = gold["events"][aligned[i]]
                rng = bench.gold_range(g)
                out.append({"writer": gold["_writer"], "range": rng,
                            "cands": [(day, x) for _kind, day, _src, x in cands]})
        return out
    finally:
        _event_dates.shipped = real


def xy(items: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for it in items:
        for day, x in it["cands"]:
            xs.append(x)
            ys.append(float(it["range"] is not None and it["range"][0] <= day <= it["range"][1]))
    return np.array(xs, dtype=float), np.array(ys, dtype=float)


def accuracy(items: list[dict], model: _event_dates.Model) -> tuple[int, int]:
    right = 0
    for it in items:
        p, day = max(((model.score(x), day) for day, x in it["cands"]), key=lambda t: t[0])
        if p < model.threshold:
            right += it["range"] is None
        else:
            right += it["range"] is not None and it["range"][0] <= day <= it["range"][1]
    return right, len(items)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cv-only", action="store_true")
    args = ap.parse_args()
    items = examples()
    writers = sorted({it["writer"] for it in items})
    print(f"undated aligned events: {len(items)} (gold undated: {sum(it['range'] is None for it in items)}); writers {writers}")
    never = sum(it["range"] is None for it in items) / max(1, len(items))
    results = {}
    for lam in LAMBDAS:
        params = {}
        for held in writers:
            x, y = xy([it for it in items if it["writer"] != held])
            params[held] = fit(x, y, lam)
        for t in THRESHOLDS:
            right = total = 0
            for held in writers:
                p = params[held]
                model = _event_dates.Model(tuple(p["mean"]), tuple(p["scale"]), tuple(p["weights"]), float(p["bias"]), t)
                r, n = accuracy([it for it in items if it["writer"] == held], model)
                right, total = right + r, total + n
            results[(lam, t)] = right / max(1, total)
    best = max(results, key=lambda k: (round(results[k], 6), -k[0], k[1]))
    print(f"leave-one-writer-out date accuracy on undated events: {results[best]:.3f} "
          f"(lambda {best[0]}, threshold {best[1]}); leaving all undated: {never:.3f}")
    if args.cv_only:
        return 0
    x, y = xy(items)
    p = fit(x, y, best[0])
    rnd = lambda v: [round(float(a), 6) for a in v]  # noqa: E731
    data = {
        "about": "Undated-event date chooser for newsledger.analysis._event_dates, trained by "
                 "scripts/train_event_dates.py on the dev half (writers w1, w3, w5) of bench/corpus.",
        "features": list(_event_dates.FEATURES), "mean": rnd(p["mean"]), "scale": rnd(p["scale"]),
        "weights": rnd(p["weights"]), "bias": round(float(p["bias"]), 6), "threshold": best[1],
        "lambda": best[0], "cv_accuracy": round(results[best], 4), "cv_accuracy_all_undated": round(never, 4),
        "examples": len(items),
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    for name, w in zip(_event_dates.FEATURES, p["weights"]):
        print(f"  {name:26}{w:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
