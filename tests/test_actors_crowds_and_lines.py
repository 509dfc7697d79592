"""Actors: people who gather to demand are protesters, a crowd is people, a name never runs across a
line break (short fictional texts)."""

from __future__ import annotations

from newsledger.analysis import actors
from newsledger.record import Article, Event, Evidence, Place, PlaceRef, Quote, Record, Ref, Span, Speaker


def _record(body: str, events: list[tuple[str, str | None, str | None]], *, country: str = "MW",
            quotes: tuple = ()) -> Record:
    evs = []
    for etype, actor, target in events:
        sentence = next((s for s in body.split(". ") if actor and actor in s), body.split(". ")[0])
        at = body.find(sentence)
        evs.append(Event(type=etype, actor=Ref(name=actor) if actor else None,
                         target=Ref(name=target) if target else None,
                         place=PlaceRef(name="Nanga", country=country),
                         evidence=Evidence(text=sentence, start=at, end=at + len(sentence))))
    qs = []
    for text, name in quotes:
        at, m_at = body.find(text), body.find(name)
        qs.append(Quote(text=text, start=at, end=at + len(text), kind="direct", cue="said",
                        speaker=Speaker(name=name, mention=name, start=m_at, end=m_at + len(name))))
    places = [Place(name="Nanga", country=country, mentions=[Span(start=0, end=5, text="Nanga")])]
    record = Record(input="r.txt", article=Article(title="r.txt", body=body, published="2025-06-15"),
                    events=evs, quotes=qs, places=places)
    actors.resolve(record)
    return record


def test_people_who_gather_to_demand_tell_of_a_protest():
    assert actors.tells_of_protest("Relatives of the missing gathered outside the barracks on Friday, demanding news.")
    assert actors.tells_of_protest("Hundreds of traders assembled at the town hall to demand lower market fees.")
    assert not actors.tells_of_protest("Ministers gathered in the capital on Friday for budget talks.")
    assert not actors.tells_of_protest("Officials gathered evidence. They are demanding answers from the firm.")


def test_relatives_gathered_demanding_are_protesters():
    body = "Nanga is quiet. Dozens of relatives gathered outside the barracks in Nanga, demanding news of the missing"
    (e,) = _record(body, [("REQUEST", "Dozens of relatives", None)]).events
    assert (e.actor.kind, e.actor.key) == ("protesters", "g:protesters|MWI")
    body = "Nanga is quiet. Dozens of relatives waited outside the hospital in Nanga for news of the wounded"
    (e,) = _record(body, [("REQUEST", "Dozens of relatives", None)]).events
    assert e.actor.kind == "civilians"


def test_a_crowd_is_people_and_a_crowd_the_police_charge_at_a_protest_is_protesters():
    body = ("Hundreds of teachers marched in Nanga on Monday over unpaid wages. "
            "Riot police charged the crowd with batons near the market")
    _, e = _record(body, [("PROTEST", "Hundreds of teachers", None), ("ASSAULT", "Riot police", "crowd")]).events
    assert (e.target.kind, e.target.key) == ("protesters", "g:protesters|MWI")
    body = "A shell fell on the market of Nanga on Monday. The blast killed four people in the crowd"
    (e,) = _record(body, [("ASSAULT", "Gunmen", "crowd")]).events
    assert e.target.kind == "civilians"


def test_a_name_never_runs_across_a_line_break():
    assert actors.last_line("10:40 GMT\n\nGovernment") == "Government"
    assert actors.last_line("Nanga\n\nThe Kalia Teachers Union") == "The Kalia Teachers Union"
    assert actors.last_line("Government") == "Government"
    assert actors.last_line("Government\n\n12:30") == "Government\n\n12:30"  # no words on the last line
    body = "Update 10:40 GMT\n\nGovernment troops shelled Nanga on Monday"
    (e,) = _record(body, [("ASSAULT", "10:40 GMT\n\nGovernment troops", "Nanga")]).events
    assert e.actor.name == "Government troops"
    assert (e.actor.kind, e.actor.key) == ("state forces", "t:MWI.military")
    body = 'Nanga, 09:15\n\nThe Kalia Teachers Union said: "We will not go back."'
    (q,) = _record(body, [], quotes=(("We will not go back.", "Nanga, 09:15\n\nThe Kalia Teachers Union"),)).quotes
    assert "\n" not in q.speaker.canonical


def test_the_post_of_a_force_named_by_its_kind_word_is_that_force():
    body = "Gunmen attacked a gendarmerie post near Nanga on Monday. Gunmen also stormed a police checkpoint"
    a, b = _record(body, [("ASSAULT", "Gunmen attacked", "gendarmerie post"),
                          ("ASSAULT", "Gunmen also", "police checkpoint")], country="CI").events
    assert (a.target.kind, a.target.key) == ("state forces", "t:CIV.military")
    assert (b.target.kind, b.target.key) == ("police", "t:CIV.police")


def test_border_guards_and_a_state_security_committee_are_state_forces_of_their_own_country():
    body = "The Border Service detained two herders near Nanga on Monday. The Ostrian Border Troops fired on a post"
    a, b = _record(body, [("COERCE", "Border Service", "two herders"),
                          ("ASSAULT", "Ostrian Border Troops", "post")], country="KG").events
    assert (a.actor.kind, a.actor.country) == ("state forces", "KGZ")
    assert b.actor.kind == "state forces"
    body = "The State Committee for National Security detained a journalist in Nanga on Monday"
    (kg,) = _record(body, [("COERCE", "State Committee for National Security", "journalist")], country="KG").events
    (tj,) = _record(body, [("COERCE", "State Committee for National Security", "journalist")], country="TJ").events
    assert kg.actor.kind == tj.actor.kind == "state forces"
    # a name of kind words only is the body of its own country: two countries' committees stay apart
    assert kg.actor.key != tj.actor.key and kg.actor.key.endswith("|KGZ") and tj.actor.key.endswith("|TJK")


def test_a_capitalised_lead_word_is_the_one_body_whose_name_leads_with_it():
    from newsledger.record import Entity

    body = ("The Coalition for Fair Fares in Nanga called a march on Monday. "
            "The Coalition marched to the town hall. The coalition then blocked the bridge")
    record = Record(input="r.txt", article=Article(title="r.txt", body=body, published="2025-06-15"),
                    entities=[Entity(id="e1", name="Coalition for Fair Fares", type="ORG", mentions=[
                        Span(start=4, end=28, text="Coalition for Fair Fares")])],
                    events=[Event(type="PROTEST", actor=Ref(name=name), place=PlaceRef(name="Nanga", country="MW"),
                                  evidence=Evidence(text=sentence, start=body.find(sentence),
                                                    end=body.find(sentence) + len(sentence)))
                            for name, sentence in (("The Coalition", "The Coalition marched to the town hall"),
                                                   ("Coalition for Fair Fares", body.split(". ")[0]))],
                    places=[Place(name="Nanga", country="MW", mentions=[Span(start=45, end=50, text="Nanga")])])
    actors.resolve(record)
    short, full = record.events
    assert short.actor.key == full.actor.key and short.actor.key.startswith("o:coalition for fair fares")


def test_intruders_no_one_names_are_an_unidentified_armed_group():
    body = "Intruders stormed a displacement site near Nanga overnight, killing two men"
    (e,) = _record(body, [("ASSAULT", "Intruders", "two men")], country="CF").events
    assert (e.actor.kind, e.actor.key) == ("rebel group", "g:unidentified|CAF")
