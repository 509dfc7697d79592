"""Leave-one-writer-out over the nine dev writers for the page-line model, scored on the page
bench's own metrics (bench/pages.py --corpus): each dev writer's reports are read by the page
stage with a line model trained on the other eight writers (or the seven others of ``--train``),
and scored for no clutter line in the body, body F1 and byline with location. Beside it: the
shipped model and the rules alone, on the same writers.

    PYTHONPATH=src .venv/bin/python scripts/line_model_lowo.py [--variants shipped,rules,lowo] [--l2 30]
        [--train dev,dev2,dev3] [--labels words|position] [--nested]

``--train dev``: the LOWO model learns from the dev half's writers only (for w10-w15, the
shipped model's training set with the constants given). ``--nested``: L2 and confidences chosen
by cross-validation on the training writers in each fold (slow: about ten minutes a fold).
Stop 21 (the table in data/pages/README.md): no nine-writer model beat the shipped dev-half model
on w10-w15.

Diagnostic only: it writes nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

import _corpus  # noqa: E402
import train_line_model as tlm  # noqa: E402

from newsledger.pages import _line_model as lm  # noqa: E402

NINE = ("dev", "dev2", "dev3")
_SHIPPED = lm.model


def score_writer(golds: list[dict], model) -> dict:
    """The page bench's numbers on these reports with ``model`` as the line model (None: rules)."""
    import pages as page_bench
    from newsledger import pages, sources

    lm.model = (lambda: model)
    try:
        clean, byl, triples = [], [], []
        for gold in golds:
            art = gold.get("article") or {}
            article = pages.to_article(sources.read(gold["_path"]))
            clean.append(not _corpus.leaks(art.get("clutter") or [], article.body))
            byl.append(page_bench._byline_ok(art.get("byline"), article.byline))
            body = _corpus.gold_body(gold)
            if body is not None:
                triples.append(page_bench.tp_fp_fn(body, _corpus.fold(article.body)))
    finally:
        lm.model = _SHIPPED
    return {"n": len(golds), "clean": sum(clean), "byline": sum(byl),
            "f1": page_bench.body_scores(triples)["f1"] if triples else 0.0, "triples": triples}


def fitted(reports: list[dict], l2: float, constants: dict) -> lm.Model:
    w, scale = tlm.fit(*tlm.matrix(reports), l2)
    return lm.Model(weights=tuple(tuple(float(v) for v in row) for row in w), scale=tuple(float(s) for s in scale),
                    **constants)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--variants", default="shipped,rules,lowo")
    ap.add_argument("--l2", type=float, default=None, help="default: the shipped model's")
    ap.add_argument("--nested", action="store_true", help="choose l2 and confidences by CV on the eight")
    ap.add_argument("--train", default=",".join(NINE), help="halves the LOWO model may learn from")
    ap.add_argument("--labels", choices=("words", "position"), default="words", help="see train_line_model.py")
    args = ap.parse_args()
    tlm.POSITIONAL_LABELS = args.labels == "position"
    shipped = _SHIPPED()
    constants = {"confidence": shipped.confidence, "sentence_confidence": shipped.sentence_confidence,
                 "edge_confidence": shipped.edge_confidence, "html_confidence": shipped.html_confidence,
                 "html_max_words": shipped.html_max_words}
    import json
    l2 = args.l2 or json.loads((tlm.OUT).read_text())["l2"]
    train_halves = tuple(args.train.split(","))
    golds = [g for h in NINE for g in _corpus.load_half(h)]
    writers = [w for h in NINE for w in _corpus.HALVES[h]]
    reports = tlm.build(NINE) if "lowo" in args.variants else []
    variants = args.variants.split(",")
    totals = {v: {"n": 0, "clean": 0, "byline": 0, "triples": []} for v in variants}
    unseen = {v: {"n": 0, "clean": 0, "byline": 0, "triples": []} for v in variants}  # w10-w15
    print(f"{'writer':8}" + "".join(f"{v:>28}" for v in variants))
    for writer in writers:
        mine = [g for g in golds if g["_writer"] == writer]
        row = f"{writer:8}"
        for v in variants:
            if v == "shipped":
                model = shipped
            elif v == "rules":
                model = None
            else:
                train = [r for r in reports if r["writer"] != writer and _corpus.half_of(r["writer"]) in train_halves]
                c, l2v = dict(constants), l2
                if args.nested:
                    l2v, conf, html_conf, _t = tlm.cross_validate(train)
                    c.update(confidence=conf[0], sentence_confidence=conf[1], edge_confidence=conf[2],
                             html_confidence=html_conf)
                    print(f"  [{writer}] nested CV: l2 {l2v} {conf} html {html_conf}", flush=True)
                model = fitted(train, l2v, c)
            s = score_writer(mine, model)
            for agg in (totals[v],) + ((unseen[v],) if writer not in _corpus.HALVES["dev"] else ()):
                agg["n"] += s["n"]; agg["clean"] += s["clean"]; agg["byline"] += s["byline"]; agg["triples"] += s["triples"]
            row += f"   clean {s['clean']:2}/{s['n']:2} F1 {s['f1']:.3f} byl {s['byline']:2}"
        print(row, flush=True)
    import pages as page_bench
    for name, agg in (("all nine", totals), ("w10-w15", unseen)):
        row = f"{name:8}"
        for v in variants:
            a = agg[v]
            row += f"   clean {a['clean'] / a['n']:.3f} F1 {page_bench.body_scores(a['triples'])['f1']:.3f} byl {a['byline'] / a['n']:.3f}"
        print(row)


if __name__ == "__main__":
    main()
