"""figures: the quantities a report states ("132 hostages", "$1.5bn", "a six-week pause").

Conventions (what a user of the record can rely on):

- ``value``: the number as written, scaled ("1mn" → 1000000, "3.5 million" → 3500000, "half a
  million" → 500000). Vague multiples take the least the words imply and set ``approximate``:
  "dozens", "several dozen", "a few dozen" → 24; "scores" → 40; "hundreds", "several hundred" →
  200; "thousands" → 2000; "tens of thousands" → 20000; "hundreds of thousands" → 200000. A range
  ("10-15", "between 10 and 15", "10 to 15") gives its lower bound with qualifier "between".
- ``unit``: None for counts of things or people (``what`` says what is counted); a duration's unit
  ("hour", "day", "week", "month", "year", ...); an ISO 4217 code for money ("USD", "GBP", "EUR",
  "ILS", "JPY"); "percent"; a measure ("km", "mile", "tonne", "kg", "litre", "barrel").
- ``what``: the counted noun with its modifiers as written ("displaced Palestinians"), plus the
  holder when the sentence says who holds them ("hostages held by Hamas"), or the state of a part
  ("dead miners held by the gang" for "nine of them are dead"). With no noun after the number, the
  thing measured: the subject of "rose to / reached / was / lasted" ("the death toll", "the
  blockade"), "the number of X" of "put the number of X at N", "X" of "a crowd of N", "cost of X"
  for "X cost N", the noun of an earlier figure of the sentence ("three soldiers were killed and
  eight injured" → soldiers), a state word ("19 dead"). Else None.
- ``qualifier``: as written, lower case: "more than", "at least", "up to", "nearly", "about",
  "almost", "over", "fewer than", "less than", "around", "roughly", "some", "as many as",
  "close to", "an estimated", "between" (ranges), ... ("over six weeks" is a preposition, not a
  qualifier). ``approximate`` is true for about/around/roughly/approximately/some/an estimated and
  for vague multiples; bounds (more than, nearly, up to) are not approximate.
- ``hedged``: the figure sits under believe/estimate/think/fear/suspect (above it, or "..., X
  estimates" after it), "could/may/might", reportedly/allegedly/possibly/probably/likely, or is
  "an estimated" N.
- ``status``: "hypothetical" under "would"/"if"/"unless", inside a proposal, plan, deal, offer or
  demand that is not reported as done ("the proposal includes a six-week pause", but "the deal
  freed 2 hostages" is asserted), or under a verb of demanding or proposing ("pushing for a
  72-hour truce"); "planned" under "will"/"shall" or "plans/intends/is due to"; else "asserted".
  A verbless aside between commas ("Rafah, home to 1mn people, ...") is asserted whatever governs
  the sentence.
- ``as_of``: the report's date (``article.published``, date part) for asserted figures in the
  present tense or in a verbless aside; else None.
- ``source``: the speaker of the quote that covers the figure; else the subject of a verb of
  saying or believing that governs it ("Israeli officials say ..."), or that comments on its clause
  ("..., Unicef estimates"; "..., the military said, and ..." covers only the clause before the
  "and"), or "according to X", or the subject of a verb that reports the count as its object
  ("the ministry reported 51 deaths", but not "Japan announced ¥10bn": an announcement of money is
  an act, not a report of a count); pronouns give None; an aside has none.
- ``key``: see :mod:`newsledger.analysis._figure_keys` ("hostages:held", "people:dead",
  "pause:duration", "aid:money").

Not figures: dates, years, clock times, ages ("aged 12", "12-year-old", "12 years old", "Sam
Ortiz, 52,", "children under 5", "in his 60s"), ordinals, phone-like numbers, list numbering,
labels after a capitalised word ("Resolution 2728", "Route 4", "Boeing 737"), "one of ...", "one"
as a pronoun or after a preposition ("at one point"), number words after "the" that refer rather
than report ("the two sides"), time offsets ("two weeks ago") and time windows ("in the past 24
hours", "in the first two days"), hyphenated attributes ("a 12-storey tower").
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy
from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc, Span, Token

from newsledger.analysis._figure_keys import (
    HOSTAGE_NOUNS, NEGATED_STATE, NOMINAL_STATES, RETURNING_VERBS, STATE_NOUNS, STATE_WORDS, TAKING_VERBS,
    count_noun, figure_key, plural,
)
from newsledger.analysis._reporting import REPORTING_VERBS
from newsledger.analysis._spans import entity_at, evidence, text_of, token_mask
from newsledger.record import Figure, Record, Ref

# ---------------------------------------------------------------- vocabularies

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
               "trillion": 1_000_000_000_000, "dozen": 12}
SCALE_SUFFIX = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "tr": 1e12}
FRACTIONS = {"half": 0.5, "quarter": 0.25}  # "half a million", "a quarter of a million"
# Vague plural multiples: the least they imply is two of the unit ("dozens" ≥ 24).
VAGUE_PLURALS = {"dozens": 24, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000,
                 "billions": 2_000_000_000, "scores": 40, "tens": 20}
VAGUE_MULTIPLIERS = frozenset({"several", "few", "many"})
NUMBER_RE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(k|m|mn|mln|bn|b|tn|tr)?$", re.I)
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "₪": "ILS", "¥": "JPY"}
CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "pound": "GBP", "pounds": "GBP", "euro": "EUR",
                  "euros": "EUR", "shekel": "ILS", "shekels": "ILS", "yen": "JPY"}
TIME_UNITS = {"second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week",
              "month": "month", "year": "year", "decade": "decade"}
MEASURE_UNITS = {"km": "km", "kilometre": "km", "kilometer": "km", "mile": "mile", "metre": "m",
                 "meter": "m", "tonne": "tonne", "ton": "tonne", "kg": "kg", "kilogram": "kg",
                 "litre": "litre", "liter": "litre", "barrel": "barrel", "acre": "acre",
                 "hectare": "hectare", "square": "square"}
PERCENT_WORDS = frozenset({"%", "percent", "per cent", "pc"})
MONTHS = frozenset("january february march april may june july august september october november "
                   "december jan feb mar apr jun jul aug sep sept oct nov dec".split())
TIME_OFFSET_WORDS = frozenset({"ago", "earlier", "later", "old"})
# "in the past 24 hours", "in the first two days": a window of time, not a reported duration.
TIME_WINDOW_WORDS = frozenset({"past", "last", "next", "previous", "coming", "first", "final",
                               "following", "preceding"})
# Rates after money: "$30 million a month", "200 trucks a day".
STREET_WORDS = frozenset({"street", "st", "road", "rd", "avenue", "ave", "lane", "boulevard",
                          "square", "drive", "way"})
RATE_WORDS = frozenset({"a", "an", "per", "each", "every"})
PEOPLE_NOUNS = frozenset({"children", "kids", "people", "adults", "men", "women", "boys", "girls",
                          "those", "anyone", "babies", "infants"})

QUALIFIERS = [  # longest first
    ("as many as", False), ("more than", False), ("fewer than", False), ("less than", False),
    ("at least", False), ("at most", False), ("up to", False), ("close to", False),
    ("an estimated", True), ("no more than", False), ("just over", False), ("just under", False),
    ("nearly", False), ("almost", False), ("about", True), ("around", True), ("roughly", True),
    ("approximately", True), ("some", True), ("over", False), ("under", False), ("upwards of", False),
]
_QUALIFIER_WORDS = [(phrase, approx, phrase.split()) for phrase, approx in QUALIFIERS]
_QUALIFIER_MAX_WORDS = max(len(words) for _, _, words in _QUALIFIER_WORDS)
HEDGE_VERBS = frozenset({"believe", "estimate", "think", "fear", "suspect", "suggest", "expect", "assume"})
HEDGE_AUX = frozenset({"could", "may", "might"})
HEDGE_ADVERBS = frozenset({"reportedly", "allegedly", "possibly", "probably", "likely", "perhaps",
                           "apparently", "purportedly", "supposedly"})
HYPOTHETICAL_AUX = frozenset({"would"})
FUTURE_AUX = frozenset({"will", "shall", "'ll"})
CONDITIONAL_MARKS = frozenset({"if", "unless"})
PROPOSAL_NOUNS = frozenset({"proposal", "plan", "deal", "offer", "draft", "framework", "proposals",
                            "plans", "deals", "offers", "calls", "demand", "demands", "initiative"})
# Verbs by which a proposal states its content: "the offer included a pause" is not an outcome,
# whatever the tense.
CONTENT_VERBS = frozenset({"include", "envisage", "envision", "propose", "provide", "foresee",
                           "contain", "see", "stipulate", "involve", "offer", "require", "call",
                           "set", "outline", "allow"})
# Verbs whose object is something wanted, not something done: "pushing for a 72-hour truce".
DEMAND_VERBS = frozenset({"demand", "propose", "urge", "seek", "push", "press", "call", "want",
                          "ask", "request", "suggest", "offer"})
# ... those that demand only with "for": "calls for a truce", not "called up 360,000 reservists".
FOR_DEMAND_VERBS = frozenset({"call", "push", "press", "ask"})
PLAN_VERBS = frozenset({"plan", "intend", "aim", "schedule", "due", "set", "expect", "prepare"})
SAYING_VERBS = frozenset({"say", "tell", "report", "announce", "state", "claim", "estimate", "add",
                          "note", "confirm", "believe", "insist", "warn", "allege", "tally",
                          "count", "put", "show", "record", "think", "fear", "suspect", "find",
                          "register", "document", "warn", "write", "explain"})
# Saying verbs whose direct object is a count they report ("the ministry reported 51 deaths");
# the others attribute only what is inside their clause.
COUNTING_VERBS = frozenset({"report", "record", "count", "tally", "estimate", "put", "register",
                            "document", "confirm", "claim", "find"})
# Verbs that say how large their subject is: "the death toll rose to 312", "the blockade lasted".
MEASURED_VERBS = frozenset({"be", "rise", "reach", "climb", "stand", "last", "go", "hit", "fall",
                            "jump", "drop", "total", "top", "exceed", "remain", "surpass",
                            "increase", "decrease", "grow", "soar", "continue", "cost"})
COUNT_FRAME_NOUNS = frozenset({"number", "figure", "total", "tally", "count"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who", "this", "that", "which"})


class _Number(NamedTuple):
    start: int  # token index of the first token of the number phrase (qualifier excluded)
    end: int  # token index after the number phrase
    value: float
    approximate: bool
    currency: str | None
    range_low: bool  # a range: value is its lower bound


class _Counted(NamedTuple):
    what: str | None
    noun: str | None  # the counted noun as written (lower case) for the key
    is_plural: bool
    state: str | None
    end: int  # token index after the figure's words


# ---------------------------------------------------------------- numbers

def _word_number(words: list[str]) -> float | None:
    """'three hundred and forty', 'a million', 'two dozen' → value; None if not all number words."""
    total, current, seen = 0.0, 0.0, False
    for w in words:
        if w in ("and", "-"):
            continue
        if w in ("a", "an"):
            current = current or 1
            continue
        if w in UNITS_WORDS:
            current += UNITS_WORDS[w]
            seen = True
        elif w in SCALE_WORDS:
            scale = SCALE_WORDS[w]
            current = (current or 1) * scale
            seen = True
            if scale >= 1000:
                total, current = total + current, 0.0
        else:
            return None
    return total + current if seen else None


def _digits(text: str) -> float | None:
    m = NUMBER_RE.match(text)
    if not m:
        return None
    value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
    if m.group(3):
        value *= SCALE_SUFFIX[m.group(3).lower()]
    return value


def _is_number_token(t: Token) -> bool:
    low = t.lower_
    return (_digits(t.text) is not None or low in UNITS_WORDS or low in SCALE_WORDS
            or low in VAGUE_PLURALS)


def _starts_number(t: Token) -> bool:
    low = t.lower_
    return (_is_number_token(t) or low in CURRENCY_SYMBOLS or low in VAGUE_MULTIPLIERS
            or low in FRACTIONS)


def _number_starts(doc: Doc) -> "numpy.ndarray":
    """Per token: ``_starts_number(t) or t.lower_ == "tens"``, each distinct spelling tested once."""
    if not len(doc):
        return numpy.zeros(0, dtype=bool)
    by_text = token_mask(doc, ORTH, lambda text: _digits(text) is not None, _NUMBER_TEXTS)
    by_lower = token_mask(doc, LOWER, lambda low: (
        low in UNITS_WORDS or low in SCALE_WORDS or low in VAGUE_PLURALS or low in CURRENCY_SYMBOLS
        or low in VAGUE_MULTIPLIERS or low in FRACTIONS or low == "tens"), _NUMBER_WORDS)
    return by_text | by_lower


# The verdicts of _number_starts' two tests by string hash, across reports (each depends on
# the string alone).
_NUMBER_TEXTS: dict[int, bool] = {}
_NUMBER_WORDS: dict[int, bool] = {}


def _read_fraction(doc: Doc, i: int, start: int, currency: str | None) -> _Number | None:
    """'half a million', 'a quarter of a million'."""
    n = len(doc)
    j = i + 1
    if j < n and doc[j].lower_ == "of":
        j += 1
    if j + 1 < n and doc[j].lower_ in ("a", "an") and doc[j + 1].lower_ in SCALE_WORDS:
        if start == i and i > 0 and doc[i - 1].lower_ in ("a", "an"):
            start = i - 1
        return _Number(start, j + 2, FRACTIONS[doc[i].lower_] * SCALE_WORDS[doc[j + 1].lower_], False, currency, False)
    return None


def _read_number(doc: Doc, i: int) -> _Number | None:
    """The number phrase starting at token i (currency sign and vague multipliers included)."""
    n = len(doc)
    start = i
    currency = None
    approximate = False
    low = doc[i].lower_
    if low in CURRENCY_SYMBOLS and i + 1 < n:
        currency = CURRENCY_SYMBOLS[low]
        i += 1
    if doc[i].lower_ in FRACTIONS:
        return _read_fraction(doc, i, start, currency)
    # "several dozen", "a few hundred", "tens of thousands"
    if doc[i].lower_ in VAGUE_MULTIPLIERS and i + 1 < n and doc[i + 1].lower_ in SCALE_WORDS:
        unit = SCALE_WORDS[doc[i + 1].lower_]
        return _Number(start, i + 2, 2 * unit, True, currency, False)
    if doc[i].lower_ == "tens" and i + 2 < n and doc[i + 1].lower_ == "of" and doc[i + 2].lower_ in VAGUE_PLURALS:
        return _Number(start, i + 3, 10 * VAGUE_PLURALS[doc[i + 2].lower_], True, currency, False)
    if doc[i].lower_ in VAGUE_PLURALS:
        end = i + 1
        # "hundreds of thousands"
        if end + 1 < n and doc[end].lower_ == "of" and doc[end + 1].lower_ in VAGUE_PLURALS:
            return _Number(start, end + 2, VAGUE_PLURALS[doc[i].lower_] / 2 * VAGUE_PLURALS[doc[end + 1].lower_], True, currency, False)
        return _Number(start, end, VAGUE_PLURALS[doc[i].lower_], True, currency, False)
    value = _digits(doc[i].text)
    j = i + 1
    if value is not None:
        # "3.5 million", "1.5 bn"
        while j < n and (doc[j].lower_ in SCALE_WORDS or doc[j].lower_ in SCALE_SUFFIX) and doc[j].lower_ != "dozen":
            value *= SCALE_WORDS.get(doc[j].lower_) or SCALE_SUFFIX[doc[j].lower_]
            j += 1
    else:
        words: list[str] = []
        j = i
        while j < n:
            low = doc[j].lower_
            if low in UNITS_WORDS or low in SCALE_WORDS:
                words.append(low)
            elif low in ("and", "-") and words and j + 1 < n and doc[j + 1].lower_ in UNITS_WORDS:
                words.append(low)
            else:
                break
            j += 1
        if not words:
            return None
        # "a dozen", "a million"
        if start > 0 and doc[start - 1].lower_ in ("a", "an") and words[0] in SCALE_WORDS and currency is None:
            start -= 1
        value = _word_number(words)
        if value is None:
            return None
    # ranges: "10-15", "10 to 15"
    range_low = False
    between = start > 0 and doc[start - 1].lower_ == "between"
    if j + 1 < n and (doc[j].text in ("-", "–", "to") or (between and doc[j].lower_ == "and")) and _digits(doc[j + 1].text) is not None and _digits(doc[i].text) is not None:
        j += 2
        range_low = True
    return _Number(start, j, value, approximate, currency, range_low)


# ---------------------------------------------------------------- what is not a figure

def _excluded(doc: Doc, num: _Number) -> bool:
    first, last = doc[num.start], doc[num.end - 1]
    n = len(doc)
    after = _skip_hyphen(doc, num.end)
    unit_word = doc[after].lemma_.lower() if after < n else ""
    if first.ent_type_ in ("DATE", "TIME") and last.ent_type_ in ("DATE", "TIME"):
        # A DATE entity can still be a duration ("six-week pause"): keep those, drop the rest.
        counted = after < n and doc[after].pos_ == "NOUN" and doc[after].ent_type_ not in ("DATE", "TIME")
        if (unit_word not in TIME_UNITS or _time_offset(doc, after)) and not counted:
            return True
    text = first.text
    if re.match(r"^\d+(st|nd|rd|th)$", text, re.I):
        return True  # an ordinal ("3rd floor")
    value = _digits(text)
    prev = doc[num.start - 1] if num.start > 0 else None
    nxt = doc[num.end] if num.end < n else None
    if value is not None and re.match(r"^(1[5-9]|20)\d\d$", text) and num.end - num.start == 1:
        return True  # a year
    if (prev is not None and prev.lower_ in MONTHS) or (nxt is not None and nxt.lower_ in MONTHS):
        return True  # a date
    if nxt is not None and (nxt.lower_ in ("am", "pm", "a.m.", "p.m.", "gmt", "bst", "o'clock") or nxt.text == ":"):
        return True  # a clock time
    if re.search(r"\d[:/]\d", text) or re.match(r"^\+?\d{3,}[-\s]\d{3,}", text):
        return True  # times, dates, phone numbers
    if prev is not None and prev.lower_ in ("aged", "age", "ages"):
        return True  # an age
    if after < n and doc[after].lower_ in ("year", "years") and after + 1 < n and doc[after + 1].lower_ in ("old", "-"):
        return True  # "12 years old", "12-year-old"
    if _age_aside(doc, num) or _age_limit(doc, num):
        return True
    if num.range_low and re.match(r"^0\d+$|^\d{4,}$", doc[num.end - 1].text) and len(text) == 3:
        return True  # "555-0199": a phone number, not a range
    if re.match(r"^0\d+$", text) or (value is not None and nxt is not None and re.match(r"^\d{3,}$", nxt.text)
                                     and re.match(r"^\d+$", text)):
        return True  # "0300 123 4567": digit groups of a phone number
    if value is not None and any(t.is_title and t.lower_ in STREET_WORDS for t in doc[num.end:num.end + 3]):
        return True  # an address: "14 Harbour Street"
    if first.is_sent_start and nxt is not None and nxt.text in (".", ")") and value is not None:
        return True  # list numbering
    if value is not None and num.currency is None and prev is not None and prev.is_title \
            and prev.pos_ in ("PROPN", "NOUN") and "," not in text and (
                not prev.is_sent_start or nxt is None or nxt.pos_ not in ("NOUN", "ADJ")):
        return True  # a label: "Resolution 2728", "Route 4", "Flight 412 landed"
    if unit_word in TIME_UNITS and _time_window(doc, num.start):
        return True  # "in the past 24 hours"
    if after != num.end and after < n and doc[after].tag_ == "NN" and unit_word not in TIME_UNITS \
            and unit_word not in MEASURE_UNITS and doc[after].lower_ not in PERCENT_WORDS \
            and after + 1 < n and doc[after + 1].pos_ in ("NOUN", "PROPN"):
        return True  # a hyphenated attribute: "a 12-storey tower", "a five-member team"
    low = first.lower_
    if low == "one" and num.end - num.start == 1:
        # "one of", "one" as a pronoun, "at one point": only "one hostage" counts
        if nxt is None or nxt.lower_ == "of" or nxt.pos_ not in ("NOUN", "ADJ", "PROPN"):
            return True
        if prev is not None and prev.pos_ == "ADP":
            return True
    if low in UNITS_WORDS and prev is not None and prev.lower_ in ("the", "these", "those", "both", "its", "their", "his", "her"):
        return True  # "the two sides": a reference, not a report
    return False


def _age_aside(doc: Doc, num: _Number) -> bool:
    """'Amira Haddad, 34, said': a bare number between commas after a person's name."""
    s, e = num.start, num.end
    return (e - s == 1 and s >= 2 and e < len(doc) and doc[s - 1].text == "," and doc[e].text == ","
            and doc[s - 2].pos_ == "PROPN" and _digits(doc[s].text) is not None and num.currency is None)


def _age_limit(doc: Doc, num: _Number) -> bool:
    """'children under 5', 'people over 65': an age limit on a people noun."""
    s = num.start
    if s < 2 or doc[s - 1].lower_ not in ("under", "over", "aged") or doc[s - 2].lower_ not in PEOPLE_NOUNS:
        return False
    nxt = doc[num.end] if num.end < len(doc) else None
    return nxt is None or nxt.pos_ not in ("NOUN", "PROPN")


def _skip_hyphen(doc: Doc, i: int) -> int:
    return i + 1 if i < len(doc) and doc[i].text in ("-", "–") else i


def _time_offset(doc: Doc, unit_i: int) -> bool:
    return unit_i + 1 < len(doc) and doc[unit_i + 1].lower_ in TIME_OFFSET_WORDS


def _time_window(doc: Doc, start: int) -> bool:
    k = start - 1
    return k >= 0 and doc[k].lower_ in TIME_WINDOW_WORDS


# ---------------------------------------------------------------- what is counted

def _qualifier(doc: Doc, start: int) -> tuple[str | None, bool, int]:
    """(qualifier, approximate, new start) from the words just before the number."""
    before = [doc[k].lower_ for k in range(max(0, start - _QUALIFIER_MAX_WORDS), start)]
    for phrase, approx, words in _QUALIFIER_WORDS:
        k = start - len(words)
        if k >= 0 and before[len(before) - len(words):] == words and doc[k].tag_ != "RP":
            # a particle or a preposition is not a qualifier: "hand over 40 rifles", "over six weeks"
            if len(words) == 1 and doc[k].dep_ == "prep" and words[0] in ("over", "under"):
                return None, False, start
            return phrase, approx, k
    if start >= 2 and doc[start - 1].lower_ == "and" and doc[start - 2].like_num:
        return None, False, start
    if start >= 1 and doc[start - 1].lower_ == "between":
        return "between", False, start - 1
    return None, False, start


def _unit_after(doc: Doc, num: _Number) -> tuple[int, str | None, str | None]:
    """(index after the unit words, unit, unit kind) for the words after the number."""
    i = _skip_hyphen(doc, num.end)
    n = len(doc)
    if num.currency:
        return num.end, num.currency, "money"
    if i < n and doc[i].text in PERCENT_WORDS:
        return i + 1, "percent", "percent"
    if i + 1 < n and f"{doc[i].lower_} {doc[i + 1].lower_}" == "per cent":
        return i + 2, "percent", "percent"
    if i < n and doc[i].lower_ in CURRENCY_WORDS:
        return i + 1, CURRENCY_WORDS[doc[i].lower_], "money"
    if i < n:
        lemma = doc[i].lemma_.lower()
        if lemma in TIME_UNITS:
            return i + 1, TIME_UNITS[lemma], "duration"
        if lemma in MEASURE_UNITS:
            return i + 1, MEASURE_UNITS[lemma], "measure"
    return num.end, None, None


def _noun_after(doc: Doc, i: int, limit: int) -> int | None:
    """The first noun within `limit` tokens, skipping determiners, adjectives, participles,
    possessives ("its staff", "the group's 24 battalions")."""
    k = i
    stop = min(len(doc), i + limit)
    while k < stop:
        t = doc[k]
        if t.is_sent_start and k != i:
            return None
        if t.pos_ in ("NOUN", "PROPN"):
            if k + 1 < len(doc) and doc[k + 1].tag_ == "POS":
                k, stop = k + 2, min(len(doc), k + 2 + limit)  # a possessor: the noun comes later
                continue
            # the last of a compound run ("aid trucks")
            while k + 1 < len(doc) and doc[k + 1].pos_ in ("NOUN", "PROPN") and doc[k + 1].dep_ == "compound" or (
                    k + 1 < len(doc) and t.dep_ == "compound" and doc[k + 1].pos_ in ("NOUN", "PROPN")):
                k += 1
                t = doc[k]
            return k
        if t.tag_ == "PRP$":
            k += 1
            continue
        if t.pos_ not in ("DET", "ADJ", "VERB", "ADV", "NUM") or t.is_punct:
            return None
        k += 1
    return None


def _words(tokens, drop: frozenset[str] = frozenset()) -> str | None:
    kept = [t.text for t in tokens if t.pos_ not in ("DET",) and t.tag_ not in ("PRP$",)
            and t.text not in ("-", "–") and t.lower_ not in drop]
    return " ".join(kept) or None


def _phrase(token: Token, keep_det: bool = False) -> str:
    """A short noun phrase for a token: its subtree if short, else its compounds and adjectives."""
    words = [t for t in token.subtree]
    if len(words) > 6:
        words = [t for t in token.subtree if t.head == token and t.dep_ in ("compound", "amod", "det", "poss", "case") and t.i < token.i] + [token]
    while words and words[0].pos_ == "DET" and not keep_det:
        words = words[1:]
    while words and words[-1].is_punct:
        words = words[:-1]
    return " ".join(t.text for t in words)


def _noun_phrase(token: Token) -> str:
    """The noun with its left modifiers (no determiners): 'city's water network'."""
    left = [t for t in token.subtree if t.i < token.i and t.i >= token.left_edge.i and t.dep_ in (
        "compound", "amod", "poss", "case", "nmod", "nummod") and t.pos_ != "DET"]
    start = min([t.i for t in left] + [token.i])
    toks = [t for t in token.doc[start:token.i + 1] if t.pos_ not in ("DET", "NUM") and t.tag_ != "PRP$"]
    return " ".join(t.text for t in toks)


def _counted(doc: Doc, num: _Number, unit_end: int, unit_kind: str | None,
             previous: tuple[str, str, bool] | None) -> _Counted:
    """What the figure counts or measures."""
    n = len(doc)
    i = unit_end
    # money and rates: "$30 million a month in salaries", "200 trucks a day"
    if unit_kind is not None and i + 1 < n and doc[i].lower_ in RATE_WORDS and doc[i + 1].lemma_.lower() in TIME_UNITS:
        i += 2
    if unit_kind in ("percent", "measure", "money") or (unit_kind is None and i < n and doc[i].lower_ == "of"):
        if i < n and (doc[i].lower_ == "of" or (doc[i].lower_ == "in" and unit_kind == "money")) and i + 1 < n:
            j = i + 1
            if doc[j].lower_ in ("them", "those", "whom", "these") and previous is not None:
                what, noun, is_plural = previous
                return _Counted(what, noun, is_plural, None, j + 1)
            head_i = _noun_after(doc, j, limit=6)
            if head_i is not None and not (doc[i].lower_ == "in" and doc[head_i].pos_ != "NOUN"):
                head = doc[head_i]
                if unit_kind is None:
                    return _count(doc, head, _noun_phrase(head), end=head_i + 1)
                return _Counted(_noun_phrase(head), head.lower_, head.tag_ in ("NNS", "NNPS"), None,
                                i if unit_kind == "money" else head_i + 1)
    if unit_kind in ("duration", "money") or unit_kind is None:
        # "a six-week pause", "a $95bn aid package", "33 hostages"
        start = unit_end
        head_i = _noun_after(doc, start, limit=4 if unit_kind is None else 3)
        if head_i is not None and doc[head_i].lemma_.lower() not in TIME_UNITS:
            head = doc[head_i]
            if unit_kind is None:
                what = _words(doc[_skip_hyphen(doc, num.end):head_i + 1])
                return _count(doc, head, what, end=head_i + 1)
            # the words between belong to it ("$95bn aid package"), a unit does not
            what = _words(doc[start:head_i + 1])
            return _Counted(what, head.lower_, head.tag_ in ("NNS", "NNPS"), None, head_i + 1)
    if unit_kind is None and i < n and doc[i].lower_ in STATE_WORDS and doc[i].pos_ in ("ADJ", "VERB", "NOUN"):
        # "19 dead and 52 wounded": the state is what is counted (people)
        return _Counted(doc[i].lower_, doc[i].lower_, True, STATE_WORDS[doc[i].lower_], i + 1)
    measured = _measured(doc, num, unit_end)
    if measured is not None:
        # the thing measured keeps its number in the key ("crowd", "turnout"), a state noun
        # counts people ("the death toll" → people:dead)
        what, noun_token = measured
        return _Counted(what, noun_token.lower_, True, None, unit_end)
    if unit_kind is None and previous is not None and _bare_number(doc[num.end - 1]):
        # "three soldiers were killed and eight were injured": the noun of the figure before
        what, noun, is_plural = previous
        state = _predicate_state(doc[num.end - 1])
        return _Counted(what, noun, is_plural, state, unit_end)
    return _Counted(None, None, False, None, unit_end)


def _home_of(doc: Doc, start: int) -> str | None:
    """'Tete, home to more than 300,000 people': the place an aside describes (surface pattern: the
    parser attaches such asides unreliably)."""
    if start < 4 or [t.lower_ for t in doc[start - 3:start]] != [",", "home", "to"]:
        return None
    k = start - 4
    if doc[k].pos_ != "PROPN":
        return None
    first = k
    while first > 0 and doc[first - 1].pos_ == "PROPN":
        first -= 1
    return doc[first:k + 1].text


def _bare_number(token: Token) -> bool:
    return token.dep_ in ("nsubj", "nsubjpass", "dobj", "conj", "appos")


def _measured(doc: Doc, num: _Number, unit_end: int) -> tuple[str, Token] | None:
    """(what, its noun) for a number that measures something named elsewhere in the clause:
    "the death toll rose to 312", "Turnout was 38 percent", "the blockade has lasted 17 years",
    "put the number of troops at 5,000", "a crowd of 15,000", "Reconstruction will cost $40bn"."""
    t = doc[num.end - 1]
    # climb from the number through its own words ("250bn shekels", "12 days") to the word the
    # figure attaches to: "to 312" → rose, "for 12 days" → went
    while t.head.i != t.i and num.start <= t.head.i < max(unit_end, num.end) and t.head.i != t.i:
        t = t.head
    hop = t
    if hop.dep_ == "pobj" and hop.head.dep_ == "prep":
        prep = hop.head
        if prep.lower_ == "of" and prep.head.pos_ == "NOUN" and prep.head.lower_ not in COUNT_FRAME_NOUNS:
            return _noun_phrase(prep.head), prep.head  # "a crowd of 15,000"
        hop = prep
    verb = hop.head
    if hop.dep_ not in ("dobj", "attr", "prep", "npadvmod", "oprd", "acomp", "advmod", "pobj") or verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = verb.lemma_.lower()
    if lemma == "put" or lemma == "estimate" or lemma == "place":
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None:
            if obj.lower_ in COUNT_FRAME_NOUNS:
                of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
                if inner is not None:
                    return _phrase(inner), inner
            return _phrase(obj), obj
    if lemma not in MEASURED_VERBS:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.lower_ in PRONOUNS or subj.pos_ == "PRON":
        return None
    if lemma == "cost":
        return f"cost of {_phrase(subj)}", _CostNoun(subj)  # type: ignore[return-value]
    return _phrase(subj), subj


class _CostNoun:
    """Stands in for the noun 'cost' of "X cost N" (key "cost:money")."""

    lower_ = "cost"
    tag_ = "NN"

    def __init__(self, subject: Token) -> None:
        self.subject = subject


def _count(doc: Doc, head: Token, what: str | None, end: int) -> _Counted:
    """A count of `head` things: the holder and the state from the noun's own clause."""
    holder, state = _holder(head)
    if holder and what:
        what = f"{what} {holder}"
    return _Counted(what, head.lower_, head.tag_ in ("NNS", "NNPS") or head.lower_ in ("people",), state, end)


def _holder(head: Token) -> tuple[str | None, str | None]:
    """(" held by X" phrase, state) from the noun's own clause."""
    noun_low = plural(head.lower_, head.tag_ in ("NNS", "NNPS"))
    # "the release of 40 hostages (held by X)": the event names the state of what is counted
    nominal = None
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in NOMINAL_STATES:
        nominal = NOMINAL_STATES[head.head.head.lower_]
    for child in head.children:
        if child.dep_ in ("acl", "relcl") and child.tag_ == "VBN":
            state = _state_of_verb(child, noun_low)
            if state is None:
                continue
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            phrase = child.text
            if agent is not None:
                phrase += " " + " ".join(t.text for t in agent.subtree)
            return phrase, nominal or state
    if nominal is not None:
        return None, nominal
    # "2 hostages and about 50 detainees": a conjunct shares the first one's verb
    anchor = head
    while anchor.dep_ == "conj" and anchor.head.pos_ in ("NOUN", "PROPN"):
        anchor = anchor.head
    verb = anchor.head
    if anchor.dep_ in ("dobj", "obj") and verb.pos_ == "VERB":
        state = _state_of_verb(verb, noun_low)
        if state is not None:
            subj = next((c for c in verb.children if c.dep_ in ("nsubj",)), None)
            if subj is not None and state == "held" and verb.lemma_.lower() == "hold":
                return f"held by {_phrase(subj, keep_det=True)}", state
            return None, state
        if verb.lemma_.lower() == "include":
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ in STATE_NOUNS:
                return None, STATE_NOUNS[subj.lower_]  # "the dead included 14 women"
    if anchor.dep_ in ("nsubjpass", "nsubj"):
        state = _clause_state(verb, noun_low)
        if state is not None:
            return None, state
    if anchor.dep_ == "pobj" and anchor.head.lower_ in ("including", "among"):
        whole = anchor.head.head  # "37 people were killed, including 12 children"
        if whole.pos_ == "VERB":
            state = _clause_state(whole, noun_low)
        elif whole.pos_ in ("NOUN", "PROPN") and whole.i != head.i:
            state = _holder(whole)[1]  # "At least 15 people, including 4 children, were killed"
        else:
            state = None
        if state is not None:
            return None, state
    for child in head.children:
        if child.dep_ == "amod" and child.lower_ in STATE_WORDS:
            return None, STATE_WORDS[child.lower_]
    return None, None


def _state_of_verb(verb: Token, noun_plural: str) -> str | None:
    lemma = verb.lemma_.lower()
    if lemma in STATE_WORDS:
        return STATE_WORDS[lemma]
    if verb.lower_ in STATE_WORDS:
        return STATE_WORDS[verb.lower_]
    if count_noun(noun_plural)[0] in HOSTAGE_NOUNS:
        if lemma in TAKING_VERBS:
            return "abducted"
        if lemma == "return" or (lemma in RETURNING_VERBS and any(
                c.lower_ in ("home", "back") for c in verb.children)):
            return "released"
    return None


def _clause_state(verb: Token, noun_plural: str) -> str | None:
    """The state a clause says of its subject: "were killed", "are missing", "are no longer
    alive", "were among the dead"."""
    state = _state_of_verb(verb, noun_plural) if verb.pos_ == "VERB" else None
    negated = any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "longer" and any(
        g.dep_ == "neg" for g in c.children)) for c in verb.children)
    for c in verb.children:
        if state is None and c.dep_ in ("acomp", "attr", "oprd") and c.lower_ in STATE_WORDS:
            state = STATE_WORDS[c.lower_]
        if state is None and c.dep_ == "prep" and c.lower_ == "among":
            inner = next((p for p in c.children if p.dep_ == "pobj"), None)
            if inner is not None and inner.lower_ in STATE_NOUNS:
                state = STATE_NOUNS[inner.lower_]
    if state is not None and negated:
        return NEGATED_STATE.get(state)
    return state


def _predicate_state(token: Token) -> str | None:
    """'nine of them are dead' / 'were killed': the state said of the number itself."""
    if token.dep_ in ("nsubj", "nsubjpass"):
        return _clause_state(token.head, "")
    return None


# ---------------------------------------------------------------- context: status, hedge, source

def _ancestors_in_clause(token: Token) -> list[Token]:
    """Heads above a token, stopping above the sentence root."""
    out = []
    t = token
    while t.head.i != t.i:
        t = t.head
        out.append(t)
    return out


def _verbless_aside(doc: Doc, num: _Number, sent: Span) -> bool:
    """The figure sits in a comma-delimited stretch without a finite verb (an appositive)."""
    left = next((k for k in range(num.start - 1, sent.start - 1, -1) if doc[k].text in (",", "(", "—", "–")), None)
    right = next((k for k in range(num.end, sent.end) if doc[k].text in (",", ")", "—", "–", ";")), None)
    if left is None or right is None:
        return False
    if doc[left + 1].lower_ in ("including", "among", "mostly", "mainly", "of"):
        return False  # ", including 4 children,": part of the statement, not a description
    return not any(doc[k].tag_ in ("VBD", "VBZ", "VBP", "MD") for k in range(left + 1, right))


def _is_past(verb: Token) -> bool:
    tags = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return "VBD" in tags and not auxes & (HYPOTHETICAL_AUX | FUTURE_AUX)


def _context(doc: Doc, anchor: Token, aside: bool) -> tuple[str, bool, bool]:
    """(status, hedged, present tense) from the heads that govern the figure."""
    if aside:
        return "asserted", False, True
    hypothetical = planned = hedged = False
    present = None
    chain = [anchor, *_ancestors_in_clause(anchor)]
    for k, t in enumerate(chain):
        lemma = t.lemma_.lower()
        below = chain[k - 1] if k else None
        if t.pos_ in ("NOUN", "PROPN") and t.lower_ in PROPOSAL_NOUNS and t is not anchor:
            hypothetical = True  # "the proposal's first phase of 33 hostages"
        if lemma in HEDGE_VERBS and t.pos_ == "VERB":
            hedged = True
        if lemma in DEMAND_VERBS and t.pos_ == "VERB" and below is not None and below.dep_ in ("dobj", "prep", "xcomp", "ccomp") \
                and (lemma not in FOR_DEMAND_VERBS or (below.dep_ == "prep" and below.lower_ == "for")):
            hypothetical = True  # "pushing for a 72-hour truce", "demanded ... a 30-day lull"
        if lemma in PLAN_VERBS and below is not None and below.dep_ == "xcomp":
            planned = True  # "plans to build 10,000 homes"
        for c in t.children:
            low = c.lower_
            if c.dep_ in ("aux", "auxpass") and low in HYPOTHETICAL_AUX:
                hypothetical = True
            if c.dep_ in ("aux", "auxpass") and low in FUTURE_AUX:
                planned = True
            if c.dep_ == "aux" and low in HEDGE_AUX:
                hedged = True
            if c.dep_ == "advmod" and low in HEDGE_ADVERBS:
                hedged = True
            if c.dep_ == "mark" and low in CONDITIONAL_MARKS:
                hypothetical = True
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in c.children):
                hypothetical = True  # "12 detainees will go home if the talks succeed"
            if c.dep_ in ("nsubj", "nsubjpass") and low in PROPOSAL_NOUNS and t.pos_ in ("VERB", "AUX") \
                    and (t.lemma_.lower() in CONTENT_VERBS or not _is_past(t)):
                hypothetical = True  # "the plan would see ..." but not "the deal freed 2 hostages"
            if c.dep_ == "parataxis" and c.lemma_.lower() in HEDGE_VERBS:
                hedged = True  # "..., Unicef estimates."
        if present is None and t.pos_ in ("VERB", "AUX"):
            tags = {t.tag_} | {c.tag_ for c in t.children if c.dep_ in ("aux", "auxpass")}
            present = bool(tags & {"VBZ", "VBP"}) and not tags & {"VBD", "MD"}
    root = chain[-1]
    if root.lemma_.lower() in HEDGE_VERBS and any(c.dep_ == "nsubj" for c in root.children):
        hedged = True  # "..., the World Bank estimates." (parsed with the estimate as the root)
    status = "hypothetical" if hypothetical else "planned" if planned else "asserted"
    return status, hedged, bool(present)


def _quote_source(doc: Doc, record: Record, start: int, end: int, direct_only: bool) -> Ref | None:
    for q in record.quotes:
        if direct_only and q.kind != "direct":
            continue  # an aside inside reported speech is the reporter's own description
        if q.start <= start and end <= q.end and q.speaker.name and _reports(doc, q):
            return Ref(name=q.speaker.name, entity_id=q.speaker.entity_id)
    return None


def _reports(doc: Doc, quote) -> bool:
    """Whether a quote's cue states something. The quotes stage also takes stance and intent
    ("demanded", "hope", "plans") as attributions; a figure inside those is the speaker's aim,
    not a figure the speaker reports."""
    cue = (quote.cue or "").lower()
    if quote.kind == "direct" or not cue or cue.startswith("according"):
        return True
    known = doc.user_data.get(_REPORTS_KEY)
    if known is not None and id(quote) in known:
        return known[id(quote)]
    verdict = _cue_reports(doc, quote, cue)
    if known is not None:
        known[id(quote)] = verdict
    return verdict


# _reports' verdicts by quote (its id) while annotate runs over one Doc: a quote that covers
# several figures is read once.
_REPORTS_KEY = "newsledger.figures.reports"


def _cue_reports(doc: Doc, quote, cue: str) -> bool:
    window = doc.char_span(max(quote.start - 300, 0), min(quote.end + 300, len(text_of(doc))),
                           alignment_mode="expand")
    lemmas = {t.lemma_.lower() for t in (window or ()) if t.lower_ == cue}
    return bool(lemmas & (SAYING_VERBS | REPORTING_VERBS)) if lemmas else True


def _saying_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _attribution(record: Record, anchor: Token, sent: Span) -> Ref | None:
    """Who states the figure: the subject of a verb of saying above it, or commenting on its
    clause, or 'according to X'."""
    below = anchor
    crossed_conj = False
    for t in _ancestors_in_clause(anchor):
        lemma = t.lemma_.lower()
        if lemma in SAYING_VERBS and (t.pos_ == "VERB" or (t.dep_ == "ROOT" and _saying_subject(t) is not None)):
            subj = _saying_subject(t)
            if below.dep_ in ("dobj", "attr") and lemma not in COUNTING_VERBS:
                subj = None  # "Japan announced ¥10bn": an act, not a report
                break
            if subj is None:
                below = t
                continue  # "officials say ... and believe ...": the subject is higher up
            return _ref(record, subj) if subj.lower_ not in PRONOUNS else None
        if not crossed_conj:
            for c in t.children:
                if c.dep_ == "parataxis" and c.lemma_.lower() in SAYING_VERBS and c.i > anchor.i:
                    subj = _saying_subject(c)
                    if subj is not None:
                        return _ref(record, subj) if subj.lower_ not in PRONOUNS else None
        if below.dep_ == "conj" or t.dep_ == "conj":
            crossed_conj = True  # "..., the military said, and 3 people were hurt"
        below = t
    if "according" not in text_of(sent.doc)[sent.start_char:sent.end_char].lower():
        return None  # (no token of the sentence is the word)
    for t in sent:
        if t.lower_ == "according" and t.i + 2 < sent.end and t.nbor(1).lower_ == "to":
            obj = next((c for c in t.nbor(1).children if c.dep_ == "pobj"), None)
            if obj is not None and obj.lower_ not in PRONOUNS:
                return _ref(record, obj)
    return None


def _ref(record: Record, token: Token) -> Ref:
    words = _phrase(token)
    # The entity must cover the head word: in "Police in Mozambique" the place is a modifier,
    # and the source is the police, not the country.
    ent = entity_at(record, token.idx, token.idx + len(token.text))
    return Ref(name=ent.name if ent is not None and ent.name.lower() in words.lower() else words,
               entity_id=ent.id if ent is not None else None)


# ---------------------------------------------------------------- the component

def annotate(doc: Doc, record: Record) -> None:
    """Fill `record.figures` from the Doc."""
    published = (record.article.published or "")[:10] or None
    figures: list[Figure] = []
    previous: dict[int, tuple[str, str, bool]] = {}  # sentence start → last (what, noun, plural)
    n = len(doc)
    # Token.sent rescans the Doc on every call: look sentences up in one pass instead.
    sentence_of: list[Span] = [None] * n  # type: ignore[list-item]
    for sent in doc.sents:
        for k in range(sent.start, sent.end):
            sentence_of[k] = sent
    # Where a number phrase may start, from the Doc's arrays: no Token for the other words.
    starts = numpy.flatnonzero(_number_starts(doc)).tolist()
    doc.user_data[_REPORTS_KEY] = {}
    try:
        _annotate(doc, record, starts, sentence_of, previous, figures, published)
    finally:
        doc.user_data.pop(_REPORTS_KEY, None)
    record.figures = figures


def _annotate(doc: Doc, record: Record, starts: list[int], sentence_of: list[Span],
              previous: dict[int, tuple[str, str, bool]], figures: list[Figure], published: str | None) -> None:
    i = 0
    n = len(doc)
    at = 0
    while i < n:
        while at < len(starts) and starts[at] < i:
            at += 1
        if at == len(starts):
            break
        i = starts[at]
        num = _read_number(doc, i)
        if num is None or num.end <= i:
            i += 1
            continue
        if _excluded(doc, num):
            i = num.end  # the whole phrase is not a figure ("555-0199": not "0199" either)
            continue
        figures.append(_figure(doc, record, num, sentence_of[num.start], previous, published))
        i = max(num.end, i + 1)


def _figure(doc: Doc, record: Record, num: _Number, sent: Span,
            previous: dict[int, tuple[str, str, bool]], published: str | None) -> Figure:
    qualifier, approx_q, start = _qualifier(doc, num.start)
    if num.range_low and qualifier is None:
        qualifier = "between"
    unit_end, unit, unit_kind = _unit_after(doc, num)
    counted = _counted(doc, num, unit_end, unit_kind, previous.get(sent.start))
    what, state = counted.what, counted.state
    anchor = doc[num.end - 1]
    predicate = _predicate_state(doc[num.start]) or _predicate_state(anchor)
    if predicate and unit_kind is None:
        if what and counted.noun and predicate != state:
            what = f"{predicate} {what}"  # "nine of them are dead" → "dead miners held by the gang"
        state = predicate
    place = _home_of(doc, start)
    if what and place and unit_kind is None:
        what = f"{what} in {place}"
    if unit_kind is None and counted.noun and counted.what:
        base = counted.what
        previous[sent.start] = (base, counted.noun, counted.is_plural)
    aside = _verbless_aside(doc, num, sent)
    status, hedged, present = _context(doc, anchor, aside)
    if qualifier == "an estimated":
        hedged = True
    end_i = max(counted.end, num.end)
    char_start, char_end = doc[start].idx, doc[end_i - 1].idx + len(doc[end_i - 1].text)
    source = _quote_source(doc, record, char_start, char_end, direct_only=aside)
    if source is None and not aside:  # an aside is the reporter's own description
        source = _attribution(record, anchor, sent)
    noun = plural(counted.noun, counted.is_plural) if (counted.noun and unit_kind is None) else counted.noun
    return Figure(
        value=num.value, unit=unit, what=what, text=doc[start:end_i].text,  # (Doc.text rebuilds the whole text)
        approximate=num.approximate or approx_q, qualifier=qualifier, source=source,
        hedged=hedged, as_of=published if (status == "asserted" and present) else None,
        evidence=evidence(sent), status=status, key=figure_key(noun, unit, state, unit_kind),
    )
