"""figures: the quantities a report states ("132 hostages", "$1.5bn", "a six-week pause").

Conventions (what a user of the record can rely on):

- ``value``: the number as written, scaled ("1mn" → 1000000, "3.5 million" → 3500000).
  Vague multiples take the least the words imply and set ``approximate``: "dozens",
  "several dozen", "a few dozen" → 24; "hundreds", "several hundred" → 200; "thousands" → 2000;
  "tens of thousands" → 20000. A range ("10-15", "between 10 and 15") gives its lower bound with
  qualifier "between".
- ``unit``: None for counts of things or people (``what`` says what is counted); a duration's unit
  ("day", "week", "month", "year", "hour", "minute"); an ISO 4217 code for money ("USD", "GBP",
  "EUR", "ILS"); "percent"; a measure ("km", "mile", "tonne", "kg", "litre", "barrel").
- ``what``: the counted noun with its modifiers as written, plus the holder when the sentence says
  who holds them ("hostages held by Hamas"), or the state of a part ("dead hostages held by Hamas"
  for "37 of them are dead").
- ``qualifier``: "more than", "at least", "up to", "nearly", "about", "almost", "over",
  "fewer than", "less than", "around", "roughly", "some", "as many as", "between", ...
  ``approximate`` is true for about/around/roughly/approximately/some/an estimated and for
  vague multiples.
- ``hedged``: the figure sits under believe/estimate/think/fear/suspect, "could/may/might", or
  reportedly/allegedly/possibly/probably/likely.
- ``status``: "hypothetical" under "would"/"if"/"unless" or inside a proposal, plan, deal or offer
  ("the proposal included a six-week pause"); else "asserted". A verbless aside between commas
  ("Rafah, home to 1mn people, ...") is asserted whatever governs the sentence.
- ``as_of``: the report's date (``article.published``, date part) for asserted figures in the
  present tense or in a verbless aside; else None.
- ``source``: the speaker of the quote that covers the figure; else the subject of a verb of
  saying or believing that governs it ("Israeli officials say ..."), or "according to X"; pronouns
  give None.
- ``key``: ``<counted noun, lower case, plural>:<state>`` for lining up the same quantity across
  reports, with state one of held, dead, injured, missing, displaced, released, alive, arrested,
  evacuated, or ``duration``/``money``/``percent`` for those units, or just the noun when no state
  is stated: "hostages:held", "hostages:dead", "palestinians:displaced", "pause:duration".

Not figures: dates, years, clock times, ages ("aged 12", "12-year-old", "12 years old"),
ordinals, phone-like numbers, list numbering, "one of ...", "one" as a pronoun, number words after
"the" that refer rather than report ("the two sides"), time offsets ("two weeks ago").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Doc, Token

from newsledger.analysis._spans import entity_at, evidence
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

QUALIFIERS = [  # longest first
    ("as many as", False), ("more than", False), ("fewer than", False), ("less than", False),
    ("at least", False), ("at most", False), ("up to", False), ("close to", False),
    ("an estimated", True), ("no more than", False), ("just over", False), ("just under", False),
    ("nearly", False), ("almost", False), ("about", True), ("around", True), ("roughly", True),
    ("approximately", True), ("some", True), ("over", False), ("under", False), ("upwards of", False),
]
HEDGE_VERBS = frozenset({"believe", "estimate", "think", "fear", "suspect", "suggest", "expect", "assume"})
HEDGE_AUX = frozenset({"could", "may", "might"})
HEDGE_ADVERBS = frozenset({"reportedly", "allegedly", "possibly", "probably", "likely", "perhaps",
                           "apparently", "purportedly", "supposedly"})
HYPOTHETICAL_AUX = frozenset({"would"})
CONDITIONAL_MARKS = frozenset({"if", "unless"})
PROPOSAL_NOUNS = frozenset({"proposal", "plan", "deal", "offer", "draft", "framework", "proposals",
                            "plans", "deals", "offers", "calls", "demand", "demands"})
SAYING_VERBS = frozenset({"say", "tell", "report", "announce", "state", "claim", "estimate", "add",
                          "note", "confirm", "believe", "insist", "warn", "allege", "tally",
                          "count", "put", "show", "record", "think", "fear"})
STATE_WORDS = {
    "hold": "held", "held": "held", "holding": "held", "captive": "held", "detain": "held",
    "dead": "dead", "kill": "dead", "die": "dead", "killed": "dead", "died": "dead",
    "wound": "injured", "injure": "injured", "wounded": "injured", "injured": "injured",
    "missing": "missing", "displace": "displaced", "displaced": "displaced", "release": "released",
    "free": "released", "freed": "released", "released": "released", "alive": "alive",
    "arrest": "arrested", "arrested": "arrested", "evacuate": "evacuated", "evacuated": "evacuated",
}
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who", "this", "that"})


class _Number(NamedTuple):
    start: int  # token index of the first token of the number phrase (qualifier excluded)
    end: int  # token index after the number phrase
    value: float
    approximate: bool
    currency: str | None
    range_low: bool  # a range: value is its lower bound


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
    if first.ent_type_ in ("DATE", "TIME") and last.ent_type_ in ("DATE", "TIME"):
        # A DATE entity can still be a duration ("six-week pause"): keep those, drop the rest.
        nxt = _skip_hyphen(doc, num.end)
        unit = doc[nxt].lemma_.lower() if nxt < len(doc) else ""
        counted = nxt < len(doc) and doc[nxt].pos_ == "NOUN" and doc[nxt].ent_type_ not in ("DATE", "TIME")
        if (unit not in TIME_UNITS or _time_offset(doc, nxt)) and not counted:
            return True
    text = first.text
    if first.ent_type_ == "ORDINAL" or re.match(r"^\d+(st|nd|rd|th)$", text, re.I):
        return True
    value = _digits(text)
    prev = doc[num.start - 1] if num.start > 0 else None
    nxt = doc[num.end] if num.end < len(doc) else None
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
    after = _skip_hyphen(doc, num.end)
    if after < len(doc) and doc[after].lower_ in ("year", "years") and after + 1 < len(doc) and doc[after + 1].lower_ in ("old", "-"):
        return True  # "12 years old", "12-year-old"
    if num.range_low and re.match(r"^0\d+$|^\d{4,}$", doc[num.end - 1].text) and len(text) == 3:
        return True  # "555-0199": a phone number, not a range
    if first.i == first.sent.start and nxt is not None and nxt.text in (".", ")") and value is not None:
        return True  # list numbering
    low = first.lower_
    if low == "one" and num.end - num.start == 1:
        # "one of", "one" as a pronoun: only "one hostage" counts
        if nxt is None or nxt.lower_ == "of" or nxt.pos_ not in ("NOUN", "ADJ", "PROPN"):
            return True
    if low in UNITS_WORDS and prev is not None and prev.lower_ in ("the", "these", "those", "both", "its", "their", "his", "her"):
        return True  # "the two sides": a reference, not a report
    return False


def _skip_hyphen(doc: Doc, i: int) -> int:
    return i + 1 if i < len(doc) and doc[i].text in ("-", "–") else i


def _time_offset(doc: Doc, unit_i: int) -> bool:
    return unit_i + 1 < len(doc) and doc[unit_i + 1].lower_ in TIME_OFFSET_WORDS


# ---------------------------------------------------------------- what is counted

def _qualifier(doc: Doc, start: int) -> tuple[str | None, bool, int]:
    """(qualifier, approximate, new start) from the words just before the number."""
    for phrase, approx in QUALIFIERS:
        words = phrase.split()
        k = start - len(words)
        if k >= 0 and [t.lower_ for t in doc[k:start]] == words and doc[k].tag_ != "RP":
            return phrase, approx, k  # (a particle is not a qualifier: "hand over 40 rifles")
    if start >= 2 and doc[start - 1].lower_ == "and" and doc[start - 2].like_num:
        return None, False, start
    if start >= 1 and doc[start - 1].lower_ == "between":
        return "between", False, start - 1
    return None, False, start


def _head_noun(doc: Doc, num: _Number) -> tuple[int | None, str | None]:
    """(token index of the counted noun, unit) after the number phrase."""
    i = _skip_hyphen(doc, num.end)
    n = len(doc)
    if i < n and doc[i].text in PERCENT_WORDS:
        return _of_noun(doc, i + 1), "percent"
    if i + 1 < n and f"{doc[i].lower_} {doc[i + 1].lower_}" == "per cent":
        return _of_noun(doc, i + 2), "percent"
    if i < n and doc[i].lower_ in CURRENCY_WORDS:
        return _of_noun(doc, i + 1), CURRENCY_WORDS[doc[i].lower_]
    if i < n:
        lemma = doc[i].lemma_.lower()
        if lemma in TIME_UNITS:
            # "a six-week pause": the duration of the noun it modifies
            nxt = _noun_after(doc, i + 1, limit=3) if doc[i].dep_ in ("compound", "amod", "npadvmod", "nmod") or doc[i].text[-1:] != "s" else None
            return nxt, TIME_UNITS[lemma]
        if lemma in MEASURE_UNITS:
            return _of_noun(doc, i + 1), MEASURE_UNITS[lemma]
    if i < n and doc[i].lower_ == "of":
        j = i + 1
        if j < n and doc[j].lower_ in ("them", "those", "whom", "these"):
            return j, None
        return _noun_after(doc, j, limit=5), None
    return _noun_after(doc, i, limit=4), None


def _of_noun(doc: Doc, i: int) -> int | None:
    if i < len(doc) and doc[i].lower_ == "of":
        return _noun_after(doc, i + 1, limit=5)
    return None


def _noun_after(doc: Doc, i: int, limit: int) -> int | None:
    """The first noun within `limit` tokens, skipping determiners, adjectives and participles."""
    for k in range(i, min(len(doc), i + limit)):
        t = doc[k]
        if t.is_sent_start and k != i:
            return None
        if t.pos_ in ("NOUN", "PROPN"):
            # the last of a compound run ("aid trucks")
            while k + 1 < len(doc) and doc[k + 1].pos_ in ("NOUN", "PROPN") and doc[k + 1].dep_ == "compound" or (
                    k + 1 < len(doc) and t.dep_ == "compound" and doc[k + 1].pos_ in ("NOUN", "PROPN")):
                k += 1
                t = doc[k]
            return k
        if t.pos_ not in ("DET", "ADJ", "VERB", "ADV", "NUM") or t.is_punct:
            return None
    return None


def _holder(head: Token) -> tuple[str | None, str | None]:
    """(" held by X" phrase, state) from the noun's own clause."""
    for child in head.children:
        if child.dep_ in ("acl", "relcl") and child.tag_ == "VBN" and child.lemma_.lower() in STATE_WORDS:
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            phrase = child.text
            if agent is not None:
                phrase += " " + " ".join(t.text for t in agent.subtree)
            return phrase, STATE_WORDS[child.lemma_.lower()]
    verb = head.head
    if head.dep_ in ("dobj", "obj") and verb.lemma_.lower() in STATE_WORDS:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj",)), None)
        state = STATE_WORDS[verb.lemma_.lower()]
        if subj is not None and verb.lemma_.lower() == "hold":
            return f"held by {_phrase(subj, keep_det=True)}", state
        return None, state
    if head.dep_ in ("nsubjpass", "nsubj") and verb.lemma_.lower() in STATE_WORDS:
        return None, STATE_WORDS[verb.lemma_.lower()]
    for child in head.children:
        if child.dep_ == "amod" and child.lower_ in STATE_WORDS:
            return None, STATE_WORDS[child.lower_]
    return None, None


def _predicate_state(token: Token) -> str | None:
    """'37 of them are dead' / 'were killed': the state said of the number itself."""
    verb = token.head
    if token.dep_ in ("nsubj", "nsubjpass"):
        if verb.lemma_.lower() in STATE_WORDS:
            return STATE_WORDS[verb.lemma_.lower()]
        for c in verb.children:
            if c.dep_ in ("acomp", "attr", "oprd") and c.lower_ in STATE_WORDS:
                return STATE_WORDS[c.lower_]
    return None


def _phrase(token: Token, keep_det: bool = False) -> str:
    """A short noun phrase for a token: its subtree if short, else its compounds and adjectives."""
    words = [t for t in token.subtree]
    if len(words) > 6:
        words = [t for t in token.subtree if t.head == token and t.dep_ in ("compound", "amod", "det") and t.i < token.i] + [token]
    while words and words[0].pos_ == "DET" and not keep_det:
        words = words[1:]
    return " ".join(t.text for t in words)


# ---------------------------------------------------------------- context: status, hedge, source

def _ancestors_in_clause(token: Token) -> list[Token]:
    """Heads above a token, stopping above the sentence root."""
    out = []
    t = token
    while t.head.i != t.i:
        t = t.head
        out.append(t)
    return out


def _verbless_aside(doc: Doc, num: _Number) -> bool:
    """The figure sits in a comma-delimited stretch without a finite verb (an appositive)."""
    sent = doc[num.start].sent
    left = next((k for k in range(num.start - 1, sent.start - 1, -1) if doc[k].text in (",", "(", "—", "–")), None)
    right = next((k for k in range(num.end, sent.end) if doc[k].text in (",", ")", "—", "–", ";")), None)
    if left is None or right is None:
        return False
    return not any(doc[k].tag_ in ("VBD", "VBZ", "VBP", "MD") for k in range(left + 1, right))


def _context(doc: Doc, anchor: Token, aside: bool) -> tuple[str, bool, bool]:
    """(status, hedged, present tense) from the heads that govern the figure."""
    if aside:
        return "asserted", False, True
    status, hedged, present = "asserted", False, None
    for t in [anchor, *_ancestors_in_clause(anchor)]:
        lemma = t.lemma_.lower()
        if t.pos_ in ("NOUN", "PROPN") and t.lower_ in PROPOSAL_NOUNS and t is not anchor:
            status = "hypothetical"
        if lemma in HEDGE_VERBS and t.pos_ == "VERB":
            hedged = True
        for c in t.children:
            low = c.lower_
            if c.dep_ == "aux" and low in HYPOTHETICAL_AUX:
                status = "hypothetical"
            if c.dep_ == "aux" and low in HEDGE_AUX:
                hedged = True
            if c.dep_ == "advmod" and low in HEDGE_ADVERBS:
                hedged = True
            if c.dep_ == "mark" and low in CONDITIONAL_MARKS:
                status = "hypothetical"
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in c.children):
                status = "hypothetical"  # "12 detainees will go home if the talks succeed"
            if c.dep_ in ("nsubj", "nsubjpass") and low in PROPOSAL_NOUNS and t.pos_ in ("VERB", "AUX"):
                status = "hypothetical"
        if present is None and t.pos_ in ("VERB", "AUX"):
            tags = {t.tag_} | {c.tag_ for c in t.children if c.dep_ in ("aux", "auxpass")}
            present = bool(tags & {"VBZ", "VBP"}) and not tags & {"VBD", "MD"}
    return status, hedged, bool(present)


def _quote_source(record: Record, start: int, end: int) -> Ref | None:
    for q in record.quotes:
        if q.start <= start and end <= q.end and q.speaker.name:
            return Ref(name=q.speaker.name, entity_id=q.speaker.entity_id)
    return None


def _attribution(record: Record, anchor: Token) -> Ref | None:
    """The subject of the nearest verb of saying above the figure, or 'according to X'."""
    for t in _ancestors_in_clause(anchor):
        if t.pos_ == "VERB" and t.lemma_.lower() in SAYING_VERBS:
            subj = next((c for c in t.children if c.dep_ in ("nsubj",)), None)
            if subj is None:
                continue  # "officials say ... and believe ...": the subject is higher up
            return _ref(record, subj) if subj.lower_ not in PRONOUNS else None
    sent = anchor.sent
    for t in sent:
        if t.lower_ == "according" and t.i + 2 < sent.end and t.nbor(1).lower_ == "to":
            obj = next((c for c in t.nbor(1).children if c.dep_ == "pobj"), None)
            if obj is not None and obj.lower_ not in PRONOUNS:
                return _ref(record, obj)
    return None


def _ref(record: Record, token: Token) -> Ref:
    words = _phrase(token)
    tokens = [t for t in token.subtree]
    ent = entity_at(record, tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
    return Ref(name=ent.name if ent is not None and ent.name.lower() in words.lower() else words,
               entity_id=ent.id if ent is not None else None)


# ---------------------------------------------------------------- the component

IRREGULAR_PLURALS = {"person": "people", "child": "children", "man": "men", "woman": "women"}


def _plural(token: Token) -> str:
    """The counted noun in the plural, so "one hostage" and "33 hostages" share a key."""
    low = token.lower_
    if token.tag_ in ("NNS", "NNPS") or low in IRREGULAR_PLURALS.values():
        return low
    lemma = token.lemma_.lower()
    if lemma in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[lemma]
    return lemma + ("es" if lemma.endswith(("s", "x", "ch", "sh")) else "s")


def annotate(doc: Doc, record: Record) -> None:
    """Fill `record.figures` from the Doc."""
    published = (record.article.published or "")[:10] or None
    figures: list[Figure] = []
    previous_what: dict[int, tuple[str | None, str | None]] = {}  # sentence start → last (what, noun)
    i = 0
    n = len(doc)
    while i < n:
        t = doc[i]
        if not (_is_number_token(t) or t.lower_ in CURRENCY_SYMBOLS or t.lower_ in VAGUE_MULTIPLIERS or t.lower_ == "tens"):
            i += 1
            continue
        num = _read_number(doc, i)
        if num is None or num.end <= i:
            i += 1
            continue
        if _excluded(doc, num):
            i = num.end  # the whole phrase is not a figure ("555-0199": not "0199" either)
            continue
        qualifier, approx_q, start = _qualifier(doc, num.start)
        if num.range_low and qualifier is None:
            qualifier = "between"
        head_i, unit = _head_noun(doc, num)
        unit = num.currency or unit
        sent = doc[num.start].sent
        what, noun = None, None
        state = None
        holder = None
        if head_i is not None and doc[head_i].lower_ in ("them", "those", "whom", "these"):
            what, noun = previous_what.get(sent.start, (None, None))
            end_i = head_i + 1
        elif head_i is not None:
            head = doc[head_i]
            mods = doc[_skip_hyphen(doc, num.end):head_i + 1]
            if unit in TIME_UNITS.values():
                mods = doc[head_i:head_i + 1]
            what = " ".join(tok.text for tok in mods if tok.pos_ != "DET" and tok.text not in ("-", "%") and tok.lemma_.lower() not in TIME_UNITS and tok.lower_ not in ("of",) and not tok.lower_ in PERCENT_WORDS and tok.lower_ not in CURRENCY_WORDS) or None
            holder, state = _holder(head)
            if holder and what:
                what = f"{what} {holder}"
            # a duration belongs to one thing ("pause:duration"); counts are plural ("hostages")
            noun = head.lemma_.lower() if unit in TIME_UNITS.values() else _plural(head)
            end_i = head_i + 1
        else:
            end_i = num.end
            if unit is not None and num.currency is None:
                end_i = _skip_hyphen(doc, num.end) + 1
        anchor = doc[num.end - 1]
        predicate = _predicate_state(doc[num.start]) or _predicate_state(anchor)
        if predicate:
            state = predicate
            if what:
                what = f"{predicate} {what}"
        if what and noun:
            previous_what[sent.start] = (what if not predicate else what.split(" ", 1)[1], noun)
        aside = _verbless_aside(doc, num)
        status, hedged, present = _context(doc, anchor, aside)
        char_start, char_end = doc[start].idx, doc[end_i - 1].idx + len(doc[end_i - 1].text)
        source = _quote_source(record, char_start, char_end)
        if source is None and not aside:  # an aside is the reporter's own description
            source = _attribution(record, anchor)
        key = _key(noun, unit, state)
        figures.append(Figure(
            value=num.value, unit=unit, what=what, text=doc.text[char_start:char_end],
            approximate=num.approximate or approx_q, qualifier=qualifier, source=source,
            hedged=hedged, as_of=published if (status == "asserted" and present) else None,
            evidence=evidence(sent), status=status, key=key,
        ))
        i = max(num.end, i + 1)
    record.figures = figures


def _key(noun: str | None, unit: str | None, state: str | None) -> str | None:
    if unit in TIME_UNITS.values():
        return f"{noun or 'time'}:duration"
    if unit == "percent":
        return f"{noun}:percent" if noun else "percent"
    if unit is not None and unit.isupper():
        return f"{noun}:money" if noun else "money"
    if noun is None:
        return None
    return f"{noun}:{state}" if state else noun
