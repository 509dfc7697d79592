"""Figures: reported quantities scored against the hand-written gold set (issue 7).

The gold is tests/fixtures/figures/{dev,heldout}.jsonl (see its README): invented news-style
sentences, each with its figures annotated. `heldout` was written with `dev`, before any tuning,
and is scored only at the end (`--heldout`); never tune on it.

Each item's text is run through the real pipeline (newsledger.pipeline.analyse on a Record whose
body is the text and whose `published` is the item's), so quotes and entities feed sources as in
production.

Matching: a predicted figure matches a gold figure when their values are equal and their texts
overlap in the body (character spans; the gold `text` is unique in its item, a prediction is
located from its sentence on); one-to-one, in order of position.

Metrics:
- value P/R/F1: matched pairs over predictions / over gold figures;
- value+what P/R/F1: matched pairs whose `what` share the head noun. The head of a `what` phrase
  is its last word before the first "cut" word (a preposition, "and", a relative word, "still", an
  irregular participle such as "held", or a word in -ed/-ing/-ly after the first word), compared in the singular ("hostages held by
  Hamas" → hostage; "dead hostages" → hostage; "death toll from the quake" → toll). Both null
  also counts as sharing;
- per-field accuracy on matched pairs: unit, qualifier, approximate, hedged, status, key (exact);
- source accuracy on matched pairs whose gold has a source: the predicted source name shares a
  content word (stop words dropped, singular) with the gold one; and how often a source is
  invented where the gold has none.

    .venv/bin/python bench/figures.py [--heldout] [--errors] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "figures"
FIELDS = ("unit", "qualifier", "approximate", "hedged", "status", "key")

_WORD = re.compile(r"[\w'’-]+")
_STOP = {
    "the", "a", "an", "of", "in", "on", "for", "to", "and", "or", "he", "she", "they", "it", "his",
    "her", "their", "its", "who", "that", "this", "said", "says", "mr", "mrs", "ms", "we", "i",
    "you", "at", "by", "from", "with",
}
_CUT = {
    "by", "of", "in", "at", "on", "from", "for", "to", "with", "into", "across", "inside", "under",
    "near", "after", "during", "since", "over", "through", "among", "who", "that", "which",
    "whose", "still", "believed", "a", "per", "each", "before", "left", "and",
    # irregular participles ("hostages held by Hamas", "drones shot down")
    "held", "taken", "brought", "shot", "sent", "sold", "paid", "built", "hurt", "found", "fled",
    "struck", "made", "kept", "seen", "given", "caught", "hit", "lost",
}
_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman",
              "lorries": "lorry", "staff": "staff", "bodies": "body"}


def singular(word: str) -> str:
    w = word.lower().strip("'’")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def head(what: str | None) -> str | None:
    """The head noun of a `what` phrase (see the module docstring)."""
    if not what:
        return None
    words = [w.lower() for w in _WORD.findall(what)]
    kept: list[str] = []
    for k, w in enumerate(words):
        participle = k > 0 and (re.search(r"(ed|ing|ly)$", w) is not None) and not words[k - 1].endswith("ly") \
            and w not in ("ceiling",)
        if kept and (w in _CUT or participle):
            break
        kept.append(w)
    return singular(kept[-1]) if kept else None


def content_words(name: str | None) -> set[str]:
    """Content words of a source name; an acronym ("WHO") is a content word, not a stop word."""
    return {singular(w) for w in _WORD.findall(name or "") if w.lower() not in _STOP or (w.isupper() and len(w) > 1)}


def load(split: str) -> list[dict]:
    with open(GOLD / f"{split}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def predict(item: dict) -> list[dict]:
    from newsledger.pipeline import analyse
    from newsledger.record import Article, Record

    record = analyse(Record(input=item["id"], article=Article(body=item["text"], published=item["published"])))
    body = item["text"]
    out = []
    for f in record.figures:
        start = body.find(f.text, f.evidence.start)
        if start < 0:
            start = body.find(f.text)
        d = f.model_dump()
        d["span"] = (start, start + len(f.text))
        d["source"] = f.source.name if f.source else None
        out.append(d)
    return out


def match(gold: list[dict], pred: list[dict], body: str) -> list[tuple[dict, dict]]:
    pairs = []
    used: set[int] = set()
    for g in gold:
        gs = body.find(g["text"])
        g_span = (gs, gs + len(g["text"]))
        for k, p in enumerate(pred):
            if k in used or abs(p["value"] - g["value"]) > 1e-6 * max(1.0, abs(g["value"])):
                continue
            if p["span"][0] < g_span[1] and g_span[0] < p["span"][1]:
                pairs.append((g, p))
                used.add(k)
                break
    return pairs


def prf(correct: int, n_pred: int, n_gold: int) -> dict:
    p = correct / n_pred if n_pred else 0.0
    r = correct / n_gold if n_gold else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def score(items: list[dict], show_errors: bool) -> dict:
    n_gold = n_pred = n_value = n_what = 0
    field_ok: Counter[str] = Counter()
    n_pairs = 0
    src_stated = src_ok = src_none = src_invented = 0
    errors: list[str] = []
    for item in items:
        gold, pred = item["figures"], predict(item)
        pairs = match(gold, pred, item["text"])
        n_gold += len(gold)
        n_pred += len(pred)
        n_value += len(pairs)
        n_pairs += len(pairs)
        matched_gold = {id(g) for g, _ in pairs}
        matched_pred = {id(p) for _, p in pairs}
        problems = []
        for g in gold:
            if id(g) not in matched_gold:
                problems.append(f"  missed {g['value']:g} {g['text']!r}")
        for p in pred:
            if id(p) not in matched_pred:
                problems.append(f"  spurious {p['value']:g} {p['text']!r} what={p['what']!r}")
        for g, p in pairs:
            if head(g["what"]) == head(p["what"]):
                n_what += 1
            else:
                problems.append(f"  what {g['text']!r}: gold {g['what']!r} ({head(g['what'])}) pred {p['what']!r} ({head(p['what'])})")
            for f in FIELDS:
                if g[f] == p[f]:
                    field_ok[f] += 1
                else:
                    problems.append(f"  {f} {g['text']!r}: gold {g[f]!r} pred {p[f]!r}")
            if g["source"]:
                src_stated += 1
                if content_words(g["source"]) & content_words(p["source"]):
                    src_ok += 1
                else:
                    problems.append(f"  source {g['text']!r}: gold {g['source']!r} pred {p['source']!r}")
            else:
                src_none += 1
                if p["source"]:
                    src_invented += 1
                    problems.append(f"  source {g['text']!r}: gold None pred {p['source']!r}")
        if problems:
            errors.append(f"{item['id']}: {item['text']}\n" + "\n".join(problems))
    result = {
        "items": len(items), "gold": n_gold, "predicted": n_pred, "matched": n_pairs,
        "value": prf(n_value, n_pred, n_gold),
        "value+what": prf(n_what, n_pred, n_gold),
        "fields": {f: round(field_ok[f] / n_pairs, 3) if n_pairs else 0.0 for f in FIELDS},
        "source": {"stated": src_stated, "accuracy": round(src_ok / src_stated, 3) if src_stated else 0.0,
                   "gold_none": src_none, "invented": src_invented},
    }
    if show_errors:
        print("\n".join(errors), file=sys.stderr)
    return result


def report(split: str, r: dict) -> None:
    print(f"== {split}: {r['items']} items, {r['gold']} gold figures, {r['predicted']} predicted, {r['matched']} matched")
    for name in ("value", "value+what"):
        m = r[name]
        print(f"  {name:<11} P {m['p']:.3f}  R {m['r']:.3f}  F1 {m['f1']:.3f}")
    print("  fields on matched: " + "  ".join(f"{f} {v:.3f}" for f, v in r["fields"].items()))
    s = r["source"]
    print(f"  source accuracy (gold source stated, n={s['stated']}): {s['accuracy']:.3f}; "
          f"invented where gold has none: {s['invented']}/{s['gold_none']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--heldout", action="store_true",
                        help="also score the held-out split (only at the very end; never tune on it)")
    parser.add_argument("--errors", action="store_true", help="list every miss on standard error")
    parser.add_argument("--out", type=Path, help="write the scores as JSON")
    args = parser.parse_args()
    results = {"dev": score(load("dev"), args.errors)}
    report("dev", results["dev"])
    if args.heldout:
        print("(held-out: written with dev before any tuning, scored only at the end, never tuned on)")
        results["heldout"] = score(load("heldout"), args.errors)
        report("heldout", results["heldout"])
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
