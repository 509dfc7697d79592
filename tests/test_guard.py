"""No input sinks a batch: a failure in any stage of one input is that input's error line, and
long bodies are analysed a paragraph group at a time with offsets into the whole body.

The texts are fictional and written here; failures are injected with monkeypatch.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger import language, pipeline
from newsledger.language import cut_points
from newsledger.ledger import Ledger
from newsledger.record import Failure, Record
from newsledger.settings import Settings
from newsledger.shells.cli import app

REPORTS = {
    "market.txt": "KAYA, April 2 - A fire destroyed more than 80 stalls at the central market in Kaya "
                  "on Tuesday night, the town's fire service said.\n\n\"We lost everything,\" said "
                  "Aminata Sawadogo, a trader.",
    "poison.txt": "DORI, April 4 - Teachers in Dori stopped work on Thursday to demand three months of "
                  "unpaid wages, said union secretary Paul Sanou. The word sabotage is in this one.",
    "borehole.txt": "PISSILA, April 3 - A new borehole opened in Pissila on Wednesday will supply water "
                    "to about 4,000 people in five villages, said Salif Kabore of the Sahel Water Fund.",
}
MARK = "sabotage"  # the injected failures hit the input whose body holds this word


def long_text(chars: int) -> str:
    """A generated fictional report of about ``chars`` characters, in paragraphs."""
    names = ["Amara Osei", "Lukas Brandt", "Nadia Haddad", "Tomas Ruiz", "Mei Lin"]
    towns = ["Kaya", "Dori", "Pissila", "Fada"]
    paragraphs, size, i = [], 0, 0
    while size < chars:
        paragraph = (f"On Tuesday, {i + 3} people were hurt when a fire broke out at the market in "
                     f"{towns[i % 4]}. \"We lost everything,\" said {names[i % 5]}, a trader. Police said "
                     f"{i % 40 + 2} stalls were destroyed.")
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
        i += 1
    return "Fire at the market\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, text in REPORTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _inputs(folder: Path) -> list[str]:
    return [str(folder / name) for name in REPORTS]


def _fail_language(monkeypatch: pytest.MonkeyPatch) -> None:
    real_parse, real_many = language.parse, language.parse_many

    def parse(text: str):
        if MARK in text:
            raise ValueError("[E088] injected language failure")
        return real_parse(text)

    def parse_many(texts, batch_size: int = 16):
        for text in texts:
            if MARK in text:
                raise ValueError("[E088] injected language failure")
            yield from real_many([text])

    monkeypatch.setattr(language, "parse", parse)
    monkeypatch.setattr(language, "parse_many", parse_many)


def _fail_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(doc, record):
        if MARK in record.article.body:
            raise RuntimeError("injected analysis failure")

    monkeypatch.setattr(pipeline, "ANALYSIS", [*pipeline.ANALYSIS, pipeline.Step("broken", broken, (), ())])


@pytest.mark.parametrize("inject", [_fail_language, _fail_analysis])
def test_a_failure_in_one_input_is_its_error_line_and_the_rest_goes_on(folder, monkeypatch, inject):
    inject(monkeypatch)
    out = list(pipeline.extract_many(_inputs(folder)))
    assert [type(item) for item in out] == [Record, Failure, Record]
    assert out[1].input.endswith("poison.txt") and "injected" in out[1].error
    assert out[0].quotes and out[2].entities  # the others are analysed in full


@pytest.mark.parametrize("inject", [_fail_language, _fail_analysis])
def test_ingest_stores_the_others_and_nothing_of_the_failed_input(folder, monkeypatch, inject, tmp_path):
    inject(monkeypatch)
    db = tmp_path / "ledger.db"
    result = CliRunner().invoke(app, ["ingest", *_inputs(folder), "--db", str(db), "--quiet"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "poison.txt" in line]
    assert len(lines) == 1 and "injected" in lines[0]
    with Ledger(db) as ledger:
        assert ledger.stats()["reports"] == 2
        assert not ledger.is_done(str(folder / "poison.txt"))
        assert ledger.find(str(folder / "market.txt")) is not None


def test_a_failed_write_leaves_nothing_of_that_input(folder, monkeypatch, tmp_path):
    real_ingest = Ledger.ingest

    def ingest(self, record, **kwargs):
        if MARK in record.article.body:
            raise RuntimeError("injected write failure")
        return real_ingest(self, record, **kwargs)

    monkeypatch.setattr(Ledger, "ingest", ingest)
    db = tmp_path / "ledger.db"
    result = CliRunner().invoke(app, ["ingest", *_inputs(folder), "--db", str(db), "--quiet"])
    assert result.exit_code == 1
    with Ledger(db) as ledger:
        assert ledger.stats()["reports"] == 2 and not ledger.is_done(str(folder / "poison.txt"))


def test_api_post_answers_the_failure_and_stores_nothing(tmp_path, monkeypatch):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from newsledger.shells.api import create_app

    _fail_analysis(monkeypatch)
    db = tmp_path / "ledger.db"
    client = TestClient(create_app(db, token="s3cret"))
    auth = {"Authorization": "Bearer s3cret"}
    bad = client.post("/api/reports", json={"text": REPORTS["poison.txt"], "input": "poison"}, headers=auth)
    assert bad.status_code == 422 and "injected" in bad.json()["detail"]
    good = client.post("/api/reports", json={"text": REPORTS["market.txt"], "input": "market"}, headers=auth)
    assert good.status_code == 201
    with Ledger(db) as ledger:
        assert ledger.stats()["reports"] == 1 and ledger.find("poison") is None


def test_cut_points_make_adjacent_bounded_pieces_at_paragraphs():
    text = long_text(1_200_000)
    points = cut_points(text, 100_000)
    assert points[0] == 0 and points[-1] == len(text)
    pieces = [text[a:b] for a, b in zip(points, points[1:])]
    assert "".join(pieces) == text and all(0 < len(p) <= 100_000 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1])  # whole paragraphs
    # a text without paragraphs is cut at sentences, then at spaces, then anywhere
    words = cut_points("word " * 5000, 1000)
    assert all(0 < b - a <= 1000 for a, b in zip(words, words[1:])) and len(words) > 20
    one_line = cut_points("x" * 2500, 1000)
    assert one_line == [0, 1000, 2000, 2500]


def test_a_long_body_is_analysed_in_pieces_with_offsets_into_the_whole_body():
    text = long_text(12_000)
    pieces = Settings(chunk_chars=3_000)  # pieces of a few paragraphs
    record = pipeline.analyse(Record(input="long.txt", article={"body": text, "published": "2025-04-02"}),
                              settings=pieces)
    body = record.article.body
    assert body == text and len(cut_points(text, 3_000)) > 4
    assert record.quotes and record.figures and record.dates and record.entities
    for quote in record.quotes:
        assert body[quote.start:quote.end] == quote.text
        assert quote.speaker.entity_id is None or quote.speaker.entity_id in {e.id for e in record.entities}
    for item in [*record.figures, *record.events]:
        assert body[item.evidence.start:item.evidence.end] == item.evidence.text
    for mention in [m for e in record.entities for m in e.mentions] + [m for p in record.places for m in p.mentions]:
        assert body[mention.start:mention.end] == mention.text
    for date in record.dates:
        assert body[date.start:date.end] == date.text
    # an entity named in every piece is one entity, its mentions from all of them
    osei = [e for e in record.entities if e.name == "Amara Osei"]
    assert len(osei) == 1 and osei[0].mentions[-1].start > len(text) // 2
    assert len({e.id for e in record.entities}) == len(record.entities)


def test_a_body_over_the_analysis_limit_is_refused_in_one_line(folder):
    limited = Settings(max_body_chars=175)  # market.txt is longer
    out = list(pipeline.extract_many(_inputs(folder), settings=limited))
    assert [type(item) for item in out] == [Failure, Record, Record]
    assert "over the analysis limit" in out[0].error and out[0].input.endswith("market.txt") and "\n" not in out[0].error
    # the article alone is still given
    assert all(isinstance(item, Record)
               for item in pipeline.extract_many(_inputs(folder), only_article=True, settings=limited))


def test_an_archive_that_breaks_the_reader_is_one_line_and_the_folder_goes_on(folder, monkeypatch, tmp_path):
    from newsledger.sources import _warc

    (folder / "crawl.warc").write_bytes(b"WARC/1.0\r\n\r\n")

    def broken(name):
        raise RuntimeError("injected archive failure")
        yield  # a generator, as the reader is

    monkeypatch.setattr(_warc, "warc_pages", broken)
    db = tmp_path / "ledger.db"
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "--quiet"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "crawl.warc" in line]
    assert len(lines) == 1 and "injected archive failure" in lines[0]
    with Ledger(db) as ledger:
        assert ledger.stats()["reports"] == 3


def test_every_analysis_step_runs_after_the_steps_that_write_what_it_reads():
    written = {"article"}  # pages give the article
    for step in pipeline.ANALYSIS:
        assert set(step.reads) <= written, f"{step.name} reads {set(step.reads) - written} before it is written"
        written |= set(step.writes)
    assert written >= {"entities", "dates", "places", "quotes", "figures", "events"}
