"""quotes: each attribution form on short fictional reports; the seed only when present."""

from __future__ import annotations

import re

import pytest

from newsledger.analysis import entities, quotes
from newsledger.language import parse
from newsledger.record import Article, Record


def run(text: str) -> Record:
    doc = parse(text)
    record = Record(input="t", article=Article(body=text))
    entities.annotate(doc, record)
    quotes.annotate(doc, record)
    for q in record.quotes:  # every quote indexes the body exactly
        assert text[q.start:q.end] == q.text
        if q.speaker.start is not None:
            assert text[q.speaker.start:q.speaker.end] == q.speaker.mention
    return record


def quote(record: Record, words: str):
    found = [q for q in record.quotes if words in q.text]
    assert len(found) == 1, [(q.kind, q.text) for q in record.quotes]
    return found[0]


def test_speaker_after_with_pronoun_and_a_second_sentence_without_cue():
    text = ("Maria Okonkwo, the mayor of Lakeside, said on Friday that the bridge would reopen. "
            "“We have waited long enough,” she said. “The town deserves better.”")
    record = run(text)
    # The sentence after the cue carries the quotation on: one quote over both pieces.
    first = quote(record, "waited long enough")
    assert first.kind == "direct"
    assert first.text == "We have waited long enough,” she said. “The town deserves better."
    assert first.cue == "said"
    assert first.speaker.mention == "she" and first.speaker.name == "Maria Okonkwo"
    okonkwo = next(e for e in record.entities if e.name == "Maria Okonkwo")
    assert first.speaker.entity_id == okonkwo.id
    assert quote(record, "deserves better") is first
    indirect = quote(record, "bridge would reopen")
    assert indirect.kind == "indirect" and indirect.text == "the bridge would reopen"


def test_inverted_cue_with_an_anonymous_source():
    text = "“Nobody was hurt, but it was close,” said a police officer at the scene."
    q = quote(run(text), "Nobody was hurt")
    assert q.kind == "direct"
    assert q.speaker.name == "a police officer at the scene" and q.speaker.entity_id is None


def test_speaker_before_with_colon_and_several_sentences():
    text = ('Finance Minister Daniel Reyes said: "This is not the time for half-measures. '
            'We will fund the work in full."')
    record = run(text)
    assert len(record.quotes) == 1
    q = record.quotes[0]
    assert q.kind == "direct" and q.cue == "said"
    assert q.text == "This is not the time for half-measures. We will fund the work in full."
    assert q.speaker.name == "Daniel Reyes" and q.speaker.mention == "Finance Minister Daniel Reyes"


def test_speaker_in_the_middle():
    text = ("Colonel Ana Ruiz inspected the road on Sunday. "
            "“We are ready,” Ruiz said, “but we need guarantees from both sides.”")
    record = run(text)
    # One quotation broken by its own cue: one quote from its first word to its last.
    q = quote(record, "guarantees")
    assert q.kind == "direct" and q.speaker.name == "Ana Ruiz" and q.cue == "said"
    assert q.text == "We are ready,” Ruiz said, “but we need guarantees from both sides."
    assert [x.kind for x in record.quotes] == ["direct"]


def test_quotation_running_over_paragraphs():
    text = ("Sofia Brandt, spokesperson for the Northern Rail Company, said services would resume.\n\n"
            "“The engineers worked through the night to repair the signals.\n\n"
            "“Passengers should still check the timetable,” the spokesperson said.")
    record = run(text)
    # The quotation left open at the paragraph's end and reopened is one quote.
    q = quote(record, "engineers")
    assert quote(record, "Passengers") is q and q.kind == "direct"
    assert q.text.startswith("The engineers worked through the night to repair the signals.\n\n“Passengers")
    assert q.text.endswith("check the timetable")
    # "the spokesperson" resolves through the role read from the apposition
    assert q.speaker.name == "Sofia Brandt" and q.speaker.mention == "the spokesperson"


def test_nested_single_quotes_stay_inside():
    text = ('Union leader Tom Hale said: "Our members were told \'trust us\' and nothing more."')
    q = quote(run(text), "trust us")
    assert q.kind == "direct"
    assert q.text == "Our members were told 'trust us' and nothing more."
    assert q.speaker.name == "Tom Hale"


def test_spaced_ellipsis_does_not_break_the_quote():
    text = ("Daniel Reyes visited the site.\n\n"
            "“I remember when the old bridge was built . . . it took three years,” Reyes added.")
    record = run(text)
    assert len(record.quotes) == 1
    q = record.quotes[0]
    assert q.text == "I remember when the old bridge was built . . . it took three years"
    assert q.cue == "added" and q.speaker.name == "Daniel Reyes"


def test_curly_and_straight_marks_both_count():
    text = ('“The dam held,” said Pia Moreau, an engineer at the plant. '
            '"The river will fall by morning," Moreau said.')
    record = run(text)
    assert [q.kind for q in record.quotes] == ["direct", "direct"]
    assert {q.speaker.name for q in record.quotes} == {"Pia Moreau"}


@pytest.mark.parametrize("text, clause, source", [
    ("Traffic was diverted through the northern bypass, according to the county council.",
     "Traffic was diverted through the northern bypass", "county council"),
    ("According to the aid group Harvest Line, forty trucks are waiting at the checkpoint.",
     "forty trucks are waiting at the checkpoint", "Harvest Line"),
])
def test_according_to(text, clause, source):
    q = quote(run(text), clause)
    assert q.kind == "indirect" and q.text == clause
    assert q.cue.lower() == "according to"
    assert q.speaker.name.endswith(source)  # "county council" when the NER made it an entity


def test_anonymous_and_plural_sources_stay_described():
    text = ("Officials say the river rose by two metres overnight. "
            "A diplomat familiar with the talks said the draft was nearly complete.")
    record = run(text)
    rose = quote(record, "river rose")
    assert rose.kind == "indirect" and rose.cue == "say"
    assert rose.speaker.name == "officials" and rose.speaker.mention == "Officials"
    draft = quote(record, "draft was nearly complete")
    assert draft.speaker.name == "a diplomat familiar with the talks"
    assert draft.text == "the draft was nearly complete"


def test_mixed_quote_through_a_participle():
    text = ("On Monday, Governor Lena Falk rejected the budget, saying it was “a recipe for "
            "ruin” and “an insult to teachers”.")
    q = quote(run(text), "recipe for")
    assert q.kind == "mixed" and q.cue == "saying"
    assert q.text.startswith("it was “a recipe for ruin”") and "insult to teachers”" in q.text
    assert q.speaker.name == "Lena Falk"


def test_mixed_quote_after_said_and_surname_resolution():
    text = ("Sofia Brandt runs the rail company. "
            "Brandt said the company “regrets the disruption” and “will compensate season ticket holders”.")
    q = quote(run(text), "regrets")
    assert q.kind == "mixed"
    assert q.text == "the company “regrets the disruption” and “will compensate season ticket holders”"
    assert q.speaker.mention == "Brandt" and q.speaker.name == "Sofia Brandt"
    assert q.speaker.entity_id is not None


def test_body_as_speaker_links_to_its_entity():
    text = ("The Westland Defence Forces (WDF) denied blocking the road. "
            "The WDF said the closure was \"temporary and necessary\".")
    q = quote(run(text), "closure")
    assert q.kind == "mixed" and q.speaker.name == "Westland Defence Forces"
    assert q.speaker.entity_id is not None


def test_pronoun_prefers_the_subject_of_the_previous_sentence():
    text = ("Mayor Clara Vance met Judge Oskar Lind on Tuesday. "
            "She said the court would move to the old library.")
    q = quote(run(text), "court would move")
    assert q.speaker.mention == "She" and q.speaker.name == "Clara Vance"


def test_report_inside_a_report_is_one_attribution():
    text = "Ivo Marsh said the ministry believed the dispute could be settled by June."
    record = run(text)
    assert len(record.quotes) == 1
    q = record.quotes[0]
    assert q.speaker.name == "Ivo Marsh" and q.cue == "said"
    assert q.text == "the ministry believed the dispute could be settled by June"


def test_scare_quotes_without_a_frame_are_skipped():
    text = "The so-called “green zone” stayed empty for a week."
    assert run(text).quotes == []


def test_unframed_long_quotation_has_an_unknown_speaker():
    text = "Heavy rain fell all night.\n\n“Nothing like this has happened here in fifty years.”"
    record = run(text)
    assert len(record.quotes) == 1
    q = record.quotes[0]
    assert q.kind == "direct" and q.speaker.name is None and q.cue is None


def test_framing_verbs_count_only_next_to_a_quotation():
    text = ("Rosa Imbert reviewed the plan.\n\n"
            "“We will not sign this,” she continued. “The talks, where the details will continue, "
            "are not over.”\n\n"
            "Imbert went on: “Our door stays open.”")
    record = run(text)
    assert [q.kind for q in record.quotes] == ["direct", "direct"]
    assert {q.speaker.name for q in record.quotes} == {"Rosa Imbert"}
    assert [q.cue for q in record.quotes] == ["continued", "went"]
    assert record.quotes[0].text.endswith("are not over.")


def test_no_quotes_in_plain_narrative():
    assert run("The ferry left the harbour at noon and reached the island by dusk.").quotes == []


# --- attribution beyond speech verbs (the learned cue model) --------------------------------


@pytest.mark.parametrize("text, cue, content, speaker", [
    ("Governor Lena Marsh believes the budget will pass next month.",
     "believes", "the budget will pass next month", "Lena Marsh"),
    ("Senator Mara Voss wants the state to cut taxes on fuel.",
     "wants", "the state to cut taxes on fuel", "Mara Voss"),
])
def test_belief_and_intention_are_attributions(text, cue, content, speaker):
    record = run(text)
    assert len(record.quotes) == 1
    q = record.quotes[0]
    assert q.kind == "indirect" and q.cue == cue and q.text == content
    assert q.speaker.name == speaker


def test_participle_after_a_preposition_finds_its_speaker():
    text = "Mayor Tomas Reyes, despite admitting that the plan had flaws, voted for it on Monday."
    q = quote(run(text), "plan had flaws")
    assert q.cue == "admitting" and q.text == "the plan had flaws"
    assert q.speaker.name == "Tomas Reyes"


def test_what_a_speech_verb_reports_through_its_object():
    record = run("The harbour master confirmed the closure of the port. "
                 "The coast guard warned the fishing crews on Sunday.")
    assert [(q.cue, q.text) for q in record.quotes] == [("confirmed", "the closure of the port")]


def test_a_stranded_preposition_reports_nothing():
    text = "The details of what the union had agreed to were not clear."
    assert run(text).quotes == []


def test_unseen_verbs_are_not_cues_on_their_frame_alone():
    assert run("Rosa Imbert reviewed the plan and inspected the road.").quotes == []


@pytest.mark.parametrize("text, content", [
    ("Dr. Ilse Brandt said the patient would recover fully, which surprised her colleagues.",
     "the patient would recover fully"),
    ("Dr. Ilse Brandt said the patient would recover from the infection, which had kept him "
     "in hospital for a month.", "the patient would recover from the infection"),
])
def test_aside_of_the_writer_is_not_in_the_report(text, content):
    q = quote(run(text), "the patient would")
    assert q.text == content


# --- more surface forms ----------------------------------------------------------------------


def test_doubled_apostrophes_are_quote_marks():
    text = "''We are ready for the storm,'' said Colonel Ana Ruiz. ''The shelters are open.''"
    record = run(text)
    assert [q.text for q in record.quotes] == ["We are ready for the storm,'' said Colonel Ana Ruiz. ''The shelters are open."]
    assert all(q.kind == "direct" and q.speaker.name == "Ana Ruiz" for q in record.quotes)


def test_dash_credit_names_the_speaker():
    text = ("Readers wrote in about the new bus timetable.\n\n"
            "“The service was slow and the staff was rude.” ― Pedro Almeida\n\n"
            "“I waited an hour for the number 9.” ― Joana Silva")
    record = run(text)
    assert [(q.kind, q.speaker.name) for q in record.quotes] == [
        ("direct", "Pedro Almeida"), ("direct", "Joana Silva")]
    assert record.quotes[0].text == "The service was slow and the staff was rude."


def test_learned_content_where_the_rules_read_none():
    # "asked for", "argued for": no clausal complement nor direct object for the rules; the
    # content model reads the prepositional object.
    record = run("The dockers' union asked for a pay rise of five percent. "
                 "The senator argued for a new tax on sugar.")
    assert [(q.kind, q.cue, q.speaker.mention) for q in record.quotes] == [
        ("indirect", "asked", "The dockers' union"), ("indirect", "argued", "The senator")]
    # the prepositional object, with or without its preposition
    assert record.quotes[0].text in ("for a pay rise of five percent", "a pay rise of five percent")
    assert record.quotes[1].text in ("for a new tax on sugar", "a new tax on sugar")


def test_learned_content_stays_off_without_its_weights(monkeypatch):
    from newsledger.analysis import _quote_content

    monkeypatch.setattr(_quote_content, "available", lambda: False)
    assert run("The dockers' union asked for a pay rise of five percent.").quotes == []


def test_learned_content_keeps_to_the_rules_frame():
    # the addressee and the topic of a speech verb are never the model's content
    record = run("The ferry company warned the island's residents on Monday. "
                 "The porters wrote about the new rota on Sunday.")
    assert record.quotes == []
    # nor what follows a stranded preposition, nor when or where the cue happened
    record = run("Hamster Ltd rejected the draft. The union had agreed to in the talks a shorter week.")
    assert [q.cue for q in record.quotes] == ["rejected"]
    assert run("The union had agreed in the talks on Monday.").quotes == []
    # nor the writer's next clause after the cue ("…, X said, and …")
    record = run("The ferry hit the pier at dawn, the coast guard said, and two crew members were hurt.")
    assert not any(q.text.startswith("and") for q in record.quotes)


def test_relative_pronoun_is_the_mention_and_names_its_antecedent():
    record = run("The plan drew fire from Ingrid Solberg, the port director, who said the new quay "
                 "would never pay for itself.")
    q = quote(record, "new quay")
    assert q.kind == "indirect" and q.speaker.mention == "who" and q.speaker.name == "Ingrid Solberg"
    assert q.speaker.entity_id is not None


def test_passive_agent_is_the_speaker():
    record = run("The new levy was opposed by the chamber of commerce.")
    q = quote(record, "levy")
    assert q.cue == "opposed" and q.speaker.mention == "the chamber of commerce"


def test_speaker_is_never_words_of_the_quotation():
    # the parser takes a phrase inside the marks for the subject; the speaker is beside the cue
    record = run("“Full panic mode. Total panic mode,” said Ana Ruiz, a teacher in the district.")
    assert [(q.kind, q.speaker.mention) for q in record.quotes] == [("direct", "Ana Ruiz")]
    record = run("“My answer, that was a disgrace,” the deputy mayor's chief of staff said on Tuesday.")
    assert [(q.kind, q.speaker.mention) for q in record.quotes] == [
        ("direct", "the deputy mayor's chief of staff")]


def test_heading_run_into_the_sentence_is_not_the_speaker():
    text = ("The Latest on the harbour strike (all times local):\n\n5:45 p.m.\n\n"
            "The port director of Lakeside says the strike will end by Friday.")
    q = quote(run(text), "strike will end")
    assert q.speaker.mention == "The port director of Lakeside"
    # a single line break may be hard-wrapped text: the subject above it still speaks
    q = quote(run("The port director of Lakeside\nsaid on Friday that the strike would end soon."), "end soon")
    assert q.speaker.mention == "The port director of Lakeside"


def test_cue_set_off_by_commas_reports_the_sentence_around_it():
    record = run("The harbour, Okafor said on Monday, will reopen in May.")
    assert [(q.kind, q.text, q.speaker.mention) for q in record.quotes] == [
        ("indirect", "The harbour, Okafor said on Monday, will reopen in May", "Okafor")]
    # a whole clause before the cue, or a report of its own after it: no parenthetical
    record = run("The harbour will reopen, Okafor said, adding that the quay was safe.")
    assert [q.text for q in record.quotes] == ["The harbour will reopen", "the quay was safe"]


def test_speaker_of_a_noun_cue():
    # the preposition naming the source, or the subject of the verb the noun completes
    q = quote(run("The vote went ahead despite warnings from the harbour master that the quay was unsafe."),
              "quay")
    assert (q.cue, q.speaker.mention) == ("warnings", "the harbour master")
    q = quote(run("Tomas Berg has been a vocal supporter of the new quay."), "quay")
    assert (q.cue, q.speaker.mention) == ("supporter", "Tomas Berg")


def test_dash_credits_one_a_line():
    text = ("Readers sent us their views on the new timetable.\n\n"
            "“The buses are always late and nobody cares about it.” ― Ana Ruiz\n"
            "“I have waited an hour for the number 9 bus twice this week.” ―\u00a0Tomas Berg\u00a0\n"
            "“The drivers are kind but the routes make no sense at all.”\u00a0― Joana Silva.\n\nMore letters follow.")
    record = run(text)
    assert [(q.kind, q.speaker.name) for q in record.quotes] == [
        ("direct", "Ana Ruiz"), ("direct", "Tomas Berg"), ("direct", "Joana Silva")]


def test_continued_with_a_comma_frames_the_quote_after_it():
    record = run("Imbert spoke first.\n\nShe continued, “We will not sign this deal. Our door stays open.”")
    q = quote(record, "door stays open")
    assert (q.kind, q.cue, q.speaker.name) == ("direct", "continued", "Imbert")


def test_right_mark_opening_an_ellipsis():
    record = run("Imbert said the talks were over.\n\n"
                 "” … what we learned from the fishermen is that the quota is too low,” she said.")
    q = quote(record, "fishermen")
    assert q.kind == "direct" and q.text.startswith("…") and q.speaker.name == "Imbert"


def test_mixed_report_ends_on_its_last_fragment_before_the_writers_frame():
    q = quote(run("Okafor likened the rules to “burning the rulebook” - a charge that stung."), "rulebook")
    assert q.kind == "mixed" and q.text == "the rules to “burning the rulebook”"
    q = quote(run("The senator blasted the mayor as a “disgrace” Wednesday on the morning radio show."),
              "disgrace")
    assert q.text == "the mayor as a “disgrace”"
    q = quote(run("The mayor condemned the new levy as a “tax on the poor” during a visit to the harbour."),
              "poor")
    assert q.text == "the new levy as a “tax on the poor”"


def test_report_stays_in_its_paragraph():
    text = ("Okafor spoke at the town hall. She said the mayor favours a “strongman approach.”\n\n"
            "Under the new plan, residents would enrol and train.")
    q = quote(run(text), "strongman")
    assert q.text == "the mayor favours a “strongman approach.”"


def test_transcript_labels_are_the_speakers():
    text = ("The debate turned to the harbour.\n\n"
            "\"OKAFOR: Well, the question really is why the council closed the quay at all.\n\n"
            "\"BERG: Do you really see those two things as equal?\n\n\"OKAFOR: I do, and I will say it again.\"")
    record = run(text)
    assert [(q.kind, q.cue, q.speaker.mention, q.text[:6]) for q in record.quotes] == [
        ("direct", ":", "OKAFOR", "Well, "), ("direct", ":", "BERG", "Do you"), ("direct", ":", "OKAFOR", "I do, ")]
    record = run("The council met.\n\n\"UPDATE: The quay will stay closed until the inspectors have finished.\"")
    assert all(q.speaker.mention != "UPDATE" for q in record.quotes)


def test_inverted_speaker_after_a_quotation_the_parser_left_unattached():
    record = run("“There are more boats than berths this summer,” added another harbour pilot from Lakeside.")
    assert [(q.kind, q.cue, q.speaker.mention) for q in record.quotes] == [
        ("direct", "added", "another harbour pilot")]
    record = run("“How long is that quay?” asked the girl, who was wearing a red cap.")
    assert [(q.kind, q.speaker.mention) for q in record.quotes] == [("direct", "the girl")]


def test_participle_cue_speaks_for_the_noun_it_modifies():
    record = run("New figures showing a fall in harbour traffic were published on Monday.")
    q = quote(record, "harbour traffic")
    assert (q.cue, q.speaker.mention) == ("showing", "New figures")


def test_speaker_through_an_adverb_phrase():
    record = run("Ingrid Solberg praised the crew but stopped short of calling for the harbour master to resign.")
    q = quote(record, "resign")
    assert (q.cue, q.speaker.name) == ("calling", "Ingrid Solberg")


def test_quotation_after_a_colon_without_a_reporting_verb():
    record = run("The harbour office was blunt. The leaflet put it plainly: “The quay will not reopen this year.”")
    q = quote(record, "quay")
    assert (q.kind, q.cue, q.speaker.mention) == ("direct", ":", "The leaflet")
    q = quote(run("Okafor arrived late: “I missed the ferry twice this morning.”"), "ferry")
    assert (q.kind, q.cue, q.speaker.name) == ("direct", ":", "Okafor")


def test_according_to_in_the_middle_of_a_sentence():
    text = "The bridge, according to the city engineer, will reopen in May."
    q = quote(run(text), "reopen in May")
    assert q.cue == "according to" and q.kind == "indirect"
    assert q.text == "The bridge, according to the city engineer, will reopen in May"
    assert q.speaker.name == "the city engineer"


# --- the reference report (read from ../shared when present) --------------------------------


@pytest.fixture(scope="module")
def seed_record(seed_path):
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    # The body as the pages stage will give it: the report's paragraphs, without the page
    # furniture before the lede, the video block, and everything from the credits on.
    start = next(i for i, line in enumerate(lines) if line.startswith("Israel sent ground troops"))
    kept, skip = [], 0
    for line in lines[start:]:
        if line.startswith("Reporting by"):
            break
        if line.strip() == "Video description":
            skip = 3
        if skip:
            skip -= bool(line.strip())
            continue
        kept.append(line.strip())
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return run(body)


def by_speaker(record: Record, name: str):
    return [q for q in record.quotes if q.speaker.name == name]


def kinds(quotes_) -> dict[str, int]:
    """How many quotes of each kind. (Seed checks count quotes by speaker and kind rather than
    quoting the seed's words: its text stays out of the repository.)"""
    out: dict[str, int] = {}
    for q in quotes_:
        out[q.kind] = out.get(q.kind, 0) + 1
    return out


def test_seed_named_speakers_resolve_to_full_names(seed_record):
    kirby = by_speaker(seed_record, "John Kirby")
    # direct quotes count whole quotations: pieces broken by their own cue are one
    assert kinds(kirby).get("direct", 0) >= 3
    assert kinds(kirby).get("indirect", 0) >= 1 and kinds(kirby).get("mixed", 0) >= 1
    netanyahu = by_speaker(seed_record, "Benjamin Netanyahu")
    assert kinds(netanyahu).get("mixed", 0) >= 3
    assert kinds(by_speaker(seed_record, "Jens Laerke")).get("mixed") == 1
    gantz = by_speaker(seed_record, "Benny Gantz")
    assert kinds(gantz).get("mixed") == 1 and kinds(gantz).get("direct") == 1
    ids = {q.speaker.entity_id for q in kirby + netanyahu + gantz}
    assert None not in ids and len(ids) == 3


def test_seed_bodies_and_anonymous_sources(seed_record):
    assert kinds(by_speaker(seed_record, "the Israeli military")).get("mixed") == 1
    assert kinds(by_speaker(seed_record, "an Israeli military official")) == {"direct": 1}
    assert by_speaker(seed_record, "White House")[0].kind == "indirect"
    assert kinds(by_speaker(seed_record, "a diplomat briefed on the talks")) == {"indirect": 1}
    officials = by_speaker(seed_record, "Israeli officials")
    assert officials and officials[0].kind == "indirect" and "132" in officials[0].text


def test_quotations_of_two_speakers_are_not_joined():
    text = ("Mayor Clara Vance and Judge Oskar Lind spoke after the vote. "
            "“The library will stay open,” Vance said. “It will open on Sundays, too.” "
            "“The court has not decided,” Lind said.")
    record = run(text)
    assert [q.speaker.name for q in record.quotes] == ["Clara Vance", "Oskar Lind"]
    vance, lind = record.quotes
    assert vance.text.endswith("open on Sundays, too.") and vance.text.startswith("The library")
    assert lind.text == "The court has not decided"



def test_reported_clause_stays_in_its_cues_paragraph():
    # When the parser runs a cue's clause on over a blank line into the next paragraph's
    # quotation, that reading is no report of the cue (the quotation is the direct quote).
    text = ("The river authority describes itself in the following way:\n\n"
            "“We leave the banks stronger than we found them.”")
    doc = parse(text)
    cue_token = next(t for t in doc if t.text == "describes")
    inside = (text.index("We leave"), text.index(" than"))
    cue = quotes._Cue(cue_token, "describes", None, inside, 0)
    assert quotes._finish_span(text, cue, inside) is None
    same_paragraph = (text.index("itself"), text.index(":"))
    assert quotes._finish_span(text, cue, same_paragraph) == same_paragraph


def test_the_cue_next_to_the_colon_introduces_the_quotation():
    text = ("Responding to the letter on the radio, Okafor said: “They have never visited the "
            "harbour. I think their figures are wrong. We will publish ours.”")
    record = run(text)
    assert [(q.kind, q.cue) for q in record.quotes] == [("direct", "said")]
    assert record.quotes[0].speaker.mention == "Okafor"


def test_a_reported_clause_ending_on_a_fragment_joins_the_quotation_its_cue_carries_on():
    text = ("Sooner or later, “we will need a second bridge,” the engineer said. "
            "“The old one cannot carry the trucks much longer.”")
    record = run(text)
    assert len(record.quotes) == 1
    q = record.quotes[0]
    assert q.kind == "mixed" and q.text.startswith("Sooner or later") and q.text.endswith("much longer.")


def test_reports_inside_the_frame_between_two_pieces_do_not_break_the_quotation():
    text = ("“Put every truck on one road and you get a jam,” said Tom Reyes, head of a group "
            "called Drivers United, which expects 500 members. “The plan makes the road worse.”")
    q = quote(run(text), "every truck")
    assert q.kind == "direct" and q.text.endswith("makes the road worse.")
    assert q.speaker.name == "Tom Reyes"


def test_a_participle_after_a_comma_is_a_report_of_its_own():
    record = run("The mayor said the port would reopen in May, adding that the ferries would run again.")
    assert quote(record, "port would reopen").text == "the port would reopen in May"
    adding = quote(record, "ferries")
    assert adding.cue == "adding" and adding.text == "the ferries would run again"


def test_pieces_whose_frame_outweighs_them_stay_apart():
    text = ("“We are ready,” said Ana Ruiz, a teacher at the old harbour school who has led the "
            "parents' committee since the floods of the spring. “Are they?”")
    record = run(text)
    assert [q.text for q in record.quotes if q.kind == "direct"] == ["We are ready", "Are they?"]


def test_nouns_have_a_cue_threshold_of_their_own(tmp_path, monkeypatch):
    """A noun cue needs the file's noun threshold, a verb the verbs' one; a file without a
    noun threshold uses the verbs' one for both (a toy model: only the lemma weighs)."""
    import json

    from newsledger.analysis import _cue_model

    doc = parse("Ana Ruiz rejected the claim.")
    verb, noun = doc[2], doc[4]
    assert (verb.pos_, noun.pos_) == ("VERB", "NOUN")

    def use(**extra):
        path = tmp_path / "cue.json"
        # p = 1 / (1 + e^-z): 0.33 for both words
        path.write_text(json.dumps({"weights": {"l=reject": -0.7, "l=claim": -0.7}, "bias": 0.0,
                                    "threshold": 0.4, "lemmas": ["reject", "claim"], **extra}))
        monkeypatch.setattr(_cue_model, "WEIGHTS", path)
        _cue_model._model.cache_clear()

    try:
        use(noun_threshold=0.25)
        assert round(_cue_model.cue_probability(noun), 2) == 0.33
        assert _cue_model.is_learned_cue(noun) and not _cue_model.is_learned_cue(verb)
        use()
        assert not _cue_model.is_learned_cue(noun) and not _cue_model.is_learned_cue(verb)
    finally:
        monkeypatch.undo()
        _cue_model._model.cache_clear()


def test_a_possessive_his_names_the_person_before_it():
    record = run("Tomas Berg arrived late on Monday. His claim that the bridge was safe angered the residents.")
    q = quote(record, "bridge")
    assert q.cue == "claim" and q.speaker.mention == "His"
    assert q.speaker.name == "Tomas Berg" and q.speaker.entity_id is not None
