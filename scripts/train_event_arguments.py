"""Train the learned event-argument choosers: dates, places and actors.

Each ships as ``newsledger/data/events/{date,place,actor}_model.json`` and is read by
``newsledger.analysis._event_{dates,places,actors}``. Training material is the **dev halves
only** of the independent corpus (bench/corpus: writers w1, w3, w5, and the second dev half w10, w11, w12; the held-out writers are
never read here). Every dev report runs through the pipeline with its gold publication date (as
a crawler would give it) and with the chooser being trained switched off; each predicted event
that the bench aligns with a gold event (its evidence overlaps the gold sentence and its type
is one of the gold's) gives one example per candidate: is that candidate right by the bench's
own test (the date inside the gold range; the place the gold place, inside it or within 50 km;
the actor sharing a name or alias)?

Each chooser is an L2 logistic regression (Newton's method in numpy: the same corpus gives the
same bytes). Its regularisation and its threshold (below it the event gets none) are chosen by
leave-one-writer-out cross-validation on the field's accuracy over the aligned events (an event
whose gold value is null is right when it gets none).

    .venv/bin/python scripts/train_event_arguments.py dates|places|actors|all [--cv-only]
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
import events_e2e as bench  # noqa: E402
from train_merge import fit  # noqa: E402

from newsledger import language  # noqa: E402
from newsledger.analysis import _event_actors, _event_dates, _event_keep, _event_places, happenings  # noqa: E402
from newsledger.analysis._chooser import Model  # noqa: E402
from newsledger.pipeline import analyse, read_article  # noqa: E402

DATA = ROOT / "src" / "newsledger" / "data" / "events"
LAMBDAS = (0.1, 1.0, 10.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.91, 0.05))
MARGINS = (0.0, 0.1, 0.2, 0.3, 0.5)
# The choosers never drop the rules' own pick (drop 0): over the dev folds dropping gained
# nothing beyond noise, and a place or doer the grammar gives is kept.
DROPS = (0.0,)
# Train on events whose gold field is null too (counting "none" as their right answer). Off: the
# end-to-end match accepts any value where the gold has none, so they only taught the choosers
# to leave events unplaced and undated.
KEEP_NULL = False


def _date_items(gold, record, doc, aligned, check):
    for i, cands in _event_dates.rows(doc, record):
        if i in aligned:
            rng = bench.gold_range(gold["events"][aligned[i]])
            yield rng is not None, [(float(rng is not None and rng[0] <= day <= rng[1]), x)
                                    for _k, day, _s, x in cands]


def _place_items(gold, record, doc, aligned, check):
    for i, cands in _event_places.rows(record, [s.start_char for s in doc.sents], doc):
        if i in aligned:
            g = gold["events"][aligned[i]].get("place")
            has = bool(g) and (g.get("lat") is not None or bool(g.get("country")))
            yield has, [(float(has and check.ok(g, c.place.model_dump())), x) for c, x in cands]


def _actor_items(gold, record, doc, aligned, check):
    aliases = {e.id: [e.name, *e.aliases] for e in record.entities}
    for i, cands in _event_actors.rows(record, [s.start_char for s in doc.sents]):
        if i in aligned:
            g = gold["events"][aligned[i]].get("actor")
            has = bool(g) and bool(g.get("name") or g.get("as_written"))
            yield has, [(float(has and bench.actor_ok(g, c.ref.model_dump(), aliases)), x) for c, x in cands]


# name -> (module, model file, example reader, the feature index that flags the rules' own pick)
CHOOSERS = {
    "dates": (_event_dates, "date_model.json", _date_items, None),
    "places": (_event_places, "place_model.json", _place_items, 0),
    "actors": (_event_actors, "actor_model.json", _actor_items, 0),
}


def scored_dev(*modules, fold: bool = True):
    """Each dev report through the pipeline with its gold publication date and with the shipped
    models of ``modules`` switched off (and, with ``fold=False``, repeated tellings left unfolded):
    (gold, record, doc, the bench's alignment, its place check)."""
    real = {}
    folding = happenings.one_per_happening
    if not fold:
        happenings.one_per_happening = list
    for module in modules:
        module.shipped.cache_clear()
        real[module] = module.shipped
        module.shipped = lambda: None  # the events as they come without this model
    try:
        check = bench.PlaceCheck()
        for gold in _corpus.training_reports(bench.load_half):
            try:
                record = read_article(gold["_path"], published=(gold.get("article") or {}).get("published"))
            except Exception as exc:  # noqa: BLE001 - a report the pipeline refuses teaches nothing
                print(f"skipped {gold['_path']}: {exc}", file=sys.stderr)
                continue
            doc = language.parse(record.article.body)
            analyse(record, doc)
            yield gold, record, doc, bench.score_report(gold, record, check), check
    finally:
        happenings.one_per_happening = folding
        for module, shipped in real.items():
            module.shipped = shipped


def examples(name: str) -> list[dict]:
    module, _file, reader, rule = CHOOSERS[name]
    out = []
    # The event filter runs after the choosers and is trained on their output: they learn from
    # every event the rules find, so that the chain is choosers, then filter, with no loop. The
    # fold of repeated tellings (analysis.happenings) also reads their output, so they learn
    # without it too: from the events as they see them.
    for gold, record, doc, s, check in scored_dev(module, _event_keep, fold=False):
        aligned = {p: gi for gi, p in s["aligned"].items()}
        for has, cands in reader(gold, record, doc, aligned, check):
            flagged = [k for k, (_y, x) in enumerate(cands) if rule is not None and x[rule] == 1.0]
            out.append({"writer": gold["_writer"], "gold": has, "cands": cands,
                        "rule": flagged[0] if flagged else None})
    return out


def xy(items: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    return (np.array([x for it in items for _y, x in it["cands"]], dtype=float),
            np.array([y for it in items for y, _x in it["cands"]], dtype=float))


def accuracy(items: list[dict], model: Model) -> int:
    right = 0
    for it in items:
        pick = model.decide([model.score(x) for _y, x in it["cands"]], it["rule"])
        right += (not it["gold"]) if pick is None else bool(it["cands"][pick][0])
    return right


def train(name: str, cv_only: bool) -> None:
    module, file, _reader, rule = CHOOSERS[name]
    items = examples(name)
    if not KEEP_NULL:
        # An event whose gold leaves the field open says nothing about which candidate is right,
        # and the bench accepts any value for it: such events are left out of the choice.
        items = [it for it in items if it["gold"]]
    writers = sorted({it["writer"] for it in items})
    reachable = sum(any(y for y, _x in it["cands"]) for it in items)
    print(f"[{name}] aligned events with candidates: {len(items)} (gold null: "
          f"{sum(not it['gold'] for it in items)}; a right candidate exists: {reachable}); writers {writers}")
    results = {}
    margins, drops = (MARGINS, DROPS) if rule is not None else ((0.0,), (0.0,))
    for lam in LAMBDAS:
        params = {held: fit(*xy([it for it in items if it["writer"] != held]), lam) for held in writers}
        for t in THRESHOLDS:
            for margin in margins:
                for drop in drops:
                    right = sum(accuracy([it for it in items if it["writer"] == held],
                                         Model(tuple(p["mean"]), tuple(p["scale"]), tuple(p["weights"]),
                                               float(p["bias"]), t, margin, drop))
                                for held, p in params.items())
                    results[(lam, t, margin, drop)] = right / max(1, len(items))
    # Within one event of the best (the folds cannot tell such settings apart), the most
    # conservative setting: the strongest regularisation, the highest threshold, the widest margin.
    top = max(results.values())
    near = [k for k, v in results.items() if v >= top - 1.0 / max(1, len(items))]
    best = max(near, key=lambda k: (k[0], k[1], k[2]))
    if rule is None:  # the dates' baseline: leave every such event undated
        baseline, what = sum(not it["gold"] for it in items), "leaving them all undated"
    else:
        baseline = sum((next((y for y, x in it["cands"] if x[rule] == 1.0), 0.0) == 1.0) if it["gold"]
                       else not any(x[rule] == 1.0 for _y, x in it["cands"]) for it in items)
        what = "the rules' own pick"
    print(f"[{name}] leave-one-writer-out accuracy {results[best]:.3f} (lambda {best[0]}, threshold {best[1]}, "
          f"margin {best[2]}, drop {best[3]}); "
          f"{what}: {baseline / max(1, len(items)):.3f}")
    if cv_only:
        return
    p = fit(*xy(items), best[0])
    rnd = lambda v: [round(float(a), 6) for a in v]  # noqa: E731
    data = {
        "about": f"Event {name} chooser for {module.__name__}, trained by scripts/train_event_arguments.py "
                 f"on the dev halves (writers {_corpus.training_writers()}) of bench/corpus.",
        "features": list(module.FEATURES), "mean": rnd(p["mean"]), "scale": rnd(p["scale"]),
        "weights": rnd(p["weights"]), "bias": round(float(p["bias"]), 6), "threshold": best[1],
        "margin": best[2], "drop": best[3], "lambda": best[0], "cv_accuracy": round(results[best], 4),
        "baseline_accuracy": round(baseline / max(1, len(items)), 4), "examples": len(items),
    }
    (DATA / file).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    module.shipped.cache_clear()
    print(f"[{name}] wrote {file}: " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(module.FEATURES, p["weights"])))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("which", choices=[*CHOOSERS, "all"])
    ap.add_argument("--cv-only", action="store_true")
    args = ap.parse_args()
    for name in (CHOOSERS if args.which == "all" else [args.which]):
        train(name, args.cv_only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
