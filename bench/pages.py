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

``--dump [SUFFIX]`` also writes every page's predictions and scores to bench/out/pages_<set>[SUFFIX].jsonl
(for error analysis; bench/out is not versioned).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="at most N pages per set")
    parser.add_argument("--only", choices=["fundus", "wcxb"], default=None)
    parser.add_argument("--dump", nargs="?", const="", default=None, metavar="SUFFIX",
                        help="write per-page predictions to bench/out/pages_<set>[SUFFIX].jsonl")
    parser.add_argument("--system", choices=["trafilatura", "newsledger"], default=None,
                        help="run one system only (quicker, for development; the report needs both)")
    args = parser.parse_args()
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
