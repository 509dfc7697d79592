"""Actors on the independent events corpus (bench/corpus/): kind, country, cross-report linking.

Every report goes through the real pipeline (as bench/events_e2e.py runs it) and the half's
records are ingested into a fresh SQLite ledger, whose actor registry gives each event actor and
target its actor id. Gold events are paired with predicted events as events_e2e pairs them for its
field scores ("aligned": the predicted evidence overlaps the gold evidence sentence and the type is
one the gold allows; one-to-one, maximum matching). On each aligned pair, each gold actor (actor
and target) whose predicted counterpart names the same actor (events_e2e's ``actor_ok``: a shared
content word with the gold name or a form the report uses) is a *compared* actor:

- **kind / country accuracy**: the share of compared actors whose predicted ``kind`` / ``country``
  equals the gold one (null country equal to null);
- **linking**: pairs of compared actors from different reports; gold: the two have the same gold
  name and country; system: the ledger gives them one actor id. Pairwise P/R/F1 (so "the army" of
  two countries put together, or two people with one surname, cost precision; "the RSF" and "the
  paramilitaries" kept apart cost recall);
- **not entities**: the share of all predicted event actors that are a day name, a weapon or a
  figure (must be 0), as checked by words of this bench, not by the step's own lexicon.
- **the resolver alone**: every gold actor and target (not only those of aligned events), its
  first written form resolved in its report's context (the report's entities and places, the gold
  event's type): kind and country accuracy. This isolates the actor table and the step's rules
  from the event extraction.

On the dev half it also prints the learned part (the name classifier of analysis/_actor_kinds.py)
cross-validated by writer: its constants chosen on two writers, the resolver-alone kind accuracy
measured on the third, beside the rules alone; and its accuracy on names it has not seen
(leave-one-out over the actor table). The learned second look at event actors' kinds
(analysis/_actor_mentions.py) is cross-validated by writer by its own training script,
scripts/train_actor_mentions.py. On either half it prints the resolver alone on the
helper-written fictional reports of other regions (bench/actors_regions.json: the Great Lakes,
Kenya, Yemen, Syria, Lebanon, Iraq, Myanmar, Bangladesh, Pakistan, the Philippines), whose gold
follows the corpus's coding (a person who acts is the body they act for).

    .venv/bin/python bench/actors.py --half dev [--verbose]
    .venv/bin/python bench/actors.py --half heldout      # appends a line to bench/corpus/heldout_runs.log

It also prints each writer's scores alone (the pooled linking F1 is dominated by the actor one
writer names most: its pairs grow with the square of its mentions) and their mean.

--verbose lists the wrong kinds and countries; it is refused on the held-out half.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _corpus  # noqa: E402
from events_e2e import CORPUS, HALVES, PlaceCheck, _commit, actor_ok, load_half, prf, score_report  # noqa: E402

from newsledger.record import Record  # noqa: E402

# The bench's own idea of what is not an actor (independent of the actors step's lexicon).
_DAYS = set("monday tuesday wednesday thursday friday saturday sunday january february march april may june "
            "july august september october november december today yesterday tonight weekend".split())
_WEAPONS = set("drone drones missile missiles rocket rockets shell shells bomb bombs mortar mortars artillery "
               "airstrike airstrikes strike strikes explosion explosions blast blasts ied mine mines grenade "
               "grenades gunfire bullet bullets rifle rifles tank tanks jet jets aircraft helicopter helicopters "
               "weapon weapons munition munitions".split())
_FIGURE = re.compile(r"^(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|"
                     r"thousands?|millions?|percent|per cent|%)$", re.I)


def not_an_entity(name: str) -> bool:
    words = [w.strip(".,;:'’\"()") for w in name.lower().replace("’s", "").replace("'s", "").split()]
    words = [w for w in words if w and w not in ("the", "a", "an")]
    if not words:
        return True
    head = words[-1]
    return head in _DAYS or head in _WEAPONS or bool(_FIGURE.match(head))


def linking_pairs(compared: list[dict]) -> tuple[set, set]:
    """(system pairs, gold pairs) of compared actors from different reports: gold, the same gold
    name and country; system, one ledger actor id."""
    sys_pairs, gold_pairs = set(), set()
    for (i, a), (j, b) in combinations(enumerate(compared), 2):
        if a["report"] == b["report"]:
            continue
        if (a["gold"]["name"], a["gold"].get("country")) == (b["gold"]["name"], b["gold"].get("country")):
            gold_pairs.add((i, j))
        if a["id"] is not None and a["id"] == b["id"]:
            sys_pairs.add((i, j))
    return sys_pairs, gold_pairs


def by_writer(compared: list[dict], writers: dict[str, str]) -> list[tuple[str, int, float, float, float, int]]:
    """Each writer's compared actors scored alone: (writer, n, kind, country, linking F1, gold
    pairs). A writer's reports are of one region, so linking pairs hardly ever cross writers; the
    pooled linking F1 is dominated by whichever actor one writer names most (its pairs grow with
    the square of its mentions), each writer's own says how linking does on another hand's actors."""
    out = []
    for w in sorted(set(writers.values())):
        sub = [c for c in compared if writers[c["report"]] == w]
        n = len(sub)
        kind = sum(c["pred"].get("kind") == c["gold"].get("kind") for c in sub) / max(1, n)
        country = sum((c["pred"].get("country") or None) == (c["gold"].get("country") or None) for c in sub) / max(1, n)
        sp, gp = linking_pairs(sub)
        out.append((w, n, kind, country, prf(sp, gp)[2], len(gp)))
    return out


def actor_ids(records: dict[str, Record]) -> dict[tuple[str, int, str], int]:
    """(input, event position, "actor"/"target") -> the ledger's actor id."""
    from newsledger.ledger import Ledger
    out = {}
    with tempfile.TemporaryDirectory() as tmp, Ledger(Path(tmp) / "actors.db") as ledger:
        for record in records.values():
            ledger.ingest(record)
        for row in ledger.actor_mentions():
            if row["role"] in ("actor", "target"):
                out[(row["input"], row["position"], row["role"])] = row["actor_id"]
    return out




def resolve_written(golds: dict, records: dict) -> list[tuple[str, dict, str, object]]:
    """(writer, gold actor, its first written form, what the resolver gives it in its report)."""
    from newsledger.analysis.actors import resolve_words, resolver
    out = []
    for path, gold in golds.items():
        record = records.get(path)
        if record is None:
            continue
        r = resolver(record)
        for g in gold["events"]:
            for role in ("actor", "target"):
                ga = g.get(role)
                if not ga or not ga.get("name"):
                    continue
                forms = ga.get("as_written") or [ga["name"]]
                forms = [forms] if isinstance(forms, str) else forms
                got = resolve_words(r, forms[0], event_type=g["type"], is_actor=role == "actor")
                out.append((gold["_writer"], ga, forms[0], got))
    return out


def cross_validate(golds: dict, records: dict) -> None:
    """The learned part (the name classifier of analysis/_actor_kinds.py) on the dev half, honestly:
    its constants chosen on two writers, kind accuracy (the resolver alone) measured on the third;
    and its accuracy on names it has not seen, leave-one-out over the actor table."""
    from newsledger.analysis import _actor_kinds, _actor_table
    table = _actor_table.shipped()
    shipped = (_actor_kinds.ALPHA, _actor_kinds.MIN_PROB, _actor_kinds.OVERRIDE_PROB)
    grid = [(a, p, o) for a in (0.1, 0.3, 1.0) for p in (0.4, 0.5, 0.7) for o in (0.8, 0.9)]
    off = (shipped[0], 1.01, 1.01)  # the classifier never used: the rules alone

    def scores(setting) -> dict[str, tuple[int, int]]:
        _actor_kinds.ALPHA, _actor_kinds.MIN_PROB, _actor_kinds.OVERRIDE_PROB = setting
        table.__dict__.pop("_name_kinds", None)
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for writer, ga, _, got in resolve_written(golds, records):
            out[writer][0] += got.kind == ga.get("kind")
            out[writer][1] += 1
        return out

    # ties on the dev writers (the classifier changes few dev actors) are broken by the names of the
    # table it gets right, leave-one-out (a wrong kind and no kind cost the same)
    loo_right = {(a, p): _actor_kinds.leave_one_out(table, _actor_table.norm, a, p)["right"]
                 for a, p, _ in grid}
    try:
        by_setting = {setting: scores(setting) for setting in [*grid, off]}
        writers = sorted({w for sc in by_setting.values() for w in sc})
        folds, base = [], []
        for w in writers:
            def train(setting):
                sc = by_setting[setting]
                return sum(sc[x][0] for x in writers if x != w) / max(1, sum(sc[x][1] for x in writers if x != w))
            best = max(grid, key=lambda g: (train(g), loo_right[g[:2]], g[2]))
            right, n = by_setting[best][w]
            folds.append((w, best, right / max(1, n), n))
            base.append(by_setting[off][w][0] / max(1, by_setting[off][w][1]))
    finally:
        _actor_kinds.ALPHA, _actor_kinds.MIN_PROB, _actor_kinds.OVERRIDE_PROB = shipped
        table.__dict__.pop("_name_kinds", None)
    print("name classifier, cross-validated by writer (constants chosen on the other two writers; kind of "
          "the resolver alone on the held-out writer):")
    for (w, best, acc, n), b in zip(folds, base):
        print(f"  {w}: kind {acc:.3f} (n={n}; alpha {best[0]}, min prob {best[1]}, override {best[2]}); "
              f"rules alone {b:.3f}")
    print(f"  mean kind {sum(f[2] for f in folds) / len(folds):.3f}; rules alone {sum(base) / len(base):.3f}; "
          f"shipped constants: alpha {shipped[0]}, min prob {shipped[1]}, override {shipped[2]}")
    loo = _actor_kinds.leave_one_out(table, _actor_table.norm)
    print(f"  unseen names (leave-one-out over the table's {loo['names']} curated bodies): accuracy "
          f"{loo['accuracy_given']:.3f} where it gives a kind ({loo['coverage']:.0%} of names)")


def regions(verbose: bool = False) -> dict:
    """The resolver alone on the helper-written fictional reports of other regions
    (bench/actors_regions.json): kind and country accuracy, and pairwise linking F1 by key across
    reports (gold: one gold name; system: one non-null key)."""
    from newsledger.analysis.actors import resolve_words, resolver
    rows = []
    for rep, record in _corpus.regions_records():
        r = resolver(record)
        for form, etype, role, kind, country, name in rep["actors"]:
            got = resolve_words(r, form, event_type=etype, is_actor=role == "actor")
            rows.append((rep["id"], form, kind, country, name, got))
    kind_ok = sum(got.kind == kind for _, _, kind, _, _, got in rows)
    country_ok = sum((got.country or None) == country for _, _, _, country, _, got in rows)
    sys_pairs, gold_pairs = set(), set()
    for (i, a), (j, b) in combinations(enumerate(rows), 2):
        if a[0] == b[0]:
            continue
        if a[4] and a[4] == b[4]:
            gold_pairs.add((i, j))
        if a[5].key and a[5].key == b[5].key:
            sys_pairs.add((i, j))
    _, _, lf = prf(sys_pairs, gold_pairs)
    if verbose:
        for rid, form, kind, country, name, got in rows:
            if got.kind != kind or (got.country or None) != country:
                print(f"  regions wrong: {rid} {form!r}: gold {kind} {country} | {got.canonical!r} {got.kind} {got.country}")
        gold_keys = defaultdict(set)
        for rid, form, kind, country, name, got in rows:
            if name:
                gold_keys[name].add(got.key)
        for name, keys in gold_keys.items():
            if len(keys) > 1:
                print(f"  regions split: {name}: {sorted(map(str, keys))}")
    return {"n": len(rows), "kind": kind_ok / max(1, len(rows)), "country": country_ok / max(1, len(rows)),
            "linking_f1": lf, "pairs": (len(sys_pairs), len(gold_pairs))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", choices=sorted(HALVES), default="dev")
    ap.add_argument("--verbose", action="store_true", help="list the wrong kinds and countries (dev only)")
    args = ap.parse_args()
    reports = _corpus.open_half(args.half, args.verbose, load_half)
    golds = {r["_path"]: r for r in reports}
    started = time.perf_counter()
    records: dict[str, Record] = _corpus.records(golds)
    seconds = time.perf_counter() - started
    ids = actor_ids(records)
    places = PlaceCheck()

    compared: list[dict] = []
    gold_actors = 0
    for path, gold in golds.items():
        record = records.get(path)
        gold_actors += sum(1 for g in gold["events"] for role in ("actor", "target") if g.get(role))
        if record is None:
            continue
        s = score_report(gold, record, places)
        for gi, pi in s["aligned"].items():
            g, p = gold["events"][gi], s["preds"][pi]
            for role in ("actor", "target"):
                ga, pa = g.get(role), p.get(role)
                if not ga or not pa or not ga.get("name") or not actor_ok(ga, pa, s["aliases"]):
                    continue
                compared.append({"report": path, "role": role, "gold": ga, "pred": pa,
                                 "id": ids.get((path, pi, role))})

    # the resolver alone: every gold actor's first written form, resolved in its report's context
    written = [(ga, form, got) for _, ga, form, got in resolve_written(golds, records)]
    w_kind = sum(got.kind == ga.get("kind") for ga, _, got in written)
    w_country = sum((got.country or None) == (ga.get("country") or None) for ga, _, got in written)

    kind_ok = sum(c["pred"].get("kind") == c["gold"].get("kind") for c in compared)
    country_ok = sum((c["pred"].get("country") or None) == (c["gold"].get("country") or None) for c in compared)
    n = len(compared)

    sys_pairs, gold_pairs = linking_pairs(compared)
    lp, lr, lf = prf(sys_pairs, gold_pairs)

    all_actors = [e.actor.name for r in records.values() for e in r.events if e.actor is not None]
    bad = [name for name in all_actors if not_an_entity(name)]
    unresolved = sum(1 for r in records.values() for e in r.events if e.actor is not None and e.actor.kind is None)

    print(f"actors: {args.half} half ({', '.join(HALVES[args.half])}), {len(golds)} reports, {len(records)} extracted "
          f"in {seconds:.1f}s; commit {_commit()}")
    print(f"gold actors and targets: {gold_actors}; compared (aligned event, same actor named): {n}")
    if n:
        print(f"kind accuracy {kind_ok / n:.3f} ({kind_ok}/{n})   country accuracy {country_ok / n:.3f} ({country_ok}/{n})")
    if written:
        print(f"the resolver alone, on the first written form of all {len(written)} gold actors and targets: "
              f"kind {w_kind / len(written):.3f}  country {w_country / len(written):.3f}")
    print(f"linking across reports: pairwise P {lp:.3f}  R {lr:.3f}  F1 {lf:.3f}  "
          f"({len(sys_pairs)} system pairs, {len(gold_pairs)} gold pairs)")
    print(f"event actors that are not entities (day names, weapons, figures): {len(bad)}/{len(all_actors)} "
          f"= {len(bad) / max(1, len(all_actors)):.3f}; event actors with no kind: {unresolved}")
    writers = by_writer(compared, {path: gold["_writer"] for path, gold in golds.items()})
    for w, wn, wk, wc, wf, wg in writers:
        print(f"  {w}: kind {wk:.3f}  country {wc:.3f}  linking F1 {wf:.3f}  (compared {wn}, {wg} gold pairs)")
    macro = [w for w in writers if w[5]]
    if macro:
        print(f"  mean over writers: kind {sum(w[2] for w in writers) / len(writers):.3f}  country "
              f"{sum(w[3] for w in writers) / len(writers):.3f}  linking F1 {sum(w[4] for w in macro) / len(macro):.3f}")
    if args.verbose:
        wrong = Counter()
        for c in compared:
            g, p = c["gold"], c["pred"]
            if p.get("kind") != g.get("kind") or (p.get("country") or None) != (g.get("country") or None):
                wrong[(g["name"], g.get("kind"), g.get("country"), p.get("name"), p.get("canonical"), p.get("kind"),
                       p.get("country"))] += 1
        print(f"\nwrong kind or country ({sum(wrong.values())}):")
        for (gname, gk, gc, pname, pcan, pk, pc), count in wrong.most_common():
            print(f"  {count:>3}  gold {gname!r} {gk} {gc}  | pred {pname!r} -> {pcan!r} {pk} {pc}")
        split = defaultdict(set)
        for c in compared:
            split[(c["gold"]["name"], c["gold"].get("country"))].add(c["id"])
        print("\ngold actors split over several ids:")
        for key, found in sorted(split.items(), key=lambda x: -len(x[1])):
            if len(found) > 1:
                print(f"  {key}: {len(found)} ids")
        merged = defaultdict(set)
        for c in compared:
            merged[c["id"]].add((c["gold"]["name"], c["gold"].get("country")))
        print("\nids joining several gold actors:")
        for key, found in merged.items():
            if key is not None and len(found) > 1:
                print(f"  id {key}: {sorted(found)}")
        if bad:
            print("\nnot entities:", Counter(bad).most_common(20))
        wrong_written = Counter((ga["name"], ga.get("kind"), ga.get("country"), form, got.canonical, got.kind, got.country)
                                for ga, form, got in written
                                if got.kind != ga.get("kind") or (got.country or None) != (ga.get("country") or None))
        print(f"\nthe resolver alone, wrong ({sum(wrong_written.values())}):")
        for (gname, gk, gc, form, can, k, c), count in wrong_written.most_common():
            print(f"  {count:>3}  gold {gname!r} {gk} {gc}  | {form!r} -> {can!r} {k} {c}")
    if args.half == "dev":
        cross_validate(golds, records)
    reg = regions(args.verbose)
    print(f"helper-written reports of other regions (bench/actors_regions.json), the resolver alone on "
          f"{reg['n']} mentions: kind {reg['kind']:.3f}  country {reg['country']:.3f}  "
          f"linking F1 {reg['linking_f1']:.3f} ({reg['pairs'][0]} system, {reg['pairs'][1]} gold pairs)")
    if args.half in _corpus.UNSEEN:
        with (CORPUS / "heldout_runs.log").open("a", encoding="utf-8") as log:
            log.write(f"{dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')} commit {_commit()} "
                      f"{'' if args.half == 'heldout' else args.half + ' half '}"
                      f"actors kind {kind_ok / max(1, n):.3f} country {country_ok / max(1, n):.3f} "
                      f"linking F1 {lf:.3f} (writers' mean {sum(w[4] for w in macro) / max(1, len(macro)):.3f}) not-entities {len(bad)}/{len(all_actors)} (compared {n})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
