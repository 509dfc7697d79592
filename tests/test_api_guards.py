"""The API and the UI never answer bad input with a 500 (issue 14, item 5): number ranges,
dates, the write token, body size, HEAD and the security headers. Records are built by hand
(test_web's), every request stays in the process (FastAPI's TestClient)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from newsledger.ledger import Ledger
from newsledger.shells import _guards, api
from newsledger.shells.web.views import EVENTS_PAGE, PAGE_SIZE

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from test_web import _telling, make_record  # noqa: E402  (records written for these tests)

TOKEN = "s3cret-token"
BIG = 2**63  # one past the largest 64-bit integer: the driver would raise OverflowError
HUGE = 10**30


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    db = tmp_path / "guards.db"
    with Ledger(db) as ledger:
        ledger.ingest(_telling("wire.txt", "Meridian Wire", "2025-03-04", 12, "Police", 12))
        ledger.ingest(_telling("times.txt", "Harbor Times", "2025-03-05", 15, "A hospital director", 15))
        ledger.ingest(make_record())
    # a 500 comes back as a response, not an exception, so the status itself is checked
    return TestClient(api.create_app(db, token=TOKEN), raise_server_exceptions=False)


@pytest.fixture
def stored(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The payloads that got past the checks (the pipeline itself is not run)."""
    seen: list[dict] = []

    def fake_ingest(path, text, payload, settings):
        seen.append(payload)
        return {"input": "x", "added": True}

    monkeypatch.setattr(api, "_ingest_text", fake_ingest)
    return seen


def _bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- ranges -------------------------------------------------------------------------------

OUT_OF_RANGE = [
    f"/api/reports/{BIG}", f"/api/reports/{HUGE}", "/api/reports/0", "/api/reports/-1",
    f"/api/events/{BIG}", f"/api/stories/{BIG}",
    f"/api/reports?offset={BIG}", f"/api/reports?limit={BIG}", "/api/reports?offset=-1",
    f"/api/quotes?offset={BIG}", f"/api/events?offset={BIG}", f"/api/events?story={BIG}",
    f"/api/stories?offset={BIG}", f"/api/claims?min_reports={BIG}", f"/api/claims?offset={BIG}",
    f"/api/claims/people:dead?story={BIG}", f"/api/figures?offset={BIG}",
]


@pytest.mark.parametrize("url", OUT_OF_RANGE)
def test_api_numbers_out_of_range_are_422(client: TestClient, url: str):
    answer = client.get(url)
    assert answer.status_code == 422, (url, answer.status_code, answer.text)
    assert answer.json()["detail"]


def test_api_largest_offset_still_works(client: TestClient):
    # 2^63 - 1 is a valid 64-bit integer: an empty page, not an error
    answer = client.get(f"/api/reports?offset={BIG - 1}")
    assert answer.status_code == 200 and answer.json()["items"] == []
    assert client.get(f"/api/events?offset={BIG - 1}").json()["items"] == []


@pytest.mark.parametrize("url", [f"/?page={BIG}", f"/quotes?page={HUGE}", f"/events?page={BIG}",
                                 f"/reports/{BIG}", f"/events/{BIG}", f"/stories/{BIG}",
                                 f"/events?story={BIG}", f"/claims/people:dead?story={BIG}"])
def test_ui_numbers_out_of_range_are_a_page_not_a_500(client: TestClient, url: str):
    answer = client.get(url)
    assert answer.status_code == 404, (url, answer.status_code)
    assert "text/html" in answer.headers["content-type"]


def test_ui_last_page_number_that_fits_is_served(client: TestClient):
    assert client.get(f"/?page={_guards.max_page(PAGE_SIZE)}").status_code == 200
    assert client.get(f"/events?page={_guards.max_page(EVENTS_PAGE)}").status_code == 200


# -- dates --------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["since=notadate", "until=notadate", "since=2025-13-01",
                                   "until=2025-02-30", "since=2025-3-4", "since=%27%20OR%201"])
def test_bad_dates_in_event_filters_are_422(client: TestClient, query: str):
    answer = client.get(f"/api/events?{query}")
    assert answer.status_code == 422
    assert "not an ISO date" in answer.json()["detail"]


def test_good_dates_in_event_filters_still_filter(client: TestClient):
    everything = client.get("/api/events").json()["total"]
    assert everything > 0
    assert client.get("/api/events?since=2025-03-01&until=2025-03-31").json()["total"] == everything
    assert client.get("/api/events?since=2025-03").json()["total"] == everything  # a month is a prefix
    assert client.get("/api/events?since=2026").json()["total"] == 0


def test_bad_date_on_the_timeline_page_says_so(client: TestClient):
    answer = client.get("/events?since=notadate")
    assert answer.status_code == 422 and "not an ISO date" in answer.text
    assert client.get("/events?since=&until=").status_code == 200  # the empty form still works


@pytest.mark.parametrize("published", ["not-a-date", "2025-02-30", "2025-03", 20250304, ["2025-03-04"]])
def test_post_refuses_a_published_that_is_not_a_date(client: TestClient, stored: list, published):
    answer = client.post("/api/reports", headers=_bearer(),
                         json={"text": "Officials met in Tete.", "published": published})
    assert answer.status_code == 422 and "published" in answer.json()["detail"]
    assert stored == []  # nothing reached the ledger


def test_post_keeps_a_good_published(client: TestClient, stored: list):
    answer = client.post("/api/reports", headers=_bearer(),
                         json={"text": "Officials met in Tete.", "published": "2025-03-04"})
    assert answer.status_code == 201 and stored[0]["published"] == "2025-03-04"


def test_post_refuses_input_or_url_that_is_not_text(client: TestClient, stored: list):
    for field in ("input", "url"):
        answer = client.post("/api/reports", headers=_bearer(), json={"text": "Officials met.", field: {"a": 1}})
        assert answer.status_code == 422 and field in answer.json()["detail"]
    assert stored == []


# -- the write token ------------------------------------------------------------------------

@pytest.mark.parametrize("header", [TOKEN, f"Basic {TOKEN}", f"Token {TOKEN}", "Bearer", "Bearer ",
                                    f"Bearer {TOKEN} extra", f"Bearer {TOKEN}x", f"{TOKEN} Bearer",
                                    f"Bearer{TOKEN}"])
def test_anything_but_bearer_and_the_token_is_refused(client: TestClient, stored: list, header: str):
    answer = client.post("/api/reports", headers={"Authorization": header}, json={"text": "Officials met."})
    assert answer.status_code == 401, header
    assert answer.headers["www-authenticate"] == "Bearer"
    assert stored == []


@pytest.mark.parametrize("header", [f"Bearer {TOKEN}", f"bearer {TOKEN}", f"  Bearer   {TOKEN}  "])
def test_bearer_and_the_token_is_accepted(client: TestClient, stored: list, header: str):
    answer = client.post("/api/reports", headers={"Authorization": header}, json={"text": "Officials met."})
    assert answer.status_code == 201


def test_token_is_compared_in_constant_time(client: TestClient, stored: list, monkeypatch: pytest.MonkeyPatch):
    calls: list[tuple[bytes, bytes]] = []
    real = api.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(api.hmac, "compare_digest", spy)
    client.post("/api/reports", headers=_bearer("guess"), json={"text": "Officials met."})
    assert calls == [(b"guess", TOKEN.encode())]


# -- body size --------------------------------------------------------------------------------

@pytest.fixture
def small_body_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setattr(api, "MAX_BODY_BYTES", 1000)
    return TestClient(api.create_app(tmp_path / "small.db", token=TOKEN), raise_server_exceptions=False)


def test_body_over_the_limit_is_a_clear_413(small_body_client: TestClient, stored: list):
    answer = small_body_client.post("/api/reports", headers=_bearer(), json={"text": "x" * 2000})
    assert answer.status_code == 413
    assert "size limit (1000 bytes)" in answer.json()["detail"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert stored == []


def test_chunked_body_over_the_limit_is_a_413_too(small_body_client: TestClient, stored: list):
    # no Content-Length: the limit is counted while the body is read
    chunks = (b'{"text": "' + b"x" * 400 if i == 0 else b"x" * 400 for i in range(5))
    answer = small_body_client.post("/api/reports", headers={**_bearer(), "Content-Type": "application/json"},
                                    content=chunks)
    assert answer.status_code == 413 and "size limit" in answer.json()["detail"]
    assert stored == []


def test_body_under_the_limit_passes(small_body_client: TestClient, stored: list):
    answer = small_body_client.post("/api/reports", headers=_bearer(), json={"text": "x" * 500})
    assert answer.status_code == 201


def test_text_over_its_own_limit_names_the_limit(client: TestClient, stored: list, monkeypatch):
    from newsledger.shells import api_routes

    monkeypatch.setattr(api_routes, "MAX_POST_BYTES", 10)
    answer = client.post("/api/reports", headers=_bearer(), json={"text": "x" * 11})
    assert answer.status_code == 413 and "10 bytes" in answer.json()["detail"]


# -- HEAD -------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/", "/reports/1", "/events", "/map", "/api/reports", "/api/stats",
                                 "/openapi.json", "/static/style.css"])
def test_head_works_wherever_get_does(client: TestClient, url: str):
    got, head = client.get(url), client.head(url)
    assert got.status_code == head.status_code == 200, url
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers.get("content-length") == got.headers.get("content-length")


def test_head_of_a_missing_page_is_404(client: TestClient):
    assert client.head("/api/reports/999").status_code == 404
    assert client.head("/nowhere").status_code == 404


# -- security headers ----------------------------------------------------------------------------

@pytest.mark.parametrize("method,url", [("GET", "/"), ("GET", "/reports/1"), ("GET", "/api/reports"),
                                        ("GET", "/static/reader.js"), ("GET", "/nowhere"),
                                        ("GET", f"/api/reports/{BIG}"), ("HEAD", "/"),
                                        ("POST", "/api/reports"), ("GET", "/openapi.json")])
def test_security_headers_on_every_response(client: TestClient, method: str, url: str):
    answer = client.request(method, url)
    csp = answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<[^>]+\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"<[^>]+\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "<style> element"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _inline_code(markup: str) -> list[str]:
    return [what for pattern, what in INLINE if pattern.search(markup)]


def test_inline_code_detector_sees_what_csp_blocks():
    assert _inline_code('<script>alert(1)</script>') == ["inline <script>"]
    assert _inline_code('<span style="color:red">') == ["style attribute"]
    assert _inline_code('<script src="/static/reader.js" defer></script>') == []


@pytest.mark.parametrize("url", ["/", "/reports/1", "/reports/3", "/quotes", "/events", "/events/1",
                                 "/stories", "/stories/1", "/claims", "/claims/people:dead", "/map",
                                 "/nowhere"])
def test_pages_need_no_inline_script_or_style(client: TestClient, url: str):
    """What the CSP refuses is not in any page (the article's own <script> text is escaped)."""
    answer = client.get(url)
    assert answer.status_code in (200, 404)
    assert _inline_code(answer.text) == [], url


def test_templates_have_no_inline_script_or_style():
    templates = Path(api.WEB_DIR.joinpath("templates"))
    for template in templates.glob("*.html"):
        assert _inline_code(template.read_text()) == [], template.name
