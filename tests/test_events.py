"""events: PLOVER events from fictional reports, with entities/places/quotes filled by hand."""

from __future__ import annotations

import re

import pytest

from newsledger.analysis import _event_keep, dates, events
from newsledger.language import parse
from newsledger.record import Article, Entity, Place, Quote, Record, Speaker, Span

TUESDAY = "2024-05-07"


@pytest.fixture(autouse=True)
def _rules_only(monkeypatch):
    """These tests read the rules' own events (type, status, arguments); the learned filter that
    leaves out events no coder would enter has its tests in test_event_keep.py."""
    monkeypatch.setattr(_event_keep, "shipped", lambda: None)


def spans(text: str, surface: str) -> list[Span]:
    return [Span(start=m.start(), end=m.end(), text=surface)
            for m in re.finditer(r"\b" + re.escape(surface) + r"\b", text)]


def run(text: str, *, entities=(), places=(), quotes=(), published: str | None = TUESDAY) -> Record:
    """entities: (name, type, [surfaces]); places: (name, [surfaces]); quotes: (quoted text, speaker)."""
    record = Record(input="t", article=Article(body=text, published=published))
    for n, (name, etype, surfaces) in enumerate(entities):
        record.entities.append(Entity(id=f"e{n}", name=name, type=etype,
                                      mentions=[s for surface in surfaces for s in spans(text, surface)]))
    for name, surfaces, *feature in places:  # (name, surfaces[, GeoNames feature])
        record.places.append(Place(name=name, lat=1.0, lon=2.0, geonameid=1, country="XX",
                                   feature=feature[0] if feature else None,
                                   mentions=[s for surface in surfaces for s in spans(text, surface)]))
    for quoted, speaker in quotes:
        start = text.index(quoted)
        record.quotes.append(Quote(text=quoted, start=start, end=start + len(quoted), kind="direct",
                                   cue="said", speaker=Speaker(name=speaker)))
    doc = parse(text)
    dates.annotate(doc, record)
    events.annotate(doc, record)
    for e in record.events:
        assert text[e.evidence.start:e.evidence.end] == e.evidence.text
    return record


def only(record: Record, type_: str):
    found = [e for e in record.events if e.type == type_]
    assert len(found) == 1, [(e.type, e.trigger, e.status) for e in record.events]
    return found[0]


def test_air_strikes_with_light_verb_instrument_place_date_and_fatalities():
    text = "Ruritanian forces launched air strikes on Zenda on Monday, killing 12 people."
    rec = run(text, places=[("Zenda", ["Zenda"])])
    e = only(rec, "ASSAULT")
    assert e.mode == "aerial"
    assert e.acled and (e.acled.event_type, e.acled.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert e.actor and e.actor.name == "Ruritanian forces"
    assert e.place and e.place.name == "Zenda" and e.place.geonameid == 1
    assert (e.date, e.date_text) == ("2024-05-06", "Monday")
    assert e.fatalities == 12
    assert e.status == "asserted" and e.source is None


def test_send_troops_into_a_town_is_an_incursion_and_to_a_border_a_deployment():
    text = ("Ostland sent troops into Belmont on Sunday night. "
            "Westria sent reinforcements to the northern border.")
    rec = run(text, entities=[("Ostland", "GPE", ["Ostland"]), ("Westria", "GPE", ["Westria"])],
              places=[("Belmont", ["Belmont"])])
    kinds = {(e.type, e.actor.name if e.actor else None) for e in rec.events}
    assert ("ASSAULT", "Ostland") in kinds and ("MOBILIZE", "Westria") in kinds
    incursion = next(e for e in rec.events if e.type == "ASSAULT")
    assert incursion.place.name == "Belmont" and incursion.date == "2024-05-05"
    assert next(e for e in rec.events if e.type == "MOBILIZE").mode == "troops"


def test_participle_shares_subject_place_and_date_and_repeated_seizure_merges():
    text = ("Ostland sent troops into Belmont on Monday night, seizing the main checkpoint. "
            "The Ostland army said it had taken control of the Belmont checkpoint. "
            "Aid groups condemned Ostland's seizure of the checkpoint.")
    rec = run(text, entities=[("Ostland", "GPE", ["Ostland"])],
              places=[("Belmont", ["Belmont"])])
    seizures = [e for e in rec.events if e.trigger in ("seizing", "taken", "seizure")]
    assert len(seizures) == 1
    s = seizures[0]
    # the force named in a later mention is more specific than the state: it wins the merge
    assert s.type == "ASSAULT" and s.actor.name == "Ostland army" and s.date == "2024-05-06"
    assert s.place and s.place.name == "Belmont"


def test_agreement_accept_with_acled_and_merged_mentions():
    text = ("The Freedom Front accepted the truce on Sunday. "
            "Mediators praised the truce accepted by the Freedom Front.")
    rec = run(text, entities=[("Freedom Front", "ORG", ["Freedom Front"])])
    agree = [e for e in rec.events if e.type == "AGREE"]
    assert len(agree) == 1
    a = agree[0]
    assert a.actor.name == "Freedom Front" and a.actor.entity_id == "e0"
    assert a.acled and a.acled.sub_event_type == "Agreement" and a.acled.event_type == "Strategic developments"
    assert a.date == "2024-05-05" and a.status == "asserted"


def test_reject_with_date_and_verbal_types_have_no_acled():
    text = "On Tuesday, Prime Minister Anna Varga rejected the proposal."
    rec = run(text, entities=[("Anna Varga", "PERSON", ["Anna Varga"])])
    e = only(rec, "REJECT")
    assert e.actor.name == "Anna Varga" and e.date == TUESDAY and e.acled is None
    assert e.target and e.target.name == "proposal"


def test_planned_travel_for_talks_is_consult_with_place():
    text = "The foreign minister will travel to Vienna for talks on Thursday."
    rec = run(text, places=[("Vienna", ["Vienna"])])
    e = only(rec, "CONSULT")
    assert e.status == "planned" and e.place.name == "Vienna" and e.date == "2024-05-09"


def test_reported_would_is_planned_and_bare_would_is_hypothetical():
    text = ("The president said negotiators would fly to Geneva for talks. "
            "Under the plan, the rebels would release 40 prisoners.")
    rec = run(text, places=[("Geneva", ["Geneva"])])
    assert only(rec, "CONSULT").status == "planned"
    release = only(rec, "RETREAT")
    assert release.status == "hypothetical" and release.mode == "release"


def test_could_and_if_are_hypothetical():
    text = ("Officials fear an assault on Belmont could displace thousands. "
            "If the army attacks the rebels, the talks would collapse.")
    rec = run(text, places=[("Belmont", ["Belmont"])])
    assert rec.events and all(e.status == "hypothetical" for e in rec.events if e.type == "ASSAULT")


def test_negated_and_denied():
    text = ("The border crossing at Kesh was not closed on Friday. "
            "The ministry denied that its troops had shelled the village of Oda.")
    rec = run(text, places=[("Kesh", ["Kesh"]), ("Oda", ["Oda"])])
    assert only(rec, "COERCE").status == "negated"
    shelled = only(rec, "ASSAULT")
    assert shelled.status == "denied" and shelled.mode == "heavy-weapons"
    assert shelled.acled.sub_event_type == "Shelling/artillery/missile attack"


def test_attack_targets_decide_the_acled_type():
    text = ("Gunmen attacked soldiers near Tarn on Saturday. "
            "A week later militants attacked civilians in Voss.")
    rec = run(text, places=[("Tarn", ["Tarn"]), ("Voss", ["Voss"])])
    by_place = {e.place.name: e for e in rec.events if e.type == "ASSAULT"}
    assert by_place["Tarn"].acled.sub_event_type == "Armed clash"
    assert by_place["Voss"].acled.sub_event_type == "Attack"
    assert by_place["Voss"].acled.event_type == "Violence against civilians"
    assert by_place["Tarn"].target.name == "soldiers"


def test_noun_attack_takes_its_actor_target_and_weekend_date():
    text = "The crossing was closed after a deadly Freedom Front attack on border guards at the weekend."
    rec = run(text, entities=[("Freedom Front", "ORG", ["Freedom Front"])])
    attack = only(rec, "ASSAULT")
    assert attack.actor.name == "Freedom Front"
    assert attack.target.name == "border guards"
    assert (attack.date, attack.date_text) == ("2024-05-04", "the weekend")
    assert attack.fatalities is None  # "deadly" gives no number
    closure = only(rec, "COERCE")
    # the closure's day is not stated ("after ... at the weekend" dates the attack, not it)
    assert closure.actor is None and closure.mode == "restrict" and closure.date_text is None
    assert closure.date != attack.date and closure.date_precision in ("days", "unknown")


def test_arrests_and_protests():
    text = ("On Saturday, thousands of students protested in Lisbon. "
            "Police arrested 30 demonstrators in Lisbon on Sunday.")
    rec = run(text, places=[("Lisbon", ["Lisbon"])])
    protest = only(rec, "PROTEST")
    assert protest.acled.sub_event_type == "Peaceful protest" and protest.date == "2024-05-04"
    arrest = only(rec, "COERCE")
    assert arrest.mode == "arrest" and arrest.acled.sub_event_type == "Arrests"
    assert arrest.actor.name == "Police" and arrest.date == "2024-05-05"


def test_call_on_civilians_to_evacuate_is_a_request():
    text = "The army on Monday called on residents of Belmont to evacuate the area."
    rec = run(text, places=[("Belmont", ["Belmont"])])
    e = only(rec, "REQUEST")
    assert e.actor.name == "army" and e.target.name == "residents" and e.date == "2024-05-06"


def test_dispatching_an_envoy_is_consult_not_mobilize():
    text = "President Lena Ortiz has dispatched envoy Tom Reyes to Kairo to join the negotiations."
    rec = run(text, entities=[("Lena Ortiz", "PERSON", ["Lena Ortiz"]), ("Tom Reyes", "PERSON", ["Tom Reyes"])],
              places=[("Kairo", ["Kairo"])])
    assert not any(e.type == "MOBILIZE" for e in rec.events)
    sent = [e for e in rec.events if e.type == "CONSULT" and e.status == "asserted"]
    assert len(sent) == 1
    e = sent[0]
    assert e.actor.name == "Lena Ortiz" and e.place.name == "Kairo" and e.target is None
    # Joining the negotiations is the envoy's aim, not yet a happening.
    assert all(x.status == "hypothetical" for x in rec.events if x.trigger == "negotiations")


def test_source_from_quote_and_from_reporting_verb():
    text = ("“Our forces shelled the depot in Mara,” said Colonel Ivo Brandt. "
            "Local officials said militias had kidnapped two aid workers in Sela.")
    rec = run(text, places=[("Mara", ["Mara"]), ("Sela", ["Sela"])],
              quotes=[("Our forces shelled the depot in Mara,", "Ivo Brandt")])
    shelled = next(e for e in rec.events if e.trigger == "shelled")
    assert shelled.source and shelled.source.name == "Ivo Brandt"
    kidnap = next(e for e in rec.events if e.trigger == "kidnapped")
    assert kidnap.source and kidnap.source.name == "Local officials"
    assert kidnap.mode == "abduct" and kidnap.acled.sub_event_type == "Abduction/forced disappearance"


def test_pronoun_subject_of_reported_clause_is_the_reporter():
    text = "The Ostland army said it had arrested the mayor of Tiva on Sunday."
    rec = run(text, places=[("Tiva", ["Tiva"])])
    e = only(rec, "COERCE")
    assert e.actor.name == "Ostland army" and e.date == "2024-05-05"


def test_reporting_and_background_talks_are_not_events():
    text = ("The spokesman said the talks were useful. Mediators have for months been "
            "facilitating talks between the two sides.")
    assert run(text).events == []


def test_no_date_in_sentence_gives_no_stated_date():
    # Nothing in the text dates it: no date_text, and never a day's precision. The learned
    # chooser may still place it in the days before the report (precision "days"), or leave it
    # "unknown", bounded by the report's date.
    text = "Rebels shelled the airport of Tarn."
    rec = run(text, places=[("Tarn", ["Tarn"])])
    e = only(rec, "ASSAULT")
    assert e.date_text is None and e.date_precision in ("days", "unknown")
    assert e.date_range[1] is None or e.date_range[1] <= TUESDAY


def test_seed_report_events(seed_path):
    """The reference report end to end (read from ../shared; skipped when absent)."""
    from newsledger import extract

    rec = extract(str(seed_path), published="2024-05-07")
    ev = rec.events
    entry = [e for e in ev if e.place and e.place.name == "Rafah" and e.date == "2024-05-06"
             and e.type in ("MOBILIZE", "ASSAULT")]
    assert entry and "Israel" in entry[0].actor.name
    assert any(e.type == "AGREE" and e.actor and e.actor.name == "Hamas" and e.status == "asserted"
               and e.acled and e.acled.sub_event_type == "Agreement" for e in ev)
    assert any(e.type == "REJECT" and e.date == "2024-05-07" for e in ev)
    assert any(e.type == "CONSULT" and e.status == "planned" and e.place and e.place.name == "Cairo" for e in ev)
    attack = [e for e in ev if e.type == "ASSAULT" and e.date == "2024-05-04"]
    assert attack and attack[0].actor.name == "Hamas" and "soldiers" in attack[0].target.name
    assert any(e.type == "ASSAULT" and e.mode == "aerial" for e in ev)
    # The proposal's terms are not reported as things that happened.
    assert all(e.status != "asserted" for e in ev if e.type == "RETREAT")
    # One event per happening: the crossing's seizure is told four times.
    assert len([e for e in ev if e.trigger in ("seizing", "taken", "seizure", "taking")]) == 1
    # The other crossing closed, the evacuation call, and the CIA director sent to the region.
    assert any(e.type == "COERCE" and e.place and "Kerem Shalom" in e.place.name for e in ev)
    assert any(e.type == "REQUEST" and e.date == "2024-05-06" and e.target and "civilians" in e.target.name
               and e.place and e.place.name == "Rafah" for e in ev)
    assert any(e.type == "CONSULT" and e.actor and "Biden" in e.actor.name and e.place
               and e.place.name == "Middle East" for e in ev)


def indirect(text: str, quoted: str, cue: str, speaker: str) -> Quote:
    start = text.index(quoted)
    return Quote(text=quoted, start=start, end=start + len(quoted), kind="indirect", cue=cue,
                 speaker=Speaker(name=speaker))


def run_with_quotes(text: str, quotes: list[Quote]) -> Record:
    record = Record(input="t", article=Article(body=text, published=TUESDAY))
    record.quotes.extend(quotes)
    doc = parse(text)
    dates.annotate(doc, record)
    events.annotate(doc, record)
    return record


def test_a_mediators_proposal_is_mediation_not_agreement():
    rec = run("Two weeks ago international mediators put forward a plan for a truce in Belmont.",
              places=[("Belmont", ["Belmont"])])
    assert not [e for e in rec.events if e.type == "AGREE"]
    e = only(rec, "CONSULT")
    assert e.mode == "third-party" and e.actor and e.actor.name == "international mediators"
    # the same verb by a party itself is still its own offer
    rec = run("The Ostland government put forward a plan for a truce.",
              entities=[("Ostland", "GPE", ["Ostland"])])
    assert only(rec, "AGREE").trigger == "put"


def test_source_only_from_a_report_of_the_event():
    text = "The Ostland president reiterated his rejection of the truce plan."
    rec = run_with_quotes(text, [indirect(text, "his rejection of the truce plan", "reiterated",
                                          "The Ostland president")])
    assert only(rec, "REJECT").source is None  # his own act, not his report of it
    text = "The Ostland president said his government had rejected the truce plan."
    rec = run_with_quotes(text, [indirect(text, "his government had rejected the truce plan", "said",
                                          "The Ostland president")])
    assert only(rec, "REJECT").source.name == "The Ostland president"


def test_a_wide_indirect_quote_does_not_credit_later_sentences():
    text = ("A spokesman said talks would resume soon. Westria rejected the truce plan on Monday.")
    wide = Quote(text=text[17:], start=17, end=len(text), kind="indirect", cue="said",
                 speaker=Speaker(name="A spokesman"))
    rec = run_with_quotes(text, [wide])
    assert only(rec, "REJECT").source is None


# ---------------------------------------------------------------- typing from the PLOVER definitions

def test_a_march_is_a_protest_and_its_purpose_clause_is_not_an_aim():
    text = "Hundreds of nurses marched through Zenda on Monday to protest against pay cuts."
    rec = run(text, places=[("Zenda", ["Zenda"])])
    protests = [e for e in rec.events if e.type == "PROTEST"]
    assert protests and all(e.status == "asserted" for e in protests)
    first = protests[0]
    assert first.trigger == "marched" and first.mode == "demo"
    assert first.acled and first.acled.sub_event_type == "Peaceful protest"
    assert first.place and first.place.name == "Zenda" and first.date == "2024-05-06"
    assert not [e for e in rec.events if e.type in ("REQUEST", "COERCE")]


def test_troops_marching_are_not_protesters_and_a_month_is_not_a_march():
    rec = run("Government troops marched into Strelsau in March.")
    assert not [e for e in rec.events if e.type == "PROTEST"]
    rec = run("The march was peaceful, organisers said.")
    assert [e.type for e in rec.events if e.trigger == "march"] in ([], ["PROTEST"])


def test_protesters_blocking_a_road_obstruct_it_but_the_army_closing_a_crossing_coerces():
    rec = run("Farmers blocked the main road to Zenda on Tuesday.", places=[("Zenda", ["Zenda"])])
    e = only(rec, "PROTEST")
    assert e.mode == "obstruct" and e.actor and e.actor.name == "Farmers"
    rec = run("The army closed the Zenda crossing on Tuesday.", places=[("Zenda", ["Zenda"])])
    assert only(rec, "COERCE").mode == "restrict"


def test_work_stoppages_are_strikes():
    rec = run("Dockworkers went on strike at the port on Monday.")
    e = only(rec, "PROTEST")
    assert e.mode == "strike" and e.actor and e.actor.name == "Dockworkers"
    rec = run("Miners downed tools at the Zenda pit on Monday.", places=[("Zenda", ["Zenda"])])
    assert only(rec, "PROTEST").mode == "strike"
    rec = run("Thousands of teachers stopped work on Monday.")
    assert only(rec, "PROTEST").mode == "strike"
    rec = run("Two prisoners began a hunger strike on Monday.")
    assert only(rec, "PROTEST").mode == "hunger"


def test_signing_is_agree_done_or_to_come():
    # the project's coding instructions (bench/corpus/INSTRUCTIONS.md): AGREE = agree to, sign, reach a deal
    rec = run("The union and the port authority signed a wage agreement in Zenda on Monday.",
              places=[("Zenda", ["Zenda"])])
    e = only(rec, "AGREE")
    assert e.acled and e.acled.sub_event_type == "Agreement" and e.status == "asserted"
    rec = run("The ceasefire signed on Monday by the two sides was greeted with relief.")
    assert only(rec, "AGREE").date == "2024-05-06"
    rec = run("The two sides will sign the truce on Friday.")
    e = only(rec, "AGREE")
    assert e.status == "planned" and e.acled is None
    rec = run("Negotiators reached a deal on fishing rights on Monday.")
    assert only(rec, "AGREE").trigger == "reached"


def test_abductions_are_assault_abduct_whoever_reports_them():
    for text in ("Gunmen kidnapped six miners near Zenda on Monday.",
                 "Gunmen seized six workers at a mine near Zenda on Monday."):
        e = only(run(text, places=[("Zenda", ["Zenda"])]), "ASSAULT")
        assert e.mode == "abduct", text
        assert e.acled and e.acled.sub_event_type == "Abduction/forced disappearance"


def test_a_raid_by_gunmen_is_an_assault_and_a_police_raid_coerces():
    rec = run("Gunmen raided a village near Zenda on Monday.", places=[("Zenda", ["Zenda"])])
    assert only(rec, "ASSAULT").trigger == "raided"
    rec = run("Police raided the offices of the federation on Monday.")
    assert only(rec, "COERCE").mode == "seize"


def test_freed_captives_and_delivered_food_aid_through_quantities():
    rec = run("Six of the miners were freed on Thursday.")
    assert only(rec, "RETREAT").mode == "release"
    rec = run("The Red Crescent delivered 300 tonnes of rice to villages near Zenda on Tuesday.",
              places=[("Zenda", ["Zenda"])])
    e = only(rec, "AID")
    assert e.actor and e.actor.name == "Red Crescent" and e.date == TUESDAY


def test_a_day_of_talks_is_a_consultation():
    rec = run("The two delegations ended the first day of talks in Zenda on Monday.",
              places=[("Zenda", ["Zenda"])])
    assert only(rec, "CONSULT").place.name == "Zenda"


def test_failing_to_reach_a_deal_is_a_rejection():
    rec = run("The two sides failed to reach a deal on fishing rights on Monday.")
    e = only(rec, "REJECT")
    assert e.acled is None and not [x for x in rec.events if x.type in ("AGREE", "SUPPORT")]


def test_air_strikes_backing_a_ground_move_take_its_place():
    text = "The army said it had taken control of the Zenda bridge with tanks backed by repeated air strikes."
    rec = run(text, places=[("Zenda", ["Zenda"])])
    strikes = [e for e in rec.events if e.trigger == "strikes"]
    assert strikes and strikes[0].mode == "aerial"
    assert strikes[0].place and strikes[0].place.name == "Zenda"


def test_a_wire_dateline_is_not_the_doer():
    places = [("Zenda", ["ZENDA", "Zenda"]), ("Strelsau", ["STRELSAU", "Strelsau"])]
    rec = run("STRELSAU, Ruritania, June 3 (Harbour Wire) - Thousands of teachers marched through Strelsau "
              "in eastern Ruritania on Tuesday to protest against pay cuts.", places=places)
    assert {e.type for e in rec.events} == {"PROTEST"}
    assert all(e.actor and e.actor.name == "Thousands" for e in rec.events)
    rec = run("ZENDA, Ruritania, May 13 (Harbour Wire) - Rebels attacked an army post on the outskirts of Zenda.",
              places=places)
    assert only(rec, "ASSAULT").actor.name == "Rebels"
    rec = run("ZENDA, Ruritania, June 3 (Harbour Wire) - The union and the mine owners signed a wage agreement "
              "in Zenda on Friday.", places=places)
    e = only(rec, "AGREE")
    assert e.actor.name == "union and the mine owners" and e.place.name == "Zenda"


def test_killed_when_ambushed_is_one_attack_with_its_toll():
    text = "At least 12 soldiers were killed when insurgents ambushed an army convoy near Belmont on Tuesday."
    rec = run(text, places=[("Belmont", ["Belmont"])])
    attack = only(rec, "ASSAULT")
    assert attack.trigger == "ambushed" and attack.fatalities == 12
    assert attack.actor is not None and "insurgents" in attack.actor.name


def test_a_recalled_attack_is_not_dated_on_the_reports_day():
    text = ("Ostland and Westria will meet in Belmont on Thursday to discuss the road, officials said, "
            "after an attack on a relief convoy that killed 17 people.")
    rec = run(text, entities=[("Ostland", "GPE", ["Ostland"]), ("Westria", "GPE", ["Westria"])],
              places=[("Belmont", ["Belmont"])])
    attack = only(rec, "ASSAULT")
    assert attack.fatalities == 17
    assert attack.date is None and attack.date_range == [None, TUESDAY]  # before its report, no more


def test_a_town_is_not_the_actor_and_armed_men_do_not_protest():
    text = ("Armed men blocked the road with burning tyres near Belmont on Monday night. "
            "Belmont's attack left nine trucks burned.")
    rec = run(text, entities=[("Belmont", "GPE", ["Belmont"])], places=[("Belmont", ["Belmont"], "P.PPL")])
    assert not [e for e in rec.events if e.type == "PROTEST"]
    assert all(e.actor is None or e.actor.name != "Belmont" for e in rec.events)


def test_what_floods_destroy_is_no_event():
    rec = run("The floods have destroyed roads and bridges across the valley. "
              "Gunmen destroyed two bridges near Belmont on Monday.", places=[("Belmont", ["Belmont"])])
    assert [e.trigger for e in rec.events] == ["destroyed"] and rec.events[0].actor.name == "Gunmen"
# ---------------------------------------------------------------- the extended lexicon: senses and non-senses

# The PLOVER codebook's mode tables (one line each; REQUEST and REJECT share theirs).
PLOVER_MODES = {
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "RETREAT": {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "THREATEN": {"restrict", "ban", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {"seize", "restrict", "ban", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"},
    "ASSAULT": {"abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy", "primitive", "firearms",
                "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "cleansing",
                "massacre", "unconventional", "sideAB"},
}


def test_every_sense_uses_codebook_types_modes_and_acled_names():
    from newsledger.analysis._event_lexicon import lexicon
    from newsledger.record import ACLED_SUB_EVENT_TYPES, PLOVER_TYPES

    lex = lexicon()
    for table in (lex.verbs, lex.nouns):
        for lemma, senses in table.items():
            assert senses, lemma
            for s in senses:
                assert s.type in PLOVER_TYPES, (lemma, s)
                assert s.mode is None or s.mode in PLOVER_MODES.get(s.type, set()), (lemma, s)
                assert s.acled in (None, "by_target", "by_instrument") or s.acled in ACLED_SUB_EVENT_TYPES, (lemma, s)
    for mode, acled in lex.instruments.values():
        assert mode in PLOVER_MODES["ASSAULT"] and (acled is None or acled in ACLED_SUB_EVENT_TYPES)


def events_of(text: str, **kw) -> list[tuple[str, str | None, str]]:
    return [(e.type, e.mode, e.trigger) for e in run(text, **kw).events]


@pytest.mark.parametrize("text, type_, mode, acled", [
    ("Gunmen gunned down three farmers near Zenda on Monday.", "ASSAULT", "firearms", "Attack"),
    ("Rioters set fire to a police station in Zenda on Monday.", "ASSAULT", "primitive", "Looting/property destruction"),
    ("Militants blew up a bridge near Zenda on Monday.", "ASSAULT", "explosives", "Remote explosive/landmine/IED"),
    ("Rebel fighters fought with government troops near Zenda on Monday.", "ASSAULT", "sideAB", "Armed clash"),
    ("The militia launched rockets at the town on Monday.", "ASSAULT", "heavy-weapons", "Shelling/artillery/missile attack"),
    ("A car bomb exploded in a market in Zenda on Monday.", "ASSAULT", "explosives", "Remote explosive/landmine/IED"),
    ("The army shot down two drones over Zenda on Monday.", "ASSAULT", "drone", "Disrupted weapons use"),
    ("Police fired tear gas at protesters in Zenda on Monday.", "ASSAULT", "crowd-control", None),
    ("Protesters clashed with police in Zenda on Monday.", "PROTEST", "riot", "Violent demonstration"),
    ("Thousands of farmers gathered outside parliament on Monday.", "PROTEST", "demo", "Peaceful protest"),
    ("Thousands of students took to the streets of Zenda on Monday.", "PROTEST", "demo", "Peaceful protest"),
    ("The protesters occupied the main square of Zenda on Monday.", "PROTEST", "obstruct", "Peaceful protest"),
    ("Police took five suspects into custody on Monday.", "COERCE", "arrest", "Arrests"),
    ("Police cleared the protest camp on Monday.", "COERCE", "restrict", None),
    ("Ostland declared a state of emergency on Monday.", "COERCE", "martial-law", None),
    ("The government blocked the website on Monday.", "COERCE", "censor", None),
    ("The government froze the assets of five businessmen on Monday.", "SANCTION", "discontinue", None),
    ("The European Union blacklisted six companies on Monday.", "SANCTION", "discontinue", None),
    ("Ostland evacuated its embassy in Zenda on Monday.", "SANCTION", "withdraw", None),
    ("Ostland withdrew its ambassador from Westria on Monday.", "SANCTION", "withdraw", None),
    ("Prosecutors charged the former minister with fraud on Monday.", "ACCUSE", "allege", None),
    ("The union filed a lawsuit against the company on Monday.", "ACCUSE", "allege", None),
    ("Ostland summoned the Westrian ambassador on Monday.", "ACCUSE", "disapprove", None),
    ("The ministry denied the accusation on Monday.", "REJECT", None, None),
    ("The president vowed revenge on Monday.", "THREATEN", None, None),
    ("The army called up 10,000 reservists on Monday.", "MOBILIZE", "troops", None),
    ("Ostland tested a ballistic missile on Monday.", "MOBILIZE", "weapons", None),
    ("The two leaders spoke by phone on Monday.", "CONSULT", "phone", None),
    ("The president received the Westrian envoy on Monday.", "CONSULT", None, None),
    ("Ostland and Westria restored diplomatic ties on Monday.", "SUPPORT", None, None),
    ("The government granted an amnesty to 300 prisoners on Monday.", "CONCEDE", None, None),
    ("Workers called off the strike on Monday.", "CONCEDE", None, None),
    ("The minister stepped down on Monday.", "RETREAT", "resign", None),
    ("The army ceded control of the town on Monday.", "RETREAT", "withdraw", "Non-violent transfer of territory"),
    ("The rebels laid down their weapons on Monday.", "RETREAT", "disarm", None),
    ("Soldiers freed six hostages near Zenda on Monday.", "AID", None, None),
    ("Ostland and Westria held joint military exercises on Monday.", "COOPERATE", None, None),
])
def test_new_triggers_fire_with_their_codebook_type(text, type_, mode, acled):
    e = only(run(text), type_)
    assert e.mode == mode, text
    assert (e.acled.sub_event_type if e.acled else None) == acled, text
    assert e.status == "asserted"


@pytest.mark.parametrize("text", [
    "The company fired 200 workers on Monday.",
    "The minister fired his chief of staff on Monday.",
    "The bank charged a higher interest rate.",
    "He met the deadline on Monday.",
    "Prices hit a record high on Monday.",
    "The storm hit the town of Zenda on Monday.",
    "The candidates fought against corruption for years.",
    "The teams battled for the title.",
    "Rescue workers searched the rubble for survivors.",
    "The company cleared its debts.",
    "The team returned home on Monday.",
    "The opposition gathered signatures for the petition.",
    "Officials gathered in Geneva for talks on Monday.",
    "Mourners gathered for the funeral on Monday.",
    "Hundreds of people gathered at the site of the blast.",
    "The spokesman declined to comment.",
    "The police moved quickly.",
    "The economy is under siege from inflation.",
    "The talks broke down on Monday.",
    "She set a new record on Monday.",
])
def test_new_triggers_do_not_fire_on_their_other_senses(text):
    assert run(text).events == [], [(e.type, e.trigger) for e in run(text).events]


def test_charge_and_call_off_take_their_sense_from_the_object():
    assert events_of("Police charged the protesters with batons on Monday.") == [("ASSAULT", "crowd-control", "charged")]
    assert events_of("Police charged five protesters with rioting on Monday.") == [("ACCUSE", "allege", "charged")]
    assert events_of("Ostland called off the talks on Monday.") == [("REJECT", "meet", "called")]
    assert events_of("Ostland withdrew troops from the town on Monday.") == [("RETREAT", "withdraw", "withdrew")]


def test_denying_an_act_rejects_it_and_leaves_the_act_denied_and_rebels_freeing_captives_release_them():
    # the denial is PLOVER's REJECT (of the charge); the act itself is told as denied, not done
    rec = run("The ministry denied that its troops had shelled the village of Oda.")
    assert sorted((e.type, e.status) for e in rec.events) == [("ASSAULT", "denied"), ("REJECT", "asserted")]
    assert events_of("The rebels freed six hostages near Zenda on Monday.") == [("RETREAT", "release", "freed")]


def test_a_name_only_ever_used_as_a_place_is_not_the_actor():
    text = ("The toll from Monday's attack on a convoy near the Belmont crossing rose to 21, "
            "the hospital said on Friday.")
    rec = run(text, entities=[("Belmont", "GPE", ["Belmont"])])
    attack = only(rec, "ASSAULT")
    assert attack.actor is None or attack.actor.name != "Belmont"


def test_a_dated_back_reference_never_dates_an_undated_telling():
    # "last week's attack" is another happening than the undated return of fire; folding it in
    # would date the soldiers' fire to last week
    text = ("Gunmen fired on an escorted fuel convoy near Kasungu on Sunday, wounding three soldiers. "
            "The soldiers returned fire and the attackers fled. "
            "Police said the death toll from last Wednesday's attack on a bus near Dowa stood at nine.")
    record = run(text, published="2025-06-10")
    fire = next(e for e in record.events if e.trigger == "returned")
    assert fire.date != "2025-06-04"
    recalled = [e for e in record.events if e.trigger == "attack"]
    assert recalled and recalled[0].date == "2025-06-04"


def test_the_group_stands_for_the_organisation_named_last():
    text = ("The Lakeside Youth Front said on Monday that its members had not blocked the ferry road. "
            "The group accused the police of firing on unarmed traders.")
    record = run(text, entities=[("Lakeside Youth Front", "ORG", ["Lakeside Youth Front"])])
    accuse = only(record, "ACCUSE")
    assert accuse.actor is not None and accuse.actor.name == "Lakeside Youth Front"


def test_a_statement_or_a_message_does_not_act_its_sender_does():
    text = ("The Lakeside Traders Association issued a statement on Monday calling for the release "
            "of the detained stall owners.")
    record = run(text, entities=[("Lakeside Traders Association", "ORG", ["Lakeside Traders Association"])])
    request = only(record, "REQUEST")
    assert request.actor is not None and request.actor.name == "Lakeside Traders Association"
    text = "A joint letter demanding the reopening of the ferry road was read out on Monday."
    assert all(e.actor is None or "letter" not in e.actor.name for e in run(text).events)


def test_a_when_clause_attack_hung_low_by_the_parser_still_hosts_the_toll():
    text = "The army said two soldiers were killed on Aug. 9 when a patrol was attacked with explosives near Kasungu."
    assaults = [e for e in run(text).events if e.type == "ASSAULT"]
    assert len(assaults) == 1, [(e.trigger, e.fatalities) for e in assaults]
    assert assaults[0].fatalities == 2


def test_the_day_of_a_toll_dates_the_attack_that_hosts_it():
    # the parser hangs the when-clause on the date ("Aug. 9 when ..."), so only the toll names the day
    text = "The army said two soldiers were killed on Aug. 9 when a patrol was attacked with explosives near Kasungu."
    assaults = [e for e in run(text).events if e.type == "ASSAULT"]
    assert len(assaults) == 1 and assaults[0].date == "2023-08-09", [(e.trigger, e.date) for e in assaults]


def test_denying_it_rejects_the_accusation():
    text = "Police blamed the Lakeside Youth Front for the attack on the ferry. The group denied it."
    record = run(text, entities=[("Lakeside Youth Front", "ORG", ["Lakeside Youth Front"])])
    reject = only(record, "REJECT")
    assert reject.actor is not None and reject.actor.name == "Lakeside Youth Front"
    # denying an act rejects the charge, by the one who denies; the act stays denied
    record = run("The Lakeside Youth Front denied that its members had attacked the ferry.",
                 entities=[("Lakeside Youth Front", "ORG", ["Lakeside Youth Front"])])
    assert only(record, "REJECT").actor.name == "Lakeside Youth Front"
    assert only(record, "ASSAULT").status == "denied"


def test_aid_lorries_arriving_or_reaching_a_town_is_aid_delivered():
    assert [e.type for e in run("Fifteen World Food Programme lorries arrived in Kadugli on Thursday afternoon.").events] == ["AID"]
    assert [e.type for e in run("A convoy of 20 trucks reached Dilling on Wednesday evening.").events] == ["AID"]
    # people arriving are a visit, not aid
    assert [e.type for e in run("The delegation arrived in Cairo on Monday for talks.").events] == ["CONSULT"]


def test_asking_for_something_is_a_request():
    rec = run("The Zendari Relief Council asked both armies for safe passage out of the town.",
              entities=[("Zendari Relief Council", "ORG", ["Zendari Relief Council"])])
    assert only(rec, "REQUEST").actor.name == "Zendari Relief Council"


def test_insisting_or_vowing_one_will_not_do_something_is_a_refusal():
    rec = run("A spokesman insisted the brigade would not withdraw from a single position.")
    assert only(rec, "REJECT").trigger == "insisted"
    assert only(rec, "RETREAT").status == "negated"
    rec = run("The commander vowed not to pull back from the ridge.")
    assert only(rec, "REJECT").trigger == "vowed"



def test_a_weapon_or_a_vehicle_is_never_the_doer():
    rec = run("A roadside device killed four soldiers near Pama on Tuesday.", places=[("Pama", ["Pama"])])
    attack = only(rec, "ASSAULT")
    assert attack.actor is None and attack.place is not None


def test_closing_a_public_place_is_coerce_and_reopening_it_concede():
    assert only(run("Local authorities closed the Tarn market for three days."), "COERCE").mode == "restrict"
    assert only(run("The authorities reopened the school on Monday."), "CONCEDE").trigger == "reopened"


def test_a_verb_acting_on_a_told_attack_is_not_a_second_attack():
    text = ("Soldiers in Karvo said they repelled an attack by Red Hill Brigade fighters on their base "
            "on Monday evening.")
    rec = run(text, entities=[("Red Hill Brigade", "ORG", ["Red Hill Brigade"])], places=[("Karvo", ["Karvo"])])
    e = only(rec, "ASSAULT")
    assert e.trigger == "attack" and e.actor is not None and "Red Hill Brigade" in e.actor.name


def test_an_attack_on_a_town_that_repels_nothing_stays_the_verbs():
    text = "Red Hill Brigade fighters attacked the market in Karvo on Monday, killing four traders."
    rec = run(text, entities=[("Red Hill Brigade", "ORG", ["Red Hill Brigade"])], places=[("Karvo", ["Karvo"])])
    assert only(rec, "ASSAULT").trigger == "attacked"


def test_an_agreement_named_as_a_title_is_signed():
    text = "The two delegations signed Partial Agreement No. 3 in Karvo on Monday."
    rec = run(text, places=[("Karvo", ["Karvo"])])
    assert only(rec, "AGREE").trigger == "signed"


def test_a_happening_that_kills_is_not_the_actor():
    text = "Fighting between the army and the Red Hill Brigade killed five people in Karvo on Monday."
    rec = run(text, entities=[("Red Hill Brigade", "ORG", ["Red Hill Brigade"])], places=[("Karvo", ["Karvo"])])
    assert all(e.actor is None or e.actor.name.lower() != "fighting" for e in rec.events)


def test_shot_dead_kills_even_when_the_parser_reads_shot_as_a_noun():
    text = "Gunmen on a motorcycle shot dead a local reporter outside his home in Karvo on Monday."
    rec = run(text, places=[("Karvo", ["Karvo"])])
    e = only(rec, "ASSAULT")
    assert e.mode == "firearms" and e.target is not None and "reporter" in e.target.name


def test_a_vehicle_that_hits_a_mine_is_an_explosive_attack_and_one_that_hits_a_truck_is_not():
    text = "An army truck hit a mine near Karvo on Monday. A bus hit a lorry near Karvo on Monday."
    rec = run(text, places=[("Karvo", ["Karvo"])])
    e = only(rec, "ASSAULT")
    assert e.mode == "explosives" and e.acled is not None and e.acled.sub_event_type == "Remote explosive/landmine/IED"


def test_a_town_the_report_places_can_be_captured_whatever_the_tagger_calls_it():
    text = "The Red Hill Brigade said on Monday it had captured Karvo after days of fighting."
    rec = run(text, entities=[("Red Hill Brigade", "ORG", ["Red Hill Brigade"])], places=[("Karvo", ["Karvo"])])
    e = [e for e in rec.events if e.trigger == "captured"]
    assert e and e[0].type == "ASSAULT" and e[0].place is not None and e[0].place.name == "Karvo"


def test_a_back_reference_folded_into_its_happening_stays_on_it_as_a_telling():
    text = ("Gunmen ambushed a police patrol near Kasungu on Sunday, wounding two officers. "
            "The ambush near Kasungu lasted almost an hour, residents said.")
    record = run(text, published="2025-06-10", places=[("Kasungu", ["Kasungu"])])
    ambushes = [e for e in record.events if e.type == "ASSAULT"]
    assert len(ambushes) == 1
    assert [t.text for t in ambushes[0].tellings] == ["The ambush near Kasungu lasted almost an hour, residents said."]


def test_a_day_in_a_clause_of_another_time_is_not_the_events():
    # "since convoys resumed on Friday": Friday is the resuming's day, not the attack's
    text = ("Gunmen fired on an aid convoy near Kasungu on Sunday, wounding two soldiers, the army said "
            "on Monday, in the first attack on the road since convoys resumed on Friday.")
    record = run(text, published="2025-03-10", places=[("Kasungu", ["Kasungu"])])
    assert record.events and all(e.date != "2025-03-07" for e in record.events)


def test_a_datelines_date_and_a_heading_date_are_the_reports_not_the_events():
    # the wire's filing day is not the day of the arrests it tells
    text = ("PORT ELM, May 7 (Coastwire) - Police detained 40 people after a march turned violent "
            "late on Monday, officials said.")
    e = only(run(text, places=[("Port Elm", ["PORT ELM"])]), "COERCE")
    assert e.date_text != "May 7"
    # a statement's heading gives the day it was issued; the attack has its own
    text = ("Communique No. 12 - Port Elm, 7 May 2024\n\nThe ministry learned of the attack carried out "
            "on Sunday 5 May 2024 by armed men against a convoy near Port Elm.")
    e = only(run(text, places=[("Port Elm", ["Port Elm"])]), "ASSAULT")
    assert e.date == "2024-05-05"
    # a dated sentence that opens the body is not a heading
    text = "Gunmen attacked a convoy near Port Elm on 5 May 2024, officials said."
    assert only(run(text, places=[("Port Elm", ["Port Elm"])]), "ASSAULT").date == "2024-05-05"


def test_a_case_opened_by_prosecutors_is_an_accusation_but_not_any_case():
    text = "Prosecutors in Zenda opened a war crimes case on Monday into the shelling of the market."
    e = only(run(text, places=[("Zenda", ["Zenda"])]), "ACCUSE")
    assert e.trigger == "case" and e.actor.name == "Prosecutors"
    text = "In the case of the northern districts, the aid arrived late, and cholera cases rose on Monday."
    assert not [e for e in run(text).events if e.type == "ACCUSE"]


def test_an_event_noun_takes_its_place_and_day_from_the_verb_it_happens_by():
    text = "Talks between the two sides will resume in Zenda on Thursday, mediators said."
    e = only(run(text, places=[("Zenda", ["Zenda"])]), "CONSULT")
    assert (e.place.name, e.date, e.status) == ("Zenda", "2024-05-09", "planned")


def test_the_end_of_a_span_does_not_date_the_happening():
    record = run("On 5 May the governor declared a curfew in Zenda until 20 May.",
                 places=[("Zenda", ["Zenda"])])
    curfew = [e for e in record.events if e.type == "COERCE"]
    assert curfew and all(e.date == "2024-05-05" for e in curfew), [(e.trigger, e.date) for e in curfew]


@pytest.mark.parametrize("text, type_, trigger", [
    # a group that meets, with no one named as met: the meeting is the consultation
    ("The defence ministers of the three countries met in Zenda on Monday.", "CONSULT", "met"),
    ("The border commission will meet again in May.", "CONSULT", "meet"),
    # a crowd blocking a road, not the police setting up a checkpoint
    ("Hundreds of young men set up barricades of burning tyres on the main road on Monday.", "PROTEST", "set"),
    ("Police set up roadblocks on the main road on Monday.", "COERCE", "set"),
    # the tokenizer cuts 'sit-in' in three: its head word is the trigger
    ("Market women staged a sit-in outside the prefecture on Monday.", "PROTEST", "in"),
])
def test_meetings_barricades_and_sit_ins(text, type_, trigger):
    assert (type_, trigger) in {(e.type, e.trigger) for e in run(text).events}


def test_a_meeting_with_an_object_or_a_demand_met_is_no_bare_meeting():
    assert not [e for e in run("The demands were met by the company on Monday.").events if e.type == "CONSULT"]


@pytest.mark.parametrize("text", [
    "The group denied harming civilians and said the claims were propaganda.",
    "A rebel commander denied on Wednesday that his men were involved.",
    "Reached by telephone, a cadre of the movement has firmly denied.",
])
def test_a_denial_is_a_rejection(text):
    assert "REJECT" in {e.type for e in run(text).events}


def test_what_reopens_or_closes_with_no_object_is_no_doer():
    rec = run("The market reopened in Zenda on Friday under heavy security.", places=[("Zenda", ["Zenda"])])
    reopened = [e for e in rec.events if e.trigger == "reopened"]
    assert reopened and reopened[0].type == "CONCEDE" and reopened[0].actor is None
    assert only(run("The army reopened the road to Zenda on Monday."), "RETREAT").actor.name == "army"
