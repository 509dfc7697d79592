"""The ledger: schema, idempotent ingest, all-or-nothing transactions, search, export."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from newsledger.ledger import SearchSyntaxError, EXPORTS, Ledger, LedgerError, content_hash
from newsledger.ledger import _ledger
from newsledger.record import (
    Acled, Article, Byline, Entity, Event, Evidence, Figure, Place, PlaceRef, Quote, Record,
    Ref, Span, Speaker,
)

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "newsledger" / "data" / "samples"

BODY = (
    "Gunmen attacked a relief convoy near Zobue on Monday night, police said.\n\n"
    '"Our drivers had no chance," said Maria Okonjo, spokesperson for the Flood Relief '
    "Coalition.\n\n"
    "Police said 12 people were killed and nine trucks were burned."
)


def _span(body: str, text: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return Span(start=start, end=start + len(text), text=text)


def _evidence(body: str, sentence: str) -> Evidence:
    s = _span(body, sentence)
    return Evidence(text=s.text, start=s.start, end=s.end)


def make_record(input: str = "convoy.txt", body: str = BODY, title: str = "Convoy attacked near Zobue",
                publisher: str = "Harbor Times", published: str | None = "2025-03-04",
                speaker: str = "Maria Okonjo", words: str = "Our drivers had no chance") -> Record:
    """A small hand-built record over a fictional report (offsets computed, not typed)."""
    record = Record(input=input, article=Article(
        title=title, publisher=publisher, published=published, url=f"https://news.example/{input}",
        byline=[Byline(name="Ann Phiri", location="Blantyre")], body=body,
        copyright="Copyright 2025 Harbor Times",
    ))
    if speaker not in body:
        return record
    okonjo = _span(body, speaker)
    quote = _span(body, words)
    record.entities = [
        Entity(id="e1", name=speaker, type="PERSON",
               roles=["spokesperson for the Flood Relief Coalition"], mentions=[okonjo]),
        Entity(id="e2", name="Flood Relief Coalition", type="ORG",
               mentions=[_span(body, "Flood Relief Coalition")]),
    ]
    record.quotes = [Quote(text=quote.text, start=quote.start, end=quote.end, kind="direct", cue="said",
                           speaker=Speaker(name=speaker, entity_id="e1", mention=speaker,
                                           start=okonjo.start, end=okonjo.end))]
    first = body.split("\n\n")[0]
    record.events = [Event(type="ASSAULT", acled=Acled(event_type="Violence against civilians",
                                                       sub_event_type="Attack"),
                           actor=Ref(name="Gunmen"), target=Ref(name="relief convoy"),
                           place=PlaceRef(name="Zobue", lat=-15.6, lon=34.4, country="MZ"),
                           date="2025-03-03", date_text="Monday night", fatalities=12,
                           source=Ref(name="police"), evidence=_evidence(body, first))]
    record.places = [Place(name="Zobue", lat=-15.6, lon=34.4, country="MZ", mentions=[_span(body, "Zobue")])]
    last = body.split("\n\n")[-1]
    record.figures = [Figure(value=12, unit="people", what="people killed", text="12 people",
                             source=Ref(name="Police"), evidence=_evidence(body, last))]
    return record


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "sub" / "ledger.db"


def _raw_count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


# -- schema -----------------------------------------------------------------------------

def test_creates_file_schema_and_wal(db: Path):
    with Ledger(db) as ledger:
        assert ledger.stats() == {"reports": 0, "entities": 0, "quotes": 0, "events": 0,
                                  "places": 0, "figures": 0, "copies": 0}
        assert ledger.full_text is True  # this Python's sqlite has FTS5
    assert db.exists()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(2,)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"reports", "entities", "quotes", "events", "places", "figures", "reports_fts", "quotes_fts"} <= tables


def test_reopen_keeps_data_and_refuses_newer_schema(db: Path):
    with Ledger(db) as ledger:
        ledger.ingest(make_record())
    with Ledger(db) as ledger:
        assert ledger.stats()["reports"] == 1
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'later')")
    with pytest.raises(LedgerError, match="99"):
        Ledger(db)


def test_not_a_database_is_a_ledger_error(tmp_path: Path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all, just some bytes " * 50)
    with pytest.raises(LedgerError):
        Ledger(junk)


# -- idempotent ingest ------------------------------------------------------------------

def test_ingest_twice_changes_nothing(db: Path):
    record = make_record()
    with Ledger(db) as ledger:
        assert ledger.ingest(record) is True
        before = ledger.stats()
        first_at = ledger.reports()[0]["ingested_at"]
        assert ledger.ingest(record) is False
        assert ledger.ingest(record.model_dump()) is False  # a dict is accepted too
        assert ledger.stats() == before
        assert ledger.reports()[0]["ingested_at"] == first_at
    assert before == {"reports": 1, "entities": 2, "quotes": 1, "events": 1, "places": 1,
                      "figures": 1, "copies": 0}
    assert _raw_count(db, "reports_fts") == 1 and _raw_count(db, "quotes_fts") == 1


def test_content_hash_ignores_typography_and_spacing_not_words():
    plain = 'He said "no" - twice.\n\nThen left.'
    fancy = "He said \u201cno\u201d \u2013  twice.\n\n\n Then\u00a0left. "
    assert content_hash(plain) == content_hash(fancy)
    assert content_hash(plain) != content_hash(plain.replace("twice", "three times"))
    assert content_hash(plain) != content_hash(plain.lower())
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash(plain))


def test_same_text_at_another_input_is_a_copy_not_a_report(db: Path):
    with Ledger(db) as ledger:
        assert ledger.ingest(make_record("a.txt"))
        copy = make_record("b.html", publisher="Valley Dispatch",
                           body=BODY.replace('"', "\u201c", 1).replace("\n\n", "\n\n\n"))
        assert ledger.ingest(copy) is False
        assert ledger.ingest(copy) is False  # the copy itself is remembered once
        assert ledger.stats()["reports"] == 1 and ledger.stats()["copies"] == 1
        rows = list(ledger.export("reports"))
        assert [(r["input"], r["duplicate_of"]) for r in rows] == [("a.txt", None), ("b.html", "a.txt")]
        assert rows[1]["publisher"] == "Valley Dispatch"
        assert ledger.report_summary(1)["copies"][0]["input"] == "b.html"
        # an updated story (different words) is a report of its own
        assert ledger.ingest(make_record("a.txt", body=BODY.replace("12 people", "17 people")))
        assert ledger.stats()["reports"] == 2


def test_empty_body_is_refused(db: Path):
    with Ledger(db) as ledger, pytest.raises(ValueError, match="no article body"):
        ledger.ingest(Record(input="empty.txt", article=Article(body="  \n ")))


def test_store_batch_one_transaction_then_one_by_one_when_a_record_is_at_fault(db: Path):
    first, again = make_record("a.txt"), make_record("b.txt", body=BODY.replace("Monday", "Tuesday"))
    empty = Record(input="empty.txt", article=Article(body="  \n "))
    other = make_record("c.txt", body=BODY.replace("Monday", "Sunday"))
    with Ledger(db) as ledger:
        assert ledger.store_batch([(first, "f1"), (again, None)]) == [True, True]
        outcomes = ledger.store_batch([(first, "f1"), (empty, None), (other, "f3")])
        assert outcomes[0] is False and outcomes[2] is True  # the others still stored
        assert isinstance(outcomes[1], ValueError) and "no article body" in str(outcomes[1])
        assert ledger.stats()["reports"] == 3
        assert ledger.is_done("c.txt", "f3") and not ledger.is_done("empty.txt")
    # in input order: the same ids as one ingest after another
    assert [row[0] for row in sqlite3.connect(db).execute("SELECT input FROM reports ORDER BY id")] == [
        "a.txt", "b.txt", "c.txt"]


# -- one transaction per record ---------------------------------------------------------

def test_failed_insert_mid_record_rolls_everything_back(db: Path, monkeypatch: pytest.MonkeyPatch):
    attribute, _ = _ledger.ITEM_COLUMNS["figures"]
    # figures come last: by then the report, its FTS row, entities, quotes, events and
    # places are written. A column that does not exist makes SQLite itself fail there.
    monkeypatch.setitem(_ledger.ITEM_COLUMNS, "figures", (attribute, lambda f: {"no_such_column": 1}))
    with Ledger(db) as ledger:
        with pytest.raises(sqlite3.OperationalError):
            ledger.ingest(make_record())
        assert set(ledger.stats().values()) == {0}
        assert ledger.reports("convoy") == [] and ledger.search_quotes("drivers") == []
    for table in ("reports", "reports_fts", "quotes_fts", "entities", "quotes", "events", "places"):
        assert _raw_count(db, table) == 0, table
    monkeypatch.undo()
    with Ledger(db) as ledger:  # the ledger is usable and the record goes in whole
        assert ledger.ingest(make_record()) is True
        assert ledger.stats()["figures"] == 1


def test_python_error_mid_record_rolls_back(db: Path, monkeypatch: pytest.MonkeyPatch):
    def boom(item):
        raise RuntimeError("bug in a column mapper")

    monkeypatch.setitem(_ledger.ITEM_COLUMNS, "places", ("places", boom))
    with Ledger(db) as ledger:
        with pytest.raises(RuntimeError):
            ledger.ingest(make_record())
        assert ledger.stats()["reports"] == 0 and ledger.stats()["quotes"] == 0


# -- reading ------------------------------------------------------------------------------

def test_report_round_trip(db: Path):
    record = make_record()
    with Ledger(db) as ledger:
        ledger.ingest(record)
        report_id = ledger.reports()[0]["id"]
        assert ledger.report(report_id) == record
        assert ledger.report(report_id + 100) is None


def _many(ledger: Ledger, n: int) -> None:
    for i in range(n):
        body = f"Report number {i} about the flood in district {i}.\n\nTrucks waited at the border."
        ledger.ingest(make_record(f"r{i}.txt", body=body, title=f"Flood report {i}",
                                  published=f"2025-03-{i + 1:02d}"))


def test_reports_summary_newest_first_and_paged(db: Path):
    with Ledger(db) as ledger:
        _many(ledger, 7)
        ledger.ingest(make_record("undated.txt", published=None))
        rows = ledger.reports(limit=3)
        assert [r["title"] for r in rows] == ["Flood report 6", "Flood report 5", "Flood report 4"]
        assert [r["input"] for r in ledger.reports(limit=3, offset=6)] == ["r0.txt", "undated.txt"]
        assert ledger.count_reports() == 8
        undated = ledger.reports(offset=7)[0]
        assert (undated["quotes"], undated["events"], undated["figures"], undated["entities"]) == (1, 1, 1, 2)


@pytest.mark.parametrize("fts", [True, False], ids=["fts5", "like"])
def test_full_text_search(tmp_path: Path, fts: bool):
    with Ledger(tmp_path / "l.db", fts=fts) as ledger:
        assert ledger.full_text is fts
        _many(ledger, 4)
        ledger.ingest(make_record())
        assert [r["input"] for r in ledger.reports("gunmen")] == ["convoy.txt"]
        assert [r["input"] for r in ledger.reports("GUNMEN convoy")] == ["convoy.txt"]
        assert ledger.reports("gunmen elephants") == []  # every term must match
        assert len(ledger.reports("trucks")) == 5 and ledger.count_reports("trucks") == 5
        assert [r["input"] for r in ledger.reports('"district 2"')] == ["r2.txt"]
        hit = ledger.reports("Zobue")[0]
        assert "Zobue" in hit["snippet"] and "\n" not in hit["snippet"]
        assert [r["input"] for r in ledger.reports("Flood report 3")][0] == "r3.txt"


def test_prefix_search(db: Path):
    with Ledger(db) as ledger:
        ledger.ingest(make_record())
        assert len(ledger.reports("attack*")) == 1
        assert ledger.reports("attack") == []  # "attacked" is a different word


NASTY = ['"', '""', "AND", "OR NOT", "NEAR(", "foo*", "*", "-", "(", ")", "a OR", "'", "\\", "%",
         "_", "title:convoy", "^start", "{x}", "drivers\"", "🙂", "   ", "", "a" * 500,
         "x " * 200, "NEAR(drivers convoy, 2)", "convoy -police", "col : x", "\x00"]


def _answers_or_refuses(ledger, q: str) -> None:
    """A search gives rows or a SearchSyntaxError with a reason: never anything else."""
    try:
        rows = ledger.reports(q)
    except SearchSyntaxError as exc:
        assert str(exc), q
        for call in (lambda: ledger.count_reports(q), lambda: ledger.search_quotes(q, speaker=q),
                     lambda: ledger.count_quotes(q)):
            with pytest.raises(SearchSyntaxError):
                call()
        return
    assert isinstance(rows, list), q
    assert isinstance(ledger.count_reports(q), int), q
    assert isinstance(ledger.search_quotes(q, speaker=q), list), q


@pytest.mark.parametrize("fts", [True, False], ids=["fts5", "like"])
def test_search_never_raises_on_syntax(tmp_path: Path, fts: bool):
    with Ledger(tmp_path / "l.db", fts=fts) as ledger:
        ledger.ingest(make_record())
        for q in NASTY:
            _answers_or_refuses(ledger, q)
        # punctuation-only input means no search, not "nothing"; a lone quote is refused
        assert len(ledger.reports("-")) == 1 and len(ledger.reports("%")) == 1
        with pytest.raises(SearchSyntaxError):
            ledger.reports('"')
        # in the speaker filter, % and _ are literal characters, not LIKE wildcards
        assert ledger.search_quotes(speaker="%") == [] and ledger.search_quotes(speaker="_") == []
        assert len(ledger.search_quotes(speaker="a O")) == 1


def test_quote_search_by_words_and_speaker(db: Path):
    with Ledger(db) as ledger:
        ledger.ingest(make_record())
        other = BODY.replace("Maria Okonjo", "Peter Banda").replace("no chance", "nowhere to hide")
        ledger.ingest(make_record("other.txt", body=other, published="2025-03-05",
                                  speaker="Peter Banda", words="Our drivers had nowhere to hide"))
        assert ledger.count_quotes() == 2
        rows = ledger.search_quotes(speaker="okonjo")
        assert [r["speaker_name"] for r in rows] == ["Maria Okonjo"]
        assert rows[0]["speaker_roles"] == "spokesperson for the Flood Relief Coalition"
        assert rows[0]["report_title"] == "Convoy attacked near Zobue" and rows[0]["kind"] == "direct"
        assert [r["speaker_name"] for r in ledger.search_quotes("hide")] == ["Peter Banda"]
        assert [r["speaker_name"] for r in ledger.search_quotes("banda")] == ["Peter Banda"]  # speaker text
        assert ledger.search_quotes("chance", speaker="banda") == []
        assert [r["published"] for r in ledger.search_quotes()] == ["2025-03-05", "2025-03-04"]


# -- export and stats ---------------------------------------------------------------------

def test_export_flat_dicts(db: Path):
    with Ledger(db) as ledger:
        ledger.ingest(make_record())
        for what in EXPORTS:
            rows = list(ledger.export(what))
            assert rows, what
            for row in rows:
                assert all(not isinstance(v, (dict, list)) for v in row.values()), (what, row)
                json.dumps(row)
        (event,) = ledger.export("events")
        assert event["type"] == "ASSAULT" and event["acled_sub_event_type"] == "Attack"
        assert event["place_name"] == "Zobue" and event["place_lat"] == -15.6
        assert event["fatalities"] == 12 and event["date_text"] == "Monday night"
        assert event["report_input"] == "convoy.txt" and event["report_publisher"] == "Harbor Times"
        assert BODY[event["evidence_start"]:event["evidence_end"]] == event["evidence_text"]
        (report,) = ledger.export("reports")
        assert report["byline"] == "Ann Phiri (Blantyre)" and report["duplicate_of"] is None
        assert report["copyright"] == "Copyright 2025 Harbor Times" and report["quotes"] == 1
        (entity, _) = ledger.export("entities")
        assert entity["roles"] == "spokesperson for the Flood Relief Coalition"
        assert json.loads(entity["mentions"])[0]["text"] == "Maria Okonjo"
        (figure,) = ledger.export("figures")
        assert figure["value"] == 12 and figure["source_name"] == "Police"
        with pytest.raises(ValueError, match="choose one of"):
            list(ledger.export("nonsense"))


# -- the bundled samples ------------------------------------------------------------------

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "newsledger" / "shells" / "web" / "templates"


def placeholders(name: str) -> dict[str, str]:
    """{input id: placeholder} of a search page's template."""
    import html

    text = (TEMPLATES / name).read_text(encoding="utf-8")
    return {m[0]: html.unescape(m[1]) for m in re.findall(r'<input id="(\w+)"[^>]*?placeholder="([^"]*)"', text)}


def check_placeholders(ledger) -> dict[str, int]:
    """The search boxes' examples find something in the demo (the bundled samples)."""
    reports, quotes = placeholders("index.html"), placeholders("quotes.html")
    found = {"reports": ledger.count_reports(reports["q"])}
    if ledger.count_quotes():  # quotes only when the samples went through the analysis
        found |= {"quotes": ledger.count_quotes(quotes["q"]), "speaker": ledger.count_quotes(speaker=quotes["speaker"]),
                  "both": ledger.count_quotes(quotes["q"], quotes["speaker"])}
    assert all(found.values()), (reports, quotes, found)
    return found


def test_samples_are_distinct_reports(tmp_path: Path):
    from newsledger.pipeline import read_article

    files = sorted(SAMPLES.iterdir())
    names = [f.name for f in files]
    assert len(files) >= 13 and sum(n.endswith(".html") for n in names) == 1
    assert all(re.fullmatch(r"2025-03-(0[4-9]|10)_[a-z-]+_[a-z0-9-]+\.(txt|html)", n) for n in names)
    with Ledger(tmp_path / "samples.db") as ledger:
        for f in files:
            assert ledger.ingest(read_article(str(f)))
        for f in files:
            assert not ledger.ingest(read_article(str(f)))
        assert ledger.stats()["reports"] == len(files)
        assert len(ledger.reports("convoy")) >= 10
        check_placeholders(ledger)
        copies = {Path(r["input"]).name: r["duplicate_of"] for r in ledger.export("reports") if r["duplicate_of"]}
        assert {n: Path(d).name for n, d in copies.items()} == {
            "2025-03-05_lilongwe-star_convoy-attack-wire.txt": "2025-03-04_meridian-wire_convoy-attack.txt",
            "2025-03-05_zambezi-post_convoy-ambush-wire.txt": "2025-03-04_meridian-wire_convoy-attack.txt",
            "2025-03-06_capital-courier_tete-talks-wire.txt": "2025-03-05_meridian-wire_talks-tete.txt",
        }


def test_export_rows_have_the_same_columns(db: Path):
    bare = make_record("bare.txt", body=BODY + "\n\nMore.")
    bare.events[0].actor = bare.events[0].place = bare.events[0].acled = None
    bare.figures[0].source = None
    with Ledger(db) as ledger:
        ledger.ingest(make_record())
        ledger.ingest(bare)
        for what in EXPORTS:
            rows = list(ledger.export(what))
            assert {tuple(r) for r in rows} == {tuple(Ledger.columns(what))}, what  # same keys, same order
        events = list(ledger.export("events"))
        assert events[1]["actor_name"] is None and events[1]["place_lat"] is None
        assert "actor" not in events[1]


_FILLERS = {
    "a": "Relief officials in Blantyre counted the trucks again on Tuesday morning and found eleven missing from the depot list.",
    "b": "Market traders near the Zobue post said prices of maize flour had doubled since the weekend rains washed out the bridge.",
    "c": "A month later the coalition published a review of its convoy rules and thanked the drivers' families for their patience.",
    "d": "The harbour board met in the evening to discuss new cranes and a dredging contract for the southern quay next year.",
    "e": "Church groups in Mwanza opened two halls for stranded drivers and asked residents to bring blankets and cooking pots.",
}


def _story_record(input: str, published: str, names: list[str], event_date: str | None = "2025-03-03",
                  fatalities: int | None = 12) -> Record:
    filler = _FILLERS[input[0]] + " " + " ".join(reversed(_FILLERS[input[0]].split()))
    body = f"{BODY}\n\n{filler}"
    record = make_record(input, body=body, published=published)
    record.entities = [Entity(id=f"n{i}", name=n, type="PERSON" if " " in n else "ORG", mentions=[])
                       for i, n in enumerate(names)]
    record.events[0].date = event_date
    record.events[0].fatalities = fatalities
    record.figures = []
    return record


def test_stories_and_merged_events(db: Path):
    with Ledger(db) as ledger:
        ledger.ingest(_story_record("a.txt", "2025-03-04", ["Maria Okonjo", "TLM", "Tete police"]))
        ledger.ingest(_story_record("b.txt", "2025-03-05", ["maria  okonjo", "TLM"], fatalities=15))
        # same names, but a month later: another story
        ledger.ingest(_story_record("c.txt", "2025-04-10", ["Maria Okonjo", "TLM"]))
        # one shared name only: not linked
        ledger.ingest(_story_record("d.txt", "2025-03-04", ["Maria Okonjo", "Harbor Board"]))
        # an event without a date, told two days after the dated one: the same event
        ledger.ingest(_story_record("e.txt", "2025-03-05", ["Maria Okonjo", "TLM", "Tete police"],
                                    event_date=None, fatalities=None))
        assert [r["duplicate_of"] for r in ledger.export("reports")] == [None] * 5
        assert ledger.stories() == {1: 1, 2: 1, 3: 3, 4: 4, 5: 1}
        assert [r["story"] for r in ledger.export("reports")] == [1, 1, 3, 4, 1]
        merged = list(ledger.merged_events())
        # Events merge across stories (the learned scorer): d tells the same attack in the same
        # words, on the same day at the same place, though it shares one name only with the others.
        # c, a month later, is outside the scorer's window and stays apart.
        assert len(merged) == 2
        first = merged[0]
        assert [s["input"] for s in first["sources"]] == ["a.txt", "d.txt", "b.txt", "e.txt"]
        assert first["story"] == 1 and first["type"] == "ASSAULT" and first["date"] == "2025-03-03"
        assert first["fatalities"] is None  # 12 vs 15: disputed, so unknown, and both kept
        assert [s["fatalities"] for s in first["sources"]] == [12, 12, 15, None]
        assert first["conflicts"] == {"fatalities": [{"value": 12, "sources": ["a.txt", "d.txt"], "said_by": []},
                                                     {"value": 15, "sources": ["b.txt"], "said_by": []}]}
        assert first["sources"][0]["evidence"]["text"].startswith("Gunmen attacked")
        assert first["reports"] == first["independent_reports"] == 4
        assert all(len(e["sources"]) == 1 for e in merged[1:])


def test_death_tolls_in_figures_join_the_dispute(db: Path):
    """A report's "people:dead" figures are the death claims of its one dated attack; a
    part of the toll under another key ("drivers:dead") is not."""
    def toll(record: Record, value: float, who: str, key: str = "people:dead") -> None:
        last = record.article.body.split("\n\n")[-1]
        start = record.article.body.index(last)
        record.figures.append(Figure(value=value, text=f"{int(value)} people", key=key, source=Ref(name=who),
                                     evidence=Evidence(text=last, start=start, end=start + len(last))))

    a = _story_record("a.txt", "2025-03-04", ["Maria Okonjo", "TLM"], fatalities=None)
    toll(a, 12, "police")
    toll(a, 4, "police", key="drivers:dead")
    b = _story_record("b.txt", "2025-03-07", ["Maria Okonjo", "TLM"], fatalities=None)
    toll(b, 21, "the hospital")
    toll(b, 17, "police")
    with Ledger(db) as ledger:
        ledger.ingest(a)
        ledger.ingest(b)
        (event,) = ledger.merged_events()
    assert event["fatalities"] is None
    assert [(c["value"], c["said_by"]) for c in event["conflicts"]["fatalities"]] == [
        (12, ["police"]), (21, ["the hospital"]), (17, ["police"])]
    assert [c["value"] for c in event["sources"][1]["death_claims"]] == [21, 17]


def _event_record(input: str, published: str, event_date: str | None, place: str | None,
                  fatalities: int | None = None) -> Record:
    record = _story_record(input, published, ["Maria Okonjo", "TLM"], event_date, fatalities)
    record.events[0].place = PlaceRef(name=place, country="MZ") if place else None
    return record


def test_event_merging_keeps_disputed_places_and_splits_other_days(db: Path):
    with Ledger(db) as ledger:
        ledger.ingest(_event_record("a.txt", "2025-03-04", "2025-03-03", "Zobue"))
        ledger.ingest(_event_record("b.txt", "2025-03-04", "2025-03-03", "Mwanza"))  # same day, other town
        ledger.ingest(_event_record("c.txt", "2025-03-08", "2025-03-07", "Zobue"))   # days later: another
        ledger.ingest(_event_record("d.txt", "2025-03-05", "2025-03-04", "Zobue"))   # a day off, same town
        merged = list(ledger.merged_events())
        assert [[s["input"] for s in e["sources"]] for e in merged] == [["a.txt", "b.txt", "d.txt"], ["c.txt"]]
        first = merged[0]
        assert first["date"] == "2025-03-03" and first["place"]["name"] == "Zobue"  # the majority
        assert first["conflicts"]["place"] == [{"value": "Zobue", "sources": ["a.txt", "d.txt"]},
                                               {"value": "Mwanza", "sources": ["b.txt"]}]
        assert first["conflicts"]["date"] == [{"value": "2025-03-03", "sources": ["a.txt", "b.txt"]},
                                              {"value": "2025-03-04", "sources": ["d.txt"]}]
        assert [s["place"]["name"] for s in first["sources"]] == ["Zobue", "Mwanza", "Zobue"]


WIRE = (
    "Gunmen attacked an army post on the outskirts of Dori in northern Burkina Faso on Monday night, "
    "killing nine soldiers, the army said on Tuesday. A spokesman said about 60 fighters on motorbikes "
    "stormed the post shortly before midnight and set fire to two armoured vehicles before withdrawing "
    "towards the border. Residents said shops in Dori stayed closed on Tuesday and that several families "
    "had left for Kaya, about 200 km to the south."
)


def test_near_duplicates_link_to_the_first_report(db: Path):
    edited = WIRE.replace("the army said on Tuesday", "the army said Tuesday").replace("about 60", "some 60")
    cut = WIRE.rsplit(" Residents", 1)[0] + " The Gazette asked for names."
    other = ("Local officials in Dori said 23 people were killed when gunmen attacked an army post outside "
             "the town, more than twice the army's toll. The mayor said 23 bodies had been taken to the "
             "hospital and that the army's figure of nine soldiers was not the truth.")
    with Ledger(db) as ledger:
        for name, body in (("wire.txt", WIRE), ("edited.txt", edited), ("cut.txt", cut), ("other.txt", other)):
            assert ledger.ingest(make_record(name, body=body, speaker="nobody"))
        rows = {r["input"]: r for r in ledger.export("reports")}
        assert rows["wire.txt"]["duplicate_of"] is None and rows["other.txt"]["duplicate_of"] is None
        assert rows["edited.txt"]["duplicate_of"] == "wire.txt"
        assert rows["cut.txt"]["duplicate_of"] == "wire.txt"
        assert ledger.report_summary(rows["cut.txt"]["id"])["duplicate_of"] == rows["wire.txt"]["id"]
        assert rows["edited.txt"]["story"] == rows["wire.txt"]["story"]


def test_an_earlier_original_ingested_after_its_copy_becomes_the_original(db: Path):
    copy = WIRE.replace("the army said on Tuesday", "the army said Tuesday")
    with Ledger(db) as ledger:
        ledger.ingest(make_record("copy.txt", body=copy, speaker="nobody", published="2025-05-14"))
        ledger.ingest(make_record("copy2.txt", body=copy + " More.", speaker="nobody", published="2025-05-15"))
        ledger.ingest(make_record("wire.txt", body=WIRE, speaker="nobody", published="2025-05-13"))
        rows = {r["input"]: r["duplicate_of"] for r in ledger.export("reports")}
    assert rows == {"copy.txt": "wire.txt", "copy2.txt": "wire.txt", "wire.txt": None}


def test_near_duplicate_measures():
    from newsledger.ledger import _near

    a, b = _near.shingles(WIRE), _near.shingles(WIRE.replace("nine", "ten"))
    assert _near.resemblance(a, b).is_copy
    assert _near.band_hashes(a) == _near.band_hashes(_near.shingles(WIRE))  # stable
    unrelated = _near.shingles("Farmers marched through Sicuani against a dam on the Vilcanota river. " * 3)
    assert not _near.resemblance(a, unrelated).is_copy
    assert _near.band_hashes(set()) == []


def test_inputs_done_are_recorded_with_the_record(db: Path):
    with Ledger(db) as ledger:
        assert not ledger.is_done("convoy.txt")
        ledger.ingest(make_record(), fingerprint="10:1")
        assert ledger.is_done("convoy.txt") and ledger.is_done("convoy.txt", "10:1")
        assert not ledger.is_done("convoy.txt", "11:2")  # the file changed since
        ledger.ingest(make_record("again.txt"), fingerprint="x")  # same content, another input
        assert ledger.is_done("again.txt")


def test_version_1_ledger_is_upgraded(db: Path):
    """A ledger written before near-duplicates: columns and bands are added, copies found."""
    from newsledger.ledger import _schema

    db.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(db) as conn:
        v2_only = set(_schema.MIGRATIONS[1][2:])
        for statement in _schema.TABLES:
            if statement not in v2_only:
                conn.execute(statement.replace(",\n        duplicate_of INTEGER REFERENCES reports (id),"
                                               "\n        duplicate_score REAL", ""))
        conn.execute("INSERT INTO schema_version VALUES (1, 'then')")
        for i, body in enumerate((WIRE, WIRE.replace("nine", "ten"))):
            conn.execute("INSERT INTO reports (content_hash, input, body, record_json, ingested_at) "
                         "VALUES (?, ?, ?, ?, 'then')",
                         (f"h{i}", f"r{i}.txt", body, make_record(f"r{i}.txt", body=body).model_dump_json()))
    with Ledger(db) as ledger:
        rows = list(ledger.export("reports"))
        assert [r["duplicate_of"] for r in rows] == [None, "r0.txt"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 2


# -- exports: GeoJSON, ACLED-style CSV, Parquet -------------------------------------------------

def _two_tellings(db: Path) -> None:
    with Ledger(db) as ledger:
        for input, published, toll in (("a.txt", "2025-03-04", 12), ("b.txt", "2025-03-05", 15)):
            record = _event_record(input, published, "2025-03-03", "Zobue", fatalities=toll)
            record.events[0].place = PlaceRef(name="Zobue", lat=-15.6, lon=34.4, country="MZ")
            ledger.ingest(record)


def test_geojson_and_acled_rows(db: Path):
    from newsledger.ledger import ACLED_COLUMNS

    _two_tellings(db)
    with Ledger(db) as ledger:
        events = ledger.geojson("events")
        (feature,) = events["features"]
        assert feature["geometry"] == {"type": "Point", "coordinates": [34.4, -15.6]}
        assert len(feature["properties"]["sources"]) == 2 and feature["properties"]["place"] == "Zobue"
        places = ledger.geojson("places")
        assert places["type"] == "FeatureCollection" and places["features"][0]["properties"]["name"] == "Zobue"
        (row,) = ledger.acled()
    assert list(row) == list(ACLED_COLUMNS)
    assert row["event_date"] == "2025-03-03" and row["event_type"] == "Violence against civilians"
    assert row["sub_event_type"] == "Attack" and row["location"] == "Zobue" and row["country"] == "MZ"
    assert row["fatalities"] == 12  # ACLED's rule: the lowest reported figure...
    assert "Fatalities disputed" in row["notes"] and row["disputed"] == "fatalities"  # ...and it says so
    assert row["sources"] == 2 and row["actor1"] == "Gunmen" and row["event_id_cnty"].startswith("MZ")


def test_export_command_formats(db: Path, tmp_path: Path):
    import csv

    from typer.testing import CliRunner

    from newsledger.shells.cli import app

    _two_tellings(db)
    runner = CliRunner()
    acled = runner.invoke(app, ["export", "--db", str(db), "--format", "acled"])
    assert acled.exit_code == 0, acled.output
    (row,) = list(csv.DictReader(acled.output.splitlines()))
    assert row["event_type"] == "Violence against civilians" and row["fatalities"] == "12"
    geo = runner.invoke(app, ["export", "--db", str(db), "--what", "places", "--format", "geojson"])
    assert geo.exit_code == 0 and json.loads(geo.output)["type"] == "FeatureCollection"
    merged = runner.invoke(app, ["export", "--db", str(db), "--what", "events"])
    (event,) = [json.loads(line) for line in merged.output.splitlines()]
    assert [s["input"] for s in event["sources"]] == ["a.txt", "b.txt"]
    bad = runner.invoke(app, ["export", "--db", str(db), "--what", "quotes", "--format", "geojson"])
    assert bad.exit_code == 2
    out = tmp_path / "figures.parquet"
    parquet = runner.invoke(app, ["export", "--db", str(db), "--what", "events", "--format", "parquet",
                                  "--out", str(out)])
    try:
        import pyarrow.parquet as pq
    except ImportError:
        assert parquet.exit_code == 2 and "pyarrow" in parquet.output
        return
    assert parquet.exit_code == 0, parquet.output
    table = pq.read_table(out)
    assert table.num_rows == 2 and "evidence_text" in table.column_names


def test_acled_time_precision_follows_the_event_date_precision(db: Path):
    """An event dated only to a span of days ("overnight", a weekend) is ACLED time precision 2."""
    exact = _story_record("a.txt", "2025-03-04", ["Maria Okonjo"])
    spanned = _story_record("c.txt", "2025-03-20", ["Harbor Board"], event_date="2025-03-15")
    spanned.events[0].date_precision = "days"
    spanned.events[0].date_range = ["2025-03-15", "2025-03-16"]
    spanned.events[0].place = PlaceRef(name="Moatize", lat=-16.1, lon=33.7, country="MZ")
    with Ledger(db) as ledger:
        ledger.ingest(exact)
        ledger.ingest(spanned)
        rows = {r["event_date"]: r for r in ledger.acled()}
    assert rows["2025-03-03"]["time_precision"] == 1
    assert rows["2025-03-15"]["time_precision"] == 2


def test_a_merged_source_says_why_it_joined(db: Path):
    with Ledger(db) as ledger:
        ledger.ingest(_event_record("a.txt", "2025-03-04", "2025-03-03", "Zobue"))
        ledger.ingest(_event_record("d.txt", "2025-03-05", "2025-03-03", "Zobue"))
        merged = list(ledger.merged_events())
    first, second = merged[0]["sources"]
    assert "joined" not in first
    assert second["joined"]["with"] == "a.txt"
    assert {"same type", "same dates", "same actor"} <= set(second["joined"]["because"])
