"""The merging hard limits: what can never be one happening, whatever the scorer says."""

from __future__ import annotations

from datetime import date

from newsledger.ledger._merge_model import Side, compatible


def side(lat: float, lon: float, country: str, area: bool, day: date = date(2025, 3, 11)) -> Side:
    return Side(type="ASSAULT", first=day, last=day, dated=True, lat=lat, lon=lon, country=country, area=area,
                actor=frozenset(), target=frozenset(), evidence=frozenset(), fatalities=None,
                published=day, report_id=1, story=None)


def test_a_province_far_from_a_town_in_it_may_still_hold_it():
    # a town 300 km from its province's centre point
    assert compatible(side(14.5, -4.2, "ML", True), side(15.3, -1.6, "ML", False))


def test_far_apart_in_two_countries_is_never_one_happening_even_for_a_province():
    # a region of Mali and a department of Colombia
    assert not compatible(side(14.5, -4.2, "ML", True), side(5.7, -76.6, "CO", True))
    assert not compatible(side(14.5, -4.2, "ML", True), side(5.5, -76.9, "CO", False))


def test_near_each_other_across_a_border_may_be_one_happening():
    # Mwanza (Malawi) and Zobue (Mozambique) are a few kilometres apart
    assert compatible(side(-15.60, 34.52, "MW", False), side(-15.59, 34.41, "MZ", False))


def test_a_country_told_for_a_place_near_its_border_may_be_one_happening():
    # Mozambique's centre point and Mwanza in Malawi, at the border
    assert compatible(side(-18.25, 35.0, "MZ", True), side(-15.60, 34.52, "MW", False))


def test_days_apart_never_merge():
    assert not compatible(side(14.5, -4.2, "ML", False), side(14.5, -4.2, "ML", False, date(2025, 3, 20)))
