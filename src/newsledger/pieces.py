"""A long body analysed a piece at a time, the pieces' findings joined into one record.

Parsing and analysing a whole body at once grows faster than its length (spaCy refuses over a
million characters; some analyses look across every sentence). A body over
``Settings.chunk_chars`` is cut into adjacent paragraph groups
(:func:`newsledger.language.cut_points`); each is analysed as the body of a copy of the article,
so time grows with the length and memory stays that of one piece. The findings are then joined:

- every offset (spans, quotes, speakers, evidence, dates) is shifted by the piece's start, so it
  indexes ``article.body`` as the record requires;
- an entity found in several pieces (same name and type) becomes one entity with all its
  mentions, and every reference to it (speakers, actors, targets, sources) is renamed;
- a place found in several pieces (same name and GeoNames id) becomes one place.

Nothing links across pieces beyond that (a pronoun at the start of a piece does not reach a name
in the one before), the price of bounded work on texts no news report comes near.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from newsledger.language import cut_points
from newsledger.record import Entity, Place, Record


def analyse_in_pieces(record: Record, analyse_piece: Callable[[Record], Record], limit: int) -> Record:
    """``record`` with the findings of ``analyse_piece`` over each piece of its body."""
    body = record.article.body
    points = cut_points(body, limit)
    entities: dict[tuple[str, str], Entity] = {}
    places: dict[tuple[str, int | None], Place] = {}
    for start, end in zip(points, points[1:]):
        article = record.article.model_copy(update={"body": body[start:end]})
        piece = analyse_piece(Record(input=record.input, article=article))
        _shift(piece, start)
        renamed = {}
        for entity in piece.entities:
            key = (entity.type, entity.name)
            kept = entities.get(key)
            if kept is None:
                kept = entities[key] = entity.model_copy(update={"id": f"e{len(entities) + 1}"})
            else:
                _join(kept, entity)
            renamed[entity.id] = kept.id
        _rename_entities(piece, renamed)
        for place in piece.places:
            key = (place.name, place.geonameid)
            if key in places:
                places[key].mentions.extend(place.mentions)
            else:
                places[key] = place
        record.quotes.extend(piece.quotes)
        record.events.extend(piece.events)
        record.figures.extend(piece.figures)
        record.dates.extend(piece.dates)
    record.entities = list(entities.values())
    record.places = list(places.values())
    return record


def _join(kept: Entity, other: Entity) -> None:
    kept.mentions.extend(other.mentions)
    kept.aliases.extend(a for a in other.aliases if a not in kept.aliases)
    kept.roles.extend(r for r in other.roles if r not in kept.roles)
    if kept.affiliation is None:
        kept.affiliation = other.affiliation


def _shift(model: BaseModel, by: int) -> None:
    """Adds ``by`` to every ``start`` / ``end`` offset in ``model`` and the models it holds."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in ("start", "end") and isinstance(value, int):
            setattr(model, name, value + by)
        elif isinstance(value, BaseModel):
            _shift(value, by)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    _shift(item, by)


def _rename_entities(model: BaseModel, renamed: dict[str, str]) -> None:
    """Every ``entity_id`` in ``model`` (speakers, actors, targets, sources) under its new id."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name == "entity_id" and value is not None:
            setattr(model, name, renamed.get(value, value))
        elif isinstance(value, BaseModel):
            _rename_entities(value, renamed)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    _rename_entities(item, renamed)
