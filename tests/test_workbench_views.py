"""The workbench's ledger layer and API without a browser: one filter set for the list, the map,
the timeline and the downloads; grid bins past a few thousand points; words an analyst reads."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsledger.ledger import Ledger, _workbench
from newsledger.ledger._claims import claim_label
from newsledger.pages.clutter import _dateline_wire, _is_masthead
from newsledger.pages.text import text_article
from newsledger.record import Article, Event, Evidence, Record


def _event(i: int, type: str, day: str, lat: float | None, lon: float | None, *, actor: str = "Gunmen",
           country: str = "MZ", feature: str = "P.PPL", status: str = "asserted") -> Event:
    text = f"Event number {i} happened near the town of Place{i}."
    place = {"name": f"Place{i}", "lat": lat, "lon": lon, "country": country, "feature": feature} if lat is not None else None
    return Event(type=type, actor={"name": actor}, place=place, date=day, status=status,
                 evidence=Evidence(text=text, start=0, end=len(text)))


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    from newsledger.shells.api import create_app

    db = tmp_path / "wb.db"
    specs = [("ASSAULT", "2025-03-01", -16.1, 33.5, "Gunmen", "MZ", "P.PPL", "asserted"),
             ("PROTEST", "2025-03-04", -15.6, 34.5, "Traders", "MW", "P.PPL", "asserted"),
             ("ASSAULT", "2025-03-08", -15.9, 34.0, "Soldiers", "MZ", "A.ADM1", "asserted"),
             ("AGREE", "2025-03-12", None, None, "Ministers", "MZ", "P.PPL", "planned")]
    with Ledger(db) as led:
        for i, (type, day, lat, lon, actor, country, feature, status) in enumerate(specs):
            event = _event(i, type, day, lat, lon, actor=actor, country=country, feature=feature, status=status)
            body = event.evidence.text
            led.ingest(Record(input=f"r{i}.txt", article=Article(title=f"Report {i} on quite different things {i * 7}",
                                                                 publisher=f"Outlet {i % 2}", published=day, body=body),
                              events=[event]))
    return TestClient(create_app(db))


def test_one_filter_set_for_list_map_timeline_and_downloads(client: TestClient):
    every = client.get("/api/events").json()
    assert every["total"] == 4
    for params, ids in (({"type": "assault"}, 2), ({"country": "mw"}, 1), ({"status": "planned"}, 1),
                        ({"outlet": "outlet 1"}, 2), ({"actor": "soldier"}, 1), ({"since": "2025-03-02", "until": "2025-03-08"}, 2)):
        listed = client.get("/api/events", params=params).json()
        assert listed["total"] == ids, params
        rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv", params=params).text)))
        assert [int(r["id"]) for r in rows] == [e["id"] for e in listed["items"]], params
        located = {e["id"] for e in listed["items"] if e.get("place")}
        layer = client.get("/api/events/map", params=params).json()
        assert {p["id"] for p in layer["points"]} == located and layer["unlocated"] == ids - len(located), params
        geo = client.get("/api/events.geojson", params=params).json()
        assert {f["id"] for f in geo["features"]} == located, params
    # the timeline leaves out the date range (the brush's), but keeps the other filters
    t = client.get("/api/events/timeline", params={"type": "ASSAULT", "since": "2025-03-08"}).json()
    assert sum(sum(v) for v in t["series"].values()) == 2 and set(t["series"]) == {"ASSAULT"}
    facets = client.get("/api/events/facets").json()
    assert facets["type"][0] == {"value": "ASSAULT", "events": 2}
    assert {f["value"] for f in facets["country"]} == {"MZ", "MW"}
    assert client.get("/api/events", params={"since": "March"}).status_code == 422
    assert client.get("/api/events/map", params={"bbox": "1,2,3"}).status_code == 422
    # a province is an area on the map, not a point
    layer = client.get("/api/events/map").json()
    assert {p["precision"] for p in layer["points"]} == {"exact", "region"}
    spec = client.get("/openapi.json").json()
    assert {"type", "actor", "outlet", "status", "country"} <= {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}


def test_the_workbench_page_carries_the_filters_and_download_links(client: TestClient):
    page = client.get("/map", params={"type": "ASSAULT"}).text
    assert 'href="/api/events.csv?type=ASSAULT"' in page and 'src="/static/workbench.js"' in page
    assert '<option value="ASSAULT" selected>' in page
    assert "<script>" not in page  # no inline script (the CSP)
    timeline = client.get("/events", params={"type": "ASSAULT", "outlet": "Outlet 0"}).text
    assert 'href="/api/events.csv?type=ASSAULT&amp;outlet=Outlet+0"' in timeline
    assert 'href="/map?type=ASSAULT&amp;outlet=Outlet+0"' in timeline


def test_many_points_become_grid_bins_per_zoom():
    events = [{"id": i, "type": "ASSAULT" if i % 3 else "PROTEST", "date": "2025-01-01", "status": "asserted",
               "geo_precision": None, "place": {"name": "x", "lat": (i % 50) * 0.5, "lon": (i // 50) * 0.5},
               "sources": [{}], "independent_reports": 1, "fatalities": None}
              for i in range(_workbench.POINTS_MAX + 500)]
    world = _workbench.map_layer(events, zoom=2)
    close = _workbench.map_layer(events, zoom=8)
    assert world["mode"] == close["mode"] == "bins"
    assert sum(b["count"] for b in world["bins"]) == sum(b["count"] for b in close["bins"]) == len(events)
    assert len(world["bins"]) < len(close["bins"])
    few = _workbench.map_layer(events, zoom=8, bbox=(0, 0, 2, 2))
    assert few["mode"] == "points" and all(0 <= p["lat"] <= 2 and 0 <= p["lon"] <= 2 for p in few["points"])


def test_counts_in_plain_words():
    def source(report, publisher, copy_of=None):
        return {"report_id": report, "publisher": publisher, "input": f"r{report}", "url": None,
                "duplicate_of": copy_of}
    e = {"sources": [source(1, "Meridian Wire"), source(2, "Harbor Times"), source(3, "Lakeshore Courier"),
                     source(4, "Zambezi Post", "r1"), source(5, "Lilongwe Star", "r1")]}
    assert _workbench.told_by(e) == "3 outlets, 1 wire copy republished twice"
    e = {"sources": [source(1, "Meridian Wire"), source(2, "Meridian Wire")]}
    assert _workbench.told_by(e) == "1 outlet in 2 reports"


def test_claim_keys_in_words():
    assert claim_label("people:dead") == "people killed"
    assert claim_label("number") == "a number (what it counts is not said)"
    assert claim_label("duration") == "a length of time (of what is not said)"
    assert claim_label("people") == "number of people"
    assert claim_label("pause:duration") == "how long the pause lasts"
    assert claim_label("flour:tonne") == "flour, in tonnes"


def test_publisher_from_the_masthead_or_the_dateline_wire():
    assert _is_masthead("The Harbor Times") and _is_masthead("Meridian Wire")
    assert not _is_masthead("World | Africa") and not _is_masthead("Gunmen attack a convoy near the border, 12 killed")
    assert _dateline_wire("BLANTYRE (Meridian Wire) - Gunmen opened fire on a convoy.") == "Meridian Wire"
    assert _dateline_wire("Gunmen opened fire (police said) - on Monday.") is None
    text = ("Kestrel Daily\nWorld | Africa\n\nFerry service resumes on the lake after storm damage is repaired\n\n"
            "By Ana Phiri\nMarch 4, 2025\n\nThe ferry between the two lake ports ran again on Tuesday, the operator "
            "said, after a week of repairs to its landing stage.\n\nPassengers welcomed the news.")
    article, _ = text_article(text)
    assert article.publisher == "Kestrel Daily"
    wire = ("Ferry service resumes on the lake after storm damage is repaired\n\nMarch 4, 2025\n\n"
            "MANGOCHI (Lakeside Wire) - The ferry between the two lake ports ran again on Tuesday, the operator "
            "said, after a week of repairs to its landing stage.\n\nPassengers welcomed the news.")
    article, _ = text_article(wire)
    assert article.publisher == "Lakeside Wire"
