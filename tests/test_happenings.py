"""One event per happening within a report (analysis/happenings.py), on fictional tellings."""

from __future__ import annotations

from newsledger.analysis.happenings import one_per_happening
from newsledger.pipeline import ANALYSIS
from newsledger.record import Event, Evidence, PlaceRef, Ref

MARKET = PlaceRef(name="Karvo", lat=1.0, lon=2.0, country="XX")
BRIGADE = Ref(name="the Red Hill Brigade", canonical="Red Hill Brigade", kind="rebel group", key="t:red hill brigade")
POLICE = Ref(name="police", canonical="Police Forces of Xland", kind="police", key="t:XX.police")


def _event(text: str, start: int, **fields) -> Event:
    base = dict(type="ASSAULT", date="2024-05-06", place=MARKET, status="asserted")
    base.update(fields)
    return Event(evidence=Evidence(text=text, start=start, end=start + len(text)), **base)


def test_repeated_tellings_of_one_attack_are_one_event_with_the_fullest_telling_and_the_highest_toll():
    lead = _event("Gunmen attacked the market in Karvo on Monday, killing seven people.", 0,
                  actor=BRIGADE, fatalities=7, date_text="on Monday")
    again = _event("The toll rose to eleven overnight.", 80, fatalities=11)
    more = _event("Dozens more were wounded.", 120)
    out = one_per_happening([lead, again, more])
    assert len(out) == 1
    assert out[0].evidence.start == 0  # the telling that states it most fully
    assert out[0].actor == BRIGADE and out[0].fatalities == 11
    # every sentence that tells it stays on the event, in the report's order, each once
    assert [t.start for t in out[0].tellings] == [80, 120]
    assert one_per_happening([lead, lead])[0].tellings == []


def test_a_fuller_later_telling_is_kept_and_the_first_fills_its_gaps():
    vague = _event("The attack was condemned.", 0)
    full = _event("Brigade fighters shot dead four traders in Karvo on Monday, the governor said.", 40,
                  actor=BRIGADE, fatalities=4, date_text="on Monday", mode="small arms")
    out = one_per_happening([vague, full])
    assert len(out) == 1 and out[0].evidence.start == 40 and out[0].mode == "small arms"
    assert [t.text for t in out[0].tellings] == ["The attack was condemned."]


def test_other_days_places_types_statuses_and_actors_stay_apart():
    lead = _event("Gunmen attacked the market in Karvo on Monday.", 0, actor=BRIGADE)
    other_day = _event("A week later they attacked it again.", 50, actor=BRIGADE, date="2024-05-13")
    other_place = _event("A second attack hit Tamsa.", 90, place=PlaceRef(name="Tamsa", lat=3.0, lon=4.0))
    unplaced = _event("An attack was reported somewhere in the north.", 120, place=None)
    arrest = _event("Police arrested two suspects.", 170, type="COERCE", actor=POLICE)
    threat = _event("The brigade threatened to attack again.", 200, status="hypothetical", actor=BRIGADE)
    by_police = _event("Police fired on the crowd.", 240, actor=POLICE)
    events = [lead, other_day, other_place, unplaced, arrest, threat, by_police]
    assert one_per_happening(events) == events


def test_an_uncoded_actor_does_not_keep_two_tellings_apart():
    lead = _event("Gunmen attacked the market in Karvo on Monday.", 0, actor=BRIGADE)
    loose = _event("They fired from the rooftops.", 50, actor=Ref(name="They"))
    assert len(one_per_happening([lead, loose])) == 1


def test_nothing_in_nothing_out_and_the_step_runs_after_the_actors_and_before_the_filter():
    assert one_per_happening([]) == []
    names = [step.name for step in ANALYSIS]
    assert names.index("actors") < names.index("happenings") < names.index("event_filter") == len(names) - 1


def test_a_telling_dated_only_by_inference_joins_the_dated_one_and_takes_its_day():
    lead = _event("Gunmen attacked the market in Karvo on Monday.", 0, actor=BRIGADE, date_text="on Monday",
                  date_precision="day", date_range=["2024-05-06", "2024-05-06"])
    toll = _event("Police say 12 people were killed.", 60, date="2024-05-08", date_text=None, fatalities=12)
    out = one_per_happening([toll, lead])
    assert len(out) == 1
    assert out[0].date == "2024-05-06" and out[0].date_text == "on Monday" and out[0].fatalities == 12


def test_two_tellings_each_with_its_own_day_stay_apart():
    monday = _event("Gunmen attacked the market in Karvo on Monday.", 0, actor=BRIGADE, date_text="on Monday")
    later = _event("They attacked it again on Wednesday.", 60, actor=BRIGADE, date="2024-05-08",
                   date_text="on Wednesday")
    assert len(one_per_happening([monday, later])) == 2


def test_two_words_of_one_sentence_are_one_happening_whatever_place_each_was_given():
    sentence = "Gunmen fired on a convoy near Karvo on Monday, in the first attack on the road."
    fired = _event(sentence, 0, actor=BRIGADE, date_text="on Monday")
    attack = _event(sentence, 0, place=PlaceRef(name="Xland", country="XX"), date_text=None)
    assert len(one_per_happening([fired, attack])) == 1
    elsewhere = _event("An attack on the road near Yoro was reported.", 90, place=PlaceRef(name="Yoro"),
                       date_text=None)
    assert len(one_per_happening([fired, elsewhere])) == 2


def test_a_telling_naming_neither_its_day_nor_its_place_joins_the_one_that_does():
    lead = _event("Gunmen attacked a convoy near Karvo on Monday.", 0, actor=BRIGADE, date_text="on Monday")
    quoted = _event('"Our drivers were ambushed after the border post."', 60, date_text=None, actor=BRIGADE,
                    place=PlaceRef(name="Xland province", country="XX"))
    assert len(one_per_happening([lead, quoted])) == 1
    # one that names a place of its own stays apart
    named = _event("A second convoy was ambushed near Yoro.", 120, date_text=None, actor=BRIGADE,
                   place=PlaceRef(name="Yoro"))
    assert len(one_per_happening([lead, named])) == 2
    # nor does a bare telling join one whose doer is not the same coded actor
    by_police = _event("Police fired on the crowd.", 160, date_text=None, actor=POLICE, place=MARKET)
    assert len(one_per_happening([lead, by_police])) == 2


def test_the_attacked_side_firing_back_is_a_telling_of_the_attack_not_an_event_of_its_own():
    soldiers = Ref(name="The soldiers", canonical="Military Forces of Xland", kind="state forces", key="t:XX.army")
    attack = _event("Gunmen fired on an army convoy near Karvo on Sunday, wounding two soldiers.", 0,
                    actor=BRIGADE, date_text="on Sunday")
    answer = _event("The soldiers returned fire and the attackers fled into the hills.", 80, actor=soldiers)
    out = one_per_happening([attack, answer])
    assert len(out) == 1 and out[0].actor == BRIGADE and [t.start for t in out[0].tellings] == [80]
    # an attack by the army on another day is its own event
    later = _event("Soldiers fired back at a checkpoint near Karvo on Friday.", 160, actor=soldiers, date="2024-05-10")
    assert len(one_per_happening([attack, later])) == 2
