"""The search syntax (terms AND'ed, OR, -term / NOT term, "phrase", prefix*, groups) on
SQLite FTS5 and on PostgreSQL tsvector, with the same answers; unreadable queries refused
with a reason (400 in the API), never read as "everything"."""

from __future__ import annotations

import sys
import uuid
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_ledger import make_record  # noqa: E402
from test_ledger_pg import pg_url  # noqa: E402,F401  (the fixture: skips without a server)

from newsledger.ledger import Ledger, SearchSyntaxError  # noqa: E402
from newsledger.ledger import _search  # noqa: E402
from newsledger.record import Quote, Speaker  # noqa: E402

BODIES = {
    "a.txt": ("Convoy stopped",
              "The relief convoy was stopped at the crossing near Zobue. Police escorted the drivers back.\n\n"
              '"Our drivers had no chance," said Maria Okonjo.'),
    "b.txt": ("Aid arrives in Tete",
              "Food aid reached Tete after the crossing closed for two days. Evacuations began at dawn.\n\n"
              '"The trucks carried food for families," said Peter Banda.'),
    "c.txt": ("Talks in Tete",
              "Ministers met in Tete for talks on a safe corridor for al-Shifa supplies."),
}
SPEAKERS = {"a.txt": ("Maria Okonjo", "Our drivers had no chance"),
            "b.txt": ("Peter Banda", "The trucks carried food for families")}

# query -> the reports it finds (the same on every full-text backend)
REPORTS = {
    "convoy": {"a.txt"},
    "CONVOY": {"a.txt"},
    "tete": {"b.txt", "c.txt"},
    "tete talks": {"c.txt"},  # AND'ed by default
    "tete AND talks": {"c.txt"},
    "convoy OR aid": {"a.txt", "b.txt"},
    "convoy OR aid OR talks": {"a.txt", "b.txt", "c.txt"},
    "tete convoy OR aid": {"b.txt"},  # OR binds tighter than AND, as in web search
    "crossing": {"a.txt", "b.txt"},
    "crossing -police": {"b.txt"},
    "crossing NOT police": {"b.txt"},
    "crossing -\"crossing closed\"": {"a.txt"},
    "tete -(aid OR food)": {"c.txt"},
    "(convoy OR talks) -police": {"c.txt"},
    '"crossing closed"': {"b.txt"},
    '"closed crossing"': set(),  # a phrase is its words in a row
    "evacuat*": {"b.txt"},
    "evacuat": set(),  # without the star, a whole word
    '"safe corr"*': {"c.txt"},
    "al-Shifa": {"c.txt"},
    "convoy or aid": set(),  # lower-case "or" is a word, and no report has it with both
    "gunmen": set(),
    "NOT NOT convoy": {"a.txt"},
}
QUOTES = {
    "drivers": {"Maria Okonjo"},
    "drivers OR food": {"Maria Okonjo", "Peter Banda"},
    "drivers -chance": set(),
    '"no chance"': {"Maria Okonjo"},
    "banda": {"Peter Banda"},  # the speaker's name is searched too
    "fam*": {"Peter Banda"},
    "food -banda": set(),
}
UNREADABLE = ['"', '")', ")", "(", "convoy )", "(convoy", "()", '""', "convoy OR", "OR convoy", "OR",
              "NOT", "convoy NOT", "AND", "convoy AND", "-police", "NOT police",
              "convoy OR -police", 'say "no chance', " ".join(["w"] * (_search.MAX_TERMS + 1))]


def _fill(ledger: Ledger) -> None:
    for input, (title, body) in BODIES.items():
        record = make_record(input, body=body, title=title, speaker="Nobody Here")  # no items
        if input in SPEAKERS:
            name, words = SPEAKERS[input]
            at, by = body.index(words), body.index(name)
            record.quotes = [Quote(text=words, start=at, end=at + len(words), kind="direct", cue="said",
                                   speaker=Speaker(name=name, mention=name, start=by, end=by + len(name)))]
        assert ledger.ingest(record)


def _check(ledger: Ledger) -> None:
    for q, expected in REPORTS.items():
        assert {r["input"] for r in ledger.reports(q)} == expected, q
        assert ledger.count_reports(q) == len(expected), q
    for q, expected in QUOTES.items():
        assert {r["speaker_name"] for r in ledger.search_quotes(q)} == expected, q
        assert ledger.count_quotes(q) == len(expected), q
    for q in UNREADABLE:
        for call in (ledger.reports, ledger.count_reports, ledger.search_quotes, ledger.count_quotes):
            with pytest.raises(SearchSyntaxError) as caught:
                call(q)
            assert str(caught.value), q
    # nothing asked is no search: every report
    for q in ("", "   ", "-", "%", "...", None):
        assert ledger.count_reports(q) == 3, q


def test_syntax_on_sqlite_fts5(tmp_path: Path):
    with Ledger(tmp_path / "l.db") as ledger:
        assert ledger.full_text
        _fill(ledger)
        _check(ledger)


def test_syntax_on_postgresql(pg_url: str):  # noqa: F811
    import psycopg

    schema = f"nl_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        joiner = "&" if "?" in pg_url else "?"
        with Ledger(f"{pg_url}{joiner}options={quote(f'-csearch_path={schema}')}") as ledger:
            _fill(ledger)
            _check(ledger)
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def test_without_full_text_the_same_logic_by_substring(tmp_path: Path):
    with Ledger(tmp_path / "l.db", fts=False) as ledger:
        _fill(ledger)
        for q in ("convoy", "tete talks", "convoy OR aid", "tete convoy OR aid", "crossing -police",
                  "crossing NOT police", '"crossing closed"', "(convoy OR talks) -police", "evacuat*"):
            assert {r["input"] for r in ledger.reports(q)} == REPORTS[q], q
        assert {r["speaker_name"] for r in ledger.search_quotes("drivers OR food")} == {"Maria Okonjo", "Peter Banda"}
        for q in UNREADABLE:
            with pytest.raises(SearchSyntaxError):
                ledger.reports(q)


def test_no_user_text_reaches_the_query_languages():
    tree = _search.parse('x"y NEAR(a b)" title:c ^d \'e\\ f*')
    match = _search.fts_match(tree)
    assert match.count('"') % 2 == 0 and "NEAR(" not in match and ":" not in match
    tsq = _search.ts_query(tree)[1][0]
    assert "\\" not in tsq and "''" not in tsq
    assert _search.terms("convoy OR aid -police") == [_search.Term("convoy"), _search.Term("aid")]
    assert [t.text for t in _search.terms('"')] == []  # terms() (highlighting) never raises


# -- the API and the UI -------------------------------------------------------------------

@pytest.fixture
def client(tmp_path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from newsledger.shells.api import create_app

    db = tmp_path / "l.db"
    with Ledger(db) as ledger:
        _fill(ledger)
    return TestClient(create_app(db))


def test_api_answers_the_syntax_and_refuses_unreadable_queries_with_400(client):
    got = client.get("/api/reports", params={"q": "convoy OR aid"}).json()
    assert got["total"] == 2
    assert client.get("/api/quotes", params={"q": "drivers OR food"}).json()["total"] == 2
    for path in ("/api/reports", "/api/quotes"):
        for q in ('"', ")", "convoy OR", "NOT", "-police"):
            response = client.get(path, params={"q": q})
            assert response.status_code == 400, (path, q)
            detail = response.json()["detail"]
            assert isinstance(detail, str) and detail.startswith("q: cannot read the search: "), detail


def test_ui_shows_the_syntax_and_the_reason(client):
    page = client.get("/")
    assert page.status_code == 200 and "OR (in capitals)" in page.text and 'aria-describedby="q-help"' in page.text
    bad = client.get("/", params={"q": '"'})
    assert bad.status_code == 400 and "This search cannot be read" in bad.text and 'value="&#34;"' in bad.text
    bad = client.get("/quotes", params={"q": "convoy OR"})
    assert bad.status_code == 400 and "OR needs something" in bad.text
    assert client.get("/", params={"q": "convoy OR aid"}).text.count('href="/reports/') >= 2


def test_openapi_documents_the_syntax(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/reports", "/api/quotes"):
        op = spec["paths"][path]["get"]
        q = next(p for p in op["parameters"] if p["name"] == "q")
        for piece in ("OR", "-word", "NOT", '"crossing closed"', "evacuat*", "400"):
            assert piece in q["description"], (path, piece)
        assert "400" in op["responses"]
