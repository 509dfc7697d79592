"""The web UI and JSON API over a ledger (FastAPI TestClient, records built by hand)."""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

import pytest

from newsledger.ledger import Ledger
from newsledger.record import (
    Article, Byline, Entity, Event, Evidence, Figure, Media, Place, Quote, Record, Ref, Span, Speaker,
)
from newsledger.shells.web import highlight

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note about httpx versions
    from fastapi.testclient import TestClient

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_ad4a758152d440f1.txt"

BODY = (
    "TETE, March 5 - Officials from Malawi and Mozambique will meet in Tete on Thursday.\n\n"
    '"We cannot allow trucks onto a road where they will be shot at," said Armando Sitoe, '
    "the deputy interior minister.\n\n"
    "A reader wrote <script>alert('x')</script> & left. At least 15 people were killed."
)


def _at(text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = BODY.index(text, start + 1)
    return start, start + len(text)


def _span(text: str, nth: int = 0) -> Span:
    start, end = _at(text, nth)
    return Span(start=start, end=end, text=text)


def _sentence(text: str) -> Evidence:
    start, end = _at(text)
    return Evidence(text=text, start=start, end=end)


def make_record(input: str = "talks.txt", title: str = "Talks <b>set</b> in Tete",
                published: str = "2025-03-05") -> Record:
    quote_start, quote_end = _at("We cannot allow trucks onto a road where they will be shot at")
    sitoe = _span("Armando Sitoe")
    return Record(
        input=input,
        article=Article(
            title=title, publisher="Meridian Wire", published=published,
            byline=[Byline(name="Luis Cossa", location="Tete"), Byline(name="Sara Lindqvist")],
            body=BODY, copyright="Copyright 2025 Meridian Wire",
            media=[Media(kind="image", caption="Trucks wait at the border <img src=x onerror=alert(1)>",
                         credit="Photo: Kondwani Mwale")],
            comments_enabled=False,
        ),
        entities=[
            Entity(id="e1", name="Armando Sitoe", type="PERSON", roles=["deputy interior minister"],
                   mentions=[sitoe]),
            # "Tete" in the dateline and inside the first sentence (an event's evidence)
            Entity(id="e2", name="Tete", type="GPE", mentions=[_span("TETE"), _span("Tete")]),
            # crosses the quote's closing boundary on purpose
            Entity(id="e3", name="shot at", type="OTHER", mentions=[_span('shot at," said')]),
        ],
        quotes=[Quote(text=BODY[quote_start:quote_end], start=quote_start, end=quote_end, kind="direct",
                      cue="said", speaker=Speaker(name="Armando Sitoe", entity_id="e1",
                                                  start=sitoe.start, end=sitoe.end))],
        events=[Event(type="CONSULT", actor=Ref(name="Malawi"), target=Ref(name="Mozambique"),
                      date="2025-03-06", date_text="Thursday", status="planned",
                      evidence=_sentence("Officials from Malawi and Mozambique will meet in Tete on Thursday."))],
        places=[Place(name="Tete", lat=-16.1564, lon=33.5867, country="MZ", mentions=[_span("Tete")])],
        figures=[Figure(value=15, unit="people", what="people killed", text="At least 15 people",
                        qualifier="at least", evidence=_sentence("At least 15 people were killed."))],
    )


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    from newsledger.shells.api import create_app

    db = tmp_path / "web.db"
    with Ledger(db) as ledger:
        ledger.ingest(make_record())
    return TestClient(create_app(db))


def _visible_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment.replace("<br>\n", "\n")))


# -- the highlighter ----------------------------------------------------------------------

def test_highlight_keeps_text_and_escapes_it():
    record = make_record()
    paragraphs = highlight.render_body(record)
    assert [_visible_text(p) for p in paragraphs] == BODY.split("\n\n")
    joined = "".join(paragraphs)
    assert "<script>" not in joined and "&lt;script&gt;" in joined


def test_highlight_overlapping_spans_stack_classes():
    joined = "".join(highlight.render_body(make_record()))
    # the piece inside both the quote and the crossing entity carries both
    both = re.search(r'<span class="mark m-quote m-entity" data-quote="0" data-entity="e3"[^>]*>shot at</span>', joined)
    assert both, joined
    # after the quote ends the entity goes on alone
    assert re.search(r'<span class="mark m-entity" data-entity="e3"[^>]*>,&quot; said</span>', joined)
    # "Tete" inside the event sentence: entity + event + place at once
    assert re.search(r'class="mark m-entity m-event m-place" data-entity="e2" data-event="0" data-place="0"', joined)
    assert '<span class="mark m-figure m-event"' not in joined  # the figure has no event
    assert re.search(r'class="mark m-figure" data-figure="0"[^>]*>At least 15 people</span>', joined)
    # each annotation gets exactly one anchor, at its first highlight
    for anchor in ("quote-0", "entity-e1", "entity-e2", "entity-e3", "event-0", "place-0", "figure-0"):
        assert joined.count(f'id="{anchor}"') == 1, anchor


def test_highlight_ignores_spans_outside_the_body():
    record = make_record()
    record.entities.append(Entity(id="bad", name="x", type="OTHER",
                                  mentions=[Span(start=len(BODY) - 2, end=len(BODY) + 40, text="x")]))
    record.figures.append(Figure(value=1, text="not in the body", evidence=_sentence("At least 15 people were killed.")))
    joined = "".join(highlight.render_body(record))
    assert 'data-entity="bad"' not in joined and 'data-figure="1"' not in joined


def test_mark_terms_escapes_and_marks():
    out = highlight.mark_terms("Aid <b>trucks</b> & TRUCKS", ["trucks"])
    assert str(out) == "Aid &lt;b&gt;<mark>trucks</mark>&lt;/b&gt; &amp; <mark>TRUCKS</mark>"


# -- UI pages -----------------------------------------------------------------------------

def test_index_lists_reports_with_counts(client: TestClient):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Talks &lt;b&gt;set&lt;/b&gt; in Tete" in page.text and "<b>set</b>" not in page.text
    assert 'href="/reports/1"' in page.text and "Meridian Wire" in page.text and "2025-03-05" in page.text
    row = re.search(r'href="/reports/1".*?</tr>', page.text, re.S).group(0)
    assert re.findall(r'<td class="n">(\d+)</td>', row) == ["1", "1", "1"]


def test_index_search_and_pagination(tmp_path: Path):
    from newsledger.shells.api import PAGE_SIZE, create_app

    db = tmp_path / "many.db"
    with Ledger(db) as ledger:
        for i in range(PAGE_SIZE + 5):
            body = f"Report {i}: the ferry service on Lake Malawi resumed.\n\nPassengers number{i} waited."
            ledger.ingest(Record(input=f"r{i}.txt", article=Article(title=f"Ferry {i}", body=body,
                                                                      published=f"2025-01-{i % 28 + 1:02d}")))
        ledger.ingest(make_record())
    client = TestClient(create_app(db))
    first = client.get("/")
    assert "page 1 of 2" in first.text and 'href="?page=2"' in first.text
    second = client.get("/?page=2")
    assert second.status_code == 200 and len(re.findall(r'href="/reports/\d+"', second.text)) == 6
    found = client.get("/", params={"q": "ferry number7"})
    assert len(re.findall(r'href="/reports/\d+"', found.text)) == 1 and "<mark>number7</mark>" in found.text
    searched = client.get("/", params={"q": "ferry"})
    assert "q=ferry&amp;page=2" in searched.text
    assert "Nothing matches" in client.get("/", params={"q": "zeppelin"}).text
    assert client.get("/", params={"q": 'NEAR( "AND'}).status_code == 400  # the page again, with the reason


def test_report_reader_view(client: TestClient):
    page = client.get("/reports/1")
    assert page.status_code == 200
    text = page.text
    assert "<h1>Talks &lt;b&gt;set&lt;/b&gt; in Tete</h1>" in text
    assert "Luis Cossa" in text and "in Tete" in text and "Sara Lindqvist" in text
    assert "Copyright 2025 Meridian Wire" in text and "Photo: Kondwani Mwale" in text
    assert "Comments not enabled" in text
    for kind in highlight.KINDS:
        assert f"m-{kind}" in text
        assert f'data-kind="{kind}"' in text  # its side list
    assert "deputy interior minister" in text  # speaker's role beside the quote
    assert "-16.1564, 33.5867" in text  # place coordinates
    assert "at least 15 people" in text  # figure: qualifier value unit
    assert "planned" in text and "2025-03-06" in text and "Thursday" in text  # event
    assert "<p>" in text and text.count('<div class="body">') == 1


def test_article_text_is_escaped_everywhere(client: TestClient):
    text = client.get("/reports/1").text
    assert "<script>alert" not in text and "&lt;script&gt;alert(" in text and "&lt;/script&gt;" in text
    assert "<img src=x" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<b>set</b>" not in text
    # the only scripts are our own local file
    assert re.findall(r"<script[^>]*>", text) == ['<script src="/static/reader.js" defer>']


def test_reader_works_without_js(client: TestClient):
    text = client.get("/reports/1").text
    links = set(re.findall(r'class="jump" href="#([^"]+)"', text))
    anchors = set(re.findall(r'<span class="anchor" id="([^"]+)"', text))
    assert links and links <= anchors
    assert {"quote-0", "entity-e1", "event-0", "place-0", "figure-0"} <= links


def test_quotes_page(client: TestClient):
    page = client.get("/quotes", params={"speaker": "sitoe"})
    assert page.status_code == 200 and "We cannot allow trucks" in page.text
    assert "deputy interior minister" in page.text and 'href="/reports/1#quote-0"' in page.text
    assert "We cannot allow" not in client.get("/quotes", params={"speaker": "okonjo"}).text
    assert "We cannot allow" in client.get("/quotes", params={"q": "trucks road"}).text


def test_missing_pages_are_friendly_html(client: TestClient):
    for url in ("/reports/99", "/reports/abc", "/nowhere", "/?page=zero"):
        page = client.get(url)
        assert page.status_code == 404, url
        assert page.headers["content-type"].startswith("text/html") and "Not found" in page.text, url


def test_no_external_urls_in_pages_or_static(client: TestClient):
    from newsledger.shells.api import WEB_DIR

    pages = [client.get(u).text for u in ("/", "/reports/1", "/quotes", "/reports/99")]
    # our own files; the vendored libraries (which name their home pages in comments and
    # links) are checked against their npm manifest below, and in a real browser (test_browser)
    static = [f.read_text() for f in WEB_DIR.joinpath("static").iterdir() if f.is_file()]
    for text in pages + static:
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
        assert "@import" not in text and "url(http" not in text
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/reader.js").status_code == 200
    assert client.get("/docs").status_code == 404  # the default docs page would load a CDN


def test_vendored_files_are_the_npm_packages_named_in_the_manifest(client: TestClient):
    import hashlib
    import json

    from newsledger.shells.api import WEB_DIR

    vendor = Path(str(WEB_DIR.joinpath("static", "vendor")))
    manifest = json.loads((vendor / "MANIFEST.json").read_text())
    assert {"leaflet", "leaflet.markercluster", "topojson-client", "uplot"} <= set(manifest)
    shipped = {str(f.relative_to(vendor)) for f in vendor.rglob("*") if f.is_file()} - {"MANIFEST.json", "README.md"}
    listed = {name for package in manifest.values() for name in package["files"]}
    assert shipped == listed
    for package in manifest.values():
        for name, digest in package["files"].items():
            assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == digest, name
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200


# -- JSON API -----------------------------------------------------------------------------

def test_api_reports_and_record(client: TestClient):
    listing = client.get("/api/reports").json()
    assert listing["total"] == 1 and listing["items"][0]["id"] == 1
    assert listing["items"][0]["quotes"] == 1 and listing["items"][0]["title"] == "Talks <b>set</b> in Tete"
    assert client.get("/api/reports", params={"q": "ferry"}).json() == {
        "total": 0, "limit": 50, "offset": 0, "items": []}
    record = client.get("/api/reports/1").json()
    assert Record.model_validate(record) == make_record()
    assert client.get("/api/reports", params={"limit": 0}).status_code == 422


def test_api_missing_ids_are_json_404(client: TestClient):
    missing = client.get("/api/reports/42")
    assert missing.status_code == 404 and missing.json() == {"detail": "report 42 not found"}
    assert client.get("/api/nothing").json() == {"detail": "Not Found"}
    assert client.get("/api/reports/abc").status_code == 422


def test_api_quotes_and_stats(client: TestClient):
    quotes = client.get("/api/quotes", params={"speaker": "Sitoe"}).json()
    assert quotes["total"] == 1 and quotes["items"][0]["speaker_roles"] == "deputy interior minister"
    assert client.get("/api/quotes", params={"q": '"unbalanced'}).status_code == 400  # with the reason
    assert client.get("/api/stats").json() == {"reports": 1, "entities": 3, "quotes": 1, "events": 1,
                                               "places": 1, "figures": 1, "copies": 0}


def test_openapi_lists_the_api(client: TestClient):
    spec = client.get("/openapi.json").json()
    assert {"/api/reports", "/api/reports/{report_id}", "/api/quotes", "/api/stats"} <= set(spec["paths"])
    assert "/reports/{report_id}" not in spec["paths"]  # UI pages stay out of the API spec


def test_create_app_on_a_new_path_makes_an_empty_ledger(tmp_path: Path):
    from newsledger.shells.api import create_app

    client = TestClient(create_app(tmp_path / "new" / "empty.db"))
    assert "The ledger is empty" in client.get("/").text
    assert client.get("/api/stats").json()["reports"] == 0


# -- the reference report, when the shared folder is there ---------------------------------

@pytest.mark.skipif(not SEED.exists(), reason="shared seed not present")
def test_seed_report_renders(tmp_path: Path):
    from newsledger import extract
    from newsledger.shells.api import create_app

    record = extract(str(SEED), published="2024-05-07")
    db = tmp_path / "seed.db"
    with Ledger(db) as ledger:
        assert ledger.ingest(record)
    client = TestClient(create_app(db))
    page = client.get("/reports/1")
    assert page.status_code == 200
    body = re.search(r'<div class="body">(.*?)</div>', page.text, re.S).group(1)
    paragraphs = re.findall(r"<p>(.*?)</p>", body, re.S)
    assert [_visible_text(p) for p in paragraphs] == [p for p in re.split(r"\n[ \t]*\n", record.article.body.strip()) if p.strip()]
    assert client.get("/api/reports/1").json()["article"]["body"] == record.article.body


# -- across reports: timeline, events, stories, claims, map --------------------------------

def _telling(input: str, publisher: str, published: str, fatalities: int, toll_said_by: str,
             key_value: float, place: str = "Zobue") -> Record:
    body = (f"Gunmen attacked an aid convoy near {place} on Monday night, {publisher} reported.\n\n"
            f"{toll_said_by} said {int(key_value)} people were killed in the attack on the convoy.")
    first, second = body.split("\n\n")
    return Record(
        input=input,
        article=Article(title=f"Convoy attacked ({publisher})", publisher=publisher, published=published, body=body),
        entities=[Entity(id="e1", name="Tete Liberation Movement", type="ORG"),
                  Entity(id="e2", name="Maria Okonjo", type="PERSON")],
        events=[Event(type="ASSAULT", actor=Ref(name="Gunmen"), target=Ref(name="aid convoy"),
                      place={"name": place, "lat": -15.6, "lon": 34.4, "country": "MZ"},
                      date="2025-03-03", fatalities=fatalities,
                      evidence=Evidence(text=first, start=0, end=len(first)))],
        places=[Place(name=place, lat=-15.6, lon=34.4, country="MZ", feature="P.PPL")],
        figures=[Figure(value=key_value, text=f"{int(key_value)} people", what="people killed",
                        source=Ref(name=toll_said_by), key="people:dead",
                        evidence=Evidence(text=second, start=len(first) + 2, end=len(body)))],
    )


@pytest.fixture
def ledger_client(tmp_path: Path) -> TestClient:
    from newsledger.shells.api import create_app

    db = tmp_path / "across.db"
    with Ledger(db) as ledger:
        ledger.ingest(_telling("wire.txt", "Meridian Wire", "2025-03-04", 12, "Police", 12))
        ledger.ingest(_telling("times.txt", "Harbor Times", "2025-03-05", 15, "A hospital director", 15,
                               place="Mwanza"))
        ledger.ingest(make_record())
    return TestClient(create_app(db, token="s3cret"))


def test_timeline_and_event_page_show_sources_side_by_side(ledger_client: TestClient):
    page = ledger_client.get("/events").text
    assert "2025-03-03" in page and "2 outlets" in page and "disputed" in page
    assert 'href="/events/1"' in page
    event = ledger_client.get("/events/1").text
    assert "Meridian Wire" in event and "Harbor Times" in event
    assert "The sources disagree" in event
    assert "toll-chart" in event and "Death toll over time, per outlet" in event  # a series per outlet
    assert re.search(r'<strong class="value">12</strong>.*wire\.txt', event, re.S)
    assert re.search(r'<strong class="value">15</strong>.*times\.txt', event, re.S)
    assert ledger_client.get("/events/999").status_code == 404
    filtered = ledger_client.get("/events", params={"type": "CONSULT"}).text
    assert "2 outlets" not in filtered and "CONSULT" in filtered


def test_story_claims_and_map_pages(ledger_client: TestClient):
    stories = ledger_client.get("/stories").text
    assert 'href="/stories/1"' in stories
    story = ledger_client.get("/stories/1").text
    assert "Convoy attacked (Meridian Wire)" in story and "Convoy attacked (Harbor Times)" in story
    assert 'href="/claims/people%3Adead?story=1"' in story
    claims = ledger_client.get("/claims").text
    assert 'href="/claims/people%3Adead"' in claims
    chart = ledger_client.get("/claims/people:dead").text
    assert chart.count('class="claim"') >= 2 and "<svg" in chart and "Police" in chart
    assert 'data-value="12.0"' in chart and 'data-value="15.0"' in chart
    assert ledger_client.get("/claims/nothing:here").status_code == 404
    world = ledger_client.get("/map").text
    assert 'class="land"' in world and 'class="event"' in world and 'href="/events/1"' in world


def test_api_events_filters_and_pages(ledger_client: TestClient):
    everything = ledger_client.get("/api/events").json()
    assert everything["total"] == 2
    (attack,) = [e for e in everything["items"] if e["type"] == "ASSAULT"]
    assert [s["input"] for s in attack["sources"]] == ["wire.txt", "times.txt"]
    assert attack["fatalities"] is None and {c["value"] for c in attack["conflicts"]["fatalities"]} == {12, 15}
    assert {c["value"] for c in attack["conflicts"]["place"]} == {"Zobue", "Mwanza"}
    for params, total in (({"type": "assault"}, 1), ({"place": "mwanza"}, 1), ({"actor": "gunmen"}, 1),
                          ({"since": "2025-03-04"}, 1), ({"until": "2025-03-03"}, 1),
                          ({"since": "2025-03-01", "until": "2025-03-31"}, 2), ({"q": "convoy"}, 1)):
        assert ledger_client.get("/api/events", params=params).json()["total"] == total, params
    page = ledger_client.get("/api/events", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1 and page["offset"] == 1
    assert ledger_client.get("/api/events/1").json()["id"] == 1
    assert ledger_client.get("/api/events/77").status_code == 404


def test_api_claims_figures_stories_map(ledger_client: TestClient):
    keys = ledger_client.get("/api/claims").json()
    assert keys["items"][0]["key"] == "people:dead" and keys["items"][0]["reports"] == 2
    claims = ledger_client.get("/api/claims/people:dead").json()["items"]
    assert [(c["date"], c["value"], c["said_by"]) for c in claims] == [
        ("2025-03-04", 12.0, "Police"), ("2025-03-05", 15.0, "A hospital director")]
    figures = ledger_client.get("/api/figures", params={"key": "people:"}).json()
    assert figures["total"] == 2 and figures["items"][0]["key"] == "people:dead"
    assert ledger_client.get("/api/figures", params={"q": "killed"}).json()["total"] == 3
    stories = ledger_client.get("/api/stories").json()
    assert stories["items"][0]["reports"] == 2 or stories["items"][1]["reports"] == 2
    story = ledger_client.get("/api/stories/1").json()
    assert len(story["reports"]) == 2 and story["claim_keys"][0]["key"] == "people:dead"
    points = ledger_client.get("/api/map").json()
    assert points["events"][0]["lat"] == -15.6 and points["places"]
    spec = ledger_client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/stories", "/api/claims/{key}",
            "/api/figures", "/api/map"} <= set(spec["paths"])
    assert "post" in spec["paths"]["/api/reports"]


def test_write_endpoint_needs_the_token(ledger_client: TestClient, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch):
    from newsledger.shells import api

    report = {"text": "Officials met in Tete on Thursday to discuss the convoy road."}
    assert ledger_client.post("/api/reports", json=report).status_code == 401
    wrong = ledger_client.post("/api/reports", json=report, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    monkeypatch.setattr(api, "_ingest_text", lambda path, text, payload, settings: {"input": "x", "added": True})
    ok = ledger_client.post("/api/reports", json=report, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 201 and ok.json()["added"] is True
    empty = ledger_client.post("/api/reports", json={"text": " "}, headers={"Authorization": "Bearer s3cret"})
    assert empty.status_code == 422
    monkeypatch.delenv("NEWSLEDGER_TOKEN", raising=False)
    closed = TestClient(api.create_app(tmp_path / "closed.db"))
    assert closed.post("/api/reports", json=report, headers={"Authorization": "Bearer s3cret"}).status_code == 403


def test_map_uses_detailed_outlines_for_a_regional_view():
    """A story around one strip of coast is framed on its region with the 1:50m outlines (which
    have the Gaza Strip); a world story keeps the light 1:110m outlines, and only rings in view."""
    from newsledger.shells.web import charts

    place = {"lon": 34.25, "lat": 31.29, "name": "Rafah", "reports": 2}
    regional = str(charts.world_map([], [place, {"lon": 31.24, "lat": 30.04, "name": "Cairo", "reports": 1}]))
    box = [float(v) for v in regional.split('viewBox="')[1].split('"')[0].split()]
    assert box[2] < charts.DETAILED_BELOW            # framed on the region, not the continent
    x, y = charts.project(34.25, 31.29)
    assert box[0] <= x <= box[0] + box[2] and box[1] <= y <= box[1] + box[3]
    detailed = charts._rings("50m")
    assert len(detailed) > len(charts._rings("110m"))
    assert charts._world_path(tuple(box)) != charts._world_path((0, 0, charts.MAP_W, charts.MAP_H))
    world = str(charts.world_map([], [place, {"lon": -74.0, "lat": 40.7, "name": "New York", "reports": 1},
                                      {"lon": 116.4, "lat": 39.9, "name": "Beijing", "reports": 1}]))
    assert len(world) < 200_000                       # 110m outlines: the page stays light
