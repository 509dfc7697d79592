"""A record as table rows: the columns of each item table, and flat dicts for export."""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from newsledger.record import Entity, Event, Figure, Place, Quote


def to_json(model: BaseModel) -> str:
    return json.dumps(model.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))


def _entity(e: Entity) -> dict[str, Any]:
    return {"entity_id": e.id, "name": e.name, "type": e.type,
            "roles": "; ".join(e.roles) or None, "mention_count": len(e.mentions)}


def _quote(q: Quote) -> dict[str, Any]:
    return {"text": q.text, "kind": q.kind, "cue": q.cue, "speaker_name": q.speaker.name,
            "speaker_entity_id": q.speaker.entity_id, "start": q.start, "end": q.end}


def _event(e: Event) -> dict[str, Any]:
    return {
        "type": e.type,
        "acled_event_type": e.acled.event_type if e.acled else None,
        "acled_sub_event_type": e.acled.sub_event_type if e.acled else None,
        "actor_name": e.actor.name if e.actor else None,
        "target_name": e.target.name if e.target else None,
        "place_name": e.place.name if e.place else None,
        "lat": e.place.lat if e.place else None,
        "lon": e.place.lon if e.place else None,
        "date": e.date, "status": e.status, "fatalities": e.fatalities,
        "source_name": e.source.name if e.source else None,
        "evidence_text": e.evidence.text,
    }


def _place(p: Place) -> dict[str, Any]:
    return {"name": p.name, "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid,
            "country": p.country, "feature": p.feature, "mention_count": len(p.mentions)}


def _figure(f: Figure) -> dict[str, Any]:
    return {"value": f.value, "unit": f.unit, "what": f.what, "text": f.text,
            "qualifier": f.qualifier, "approximate": int(f.approximate), "hedged": int(f.hedged),
            "source_name": f.source.name if f.source else None, "as_of": f.as_of, "key": f.key}


ITEM_MODELS: dict[str, type[BaseModel]] = {
    "entities": Entity, "quotes": Quote, "events": Event, "places": Place, "figures": Figure,
}

# table name -> (record attribute, item -> column values)
ITEM_COLUMNS: dict[str, tuple[str, Callable[[Any], dict[str, Any]]]] = {
    "entities": ("entities", _entity),
    "quotes": ("quotes", _quote),
    "events": ("events", _event),
    "places": ("places", _place),
    "figures": ("figures", _figure),
}


def flatten(value: Any, prefix: str = "", out: dict[str, Any] | None = None) -> dict[str, Any]:
    """Nested dicts become ``a_b`` keys; lists of scalars a "; "-joined string; lists of
    objects stay as JSON text (so every value fits a CSV cell)."""
    out = {} if out is None else out
    if isinstance(value, dict):
        for key, inner in value.items():
            flatten(inner, f"{prefix}_{key}" if prefix else key, out)
    elif isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            out[prefix] = "; ".join(str(v) for v in value) if value else None
        else:
            out[prefix] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    else:
        out[prefix] = value
    return out


@lru_cache(maxsize=None)
def flat_keys(model: type[BaseModel], prefix: str = "") -> tuple[str, ...]:
    """Every key :func:`flatten` can give for ``model``, in field order: nested models
    (``actor`` -> ``actor_name``, ``actor_entity_id``) expanded even when they are None,
    so every row of an export has the same columns (a CSV needs that)."""
    keys: list[str] = []
    for name, field in model.model_fields.items():
        key = f"{prefix}_{name}" if prefix else name
        nested = _model_in(field.annotation)
        keys.extend(flat_keys(nested, key) if nested else (key,))
    return tuple(keys)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class in ``Model`` or ``Model | None``; None for anything else (lists too)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        models = [a for a in typing.get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
        return models[0] if len(models) == 1 else None
    return None


def flat_row(model: type[BaseModel], item: dict[str, Any], out: dict[str, Any]) -> dict[str, Any]:
    """``out`` followed by the item flattened onto the fixed keys of ``model``."""
    flat = flatten(item)
    for key in flat_keys(model):
        out[key] = flat.get(key)
    return out
