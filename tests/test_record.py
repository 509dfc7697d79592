import json

import pytest
from pydantic import ValidationError

from newsledger.record import ACLED_SUB_EVENT_TYPES, Article, Record, json_schema

CONTRACT_FIELDS = {
    "record": {"input", "article", "entities", "quotes", "events", "places", "figures"},
    "Article": {"title", "url", "publisher", "language", "copyright", "published", "byline", "body", "media", "comments_enabled"},
    "Entity": {"id", "name", "type", "aliases", "roles", "mentions"},
    "Quote": {"text", "start", "end", "kind", "cue", "speaker"},
    "Speaker": {"name", "entity_id", "mention", "start", "end"},
    "Event": {"type", "mode", "acled", "actor", "target", "place", "date", "date_text", "status", "fatalities", "source", "evidence"},
    "Place": {"name", "lat", "lon", "geonameid", "country", "feature", "mentions"},
    "Figure": {"value", "unit", "what", "text", "approximate", "qualifier", "source", "hedged", "as_of", "evidence"},
}


def test_schema_has_every_contract_field():
    schema = json_schema()
    assert CONTRACT_FIELDS["record"] <= set(schema["properties"])
    for name, fields in CONTRACT_FIELDS.items():
        if name == "record":
            continue
        assert fields <= set(schema["$defs"][name]["properties"]), name


def test_record_round_trips_through_json():
    record = Record(input="x.txt", article=Article(body="Hello.", published="2024-05-07"))
    again = Record.model_validate_json(record.model_dump_json())
    assert again == record
    assert json.loads(record.model_dump_json())["article"]["published"] == "2024-05-07"


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        Article(body="x", bodyy="typo")


def test_acled_sub_event_types_are_the_codebooks_25():
    assert len(ACLED_SUB_EVENT_TYPES) == 25
    assert set(ACLED_SUB_EVENT_TYPES.values()) == {
        "Battles", "Explosions/Remote violence", "Violence against civilians",
        "Protests", "Riots", "Strategic developments",
    }
