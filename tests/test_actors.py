"""Actors: the actor table, the actors step, the ledger's actor registry, where users see it.

Reports here are fictional and written for these tests; the seed is read from ../shared when present.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from newsledger.analysis import _actor_table, actors
from newsledger.analysis._actor_table import ActorTableError
from newsledger.record import Article, Entity, Event, Evidence, Place, PlaceRef, Quote, Record, Ref, Span, Speaker
from newsledger.settings import Settings


# -- hand-built records --------------------------------------------------------------------

def _record(body: str, events: list[tuple[str, str | None, str | None, str | None]], *, entities=(),
            quotes=(), country: str | None = "SD", input: str = "r.txt", published: str = "2025-06-15") -> Record:
    """A record over ``body``: events as (type, actor, target, place); entities as (name, type,
    roles, affiliation); quotes as (text, speaker name, entity name or None, mention)."""
    ents = []
    for i, (name, etype, roles, affiliation) in enumerate(entities, 1):
        at = body.find(name.split()[-1])
        ents.append(Entity(id=f"e{i}", name=name, type=etype, roles=list(roles), affiliation=affiliation,
                           mentions=[Span(start=max(at, 0), end=max(at, 0) + len(name), text=name)]))
    by_name = {e.name: e.id for e in ents}
    evs = []
    for etype, actor, target, place in events:
        sentence = next((s for s in body.split(". ") if actor and actor in s), body.split(". ")[0])
        at = body.find(sentence)
        evs.append(Event(type=etype, actor=Ref(name=actor, entity_id=by_name.get(actor)) if actor else None,
                         target=Ref(name=target, entity_id=by_name.get(target)) if target else None,
                         place=PlaceRef(name=place, country=country) if place else None,
                         evidence=Evidence(text=sentence, start=at, end=at + len(sentence))))
    qs = []
    for text, name, entity, mention in quotes:
        at = body.find(text)
        m_at = body.find(mention)
        qs.append(Quote(text=text, start=at, end=at + len(text), kind="direct", cue="said",
                        speaker=Speaker(name=name, entity_id=by_name.get(entity) if entity else None,
                                        mention=mention, start=m_at, end=m_at + len(mention))))
    places = [Place(name="Kadugli", country=country, mentions=[Span(start=0, end=7, text="Kadugli")])] if country else []
    return Record(input=input, article=Article(title=input, body=body, published=published),
                  entities=ents, events=evs, quotes=qs, places=places)


def _resolved(record: Record, table=None) -> Record:
    actors.resolve(record, table)
    return record


# -- the table -----------------------------------------------------------------------------

def test_shipped_table_covers_every_country_and_the_named_groups():
    table = _actor_table.shipped()
    assert len(table.country_names) >= 240
    for iso3 in ("SDN", "ISR", "NGA", "COL", "KEN", "FRA", "PSE", "BFA"):
        for kind in ("government", "state forces", "police"):
            assert table.national(iso3, kind) is not None, (iso3, kind)
    assert table.national("SDN", "state forces").name == "Sudanese Armed Forces"
    for alias, wanted in (("RSF", "rsf"), ("al-Shabab", "al_shabaab"), ("Ansar Allah", "houthis"),
                          ("IDF", "ISR.military"), ("Doctors Without Borders", "msf"), ("U.N.", "un"),
                          ("World Food Program", "wfp"), ("JNIM", "jnim"), ("M23", "m23")):
        assert table.index[_actor_table.norm(alias)][0] == wanted, alias
    assert {a.kind for a in table.actors.values()} <= set(_actor_table.KINDS)
    assert table.countries["sudanese"] == "SDN" and table.countries["israelis"] == "ISR"


def test_user_table_adds_actors_in_csv_and_json(tmp_path: Path):
    path = tmp_path / "mine.csv"
    path.write_text("id,name,kind,country,aliases\n"
                    "tlm,Tete Liberation Movement,rebel group,MOZ,TLM|Tete rebels\n", encoding="utf-8")
    table = _actor_table.load(path)
    assert table.actors["tlm"].country == "MOZ" and table.index["tlm"] == ["tlm"]
    assert "tlm" not in _actor_table.shipped().actors  # the shipped table is left as it was
    path2 = tmp_path / "mine.json"
    path2.write_text(json.dumps([{"id": "bf", "name": "Bread First", "kind": "NGO", "aliases": ["BF"]}]), encoding="utf-8")
    assert _actor_table.load(path2).actors["bf"].aliases == ("BF",)


@pytest.mark.parametrize("text, line, reason", [
    ("id,name,kind\nx,X Brigade,warlords\n", 2, "kind 'warlords' is not one of"),
    ("id,name,kind,country\nx,X Brigade,rebel group,Sudan\n", 2, "not an ISO 3166-1 alpha-3 code"),
    ("id,name,kind\nx,X Brigade,rebel group\n\ny,Y,NGO,extra\n", 4, "4 fields where the header has 3"),
    ("name,kind\nX,NGO\n", 1, "lacks the column(s) id"),
    ("id,name,kind\nx,X,NGO\nx,Y,NGO\n", 3, "already used on line 2"),
])
def test_malformed_user_table_names_file_line_and_reason(tmp_path: Path, text: str, line: int, reason: str):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ActorTableError) as caught:
        _actor_table.load(path)
    assert caught.value.file == str(path) and caught.value.line == line and reason in caught.value.reason
    assert str(path) in str(caught.value) and f"line {line}" in str(caught.value)
    # the step itself falls back to the shipped table
    assert actors.table_for(Settings(actor_table=str(path))) is _actor_table.shipped()


def test_malformed_json_table_and_missing_file(tmp_path: Path):
    path = tmp_path / "bad.json"
    path.write_text('[\n {"id": "a", "name": "A", "kind": "NGO"},\n {"id": "b", "name": "B", "kind": "gang"}\n]', encoding="utf-8")
    with pytest.raises(ActorTableError) as caught:
        _actor_table.load(path)
    assert caught.value.line == 3 and "kind 'gang'" in caught.value.reason
    with pytest.raises(ActorTableError, match="no such file"):
        _actor_table.load(tmp_path / "missing.csv")


# -- the actors step -----------------------------------------------------------------------

def test_names_descriptions_and_cues_resolve_to_one_actor():
    body = ("The paramilitary RSF shelled Kadugli on Saturday. Sudan's army said the paramilitaries "
            "had fired from the east. Riot police dispersed protesters in Kadugli. A rights group, "
            "the Kordofan Watch, condemned the shelling.")
    record = _resolved(_record(body, [
        ("ASSAULT", "RSF", "Kadugli", "Kadugli"),
        ("ACCUSE", "Sudan's army", "paramilitaries", "Kadugli"),
        ("COERCE", "Riot police", "protesters", "Kadugli"),
        ("ACCUSE", "Kordofan Watch", None, None),
    ], entities=[("RSF", "ORG", (), None), ("Kordofan Watch", "ORG", ("rights group",), None),
                 ("Kadugli", "GPE", (), None)]))
    e = record.events
    assert (e[0].actor.canonical, e[0].actor.kind, e[0].actor.country) == ("Rapid Support Forces", "rebel group", "SDN")
    assert e[1].target.key == e[0].actor.key == "t:rsf"  # "the paramilitaries" of a report that names the RSF
    assert (e[1].actor.canonical, e[1].actor.kind, e[1].actor.key) == ("Sudanese Armed Forces", "state forces", "t:SDN.military")
    assert (e[2].actor.kind, e[2].actor.country) == ("police", "SDN")
    assert e[2].target.kind == "protesters" and e[2].target.canonical == "Protesters (Sudan)"
    assert (e[3].actor.kind, e[3].actor.country) == ("NGO", "SDN")
    # a town shelled: the civilians there, as ACLED codes an attack on a place (one actor per place)
    assert (e[0].target.name, e[0].target.kind, e[0].target.key) == ("Kadugli", "civilians", "g:civilians|SDN|kadugli")
    assert e[0].actor.name == "RSF"  # the record's own words stay as they were


def test_the_army_of_two_countries_and_two_people_with_one_surname_stay_apart():
    body = "Chadian troops crossed the border. Nigerien soldiers withdrew. Amina Musa and Ibrahim Musa spoke."
    record = _resolved(_record(body, [("MOBILIZE", "Chadian troops", None, None),
                                       ("RETREAT", "Nigerien soldiers", None, None),
                                       ("CONSULT", "Amina Musa", "Ibrahim Musa", None)],
                               entities=[("Amina Musa", "PERSON", (), None), ("Ibrahim Musa", "PERSON", (), None)]))
    a, b, c = record.events
    assert a.actor.key == "t:TCD.military" and b.actor.key == "t:NER.military"
    # people who act are coded as the body they act for; of no known body, civilians, each their own actor
    assert c.actor.key != c.target.key and c.actor.kind == c.target.kind == "civilians"


def test_a_worldwide_group_is_its_province_where_the_table_has_one():
    body = "Fighters loyal to the Islamic State group raided Nanga on Monday. Then Al-Shabaab burned a school."
    moz = _resolved(_record(body, [("ASSAULT", "Fighters", None, "Nanga"), ("ASSAULT", "Al-Shabaab", None, "Nanga")],
                            country="MZ"))
    assert [e.actor.key for e in moz.events] == ["t:ismp", "t:ismp"]
    irq = _resolved(_record(body, [("ASSAULT", "Fighters", None, "Nanga"), ("ASSAULT", "Al-Shabaab", None, "Nanga")],
                            country="IQ"))
    assert [e.actor.key for e in irq.events] == ["t:islamic_state", "t:al_shabaab"]


def test_a_compound_cut_at_its_hyphen_or_possessive_is_read_whole():
    body = ("Kalu Brigade-linked fighters attacked Nanga on Saturday. Fighters of the Kalu Brigade raided Mota. "
            "Kenya's government declared a curfew in Mota. Kenyan riot police fired tear gas at traders in Nanga.")
    e = _resolved(_record(body, [("ASSAULT", "linked fighters", None, "Nanga"), ("ASSAULT", "Fighters", None, "Mota"),
                                 ("COERCE", "Kenya", None, "Mota"), ("COERCE", "Kenyan", "traders", "Nanga")],
                          country="KE")).events
    assert e[0].actor.name == "Kalu Brigade-linked fighters" and e[0].actor.key == e[1].actor.key == "o:kalu brigade"
    assert (e[2].actor.name, e[2].actor.key) == ("Kenya's government", "t:KEN.government")
    assert (e[3].actor.name, e[3].actor.key) == ("Kenyan riot police", "t:KEN.police")
    body = "Twelve children were abducted when fighters loyal to the Islamic State group stormed Nanga."
    (a,) = _resolved(_record(body, [("ASSAULT", "fighters", "Twelve children", "Nanga")], country="MZ")).events
    assert a.actor.key == "t:ismp"
    body = "The United Nations children's agency said two schools in Nanga were hit on Monday."
    (c,) = _resolved(_record(body, [("ACCUSE", "United Nations", None, "Nanga")], country="MZ")).events
    assert (c.actor.name, c.actor.key) == ("United Nations children's agency", "t:unicef")


def test_a_country_named_whole_coerces_by_its_government_and_fights_by_its_army():
    body = "Ghana closed its border with Togo on Tuesday. Ghana shelled positions near the border on Friday."
    a, b = _resolved(_record(body, [("COERCE", "Ghana", None, None), ("ASSAULT", "Ghana", None, None)],
                             country="GH")).events
    assert (a.actor.key, b.actor.key) == ("t:GHA.government", "t:GHA.military")


def test_the_headline_tells_the_country_of_the_report():
    body = ("Gunmen attacked an army post near the Niger border on Sunday. Niger's army said it was not involved. "
            "Niger closed the crossing. Officials in Niger and in Niamey spoke of Niger's concern.")
    record = _record(body, [("ASSAULT", "Gunmen", "army post", None)], country=None)
    record.article.title = "Benin: soldiers killed in attack on a border post"
    assert actors.resolver(record).main_country == "BEN"
    record.article.title = "Soldiers killed in attack"
    assert actors.resolver(record).main_country == "NER"


def test_a_person_whose_title_names_a_body_of_the_report_acts_for_it():
    body = ("The Kalia Renewal Party (KRP) called a rally in Nanga. Police arrested Tamu Benda in Nanga on Monday. "
            "KRP spokesperson Amos Lenga accused police of abducting its members.")
    _, b = _resolved(_record(body, [("COERCE", "Police", "Tamu Benda", "Nanga"), ("ACCUSE", "Amos Lenga", "police", "Nanga")],
                             entities=[("Kalia Renewal Party", "ORG", (), None), ("Tamu Benda", "PERSON", (), None),
                                       ("Amos Lenga", "PERSON", ("KRP spokesperson",), None)], country="MW")).events
    assert (b.actor.canonical, b.actor.kind, b.actor.role) == ("Kalia Renewal Party", "political party", "spokesperson")


def test_the_organisers_of_a_protest_are_its_protesters():
    body = "Hundreds of people marched in Nanga on Monday against a fuel price rise. Organisers handed a petition to officials."
    a, b = _resolved(_record(body, [("PROTEST", "Hundreds of people", None, "Nanga"), ("REQUEST", "Organisers", None, "Nanga")],
                             country="MW")).events
    assert a.actor.key == b.actor.key == "g:protesters|MWI"
    body = "The summit opened in Nanga on Monday. Organisers handed a petition to officials."
    (b,) = _resolved(_record(body, [("REQUEST", "Organisers", None, "Nanga")], country="MW")).events
    assert b.actor is None or b.actor.kind != "protesters"


def test_a_position_struck_is_a_post_of_the_army():
    body = "Gunmen attacked a position near Nanga on Monday, killing two soldiers."
    (e,) = _resolved(_record(body, [("ASSAULT", "Gunmen", "position", "Nanga")], country="BJ")).events
    assert e.target.key == "t:BEN.military"


def test_gunmen_of_a_report_that_names_no_group_are_of_the_kind_of_the_countrys_groups():
    body = "Gunmen attacked a convoy near Nanga on Monday, killing two drivers."
    (caf,) = _resolved(_record(body, [("ASSAULT", "Gunmen", "two drivers", "Nanga")], country="CF")).events
    (hti,) = _resolved(_record(body, [("ASSAULT", "Gunmen", "two drivers", "Nanga")], country="HT")).events
    assert (caf.actor.kind, caf.actor.key) == ("rebel group", "g:unidentified|CAF")
    assert (hti.actor.kind, hti.actor.key) == ("political militia", "g:unidentified|HTI")


def test_a_person_has_role_affiliation_and_country():
    body = ("Ostrian Prime Minister Lena Varga met Israeli Prime Minister Benjamin Netanyahu. "
            "Tomas Kell, spokesperson for the UN humanitarian office, said aid was blocked. "
            "Mara Iles, a minister in the Kenyan cabinet, said talks would go on.")
    record = _resolved(_record(body, [("CONSULT", "Benjamin Netanyahu", None, None)],
                               entities=[("Benjamin Netanyahu", "PERSON", ("Israeli Prime Minister",), "Israel"),
                                         ("Tomas Kell", "PERSON", ("spokesperson for the UN humanitarian office",),
                                          "UN humanitarian office"),
                                         ("Mara Iles", "PERSON", ("a minister in the Kenyan cabinet",), None)],
                               quotes=[("aid was blocked", "Tomas Kell", "Tomas Kell", "Tomas Kell"),
                                       ("talks would go on", "Mara Iles", "Mara Iles", "Mara Iles")], country=None))
    # an event's actor is the body the person acts for (as ACLED codes actors), with their role
    n = record.events[0].actor
    assert (n.name, n.canonical, n.kind, n.role, n.affiliation, n.country, n.key) == (
        "Benjamin Netanyahu", "Government of Israel", "government", "prime minister", "Government of Israel", "ISR",
        "t:ISR.government")
    kell, iles = (q.speaker for q in record.quotes)
    assert (kell.role, kell.affiliation, kell.country) == (
        "spokesperson", "UN Office for the Coordination of Humanitarian Affairs", None)
    assert (iles.role, iles.affiliation, iles.country) == ("minister", "Government of Kenya", "KEN")
    netanyahu = next(e for e in record.entities if e.name == "Benjamin Netanyahu")
    assert (netanyahu.kind, netanyahu.role, netanyahu.country) == ("person", "prime minister", "ISR")


def test_days_weapons_and_figures_are_never_actors():
    body = "Monday's attack killed nine. A drone struck the market. Twelve died in the raid."
    record = _resolved(_record(body, [("ASSAULT", "Monday", None, "Kadugli"), ("ASSAULT", "drone", "market", "Kadugli"),
                                       ("ASSAULT", "Twelve", None, "Kadugli")]))
    assert [e.actor for e in record.events] == [None, None, None]


def test_speakers_described_not_named():
    body = "An Ostrian military official said the road was shut. Aid agencies said food was short."
    record = _resolved(_record(body, [], quotes=[
        ("the road was shut", "an Israeli military official", None, "An Israeli military official"),
        ("food was short", "Aid agencies", None, "Aid agencies")], country=None))
    official, agencies = (q.speaker for q in record.quotes)
    assert (official.kind, official.role, official.affiliation, official.country) == (
        "person", "military official", "Israel Defense Forces", "ISR")
    assert (agencies.kind, agencies.country) == ("NGO", None)


def test_a_user_table_names_an_actor_the_shipped_one_does_not_know(tmp_path: Path):
    path = tmp_path / "mine.csv"
    path.write_text("id,name,kind,country,aliases,cues\n"
                    "whb,Wadi Hawar Brigade,identity militia,SDN,WHB|Wadi Hawar militia,militiamen\n", encoding="utf-8")
    body = "The WHB raided a camp. Militiamen burned homes in Kadugli."
    record = _resolved(_record(body, [("ASSAULT", "WHB", None, "Kadugli"), ("ASSAULT", "Militiamen", None, "Kadugli")],
                               entities=[("WHB", "ORG", (), None)]), _actor_table.load(path))
    assert [e.actor.key for e in record.events] == ["t:whb", "t:whb"]
    assert record.events[0].actor.kind == "identity militia"


# -- the ledger ----------------------------------------------------------------------------

@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "ledger.db"


def _two_reports() -> list[Record]:
    a = _resolved(_record("The RSF shelled Kadugli. Chadian troops closed the border.",
                          [("ASSAULT", "RSF", "civilians", "Kadugli"), ("COERCE", "Chadian troops", None, None)],
                          entities=[("RSF", "ORG", (), None)], input="a.txt", published="2025-06-14"))
    b = _resolved(_record("Rapid Support Forces fighters shelled Kadugli. The army said it repelled them.",
                          [("ASSAULT", "Rapid Support Forces fighters", None, "Kadugli"),
                           ("ASSAULT", "army", "Rapid Support Forces fighters", "Kadugli")],
                          input="b.txt", published="2025-06-15"))
    return [a, b]


def test_registry_links_the_same_actor_across_reports(db):
    from newsledger.ledger import Ledger

    with Ledger(db) as ledger:
        for record in _two_reports():
            ledger.ingest(record)
        total, rows = ledger.actors()
        by_name = {r["name"]: r for r in rows}
        rsf = by_name["Rapid Support Forces"]
        assert rsf["reports"] == 2 and rsf["kind"] == "rebel group" and rsf["country"] == "SDN"
        assert by_name["Sudanese Armed Forces"]["reports"] == 1
        assert by_name["Chadian National Army"]["country"] == "TCD"
        detail = ledger.actor(rsf["id"])
        assert {a["name"] for a in detail["aliases"]} == {"RSF", "Rapid Support Forces fighters"}
        assert {r["input"] for r in detail["reports"]} == {"a.txt", "b.txt"} and detail["events"]
        _, kinds = ledger.actors(kind="state forces", country="tcd")
        assert [r["name"] for r in kinds] == ["Chadian National Army"]
        # events filtered by actor, kind and country; each carries its actor ids
        _, events = ledger.events(actor_id=rsf["id"])
        assert events and all(rsf["id"] in (e["actor_id"], e["target_id"]) for e in events)
        _, chad = ledger.events(actor_country="TCD")
        assert [e["type"] for e in chad] == ["COERCE"]
        _, none = ledger.events(actor_kind="protesters")
        assert none == []
        rows = list(ledger.export("actors"))
        assert set(ledger.columns("actors")) == set(rows[0])
        assert any(r["name"] == "Rapid Support Forces" and "a.txt" in r["report_inputs"] for r in rows)


def test_acled_export_fills_actors_and_interaction(db):
    from newsledger.ledger import Ledger
    from newsledger.record import Acled

    a, b = _two_reports()
    for e in a.events:
        e.date, e.status = "2025-06-14", "asserted"
        e.acled = Acled(event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack")
    with Ledger(db) as ledger:
        ledger.ingest(a)
        rows = list(ledger.acled())
    shelling = next(r for r in rows if r["actor1"] == "Rapid Support Forces")
    assert (shelling["inter1"], shelling["actor2"], shelling["inter2"], shelling["interaction"]) == (
        2, "Civilians (Sudan)", 7, 27)
    alone = next(r for r in rows if r["actor1"] == "Chadian National Army")
    assert (alone["inter1"], alone["actor2"], alone["interaction"]) == (1, None, 10)


def test_an_existing_ledger_gets_the_registry_and_is_back_filled(db):
    import sqlite3

    from newsledger.ledger import Ledger

    with Ledger(db) as ledger:
        for record in _two_reports():
            ledger.ingest(record)
    with sqlite3.connect(db) as conn:  # a ledger from before the registry
        conn.execute("DROP TABLE actor_mentions")
        conn.execute("DROP TABLE actors")
    with Ledger(db) as ledger:
        _, rows = ledger.actors()
        assert next(r for r in rows if r["name"] == "Rapid Support Forces")["reports"] == 2


# -- where users see it --------------------------------------------------------------------

def test_api_and_pages(db):
    from fastapi.testclient import TestClient

    from newsledger.ledger import Ledger
    from newsledger.shells.api import create_app

    with Ledger(db) as ledger:
        for record in _two_reports():
            ledger.ingest(record)
    client = TestClient(create_app(db))
    listing = client.get("/api/actors", params={"kind": "rebel group"}).json()
    rsf = next(a for a in listing["items"] if a["name"] == "Rapid Support Forces")
    assert rsf["reports"] == 2
    one = client.get(f"/api/actors/{rsf['id']}").json()
    assert {a["name"] for a in one["aliases"]} >= {"RSF"} and one["events"]
    assert client.get("/api/actors/999999").status_code == 404
    assert client.get("/api/actors", params={"kind": "warlords"}).status_code == 422
    events = client.get("/api/events", params={"actor_kind": "state forces", "actor_country": "TCD"}).json()
    assert events["total"] == 1 and events["items"][0]["actor_id"]
    # the workbench's selects offer the actor kinds and countries, with event counts
    facets = client.get("/api/events/facets").json()
    assert {"value": "state forces", "events": 2} in facets["actor_kind"]
    assert {"value": "TCD", "events": 1, "label": "Chad (TCD)"} in facets["actor_country"]
    assert client.get("/api/events", params={"actor_kind": "warlords"}).status_code == 422
    assert client.get("/api/events.acled.csv", params={"actor_country": "TCD"}).status_code == 200
    page = client.get("/actors")
    assert page.status_code == 200 and "Rapid Support Forces" in page.text and "rebel group" in page.text
    detail = client.get(f"/actors/{rsf['id']}")
    assert detail.status_code == 200 and "Events over time" in detail.text and "RSF" in detail.text
    timeline = client.get("/events", params={"actor_id": rsf["id"], "actor_kind": "rebel group"})
    assert timeline.status_code == 200 and "Rapid Support Forces" in timeline.text
    assert client.get("/api/map", params={"actor_kind": "protesters"}).json()["events"] == []
    assert client.get("/api/map", params={"actor_country": "Sudan"}).status_code == 422
    assert client.get("/map", params={"actor_kind": "rebel group", "actor_country": "SDN"}).status_code == 200


def test_cli_actors_option_reports_a_bad_table_once(tmp_path: Path):
    from typer.testing import CliRunner

    from newsledger.shells.cli import app

    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,kind\nx,X,warlords\n", encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text("The Rapid Support Forces shelled the central market in Kadugli on Saturday, killing nine "
                      "people, residents said. The RSF denied the attack in a statement.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(report), "--actors", str(bad)])
    assert result.exit_code == 0
    lines = [l for l in result.stderr.splitlines() if "actor table" in l]
    assert len(lines) == 1 and "line 2" in lines[0] and str(bad) in lines[0] and "shipped" in lines[0]
    record = json.loads(result.stdout)
    assert any((e["actor"] or {}).get("key") == "t:rsf" for e in record["events"])
    db = tmp_path / "l.db"
    assert CliRunner().invoke(app, ["ingest", str(report), "--db", str(db), "-q"]).exit_code == 0
    out = CliRunner().invoke(app, ["export", "--db", str(db), "--what", "actors", "--format", "csv"])
    assert out.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert any(r["name"] == "Rapid Support Forces" and r["kind"] == "rebel group" for r in rows)


# -- the seed ------------------------------------------------------------------------------

def test_seed_actors(seed_path: Path):
    from newsledger.pipeline import extract

    record = extract(str(seed_path))
    # who acts, and who is struck: Israel named as a doer of force is its armed forces
    # ("the US urged Israel": the government, another actor)
    refs = [r for e in record.events for r in (e.actor, e.target if e.type == "ASSAULT" else None) if r is not None]
    israel = [r for r in refs if r.name in ("Israel", "Israeli military", "Israeli", "IDF", "Israeli soldiers")]
    assert israel and {r.key for r in israel} == {"t:ISR.military"}
    assert {(r.kind, r.country) for r in israel} == {("state forces", "ISR")}
    hamas = [r for r in refs if r.name == "Hamas"]
    assert hamas and {r.key for r in hamas} == {"t:hamas"} and {r.kind for r in hamas} == {"rebel group"}
    speakers = {q.speaker.name: q.speaker for q in record.quotes if q.speaker.name}
    netanyahu, kirby = speakers["Benjamin Netanyahu"], speakers["John Kirby"]
    gantz, laerke = speakers["Benny Gantz"], speakers["Jens Laerke"]
    assert (netanyahu.role, netanyahu.affiliation, netanyahu.country) == ("prime minister", "Government of Israel", "ISR")
    assert (kirby.role, kirby.affiliation, kirby.country) == ("spokesperson", "United States National Security Council", "USA")
    assert (gantz.role, gantz.affiliation, gantz.country) == ("minister", "Government of Israel", "ISR")
    # the UN's humanitarian office is an international body: its people have no country of its own
    assert (laerke.role, laerke.affiliation, laerke.country) == (
        "spokesperson", "UN Office for the Coordination of Humanitarian Affairs", None)
    assert all(s.kind == "person" for s in (netanyahu, kirby, gantz, laerke))


def test_exports_and_map_filter_events_by_actor(db, tmp_path: Path):
    from typer.testing import CliRunner

    from newsledger.ledger import Ledger
    from newsledger.shells.cli import app

    a, b = _two_reports()
    a.events[1].place = PlaceRef(name="Adre", lat=13.47, lon=22.2, country="TD")
    with Ledger(db) as ledger:
        for record in (a, b):
            ledger.ingest(record)
        chad = list(ledger.events_export(actor_country="TCD"))
        assert [(r["type"], r["report_input"]) for r in chad] == [("COERCE", "a.txt")]
        assert len(list(ledger.events_export())) == 4
        assert [e["type"] for e in ledger.merged_events(actor_kind="state forces", actor_country="TCD")] == ["COERCE"]
        assert [p["place"] for p in ledger.map_points({"actor_country": "TCD"})["events"]] == ["Adre"]
        assert ledger.map_points({"actor_kind": "protesters"})["events"] == []
    runner = CliRunner()
    out = runner.invoke(app, ["export", "--db", str(db), "--what", "events", "--format", "csv", "--actor-country", "tcd"])
    assert out.exit_code == 0 and len(list(csv.DictReader(io.StringIO(out.stdout)))) == 1
    out = runner.invoke(app, ["export", "--db", str(db), "--what", "events", "--actor-kind", "rebel group"])
    assert out.exit_code == 0 and out.stdout.strip()
    assert all(json.loads(line)["actor_id"] or json.loads(line)["target_id"] for line in out.stdout.splitlines())
    bad = runner.invoke(app, ["export", "--db", str(db), "--what", "events", "--actor-kind", "warlords"])
    assert bad.exit_code == 2 and "--actor-kind" in bad.stderr
    assert runner.invoke(app, ["export", "--db", str(db), "--what", "quotes", "--actor-id", "1"]).exit_code == 2


def test_a_weapons_user_acts_and_a_figures_group():
    body = ("Israeli air strikes hit the camp. Hundreds of farmers blocked the road in Kadugli. "
            "Sudan's farmers say Sudanese officials ignore them.")
    record = _resolved(_record(body, [("ASSAULT", "Israeli air strikes", None, None),
                                       ("PROTEST", "Hundreds", None, "Kadugli")], country="SD"))
    strikes, farmers = (e.actor for e in record.events)
    assert (strikes.name, strikes.key) == ("Israeli", "t:ISR.military")
    assert (farmers.name, farmers.kind, farmers.country) == ("Hundreds of farmers", "protesters", "SDN")


# -- names the table does not know ------------------------------------------------------------

def test_a_name_the_table_does_not_know_gets_its_kind_from_its_words():
    body = ("The Ostrava Valley Civil Society Coordination said 12 people died. The Ostrava Liberation Army "
            "attacked a town. The Ostrava Manufacturers Association said factories closed.")
    record = _resolved(_record(body, [("ACCUSE", "The Ostrava Valley Civil Society Coordination", None, None),
                                      ("ASSAULT", "The Ostrava Liberation Army", None, "Kadugli"),
                                      ("ACCUSE", "The Ostrava Manufacturers Association", None, None)],
                               entities=[("Ostrava Valley Civil Society Coordination", "ORG", (), None),
                                         ("Ostrava Liberation Army", "ORG", (), None),
                                         ("Ostrava Manufacturers Association", "ORG", (), None)]))
    kinds = [e.actor.kind for e in record.events]
    # a named "... Army" that is no country's is not its state forces
    assert kinds[:2] == ["NGO", "rebel group"] and kinds[2] in ("business", "NGO")
    assert record.events[1].actor.key == "o:ostrava liberation army"


def test_the_name_classifier_learns_from_a_users_table(tmp_path: Path):
    from newsledger.analysis import _actor_kinds

    path = tmp_path / "mine.csv"
    path.write_text("id,name,kind\nx1,Zorbic Brotherhood,identity militia\nx2,Vellan Brotherhood,identity militia\n"
                    "x3,Kesh Brotherhood,identity militia\n", encoding="utf-8")
    table = _actor_table.load(path)
    model = _actor_kinds.model(table, _actor_table.norm)
    kind, p = model.predict(_actor_kinds.features(["ardo", "brotherhood"], table.countries))
    assert kind == "identity militia" and p > 0.5
    assert _actor_kinds.leave_one_out(_actor_table.shipped(), _actor_table.norm)["accuracy_given"] > 0.6


def test_the_group_is_the_one_armed_group_the_report_names_and_forces_loyal_to_a_government():
    body = ("The Ostrava Liberation Army attacked Kadugli. The group said it held the town. "
            "Forces loyal to the Sudanese government fought back.")
    record = _resolved(_record(body, [("ASSAULT", "The Ostrava Liberation Army", None, "Kadugli"),
                                      ("ACCUSE", "The group", None, None),
                                      ("ASSAULT", "Forces loyal to the Sudanese government", None, "Kadugli")],
                               entities=[("Ostrava Liberation Army", "ORG", (), None)]))
    a, b, c = (e.actor for e in record.events)
    assert a.key == b.key == "o:ostrava liberation army"
    assert c.key == "t:SDN.military"


def test_registry_links_an_acronym_to_the_full_name_across_reports(db):
    from newsledger.ledger import Ledger

    a = _resolved(_record("The Kadugli Civil Society Coordination (KCSC) said 12 people died.",
                          [("ACCUSE", "The Kadugli Civil Society Coordination (KCSC)", None, None)],
                          entities=[("Kadugli Civil Society Coordination", "ORG", (), None)], input="a.txt"))
    b = _resolved(_record("The KCSC, a rights group, said the road was shut.", [("ACCUSE", "KCSC", None, None)],
                          entities=[("KCSC", "ORG", ("a rights group",), None)], input="b.txt"))
    c = _resolved(_record("The KPC, a rights group, said the road was open.", [("ACCUSE", "KPC", None, None)],
                          entities=[("KPC", "ORG", ("a rights group",), None)], input="c.txt"))
    assert a.events[0].actor.canonical == "Kadugli Civil Society Coordination"
    with Ledger(db) as ledger:
        for record in (a, b, c):
            ledger.ingest(record)
        ids = {row["input"]: row["actor_id"] for row in ledger.actor_mentions()}
    assert ids["a.txt"] == ids["b.txt"] != ids["c.txt"]


def test_what_a_body_owns_struck_is_that_body_and_a_figure_killed_is_civilians():
    body = "The army destroyed several RSF combat vehicles near Kadugli. The RSF shelled Kadugli, killing dozens."
    record = _resolved(_record(body, [("ASSAULT", "army", "several RSF combat vehicles", "Kadugli"),
                                      ("ASSAULT", "RSF", "dozens", "Kadugli")], entities=[("RSF", "ORG", (), None)]))
    a, b = record.events
    assert (a.target.name, a.target.key) == ("several RSF combat vehicles", "t:rsf")
    assert (b.target.kind, b.target.key) == ("civilians", "g:civilians|SDN|kadugli")


def test_acled_export_names_the_person_who_acts_for_a_body(db):
    from newsledger.ledger import Ledger

    record = _resolved(_record("Israeli Prime Minister Benjamin Netanyahu met Ostrian envoys.",
                               [("CONSULT", "Benjamin Netanyahu", None, None)],
                               entities=[("Benjamin Netanyahu", "PERSON", ("Israeli Prime Minister",), "Israel")],
                               country=None))
    from newsledger.record import Acled

    record.events[0].date, record.events[0].status = "2025-06-14", "asserted"
    record.events[0].acled = Acled(event_type="Strategic developments", sub_event_type="Agreement")
    with Ledger(db) as ledger:
        ledger.ingest(record)
        rows = list(ledger.acled())
    assert (rows[0]["actor1"], rows[0]["assoc_actor_1"], rows[0]["inter1"]) == (
        "Government of Israel", "Benjamin Netanyahu", 1)


# -- the learned second look (analysis/_actor_mentions.py) ---------------------------------------

def test_the_mention_model_fills_a_missing_kind_and_overrules_only_when_sure():
    from newsledger.analysis._actor_mentions import Model
    model = Model({"kinds": ["civilians", "protesters", "state forces"], "bias": [0.0, 0.0, 0.0],
                   "weights": {"h:convoy": [0.0, 0.0, 3.0], "h:farmers": [0.5, 1.0, 0.0]},
                   "threshold": 0.9, "margin": 0.4, "fill": 0.5})
    assert model.decide(["h:convoy"], None) == "state forces"        # the rules had none: filled
    assert model.decide(["h:unknown"], None) is None                 # unsure (1/3): still none
    assert model.decide(["h:convoy"], "civilians") == "state forces"  # sure, and far surer than of the rules' kind
    assert model.decide(["h:farmers"], "civilians") == "civilians"   # not sure enough to overrule
    p = model.probs(["h:convoy", "h:farmers"])
    assert abs(sum(p) - 1.0) < 1e-9


def test_the_shipped_mention_model_loads_and_every_event_actor_gets_a_kind():
    from newsledger.analysis import _actor_mentions
    model = _actor_mentions.shipped()
    assert model is not None and {"state forces", "civilians", "rebel group"} <= set(model.kinds)
    assert 0.0 <= model.fill <= 1.01 and model.threshold <= 1.01
    body = "Soldiers ambushed the convoy near Kadugli. The RSF said the operation would go on."
    record = _resolved(_record(body, [("ASSAULT", "Soldiers", "the convoy", "Kadugli"),
                                      ("ASSAULT", "the operation", None, "Kadugli")],
                               entities=[("RSF", "ORG", (), None)]))
    soldiers, _ = record.events[0].actor, record.events[0].target
    assert (soldiers.kind, soldiers.key) == ("state forces", "t:SDN.military")
    # whatever the model makes of them, the rules' "no kind" is never left on an event's actor or
    # target, but for a vehicle whose owner the text does not say ("the convoy": soldiers' or aid's?)
    assert all(ref.kind is not None for e in record.events for ref in (e.actor, e.target)
               if ref is not None and not ref.name.endswith("convoy"))
    assert record.events[0].target.kind is None


def test_with_the_second_look_off_the_rules_alone_answer(monkeypatch):
    monkeypatch.setattr(actors, "MENTIONS", False)
    body = "Soldiers ambushed the convoy near Kadugli."
    record = _resolved(_record(body, [("ASSAULT", "Soldiers", "the convoy", "Kadugli")]))
    assert record.events[0].target.kind is None


def test_a_bodys_spokesman_acts_for_it_and_a_strikes_leaders_protest():
    body = ("The paramilitary Rapid Support Forces shelled Kadugli. The paramilitary's media office denied it. "
            "Police arrested the leaders of the strike in Kadugli.")
    record = _resolved(_record(body, [("ASSAULT", "Rapid Support Forces", "Kadugli", "Kadugli"),
                                      ("REJECT", "The paramilitary's media office", None, None),
                                      ("COERCE", "Police", "the leaders of the strike", "Kadugli")],
                               entities=[("Rapid Support Forces", "ORG", (), None)]))
    office = record.events[1].actor
    assert (office.kind, office.key) == ("rebel group", "t:rsf")
    leaders = record.events[2].target
    assert (leaders.kind, leaders.key) == ("protesters", "g:protesters|SDN")


def test_a_radio_host_who_is_killed_is_media():
    body = "Gunmen shot dead radio host Marta Quiroga Lenz in Kadugli."
    record = _resolved(_record(body, [("ASSAULT", "Gunmen", "Marta Quiroga Lenz", "Kadugli")],
                               entities=[("Marta Quiroga Lenz", "PERSON", (), None)]))
    assert record.events[0].target.kind == "media"


def test_a_body_based_in_a_capital_takes_its_country():
    body = ("The Sahel Press Watch, a media rights group based in Dakar, condemned the arrest in Kadugli. "
            "Police arrested a reporter in Kadugli.")
    record = _resolved(_record(body, [("ACCUSE", "Sahel Press Watch", "Police", None)],
                               entities=[("Sahel Press Watch", "ORG", ("a media rights group",), None)]))
    assert record.events[0].actor.country == "SEN"


def test_registry_links_a_name_typed_a_person_in_one_report_and_a_body_in_another(db):
    from newsledger.ledger import Ledger

    a = _resolved(_record("Gunmen shot Amalia Torres Vidal in Kadugli.", [("ASSAULT", "Gunmen", "Amalia Torres Vidal",
                                                                          "Kadugli")],
                          entities=[("Amalia Torres Vidal", "PERSON", (), None)], input="a.txt"))
    b = _resolved(_record("Amalia Torres Vidal accused the police in Kadugli.",
                          [("ACCUSE", "Amalia Torres Vidal", "police", None)],
                          entities=[("Amalia Torres Vidal", "ORG", (), None)], input="b.txt"))
    c = _resolved(_record("Amalia Torres accused the police in Kadugli.", [("ACCUSE", "Amalia Torres", "police", None)],
                          entities=[("Amalia Torres", "ORG", (), None)], input="c.txt"))
    with Ledger(db) as ledger:
        for record in (a, b, c):
            ledger.ingest(record)
        ids = {(row["input"], row["role"]): row["actor_id"] for row in ledger.actor_mentions()}
    assert ids[("a.txt", "target")] == ids[("b.txt", "actor")] != ids[("c.txt", "actor")]


def test_a_military_post_struck_is_its_countrys_armed_forces_unless_a_body_holds_it():
    body = "Gunmen attacked the Kadugli post. The RSF hit a checkpoint of the army. Gunmen raided an RSF checkpoint."
    record = _resolved(_record(body, [("ASSAULT", "Gunmen", "the Kadugli post", "Kadugli"),
                                      ("ASSAULT", "RSF", "a checkpoint", "Kadugli"),
                                      ("ASSAULT", "Gunmen", "an RSF checkpoint", "Kadugli")],
                               entities=[("RSF", "ORG", (), None)]))
    assert [e.target.key for e in record.events] == ["t:SDN.military", "t:SDN.military", "t:rsf"]


def test_an_acronym_the_table_does_not_know_is_the_name_the_report_gives_it(db):
    from newsledger.ledger import Ledger

    a = _resolved(_record("The Coordinadora Norteña de Derechos Humanos (CONORDEH) said police fired on farmers. "
                          "CONORDEH accused the police of abuses.", [("ACCUSE", "CONORDEH", "police", None)],
                          input="a.txt"))
    b = _resolved(_record("CONORDEH, a rights group, accused the police again.", [("ACCUSE", "CONORDEH", "police", None)],
                          entities=[("CONORDEH", "ORG", ("a rights group",), None)], input="b.txt"))
    actor = a.events[0].actor
    assert (actor.canonical, actor.kind) == ("Coordinadora Norteña de Derechos Humanos", "NGO")
    assert b.events[0].actor.key == "o:conordeh"
    with Ledger(db) as ledger:
        for record in (a, b):
            ledger.ingest(record)
        ids = {(row["input"], row["role"]): row["actor_id"] for row in ledger.actor_mentions()}
    assert ids[("a.txt", "actor")] == ids[("b.txt", "actor")]
    assert actors.stands_for("adf", "Allied Democratic Forces") and not actors.stands_for("rsf", "Rapid Support")


def test_registry_links_a_person_named_with_one_name_fewer_but_not_another_with_the_surname(db):
    from newsledger.ledger import Ledger

    def report(name: str, input: str) -> Record:
        return _resolved(_record(f"Gunmen shot {name} in Kadugli.", [("ASSAULT", "Gunmen", name, "Kadugli")],
                                 entities=[(name, "PERSON", (), None)], input=input))

    records = [report("Amalia Torres Vidal", "a.txt"), report("Amalia Torres", "b.txt"), report("Rosa Torres", "c.txt")]
    with Ledger(db) as ledger:
        for record in records:
            ledger.ingest(record)
        ids = {row["input"]: row["actor_id"] for row in ledger.actor_mentions() if row["role"] == "target"}
    assert ids["a.txt"] == ids["b.txt"] != ids["c.txt"]


def test_security_officials_and_an_army_officer_who_act_are_their_countrys_forces():
    body = "Security officials arrested two men in Kadugli. An army officer shot a trader in Kadugli."
    record = _resolved(_record(body, [("COERCE", "Security officials", "two men", "Kadugli"),
                                      ("ASSAULT", "An army officer", "a trader", "Kadugli")]))
    assert [e.actor.key for e in record.events] == ["t:SDN.military", "t:SDN.military"]
    assert record.events[1].actor.role == "officer"


def test_a_local_body_named_after_a_place_of_the_report_takes_its_country():
    body = "The Kadugli Women's Protection Network said police beat women in Kadugli, Sudan. Abeche was calm."
    record = _record(body, [("ACCUSE", "Kadugli Women's Protection Network", "police", None)],
                     entities=[("Kadugli Women's Protection Network", "ORG", (), None)], country="SD")
    # the report is mostly about Chad (five mentions of a Chadian town): the body is still Sudanese
    record.places.append(Place(name="Abeche", country="TD", mentions=[Span(start=0, end=6, text="Abeche")] * 5))
    actor = _resolved(record).events[0].actor
    assert (actor.kind, actor.country) == ("NGO", "SDN")


def test_people_the_police_strike_in_a_protest_story_are_its_protesters():
    body = ("Cotton growers marched through Kadugli on Monday to demand higher prices. Police fired live "
            "rounds at around thirty people near the grain depot. Gunmen killed four people in a village "
            "near Dilling.")
    rec = _resolved(_record(body, [("PROTEST", "Cotton growers", None, "Kadugli"),
                                   ("ASSAULT", "Police", "around thirty people", "Kadugli"),
                                   ("ASSAULT", "Gunmen", "four people", "Dilling")]))
    struck, killed = rec.events[1].target, rec.events[2].target
    assert (struck.kind, struck.key) == ("protesters", "g:protesters|SDN")
    assert killed.kind == "civilians"  # gunmen's victims stay civilians
    # a report that tells of no protest keeps the police's victims civilians
    calm = _resolved(_record("Police fired live rounds at around thirty people near the grain depot in Kadugli.",
                             [("ASSAULT", "Police", "around thirty people", "Kadugli")]))
    assert calm.events[0].target.kind == "civilians"


def test_described_protesters_are_their_countrys_and_hired_goons_a_militia():
    body = ("Gen Z protesters marched on the assembly in Kadugli. Hired goons attacked the marchers "
            "with whips.")
    rec = _resolved(_record(body, [("PROTEST", "Gen Z protesters", None, "Kadugli"),
                                   ("ASSAULT", "Hired goons", "the marchers", "Kadugli")]))
    marchers, goons = rec.events[0].actor, rec.events[1].actor
    assert (marchers.kind, marchers.key) == ("protesters", "g:protesters|SDN")
    assert goons.kind == "political militia"


def test_armed_men_borrow_a_kind_only_when_their_words_say_none():
    body = ("Fighters of the Sudan Liberation Army attacked a convoy near Kadugli. Gunmen killed two traders. "
            "A clan militia burned a village. Bandits stole cattle. UN peacekeepers evacuated families.")
    rec = _resolved(_record(body, [("ASSAULT", "Sudan Liberation Army", "convoy", "Kadugli"),
                                   ("ASSAULT", "Gunmen", "two traders", "Kadugli"),
                                   ("ASSAULT", "A clan militia", "village", "Kadugli"),
                                   ("ASSAULT", "Bandits", "cattle", "Kadugli"),
                                   ("MOBILIZE", "UN peacekeepers", "families", "Kadugli")]))
    kinds = [e.actor.kind for e in rec.events]
    # gunmen are of the kind of the one armed group the report names; a clan militia and bandits keep their own
    assert kinds[1:4] == ["rebel group", "identity militia", "political militia"]
    assert (kinds[4], rec.events[4].actor.country) == ("international organisation", None)


def test_a_government_that_strikes_is_its_armed_forces():
    body = "The regime bombed a market in Kadugli. The government arrested two journalists in Kadugli."
    rec = _resolved(_record(body, [("ASSAULT", "The regime", "market", "Kadugli"),
                                   ("COERCE", "The government", "two journalists", "Kadugli")]))
    bomb, arrest = rec.events[0].actor, rec.events[1].actor
    assert (bomb.kind, bomb.country, bomb.key) == ("state forces", "SDN", "t:SDN.military")
    assert (arrest.kind, arrest.key) == ("government", "t:SDN.government")


def test_registry_links_an_acronym_whose_kind_one_report_guessed_otherwise(db):
    from newsledger.ledger import Ledger

    a = _resolved(_record("The Kadugli Teachers Union (KTU) said 12 teachers were unpaid.",
                          [("ACCUSE", "The Kadugli Teachers Union (KTU)", None, None)],
                          entities=[("Kadugli Teachers Union", "ORG", (), None)], input="a.txt"))
    b = _resolved(_record("KTU members blocked the road to Kadugli.", [("ASSAULT", "KTU", None, None)],
                          entities=[("KTU", "ORG", (), None)], input="b.txt"))
    # the registry holds the actors as resolved; the acronym's kind is the step's guess, whatever it is
    b.events[0].actor = b.events[0].actor.model_copy(update={"kind": "rebel group", "key": "o:ktu",
                                                             "country": a.events[0].actor.country})
    assert a.events[0].actor.kind != "rebel group"
    with Ledger(db) as ledger:
        for record in (a, b):
            ledger.ingest(record)
        ids = {row["input"]: row["actor_id"] for row in ledger.actor_mentions()}
    assert ids["a.txt"] == ids["b.txt"]


def test_journalists_who_march_are_protesters():
    body = "Fellow journalists marched through Kadugli on Wednesday. Journalists reported the attack."
    rec = _resolved(_record(body, [("PROTEST", "Fellow journalists", None, "Kadugli"),
                                   ("ACCUSE", "Journalists", None, "Kadugli")]))
    marchers, writers = rec.events[0].actor, rec.events[1].actor
    assert (marchers.kind, marchers.key) == ("protesters", "g:protesters|SDN")
    assert writers.kind == "media"


def test_the_group_of_a_report_naming_several_is_the_one_named_last_before_it():
    body = ("The Justice and Equality Movement and the Sudan Liberation Army both claimed gains near Kadugli. "
            "The group said it had lost two fighters.")
    rec = _resolved(_record(body, [("ASSAULT", "The group", None, "Kadugli")],
                            entities=[("Justice and Equality Movement", "ORG", (), None),
                                      ("Sudan Liberation Army", "ORG", (), None)]))
    assert rec.events[0].actor.key == "t:sla"
    # named nowhere before it: no one
    body = "The group said it had lost two fighters. The Justice and Equality Movement and the Sudan Liberation Army met."
    rec = _resolved(_record(body, [("ASSAULT", "The group", None, "Kadugli")],
                            entities=[("Justice and Equality Movement", "ORG", (), None),
                                      ("Sudan Liberation Army", "ORG", (), None)]))
    assert rec.events[0].actor.key is None


def test_jets_that_strike_are_named_by_who_flies_them():
    body = "Sudanese jets struck a market in Kadugli. Warplanes bombed a bridge near Kadugli."
    rec = _resolved(_record(body, [("ASSAULT", "Sudanese jets", "market", "Kadugli"),
                                   ("ASSAULT", "Warplanes", "bridge", "Kadugli")]))
    jets, planes = rec.events[0].actor, rec.events[1].actor
    assert (jets.name, jets.kind, jets.country) == ("Sudanese", "state forces", "SDN")
    assert (planes.name, planes.kind) == (planes.canonical, "state forces")


def test_a_base_struck_is_the_state_forces_holding_it_unless_they_struck_it():
    body = "Fighters of the Sudan Liberation Army overran a base near Kadugli. Soldiers raided a base in Kadugli."
    rec = _resolved(_record(body, [("ASSAULT", "Sudan Liberation Army", "a base", "Kadugli"),
                                   ("ASSAULT", "Soldiers", "a base", "Kadugli")]))
    assert (rec.events[0].target.kind, rec.events[0].target.key) == ("state forces", "t:SDN.military")
    assert rec.events[1].target is None or rec.events[1].target.key != "t:SDN.military"


def test_a_communitys_armed_men_are_one_actor_however_a_report_calls_them():
    keys = set()
    for words in ("Kelani insurgents", "Kelani separatists", "Kelani militants"):
        rec = _resolved(_record(f"{words} attacked a convoy near Kadugli.", [("ASSAULT", words, "convoy", "Kadugli")]))
        assert rec.events[0].actor.kind == "rebel group"
        keys.add(rec.events[0].actor.key)
    assert keys == {"o:kelani|rebel group"}


def test_registry_links_a_body_written_shorter_but_not_a_place_or_another_name(db):
    from newsledger.ledger import Ledger

    a = _resolved(_record("Gunmen stormed Radio Tawila Sawt in Kadugli.",
                          [("ASSAULT", "Gunmen", "Radio Tawila Sawt", None)],
                          entities=[("Radio Tawila Sawt", "ORG", (), None)], input="a.txt"))
    # the entity step took the short form for a person's name
    b = _resolved(_record("Tawila Sawt accused the police in Kadugli.", [("ACCUSE", "Tawila Sawt", "police", None)],
                          entities=[("Tawila Sawt", "PERSON", (), None)], input="b.txt"))
    c = _resolved(_record("The Tawila Sawt Farmers Cooperative accused the police in Kadugli.",
                          [("ACCUSE", "Tawila Sawt Farmers Cooperative Union", "police", None)],
                          entities=[("Tawila Sawt Farmers Cooperative Union", "ORG", (), None)], input="c.txt"))
    with Ledger(db) as ledger:
        for record in (a, b, c):
            ledger.ingest(record)
        ids = {(row["input"], row["role"]): row["actor_id"] for row in ledger.actor_mentions()}
    assert ids[("a.txt", "target")] == ids[("b.txt", "actor")] != ids[("c.txt", "actor")]
    from newsledger.ledger._actors import shortened
    assert shortened("rios libres", "fundacion rios libres del pacifico")
    assert shortened("wagner", "wagner group")
    assert not shortened("el obeid", "state government in el obeid")
    assert not shortened("amalia torres", "amalia torres vidal")
    assert not shortened("liberation front", "popular liberation front")


def test_a_ministry_is_one_actor_of_its_country_however_written(db):
    from newsledger.ledger import Ledger

    a = _resolved(_record("The Interior Ministry accused the RSF in Kadugli.",
                          [("ACCUSE", "Interior Ministry", "RSF", None)], input="a.txt"))
    b = _resolved(_record("The Ministry of the Interior accused the RSF in Kadugli.",
                          [("ACCUSE", "Ministry of the Interior", "RSF", None)], input="b.txt"))
    c = _resolved(_record("Chad's Ministry of the Interior accused the RSF.",
                          [("ACCUSE", "Chad's Ministry of the Interior", "RSF", None)], input="c.txt"))
    assert [r.events[0].actor.kind for r in (a, b, c)] == ["government"] * 3
    assert a.events[0].actor.key == b.events[0].actor.key == "o:ministry of interior|SDN"
    assert c.events[0].actor.key == "o:ministry of interior|TCD"
    with Ledger(db) as ledger:
        for record in (a, b, c):
            ledger.ingest(record)
        ids = {(row["input"], row["role"]): row["actor_id"] for row in ledger.actor_mentions()}
    assert ids[("a.txt", "actor")] == ids[("b.txt", "actor")] != ids[("c.txt", "actor")]


def test_a_placed_description_is_no_name_and_members_of_a_named_body_are_that_body():
    body = ("Troops in Kadugli repelled an attack. Gunmen of the so-called Jebel Lions Brigade raided a farm. "
            "A militia that calls itself the Jebel Lions Brigade shot a trader. Officers of the National Police "
            "arrested two men. The Federal Government accused the RSF.")
    record = _resolved(_record(body, [("ASSAULT", "Troops in Kadugli", None, "Kadugli"),
                                      ("ASSAULT", "Gunmen of the so-called Jebel Lions Brigade", "a farm", "Kadugli"),
                                      ("ASSAULT", "A militia that calls itself the Jebel Lions Brigade", "a trader",
                                       "Kadugli"),
                                      ("COERCE", "Officers of the National Police", "two men", "Kadugli"),
                                      ("ACCUSE", "Federal Government", "RSF", None)],
                               entities=[("Kadugli", "GPE", (), None)]))
    keys = [e.actor.key for e in record.events]
    assert keys == ["t:SDN.military", "o:jebel lions brigade", "o:jebel lions brigade", "t:SDN.police",
                    "t:SDN.government"]


def test_the_station_is_the_one_station_the_report_names_and_a_description_before_a_name_is_dropped():
    body = ("Gunmen stormed the radio station Radio Kalu Sawt in Kadugli. Radio Kalu Sawt said three staff were hurt. "
            "The station accused the RSF.")
    record = _resolved(_record(body, [("ASSAULT", "Gunmen", "the radio station Radio Kalu Sawt", "Kadugli"),
                                      ("ACCUSE", "The station", "RSF", None)],
                               entities=[("Radio Kalu Sawt", "ORG", (), None)]))
    target, actor = record.events[0].target, record.events[1].actor
    assert (target.canonical, target.kind) == ("Radio Kalu Sawt", "media")
    assert actor.key == target.key == "o:radio kalu sawt"
    # two stations named: "the station" stays the report's own description
    body2 = body + " Radio Tawila FM was also raided."
    record2 = _resolved(_record(body2, [("ACCUSE", "The station", "RSF", None)],
                                entities=[("Radio Kalu Sawt", "ORG", (), None), ("Radio Tawila FM", "ORG", (), None)]))
    assert record2.events[0].actor.key is None


def test_a_state_or_local_government_is_not_the_countrys():
    body = ("The state government imposed a curfew in Kadugli. Local authorities closed the market. "
            "The government in Khartoum accused the RSF.")
    record = _resolved(_record(body, [("COERCE", "state government", None, "Kadugli"),
                                      ("COERCE", "Local authorities", None, "Kadugli"),
                                      ("ACCUSE", "government", "RSF", None)]))
    keys = [e.actor.key for e in record.events]
    kinds = {e.actor.kind for e in record.events}
    assert kinds == {"government"}
    assert keys == ["g:local government|SDN|kadugli", "g:local government|SDN|kadugli", "t:SDN.government"]
    # the report names the state's government: the state government is that one
    named = _resolved(_record("The South Kordofan State Government said the state government imposed a curfew.",
                              [("COERCE", "state government", None, "Kadugli")],
                              entities=[("South Kordofan State Government", "ORG", (), None)]))
    assert named.events[0].actor.key == "o:south kordofan state government"
    governor = _resolved(_record("The governor imposed a curfew in Kadugli.", [("COERCE", "governor", None, "Kadugli")]))
    actor = governor.events[0].actor
    assert (actor.kind, actor.role, actor.key) == ("government", "governor", "g:local government|SDN|kadugli")


def test_a_phrase_cut_before_its_head_is_read_whole():
    body = "Riot police fired tear gas at farmers in Kadugli. The RSF said it shelled the town."
    record = _resolved(_record(body, [("COERCE", "Riot", "farmers", "Kadugli"), ("ASSAULT", "RSF", "the town", "Kadugli")],
                               entities=[("RSF", "ORG", (), None)]))
    riot, rsf = record.events[0].actor, record.events[1].actor
    assert (riot.name, riot.kind, riot.key) == ("Riot police", "police", "t:SDN.police")
    assert (rsf.name, rsf.key) == ("RSF", "t:rsf")


def test_a_named_unit_of_an_armed_group_is_that_group():
    body = "Tamazuj withdrew from Babanusa. Fighters of the RSF's Tamazuj Battalion shelled Kadugli."
    record = _record(body, [("RETREAT", "Tamazuj", None, "Kadugli"),
                            ("ASSAULT", "RSF's Tamazuj Battalion", None, "Kadugli")],
                     entities=[("RSF", "ORG", (), None), ("Tamazuj", "ORG", (), None)])
    at = body.rindex("Tamazuj")
    record.entities[1].mentions.append(Span(start=at, end=at + 7, text="Tamazuj"))
    record = _resolved(record)
    assert [e.actor.key for e in record.events] == ["t:rsf", "t:rsf"]
    # a country's unit is not an armed group's
    other = _resolved(_record("Sudan's Kadugli Garrison repelled an attack.",
                              [("ASSAULT", "Sudan's Kadugli Garrison", None, "Kadugli")]))
    assert other.events[0].actor.key != "t:rsf"


def test_registry_links_two_names_of_one_body_by_their_meaning_but_not_two_bodies(db):
    from newsledger.analysis import _embed
    from newsledger.ledger import Ledger

    if not _embed.available():
        pytest.skip("the MiniLM packages are not installed")

    def report(name: str, input: str) -> Record:
        return _resolved(_record(f"The {name} accused the police in Kadugli.", [("ACCUSE", name, "police", None)],
                                 entities=[(name, "ORG", (), None)], input=input))

    records = [report("Tendelti State Prosecutor's Office", "a.txt"), report("Tendelti state prosecutors", "b.txt"),
               report("Tendelti Rights Observatory", "c.txt"), report("Tendelti Relief Network", "d.txt")]
    assert records[0].events[0].actor.kind == records[1].events[0].actor.kind
    with Ledger(db) as ledger:
        for record in records:
            ledger.ingest(record)
        ids = {row["input"]: row["actor_id"] for row in ledger.actor_mentions() if row["role"] == "actor"}
    assert ids["a.txt"] == ids["b.txt"]
    assert len({ids["a.txt"], ids["c.txt"], ids["d.txt"]}) == 3
    # a name from another sentence ("He said ..." of the police's spokesman): as the report names it
    body2 = "The Police Public Relations Officer in Kadugli spoke. He said five men were arrested."
    record2 = _record(body2, [("COERCE", "Police Public Relations", "five men", "Kadugli")],
                      entities=[("Police Public Relations", "ORG", (), None)])
    at = body2.index("Police")
    record2.entities[0].mentions[0] = Span(start=at, end=at + 23, text="Police Public Relations")
    record2.events[0] = record2.events[0].model_copy(update={"evidence": Evidence(
        text="He said five men were arrested.", start=body2.index("He"), end=len(body2))})
    actor = _resolved(record2).events[0].actor
    assert (actor.kind, actor.key, actor.role) == ("police", "t:SDN.police", "public relations officer")


def test_a_weapons_strike_and_the_month_of_march_tell_of_no_protest():
    assert not actors.tells_of_protest("A drone strike on a market in Kadugli killed nine people.")
    assert not actors.tells_of_protest("KADUGLI, Sudan, March 3 (Wire) - Gunmen attacked the village of Tullus.")
    assert not actors.tells_of_protest("The strike killed eleven people.")
    assert actors.tells_of_protest("Teachers went on strike in Kadugli.")
    assert actors.tells_of_protest("The farmers' strike entered its third day.")
    assert actors.tells_of_protest("Hundreds marched to the governor's office.")
    body = "KADUGLI, Sudan, March 3 (Wire) - A drone strike on a market in Kadugli killed nine people."
    record = _resolved(_record(body, [("ASSAULT", "RSF", "a market", "Kadugli")], entities=[("RSF", "ORG", (), None)]))
    assert record.events[0].target.kind == "civilians"


def test_members_cut_before_whose_they_are_are_read_whole():
    body = "Fighters of the Rapid Support Forces shelled Kadugli. Gunmen of the Jebel Lions Brigade raided a farm."
    record = _resolved(_record(body, [("ASSAULT", "Fighters", None, "Kadugli"), ("ASSAULT", "Gunmen", "a farm", "Kadugli")]))
    first, second = record.events[0].actor, record.events[1].actor
    assert (first.name, first.key) == ("Fighters of the Rapid Support Forces", "t:rsf")
    assert (second.name, second.key) == ("Gunmen of the Jebel Lions Brigade", "o:jebel lions brigade")


def test_a_government_body_with_a_name_of_its_own_is_itself():
    def actor(phrase: str):
        return _resolved(_record(f"The {phrase} accused the RSF.", [("ACCUSE", phrase, "RSF", None)])).events[0].actor

    revenue = actor("Sudanese Revenue Authority")
    assert (revenue.kind, revenue.country, revenue.key) == ("government", "SDN", "o:sudanese revenue authority|SDN")
    assert actor("Government of the Republic of Sudan").key == "t:SDN.government"
    assert actor("Sudanese government").key == "t:SDN.government"
    # a body's own name of that form is itself
    mdc = _resolved(_record("The Movement for Democratic Change accused the police.",
                            [("ACCUSE", "Movement for Democratic Change", "police", None)])).events[0].actor
    assert mdc.key == "o:movement for democratic change"


def test_a_deed_is_never_coded_as_someone():
    body = "The RSF rejected involvement in Kadugli. The army condemned the killings. A witness accused the RSF."
    record = _resolved(_record(body, [("REJECT", "RSF", "involvement", "Kadugli"), ("ACCUSE", "army", "the killings", "Kadugli"),
                                      ("ACCUSE", "A witness", "RSF", "Kadugli")], entities=[("RSF", "ORG", (), None)]))
    assert [e.target.kind if e.target else None for e in record.events[:2]] == [None, None]
    assert record.events[2].actor.kind is not None


def test_a_qualified_demonym_leaves_the_word_to_the_country_it_usually_names():
    table = _actor_table.shipped()
    assert table.countries["dominican"] == "DOM"
    assert table.countries["dominica"] == "DMA"
    envoy = _resolved(_record("The Dominican ambassador accused Haiti of delays.",
                              [("ACCUSE", "Dominican ambassador", "Haiti", None)], country="DO")).events[0].actor
    assert (envoy.country, envoy.kind) == ("DOM", "government")


def test_a_name_typed_a_person_that_ends_with_a_bodys_word_is_a_body():
    body = "The Kelo Valley Peace Network accused the RSF of looting. Amina Kelo accused the RSF too."
    record = _resolved(_record(body, [("ACCUSE", "Kelo Valley Peace Network", "RSF", "Kadugli"),
                                      ("ACCUSE", "Amina Kelo", "RSF", "Kadugli")],
                               entities=[("Kelo Valley Peace Network", "PERSON", (), None),
                                         ("Amina Kelo", "PERSON", (), None)]))
    network, person = record.events[0].actor, record.events[1].actor
    assert (network.kind, network.key) == ("NGO", "o:kelo valley peace network")
    assert person.key == "p:amina kelo" and person.kind != "NGO"


def test_and_inside_a_name_joins_its_words_and_between_two_actors_splits_them():
    body = "The Commission for the Missing and Victims of Torture accused the police. The RSF and the army clashed."
    record = _resolved(_record(body, [("ACCUSE", "Commission for the Missing and Victims of Torture", "police", "Kadugli"),
                                      ("ASSAULT", "RSF and the army", None, "Kadugli")]))
    commission, both = record.events[0].actor, record.events[1].actor
    assert commission.key == "o:commission for the missing and victims of torture"
    assert commission.key != "t:SDN.government"
    assert both.key == "t:rsf"


def test_a_post_struck_is_the_forces_whose_post_it_is(tmp_path: Path):
    path = tmp_path / "mine.csv"
    path.write_text("id,name,kind,country,aliases,cues\n"
                    "kdf_sd,Kelo Defence Force,state forces,SDN,KDFS,\n", encoding="utf-8")
    body = "Gunmen attacked the KDFS post near Kadugli."
    record = _resolved(_record(body, [("ASSAULT", "Gunmen", "the KDFS post", "Kadugli")]), _actor_table.load(path))
    assert record.events[0].target.key == "t:kdf_sd"


def test_a_communitys_armed_men_called_by_another_kind_word_are_the_table_group(tmp_path: Path):
    path = tmp_path / "mine.csv"
    path.write_text("id,name,kind,country,aliases,cues\n"
                    "kelani,Kelani Separatists,rebel group,SDN,Kelani separatists|Kelani fighters,\n", encoding="utf-8")
    table = _actor_table.load(path)
    for words in ("Kelani separatist fighters", "Kelani insurgents"):
        rec = _resolved(_record(f"{words} attacked a convoy near Kadugli.", [("ASSAULT", words, "convoy", "Kadugli")]),
                        table)
        assert rec.events[0].actor.key == "t:kelani", words


def test_the_table_knows_more_national_forces_by_their_own_names():
    table = _actor_table.shipped()
    for alias, actor_id in (("TNI", "IDN.military"), ("Polri", "IDN.police"), ("FACA", "CAF.military"),
                            ("PNH", "HTI.police"), ("PNGDF", "PNG.military"), ("FADM", "MOZ.military")):
        assert actor_id in table.index[_actor_table.norm(alias)], alias


def test_a_title_of_a_place_typed_a_person_is_an_office_and_organisers_who_march_protest():
    body = "The Prefect of Kelo condemned the raid on Kadugli. Organisers marched through Kadugli."
    record = _resolved(_record(body, [("ACCUSE", "Prefect of Kelo", "raid", "Kadugli"),
                                      ("PROTEST", "Organisers", None, "Kadugli")],
                               entities=[("Prefect of Kelo", "PERSON", (), None)]))
    prefect, organisers = record.events[0].actor, record.events[1].actor
    assert (prefect.kind, prefect.key) == ("government", "o:prefect of kelo")
    assert (organisers.kind, organisers.key) == ("protesters", "g:protesters|SDN")


def test_a_name_two_countries_bodies_share_is_the_one_of_the_reports_country():
    body = "The Policía Nacional dispersed rice farmers near Kadugli. Farmers blocked the road in Kadugli."
    record = _resolved(_record(body, [("COERCE", "Policía Nacional", "rice farmers", "Kadugli")],
                               entities=[("Policía Nacional", "ORG", (), None)], country="PE"))
    assert record.events[0].actor.key == "t:PER.police"


def test_a_figures_group_ends_where_the_events_word_begins():
    sentence = "Hundreds of young men set up barricades of burning tyres on the main road."
    assert actors._quantity_of("Hundreds", sentence, "set") == "Hundreds of young men"
    assert actors._quantity_of("Dozens", "Dozens of traders blocked the road.", "blocked") == "Dozens of traders"
