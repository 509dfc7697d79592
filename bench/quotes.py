"""Quotes: attribution content and speakers on PolNeAR, newsledger beside its baselines.

PolNeAR (read from ../shared/data at run time, never copied): BRAT standoff with Source, Cue and
Content spans per attribution, offsets into the article's .txt. Where an article has several
annotators' files, the first (sorted by name) is the gold.

Each article's text is analysed as the article body as it is (the pages stage is skipped so that
offsets line up with the gold).

Metrics (the issue's):
- content P/R/F1: a predicted quote matches a gold content span when it covers at least half of
  the gold's words and at least half of its own words are gold words; matching is one-to-one,
  greedy by overlap;
- speaker accuracy on matched quotes: the predicted speaker (mention or name) shares a content word
  with the gold source span;
- the same for direct quotes only: gold content that opens or closes with a quotation mark,
  against predictions of kind "direct".

    .venv/bin/python bench/quotes.py [--split dev|train] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "quotes" / "polnear"

_WORD = re.compile(r"\w+")
_QUOTE_MARKS = "\"“”'‘’"
_STOP = {
    "the", "a", "an", "of", "in", "on", "for", "to", "and", "or", "he", "she", "they", "it", "his",
    "her", "their", "its", "who", "that", "this", "said", "says", "mr", "mrs", "ms", "we", "i", "you",
}


@dataclass
class Attribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    direct: bool = False


def _spans(field_text: str) -> list[tuple[int, int]]:
    return [tuple(map(int, part.split())) for part in field_text.split(";")]  # type: ignore[misc]


def load_article(ann: Path, text: str) -> list[Attribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            label, _, offsets = cols[1].partition(" ")
            spans[cols[0]] = (label, _spans(offsets))
        elif line.startswith("E") and len(cols) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in cols[1].split()))
    out = []
    for rel in relations:
        if "Content" not in rel or rel["Content"] not in spans:
            continue
        content = spans[rel["Content"]][1]
        source = spans[rel["Source"]][1] if rel.get("Source") in spans else []
        first, last = text[content[0][0]: content[0][1]].strip(), text[content[-1][0]: content[-1][1]].strip()
        direct = bool(first) and (first[0] in _QUOTE_MARKS or last[-1:] in _QUOTE_MARKS)
        out.append(Attribution(content=content, source=source, direct=direct))
    return out


def word_set(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Word positions (start offsets of \\w+ tokens) inside the spans."""
    words = set()
    for start, end in spans:
        for m in _WORD.finditer(text, start, end):
            words.add(m.start())
    return words


def content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "") if w.lower() not in _STOP}


def match(gold: list[set[int]], pred: list[set[int]]) -> list[tuple[int, int]]:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            inter = len(g & p)
            if g and p and inter >= 0.5 * len(g) and inter >= 0.5 * len(p):
                pairs.append((inter, gi, pi))
    pairs.sort(reverse=True)
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def predict_newsledger(text: str) -> list[dict]:
    from newsledger.pipeline import analyse
    from newsledger.record import Article, Record

    record = analyse(Record(input="polnear", article=Article(body=text)))
    return [{"spans": [(q.start, q.end)], "direct": q.kind == "direct",
             "speaker": " ".join(filter(None, [q.speaker.mention, q.speaker.name]))} for q in record.quotes]


def score(articles, predictor) -> dict:
    c = {"tp": 0, "gold": 0, "pred": 0, "spk": 0, "dtp": 0, "dgold": 0, "dpred": 0, "dspk": 0}
    for text, gold in articles:
        preds = predictor(text)
        gw = [word_set(text, a.content) for a in gold]
        pw = [word_set(text, p["spans"]) for p in preds]
        pairs = match(gw, pw)
        c["gold"] += len(gold)
        c["pred"] += len(preds)
        c["tp"] += len(pairs)
        for gi, pi in pairs:
            gold_src = content_words(" ".join(text[s:e] for s, e in gold[gi].source))
            c["spk"] += bool(gold_src & content_words(preds[pi]["speaker"]))
        dg = [i for i, a in enumerate(gold) if a.direct]
        dp = [i for i, p in enumerate(preds) if p["direct"]]
        dpairs = match([gw[i] for i in dg], [pw[i] for i in dp])
        c["dgold"] += len(dg)
        c["dpred"] += len(dp)
        c["dtp"] += len(dpairs)
        for gi, pi in dpairs:
            gold_src = content_words(" ".join(text[s:e] for s, e in gold[dg[gi]].source))
            c["dspk"] += bool(gold_src & content_words(preds[dp[pi]]["speaker"]))

    def prf(tp, gold, pred):
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}

    return {
        "all": {**prf(c["tp"], c["gold"], c["pred"]), "speaker_acc": round(c["spk"] / c["tp"], 3) if c["tp"] else 0.0},
        "direct": {**prf(c["dtp"], c["dgold"], c["dpred"]), "speaker_acc": round(c["dspk"] / c["dtp"], 3) if c["dtp"] else 0.0},
        "counts": c,
    }


def load_split(split: str, limit: int | None) -> list[tuple[str, list[Attribution]]]:
    folder = POLNEAR / split
    seen, articles = set(), []
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        if stem in seen:
            continue
        seen.add(stem)
        text = (folder / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        articles.append((text, load_article(ann, text)))
        if limit and len(articles) >= limit:
            break
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not POLNEAR.is_dir():
        raise SystemExit(f"{POLNEAR} not found: the benchmark needs ../shared/data")
    articles = load_split(args.split, args.limit)
    result = {"articles": len(articles), "newsledger": score(articles, predict_newsledger)}
    print(f"PolNeAR {args.split}: {len(articles)} articles, {result['newsledger']['counts']['gold']} gold attributions")
    for kind in ("all", "direct"):
        r = result["newsledger"][kind]
        print(f"newsledger {kind:7} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  speaker {r['speaker_acc']:.3f}")
    print("anchors: textacy direct_quotations F1 0.23 (direct 0.53); citron 0.832; goal F1 0.85, speaker 0.90, direct 0.95")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / f"quotes_{args.split}.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
