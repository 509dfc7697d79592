"""Page furniture is never an actor: a live blog's clock time or a dateline run into a name, the
report's own writers, and (a learned feature) its publisher. All reports here are fictional."""

from __future__ import annotations

from test_entities import run as run_entities
from test_events import run as run_events

from newsledger.analysis import _event_actors
from newsledger.record import Article, Byline, Entity, Event, Evidence, Record, Ref, Span


def test_a_spaced_dash_or_a_clock_time_is_no_part_of_a_name():
    text = ("KISUMU - Twelve traders were hurt on Monday. 10:15 Lakeside Youth Front members "
            "blocked the ferry road.")
    record = run_entities(text, labels={"KISUMU - Twelve": "GPE", "10:15 Lakeside Youth Front": "ORG"})
    names = {e.name for e in record.entities}
    assert "Lakeside Youth Front" in names
    assert not any(" - " in n or n[:1].isdigit() for n in names), names
    assert "Twelve" not in names and "KISUMU" in names  # past the dash a number, no name


def test_the_doer_phrase_starts_after_a_live_blog_clock_time():
    record = run_events("14:20 Armed men stormed a police post in Gao on Monday, residents said.")
    actors = [e.actor.name for e in record.events if e.type == "ASSAULT" and e.actor]
    assert actors and all(not a[:1].isdigit() for a in actors), actors


def _record_with_writer_as_doer(byline: str) -> Record:
    body = "Amina Sule: Gunmen raided the market in Bauchi on Sunday, residents said."
    start = body.index("Amina Sule")
    writer = Entity(id="p1", name="Amina Sule", type="PERSON",
                    mentions=[Span(start=start, end=start + len("Amina Sule"), text="Amina Sule")])
    event = Event(type="ASSAULT", actor=Ref(name="Amina Sule", entity_id="p1"),
                  evidence=Evidence(text=body, start=0, end=len(body)), trigger="raided")
    return Record(input="t", article=Article(body=body, byline=[Byline(name=byline)]),
                  entities=[writer], events=[event])


def test_the_reports_own_writer_never_acts_in_its_events():
    record = _record_with_writer_as_doer("AMINA SULE")
    out = _event_actors.infer(record, [0])
    assert out[0].actor is None or out[0].actor.name != "Amina Sule"
    # someone else's byline leaves her be (the rules' pick stands)
    other = _record_with_writer_as_doer("Bello Garba")
    assert _event_actors.infer(other, [0])[0].actor.name == "Amina Sule"


def test_the_publisher_feature_reads_the_outlet_by_its_words():
    record = Record(input="t", article=Article(body="x", publisher="Lakeside Evening Wire"))
    cand = _event_actors.Candidate(Ref(name="Lakeside"), None)
    assert _event_actors._publisher(cand, record)
    assert not _event_actors._publisher(_event_actors.Candidate(Ref(name="lakeside police"), None), record)
    assert not _event_actors._publisher(_event_actors.Candidate(Ref(name="Kisumu"), None), record)


def test_the_actor_chooser_reads_what_a_name_says_it_is():
    armed, armed_doing, victim, victim_doing, media, acronym = _event_actors._word_classes("RSF fighters", True)
    assert armed and armed_doing and acronym and not victim
    got = _event_actors._word_classes("Six women", True)
    assert got[2] and got[3] and not got[0]
    assert _event_actors._word_classes("the radio station", False)[4]
    assert _event_actors._word_classes("the army", False)[:2] == [1.0, 0.0]


def test_a_town_of_the_reports_country_is_no_actor_whatever_the_tagger_called_it():
    from newsledger.record import Entity, Place, Span
    body = "Gunmen attacked a convoy heading for Tete on Monday, police in Mozambique said."
    record = Record(input="t", article=Article(body=body, published="2025-03-05"))
    record.places.append(Place(name="Mozambique", lat=-18.0, lon=35.0, country="MZ", feature="A.PCLI",
                               mentions=[Span(start=body.index("Mozambique"), end=body.index("Mozambique") + 10,
                                              text="Mozambique")]))
    at = body.index("Tete")
    record.entities.append(Entity(id="e1", name="Tete", type="ORG", mentions=[Span(start=at, end=at + 4, text="Tete")]))
    assert "tete" in _event_actors._towns(record)
    assert _event_actors._place_part("Mozambique's Tete") == "Tete"


def _record_with_doer(body: str, doer: str, entity_type: str | None) -> Record:
    start = body.index(doer)
    entities = [] if entity_type is None else [Entity(
        id="x1", name=doer, type=entity_type, mentions=[Span(start=start, end=start + len(doer), text=doer)])]
    event = Event(type="ASSAULT", actor=Ref(name=doer, entity_id="x1" if entity_type else None),
                  evidence=Evidence(text=body, start=0, end=len(body)), trigger="killed")
    return Record(input="t", article=Article(body=body), entities=entities, events=[event])


def test_only_entities_act_not_a_happening_or_a_building():
    # the attack named as the sentence's subject is what happened, not who did it
    bombing = _record_with_doer("The bombing killed four people at the bus station in Dapo on Friday.",
                                "bombing", None)
    assert _event_actors.infer(bombing, [0])[0].actor is None
    # a prison the tagger names is where the riot was
    prison = _record_with_doer("Hollow Creek Prison saw two inmates killed in a riot on Friday.",
                               "Hollow Creek Prison", "FAC")
    assert _event_actors.infer(prison, [0])[0].actor is None
    # a group named by the sentence stays its doer
    gunmen = _record_with_doer("Gunmen killed four people at the bus station in Dapo on Friday.", "Gunmen", None)
    assert _event_actors.infer(gunmen, [0])[0].actor.name == "Gunmen"
