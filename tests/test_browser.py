"""The web UI in a real browser: Debian's Chromium driven by Playwright for Python.

Never a browser download: Playwright is pointed at the system Chromium
(``/usr/bin/chromium``, installed by .ci/run with apt-get). The tests start ``newsledger
serve`` on a free 127.0.0.1 port over a ledger of the bundled fictional samples, then click
through the pages. They skip, saying why, when Chromium or Playwright is missing.
"""

from __future__ import annotations

import re
import urllib.request

import pytest


@pytest.fixture()
def page(browser, base_url):
    context = browser.new_context(base_url=base_url)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    tab = context.new_page()
    yield tab
    # offline UI: nothing but this server was asked for anything
    assert all(u.startswith(base_url) or u.startswith("data:") for u in requests), requests
    context.close()


def click(page, locator, **kwargs) -> None:
    """Click a link and wait for the page it opens to load."""
    with page.expect_navigation(wait_until="load"):
        locator.click(**kwargs)


def test_reports_list_and_reader(page):
    page.goto("/")
    rows = page.locator("table.reports tbody tr")
    assert rows.count() >= 5
    click(page, page.get_by_role("link", name=re.compile("Gunmen attack flood-relief convoy")))
    assert page.locator("h1").inner_text().startswith("Gunmen attack flood-relief convoy")
    assert page.locator(".m-quote").count() >= 1


def test_timeline_filter_and_merged_event(page):
    page.goto("/")
    click(page, page.get_by_role("link", name="Timeline"))
    assert page.url.endswith("/events")
    assert page.locator("ol.timeline h2.date").count() >= 2
    page.select_option("select[name=type]", "ASSAULT")
    click(page, page.get_by_role("button", name="Filter"))
    tags = page.locator("li.event-line .etype").all_text_contents()
    assert tags and set(tags) == {"ASSAULT"}
    # the convoy attack: one ledger event told by several reports, the toll disputed
    merged = page.locator("li.event-line", has=page.locator(".disputed")).first
    click(page, merged.locator("a").first)
    assert re.search(r"/events/\d+$", page.url)
    assert page.locator("table.sources tbody tr").count() >= 2
    conflicts = page.locator("section.conflicts")
    assert "fatalities" in conflicts.inner_text().lower()
    values = conflicts.locator("strong.value").all_inner_texts()
    assert len(set(values)) >= 2  # both tolls kept, side by side


def test_story_view_with_its_sources(page):
    page.goto("/stories")
    rows = page.locator("table.stories tbody tr")
    sizes = [int(rows.nth(i).locator("td.n").first.inner_text()) for i in range(rows.count())]
    biggest = rows.nth(sizes.index(max(sizes)))
    click(page, biggest.locator("a").first)
    assert re.search(r"/stories/\d+$", page.url)
    sources = page.locator("table.story-sources tbody tr")
    assert sources.count() >= 3
    assert page.locator("ul.timeline li.event-line").count() >= 1


def test_claims_chart(page):
    page.goto("/claims")
    keys = page.locator("table.claim-keys tbody tr a")
    assert keys.count() >= 1
    click(page, page.get_by_role("link", name="people killed"))
    chart = page.locator("figure.claims-chart svg")
    assert chart.count() >= 1
    points = chart.first.locator(".claim")
    assert points.count() >= 2
    values = {float(v) for v in (points.nth(i).get_attribute("data-value") for i in range(points.count()))}
    assert len(values) >= 2  # different numbers from different sources
    assert page.locator("table.claims tbody tr").count() == points.count() or \
        page.locator("table.claims tbody tr").count() >= points.count()


def test_map_draws_the_world_and_links_events(page):
    """The workbench's map: Natural Earth outlines drawn by Leaflet from the package (no tiles),
    and event markers whose popups link to the event pages (more in test_workbench.py)."""
    page.goto("/map")
    page.locator("#map[aria-busy=false]").wait_for(timeout=15_000)
    page.locator("path.wb-land").first.wait_for(state="attached")  # the first may be a zero-size outline
    assert page.locator("path.wb-land").count() >= 100  # the Natural Earth countries
    assert page.locator(".leaflet-tile").count() == 0
    assert page.locator(".wb-point, .wb-cluster, path.wb-area").count() >= 1


def test_quote_search_by_speaker(page):
    page.goto("/quotes")
    page.fill("input[name=speaker]", "Okonjo")
    click(page, page.locator("form button").first)
    quotes = page.locator("li.quote")
    assert quotes.count() >= 1
    assert all("Okonjo" in t for t in quotes.locator(".who").all_inner_texts())


def test_pages_run_under_the_content_security_policy(page):
    """The server's CSP (no inline script or style) blocks nothing the pages use, and
    reader.js still runs under it: hovering a note lights its highlight."""
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('Content Security Policy violation: ' + e.violatedDirective))")
    for path in ("/", "/quotes", "/events", "/stories", "/claims", "/claims/people:dead", "/map"):
        answer = page.goto(path)
        assert "script-src 'self'" in answer.headers["content-security-policy"]
    page.goto("/")
    click(page, page.locator("table.reports tbody tr a").first)
    note = page.locator(".notes li.note").first
    note.hover()
    kind, ref = note.get_attribute("data-kind"), note.get_attribute("data-ref")
    lit = page.locator(f".body .m-{kind}.lit")
    assert lit.count() >= 1, (kind, ref)  # reader.js ran
    assert violations == []
    # and the policy is enforced: an inline script added now is blocked and reported
    page.evaluate("() => { const s = document.createElement('script');"
                  " s.textContent = 'window.ranInline = true'; document.body.appendChild(s); }")
    assert page.evaluate("() => window.ranInline === undefined")
    page.wait_for_timeout(200)
    assert any("script-src" in v for v in violations), violations


def test_search_box_examples_find_something_in_the_demo(base_url):
    """Each search box's placeholder, typed as it is, finds something in the demo ledger
    (the analysed samples), and the help under the box says the syntax."""
    import html
    import json
    from urllib.parse import urlencode

    def get(path: str, **params: str) -> str:
        return urllib.request.urlopen(f"{base_url}{path}?{urlencode(params)}", timeout=10).read().decode()

    def placeholder(page: str, input_id: str) -> str:
        return html.unescape(re.search(rf'<input id="{input_id}"[^>]*?placeholder="([^"]*)"', page)[1])

    index, quotes = get("/"), get("/quotes")
    assert "OR (in capitals)" in index and "OR (in capitals)" in quotes
    q = placeholder(index, "q")
    assert json.loads(get("/api/reports", q=q))["total"] > 0, q
    q, speaker = placeholder(quotes, "q"), placeholder(quotes, "speaker")
    assert json.loads(get("/api/quotes", q=q))["total"] > 0, q
    assert json.loads(get("/api/quotes", q=q, speaker=speaker))["total"] > 0, (q, speaker)


def test_actors_page_filters_and_actor_page(page):
    page.goto("/")
    click(page, page.get_by_role("link", name="Actors"))
    assert page.url.endswith("/actors")
    assert page.locator("tr.actor-row").count() >= 5
    page.select_option("select[name=kind]", "rebel group")
    click(page, page.get_by_role("button", name="Filter"))
    rows = page.locator("tr.actor-row")
    assert rows.count() >= 1 and set(rows.locator(".tag").all_inner_texts()) == {"rebel group"}
    click(page, page.get_by_role("link", name="Tete Liberation Movement"))
    assert re.search(r"/actors/\d+$", page.url)
    assert page.locator("ul.aliases li").count() >= 1
    assert page.locator("ul.actor-events li.event-line").count() >= 1
    click(page, page.get_by_role("link", name="its events on the timeline"))
    assert "actor_id=" in page.url and "Tete Liberation Movement" in page.locator("p.summary").inner_text()
    assert page.locator("li.event-line").count() >= 1
    # the timeline's own filters: actor kind and country
    page.goto("/events")
    page.select_option("select[name=actor_kind]", "state forces")
    page.select_option("select[name=actor_country]", "MWI")
    click(page, page.get_by_role("button", name="Filter"))
    assert "actor_kind=state+forces" in page.url and page.locator("li.event-line").count() >= 1
