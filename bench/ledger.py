"""The ledger across reports: near-duplicates, stories and merged events against a gold grouping.

The corpus is tests/fixtures/ledger/bench/: fictional reports written for newsledger about six
fictional sets of happenings (real places, invented people and outlets), several outlets each,
with wire stories republished by other outlets with small edits. gold.json gives, per report,
the report it copies (``copy_of``), its story, and the happenings it tells.

Everything goes through the real pipeline (read, pages, spaCy, analysis) into a temporary
SQLite ledger, then the ledger's own grouping is scored pairwise:

- duplicates: pairs of reports in one copy group (an original and its copies);
- stories: pairs of reports in one story;
- events (the issue's measure: "the same happening reported by five outlets is one ledger
  event with five sources"): each report's telling of its main happening (the first extracted
  event of the report whose type is one of that happening's types; none when the extractor
  found none, which costs recall) -> pairs of reports whose tellings are in one ledger event,
  against pairs of reports whose main happening is the same;
  ("extracted": the same, over the reports that have such a telling: the merging alone);
- all events (stricter, and noisier: it also scores the extractor): pairs of every extracted
  event in one ledger event. An extracted event belongs to gold happening H when its report
  tells H, its type is one of H's types and its evidence sentence holds one of H's cues (when
  several fit: the one dated on the event's date, else the one whose cue comes first); an
  event that fits none belongs to none (merging it with anything is a false merge), except
  that the same sentence republished in a copy is the same telling as in its original.

    .venv/bin/python bench/ledger.py [--corpus DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
CORPUS = ROOT / "tests" / "fixtures" / "ledger" / "bench"

from newsledger.ledger import Ledger  # noqa: E402
from newsledger.pipeline import extract_many  # noqa: E402
from newsledger.record import Failure  # noqa: E402


def pairs(groups: dict[object, object]) -> set[tuple]:
    """Unordered pairs of items with the same group label (None: in no group)."""
    members: dict[object, list] = defaultdict(list)
    for item, label in groups.items():
        if label is not None:
            members[label].append(item)
    return {tuple(sorted(p)) for items in members.values() for p in combinations(items, 2)}


def score(system: set[tuple], gold: set[tuple]) -> dict[str, float]:
    hit = len(system & gold)
    precision = hit / len(system) if system else 1.0
    recall = hit / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "system_pairs": len(system), "gold_pairs": len(gold), "correct": hit}


def gold_happening(event: dict, tells: list[str], happenings: dict) -> str | None:
    """The happening an extracted event tells (see the module doc), or None. When the
    sentence fits several (a lead that recalls an earlier attack), the happening of the
    event's own date wins, else the one whose cue comes first in the sentence."""
    text = event["evidence"]["text"].lower()
    fits = {}
    for h in tells:
        if event["type"] not in happenings[h]["types"]:
            continue
        found = [text.find(cue.lower()) for cue in happenings[h]["cues"]]
        found = [i for i in found if i >= 0]
        if found:
            fits[h] = min(found)
    if len(fits) > 1:
        dated = [h for h in fits if happenings[h]["date"] == event.get("date")]
        if len(dated) == 1:
            return dated[0]
        return min(fits, key=fits.get)
    return next(iter(fits), None)


def same_telling(events: dict, reports: dict) -> dict:
    """Gold for events that fit no happening: the same sentence republished in a copy is the
    same telling as in the original (same type, evidence words mostly the same)."""
    words = {k: set(v["evidence"]["text"].lower().split()) for k, v in events.items()}
    label = {}
    for key, event in events.items():
        original = reports[key[0]]["copy_of"]
        if original is None:
            continue
        for other, other_event in events.items():
            if other[0] == original and other_event["type"] == event["type"]:
                a, b = words[key], words[other]
                if len(a & b) / len(a | b) >= 0.8:
                    label[key] = label.setdefault(other, f"telling:{other}")
                    break
    return label


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--verbose", action="store_true", help="list the wrong pairs")
    args = parser.parse_args()
    gold = json.loads((args.corpus / "gold.json").read_text(encoding="utf-8"))
    reports, happenings = gold["reports"], gold["happenings"]
    inputs = [str(args.corpus / name) for name in sorted(reports)]

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Ledger(Path(tmp) / "bench.db") as ledger:
        for item in extract_many(inputs):
            if isinstance(item, Failure):
                print(f"failed: {item.input}: {item.error}", file=sys.stderr)
                continue
            ledger.ingest(item)
        seconds = time.perf_counter() - started
        rows = list(ledger.export("reports"))
        events = list(ledger.merged_events())

    # A row per report stored, plus a row per exact copy (same id as the report it copies).
    name = {r["input"]: Path(r["input"]).name for r in rows}
    stored = {r["id"]: name[r["input"]] for r in rows if r["duplicate_of"] is None or r["id"] not in
              {x["id"] for x in rows if x["input"] == r["duplicate_of"]}}
    id_of = stored
    exact_copies = defaultdict(list)  # stored report name -> names of its exact copies
    for r in rows:
        if stored[r["id"]] != name[r["input"]]:
            exact_copies[stored[r["id"]]].append(name[r["input"]])
    root = {name[r["input"]]: name[r["duplicate_of"]] if r["duplicate_of"] else name[r["input"]] for r in rows}
    for n in root:  # follow a copy of a copy to the first report
        while root[root[n]] != root[n]:
            root[n] = root[root[n]]
    system_dups = pairs(root)
    gold_dups = pairs({n: r["copy_of"] or n for n, r in reports.items()})
    system_stories = pairs({name[r["input"]]: r["story"] for r in rows})
    gold_stories = pairs({n: r["story"] for n, r in reports.items()})

    system_events, gold_events, labels, extracted = {}, {}, {}, {}
    for merged in events:
        for source in merged["sources"]:
            key = (id_of[source["report_id"]], source["event_id"])
            system_events[key] = merged["id"]
            extracted[key] = {"type": merged["type"], "evidence": source["evidence"], "date": source["date"]}
            gold_events[key] = gold_happening(extracted[key], reports[key[0]]["tells"], happenings)
            labels[key] = (merged["type"], source["date"], source["evidence"]["text"][:90])
            for copy in exact_copies.get(key[0], []):  # an exact copy tells what its report tells
                twin = (copy, key[1])
                system_events[twin], extracted[twin], labels[twin] = merged["id"], extracted[key], labels[key]
                gold_events[twin] = gold_happening(extracted[key], reports[copy]["tells"], happenings)
    n_labelled = sum(v is not None for v in gold_events.values())
    for key, label in same_telling({k: e for k, e in extracted.items() if gold_events[k] is None},
                                   reports).items():
        gold_events[key] = label
    lead_system, lead_gold = {}, {}
    for name, report in reports.items():
        main = happenings[report["tells"][0]]
        lead_gold[name] = report["tells"][0]
        tellings = sorted((key[1], merged_id) for key, merged_id in system_events.items()
                          if key[0] == name and extracted[key]["type"] in main["types"])
        lead_system[name] = tellings[0][1] if tellings else None
    results = {
        "duplicates": score(system_dups, gold_dups),
        "stories": score(system_stories, gold_stories),
        "events": score(pairs(lead_system), pairs(lead_gold)),
        "  extracted": score(pairs(lead_system),
                             pairs({n: h for n, h in lead_gold.items() if lead_system[n] is not None})),
        "all events": score(pairs(system_events), pairs(gold_events)),
    }
    n_events = len(system_events)
    print(f"corpus: {len(reports)} reports ({sum(1 for r in reports.values() if r['copy_of'])} near copies), "
          f"{len(happenings)} gold happenings; pipeline+ingest {seconds:.1f}s")
    print(f"events: {n_events} extracted, {n_labelled} tellings of a gold happening, "
          f"{len(events)} ledger events; {sum(v is None for v in lead_system.values())} reports "
          f"without an extracted event of their main happening's type")
    print(f"{'':12}{'precision':>10}{'recall':>8}{'F1':>7}{'pairs sys/gold':>16}")
    for name, r in results.items():
        print(f"{name:12}{r['precision']:>10.3f}{r['recall']:>8.3f}{r['f1']:>7.3f}"
              f"{r['system_pairs']:>9}/{r['gold_pairs']}")
    if args.verbose:
        sys_pairs, gold_pairs = pairs(system_events), pairs(gold_events)
        for title, wrong in (("false merges", sys_pairs - gold_pairs), ("missed merges", gold_pairs - sys_pairs)):
            print(f"\n{title}: {len(wrong)}")
            for a, b in sorted(wrong)[:40]:
                print(f"  {gold_events[a]} {a[0][:38]} {labels[a]}\n  {gold_events[b]} {b[0][:38]} {labels[b]}\n")
        lead_pairs = pairs({n: h for n, h in lead_gold.items() if lead_system[n] is not None})
        print("missed lead merges:", sorted(lead_pairs - pairs(lead_system)))
        for title, wrong in (("false duplicates", system_dups - gold_dups), ("missed duplicates", gold_dups - system_dups),
                             ("false story links", system_stories - gold_stories),
                             ("missed story links", gold_stories - system_stories)):
            print(f"{title}: {len(wrong)} {sorted(wrong)[:10]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
