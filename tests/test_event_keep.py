"""The learned event filter (analysis/_event_keep.py): its shipped model, its features, and the
events it keeps and drops."""

from __future__ import annotations

import json
from importlib import resources

from newsledger.analysis import _event_keep, dates, events
from newsledger.analysis._chooser import Model
from newsledger.language import parse
from newsledger.record import Article, Entity, Place, Record, Span

TEXT = ("Gunmen attacked a police post in Karvo on Monday, killing four officers, the governor said. "
        "The attack was the third in the district this month. "
        "Residents said they feared the gunmen could return.")


def _record(text: str = TEXT) -> tuple[Record, object]:
    record = Record(input="t", article=Article(body=text, published="2024-05-08"))
    if "Karvo" in text:
        at = text.index("Karvo")
        record.places.append(Place(name="Karvo", lat=1.0, lon=2.0, geonameid=1, country="XX",
                                   mentions=[Span(start=at, end=at + 5, text="Karvo")]))
        at = text.index("the governor")
        record.entities.append(Entity(id="e0", name="governor", type="PERSON",
                                      mentions=[Span(start=at + 4, end=at + 12, text="governor")]))
    doc = parse(text)
    dates.annotate(doc, record)
    return record, doc


def test_the_shipped_model_matches_the_code_and_was_chosen_by_cross_validation():
    data = json.loads((resources.files("newsledger") / "data" / "events" / "keep_model.json").read_text())
    assert tuple(data["features"]) == _event_keep.FEATURES
    assert 0.0 <= data["threshold"] < 1.0
    # it was kept because it beat keeping every event over the left-out writers
    assert data["cv_f1"] > data["keep_all_f1"]
    assert _event_keep.shipped() is not None


def test_features_say_what_they_read():
    record, doc = _record()
    _event_keep.shipped.cache_clear()
    record.events = events.find_events(doc, record)
    rows = _event_keep.rows(doc, record)
    assert len(rows) == len(record.events) >= 2
    names = _event_keep.FEATURES
    first = dict(zip(names, rows[0]))
    assert first["type_ASSAULT"] == 1.0 and first["first_sentence"] == 1.0 and first["has_fatalities"] == 1.0
    assert first["log_same_type_before"] == 0.0
    later = [dict(zip(names, r)) for r, e in zip(rows, record.events) if e.evidence.start > 0 and e.type == "ASSAULT"]
    assert later and later[0]["log_same_type_before"] > 0.0 and later[0]["first_sentence"] == 0.0


def test_events_below_the_threshold_are_left_out_and_the_rest_kept_in_order():
    record, doc = _record()
    record.events = events.find_events(doc, record)
    n = len(record.events)
    # a model that only likes first sentences
    weights = tuple(5.0 if f == "first_sentence" else 0.0 for f in _event_keep.FEATURES)
    model = Model(mean=(0.0,) * len(weights), scale=(1.0,) * len(weights), weights=weights, bias=-2.5, threshold=0.5)
    kept = _event_keep.infer(doc, record, model)
    assert kept and len(kept) < n
    assert all(e.evidence.start == 0 for e in kept)
    assert kept == [e for e in record.events if e.evidence.start == 0]
    # a threshold of 0 keeps every event
    assert _event_keep.infer(doc, record, Model(model.mean, model.scale, weights, -2.5, 0.0)) == record.events


def test_no_events_no_work():
    record, doc = _record("Nothing happened here.")
    assert _event_keep.infer(doc, record) == []
