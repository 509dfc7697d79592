"""The fault and fuzz suite, a fast part of it (bench/faults.py runs the whole of it).

- the crashes fuzzing found, as regression tests;
- Hypothesis over sources -> pages -> language -> analysis (a small budget);
- kill -9 during ``ingest`` (a few trials on SQLite), then a rerun: nothing lost or doubled;
- disk full (RLIMIT_FSIZE): one clear line, an intact ledger, a rerun completes;
- a ledger of the previous schema version opens, is upgraded and keeps everything.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import faults  # noqa: E402  (bench/faults.py: the suite's machinery, shared)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_ledger_pg import db, pg_url  # noqa: E402,F401  (PostgreSQL fixtures: a fresh schema, or skip)

from newsledger.pipeline import extract_many  # noqa: E402
from newsledger.record import Failure, Record  # noqa: E402

STORY = ("Gunmen attacked a convoy carrying food near Zobue on Monday, killing 12 people, "
         "police said. \"We are running out of blood,\" said Esther Phiri, a nurse at the "
         "hospital in Tete, where 22 people were being treated. ") * 3


# -- crashes fuzzing found ----------------------------------------------------------------

def _only(path: Path) -> Record | Failure:
    (item,) = list(extract_many([str(path)]))
    return item


def test_control_characters_in_a_page_are_not_an_internal_error(tmp_path: Path):
    """A page with NUL and other C0 controls in its text: lxml kept them and trafilatura's
    metadata reader then failed setting them on a node ("All strings must be XML
    compatible"), so the input failed with a Python error instead of being read."""
    page = tmp_path / "controls.html"
    # UTF-16 (with its BOM): NUL characters decode as text (in UTF-8 they mark binary data)
    page.write_text(f"<html><head><title>Convoy\x00 attacked\x01</title></head><body><p>{STORY}\x00\x0b\x1f"
                    f"</p><p>More\x08 text\x0c here.</p></body></html>", encoding="utf-16")
    item = _only(page)
    assert isinstance(item, Record), item
    assert "convoy carrying food" in item.article.body and "\x00" not in item.article.body


@pytest.mark.parametrize("tag", ["svg", "iframe", "audio", "math"])
def test_a_page_that_is_one_embedded_object_is_not_an_internal_error(tmp_path: Path, tag: str):
    """A fragment whose one element is an svg, iframe, audio...: htmldate copied that element
    as the root of its tree and failed dropping it (AssertionError in lxml's drop_tree)."""
    page = tmp_path / f"{tag}.html"
    page.write_text(f"<{tag}><div><p>{STORY}</p><p>{STORY}</p></div></{tag}>", encoding="utf-8")
    item = _only(page)
    if isinstance(item, Failure):
        assert not faults.INTERNAL.match(item.error), item.error


# -- fuzzing, a small budget ---------------------------------------------------------------

def test_fuzzed_inputs_never_escape_their_guard(tmp_path: Path):
    """Random bytes, text, HTML and gzip through extract, ingest and the fetched-page route:
    each a record or its {input, error}; no traceback, no guard catching a Python error."""
    stats = faults.fuzz(48, seed=14, folder=tmp_path, verbose=False)
    assert stats.cases >= 48
    assert not stats.tracebacks, stats.tracebacks[:3]
    assert not stats.internal, stats.internal[:3]
    assert not stats.bad_shape, stats.bad_shape[:3]
    assert not stats.over_bounds, stats.over_bounds


# -- the ledger under faults (subprocesses: the CLI as a user runs it) ---------------------

@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> tuple[Path, object, int]:
    """Five reports of the ledger bench (a story told by several outlets, copies among them),
    their clean ledger's rows and its size in bytes."""
    folder = tmp_path_factory.mktemp("corpus")
    names = sorted(p.name for p in faults.CORPUS.iterdir() if p.suffix in (".txt", ".html"))[:5]
    for name in names:
        (folder / name).write_bytes((faults.CORPUS / name).read_bytes())
    work = tmp_path_factory.mktemp("reference")
    expected, _ = faults.reference(folder, work)
    return folder, expected, sum(p.stat().st_size for p in work.glob("reference.db*"))


def test_kill_9_during_ingest_loses_and_doubles_nothing(small_corpus, tmp_path: Path):
    folder, expected, _ = small_corpus
    result = faults.kill_trials(2, lambda name: str(tmp_path / f"{name}.db"), folder, expected,
                                random.Random(7), tmp_path, "sqlite", verbose=False)
    assert result["killed"] >= 1
    assert result["lost"] == 0 and result["duplicated"] == 0, result["problems"]
    assert not result["integrity"] and not result["problems"], result


def test_disk_full_is_one_clear_line_and_an_intact_ledger(small_corpus, tmp_path: Path):
    """The ledger's files may not grow past half their full size: the ingest stops at the
    first write that fails (when creating the schema, or with some reports stored)."""
    folder, expected, size = small_corpus
    result = faults.disk_full(folder, expected, tmp_path, limit=size // 2)
    assert result["exit"] == 1 and len(result["lines"]) == 1, result["lines"]
    assert "cannot write the ledger" in result["lines"][0] and "disk full" in result["lines"][0]
    assert not result["traceback"] and result["integrity"] == "ok" and result["half_written"] == 0
    assert result["rerun_exit"] == 0 and result["lost"] == 0 and result["duplicated"] == 0, result


def test_a_version_1_ledger_is_upgraded_with_nothing_lost(tmp_path: Path):
    result = faults.migration(tmp_path)
    assert (result["from"], result["to"]) == (1, 2)
    assert result["reports"] == 5 and result["events"] > 0
    assert result["ok"], result


def test_a_lost_postgresql_connection_stops_ingest_with_a_ledger_error(db: str):
    """The server going away (here: our backend terminated, as a restart does) is the
    ledger's failure, not one record's: LedgerError, which makes ingest stop with one line."""
    import psycopg

    from newsledger.ledger import Ledger, LedgerError
    from test_ledger import make_record

    with Ledger(db) as ledger:
        assert ledger.ingest(make_record("first.txt"))
        pid = ledger._store.conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        with psycopg.connect(db, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(LedgerError, match="lost the PostgreSQL ledger"):
            ledger.is_done("second.txt")
        with pytest.raises(LedgerError, match="lost the PostgreSQL ledger"):
            ledger.ingest(make_record("second.txt", body="Another report altogether, about talks in Nairobi."))
    with Ledger(db) as ledger:
        assert ledger.is_done("first.txt") and not ledger.is_done("second.txt")


def test_merged_events_read_one_state_while_an_ingest_writes(tmp_path: Path, monkeypatch):
    """A report stored between two of the queries that merge events (an ingest running while
    the API reads) gave an event of a report the stories had not seen: KeyError, a 500."""
    from newsledger.ledger import Ledger, _events
    from test_ledger import _event_record

    db = tmp_path / "ledger.db"
    with Ledger(db) as ledger:
        ledger.ingest(_event_record("a.txt", "2025-03-04", "2025-03-03", "Zobue"))
    stories = _events.stories

    def stories_then_another_process_writes(conn):
        found = stories(conn)
        with Ledger(db) as writer:
            writer.ingest(_event_record("b.txt", "2025-03-05", "2025-03-04", "Mwanza"))
        return found

    monkeypatch.setattr(_events, "stories", stories_then_another_process_writes)
    with Ledger(db) as reader:
        total, events = reader.events()
    assert total == 1 and [s["input"] for s in events[0]["sources"]] == ["a.txt"]
