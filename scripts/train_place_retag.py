"""Train the place retagging model: is a name that spaCy tags as a person, organisation or the
like, but that has a town or division reading in the report's countries, that place here?
Writes src/newsledger/data/places/retag_model.json (see places._retag_features for the features).

Training rows are the names the places step hands the model (places.RETAG_LOG), from
- the dev halves of the independent corpus (bench/corpus, ``_corpus.TRAINING``: w1, w3, w5, w10-w15): each report's body as the
  page stage gives it; a row is a place when its text is named alike one of the report's gold
  places (bench/places._names_alike);
- the "tune" halves of LGL and GeoWebNews (bench/places.py --split tune; the "held" halves are
  never read here): a row is a place when it overlaps a gold toponym.

The model is a logistic regression (numpy, Newton steps from zeros, fixed count: deterministic).
Its L2 strength and the logit above which a name is taken as the place are chosen by
leave-one-group-out cross-validation over the groups (each dev writer, LGL tune, GWN tune): the
fewest errors over the held-out groups, a name wrongly taken as a place (a person put on the
map) counting twice a place missed.

    PYTHONPATH=src .venv/bin/python scripts/train_place_retag.py [--cv-only] [--cv-bench]

``--cv-bench`` also scores dev place acc@161 (bench/places.py --corpus dev) writer by writer,
each with a model trained without that writer: the honest dev number for this model.

The same corpora and code give the same bytes (check: ``cmp``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

import _corpus  # noqa: E402
import places as bench  # noqa: E402  (bench/places.py)

from newsledger.analysis import places  # noqa: E402

OUT = ROOT / "src" / "newsledger" / "data" / "places" / "retag_model.json"
L2_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
THRESHOLD_GRID = (0.0, 0.5, 1.0, 1.5, 2.0)  # on the logit
FALSE_PLACE_COST = 2.0
WRITERS = _corpus.TRAINING_WRITERS
GROUPS = (*WRITERS, "lgl", "gwn")


def _rows(doc, gold, countries=()) -> list[tuple[list[float], int]]:
    """The model's rows for one parsed text, labelled by ``gold(start, end, text)``; ``countries``:
    the report's countries from outside its body (places.outside_countries), as the record has them."""
    places.RETAG_LOG = []
    places._RETAG_MODEL = {"weights": None}  # no model: every row reaches the log, none accepted
    try:
        places.find_mentions(doc, countries)
        log = places.RETAG_LOG
    finally:
        places.RETAG_LOG = None
        places._RETAG_MODEL = None
    text = doc.text
    return [(features, int(gold(start, end, text[start:end]))) for start, end, features in log]


def collect() -> dict[str, list[tuple[list[float], int]]]:
    from newsledger import pages, sources
    from newsledger.errors import InputError
    from newsledger.language import parse
    from newsledger.record import Record

    data: dict[str, list] = {g: [] for g in GROUPS}
    for report in _corpus.training_reports():
        try:
            article = pages.to_article(sources.read(report["_path"]))
        except InputError:
            continue
        if not article.body:
            continue
        names = [g["name"] for g in report.get("places") or [] if g.get("name")]
        countries = places.outside_countries(Record(input=report["_path"], article=article))
        data[report["_writer"]] += _rows(parse(article.body),
                                         lambda s, e, t: any(bench._names_alike(n, t) for n in names), countries)
    for name, loader, file in (("lgl", bench.load_lgl, "lgl.xml"), ("gwn", bench.load_gwn, "GWN.xml")):
        for art in loader(bench.DATA / file):
            if not bench.in_split(art.id, "tune"):
                continue
            spans = [(t.start, t.end) for t in art.toponyms]
            data[name] += _rows(parse(art.text),
                                lambda s, e, t: any(min(e, ge) - max(s, gs) > 0 for gs, ge in spans))
    return data


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 25) -> tuple[np.ndarray, float]:
    """L2-penalised logistic regression (bias unpenalised) by Newton's method."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty) + 1e-9 * np.eye(len(w))
        w = w - np.linalg.solve(hess, grad)
    return w[:-1], float(w[-1])


def _arrays(data: dict, groups) -> tuple[np.ndarray, np.ndarray]:
    rows = [r for g in groups for r in data[g]]
    if not rows:
        return np.zeros((0, len(places.RETAG_FEATURES))), np.zeros(0)
    return np.array([r[0] for r in rows], dtype=float), np.array([r[1] for r in rows], dtype=float)


def _model(w: np.ndarray, b: float, threshold: float) -> dict:
    return {"features": list(places.RETAG_FEATURES), "weights": [round(float(v), 5) for v in w],
            "bias": round(b, 5), "threshold": threshold}


def cross_validate(data: dict) -> tuple[float, float]:
    """(L2, threshold) with the fewest weighted errors over the held-out groups: a name wrongly
    taken as a place (a person put on the map) costs FALSE_PLACE_COST, a place missed 1."""
    table = {}
    for l2 in L2_GRID:
        scores = {t: 0.0 for t in THRESHOLD_GRID}
        n = 0
        for held in GROUPS:
            x, y = _arrays(data, [g for g in GROUPS if g != held])
            w, b = fit(x, y, l2)
            hx, hy = _arrays(data, [held])
            z = hx @ w + b
            for t in THRESHOLD_GRID:
                said = z > t
                scores[t] += float(FALSE_PLACE_COST * (said & (hy == 0)).sum() + (~said & (hy == 1)).sum())
            n += len(hy)
        for t in THRESHOLD_GRID:
            table[(l2, t)] = scores[t] / n
            print(f"  L2 {l2}, threshold {t}: weighted errors per row {scores[t] / n:.4f} (n={n})")
    best = min(table, key=lambda k: (round(table[k], 6), -k[0], -k[1]))
    print(f"  chosen L2 {best[0]}, threshold {best[1]}")
    return best


def cv_bench(data: dict, l2: float, threshold: float) -> None:
    """Dev place acc@161, each writer scored with a model trained without it."""
    right = n = 0
    load = _corpus.load_half
    for writer in WRITERS:
        w, b = fit(*_arrays(data, [g for g in GROUPS if g != writer]), l2)
        places._RETAG_MODEL = _model(w, b, threshold)
        _corpus.load_half = lambda half, _w=writer: [r for r in load(half) if r["_writer"] == _w]
        try:
            r = bench.corpus_places(_corpus.half_of(writer))
        finally:
            _corpus.load_half = load
            places._RETAG_MODEL = None
        print(f"  {writer} (model without {writer}): acc@161 {r['acc161']:.3f} (n={r['places']})")
        right += round(r["acc161"] * r["places"])
        n += r["places"]
    print(f"  dev acc@161, leave-one-writer-out: {right / n:.3f} (n={n})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv-only", action="store_true", help="print the cross-validation, write nothing")
    parser.add_argument("--cv-bench", action="store_true", help="also score dev acc@161 leave-one-writer-out")
    args = parser.parse_args()
    data = collect()
    for g in GROUPS:
        print(f"  {g}: {len(data[g])} rows, {sum(y for _, y in data[g])} places")
    l2, threshold = cross_validate(data)
    if args.cv_bench:
        cv_bench(data, l2, threshold)
    if args.cv_only:
        return
    w, b = fit(*_arrays(data, GROUPS), l2)
    model = _model(w, b, threshold)
    for name, value in zip(model["features"], model["weights"]):
        print(f"  {name:>24} {value:+.3f}")
    print(f"  {'bias':>24} {model['bias']:+.3f}")
    OUT.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
