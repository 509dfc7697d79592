"""Pages: body, date and byline of newsledger's page stage beside plain trafilatura.

Data (read from ../shared/data at run time, never copied):
- Fundus-80: 80 news pages from 16 publishers, gold body paragraphs; also scored against the
  gold without its credit lines ("Reporting by ...", "... contributed to this report"), which
  the record contract counts as clutter (row f1_gold_without_credits);
- WCXB dev: the pages whose type is "article", gold main content, author, publish date.

Metrics:
- body: the Zyte article-extraction-benchmark metric: word 4-gram shingles (\\w+ tokens) counted
  as multisets per page, tp/fp/fn normalised per page, precision averaged over pages that predict
  something, recall over pages with gold, F1 of those two averages;
- date: exact day (YYYY-MM-DD), over pages whose gold has a date; also over all article pages,
  where a null gold needs a null prediction;
- byline: the set of author names equals the gold set (case- and space-insensitive; names split
  at ";", ",", " and ", "&"; academic credentials such as "MS", "PhD" ignored on both sides),
  over pages with a gold author and over all article pages.

    .venv/bin/python bench/pages.py [--limit N] [--only fundus|wcxb] [--system S] [--dump [SUFFIX]]
    .venv/bin/python bench/pages.py --corpus dev [--verbose]      # the independent corpus (below)
    .venv/bin/python bench/pages.py --corpus heldout              # scored once; appends to heldout_runs.log

``--corpus dev|heldout``: the article fields on the independent corpus (bench/corpus/, fictional
reports in 15 publisher styles, split by writer; see bench/_corpus.py), each report read by
newsledger's page stage as a user's file would be (no URL, no date given):
- byline with location: the report's byline names (folded: case, accents, punctuation) equal the
  gold's, and each name's reporting location agrees (both absent, or the same first part);
- body F1: the Zyte metric above against the gold body (the report's words from ``body_first`` to
  ``body_last``, less gold clutter lines inside that span);
- clutter: the share of reports with no gold clutter line in the body (a whole body line, or
  anywhere in it for a line of three words or more), and the leaked lines per report;
- credits: the set of (agency, photographer) pairs of the report's media equals the gold's
  (a report without credited media must predict none);
- date: the publication day equals the gold's;
- evidence in body: the gold events' evidence sentences (folded) found whole in the body, a
  check that the page stage keeps the report's own sentences.
With ``--places`` the corpus run also scores the places (bench/places.py's corpus part), so a
held-out run is one run of both.

``--dump [SUFFIX]`` also writes every page's predictions and scores to bench/out/pages_<set>[SUFFIX].jsonl
(for error analysis; bench/out is not versioned).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import _corpus  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "extraction"

_WORD = re.compile(r"\w+")
_NAME_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&)\s*", re.IGNORECASE)
_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,5}|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?)$")


def shingles(text: str, n: int = 4) -> Counter:
    words = _WORD.findall(text or "")
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def tp_fp_fn(gold: str, pred: str) -> tuple[float, float, float]:
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def body_scores(triples: list[tuple[float, float, float]]) -> dict[str, float]:
    def prec(tp, fp, fn):
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def rec(tp, fp, fn):
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    p = statistics.mean(prec(*t) for t in triples if t[0] + t[1] > 0)
    r = statistics.mean(rec(*t) for t in triples if t[0] + t[2] > 0)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def name_set(value: str | list | None) -> frozenset[str]:
    if not value:
        return frozenset()
    parts = value if isinstance(value, list) else _NAME_SPLIT.split(value)
    names = set()
    for part in parts:
        part = " ".join(part.split())
        if part and not _CREDENTIAL.match(part):
            names.add(part.lower())
    return frozenset(names)


def day(value: str | None) -> str | None:
    return value[:10] if value else None


# --- the two systems -------------------------------------------------------------------------

def run_trafilatura(html: str) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(html, favor_precision=True, with_metadata=True)
    if doc is None:
        return {"body": "", "date": None, "authors": frozenset()}
    doc = doc if isinstance(doc, dict) else doc.as_dict()
    return {"body": doc.get("text") or "", "date": day(doc.get("date")),
            "authors": name_set((doc.get("author") or "").replace(";", ","))}


def run_newsledger(path: Path) -> dict:
    from newsledger import pages, sources
    from newsledger.errors import InputError

    try:
        article = pages.to_article(sources.read(str(path)))
    except InputError:
        return {"body": "", "date": None, "authors": frozenset()}
    return {"body": article.body, "date": day(article.published),
            "authors": name_set([b.name for b in article.byline])}


# --- data --------------------------------------------------------------------------------------

# Credit lines that Fundus' gold keeps in the body but the record contract calls clutter.
_CREDIT_PARAGRAPH = re.compile(
    r"^[(\[]?\s*(?:(?:additional|further)\s+)?(?:reporting|writing|editing)\s+by\b|\bcontributed\s+(?:to\s+this\s+report|reporting)\b",
    re.IGNORECASE,
)
_CREDIT_TAIL = re.compile(r"\s*[(\[]\s*(?:(?:additional|further)\s+)?(?:reporting|writing|editing)\s+by\b[^()\[\]]*[)\]]\s*$", re.IGNORECASE)


def without_credits(paragraphs: list[str]) -> str:
    kept = [_CREDIT_TAIL.sub("", p) for p in paragraphs if not _CREDIT_PARAGRAPH.search(p)]
    return "\n\n".join(p for p in kept if p.strip())


def fundus(limit: int | None) -> list[dict]:
    folder = DATA / "fundus80"
    gold = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
    items = []
    for name in sorted(gold)[:limit]:
        items.append({"path": folder / "html" / name, "body": "\n\n".join(gold[name]["body"]),
                      "body_contract": without_credits(gold[name]["body"])})
    return items


def wcxb(limit: int | None) -> list[dict]:
    folder = DATA / "wcxb" / "dev"
    items = []
    for gt in sorted((folder / "ground-truth").glob("*.json")):
        data = json.loads(gt.read_text(encoding="utf-8"))
        if data["_internal"]["page_type"]["primary"] != "article":
            continue
        g = data["ground_truth"]
        items.append({"path": folder / "html" / f"{gt.stem}.html.gz", "body": g.get("main_content") or "",
                      "date": day(g.get("publish_date")), "authors": name_set(g.get("author"))})
        if limit and len(items) >= limit:
            break
    return items


def evaluate(name: str, items: list[dict], with_meta: bool, dump: str | None = None,
             systems: tuple[str, ...] = ("trafilatura", "newsledger")) -> dict:
    results = {}
    per_page: dict[str, list[dict]] = {}
    for system in systems:
        preds, seconds = [], 0.0
        for item in items:
            html = gzip.decompress(item["path"].read_bytes()).decode("utf-8", errors="replace")
            t0 = time.process_time()
            pred = run_trafilatura(html) if system == "trafilatura" else run_newsledger(item["path"])
            seconds += time.process_time() - t0
            preds.append(pred)
        per_page[system] = preds
        r = body_scores([tp_fp_fn(i["body"], p["body"]) for i, p in zip(items, preds)])
        if "body_contract" in items[0]:  # the same, against gold without credit lines (contract clutter)
            r["f1_gold_without_credits"] = body_scores(
                [tp_fp_fn(i["body_contract"], p["body"]) for i, p in zip(items, preds)])["f1"]
        r["pages_per_cpu_s"] = len(items) / seconds if seconds else float("inf")
        if with_meta:
            dated = [(i, p) for i, p in zip(items, preds) if i["date"]]
            r["date_acc_dated"] = sum(p["date"] == i["date"] for i, p in dated) / len(dated)
            r["date_acc_all"] = sum(p["date"] == i["date"] for i, p in zip(items, preds)) / len(items)
            authored = [(i, p) for i, p in zip(items, preds) if i["authors"]]
            r["byline_acc_authored"] = sum(p["authors"] == i["authors"] for i, p in authored) / len(authored)
            r["byline_acc_all"] = sum(p["authors"] == i["authors"] for i, p in zip(items, preds)) / len(items)
        results[system] = r
    if dump is not None:
        _dump(name, dump, items, per_page)
    return {"pages": len(items), **results}


def _dump(name: str, dump: str, items: list[dict], per_page: dict[str, list[dict]]) -> None:
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    with (out / f"pages_{name}{dump}.jsonl").open("w", encoding="utf-8") as f:
        for k, item in enumerate(items):
            row = {"page": item["path"].name, "gold_date": item.get("date"), "gold_authors": sorted(item.get("authors") or [])}
            for system, preds in per_page.items():
                pred = preds[k]
                tp, fp, fn = tp_fp_fn(item["body"], pred["body"])
                row[system] = {"body_tp": round(tp, 4), "body_fp": round(fp, 4), "body_fn": round(fn, 4),
                               "date": pred["date"], "authors": sorted(pred["authors"]), "body": pred["body"]}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


# --- the independent corpus ----------------------------------------------------------------

def _credit_pairs(media) -> set[tuple[str, str]]:
    out = set()
    for m in media:
        agency, photographer = getattr(m, "agency", None), getattr(m, "photographer", None)
        if not hasattr(m, "agency"):  # a record without the split: the credit as one string
            agency = m.credit
        pair = (_corpus.fold(agency), _corpus.fold(photographer))
        if any(pair):
            out.add(pair)
    return out


def _gold_credit_pairs(media: list[dict]) -> set[tuple[str, str]]:
    return {pair for m in media or [] if any(pair := (_corpus.fold(m.get("agency")), _corpus.fold(m.get("photographer"))))}


def _byline_ok(gold: list[dict], pred) -> bool:
    g = {_corpus.fold(b["name"]): b.get("location") for b in gold or []}
    p = {_corpus.fold(b.name): b.location for b in pred}
    return set(g) == set(p) and all(_corpus.location_ok(g[k], p[k]) for k in g)


def corpus_articles(half: str, verbose: bool = False) -> dict:
    from newsledger import pages, sources
    from newsledger.errors import InputError

    reports = _corpus.load_half(half)
    n = len(reports)
    hits = Counter()
    triples, by_style = [], {}
    leaked_lines = 0
    evidence_total, evidence_lost = 0, []
    for gold in reports:
        art = gold.get("article") or {}
        try:
            article = pages.to_article(sources.read(gold["_path"]))
        except InputError as error:
            print(f"failed: {error}", file=sys.stderr)
            from newsledger.record import Article
            article = Article()
        style = str(gold.get("style") or "?").split()[0]
        ok = {
            "byline": _byline_ok(art.get("byline"), article.byline),
            "names": {_corpus.fold(b["name"]) for b in art.get("byline") or []} == {_corpus.fold(b.name) for b in article.byline},
            "credits": _gold_credit_pairs(art.get("media")) == _credit_pairs(article.media),
            "date": (article.published or "")[:10] == (art.get("published") or ""),
        }
        leaked = _corpus.leaks(art.get("clutter") or [], article.body)
        lost = _corpus.lost_evidence(gold.get("events") or [], article.body)
        evidence_total += sum(1 for e in gold.get("events") or [] if _corpus.fold(e.get("evidence")))
        evidence_lost.extend(lost)
        ok["no_clutter"] = not leaked
        leaked_lines += len(leaked)
        body = _corpus.gold_body(gold)
        if body is not None:
            t = tp_fp_fn(body, _corpus.fold(article.body))
            triples.append(t)
            by_style.setdefault(style, []).append(t)
        hits.update(k for k, v in ok.items() if v)
        for k, v in ok.items():
            by_style.setdefault(f"{style}:{k}", []).append(v)
        if verbose and half not in _corpus.UNSEEN and not all(ok.values()):
            print(f"-- {Path(gold['_path']).name} [{style}] wrong: {', '.join(k for k, v in ok.items() if not v)}")
            if not ok["byline"]:
                print(f"   byline gold {[(b['name'], b.get('location')) for b in art.get('byline') or []]} "
                      f"got {[(b.name, b.location) for b in article.byline]}")
            if not ok["credits"]:
                print(f"   credits gold {sorted(_gold_credit_pairs(art.get('media')))} got {sorted(_credit_pairs(article.media))}")
            if not ok["date"]:
                print(f"   date gold {art.get('published')} got {article.published}")
            for line in leaked:
                print(f"   leak: {line[:100]!r}")
        if verbose and half not in _corpus.UNSEEN:
            for sentence in lost:
                print(f"-- {Path(gold['_path']).name} [{style}] evidence not in body: {sentence[:100]!r}")
    result = {"reports": n,
              "byline_with_location": hits["byline"] / n, "byline_names": hits["names"] / n,
              "body_f1": body_scores(triples)["f1"] if triples else 0.0, "body_gold_found": len(triples),
              "no_clutter_share": hits["no_clutter"] / n, "clutter_leaks_per_report": leaked_lines / n,
              "credits": hits["credits"] / n, "date": hits["date"] / n,
              "evidence_in_body": evidence_total - len(evidence_lost), "evidence_total": evidence_total}
    styles = sorted({k.split(":")[0] for k in by_style})
    result["by_style"] = {st: {"reports": len(by_style.get(f"{st}:byline", [])),
                               **{k: round(sum(by_style[f"{st}:{k}"]) / len(by_style[f"{st}:{k}"]), 3)
                                  for k in ("byline", "no_clutter", "credits", "date")},
                               "body_f1": round(body_scores(by_style[st])["f1"], 3) if by_style.get(st) else None}
                          for st in styles}
    return result


def print_corpus(half: str, r: dict) -> str:
    line = (f"byline+location {r['byline_with_location']:.3f} (names {r['byline_names']:.3f})  body F1 {r['body_f1']:.3f}  "
            f"no-clutter reports {r['no_clutter_share']:.3f} (leaked lines/report {r['clutter_leaks_per_report']:.2f})  "
            f"credits {r['credits']:.3f}  date {r['date']:.3f}")
    print(f"corpus {half}: {r['reports']} reports (gold body found in {r['body_gold_found']}); commit {_corpus.commit()}")
    print("  " + line)
    print(f"  gold evidence sentences in body: {r['evidence_in_body']}/{r['evidence_total']}")
    if half == "dev":
        print(f"  {'style':16}{'n':>4}{'byline':>8}{'body':>7}{'clean':>7}{'credit':>8}{'date':>7}")
        for st, v in r["by_style"].items():
            print(f"  {st:16}{v['reports']:>4}{v['byline']:>8.2f}{(v['body_f1'] or 0):>7.2f}{v['no_clutter']:>7.2f}"
                  f"{v['credits']:>8.2f}{v['date']:>7.2f}")
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="at most N pages per set")
    parser.add_argument("--only", choices=["fundus", "wcxb"], default=None)
    parser.add_argument("--dump", nargs="?", const="", default=None, metavar="SUFFIX",
                        help="write per-page predictions to bench/out/pages_<set>[SUFFIX].jsonl")
    parser.add_argument("--system", choices=["trafilatura", "newsledger"], default=None,
                        help="run one system only (quicker, for development; the report needs both)")
    parser.add_argument("--corpus", choices=sorted(_corpus.HALVES), default=None,
                        help="score the independent corpus's half instead of the public sets")
    parser.add_argument("--places", action="store_true", help="with --corpus: the places too (bench/places.py)")
    parser.add_argument("--verbose", action="store_true", help="with --corpus dev: list each report's misses")
    args = parser.parse_args()
    if args.corpus:
        if args.verbose and args.corpus in _corpus.UNSEEN:
            raise SystemExit("--verbose is for the dev half only: the held-out half is scored, never read")
        r = corpus_articles(args.corpus, verbose=args.verbose)
        line = print_corpus(args.corpus, r)
        if args.places:
            import places as place_bench

            pr = place_bench.corpus_places(args.corpus, verbose=args.verbose)
            line += "  " + place_bench.print_corpus(args.corpus, pr)
        if args.corpus in _corpus.UNSEEN:
            what = f"bench/pages.py --corpus {args.corpus}" + (" --places" if args.places else "")
            _corpus.log_heldout(what, line)
        return
    if not DATA.is_dir():
        raise SystemExit(f"{DATA} not found: the benchmark needs ../shared/data")

    systems = (args.system,) if args.system else ("trafilatura", "newsledger")
    report = {}
    if args.only in (None, "fundus"):
        report["fundus80"] = evaluate("fundus80", fundus(args.limit), with_meta=False, dump=args.dump, systems=systems)
    if args.only in (None, "wcxb"):
        report["wcxb_dev_articles"] = evaluate("wcxb", wcxb(args.limit), with_meta=True, dump=args.dump, systems=systems)

    for name, res in report.items():
        print(f"\n{name}: {res['pages']} pages")
        keys = [k for k in res[systems[-1]]]
        print(f"{'':24}" + "".join(f"{s:>14}" for s in systems))
        for k in keys:
            print(f"{k:24}" + "".join(f"{res[s][k]:14.3f}" for s in systems))
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / ("pages.json" if len(systems) == 2 else f"pages_{systems[0]}.json")).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
