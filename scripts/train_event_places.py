"""Train the event place chooser (``newsledger/data/events/place_model.json``).

Training material is the **dev half only** of the independent corpus (bench/corpus: writers
w1, w3, w5). Every dev report runs through the pipeline (with its gold publication date, and
with the shipped place model switched off); each predicted event that the bench aligns with a
gold event gives one example per candidate place (``_event_places.candidates``): is that
candidate the gold place, inside it or within 50 km (the bench's own test)?

An L2 logistic regression (Newton's method, numpy: the same corpus gives the same bytes); its
regularisation and its threshold (below it the event has no place) are chosen by
leave-one-writer-out cross-validation on place accuracy over the aligned events (an event whose
gold place is null is right when it gets none).

    .venv/bin/python scripts/train_event_places.py [--cv-only]
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
from newsledger.analysis import _event_places  # noqa: E402
from newsledger.pipeline import analyse, read_article  # noqa: E402

OUT = ROOT / "src" / "newsledger" / "data" / "events" / "place_model.json"
LAMBDAS = (0.1, 1.0, 10.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.91, 0.05))


def examples() -> list[dict]:
    _event_places.shipped.cache_clear()
    real = _event_places.shipped
    _event_places.shipped = lambda: None
    try:
        check = bench.PlaceCheck()
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
            s = bench.score_report(gold, record, check)
            aligned = {p: gi for gi, p in s["aligned"].items()}
            for i, cands in _event_places.rows(record, [x.start_char for x in doc.sents]):
                if i not in aligned:
                    continue
                g = gold["events"][aligned[i]].get("place")
                has_gold = bool(g) and (g.get("lat") is not None or g.get("country"))
                labels = [float(has_gold and check.ok(g, c.place.model_dump())) for c, _x in cands]
                out.append({"writer": gold["_writer"], "gold": has_gold,
                            "cands": [(y, x) for y, (_c, x) in zip(labels, cands)]})
        return out
    finally:
        _event_places.shipped = real


def xy(items: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    xs = [x for it in items for _y, x in it["cands"]]
    ys = [y for it in items for y, _x in it["cands"]]
    return np.array(xs, dtype=float), np.array(ys, dtype=float)


def accuracy(items: list[dict], model) -> tuple[int, int]:
    right = 0
    for it in items:
        p, y = max(((model.score(x), y) for y, x in it["cands"]), key=lambda t: t[0])
        right += (not it["gold"]) if p < model.threshold else bool(y)
    return right, len(items)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cv-only", action="store_true")
    args = ap.parse_args()
    items = examples()
    writers = sorted({it["writer"] for it in items})
    reachable = sum(any(y for y, _x in it["cands"]) for it in items)
    print(f"aligned events with candidates: {len(items)} (gold place null: {sum(not it['gold'] for it in items)}; "
          f"a right candidate exists: {reachable}); writers {writers}")
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
                model = _event_places.Model(tuple(p["mean"]), tuple(p["scale"]), tuple(p["weights"]), float(p["bias"]), t)
                r, n = accuracy([it for it in items if it["writer"] == held], model)
                right, total = right + r, total + n
            results[(lam, t)] = right / max(1, total)
    best = max(results, key=lambda k: (round(results[k], 6), -k[0], k[1]))
    rules_right = sum((next((y for y, x in it["cands"] if x[0] == 1.0), 0.0) == 1.0) if it["gold"] else
                      not any(x[0] == 1.0 for _y, x in it["cands"]) for it in items)
    print(f"leave-one-writer-out place accuracy: {results[best]:.3f} (lambda {best[0]}, threshold {best[1]}); "
          f"the rules' own pick: {rules_right / max(1, len(items)):.3f}")
    if args.cv_only:
        return 0
    x, y = xy(items)
    p = fit(x, y, best[0])
    rnd = lambda v: [round(float(a), 6) for a in v]  # noqa: E731
    data = {
        "about": "Event place chooser for newsledger.analysis._event_places, trained by "
                 "scripts/train_event_places.py on the dev half (writers w1, w3, w5) of bench/corpus.",
        "features": list(_event_places.FEATURES), "mean": rnd(p["mean"]), "scale": rnd(p["scale"]),
        "weights": rnd(p["weights"]), "bias": round(float(p["bias"]), 6), "threshold": best[1],
        "lambda": best[0], "cv_accuracy": round(results[best], 4),
        "rules_accuracy": round(rules_right / max(1, len(items)), 4), "examples": len(items),
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    for name, w in zip(_event_places.FEATURES, p["weights"]):
        print(f"  {name:20}{w:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
