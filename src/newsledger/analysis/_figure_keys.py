"""The normalised key of a figure: what lets the ledger line up the same quantity across reports.

A key is ``<noun>:<kind>`` (or a bare ``<noun>`` / ``<kind>``), lower case, ASCII where the text
is:

- counts: ``<counted noun, plural>`` plus ``:<state>`` when the report says what state the
  counted things are in: ``hostages:held``, ``hostages:dead``, ``people:displaced``,
  ``trucks``. States: held (in captivity now), abducted (taken, whatever happened since),
  released, dead, injured, missing, displaced, evacuated, arrested, alive.
  A state stated without a noun counts people: "19 dead" → ``people:dead``; so do the nouns that
  are themselves a state: "51 deaths", "the death toll", "fatalities" → ``people:dead``;
  "the wounded", "injuries" → ``people:injured``.
- durations: ``<noun, singular>:duration`` ("a six-week pause" → ``pause:duration``), or
  ``duration``;
- money: ``<noun, singular>:money`` ("$2bn in aid" → ``aid:money``), or ``money``; the currency is
  the figure's unit, not part of the key (amounts in different currencies still line up);
- percentages: ``<noun, singular>:percent`` or ``percent``;
- measures: ``<noun, singular>:<unit>`` ("2,400 tonnes of flour" → ``flour:tonne``), or the unit.

Synonyms share a key: captives / abductees / hostage → hostages; lorries → trucks; persons /
individuals → people; truce / cease-fire → ceasefire; lull → pause; killed / died / dead /
death toll / deaths / fatalities / slain / drowned / executed → dead; wounded / injured / hurt /
injuries → injured; fled / uprooted / displaced → displaced; freed / released / handed over →
released, and for hostages returned / brought home → released; "the release of", "the deaths of",
"the evacuation of" N → released, dead, evacuated; detained / arrested → arrested; kidnapped / abducted / taken (hostages) → abducted.

What a key does not hold: the place, the holder or the date (those are other fields of the
figure and of its report), so "hostages:held" lines up "132 hostages held by Hamas" and "about
130 captives in Gaza" from different reports of different days; the ledger compares ``value``
and ``as_of`` within one key.
"""

from __future__ import annotations

# Counted nouns (plural) that name the same things.
COUNT_SYNONYMS = {
    "captives": "hostages", "abductees": "hostages", "hostage": "hostages",
    "lorries": "trucks", "lorry": "trucks", "truck": "trucks",
    "persons": "people", "individuals": "people", "person": "people",
    "kids": "children", "troops": "troops", "soldier": "soldiers",
}
# Nouns that are a state of people: "51 deaths", "the death toll", "the wounded".
STATE_NOUNS = {
    "dead": "dead", "deaths": "dead", "death": "dead", "fatalities": "dead", "toll": "dead",
    "killed": "dead", "wounded": "injured", "injured": "injured", "injuries": "injured",
    "missing": "missing", "displaced": "displaced",
}
# Nouns (singular) of durations, money, percentages and measures that name the same thing.
SINGULAR_SYNONYMS = {
    "truce": "ceasefire", "cease-fire": "ceasefire", "lull": "pause", "captive": "hostage",
    "abductee": "hostage", "lorry": "truck",
}
# Words (lemmas or forms) that state what happened to the counted things.
STATE_WORDS = {
    "hold": "held", "held": "held", "holding": "held", "captive": "held", "captivity": "held",
    "dead": "dead", "kill": "dead", "die": "dead", "killed": "dead", "died": "dead", "slay": "dead",
    "slain": "dead", "drown": "dead", "drowned": "dead", "execute": "dead", "perish": "dead",
    "wound": "injured", "injure": "injured", "wounded": "injured", "injured": "injured",
    "hurt": "injured",
    "missing": "missing", "unaccounted": "missing",
    "displace": "displaced", "displaced": "displaced", "flee": "displaced", "uproot": "displaced",
    "release": "released", "free": "released", "freed": "released", "released": "released",
    "alive": "alive",
    "arrest": "arrested", "arrested": "arrested", "detain": "arrested",
    "evacuate": "evacuated", "evacuated": "evacuated",
    "abduct": "abducted", "kidnap": "abducted",
}
# Nouns of an event that puts what "of" names in a state: "the release of 50 hostages".
NOMINAL_STATES = {
    "release": "released", "freeing": "released", "return": "released", "handover": "released",
    "killing": "dead", "killings": "dead", "death": "dead", "deaths": "dead", "execution": "dead",
    "evacuation": "evacuated", "abduction": "abducted", "kidnapping": "abducted",
    "arrest": "arrested", "detention": "held", "displacement": "displaced",
}
# Verbs that release only hostages: "33 captives returned", "bring home 25 hostages".
RETURNING_VERBS = frozenset({"return", "bring"})
# Verbs that abduct only when what they take is people held as hostages ("62 hostages were
# taken"), not "12 people were taken to hospital".
TAKING_VERBS = frozenset({"take", "seize", "snatch", "grab"})
HOSTAGE_NOUNS = frozenset({"hostages"})
# A state word negated turns into its opposite ("no longer alive").
NEGATED_STATE = {"alive": "dead", "dead": "alive"}

IRREGULAR_PLURALS = {"person": "people", "child": "children", "man": "men", "woman": "women"}
# Nouns whose plural is the word itself.
INVARIABLE = frozenset({"people", "staff", "police", "personnel", "crew", "cattle", "livestock",
                        "sheep", "aircraft", "militia", "media", "talks", "news"})


def plural(word: str, is_plural: bool) -> str:
    """A counted noun in the plural, so "one hostage" and "33 hostages" share a key."""
    low = word.lower()
    if is_plural or low in INVARIABLE or low.endswith("ese") or low in IRREGULAR_PLURALS.values():
        return low
    if low in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[low]
    if low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
        return low[:-1] + "ies"
    return low + ("es" if low.endswith(("s", "x", "ch", "sh")) else "s")


def singular(word: str) -> str:
    """A noun in the singular for the keys of durations, money, percentages and measures."""
    low = word.lower()
    for sing, plur in IRREGULAR_PLURALS.items():
        if low == plur:
            return sing
    if low in INVARIABLE or low.endswith(("ss", "us", "is", "ese")) or len(low) <= 3:
        return low
    if low.endswith("ies"):
        return low[:-3] + "y"
    if low.endswith(("ches", "shes", "xes", "sses")):
        return low[:-2]
    return low[:-1] if low.endswith("s") else low


def count_noun(plural_noun: str) -> tuple[str, str | None]:
    """(canonical plural noun, state the noun itself carries) for a counted noun."""
    for form in (plural_noun, singular(plural_noun)):
        if form in STATE_NOUNS:
            return "people", STATE_NOUNS[form]
    return COUNT_SYNONYMS.get(plural_noun, plural_noun), None


def figure_key(noun: str | None, unit: str | None, state: str | None, unit_kind: str | None) -> str | None:
    """The key of a figure. ``noun`` as written (lower case), ``unit_kind`` one of None (a count),
    "duration", "money", "percent", "measure" (then ``unit`` names the measure)."""
    if unit_kind is not None:
        kind = unit if unit_kind == "measure" else unit_kind
        if noun is None:
            return kind
        if noun in STATE_NOUNS and noun not in ("missing", "displaced"):  # "the death toll rose 12 percent"
            noun = "people"
        noun = singular(noun)
        return f"{SINGULAR_SYNONYMS.get(noun, noun)}:{kind}"
    if noun is None:
        return f"people:{state}" if state else None
    noun, own_state = count_noun(noun)
    state = state or own_state
    return f"{noun}:{state}" if state else noun
