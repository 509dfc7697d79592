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
  with the gold source span; when the gold source has no content word (a bare pronoun: "he",
  "they"), the predicted mention must overlap the gold source span instead (else no prediction
  could ever be right there, the pronoun being a stop word);
- the same for direct quotes only: gold content and predictions that open or close with a
  quotation mark (the same surface test on both sides, see `quoted`: whole direct quotes and
  mixed ones ending on a quoted fragment alike).

    .venv/bin/python bench/quotes.py [--split dev|train] [--limit N] [--grouped]
                                     [--agreement] [--oracle-cues]

Ceilings (measurements, not systems):
- --agreement: on the articles of the split with two annotators' files, the second annotator
  scored against the first (the gold) under the same metric: how far people agree;
- --oracle-cues: newsledger with the gold cues given (each gold cue's main word, and nothing
  else, is a cue): what the content and speaker steps reach when cue detection is perfect.
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
    cue: list[tuple[int, int]] = field(default_factory=list)


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
        direct = quoted(text, content)
        cue = spans[rel["Cue"]][1] if rel.get("Cue") in spans else []
        out.append(Attribution(content=content, source=source, direct=direct, cue=cue))
    return out


def quoted(text: str, spans: list[tuple[int, int]]) -> bool:
    """Direct-quote class, the same test for gold and predictions: the span opens or closes
    with a quotation mark, just inside or just outside it (gold content keeps its marks,
    newsledger's direct quotes leave them out). A doubled apostrophe ('') counts as a mark."""
    start, end = spans[0][0], spans[-1][1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return False
    edges = (text[max(start - 1, 0):start + 1], text[end - 1:end + 1])
    return any(c in _QUOTE_MARKS for edge in edges for c in edge if c != "'") or any(
        "''" in text[max(i - 2, 0):i + 2] for i in (start, end))


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


# Parsed Docs are cached outside the repository (parsing is most of the run time; the cache
# holds spaCy's output for the shared data and is never part of the project).
CACHE = Path("/tmp/newsledger-bench-cache")
_DOCS: dict[str, object] = {}


def load_docs(split: str, texts: list[str]) -> None:
    """Parse every text once (disk-cached per split) for the predictors."""
    from spacy.tokens import DocBin

    from newsledger.language import nlp, parse_many

    path = CACHE / f"polnear_{split}.spacy"
    if path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp().vocab))
        if [d.text for d in docs] == texts[: len(docs)] and len(docs) >= len(texts):
            _DOCS.update((d.text, d) for d in docs)
            return
    docs = list(parse_many(texts))
    CACHE.mkdir(exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(path)
    _DOCS.update((d.text, d) for d in docs)


def predict_newsledger(text: str) -> list[dict]:
    """The entities and quotes stages over the article text (what quotes reads)."""
    from newsledger.analysis import entities, quotes
    from newsledger.language import parse
    from newsledger.record import Article, Record

    doc = _DOCS.get(text) or parse(text)
    record = Record(input="polnear", article=Article(body=text))
    entities.annotate(doc, record)
    quotes.annotate(doc, record)
    preds = [{"spans": [(q.start, q.end)], "direct": quoted(text, [(q.start, q.end)]),
              "speaker": " ".join(filter(None, [q.speaker.mention, q.speaker.name])),
              "speaker_span": (q.speaker.start, q.speaker.end) if q.speaker.start is not None else None,
              "cue": q.cue}
             for q in record.quotes]
    return group_attributions(preds) if GROUPED else preds


TEXTACY_REFUSED: list[str] = []


def predict_textacy(text: str) -> list[dict]:
    """textacy's direct_quotations (speaker, cue, content) over the same Doc."""
    from textacy.extract.triples import direct_quotations

    doc = _DOCS.get(text)
    out = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:
        # textacy refuses an article with an odd number of quotation marks ("safest to bail
        # out"): it finds nothing there, and is scored so.
        TEXTACY_REFUSED.append(text)
        return out
    for speaker, cue, content in triples:
        spans = [(content.start_char, content.end_char)]
        out.append({"spans": spans, "direct": quoted(text, spans), "cue": cue[0].text if cue else None,
                    "speaker": " ".join(t.text for t in speaker),
                    "speaker_span": (speaker[0].idx, speaker[-1].idx + len(speaker[-1])) if speaker else None})
    return out


# Score attributions rather than quotes (--grouped): quotes that follow each other and share
# the cue word and the speaker mention (the same words at the same place) are one attribution.
# (The record already gives one quote for the pieces of one quotation under one cue,
# "“A,” she said. “B.”", as PolNeAR gives one attribution; grouping now joins only what is
# left, e.g. a quote and a reported clause of the same cue.)
GROUPED = False


def group_attributions(preds: list[dict]) -> list[dict]:
    out: list[dict] = []
    for p in preds:
        last = out[-1] if out else None
        if (last is not None and p["speaker_span"] is not None and last["speaker_span"] == p["speaker_span"]
                and last["cue"] == p["cue"]):
            last["spans"] = last["spans"] + p["spans"]
            last["direct"] = last["direct"] or p["direct"]
            continue
        out.append(dict(p))
    return out


def speaker_right(text: str, gold: Attribution, pred: dict) -> bool:
    """The predicted speaker shares a content word with the gold source span. A gold source
    with no content word ("he", "they") has nothing to share: there the predicted mention
    must sit on the gold source instead (the same words at the same place)."""
    gold_words = content_words(" ".join(text[s:e] for s, e in gold.source))
    if gold_words:
        return bool(gold_words & content_words(pred["speaker"]))
    span = pred.get("speaker_span")
    return span is not None and any(s < span[1] and span[0] < e for s, e in gold.source)


def miss_kind(gold: set[int], preds: list[set[int]]) -> str:
    """Why a gold content span went unmatched, against the prediction overlapping it most."""
    overlaps = [(len(gold & p), len(p)) for p in preds if gold & p]
    if not gold or not overlaps:
        return "miss: nothing predicted there"
    inter, size = max(overlaps)
    if inter >= 0.5 * len(gold):
        return "miss: prediction too long" if inter < 0.5 * size else "miss: prediction matched elsewhere"
    return "miss: prediction too short" if inter >= 0.5 * size else "miss: partial overlap"


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
        matched = {gi for gi, _ in pairs}
        for gi, g in enumerate(gw):
            if gi not in matched:
                kind = miss_kind(g, pw)
                c[kind] = c.get(kind, 0) + 1
        for gi, pi in pairs:
            c["spk"] += speaker_right(text, gold[gi], preds[pi])
        dg = [i for i, a in enumerate(gold) if a.direct]
        dp = [i for i, p in enumerate(preds) if p["direct"]]
        dpairs = match([gw[i] for i in dg], [pw[i] for i in dp])
        c["dgold"] += len(dg)
        c["dpred"] += len(dp)
        c["dtp"] += len(dpairs)
        for gi, pi in dpairs:
            c["dspk"] += speaker_right(text, gold[dg[gi]], preds[dp[pi]])

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


def agreement(split: str) -> tuple[int, dict]:
    """The second annotator against the first on the split's doubly annotated articles."""
    folder = POLNEAR / split
    files: dict[str, list[Path]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        files.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    articles, second = [], {}
    for stem, anns in files.items():
        if len(anns) < 2:
            continue
        text = (folder / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        articles.append((text, load_article(anns[0], text)))
        second[text] = [{"spans": a.content, "direct": a.direct, "cue": None,
                         "speaker": " ".join(text[s:e] for s, e in a.source),
                         "speaker_span": (a.source[0][0], a.source[-1][1]) if a.source else None}
                        for a in load_article(anns[1], text)]
    return len(articles), score(articles, lambda text: second[text])


def use_oracle_cues(articles) -> None:
    """Make newsledger's cues the gold cues: each gold cue's main word (the verb, noun or
    "according" whose head lies outside the cue) and nothing else."""
    from newsledger.analysis import quotes
    from newsledger.analysis._cue_model import CANDIDATE_POS

    main: dict[str, set[int]] = {}
    for text, gold in articles:
        doc = _DOCS[text]
        words = main.setdefault(text, set())
        for a in gold:
            if not a.cue:
                continue
            inside = [t.i for s, e in a.cue for t in (doc.char_span(s, e, alignment_mode="expand") or [])]
            held = set(inside)
            candidates = [i for i in inside if doc[i].pos_ in CANDIDATE_POS or doc[i].lower_ == "according"]
            heads = [i for i in candidates if doc[i].head.i not in held or doc[i].head.i == i]
            if heads or candidates:
                words.add((heads or candidates)[0])
    quotes._cue_candidates = lambda doc: sorted(main.get(doc.text, ()))
    quotes._is_cue_token = lambda tok: (tok.i in main.get(tok.doc.text, ())) and (
        tok.lower_ != "according" or (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--grouped", action="store_true",
                        help="score attributions: quotes sharing one cue and speaker mention are one")
    parser.add_argument("--agreement", action="store_true",
                        help="score the second annotator against the first where an article has two")
    parser.add_argument("--oracle-cues", action="store_true",
                        help="give newsledger the gold cues (a ceiling for its content and speaker steps)")
    args = parser.parse_args()
    global GROUPED
    GROUPED = args.grouped
    if not POLNEAR.is_dir():
        raise SystemExit(f"{POLNEAR} not found: the benchmark needs ../shared/data")
    if args.agreement:
        n, r = agreement(args.split)
        print(f"PolNeAR {args.split}: {n} articles with two annotators, {r['counts']['gold']} gold attributions; "
              "annotator 2 scored against annotator 1")
        for kind in ("all", "direct"):
            print(f"agreement  {kind:7} P {r[kind]['precision']:.3f}  R {r[kind]['recall']:.3f}  "
                  f"F1 {r[kind]['f1']:.3f}  speaker {r[kind]['speaker_acc']:.3f}")
        return
    articles = load_split(args.split, args.limit)
    load_docs(args.split, [text for text, _ in articles])
    if args.oracle_cues:
        use_oracle_cues(articles)
        print("oracle cues: newsledger is given the gold cues (a ceiling, not a result)")
    result = {"articles": len(articles), "newsledger": score(articles, predict_newsledger)}
    try:
        import textacy  # noqa: F401  (optional: the baseline runs only where it is installed)

        result["textacy"] = score(articles, predict_textacy)
        result["textacy"]["articles_refused"] = len(TEXTACY_REFUSED)
    except ImportError:
        print("textacy not installed: its baseline is skipped (pip install textacy to run it)")
    print(f"PolNeAR {args.split}: {len(articles)} articles, {result['newsledger']['counts']['gold']} gold attributions"
          f"{' (scored as attributions: --grouped)' if GROUPED else ''}")
    for system in ("newsledger", "textacy"):
        for kind in ("all", "direct") if system in result else ():
            r = result[system][kind]
            print(f"{system:10} {kind:7} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
                  f"speaker {r['speaker_acc']:.3f}")
    if "textacy" in result:
        print(f"textacy refused {result['textacy']['articles_refused']} of {len(articles)} articles "
              "(an odd number of quotation marks): nothing found there")
    counts = result["newsledger"]["counts"]
    print("newsledger unmatched gold: " + ", ".join(
        f"{k[6:]} {v}" for k, v in sorted(counts.items()) if k.startswith("miss: ")) +
        f"; unmatched predictions {counts['pred'] - counts['tp']}")
    print("anchors: textacy direct_quotations F1 0.23 (direct 0.53); citron 0.832; goal F1 0.85, speaker 0.90, direct 0.95")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    name = f"quotes_{args.split}{'_grouped' if GROUPED else ''}{'_oracle_cues' if args.oracle_cues else ''}"
    (out / f"{name}.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
