"""A fictional news crawl: HTML pages of our own invented reports, as files and as a WARC file
in the format of the news crawl (CC-NEWS: a ``warcinfo`` record, then a ``request`` and a
``response`` record per page, each record its own gzip member), written with warcio.

Used by ``bench/scale.py`` (300+ reports) and by the Ray engine's tests (a handful). The
reports are made from sentence patterns filled with invented outlets, people and figures, and
real town names (so that places resolve), drawn by a seeded random generator: the same
``count`` and ``seed`` give the same pages (record ids are made from the URLs). Reports are varied enough not to be near copies of
each other (each sentence slot has several patterns; names, numbers and dates vary).
The bundled samples (``src/newsledger/data/samples``, the team's own fictional reports) can
be added as pages too.
"""

from __future__ import annotations

import html
import io
import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

OUTLETS = ["Plateau Courier", "Harbour Ledger", "Savanna Times", "River Gazette", "Coastline Daily",
           "Highland Herald", "Delta Observer", "Lakeside Post", "Northern Wire", "Valley Chronicle"]
TOWNS = ["Kaya", "Dori", "Tete", "Beira", "Chimoio", "Nampula", "Lilongwe", "Blantyre", "Zomba",
         "Mzuzu", "Kisumu", "Eldoret", "Nakuru", "Mombasa", "Gulu", "Lira", "Mbarara", "Jinja",
         "Dodoma", "Arusha", "Mwanza", "Tabora", "Kigoma", "Ndola", "Kitwe", "Kabwe", "Livingstone",
         "Bulawayo", "Mutare", "Gweru", "Tamale", "Kumasi", "Bolgatanga", "Ouahigouya", "Koudougou"]
FIRST = ["Amina", "Joseph", "Grace", "Samuel", "Fatima", "Daniel", "Ruth", "Peter", "Esther", "Idrissa",
         "Mercy", "Tendai", "Chipo", "Kwame", "Akosua", "Salif", "Halima", "Moses", "Agnes", "Brian",
         "Lindiwe", "Thabo", "Naledi", "Otieno", "Wanjiru", "Baraka", "Zawadi", "Kofi", "Efua", "Ibrahim"]
LAST = ["Banda", "Phiri", "Mwale", "Otieno", "Kamau", "Ouedraogo", "Sawadogo", "Kabore", "Mensah",
        "Owusu", "Moyo", "Ncube", "Dube", "Okello", "Achieng", "Mutua", "Tembo", "Zulu", "Mbeki",
        "Chanda", "Mulenga", "Sithole", "Nkosi", "Adjei", "Boateng", "Traore", "Diallo", "Kone"]
ROLES = ["the district commissioner", "a police spokesman", "the regional governor", "a hospital director",
         "the mayor", "a union leader", "the head of the local Red Cross", "an army spokeswoman",
         "the county health officer", "a market traders' representative"]
ORGS = ["the Red Cross", "the World Food Programme", "the national electoral commission",
        "the ministry of health", "the farmers' union", "the teachers' union", "the national police",
        "the water board", "the roads authority", "the chamber of commerce"]

# (headline pattern, opening pattern, detail patterns): one kind of story each.
KINDS = {
    "fire": ("Fire destroys {n} stalls at {town} market",
             ["A fire destroyed {n} stalls at the central market in {town} on {day}, the fire service said.",
              "More than {n} market stalls burned down in {town} overnight on {day}, officials said.",
              "Traders in {town} counted their losses after a blaze swept through {n} stalls on {day}."],
             ["Nobody was killed, said {person}, {role}, but {k} traders were treated for burns.",
              "The cause of the fire was not known, {person} told reporters at the scene.",
              "Traders said they had lost stock worth about {money} shillings.",
              "Firefighters took {k} hours to bring the flames under control, {person} said.",
              "{org} said it would help the traders rebuild before the rains."]),
    "protest": ("Hundreds march in {town} over {issue}",
                ["About {n} people marched through {town} on {day} to protest against {issue}.",
                 "Police in {town} fired tear gas on {day} to break up a protest over {issue} by some {n} people.",
                 "Several hundred residents of {town} took to the streets on {day}, angry at {issue}."],
                ["\"We cannot go on like this,\" said {person}, who led the march.",
                 "{person}, {role}, said {k} people were arrested and later released.",
                 "The protesters handed a petition to the district office, {person} said.",
                 "Shops in the town centre stayed shut for {k} hours, witnesses said.",
                 "{org} called for calm and said talks would start next week."]),
    "flood": ("Floods leave {n} families homeless near {town}",
              ["Heavy rain flooded villages near {town} on {day}, leaving about {n} families homeless, officials said.",
               "Rivers burst their banks around {town} on {day}, displacing an estimated {n} households.",
               "At least {k} people died when floods swept through villages outside {town} on {day}, {role} said."],
              ["{person}, {role}, said {k} schools had been turned into shelters.",
               "{org} flew in tents and food for {n} families, its spokesman {person} said.",
               "The main road to {town2} was cut for {k} days, the roads authority said.",
               "Farmers lost crops on about {money} hectares, according to {org}.",
               "\"The water came at night and took everything,\" said {person}, a farmer."]),
    "attack": ("Gunmen kill {k} in attack on village near {town}",
               ["Gunmen killed {k} people in an attack on a village near {town} on {day}, {role} said.",
                "Armed men attacked a convoy on the road between {town} and {town2} on {day}, killing {k} people.",
                "At least {k} civilians were killed when attackers raided a village outside {town} on {day}."],
               ["{person}, {role}, said the attackers arrived on motorbikes and burned {n} houses.",
                "A hospital in {town2} received {k} wounded, its director {person} said.",
                "No group said it carried out the attack, {person} told reporters.",
                "Soldiers were sent to the area on {day2}, {org} said in a statement.",
                "Residents fled to {town2}, about {k} kilometres away, witnesses said."]),
    "election": ("{town} votes for a new council as turnout reaches {pct} percent",
                 ["Voters in {town} chose a new town council on {day}, with turnout at {pct} percent, {org} said.",
                  "Turnout in the {town} council election on {day} was {pct} percent, officials said.",
                  "Polling stations in {town} stayed open late on {day} as {n} voters queued to choose a council."],
                 ["{person}, {role}, said counting would finish by {day2}.",
                  "Observers from {org} reported {k} minor incidents at polling stations.",
                  "\"People want clean water and better roads,\" said {person}, a candidate.",
                  "The opposition said {k} of its agents were turned away, a claim {org} denied.",
                  "Results from {n} polling stations had been posted by evening, {person} said."]),
    "agreement": ("{org_cap} and unions agree on {issue} in {town}",
                  ["{org_cap} signed an agreement with local leaders in {town} on {day} to end a dispute over {issue}.",
                   "Talks in {town} ended on {day} with a deal on {issue}, both sides said.",
                   "After {k} days of talks in {town}, negotiators agreed on {day} to settle a row over {issue}."],
                  ["{person}, {role}, said the deal would cost about {money} shillings over two years.",
                   "The agreement covers {n} workers in {town} and {town2}, {person} said.",
                   "\"This is a fair deal,\" {person} told reporters after the signing.",
                   "A committee will meet every {k} weeks to check the deal is kept, {org} said.",
                   "Critics said the agreement left out {n} casual workers."]),
    "health": ("Cholera cases rise to {n} in {town}",
               ["Health officials in {town} said on {day} that cholera cases had risen to {n}, with {k} deaths.",
                "A cholera outbreak in {town} has infected {n} people since {day}, {role} said.",
                "Clinics in {town} treated {n} people for cholera by {day}, {org} said."],
               ["{person}, {role}, said {k} treatment centres had been opened.",
                "{org} sent {money} doses of oral vaccine, its spokeswoman {person} said.",
                "Residents were told to boil water, {person} said on local radio.",
                "The outbreak spread to {town2} on {day2}, officials said.",
                "\"We are short of nurses,\" said {person}, a doctor at the district hospital."]),
}
ISSUES = ["fuel prices", "unpaid wages", "power cuts", "land evictions", "school fees", "water shortages",
          "road tolls", "market taxes", "police conduct", "bus fares"]


@dataclass(frozen=True)
class Page:
    url: str
    published: str  # YYYY-MM-DD
    title: str
    html: bytes


def _fill(pattern: str, rng: random.Random, when: date) -> str:
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    towns = rng.sample(TOWNS, 2)
    org = rng.choice(ORGS)
    text = pattern.format(
        n=rng.randint(12, 4000), k=rng.randint(2, 40), pct=rng.randint(31, 88),
        money=f"{rng.randint(2, 900):,},{rng.randint(0, 999):03d}", person=person,
        role=rng.choice(ROLES), org=org, org_cap=org[0].upper() + org[1:], town=towns[0], town2=towns[1],
        issue=rng.choice(ISSUES), day=when.strftime("%A"), day2=(when + timedelta(days=1)).strftime("%A"))
    return text[0].upper() + text[1:]


def _report(index: int, rng: random.Random, rounds: int = 1) -> tuple[str, str, str, list[str]]:
    """(outlet, date, title, paragraphs) of fictional report ``index``: its story, then
    ``rounds`` shorter items of other news from the region (1: about 180 words in all; 4: about
    420, the length of an ordinary news report)."""
    kind = rng.choice(sorted(KINDS))
    headline, openings, details = KINDS[kind]
    when = date(2025, 1, 1) + timedelta(days=rng.randint(0, 300))
    outlet = rng.choice(OUTLETS)
    title = _fill(headline, rng, when)
    paras = [_fill(rng.choice(openings), rng, when)]
    for pattern in rng.sample(details, len(details)):  # every detail, in a fresh order
        paras.append(_fill(pattern, rng, when))
    # a second round from another kind of story: reports mix their subjects, as real ones do
    for round in range(rounds):
        other = KINDS[rng.choice(sorted(KINDS))]
        opening = _fill(rng.choice(other[1]), rng, when)
        lead = "In other news from the region" if round == 0 else rng.choice(
            ["Elsewhere in the region", "Separately", "Also on " + when.strftime("%A"), "Meanwhile"])
        paras.append(f"{lead}, {opening[0].lower()}{opening[1:]}")
        paras.extend(_fill(p, rng, when) for p in rng.sample(other[2], 3 if round == 0 else 5))
    paras.append(f"Report number {index} by {rng.choice(FIRST)} {rng.choice(LAST)} for the {outlet}.")
    return outlet, when.isoformat(), title, paras


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="article:published_time" content="{date}T08:00:00Z"><meta property="og:site_name" content="{outlet}">
</head><body><header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">By {author} | {date}</p>
{paras}</article></main><aside><h2>Most read</h2><ul><li><a href="/a">Prices rise again</a></li>
<li><a href="/b">Cup final tickets on sale</a></li></ul></aside>
<footer>Copyright 2025 {outlet}. All rights reserved.</footer></body></html>"""


def fictional_pages(count: int, seed: int = 17, rounds: int = 1) -> list[Page]:
    """``count`` fictional report pages (HTML); ``rounds``: their length (see :func:`_report`)."""
    rng = random.Random(seed)
    pages = []
    for index in range(count):
        outlet, day, title, paras = _report(index, rng, rounds)
        slug = outlet.lower().replace(" ", "-")
        body = PAGE.format(title=html.escape(title), outlet=outlet, date=day,
                           author=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                           paras="\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paras))
        pages.append(Page(f"https://{slug}.example/news/{day}/report-{index}.html", day, title, body.encode()))
    return pages


def sample_pages(samples: Path) -> list[Page]:
    """The bundled samples as pages: HTML ones as they are, text ones wrapped in a page."""
    pages = []
    for path in sorted(samples.iterdir()):
        if not path.is_file() or path.suffix not in (".txt", ".html"):
            continue
        data = path.read_bytes()
        day = path.name[:10]
        if path.suffix == ".txt":
            lines = [line.strip() for line in data.decode("utf-8").splitlines() if line.strip()]
            title, paras = lines[0], lines[1:]
            data = PAGE.format(title=html.escape(title), outlet="Sample Desk", date=day, author="Sample Desk",
                               paras="\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paras)).encode()
        else:
            title = path.stem
        pages.append(Page(f"https://samples.example/{path.stem}.html", day, title, data))
    return pages


def write_files(pages: list[Page], folder: Path) -> list[Path]:
    """Each page as ``folder/NNNN.html``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for index, page in enumerate(pages):
        path = folder / f"{index:04d}.html"
        path.write_bytes(page.html)
        out.append(path)
    return out


def write_warc(pages: list[Page], path: Path, *, extra: list[tuple[str, int, bytes]] = ()) -> None:
    """The pages as a news-crawl WARC file (``.warc.gz``: one gzip member per record): warcinfo,
    then request + response per page. ``extra``: (url, HTTP status, body) responses added at
    the end (a 404 page, a redirect...), which are not pages."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.0")
        writer.write_record(writer.create_warcinfo_record(path.name, {
            "software": "newsledger bench/crawl.py (fictional pages)", "format": "WARC File Format 1.0",
            "description": "a fictional news crawl for tests and benchmarks"}))
        responses = [(p.url, 200, p.html, p.published) for p in pages]
        responses += [(url, status, body, "2025-06-01") for url, status, body in extra]
        for url, status, body, day in responses:
            stamp = f"{day}T12:00:00Z"
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(
                f"GET {url} HTTP/1.1\r\nUser-Agent: fictional-crawler\r\n\r\n".encode()),
                warc_headers_dict={"WARC-Date": stamp, "WARC-Record-ID": _record_id("request", url)})
            reason = {200: "OK", 404: "Not Found", 301: "Moved Permanently"}.get(status, "Status")
            http = StatusAndHeaders(f"{status} {reason}", [("Content-Type", "text/html; charset=utf-8"),
                                                            ("Content-Length", str(len(body)))],
                                    protocol="HTTP/1.1")
            response = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                 http_headers=http, warc_headers_dict={
                                                     "WARC-Date": stamp, "WARC-Record-ID": _record_id("response", url)})
            writer.write_record(request)
            writer.write_record(response)


def _record_id(kind: str, url: str) -> str:
    """A record id made from the URL (the same crawl, the same bytes)."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + ' ' + url)}>"
