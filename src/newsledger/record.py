"""The record: what newsledger says about one news report.

This module is the only contract between the pipeline's stages and with users
(see ``docs/record-contract.md`` in the shared folder). Field names of the contract
are fixed; fields added here beyond it are marked "(extension)".

Offsets (``start``, ``end``) always index ``Article.body`` (Python string offsets,
end exclusive). Unknown values are ``None``, never a guess.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "OTHER"]
MediaKind = Literal["image", "slideshow", "video", "audio", "graphic"]
QuoteKind = Literal["direct", "indirect", "mixed"]
EventStatus = Literal["asserted", "planned", "hypothetical", "negated", "denied"]
DatePrecision = Literal["day", "days", "week", "month", "year", "unknown"]
# (contract v2) the kinds of actor: ACLED's eight interaction classes and the non-violent actors.
ACTOR_KINDS: tuple[str, ...] = (
    "government", "legislature", "judiciary", "state forces", "police", "rebel group",
    "political militia", "identity militia", "protesters", "rioters", "civilians",
    "political party", "NGO", "international organisation", "media", "business", "religious", "person",
)
ActorKind = Literal[
    "government", "legislature", "judiciary", "state forces", "police", "rebel group",
    "political militia", "identity militia", "protesters", "rioters", "civilians",
    "political party", "NGO", "international organisation", "media", "business", "religious", "person",
]

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
PloverType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]

ACLED_SUB_EVENT_TYPES: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}


class _Model(BaseModel):
    # Forbid unknown fields so a typo in a stage fails loudly in tests instead of
    # silently dropping data from the record.
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Evidence(_Model):
    """The sentence (or passage) of the body that supports an item."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Byline(_Model):
    name: str
    location: str | None = None


class Media(_Model):
    kind: MediaKind
    caption: str | None = None
    description: str | None = None
    credit: str | None = None
    # (contract v2, additive) the credit read as who holds the picture and who took it:
    # "Reuters/Jane Doe" → agency "Reuters", photographer "Jane Doe"; either may be null.
    agency: str | None = None
    photographer: str | None = None


class Article(_Model):
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    language: str | None = None
    copyright: str | None = None
    published: str | None = Field(
        default=None, description="ISO date (YYYY-MM-DD) or datetime; null when unknown"
    )
    byline: list[Byline] = Field(default_factory=list)
    body: str = ""
    media: list[Media] = Field(default_factory=list)
    comments_enabled: bool | None = None
    # (extension) where `published` came from: "argument", "page", "text", "weekday" (a dateline's
    # month and day, its year the one in which the day falls on the weekday the lead names: a
    # guess that a date the caller gives replaces), or None.
    published_source: str | None = None
    # (extension) "html" or "text": what the input was read as.
    source_format: str | None = None
    # (extension) where the page says the report was written, from its dateline or
    # place-and-date line ("Nairobi, 23 June 2025" → "Nairobi"), whatever the byline; null if none.
    dateline: str | None = None


class Entity(_Model):
    id: str
    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)
    # (extension) organisation or country the entity is affiliated with, when stated.
    affiliation: str | None = None
    # (contract v2) filled by the actors step (see Ref): canonical name, country, kind, a
    # person's role, and the key across reports.
    canonical: str | None = None
    country: str | None = None
    kind: ActorKind | None = None
    role: str | None = None
    key: str | None = None


class Speaker(_Model):
    name: str | None = None
    entity_id: str | None = None
    mention: str | None = None
    start: int | None = None
    end: int | None = None
    # (contract v2) the actor as an analyst codes it, filled by the actors step: the canonical
    # name ("Rapid Support Forces" for "the paramilitaries"), the actor's own country (ISO 3166-1
    # alpha-3), its kind (see ACTOR_KINDS), and for a person the role and the body they belong to.
    canonical: str | None = None
    country: str | None = None
    kind: ActorKind | None = None
    role: str | None = None
    affiliation: str | None = None
    # (extension) the actor's key across reports ("t:rsf", "t:ISR.military", "p:john kirby");
    # null when the report does not tell this actor apart from others of the same name.
    key: str | None = None


class Quote(_Model):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    kind: QuoteKind
    cue: str | None = None
    speaker: Speaker = Field(default_factory=Speaker)


class Ref(_Model):
    """A reference to an actor, target or source: a name and, when known, its entity."""

    name: str
    entity_id: str | None = None
    # (contract v2) the actor as an analyst codes it, filled by the actors step for event actors and targets: the canonical
    # name ("Rapid Support Forces" for "the paramilitaries"), the actor's own country (ISO 3166-1
    # alpha-3), its kind (see ACTOR_KINDS), and for a person the role and the body they belong to.
    canonical: str | None = None
    country: str | None = None
    kind: ActorKind | None = None
    role: str | None = None
    affiliation: str | None = None
    # (extension) the actor's key across reports ("t:rsf", "t:ISR.military", "p:john kirby");
    # null when the report does not tell this actor apart from others of the same name.
    key: str | None = None


class PlaceRef(_Model):
    name: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    country: str | None = None
    # (contract v2) GeoNames feature class and code ("P.PPL", "A.ADM1"), as on the place.
    feature: str | None = None


class Acled(_Model):
    event_type: str
    sub_event_type: str


class Event(_Model):
    type: PloverType
    mode: str | None = None
    acled: Acled | None = None
    actor: Ref | None = None
    target: Ref | None = None
    place: PlaceRef | None = None
    date: str | None = None
    date_text: str | None = None
    # (contract v2) how far ``date`` can be trusted, and the first and last day the event can
    # lie in (either end null when only one side is bounded: an undated event told in the past
    # tense lies before its report's date, and nothing more is known).
    date_precision: DatePrecision | None = None
    date_range: list[str | None] | None = None
    # (contract v2) ACLED's geo_precision: 1 the place itself, 2 near it or a part of it,
    # 3 only a province, region or country known.
    geo_precision: Literal[1, 2, 3] | None = None
    status: EventStatus = "asserted"
    fatalities: int | None = None
    source: Ref | None = None
    evidence: Evidence
    # (extension) the trigger word, e.g. "sent", "accepted".
    trigger: str | None = None
    # (extension) the report's other sentences that tell this same happening, folded into it
    # ("gunmen attacked the market on Tuesday" ... "the attack killed 12"): one event per
    # happening, with every sentence that tells it.
    tellings: list[Evidence] = Field(default_factory=list)


class Place(_Model):
    name: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    country: str | None = None
    feature: str | None = None
    mentions: list[Span] = Field(default_factory=list)


class Figure(_Model):
    value: float
    unit: str | None = None
    what: str | None = None
    text: str
    approximate: bool = False
    qualifier: str | None = None
    source: Ref | None = None
    hedged: bool = False
    as_of: str | None = None
    evidence: Evidence
    # (extension) asserted / hypothetical (inside a proposal or conditional).
    status: EventStatus = "asserted"
    # (extension) normalised key for lining up the same quantity across reports.
    key: str | None = None


class DateMention(_Model):
    """(extension) A date expression in the body, resolved against the report's date."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    value: str | None = None  # ISO date, or None when it cannot be resolved
    granularity: Literal["day", "month", "year", "week", "range"] | None = None


class Record(_Model):
    input: str
    article: Article = Field(default_factory=Article)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    # (extension) date expressions found in the body, each resolved when possible.
    dates: list[DateMention] = Field(default_factory=list)
    # (extension) the version of this schema and of newsledger that wrote the record.
    schema_version: str = SCHEMA_VERSION
    newsledger_version: str | None = None


class Failure(_Model):
    """A failed input: keeps its line in jsonl output so lines stay in input order."""

    input: str
    error: str


def json_schema() -> dict:
    """The JSON Schema of the record, as printed by ``newsledger schema``."""
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "newsledger record"
    return schema
