"""entities: cleaning, relabelling, merging and roles on short fictional texts.

Where a rule fixes the NER model's labels, the test sets the labels itself (``doc.ents``)
so it checks the rule, not the model's mood on one sentence.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Span as SpacySpan

from newsledger.analysis import entities
from newsledger.language import parse
from newsledger.record import Article, Record


def run(text: str, labels: dict[str, str] | None = None) -> Record:
    """Annotate ``text``; ``labels`` ({"surface text": LABEL}) replaces the NER output."""
    doc = parse(text)
    if labels is not None:
        spans: list[SpacySpan] = []
        taken: set[int] = set()
        for surface, label in sorted(labels.items(), key=lambda kv: -len(kv[0])):
            start = 0
            while (i := text.find(surface, start)) >= 0:
                start = i + len(surface)
                span = doc.char_span(i, i + len(surface), label=label)
                assert span is not None, surface
                if taken.isdisjoint(range(span.start, span.end)):
                    spans.append(span)
                    taken.update(range(span.start, span.end))
        doc = doc.copy()
        doc.ents = sorted(spans, key=lambda s: s.start)
    record = Record(input="t", article=Article(body=text))
    entities.annotate(doc, record)
    return record


def named(record: Record, name: str):
    found = [e for e in record.entities if e.name == name]
    assert len(found) == 1, [(e.name, e.type) for e in record.entities]
    return found[0]


def test_name_variants_merge_into_one_person_with_title_role():
    text = ("Dutch Prime Minister Anneke Visser arrived in Lyon on Monday. "
            "Visser met farmers there, and Anneke Visser later left for Paris.")
    record = run(text, {"Anneke Visser": "PERSON", "Visser": "PERSON", "Lyon": "GPE", "Paris": "GPE",
                        "Dutch": "NORP", "Monday": "DATE"})
    visser = named(record, "Anneke Visser")
    assert visser.type == "PERSON"
    assert [m.text for m in visser.mentions] == ["Anneke Visser", "Visser", "Anneke Visser"]
    assert visser.aliases == ["Visser"]
    assert "Dutch Prime Minister" in visser.roles
    assert visser.affiliation == "The Netherlands"  # the country the nationality word names (GeoNames name)
    assert all(e.name != "Monday" for e in record.entities)  # dates are not entities


def test_a_title_without_a_nationality_or_body_has_no_affiliation():
    text = "Deputy Mayor Tomas Lind opened the bridge. Lind thanked the builders."
    record = run(text, {"Tomas Lind": "PERSON", "Lind": "PERSON"})
    lind = named(record, "Tomas Lind")
    assert lind.roles == ["Deputy Mayor"]
    assert lind.affiliation is None


def test_appositive_role_and_affiliation():
    text = ("Tomas Lind, spokesperson for the Baltic Ferry Authority, said crossings would resume. "
            "Greta Holm, a senior engineer at the port, disagreed.")
    record = run(text)
    lind = named(record, "Tomas Lind")
    assert lind.roles == ["spokesperson for the Baltic Ferry Authority"]
    assert lind.affiliation == "Baltic Ferry Authority"
    holm = named(record, "Greta Holm")
    assert holm.roles == ["senior engineer at the port"]  # the leading article is dropped


def test_the_y_of_z_appositive_drops_the_article():
    text = "Maria Okonkwo, the mayor of Lakeside, opened the new bridge on Friday."
    record = run(text)
    assert named(record, "Maria Okonkwo").roles == ["mayor of Lakeside"]


def test_reverse_apposition_gives_the_role():
    text = "The chief negotiator for the union, Paul Mensah, left the talks early."
    record = run(text, {"Paul Mensah": "PERSON"})
    assert named(record, "Paul Mensah").roles == ["chief negotiator for the union"]


def test_acronym_and_full_name_are_one_entity():
    text = ("The United Nations appealed for calm. A UN convoy reached the valley, "
            "and the United Nations said more would follow.")
    record = run(text, {"United Nations": "ORG", "UN": "ORG"})
    un = named(record, "United Nations")
    assert {m.text for m in un.mentions} == {"United Nations", "UN"}
    assert un.aliases == ["UN"]


def test_dotted_and_plain_abbreviations_merge_with_the_country():
    text = "The U.S. sent envoys. The US embassy closed, and the United States protested."
    record = run(text, {"U.S.": "GPE", "US": "GPE", "United States": "GPE"})
    us = named(record, "United States")
    assert len(us.mentions) == 3 and set(us.aliases) == {"U.S.", "US"}


def test_acronym_defined_in_brackets_finds_its_later_uses():
    text = ("The Westland Defence Forces (WDF) denied blocking the road. "
            "Later the WDF reopened it.")
    record = run(text, {"Westland Defence Forces": "ORG"})
    wdf = named(record, "Westland Defence Forces")
    assert [m.text for m in wdf.mentions] == ["Westland Defence Forces", "WDF", "WDF"]
    assert wdf.roles == []  # the bracketed acronym is not a role


def test_cleaning_strips_article_and_possessive():
    text = "The White House’s statement came late. Officials at the White House declined to comment."
    record = run(text, {"The White House’s": "ORG", "the White House": "ORG"})
    wh = named(record, "White House")
    assert [m.text for m in wh.mentions] == ["White House", "White House"]
    for m in wh.mentions:
        assert text[m.start:m.end] == m.text


def test_surname_with_a_wrong_label_joins_the_person():
    text = "Benny Castell spoke first. Then Castell left the room."
    record = run(text, {"Benny Castell": "PERSON", "Castell": "ORG"})
    castell = named(record, "Benny Castell")
    assert len(castell.mentions) == 2
    assert len(record.entities) == 1


def test_a_name_labelled_a_place_elsewhere_is_a_place():
    text = "Troops entered Marrow on Monday. Residents of Marrow fled. The road to Marrow was shut."
    # The model calls the first use a person; the other two say it is a place.
    doc_labels = {"Marrow": "GPE"}
    record = run(text, doc_labels)
    assert named(record, "Marrow").type == "GPE"
    doc = parse(text).copy()
    first = doc.char_span(text.find("Marrow"), text.find("Marrow") + 6, label="PERSON")
    rest = [doc.char_span(i, i + 6, label="GPE") for i in
            (text.find("Marrow", 20), text.rfind("Marrow"))]
    doc.ents = [first, *rest]
    record = Record(input="t", article=Article(body=text))
    entities.annotate(doc, record)
    assert [(e.name, e.type, len(e.mentions)) for e in record.entities] == [("Marrow", "GPE", 3)]


def test_known_organisation_mislabelled_as_person():
    text = "Reuters reported the strike. The account was confirmed by Reuters later."
    record = run(text, {"Reuters": "PERSON"})
    assert named(record, "Reuters").type == "ORG"


def test_person_in_apposition_to_a_place_noun_is_a_place():
    text = "The northern checkpoint, Qal Harun, was closed after the attack."
    record = run(text, {"Qal Harun": "PERSON"})
    assert named(record, "Qal Harun").type == "FAC"


def test_ids_follow_first_mention_and_offsets_index_the_body():
    text = ("Norvik Shipping said on Tuesday that Captain Ilse Brandt had docked in Tallinn. "
            "Brandt told Norvik Shipping the cargo was intact.")
    record = run(text)
    assert [e.id for e in record.entities] == [f"e{i}" for i in range(1, len(record.entities) + 1)]
    firsts = [min(m.start for m in e.mentions) for e in record.entities]
    assert firsts == sorted(firsts)
    for e in record.entities:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text


def test_unrecognised_named_speaker_becomes_a_person():
    text = ("Colonel Ana Ruiz, the commander of the border brigade, said the road would reopen. "
            "Ruiz said the convoy was ready.")
    record = run(text)
    ruiz = named(record, "Ana Ruiz")
    assert ruiz.type == "PERSON"
    assert [m.text for m in ruiz.mentions] == ["Ana Ruiz", "Ruiz"]
    assert "commander of the border brigade" in ruiz.roles


def test_empty_body_gives_no_entities():
    record = run("")
    assert record.entities == []


@pytest.mark.parametrize("label", ["DATE", "CARDINAL", "MONEY", "PERCENT"])
def test_numeric_labels_are_dropped(label):
    text = "Prices rose sharply in March."
    record = run(text, {"March": label})
    assert record.entities == []


def test_a_country_is_never_a_person_and_courtesy_titles_are_not_roles():
    from newsledger.analysis import entities
    from newsledger.language import parse
    from newsledger.record import Article, Record

    body = ("Dr Esther Banda, a surgeon at Kamuzu Central Hospital, treated the wounded. "
            "Malawi's foreign ministry said it had summoned the ambassador.")
    record = Record(input="t", article=Article(body=body))
    entities.annotate(parse(body), record)
    by_name = {e.name: e for e in record.entities}
    assert by_name["Malawi"].type == "GPE"
    assert "Dr" not in by_name["Esther Banda"].roles
    assert any("surgeon" in r for r in by_name["Esther Banda"].roles)
