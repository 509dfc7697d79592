"""End to end on the reference report (read from ../shared when present; skipped otherwise).

Asserts the key facts the foundation issue names; the seed's text itself is never copied here.
"""

from __future__ import annotations

import math
from collections import Counter

import pytest

from newsledger import extract


@pytest.fixture(scope="module")
def record(seed_path):
    return extract(str(seed_path), published="2024-05-07")


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def test_body_is_the_report_only(record):
    body = record.article.body
    assert body.startswith("Israel sent ground troops")
    for clutter in ("slideshow", "Video description", "© ", "Reporting by", "Copyright",
                    "Reuse this content", "Comments", "Jump to comments"):
        assert clutter not in body, clutter
    assert "\n\n\n" not in body


def test_byline_media_and_page_facts(record):
    a = record.article
    assert len(a.byline) == 8
    assert Counter(b.location for b in a.byline) == {
        "Tel Aviv": 2, "London": 1, "Beirut": 1, "Cairo": 2, "Washington": 2}
    kinds = sorted(m.kind for m in a.media)
    assert kinds == ["slideshow", "video"]
    assert all(m.credit and "Reuters" in m.credit for m in a.media)
    assert a.copyright and "Financial Times" in a.copyright
    assert a.comments_enabled is False
    assert a.published == "2024-05-07"


def speakers(record, surname):
    return [q for q in record.quotes if q.speaker.name and q.speaker.name.endswith(surname)]


def test_kirby_and_netanyahu_quotes_are_attributed(record):
    kirby, netanyahu = speakers(record, "Kirby"), speakers(record, "Netanyahu")
    assert len([q for q in kirby if q.kind in ("direct", "mixed")]) >= 3
    assert len([q for q in netanyahu if q.kind in ("direct", "mixed")]) >= 3
    assert {q.speaker.name for q in kirby} == {"John Kirby"}
    assert {q.speaker.name for q in netanyahu} == {"Benjamin Netanyahu"}
    for q in record.quotes:
        assert record.article.body[q.start:q.end] == q.text
    kirby_entity = next(e for e in record.entities if e.name == "John Kirby")
    assert any("National Security Council" in r for r in kirby_entity.roles)
    assert all(q.speaker.entity_id == kirby_entity.id for q in kirby)


def test_anonymous_source_stays_described(record):
    assert any(q.speaker.name == "an Israeli military official" and q.kind == "direct" for q in record.quotes)


def test_rafah_is_placed_in_gaza(record):
    rafah = next(p for p in record.places if p.name == "Rafah")
    assert km(rafah.lat, rafah.lon, 31.30, 34.25) < 15
    assert rafah.country == "PS"


def test_hostage_figures_reported_by_israeli_officials(record):
    held = next(f for f in record.figures if f.value == 132)
    assert "hostage" in (held.what or "")
    assert held.source and "Israeli officials" in held.source.name
    dead = next(f for f in record.figures if f.value == 37)
    assert dead.hedged and dead.source and "Israeli officials" in dead.source.name
    assert not any(f.value in (7, 2024) for f in record.figures)  # no dates taken for figures


def test_troops_enter_rafah_on_monday_night(record):
    entry = [e for e in record.events if e.place and e.place.name == "Rafah" and e.date == "2024-05-06"]
    assert entry, [(e.type, e.place, e.date) for e in record.events]
    assert entry[0].type in ("MOBILIZE", "ASSAULT")
    assert entry[0].actor and "Israel" in entry[0].actor.name


def test_hamas_accepts_and_netanyahu_rejects(record):
    assert any(e.type == "AGREE" and e.actor and e.actor.name == "Hamas" for e in record.events)
    assert any(e.type == "REJECT" and e.actor and e.actor.name.endswith("Netanyahu")
               and e.date == "2024-05-07" for e in record.events)


def test_every_offset_indexes_the_body(record):
    body = record.article.body
    for e in record.entities:
        for m in e.mentions:
            assert body[m.start:m.end] == m.text
    for p in record.places:
        for m in p.mentions:
            assert body[m.start:m.end] == m.text
    for item in [*record.events, *record.figures]:
        assert body[item.evidence.start:item.evidence.end] == item.evidence.text
