"""The command line as users run it: a real process, real exit codes, real standard error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "cli"
REPORT = FIXTURES / "port_talks.txt"
EXE = [sys.executable, "-m", "newsledger.shells.cli"]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*EXE, *args], input=stdin, capture_output=True, timeout=300)


def test_schema_prints_the_json_schema():
    proc = run("schema")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    assert {"input", "article", "quotes", "events", "figures"} <= set(schema["properties"])


def test_bad_inputs_fail_one_line_each_and_the_batch_goes_on(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    missing = tmp_path / "missing.txt"
    no_article = tmp_path / "nav.html"
    no_article.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    inputs = [str(empty), str(REPORT), str(binary), str(missing), str(no_article)]

    proc = run("extract", "--only", "article", "--format", "jsonl", *inputs)

    assert proc.returncode == 1
    lines = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [line["input"] for line in lines] == inputs  # input order, failures keep their line
    assert "error" in lines[0] and "error" in lines[2] and "error" in lines[3] and "error" in lines[4]
    assert lines[1]["article"]["body"].startswith("Kenyan and Tanzanian officials")
    stderr = proc.stderr.decode()
    assert "Traceback" not in stderr
    err_lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(err_lines) == 4
    for path in (empty, binary, missing, no_article):
        assert any(str(path) in line for line in err_lines)


def test_wrong_command_line_exits_2():
    assert run("extract", str(REPORT), "--only", "everything").returncode == 2
    assert run("extract", str(REPORT), "--published", "last tuesday").returncode == 2
    assert run("no-such-command").returncode == 2


def test_standard_input_is_read():
    proc = run("extract", "-", "--only", "article", stdin=REPORT.read_bytes())
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["input"] == "-"
    assert "400 cargo ships" in record["article"]["body"]


def test_extract_fills_the_record_and_resolves_dates_against_published():
    proc = run("extract", str(REPORT), "--published", "2025-03-07", "--url", "https://example.org/a")
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["article"]["url"] == "https://example.org/a"
    assert record["article"]["published"] == "2025-03-07"
    assert [b["name"] for b in record["article"]["byline"]] == ["Daniel Otieno", "Grace Mushi"]
    assert "Reporting by" not in record["article"]["body"]
    assert "Copyright" not in record["article"]["body"]
    quote = next(q for q in record["quotes"] if q["kind"] == "direct")
    assert quote["speaker"]["name"] == "Amina Wekesa"
    # "on Wednesday" in a report dated Friday 2025-03-07 is 2025-03-05.
    assert any(d["value"] == "2025-03-05" for d in record["dates"])
    assert any(p["name"] == "Mombasa" and p["country"] == "KE" for p in record["places"])
    assert any(f["value"] == 400 for f in record["figures"])


def test_ingest_is_idempotent(tmp_path: Path):
    db = tmp_path / "ledger.db"
    first = run("ingest", str(REPORT), "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "1 added" in first.stderr.decode()
    second = run("ingest", str(REPORT), "--db", str(db))
    assert second.returncode == 0, second.stderr
    assert "0 added, 1 already in the ledger" in second.stderr.decode()

    from newsledger.ledger import Ledger

    with Ledger(str(db)) as ledger:
        assert ledger.stats()["reports"] == 1


def test_ingest_with_a_bad_input_stores_the_good_ones(tmp_path: Path):
    db = tmp_path / "ledger.db"
    proc = run("ingest", str(tmp_path / "nope.txt"), str(REPORT), "--db", str(db))
    assert proc.returncode == 1
    assert "nope.txt" in proc.stderr.decode()
    from newsledger.ledger import Ledger

    with Ledger(str(db)) as ledger:
        assert ledger.stats()["reports"] == 1


def test_published_is_a_fallback_not_an_override(tmp_path: Path):
    dated = tmp_path / "dated.txt"
    dated.write_text(
        "Published 3 March 2025\n\n"
        "Officials in Lilongwe said on Monday that the convoy had reached the border with 40 trucks of maize flour.\n"
    )
    proc = run("extract", str(dated), str(REPORT), "--only", "article", "--published", "2025-03-07")
    assert proc.returncode == 0, proc.stderr
    first, second = (json.loads(line) for line in proc.stdout.decode().splitlines())
    assert first["article"]["published"] == "2025-03-03"
    assert second["article"]["published"] == "2025-03-07"
    assert second["article"]["published_source"] == "argument"


def test_places_command_resolves_spans_and_reports_bad_lines(tmp_path: Path):
    items = tmp_path / "places.jsonl"
    items.write_text(
        '{"id": 1, "text": "Floods cut the road between Blantyre and Tete.", "spans": [[28, 36], [41, 45]]}\n'
        "this is not json\n"
        '{"id": 3, "spans": [[0, 4]]}\n'
    )
    proc = run("places", str(items))
    assert proc.returncode == 1
    lines = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(lines) == 3  # one output line per input line, in order
    names = [p["name"] for p in lines[0]["places"]]
    assert names == ["Blantyre", "Tete"]
    assert [p["country"] for p in lines[0]["places"]] == ["MW", "MZ"]
    assert "error" in lines[1] and lines[2]["id"] == 3 and "error" in lines[2]
    stderr = proc.stderr.decode()
    assert "line 2" in stderr and "line 3" in stderr and "Traceback" not in stderr


def test_classify_command_codes_in_order_with_a_clear_error_per_bad_line(tmp_path: Path):
    items = tmp_path / "notes.jsonl"
    items.write_text(
        '{"id": "a", "text": "Artillery shelled the outskirts of the town overnight, killing three civilians."}\n'
        '{"id": "b", "text": 42}\n'
        '{"id": "c", "text": "Hundreds of students marched peacefully to parliament to demand lower fees."}\n'
    )
    proc = run("classify", "--scheme", "acled", str(items))
    assert proc.returncode == 1
    lines = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "c"]
    assert lines[0]["label"] == "Shelling/artillery/missile attack"
    assert "error" in lines[1]
    assert lines[2]["label"] == "Peaceful protest"
    assert all(0 <= line["score"] <= 1 for line in (lines[0], lines[2]))
    assert run("classify", "--scheme", "cameo", str(items)).returncode == 2


def test_an_unreachable_database_is_one_clear_line(tmp_path: Path):
    proc = run("ingest", str(REPORT), "--db", "postgresql://reader:hunter2@127.0.0.1:1/ledger")
    assert proc.returncode == 1
    stderr = proc.stderr.decode()
    assert "Traceback" not in stderr and "hunter2" not in stderr
    assert len([line for line in stderr.splitlines() if line.strip()]) == 1
