"""The analyst's workbench (/map) in a real browser: Debian's Chromium driven by Playwright.

As in test_browser.py: never a browser download (Playwright drives /usr/bin/chromium), a server
on a free 127.0.0.1 port over the bundled fictional samples, stopped at the end; skipped,
saying why, without Chromium or Playwright. Screenshots of every page at 1,280 and 390 px are
kept under NEWSLEDGER_ARTEFACTS (default: pytest's temporary folder, printed).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("NEWSLEDGER_ARTEFACTS") or tmp_path_factory.mktemp("artefacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture()
def page(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    tab = context.new_page()
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    yield tab
    assert errors == []  # no script error, nothing the CSP blocked
    # offline: nothing but this server was asked for anything (no tiles, no CDN)
    assert all(u.startswith(base_url) or u.startswith(("data:", "blob:")) for u in requests), requests
    context.close()


def api(base_url: str, path: str, **params: str) -> dict:
    return json.loads(urllib.request.urlopen(f"{base_url}{path}?{urlencode(params)}", timeout=30).read())


def settled(page) -> None:
    """Wait until the list, the timeline and the map have answered for the current filters."""
    page.locator("body[data-loading=false]").wait_for(timeout=15_000)
    page.locator("#map[aria-busy=false]").wait_for(timeout=15_000)


def listed(page) -> list[dict]:
    items = page.locator("#event-list li.event-line")
    return [{"id": int(items.nth(i).get_attribute("data-event")), "date": items.nth(i).get_attribute("data-date"),
             "located": items.nth(i).get_attribute("data-located") == "1"} for i in range(items.count())]


def on_map(page) -> set[int]:
    return {int(v) for v in (page.locator("#map").get_attribute("data-events") or "").split()}


def filters_in_url(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def open_workbench(page, query: str = "") -> None:
    page.goto("/map" + query)
    settled(page)


def test_zooming_and_clicking_a_cluster(page):
    open_workbench(page)
    zoom = int(page.locator("#map").get_attribute("data-zoom"))
    page.get_by_role("button", name="Zoom out").click()
    page.locator(f"#map[data-zoom='{zoom - 1}']").wait_for()
    settled(page)
    page.get_by_role("button", name="Zoom in").click()
    page.locator(f"#map[data-zoom='{zoom}']").wait_for()
    settled(page)
    # the demo tells several events in and around Tete: a cluster; clicking it opens it up
    # (it zooms in, or spreads its markers out when they share one spot)
    for _ in range(6):
        cluster = page.locator(".wb-cluster")
        if not cluster.count():
            break
        before = page.locator(".wb-point").count()
        assert int(cluster.first.inner_text()) >= 2
        cluster.first.click()
        page.wait_for_timeout(700)
        settled(page)
        if page.locator(".wb-point").count() >= before + 2:
            break
    assert page.locator(".wb-point").count() >= 2
    # a point's popup: type, date, actors, fatalities with sources, a link to the event page
    page.locator(".wb-point").first.click(force=True)
    popup = page.locator(".leaflet-popup-content .wb-popup")
    event_link = popup.locator("a", has_text="Open the event")
    event_link.wait_for()
    text = popup.inner_text()
    assert "Fatalities" in text and "Actor" in text and "Told by" in text
    href = event_link.get_attribute("href")
    assert re.fullmatch(r"/events/\d+", href)
    # the actors the registry knows link to their pages
    assert all(re.fullmatch(r"/actors/\d+", a.get_attribute("href"))
               for a in popup.locator("dd a").all())


def test_coarse_places_are_areas_not_points(page, base_url):
    open_workbench(page)
    layer = api(base_url, "/api/events/map")
    coarse = [p for p in layer["points"] if p["precision"] in ("region", "country")]
    assert page.locator("path.wb-area").count() == len(coarse)
    assert len(coarse) >= 1  # the protests across Zambia (tests/fixtures/served)
    # framed on Mozambique and Malawi, the provinces' borders are drawn (admin-1, offline)
    assert int(page.locator("#map").get_attribute("data-zoom")) >= 5
    page.locator("path.wb-admin1").first.wait_for(state="attached")
    assert page.locator("path.wb-admin1").count() >= 2


def test_brushing_a_date_range_filters_the_list_and_the_map_together(page, base_url):
    open_workbench(page)
    everything = listed(page)
    over = page.locator("#timeline .u-over")
    over.scroll_into_view_if_needed()
    box = over.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.40, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.70, y, steps=8)
    page.mouse.up()
    page.wait_for_url(re.compile(r"since=\d{4}-\d\d-\d\d.*until=\d{4}-\d\d-\d\d"))
    settled(page)
    chosen = filters_in_url(page)
    since, until = chosen["since"], chosen["until"]
    rows = listed(page)
    assert 0 < len(rows) < len(everything)
    assert all(since <= r["date"][:10] <= until for r in rows)
    # the map draws exactly the located events of the list (the whole demo is in view)
    assert on_map(page) == {r["id"] for r in rows if r["located"]}
    # and the list is what the API gives for the same filter
    answer = api(base_url, "/api/events", since=since, until=until, limit="500")
    assert [e["id"] for e in answer["items"]] == [r["id"] for r in rows]
    assert page.locator("input[name=since]").input_value() == since


def test_filter_by_type_and_actor_then_back_restores_the_filter(page, base_url):
    open_workbench(page)
    page.select_option("select[name=type]", "ASSAULT")
    page.wait_for_url(re.compile(r"type=ASSAULT"))
    settled(page)
    tags = page.locator("#event-list .etype").all_inner_texts()
    assert tags and set(tags) == {"assault"}
    assert page.locator("#map .wb-point, #map .wb-cluster, #map path.wb-area").count() >= 1
    # the map's layer holds assaults only; markers not folded into a cluster carry their type
    # (how many stand alone depends on how many events share a spot, so none need to)
    layer = api(base_url, "/api/events/map", type="ASSAULT")
    assert layer["points"] and {p["type"] for p in layer["points"]} == {"ASSAULT"}
    classes = " ".join(page.locator("#map .wb-point, #map path.wb-area").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('class'))"))
    assert not re.search(r"t-(?!ASSAULT)[A-Z]+", classes)
    assault_total = len(listed(page))
    page.fill("input[name=actor]", "gunmen")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"actor=gunmen"))
    settled(page)
    rows = listed(page)
    # (every assault of the demo may be by gunmen: the list narrows or stays, never grows)
    assert 0 < len(rows) <= assault_total
    assert not api(base_url, "/api/events", type="ASSAULT", actor="no such actor")["items"]
    for e in api(base_url, "/api/events", type="ASSAULT", actor="gunmen")["items"]:
        names = " ".join(filter(None, [(e.get("actor") or {}).get("name"), (e.get("target") or {}).get("name")]))
        assert "gunmen" in names.lower()
    page.go_back()
    settled(page)
    assert "actor" not in filters_in_url(page) and filters_in_url(page)["type"] == "ASSAULT"
    assert page.locator("input[name=actor]").input_value() == ""
    assert page.locator("select[name=type]").input_value() == "ASSAULT"
    assert len(listed(page)) == assault_total
    page.go_back()
    settled(page)
    assert filters_in_url(page) == {} and page.locator("select[name=type]").input_value() == ""


def test_filter_by_actor_kind_keeps_the_map_and_the_list_to_those_actors(page, base_url):
    total = api(base_url, "/api/events", limit="1")["total"]
    kinds = api(base_url, "/api/events/facets")["actor_kind"]
    kind = next(f["value"] for f in kinds if 0 < f["events"] < total)  # a kind that leaves some out
    open_workbench(page)
    page.select_option("select[name=actor_kind]", kind)
    page.wait_for_url(re.compile(r"actor_kind="))
    settled(page)
    assert filters_in_url(page)["actor_kind"] == kind
    answer = api(base_url, "/api/events", actor_kind=kind, limit="500")
    assert 0 < answer["total"] < total
    assert all(kind in e["actor_kinds"] for e in answer["items"])
    rows = listed(page)
    assert rows and {r["id"] for r in rows} <= {e["id"] for e in answer["items"]}
    located = {e["id"] for e in answer["items"] if (e.get("place") or {}).get("lat") is not None}
    assert on_map(page) == located and located
    page.go_back()
    settled(page)
    assert "actor_kind" not in filters_in_url(page) and page.locator("select[name=actor_kind]").input_value() == ""


def test_downloads_are_the_current_filter(page, base_url):
    open_workbench(page, "?type=ASSAULT")
    shown = [r["id"] for r in listed(page)]
    with page.expect_download() as caught:
        page.locator("#dl-csv").click()
    rows = list(csv.DictReader(io.StringIO(Path(caught.value.path()).read_text())))
    answer = api(base_url, "/api/events", type="ASSAULT", limit="500")
    assert [int(r["id"]) for r in rows] == [e["id"] for e in answer["items"]] == shown
    assert {r["type"] for r in rows} == {"ASSAULT"}
    with page.expect_download() as caught:
        page.locator("#dl-geojson").click()
    features = json.loads(Path(caught.value.path()).read_text())["features"]
    assert {f["id"] for f in features} == {e["id"] for e in answer["items"] if (e.get("place") or {}).get("lat") is not None}
    with page.expect_download() as caught:
        page.locator("#dl-acled").click()
    acled = list(csv.DictReader(io.StringIO(Path(caught.value.path()).read_text())))
    assert acled and {r["plover_type"] for r in acled} == {"ASSAULT"}


def test_keyboard_reaches_the_filters_the_map_and_the_list(page):
    open_workbench(page)
    page.locator("select[name=type]").focus()
    page.keyboard.press("ArrowDown")  # a select changes with the keyboard alone
    settled(page)
    assert "type" in filters_in_url(page)
    for _ in range(40):  # tabbing on reaches a map marker and an event link
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.className + ' ' + (document.activeElement.getAttribute('href') || '')")
        if "leaflet-marker-icon" in focused:
            break
    assert "leaflet-marker-icon" in focused
    for name in ("type", "acled", "actor", "country", "place", "outlet", "status", "since", "until", "q"):
        field = page.locator(f"#filters [name={name}]")
        assert field.evaluate("n => n.labels.length") == 1, name  # every control has a label


def test_screenshots_of_every_page_at_both_widths(browser, base_url, artefacts, capsys):
    story = api(base_url, "/api/stories")["items"][0]["id"]
    event = api(base_url, "/api/events", type="ASSAULT")["items"][0]["id"]
    paths = {"reports": "/", "report": "/reports/1", "quotes": "/quotes", "timeline": "/events",
             "event": f"/events/{event}", "stories": "/stories", "story": f"/stories/{story}",
             "claims": "/claims", "claim": "/claims/people:dead", "map": "/map"}
    saved = []
    for width in WIDTHS:
        context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
        tab = context.new_page()
        for name, path in paths.items():
            tab.goto(path)
            if name == "map":
                settled(tab)
                # nothing wider than the screen at this width
                assert tab.evaluate("() => document.documentElement.scrollWidth") <= width + 1, (name, width)
            target = artefacts / f"{name}-{width}.png"
            tab.screenshot(path=str(target), full_page=True)
            saved.append(target)
        context.close()
    assert all(p.stat().st_size > 5_000 for p in saved)
    with capsys.disabled():  # shown even when pytest captures output
        print(f"\nworkbench screenshots ({len(saved)}): {artefacts}")
