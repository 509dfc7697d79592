"""The ledger on PostgreSQL: the scenarios of test_ledger.py against a real server.

The server comes from NEWSLEDGER_TEST_PG_URL (e.g. postgresql://user:pw@localhost/dbname),
else from a local server at the usual places. Each test gets a schema of its own (dropped
afterwards), so tests never see each other's rows. Without psycopg or a reachable server
every test here skips, saying why.
"""

from __future__ import annotations

import os
import sys
import threading
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_ledger as scenarios  # noqa: E402  (the SQLite tests, reused with a PostgreSQL `db`)
from test_ledger import BODY, NASTY, make_record  # noqa: E402

from newsledger.ledger import EXPORTS, Ledger, LedgerError, is_database_url  # noqa: E402
from newsledger.ledger import _ledger  # noqa: E402

URL_ENV = "NEWSLEDGER_TEST_PG_URL"
# Where a local server is usually found when the variable is not set (the CI's role first).
LOCAL_URLS = (
    "postgresql://newsledger:newsledger@localhost/newsledger_test",
    "postgresql:///newsledger_test",
    "postgresql:///postgres",
)


def _reachable(url: str) -> str | None:
    """None when a connection works, else why not."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None


@pytest.fixture(scope="session")
def pg_url() -> str:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("PostgreSQL tests skipped: psycopg is not installed (pip install 'newsledger[postgres]')")
    configured = os.environ.get(URL_ENV)
    if configured:
        why = _reachable(configured)
        if why:
            pytest.skip(f"PostgreSQL tests skipped: {URL_ENV} is set but the server is not reachable: {why}")
        return configured
    reasons = []
    for url in LOCAL_URLS:
        why = _reachable(url)
        if why is None:
            return url
        reasons.append(f"{url}: {why}")
    pytest.skip(f"PostgreSQL tests skipped: {URL_ENV} is not set and no local server answered "
                f"({'; '.join(reasons)})")


@pytest.fixture
def db(pg_url: str):
    """A ledger URL whose tables live in a fresh schema (search_path), dropped afterwards."""
    import psycopg

    schema = f"nl_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    joiner = "&" if "?" in pg_url else "?"
    yield f"{pg_url}{joiner}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _count(url: str, sql: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchone()[0]


# -- the SQLite scenarios, unchanged, on PostgreSQL -------------------------------------
# (those that look inside the SQLite file or run a pipeline are rewritten below)

test_same_text_at_another_input_is_a_copy_not_a_report = scenarios.test_same_text_at_another_input_is_a_copy_not_a_report
test_empty_body_is_refused = scenarios.test_empty_body_is_refused
test_python_error_mid_record_rolls_back = scenarios.test_python_error_mid_record_rolls_back
test_report_round_trip = scenarios.test_report_round_trip
test_reports_summary_newest_first_and_paged = scenarios.test_reports_summary_newest_first_and_paged
test_prefix_search = scenarios.test_prefix_search
test_quote_search_by_words_and_speaker = scenarios.test_quote_search_by_words_and_speaker
test_export_flat_dicts = scenarios.test_export_flat_dicts
test_stories_and_merged_events = scenarios.test_stories_and_merged_events
test_death_tolls_in_figures_join_the_dispute = scenarios.test_death_tolls_in_figures_join_the_dispute
test_event_merging_keeps_disputed_places_and_splits_other_days = \
    scenarios.test_event_merging_keeps_disputed_places_and_splits_other_days
test_near_duplicates_link_to_the_first_report = scenarios.test_near_duplicates_link_to_the_first_report
test_an_earlier_original_ingested_after_its_copy_becomes_the_original = \
    scenarios.test_an_earlier_original_ingested_after_its_copy_becomes_the_original
test_inputs_done_are_recorded_with_the_record = scenarios.test_inputs_done_are_recorded_with_the_record
test_geojson_and_acled_rows = scenarios.test_geojson_and_acled_rows


# -- PostgreSQL's own versions ---------------------------------------------------------

def test_url_chooses_postgresql_and_creates_the_schema(db: str):
    assert is_database_url(db) and not is_database_url("ledger.db")
    with Ledger(db) as ledger:
        assert ledger.dialect == "postgresql" and ledger.full_text is True
        assert ledger.stats() == {"reports": 0, "entities": 0, "quotes": 0, "events": 0,
                                  "places": 0, "figures": 0, "copies": 0}
    assert _count(db, "SELECT MAX(version) FROM schema_version") == 2
    # coordinates keep full precision (PostgreSQL's REAL would round them)
    assert _count(db, "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() "
                      "AND table_name = 'places' AND column_name = 'lat' AND data_type = 'double precision'") == 1


def test_reopen_keeps_data_and_refuses_newer_schema(db: str):
    import psycopg

    with Ledger(db) as ledger:
        ledger.ingest(make_record())
    with Ledger(db) as ledger:
        assert ledger.stats()["reports"] == 1
        assert ledger.reports()[0]["events"] == 1
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'later')")
    with pytest.raises(LedgerError, match="99"):
        Ledger(db)


def test_unreachable_server_is_a_ledger_error_without_the_password():
    with pytest.raises(LedgerError) as caught:
        Ledger("postgresql://someone:secret@127.0.0.1:1/nothing?connect_timeout=2")
    assert "secret" not in str(caught.value)


def test_ingest_twice_changes_nothing(db: str):
    record = make_record()
    with Ledger(db) as ledger:
        assert ledger.ingest(record) is True
        before = ledger.stats()
        first_at = ledger.reports()[0]["ingested_at"]
        assert ledger.ingest(record) is False
        assert ledger.ingest(record.model_dump()) is False
        assert ledger.stats() == before
        assert ledger.reports()[0]["ingested_at"] == first_at
    assert before == {"reports": 1, "entities": 2, "quotes": 1, "events": 1, "places": 1,
                      "figures": 1, "copies": 0}
    assert _count(db, "SELECT COUNT(*) FROM reports WHERE search @@ 'gunmen'::tsquery") == 1
    assert _count(db, "SELECT COUNT(*) FROM quotes WHERE search @@ 'okonjo'::tsquery") == 1


def test_failed_insert_mid_record_rolls_everything_back(db: str, monkeypatch: pytest.MonkeyPatch):
    import psycopg

    attribute, _ = _ledger.ITEM_COLUMNS["figures"]
    monkeypatch.setitem(_ledger.ITEM_COLUMNS, "figures", (attribute, lambda f: {"no_such_column": 1}))
    with Ledger(db) as ledger:
        with pytest.raises(psycopg.Error):
            ledger.ingest(make_record())
        assert set(ledger.stats().values()) == {0}
        assert ledger.reports("convoy") == [] and ledger.search_quotes("drivers") == []
        assert not ledger.is_done("convoy.txt")
    monkeypatch.undo()
    with Ledger(db) as ledger:
        assert ledger.ingest(make_record()) is True
        assert ledger.stats()["figures"] == 1


def test_full_text_search(db: str):
    with Ledger(db) as ledger:
        scenarios._many(ledger, 4)
        ledger.ingest(make_record())
        assert [r["input"] for r in ledger.reports("gunmen")] == ["convoy.txt"]
        assert [r["input"] for r in ledger.reports("GUNMEN convoy")] == ["convoy.txt"]
        assert ledger.reports("gunmen elephants") == []
        assert len(ledger.reports("trucks")) == 5 and ledger.count_reports("trucks") == 5
        assert [r["input"] for r in ledger.reports('"district 2"')] == ["r2.txt"]
        assert ledger.reports('"district waited"') == []  # a phrase is words in a row
        hit = ledger.reports("Zobue")[0]
        assert "Zobue" in hit["snippet"] and "\n" not in hit["snippet"]
        assert [r["input"] for r in ledger.reports("Flood report 3")][0] == "r3.txt"
        # a title hit ranks before a body hit
        ledger.ingest(make_record("border.txt", title="Border closed", published="2025-03-01",
                                  body="Officials kept the crossing shut on Friday. Trucks queued."))
        assert [r["input"] for r in ledger.reports("border")][0] == "border.txt"


def test_search_never_raises_on_syntax(db: str):
    with Ledger(db) as ledger:
        ledger.ingest(make_record())
        for q in NASTY:
            scenarios._answers_or_refuses(ledger, q)
        assert len(ledger.reports("-")) == 1
        assert ledger.search_quotes(speaker="%") == [] and ledger.search_quotes(speaker="_") == []
        assert len(ledger.search_quotes(speaker="a O")) == 1
        assert len(ledger.search_quotes(speaker="OKONJO")) == 1  # ILIKE, as SQLite's LIKE


def test_claims_figures_map_and_stories(db: str):
    with Ledger(db) as ledger:
        scenarios._two_tellings(db)
        keys = ledger.claim_keys()
        assert all(isinstance(k["reports"], int) for k in keys)
        for key in keys:
            assert ledger.claims(key["key"])
        total, rows = ledger.figures()
        assert total == len(rows) == ledger.stats()["figures"]
        points = ledger.map_points()
        assert points["places"] and all(isinstance(p["lat"], float) for p in points["places"])
        assert all(isinstance(p["mentions"], int) for p in points["places"])
        for story in ledger.story_list():
            assert ledger.story(story["id"])["reports"]
        for what in EXPORTS:
            assert ledger.columns(what) and list(ledger.export(what)) is not None


def test_concurrent_ingest_of_the_same_report_stores_it_once(db: str):
    record = make_record()
    results: list[bool] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4, timeout=30)

    def ingest() -> None:
        try:
            with Ledger(db) as ledger:  # one connection per thread
                start.wait()
                results.append(ledger.ingest(record))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=ingest) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    with Ledger(db) as ledger:
        assert ledger.stats()["reports"] == 1 and ledger.stats()["quotes"] == 1


def test_same_results_as_sqlite(db: str, tmp_path: Path):
    """The same records give the same summaries, searches, exports and merged events."""
    def fill(ledger: Ledger) -> None:
        scenarios._many(ledger, 3)
        ledger.ingest(make_record())
        ledger.ingest(make_record("copy.txt", publisher="Valley Dispatch"))
        other = BODY.replace("Maria Okonjo", "Peter Banda")
        ledger.ingest(make_record("other.txt", body=other, published="2025-03-05", speaker="Peter Banda"))

    def drop_times(rows: list[dict]) -> list[dict]:
        return [{k: v for k, v in r.items() if k not in ("ingested_at", "seen_at")} for r in rows]

    with Ledger(db) as pg, Ledger(tmp_path / "same.db") as lite:
        fill(pg)
        fill(lite)
        assert pg.stats() == lite.stats()
        assert drop_times(pg.reports()) == drop_times(lite.reports())
        for q in ("trucks", "convoy police", "district*"):
            assert [r["id"] for r in pg.reports(q)] == [r["id"] for r in lite.reports(q)] or \
                sorted(r["id"] for r in pg.reports(q)) == sorted(r["id"] for r in lite.reports(q)), q
        assert pg.search_quotes(speaker="banda") == lite.search_quotes(speaker="banda")
        for what in EXPORTS:
            assert drop_times(list(pg.export(what))) == drop_times(list(lite.export(what))), what
        assert list(pg.merged_events()) == list(lite.merged_events())
        assert pg.claim_keys() == lite.claim_keys() and pg.map_points() == lite.map_points()


def test_web_app_serves_a_postgresql_ledger(db: str):
    from fastapi.testclient import TestClient

    from newsledger.shells.api import create_app

    scenarios._two_tellings(db)
    with Ledger(db) as ledger:
        ledger.ingest(make_record())
    client = TestClient(create_app(db))
    for path in ("/api/reports", "/api/reports?q=gunmen", "/api/quotes?speaker=okonjo", "/api/events",
                 "/api/stories", "/api/claims", "/api/figures", "/api/map", "/api/stats",
                 "/", "/quotes?q=drivers", "/events", "/stories", "/claims", "/map",
                 "/api/events/facets", "/api/events/timeline", "/api/events/map?zoom=4",
                 "/api/events.csv?type=ASSAULT", "/api/events.geojson", "/api/events.acled.csv"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
    assert client.get("/api/reports/1").json()["input"] == "a.txt"
    assert "convoy.txt" in client.get("/api/reports?q=gunmen").text


def test_bundled_samples_give_the_same_ledger_as_sqlite(db: str, tmp_path: Path):
    """The demo's reports, through the pipeline once, into both stores: same stories,
    copies, merged events and claims."""
    from newsledger.pipeline import read_article

    records = [read_article(str(f)) for f in sorted(scenarios.SAMPLES.iterdir())]
    with Ledger(db) as pg, Ledger(tmp_path / "samples.db") as lite:
        for record in records:
            assert pg.ingest(record) and lite.ingest(record)
        assert not any(pg.ingest(record) for record in records)
        assert pg.stats() == lite.stats()
        assert pg.stories() == lite.stories() and pg.story_list() == lite.story_list()
        assert list(pg.merged_events()) == list(lite.merged_events())
        assert pg.claim_keys() == lite.claim_keys()
        assert [r["duplicate_of"] for r in pg.export("reports")] == [r["duplicate_of"] for r in lite.export("reports")]
        assert len(pg.reports("convoy")) == len(lite.reports("convoy")) >= 10
        assert scenarios.check_placeholders(pg) == scenarios.check_placeholders(lite)
        for q in ("convoy OR aid", "convoy -ambush", "convoy NOT ambush", '"aid trucks"', "escort*",
                  "tete convoy OR aid", "(convoy OR escort*) -tete"):
            assert sorted(r["input"] for r in pg.reports(q, limit=100)) == \
                sorted(r["input"] for r in lite.reports(q, limit=100)), q
            assert pg.count_quotes(q) == lite.count_quotes(q), q
        assert list(pg.acled()) == list(lite.acled())
        # the workbench's views: the same filters give the same events, map, timeline, facets
        for filters in ({}, {"type": "ASSAULT"}, {"outlet": "Meridian Wire"}, {"since": "2025-03-04", "until": "2025-03-06"}):
            assert pg.events(**filters, limit=500) == lite.events(**filters, limit=500), filters
            assert pg.event_map(filters) == lite.event_map(filters) and pg.event_timeline(filters) == lite.event_timeline(filters)
            assert list(pg.event_rows(filters)) == list(lite.event_rows(filters))
        assert pg.event_facets() == lite.event_facets()


# -- the actor registry on PostgreSQL ------------------------------------------------------

import test_actors  # noqa: E402

test_registry_links_the_same_actor_across_reports = test_actors.test_registry_links_the_same_actor_across_reports
test_acled_export_fills_actors_and_interaction = test_actors.test_acled_export_fills_actors_and_interaction


def test_an_existing_postgresql_ledger_gets_the_registry_and_is_back_filled(db: str):
    import psycopg

    with Ledger(db) as ledger:
        for record in test_actors._two_reports():
            ledger.ingest(record)
    with psycopg.connect(db, autocommit=True) as conn:  # a ledger from before the registry
        conn.execute("DROP TABLE actor_mentions")
        conn.execute("DROP TABLE actors")
    with Ledger(db) as ledger:
        _, rows = ledger.actors()
        assert next(r for r in rows if r["name"] == "Rapid Support Forces")["reports"] == 2
