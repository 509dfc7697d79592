"""events: who did what to whom, where and when — PLOVER-typed events from the report.

``annotate`` fills ``record.events``. It reads what earlier components put in the record:
entities (actors, targets), dates (``record.dates``), places and quotes (sources).

How it works, in one pass over the tokens:
1. Triggers: a verb or event noun whose lemma is in the trigger lexicon
   (``data/events/plover_triggers.json``) and whose sense conditions hold (object class,
   particle, preposition...). Event nouns take their actor from a light verb ("launched
   strikes"), a possessive or modifier ("Hamas attack", "Israel's seizure") or "by X".
2. Each trigger gets actor/target from the dependency parse (passives, relative clauses,
   shared subjects of participles and conjuncts, pronouns resolved to a nearby entity),
   place and date from the phrases it governs (then from the clause it hangs off, or the verb
   of occurrence it is the subject of: "talks will resume in Doha on Thursday"), status
   from its modality, a source from the quote it sits in or the reporting verb above it. The
   date of the report's dateline or heading line is the report's, never an event's
   (``_datelines``).
3. Mentions of one happening are merged (same type, same kind of trigger, same status,
   compatible participants/place/date, and at least one of them shared).

Verbal cooperation/conflict types never get an ACLED code; material ones get one when
the codebook's sub-event type follows from the trigger, its instrument or its target.
"""

from __future__ import annotations

import bisect
import re
from datetime import date, timedelta
from dataclasses import dataclass, replace

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span as SpacySpan, Token

from newsledger.analysis import _event_actors, _event_dates, _event_places
from newsledger.analysis._datelines import DASHES, dateline_end, report_date
from newsledger.analysis._event_dates import of_another_time
from newsledger.analysis._event_lexicon import Lexicon, Sense, lexicon
from newsledger.analysis._precision import date_fields, geo_precision
from newsledger.analysis._spans import entity_at, evidence, text_of, token_mask
from newsledger.record import (
    ACLED_SUB_EVENT_TYPES, Acled, DateMention, Entity, Event, Evidence, Place, PlaceRef, Record, Ref,
)

REPORTING = frozenset({
    "say", "tell", "announce", "add", "claim", "report", "confirm", "state", "insist", "note",
    "explain", "write", "argue", "acknowledge", "admit", "indicate", "reveal", "disclose",
    "believe", "tweet", "post", "brief", "accord", "suggest", "stress", "assert", "maintain",
})
VERBAL_TYPES = frozenset({"REQUEST", "THREATEN", "REJECT"})  # their content has not happened
VERBAL_KINDS = frozenset({"AGREE", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
HYPO_HEADS = frozenset({
    "hope", "want", "wish", "seek", "aim", "try", "attempt", "consider", "propose", "fear",
    "risk", "threaten", "demand", "urge", "ask", "wait", "struggle", "need", "push",
})
PLAN_HEADS = frozenset({"plan", "intend", "prepare", "set", "expect", "due", "schedule", "go",
                        "decide", "agree", "vow", "pledge", "promise", "ready", "willing"})
PROPOSAL_NOUNS = frozenset({"proposal", "plan", "deal", "offer", "draft", "framework", "term",
                            "condition", "call", "demand", "bid", "initiative", "roadmap",
                            "agreement", "idea", "option", "scenario", "threat"})
DENY = frozenset({"deny", "refute"})
HYPO_MODALS = frozenset({"could", "might", "may", "should", "must", "ought", "can"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "’ll", "wo"})
LOC_PREPS = frozenset({"in", "into", "at", "near", "to", "toward", "towards", "from", "across",
                       "outside", "inside", "on", "onto", "around", "along", "through", "throughout",
                       "within", "off", "over", "of", "between", "beyond", "past", "by"})
INSTRUMENT_PREPS = frozenset({"with", "by", "using", "in", "during", "through", "amid", "via"})
MEANS_PREPS = frozenset({"with", "by", "using", "through", "via"})  # "backed by strikes": the doer's means
# A proposal tabled by a go-between is mediation (PLOVER CONSULT, third-party mode), not the
# proposer's own commitment (AGREE).
MEDIATORS = frozenset({"mediator", "broker", "intermediary", "facilitator", "go-between"})
RELATIVE = frozenset({"who", "whom", "which", "that", "what", "whose"})
PRONOUN_TYPES: dict[str, frozenset[str]] = {
    **dict.fromkeys(("he", "him", "his", "she", "her", "hers"), frozenset({"PERSON"})),
    **dict.fromkeys(("it", "its"), frozenset({"ORG", "GPE"})),
    **dict.fromkeys(("they", "them", "their", "theirs"), frozenset({"ORG", "GPE", "NORP"})),
}
OCCURRENCE_VERBS = frozenset({"take", "happen", "occur", "begin", "start", "come", "go", "continue",
                              "resume", "proceed", "unfold", "follow", "open", "end", "close", "conclude"})
# "the first day of talks", "a second round of negotiations": the talks took place.
SERIES_NOUNS = frozenset({"day", "round", "session", "week", "opening", "start", "end", "close", "series"})
# "Thousands of farmers", "six of the workers": the class is the farmers'.
QUANTIFIERS = frozenset({"thousand", "hundred", "dozen", "million", "score", "some", "many", "most", "all",
                         "several", "few", "group", "crowd", "number", "one", "each", "both", "none"})
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}
WEEKDAY_AND_MONTH_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december".split())
BACK_REFERENCES = frozenset({"after", "since", "following", "before", "until", "ahead", "prior"})
CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}$")
SIDE_STEM = 5  # "Israel"/"Israeli", "Palestine"/"Palestinian": one side when the stems match


@dataclass
class _Found:
    """One trigger's event plus what merging needs to compare."""

    event: Event
    kind: str
    order: int
    target_lemma: str | None = None
    target_class: str | None = None
    anaphor: bool = False  # a definite noun that refers back ("the attack", "Monday's ambush")


# Verbs whose subject, when they take no object, undergoes them ("the market reopened").
ERGATIVE = frozenset({"reopen", "close", "shut"})

# Prepositions that close a span of time: their date bounds a state, it does not date a happening.
UNTIL = frozenset({"until", "till", "til", "untill"})

# Determiners that make a noun trigger refer back to a happening the report has already told.
DEFINITE = frozenset({"the", "this", "that", "these", "those"})


class _Reader:
    """Per-document look-ups, built once per ``annotate`` call (all linear in the doc)."""

    def __init__(self, doc: Doc, record: Record, lex: Lexicon) -> None:
        self.doc, self.record, self.lex = doc, record, lex
        self.place_at: dict[int, Place] = {}
        for place in record.places:
            for m in place.mentions:
                for tok in self._tokens(m.start, m.end):
                    self.place_at.setdefault(tok.i, place)
        self.date_at: dict[int, DateMention] = {}
        for d in record.dates:
            if d.value and not report_date(doc, d):
                for tok in self._tokens(d.start, d.end):
                    self.date_at.setdefault(tok.i, d)
        self.mentions: list[tuple[int, int, Entity]] = sorted(
            (m.start, m.end, e) for e in record.entities for m in e.mentions)
        self.mention_starts = [m[0] for m in self.mentions]
        self.quotes = sorted(((q.start, q.end, q) for q in record.quotes), key=lambda t: t[0])
        self.triggers: dict[int, Sense] = {}

    def _tokens(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def entity_of(self, tok: Token) -> Entity | None:
        return entity_at(self.record, tok.idx, tok.idx + len(tok.text))

    def entity_type(self, tok: Token) -> str | None:
        ent = self.entity_of(tok)
        return ent.type if ent else (tok.ent_type_ or None)


# ---------------------------------------------------------------- grammar helpers

def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX")


def _prep_objects(tok: Token, preps: tuple[str, ...] | frozenset[str], r: _Reader) -> list[Token]:
    """Objects of the given prepositions hanging off ``tok`` (date phrases left out)."""
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            for p in c.children:
                if p.dep_ in ("pobj", "pcomp") and p.i not in r.date_at and p.ent_type_ not in ("DATE", "TIME"):
                    out.append(p)
    return out


def _has_prep(tok: Token, preps: tuple[str, ...], r: _Reader) -> bool:
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            objs = [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
            if not objs or any(p.ent_type_ not in ("DATE", "TIME") and p.i not in r.date_at for p in objs):
                return True
    return False


def _class_token(tok: Token, lex: Lexicon) -> Token:
    """The noun that says what kind of thing ``tok`` is: "300 tonnes of rice" -> rice,
    "thousands of farmers" / "six of the workers" -> farmers / workers."""
    for _ in range(2):
        lemma = tok.lemma_.lower()
        if not (tok.pos_ == "NUM" or lemma in QUANTIFIERS or lemma in lex.measures):
            break
        inner = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                      for p in c.children if p.dep_ == "pobj"), None)
        if inner is None:
            break
        tok = inner
    return tok


def _object(verb: Token) -> Token | None:
    """The thing acted on: direct object, passive subject, or the noun a relative clause modifies."""
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            if c.lower_ in RELATIVE and verb.dep_ == "relcl":
                return verb.head
            end = dateline_end(c) if c.dep_ == "nsubjpass" else None
            if end is not None and c.i < end:
                return _past_dateline(verb, c, end)
            return c
    if verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children):
        # "the ceasefire signed on Thursday by X was ...": a reduced passive parsed as a clause
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ not in RELATIVE:
            return subj
    for c in verb.children:  # "six of the workers seized ... were freed" parsed as a clausal subject
        if c.dep_ == "csubjpass" and c.tag_ == "VBN":
            subj = next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return subj
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return verb.head
    if verb.dep_ == "relcl":
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ not in RELATIVE:
            return verb.head
    return None


def _past_dateline(verb: Token, subj: Token, end: int) -> Token | None:
    """The real subject behind a dateline: another subject after it, or one set beside the town."""
    for c in verb.children:
        if c.dep_ == "nsubj" and c.i > end:
            return c
    for c in subj.subtree:  # "TOWN, ... (X Wire) - Six of the workers seized ...": the parse hangs them off the town
        if c.i > end and (c.dep_ in ("appos", "conj") and c.pos_ in ("NOUN", "PROPN") or
                          c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN", "NUM")):
            return c
    return None


def _subject(verb: Token, depth: int = 0) -> Token | None:
    """The doer: agent of a passive, subject, or the subject shared with the governing verb."""
    if depth > 4:
        return None
    for c in verb.children:
        if c.dep_ == "agent":
            objs = [p for p in c.children if p.dep_ == "pobj"]
            if objs:
                return objs[0]
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            if c.lower_ in RELATIVE and verb.dep_ == "relcl":
                return verb.head
            end = dateline_end(c)
            if end is not None and c.i < end:
                return _past_dateline(verb, c, end)
            return c
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return verb.head
    if verb.dep_ == "pcomp" and verb.head.lower_ == "of" and _is_verb(verb.head.head):
        # "accused the army of shelling": the accused is the doer
        obj = next((c for c in verb.head.head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj
    if verb.dep_ in ("xcomp", "advcl", "conj") and _is_verb(verb.head):
        if verb.dep_ == "advcl" and any(c.dep_ == "mark" for c in verb.children):
            return None
        if verb.dep_ == "xcomp":  # "urged X to ...": the controller is the object
            obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
            if obj is not None and verb.head.lemma_ not in ("want", "try", "seek", "plan", "agree"):
                return obj
        return _subject(verb.head, depth + 1)
    return None


def _phrase(tok: Token) -> SpacySpan:
    """The noun phrase of ``tok`` without clauses or trailing prepositional phrases."""
    doc = tok.doc
    left, right = tok.i, tok.i
    for c in tok.lefts:
        if c.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "predet"):
            left = min(left, c.left_edge.i)
    for c in tok.rights:
        if c.dep_ == "case":
            right = max(right, c.i)
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN"):
            right = max(right, _phrase(c).end - 1)
    dateline = dateline_end(tok)
    if dateline is not None and left <= dateline < tok.i:
        left = dateline + 1  # "KHARKIV, Ukraine - Drones": the dateline is no part of the phrase
    for t in doc[left:tok.i]:
        # page furniture before the phrase: a dash ("El Obeid - Fourteen people") or a live
        # blog's clock time ("18:10 Six women")
        if t.text in DASHES or CLOCK.match(t.text):
            left = t.i + 1
    span = doc[left:right + 1]
    while len(span) > 1 and (span[0].lower_ in ("the", "a", "an") or span[0].is_punct):
        span = span[1:]
    while len(span) > 1 and (span[-1].is_punct or span[-1].dep_ == "case"):
        span = span[:-1]
    return span


def _clean(text: str) -> str:
    return " ".join(text.replace("’s", "").replace("'s", "").split()) if text.endswith(("’s", "'s")) else " ".join(text.split())


# ---------------------------------------------------------------- references

def _resolve_pronoun(tok: Token, r: _Reader) -> Ref | None:
    lower = tok.lower_
    types = PRONOUN_TYPES.get(lower)
    if types is None:
        return None
    verb = tok.head
    # "X said it had ...": the pronoun subject of a reported clause is the reporter.
    if tok.dep_ in ("nsubj", "nsubjpass") and verb.dep_ == "ccomp" and verb.head.lemma_ in REPORTING:
        subj = _subject(verb.head)
        if subj is not None and subj.i != tok.i and subj.lower_ not in PRONOUN_TYPES:
            return _ref(subj, r)
    # Otherwise the nearest earlier entity mention of a fitting type, within two sentences.
    return _last_named(tok, r, lambda entity: entity.type in types)


def _last_named(tok: Token, r: _Reader, fits) -> Ref | None:
    """The entity mentioned last before ``tok`` that ``fits``, within its sentence and the one
    before."""
    sent = tok.sent
    window_start = r.doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
    pos = bisect.bisect_left(r.mention_starts, tok.idx) - 1
    while pos >= 0 and r.mentions[pos][0] >= window_start:
        _start, end, entity = r.mentions[pos]
        if end <= tok.idx and fits(entity):
            return Ref(name=entity.name, entity_id=entity.id)
        pos -= 1
    return None


def _resolve_definite(tok: Token, r: _Reader) -> Ref | None:
    """"the group", "the movement", "the union": a definite noun of the lexicon's organisation
    class with no name of its own stands for the organisation named last, within the sentence
    and the one before (as "it" does)."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in r.lex.classes.get("organisation", frozenset()):
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) or any(
            c.dep_ in ("compound", "amod", "poss", "nmod") and c.pos_ == "PROPN" for c in tok.children):
        return None
    publisher = (r.record.article.publisher or "").casefold()
    return _last_named(tok, r, lambda entity: entity.type == "ORG" and entity.name.casefold() not in publisher)


def _ref(tok: Token | None, r: _Reader) -> Ref | None:
    """A Ref for the phrase headed by ``tok``: the entity when one covers its head."""
    if tok is None or tok.lower_ in RELATIVE or tok.lower_ in ("one", "ones", "this", "these", "those"):
        return None
    if tok.pos_ == "PRON" or tok.lower_ in PRONOUN_TYPES:
        return _resolve_pronoun(tok, r)
    for c in tok.children:  # "the other crossing, Kerem Shalom": the name is more telling
        if c.dep_ == "appos" and c.pos_ == "PROPN":
            tok = c
            break
    has_conj = any(c.dep_ == "conj" for c in tok.children)
    entity = None if has_conj else r.entity_of(tok)
    if entity is None and not has_conj:
        named = _resolve_definite(tok, r)
        if named is not None:
            return named
    if entity is not None and entity.type != "NORP":
        return Ref(name=entity.name, entity_id=entity.id)
    name = _clean(_phrase(tok).text)
    if not name:
        return None
    if entity is not None and name.lower() == entity.name.lower():
        return Ref(name=entity.name, entity_id=entity.id)
    return Ref(name=name)


# Entity labels that never name a doer: a day ("Monday's attack"), a number, an amount.
# Forces of nature: what they do is damage, not an event between actors (PLOVER codes acts of
# people, groups and states).
NATURAL_FORCES = frozenset("""flood flooding rain rainfall storm cyclone hurricane typhoon earthquake quake
tremor drought landslide mudslide wildfire fire blaze wind tide tsunami avalanche heatwave snow
disease outbreak epidemic""".split())
NOT_DOERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})


def _can_act(tok: Token, r: _Reader) -> bool:
    """Whether the phrase headed by ``tok`` can be an actor: people, groups, organisations,
    states, forces; not a date, a number or a weapon ("a drone struck": the drone's user acted)."""
    if (tok.ent_type_ in NOT_DOERS or tok.like_num) and not any(c.lower_ == "of" for c in tok.children):
        return False  # but "thousands of teachers" are the teachers
    lemma = tok.lemma_.lower()
    if lemma not in r.lex.instruments and tok.lower_.endswith("s"):
        lemma = tok.lower_[:-1]  # a capitalised plural is often tagged as a name, lemma and all
    weapons = r.lex.classes.get("explosive", frozenset()) | r.lex.classes.get("projectile", frozenset())
    if (lemma in r.lex.instruments or lemma in weapons) and not lemma.endswith(("man", "men", "er")) \
            and tok.ent_type_ not in ("ORG", "NORP", "GPE", "PERSON"):
        return False  # "a roadside device killed four": whoever planted it acted
    if (tok.lemma_.lower() in r.lex.nouns or tok.lower_ in r.lex.nouns) and r.entity_of(tok) is None:
        return False  # "fighting between the army and rebels killed five": a happening acts on no one
    return not (tok.text[:1].isupper() and tok.lower_ in WEEKDAY_AND_MONTH_NAMES)


def _past_message(tok: Token, r: _Reader) -> Token | None:
    """A statement, a letter, a deal does not act; whoever issued or sent it does ("the
    association issued a statement calling for ...", "the militia sent word demanding money").
    Without such a sender the event has no doer from the grammar."""
    if tok.pos_ != "NOUN" or r.entity_of(tok) is not None:
        return tok
    lemma = tok.lemma_.lower()
    if lemma not in r.lex.classes.get("messages", frozenset()) and lemma not in r.lex.classes.get("agreement", frozenset()):
        return tok
    if tok.dep_ in ("dobj", "nsubjpass") and _is_verb(tok.head):
        return _subject(tok.head)
    return None


def _is_generic(ref: Ref | None) -> bool:
    return ref is None or (ref.entity_id is None and not any(w[:1].isupper() for w in ref.name.split()))


def _side(ref: Ref) -> str | None:
    for word in ref.name.split():
        if word[:1].isupper() and word.lower() not in ("the", "a", "an"):
            return word.lower()[:SIDE_STEM] if len(word) >= 4 else word.lower()
    return None


def _same_ref(a: Ref | None, b: Ref | None) -> bool:
    if a is None or b is None:
        return False
    if a.entity_id and a.entity_id == b.entity_id:
        return True
    if a.name.casefold() == b.name.casefold():
        return True
    sa, sb = _side(a), _side(b)
    return sa is not None and sa == sb


# ---------------------------------------------------------------- triggers

def _light_governor(noun: Token, r: _Reader) -> Token | None:
    """The light verb a noun trigger is the object of ("launched strikes", "held talks")."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and _is_verb(head) and head.lemma_.lower() in r.lex.light_verbs:
        return head
    return None


def _is_place(tok: Token, r: _Reader) -> bool:
    """A town or division the report's places resolved ("seized Goma", whatever the tagger says)."""
    place = r.place_at.get(tok.i)
    return place is not None and place.lat is not None


def _undergoer(verb: Token, obj: Token | None, subj: Token | None) -> tuple[Token | None, Token | None]:
    """(object, subject) of a verb; for an ergative verb with no object ("the market reopened on
    Friday", "the crossing closed") the subject is what was opened or closed, by whoever the report
    says, and no doer."""
    if obj is None and subj is not None and verb.lemma_.lower() in ERGATIVE:
        return subj, None
    return obj, subj


def _verb_sense(tok: Token, senses: tuple[Sense, ...], r: _Reader) -> Sense | None:
    lex = r.lex
    obj, subj = _undergoer(tok, _object(tok), _subject(tok))
    obj_kind = _class_token(obj, lex) if obj is not None else None
    subj_kind = _class_token(subj, lex) if subj is not None else None
    prt = _particle(tok)
    for s in senses:
        if s.prt and s.prt != prt:
            continue
        if s.obj:
            # "signed Partial Agreement No. 5", "signed the Framework Agreement": a name's own
            # kind word may be a compound of the word the parser makes the object
            if obj is None or not (lex.token_in(obj_kind, s.obj, r.entity_type(obj_kind)) or any(
                    c.dep_ == "compound" and lex.token_in(c, s.obj) for c in obj_kind.children)
                    or (_is_place(obj_kind, r) and lex.token_in(obj_kind, s.obj, "PLACE"))):
                continue
        if s.obj_not and obj is not None and lex.token_in(obj_kind, s.obj_not, r.entity_type(obj_kind)):
            continue
        if s.obj_none and obj is not None:
            continue
        if s.subj and (subj is None or not lex.token_in(subj_kind, s.subj, r.entity_type(subj_kind))):
            continue
        if s.subj_not and subj is not None and lex.token_in(subj_kind, s.subj_not, r.entity_type(subj_kind)):
            continue
        if s.prep and not _has_prep(tok, s.prep, r):
            continue
        if s.pobj and not any(lex.token_in(p, s.pobj) for p in _prep_objects(tok, s.prep, r)):
            continue
        comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
        if s.comp and not comps:
            continue
        if s.no_comp and comps:
            continue
        if s.comp_neg and not any(any(g.dep_ == "neg" for g in c.children) for c in comps):
            continue
        if s.comp_future and not any(any(g.dep_ == "aux" and g.lower_ in FUTURE_AUX | {"would"}
                                         for g in c.children) for c in comps):
            continue
        if s.visit and not _visit_purpose(tok, subj, r):
            continue
        return s
    return None


# Particles the parser sometimes tags as an adverb right after the verb ("stepped down", "pulled back").
PARTICLES = frozenset({"down", "out", "up", "off", "over", "back", "in", "forward", "away"})


def _particle(verb: Token) -> str | None:
    """The verb's phrasal particle: a ``prt`` child, else a particle adverb right after it."""
    prt = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    if prt is None:
        prt = next((c.lower_ for c in verb.children if c.dep_ == "advmod" and c.i == verb.i + 1
                    and c.lower_ in PARTICLES), None)
    return prt


def _visit_purpose(verb: Token, subj: Token | None, r: _Reader) -> bool:
    """Travel is a consultation when it is for talks, by an envoy-like actor, or by a person."""
    lex = r.lex
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "for" and any(
                lex.token_in(p, ("talks",)) for p in c.children if p.dep_ == "pobj"):
            return True
        if c.dep_ in ("advcl", "xcomp") and c.lemma_ in ("meet", "discuss", "negotiate", "participate",
                                                          "attend", "hold", "talk", "join", "broker", "mediate"):
            return True
    if subj is not None:
        return lex.token_in(subj, ("envoy", "@PERSON"), r.entity_type(subj))
    return False


def _noun_sense(tok: Token, senses: tuple[Sense, ...], r: _Reader) -> Sense | None:
    lex = r.lex
    mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "poss")}
    of_obj = next(iter(_prep_objects(tok, ("of",), r)), None)
    if of_obj is not None:
        of_obj = _class_token(of_obj, lex)
    under = tok.head.lower_ if tok.dep_ == "pobj" else None
    for s in senses:
        if s.mods and not mods & set(s.mods):
            continue
        if s.pobj_of and under not in s.pobj_of:
            continue
        if s.light_only and _light_governor(tok, r) is None and not (
                tok.dep_ in ("nsubj",) and tok.head.lemma_ in OCCURRENCE_VERBS) and not (
                under == "of" and tok.head.head.lemma_.lower() in SERIES_NOUNS):
            continue
        if s.of_class and (of_obj is None or not lex.token_in(of_obj, s.of_class, r.entity_type(of_obj))):
            continue
        if s.prep and not _has_prep(tok, s.prep, r):
            continue
        return s
    return None


def _find_triggers(doc: Doc, r: _Reader) -> list[Token]:
    lex = r.lex
    found = []
    # Only a word whose lemma (or lower-cased form) is in the lexicon can be a trigger: those
    # are picked from the Doc's arrays, each distinct spelling tested once, no Token for the rest.
    if not len(doc):
        return found
    candidates = token_mask(doc, LEMMA, lambda lemma: lemma.lower() in lex.verbs or lemma.lower() in lex.nouns)
    candidates |= token_mask(doc, LOWER, lex.nouns.__contains__)
    for i in numpy.flatnonzero(candidates).tolist():
        tok = doc[i]
        lemma = tok.lemma_.lower()
        sense = None
        if tok.pos_ == "VERB" and lemma in lex.verbs:
            sense = _verb_sense(tok, lex.verbs[lemma], r)
        elif tok.pos_ in ("NOUN", "PROPN") and (tok.i in r.date_at or tok.ent_type_ in ("DATE", "TIME")):
            pass  # "in March": a month, not a march
        elif tok.pos_ in ("NOUN", "PROPN") and lemma in lex.nouns:
            sense = _noun_sense(tok, lex.nouns[lemma], r)
        elif tok.pos_ == "NOUN" and tok.lower_ in lex.nouns:  # lemmatiser missed a plural
            sense = _noun_sense(tok, lex.nouns[tok.lower_], r)
        if sense is not None:
            r.triggers[tok.i] = sense
            found.append(tok)
    # "Gunmen on a motorcycle shot dead a journalist": the small model often reads "shot" as a
    # noun and "dead" as the verb; the phrase kills, with firearms, whoever "dead" takes.
    for i in numpy.flatnonzero(token_mask(doc, LOWER, "dead".__eq__)).tolist():
        tok = doc[i]
        if tok.i > 0 and doc[tok.i - 1].lower_ == "shot" and tok.i not in r.triggers \
                and tok.i - 1 not in r.triggers and any(c.dep_ == "dobj" for c in tok.children):
            sense = _verb_sense(tok, lex.verbs.get("kill", ()), r)
            if sense is not None:
                r.triggers[tok.i] = replace(sense, mode=sense.mode or "firearms")
                found.append(tok)
    # A hyphenated lexicon noun ("sit-in") is three tokens to the tokenizer ("sit", "-", "in"),
    # the last the phrase's head: it is the trigger when the two before it spell the rest.
    for word, first, last in lex.hyphenated:
        for i in numpy.flatnonzero(token_mask(doc, LOWER, last.__eq__)).tolist():
            tok = doc[i]
            if i >= 2 and i not in r.triggers and doc[i - 1].text == "-" and doc[i - 2].lower_ == first \
                    and tok.pos_ in ("NOUN", "PROPN"):
                sense = _noun_sense(tok, lex.nouns[word], r)
                if sense is not None:
                    r.triggers[tok.i] = sense
                    found.append(tok)
    found.sort(key=lambda t: t.i)
    return found


# ---------------------------------------------------------------- participants

def _noun_actor(noun: Token, sense: Sense, r: _Reader) -> Token | Ref | None:
    light = _light_governor(noun, r)
    if light is not None and noun.dep_ == "dobj":
        subj = _subject(light)
        if subj is not None:
            return subj
    if sense.pobj_of and noun.dep_ == "pobj" and _is_verb(noun.head.head):
        return _subject(noun.head.head)  # "workers went on strike"
    for c in noun.children:
        if c.dep_ == "poss":
            return c
    for c in noun.children:
        if c.dep_ in ("compound", "amod", "nmod") and (c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "ORG", "GPE")):
            if c.i not in r.place_at:
                return c
    by = _prep_objects(noun, ("by",), r)
    if by:
        return by[0]
    if sense.of == "actor":
        of = _prep_objects(noun, ("of",), r)
        if of:
            return of[0]
    # An instrument phrase ("... supported by artillery fire") belongs to the clause's doer.
    verb = _means_verb(noun)
    if verb is None:
        return None
    gov = r.triggers.get(verb.i)
    if gov is not None and gov.type in VERBAL_TYPES | {"AGREE", "ACCUSE", "SUPPORT"}:
        return None
    return _subject(verb)


def _means_verb(noun: Token) -> Token | None:
    """The verb an instrument phrase serves ("took the bridge ... supported by artillery fire")."""
    tok, steps = noun, 0
    while steps < 8 and tok.dep_ in ("pobj", "acl") or (steps < 8 and tok.dep_ == "conj" and tok.head.pos_ == "NOUN"):
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ not in MEANS_PREPS:
            return None
        tok, steps = head, steps + 1
        if tok.dep_ in ("prep", "agent"):
            tok = tok.head
            if _is_verb(tok) and tok.dep_ != "acl":
                return tok
    return None


def _target_token(trig: Token, sense: Sense, is_noun: bool, r: _Reader) -> Token | None:
    sources = sense.target
    if sources is None and sense.type == "PROTEST":
        sources = ("against",)  # "protests on campuses": where, not against whom
    if sources is None:
        sources = ("on", "against", "of") if is_noun and sense.of == "target" else (
            ("on", "against") if is_noun else ("obj", "against", "on", "at"))
    for src in sources:
        if src == "obj":
            obj = _object(trig)
            if obj is not None and obj.lemma_ == "control":
                obj = _territory(obj, r)
                if obj.lemma_ == "control":
                    obj = None
            if obj is not None:
                return obj
        else:
            objs = _prep_objects(trig, (src,), r)
            if objs:
                return objs[0]
    return None


def _territory(tok: Token, r: _Reader) -> Token:
    """From "control of the eastern side of the X crossing" down to the territory itself."""
    steps = 0
    while steps < 4 and tok.lemma_ in ("control", "side", "part", "area", "outskirts", "edge", "half"):
        inner = _prep_objects(tok, ("of", "over"), r)
        if not inner:
            break
        tok, steps = inner[0], steps + 1
    return tok


def _place_near(tok: Token, r: _Reader) -> Place | None:
    """A place naming ``tok`` itself or its close modifiers ("the Rafah crossing", "Gaza's border")."""
    if tok.i in r.place_at:
        return r.place_at[tok.i]
    for c in tok.children:
        if c.dep_ in ("compound", "poss", "amod", "nmod", "appos") and c.i in r.place_at:
            return r.place_at[c.i]
    return None


def _governed_place(tok: Token, r: _Reader) -> Place | None:
    for p in _prep_objects(tok, LOC_PREPS - {"of", "between", "by"}, r):
        for t in p.subtree:
            if t.i in r.place_at:
                return r.place_at[t.i]
    return None


def _own_tokens(root: Token, r: _Reader):
    """The trigger's subtree without nested events and without embedded clauses, nor a clause
    of another time ("the first attack since convoys resumed on Friday": Friday is the
    resuming's day, not the attack's)."""
    stack = [root]
    while stack:
        tok = stack.pop()
        yield tok
        for c in tok.children:
            if c.i in r.triggers or c.dep_ in ("relcl", "acl", "ccomp", "csubj", "parataxis"):
                continue
            if c.dep_ == "prep" and c.lower_ in UNTIL:
                continue  # "declared a state of emergency until 25 February": the end of what it set up
            if of_another_time(c, BACK_REFERENCES):
                continue
            stack.append(c)


def _parents(trig: Token, r: _Reader) -> list[Token]:
    """Verbs this trigger shares its clause with: heads of participles, conjuncts, light verbs."""
    out = []
    tok = trig
    for _ in range(3):
        if tok.dep_ in ("advcl", "conj", "xcomp") and _is_verb(tok.head) and tok.head.lemma_ not in REPORTING:
            tok = tok.head
            out.append(tok)
        elif tok.pos_ in ("NOUN", "PROPN") and _light_governor(tok, r) is not None:
            tok = _light_governor(tok, r)
            out.append(tok)
        elif tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "nsubj" and tok.head.lemma_ in OCCURRENCE_VERBS:
            # "Talks will resume in Doha on Thursday": where and when the talks take place
            tok = tok.head
            out.append(tok)
        else:
            break
    return out


def _place(trig: Token, sense: Sense, obj: Token | None, actor_tokens: set[int], r: _Reader) -> Place | None:
    if sense.place_from_obj and obj is not None:
        place = _place_near(_territory(obj, r), r)
        if place:
            return place
    if trig.pos_ in ("NOUN", "PROPN"):
        for c in trig.children:
            if c.dep_ in ("compound", "nmod") and c.i in r.place_at and c.i not in actor_tokens:
                return r.place_at[c.i]
    place = _governed_place(trig, r)
    if place:
        return place
    for parent in _parents(trig, r):
        place = _governed_place(parent, r)
        if place:
            return place
    for tok in _own_tokens(trig, r):
        if tok.i in r.place_at and tok.i not in actor_tokens:
            return r.place_at[tok.i]
    if sense.type in VERBAL_KINDS:  # a statement's place is where it was made, if said
        return None
    end = dateline_end(trig.sent[0])
    for tok in trig.sent:
        if end is not None and tok.i < end:
            continue  # where the report was filed, not necessarily where it happened
        if tok.i in r.place_at and tok.i not in actor_tokens and not _owned_elsewhere(tok, trig, r):
            return r.place_at[tok.i]
    return None


def _owned_elsewhere(tok: Token, trig: Token, r: _Reader) -> bool:
    """Whether a token belongs to another event, to a reporting verb above the trigger, or to
    a clause of another time under it ("since convoys resumed on Friday")."""
    cur, steps = tok, 0
    while steps < 12:
        if cur.i == trig.i:
            return False
        if cur.i in r.triggers or cur.lemma_ in REPORTING:
            return True
        if of_another_time(cur, BACK_REFERENCES):
            return True
        if cur.head.i == cur.i:
            return False
        cur, steps = cur.head, steps + 1
    return False


def _recalled(trig: Token) -> Token | None:
    """The subordinator ("after", "since") when the trigger's clause recalls another happening."""
    cur = trig
    for _ in range(3):
        for c in cur.children:
            if c.dep_ == "mark" and c.lower_ in BACK_REFERENCES:
                return c
        if cur.dep_ == "pobj" and cur.head.lower_ in BACK_REFERENCES:
            return cur.head
        if cur.dep_ == "pcomp" and cur.head.lower_ in BACK_REFERENCES:
            return cur.head
        if cur.dep_ in ("advcl", "prep", "pobj", "pcomp") and cur.head.i != cur.i:
            cur = cur.head
            continue
        break
    return None


def recalled_clause(trig: Token) -> bool:
    """Whether the trigger tells a happening its sentence recalls ("after an attack on a convoy
    that killed 17", "since gunmen attacked"): one before or after the sentence's own time."""
    if _recalled(trig) is not None:
        return True
    for tok in trig.ancestors:
        if tok.lower_ in BACK_REFERENCES and tok.dep_ in ("prep", "mark"):
            return True
        if tok.dep_ == "ROOT" or tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("relcl", "acl", "pcomp"):
            return False
    return False


def _offset_date(marker: Token, main: DateMention) -> DateMention | None:
    """"two days after" a happening dated ``main``: the happening's own day (precision kept)."""
    if main.granularity != "day" or not main.value or marker.lower_ not in ("after", "following", "since"):
        return None
    for c in [*marker.children, *marker.head.children]:  # "two days" hangs off either
        if c.dep_ == "npadvmod" and c.lemma_ in ("day", "week"):
            n = next((_number(x) for x in c.children if x.dep_ == "nummod"), None)
            if n is None and any(x.lower_ in ("a", "one") for x in c.children):
                n = 1
            if n is None:
                return None
            day = date.fromisoformat(main.value) - timedelta(days=n * (7 if c.lemma_ == "week" else 1))
            start, end = min(c.left_edge.idx, marker.idx), max(c.idx + len(c.text), marker.idx + len(marker.text))
            return DateMention(text=text_of(marker.doc)[start:end], start=start, end=end,
                               value=day.isoformat(), granularity="day")
    return None


def _date(trig: Token, r: _Reader) -> DateMention | None:
    for tok in _own_tokens(trig, r):
        if tok.i in r.date_at:
            return r.date_at[tok.i]
    marker = _recalled(trig)
    for parent in _parents(trig, r):
        for tok in _own_tokens(parent, r):
            if tok.i in r.date_at:
                # "closed the crossing on Wednesday, two days after gunmen attacked": the
                # recalled happening is dated from the main clause, or not at all.
                return _offset_date(marker, r.date_at[tok.i]) if marker is not None else r.date_at[tok.i]
    # A clause-level trigger may take the one date of its sentence, when nothing else owns it;
    # but not one in a clause that recalls an earlier or later happening ("two days after gunmen
    # attacked the convoy", "since the ambush"): the sentence's date is the main clause's.
    path_ok, cur = True, trig
    while cur.head.i != cur.i:
        if cur.pos_ in ("NOUN", "PROPN") and cur.i != trig.i:
            path_ok = False
            break
        if cur.lower_ in BACK_REFERENCES or any(c.dep_ == "mark" and c.lower_ in BACK_REFERENCES
                                                 for c in cur.children):
            path_ok = False
            break
        cur = cur.head
    if not path_ok:
        return None
    candidates = {id(d): d for i, d in r.date_at.items() if trig.sent.start <= i < trig.sent.end
                  and not _owned_elsewhere(r.doc[i], trig, r)}
    return next(iter(candidates.values())) if len(candidates) == 1 else None


# ---------------------------------------------------------------- status, source, numbers

def _clause_verb(trig: Token) -> Token:
    """The verb whose modality applies to the trigger."""
    if _is_verb(trig):
        return trig
    tok = trig
    if tok.dep_ in ("dobj", "nsubjpass") and _is_verb(tok.head):
        return tok.head
    if tok.dep_ == "nsubj" and _is_verb(tok.head):
        # "an offensive would take place" / "a strike could spark": an indefinite subject
        # shares its verb's modality; a definite one ("Israel's seizure ...") is presupposed.
        definite = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ not in ("a", "an", "any", "no"))
                       for c in tok.children)
        if not definite or tok.head.lemma_ in OCCURRENCE_VERBS:
            return tok.head
    return trig


def _status(trig: Token, r: _Reader) -> str:
    clause = _clause_verb(trig)
    chain = [clause]
    while chain[-1].dep_ in ("xcomp", "conj") and _is_verb(chain[-1].head) and len(chain) < 4:
        chain.append(chain[-1].head)
    aux = {c.lower_ for v in chain for c in v.children if c.dep_ in ("aux", "auxpass")}
    negated = any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") for c in clause.children)
    if trig.i != clause.i:
        negated = negated or any(c.dep_ == "det" and c.lower_ == "no" for c in trig.children)
    if trig.head.lower_ == "than" and any(c.lower_ == "rather" for c in trig.head.head.children):
        negated = True
    if trig.head.lower_ == "of" and trig.head.head.lower_ == "instead":
        negated = True
    denied = hypothetical = planned = reported = False
    protest = trig.i in r.triggers and r.triggers[trig.i].type == "PROTEST"
    child, head, steps = trig, trig.head, 0
    while head.i != child.i and steps < 12:
        if child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in child.children):
            hypothetical = True
        if child.dep_ in ("advcl", "acl", "relcl") and any(c.dep_ == "aux" and c.tag_ == "TO" for c in child.children) \
                and not (child.i == trig.i and protest and child.dep_ == "advcl"):
            # "troops sent to free hostages": an aim, not an outcome; but "marched to protest
            # against the dam": gathering to protest is the protest (PLOVER PROTEST)
            hypothetical = True
        if child.dep_ in ("relcl", "acl"):
            break  # a relative clause carries its own modality
        lemma = head.lemma_.lower()
        if lemma in DENY and child.dep_ in ("ccomp", "xcomp", "pcomp", "dobj") and (
                child.pos_ in ("VERB", "AUX") or child.tag_ == "VBG"):
            denied = True
        elif head.i in r.triggers and r.triggers[head.i].type in VERBAL_TYPES and head.i != trig.i:
            hypothetical = True
        elif lemma in HYPO_HEADS and _is_verb(head):
            hypothetical = True
        elif lemma in PLAN_HEADS and child.dep_ == "xcomp":
            planned = True
        elif head.pos_ == "NOUN" and lemma in PROPOSAL_NOUNS and child.dep_ in ("prep", "pobj"):
            hypothetical = True
        elif lemma in REPORTING:
            reported = True
        child, head, steps = head, head.head, steps + 1
    if negated:
        return "negated"
    if denied:
        return "denied"
    if aux & HYPO_MODALS or ("have" in aux and "would" in aux) or hypothetical:
        return "hypothetical"
    if aux & FUTURE_AUX or planned or any(v.lower_ == "going" for v in chain[1:]):
        return "planned"
    if "would" in aux:
        return "planned" if reported else "hypothetical"
    return "asserted"


def _reports(quote, trig: Token) -> bool:
    """Whether a quote around the trigger is someone's report of it.

    "X reiterated his rejection" or "X demanded a withdrawal" are X's own acts, not reports;
    an indirect quote is only trusted within the trigger's sentence (wide indirect spans
    reach into clauses the speaker did not say)."""
    if quote.kind == "indirect" and quote.start < trig.sent.start_char:
        return False
    if quote.kind != "indirect" or not quote.cue:
        return True
    cue = quote.cue.lower()
    return any(t.lower_ == cue and t.lemma_.lower() in REPORTING for t in trig.sent) or cue in REPORTING


def _source(trig: Token, r: _Reader) -> Ref | None:
    char = trig.idx
    pos = bisect.bisect_right([q[0] for q in r.quotes], char) - 1
    while pos >= 0:
        start, end, quote = r.quotes[pos]
        if start <= char < end and quote.speaker.name and _reports(quote, trig):
            return Ref(name=quote.speaker.name, entity_id=quote.speaker.entity_id)
        pos -= 1
    child, head, steps = trig, trig.head, 0
    while head.i != child.i and steps < 10:
        if child.dep_ in ("relcl", "acl"):
            break
        if head.lemma_ in REPORTING and _is_verb(head) and child.dep_ in ("ccomp", "parataxis", "advcl", "xcomp"):
            return _ref(_subject(head), r)
        child, head, steps = head, head.head, steps + 1
    for tok in trig.sent:
        if tok.lower_ == "according" and tok.i + 1 < len(r.doc) and r.doc[tok.i + 1].lower_ == "to":
            objs = [c for c in r.doc[tok.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return _ref(objs[0], r)
    return None


def _number(tok: Token | None) -> int | None:
    if tok is None:
        return None
    candidates = [tok] if tok.like_num else [c for c in tok.children if c.dep_ == "nummod"]
    for c in candidates:
        text = c.text.replace(",", "").lower()
        if text.isdigit():
            return int(text)
        if text in NUMBER_WORDS:
            return NUMBER_WORDS[text]
    return None


def _casualty_host(verb: Token, r: _Reader) -> Token | None:
    """The event a "killing N people" belongs to, when the clause names one."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.i in r.triggers and r.triggers[c.i].type == "ASSAULT":
            return c
    for p in _prep_objects(verb, ("in", "by", "during", "after", "with"), r):
        if p.i in r.triggers and r.triggers[p.i].type == "ASSAULT":
            return p
    # "12 soldiers were killed when jihadists ambushed a convoy": the when-clause's attack, also
    # where the parser hung that clause lower down ("killed on Aug. 9 when a patrol was attacked")
    for c in verb.subtree:
        if c.i != verb.i and c.i in r.triggers and r.triggers[c.i].type == "ASSAULT" and any(
                m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "as", "while") for m in c.children):
            return c
    if verb.dep_ == "relcl" and verb.head.dep_ == "pobj" and verb.head.head.dep_ == "prep":
        # "an attack on a convoy that killed 17": the attack did the killing
        hit = verb.head.head.head
        if hit.i in r.triggers and r.triggers[hit.i].type == "ASSAULT":
            return hit
    if verb.dep_ in ("advcl", "conj", "xcomp", "relcl"):
        head = verb.head
        if head.i in r.triggers and r.triggers[head.i].type == "ASSAULT":
            return head
        for c in head.children:  # "launched strikes ..., killing 12": the strikes did it
            if c.dep_ == "dobj" and c.i in r.triggers and r.triggers[c.i].type == "ASSAULT":
                return c
    return None


# ---------------------------------------------------------------- typing details

def _instrument(trig: Token, subj: Token | None, obj: Token | None, r: _Reader) -> tuple[str | None, str | None]:
    lex = r.lex
    words: list[Token] = [c for c in trig.children if c.dep_ in ("compound", "amod", "nmod")]
    for p in _prep_objects(trig, INSTRUMENT_PREPS, r):
        words.append(p)
        words.extend(c for c in p.children if c.dep_ in ("compound", "amod"))
    for t in (subj, obj):
        if t is not None:
            words.append(t)
            words.extend(c for c in t.children if c.dep_ in ("compound", "amod"))
    words.append(trig)
    for w in words:
        hit = lex.instruments.get(w.lemma_.lower()) or lex.instruments.get(w.lower_)
        if hit:
            return hit
    return None, None


def _acled_by_target(target: Token | None, r: _Reader) -> str | None:
    if target is None:
        return None
    if r.lex.token_in(target, ("forces",)):
        return "Armed clash"
    if r.lex.token_in(target, ("civilians",)):
        return "Attack"
    return None


def _mode_from_words(trig: Token, table: dict[str, str]) -> str | None:
    for tok in trig.subtree:
        if tok.i != trig.i and tok.lemma_.lower() in table:
            return table[tok.lemma_.lower()]
    return None


# ---------------------------------------------------------------- assembling

def _event_for(trig: Token, sense: Sense, order: int, fatalities: int | None, victims: Token | None,
               r: _Reader) -> _Found | None:
    is_noun = trig.pos_ in ("NOUN", "PROPN")
    if is_noun:
        actor_tok = _noun_actor(trig, sense, r)
        obj = next(iter(_prep_objects(trig, ("of",), r)), None) if sense.of == "target" else None
    else:
        obj, actor_tok = _undergoer(trig, _object(trig), _subject(trig))
        if isinstance(actor_tok, Token) and actor_tok.lemma_.lower() in NATURAL_FORCES:
            return None  # "floods have destroyed roads": nobody did anything to anyone
    means_tok = actor_tok if isinstance(actor_tok, Token) else None  # "a car bomb exploded": how, not who
    target_tok = _target_token(trig, sense, is_noun, r)
    if target_tok is None and victims is not None:
        target_tok = victims
    if target_tok is not None and actor_tok is not None and target_tok.i == actor_tok.i:
        target_tok = None
    if isinstance(actor_tok, Token):
        actor_tok = _past_message(actor_tok, r)
    if isinstance(actor_tok, Token) and (actor_tok.i in r.triggers or not _can_act(actor_tok, r)):
        actor_tok = None  # "an offensive ... to free hostages": an event is not an actor
    actor = _ref(actor_tok, r) if isinstance(actor_tok, Token) else None
    target = _ref(target_tok, r)
    if sense.place_from_obj and target_tok is not None:
        obj = target_tok
    actor_tokens = {t.i for t in actor_tok.subtree} if isinstance(actor_tok, Token) and actor_tok.pos_ != "PRON" else set()
    if sense.type in VERBAL_KINDS and target_tok is not None:
        actor_tokens |= {t.i for t in target_tok.subtree}  # "warned Israel": Israel is not where
    place = _place(trig, sense, obj, actor_tokens, r)
    date = _date(trig, r)
    if not (actor or target or place or date):
        return None
    if sense.needs and not any((n == "actor" and actor) or (n == "date" and date) for n in sense.needs):
        return None

    mode, acled_sub = sense.mode, sense.acled
    if sense.kind == "propose" and isinstance(actor_tok, Token) and actor_tok.lemma_.lower() in MEDIATORS:
        sense = Sense(type="CONSULT", kind="mediate", mode="third-party")
        mode, acled_sub = sense.mode, None
    if sense.type == "ASSAULT":
        inst_mode, inst_acled = _instrument(trig, actor_tok if isinstance(actor_tok, Token) else means_tok, obj, r)
        mode = mode or inst_mode
        if acled_sub in ("by_instrument", "by_target"):
            acled_sub = inst_acled or _acled_by_target(target_tok, r)
    elif sense.type == "THREATEN" and mode is None:
        mode = _mode_from_words(trig, r.lex.threat_modes)
    elif sense.type in ("REQUEST", "REJECT") and mode is None:
        mode = _mode_from_words(trig, r.lex.request_modes)
    if acled_sub in ("by_instrument", "by_target"):
        acled_sub = None
    acled = Acled(event_type=ACLED_SUB_EVENT_TYPES[acled_sub], sub_event_type=acled_sub) if acled_sub else None

    status = _status(trig, r)
    if sense.type in ("AGREE", "SUPPORT") and sense.kind in ("accept", "sign") and trig.dep_ == "xcomp" \
            and trig.head.lemma_.lower() == "fail":
        # "failed to reach a deal": PLOVER REJECT (refuse or fail to agree), nothing was agreed
        sense, acled = Sense(type="REJECT", kind="reject"), None
    elif sense.kind == "sign" and status == "planned":
        # a signing still to come: AGREE like a signing done (see data/README_events.md)
        sense = Sense(type="AGREE", kind="sign")
        acled = None  # ACLED codes what happened; a signing still to come is not an Agreement yet
    sent = trig.sent
    event = Event(
        type=sense.type, mode=mode, acled=acled, actor=actor, target=target,
        place=PlaceRef(name=place.name, lat=place.lat, lon=place.lon, geonameid=place.geonameid,
                       country=place.country) if place else None,
        date=date.value if date else None, date_text=date.text if date else None,
        status=status, fatalities=fatalities if sense.type == "ASSAULT" else None,
        source=_source(trig, r), evidence=evidence(sent), trigger=trig.text,
    )
    target_class = None
    if target_tok is not None:
        for name in ("proposal", "territory", "people", "troops"):
            if r.lex.token_in(target_tok, (name,)):
                target_class = name
                break
    anaphor = is_noun and trig.sent.start > 0 and any(
        (c.dep_ == "det" and c.lower_ in DEFINITE) or c.dep_ == "poss" for c in trig.children)
    return _Found(event=event, kind=sense.kind, order=order,
                  target_lemma=target_tok.lemma_.lower() if target_tok is not None else None,
                  target_class=target_class, anaphor=anaphor)


def gaps_filled(base: Event, extra: Event, names: tuple[str, ...]) -> dict:
    """What a second telling of one happening adds to the first: the fields among ``names``
    that ``base`` lacks and ``extra`` gives, and ``extra``'s sentences among ``base``'s tellings."""
    updates = {name: getattr(extra, name) for name in names
               if getattr(base, name) is None and getattr(extra, name) is not None}
    tellings = _told_again(base, extra)
    if tellings != base.tellings:
        updates["tellings"] = tellings
    return updates


def _told_again(base: Event, extra: Event) -> list[Evidence]:
    """``base``'s tellings once ``extra`` is folded into it: its own, then ``extra``'s sentence
    and tellings, each sentence once."""
    seen = {(base.evidence.start, base.evidence.end)}
    out = []
    for ev in (*base.tellings, extra.evidence, *extra.tellings):
        if (ev.start, ev.end) not in seen:
            seen.add((ev.start, ev.end))
            out.append(ev)
    return out


def _within(a: str, b: str) -> bool:
    """Same place, or one inside the other by name ("Rafah" / "Rafah crossing")."""
    wa, wb = a.casefold().split(), b.casefold().split()
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return any(long[i:i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _compatible(a: Ref | None, b: Ref | None) -> bool:
    return a is None or b is None or _same_ref(a, b) or _is_generic(a) or _is_generic(b)


def _same_happening(a: _Found, b: _Found) -> bool:
    ea, eb = a.event, b.event
    if (ea.type, a.kind, ea.status) != (eb.type, b.kind, eb.status):
        return False
    if not _compatible(ea.actor, eb.actor):
        return False
    same_target = _same_ref(ea.target, eb.target) or (
        a.target_lemma is not None and (a.target_lemma == b.target_lemma or (
            a.target_class is not None and a.target_class == b.target_class)))
    if ea.target and eb.target and not same_target:
        return False
    pa, pb = ea.place, eb.place
    if pa and pb and not _within(pa.name, pb.name):
        return False
    if ea.date and eb.date and ea.date != eb.date:
        return False
    same_actor = _same_ref(ea.actor, eb.actor)
    same_place = bool(pa and pb and _within(pa.name, pb.name))
    return same_actor or same_target or same_place


def _more_specific(base: Ref, extra: Ref, types: dict[str, str]) -> bool:
    """"Israeli military" over "Israel": the same side, named as the force rather than the state."""
    if not _same_ref(base, extra) or base.entity_id == extra.entity_id:
        return False
    return types.get(base.entity_id or "") == "GPE" and extra.entity_id is not None \
        and types.get(extra.entity_id) == "ORG" or (
            base.entity_id is not None and types.get(base.entity_id) == "GPE" and extra.entity_id is None
            and _side(extra) == _side(base) and len(extra.name.split()) > len(base.name.split())
            and not _is_generic(extra))


def _merge(found: list[_Found], types: dict[str, str]) -> list[Event]:
    kept: list[_Found] = []
    for item in found:
        for k in kept:
            if _same_happening(k, item):
                base, extra = k.event, item.event
                updates = gaps_filled(base, extra, ("actor", "target", "place", "mode", "acled", "fatalities"))
                if base.actor is not None and extra.actor is not None and _is_generic(base.actor) \
                        and not _is_generic(extra.actor):
                    updates["actor"] = extra.actor
                elif base.actor is not None and extra.actor is not None and _more_specific(
                        base.actor, extra.actor, types):
                    updates["actor"] = extra.actor
                if base.place and extra.place and len(extra.place.name) > len(base.place.name):
                    updates["place"] = extra.place  # "Rafah" then "Rafah crossing": keep the finer
                if base.date is None and extra.date is not None:
                    updates.update(date=extra.date, date_text=extra.date_text)
                if updates:
                    k.event = base.model_copy(update=updates)
                if k.target_lemma is None:
                    k.target_lemma, k.target_class = item.target_lemma, item.target_class
                break
        else:
            kept.append(item)
    return [k.event for k in kept]


def find_events(doc: Doc, record: Record) -> list[Event]:
    r = _Reader(doc, record, lexicon())
    triggers = _find_triggers(doc, r)
    # Casualty verbs ("..., killing 12 people") add to the event their clause names.
    hosted: dict[int, tuple[int | None, Token | None]] = {}
    toll_verbs: dict[int, Token] = {}  # host trigger -> the casualty verb it took over
    skip: set[int] = set()
    for tok in triggers:
        sense = r.triggers[tok.i]
        if sense.casualty:
            victims = _object(tok)
            count = _number(victims) if sense.fatal else None
            host = _casualty_host(tok, r)
            if host is not None:
                prev = hosted.get(host.i, (None, None))
                hosted[host.i] = (prev[0] or count, prev[1] or victims)
                toll_verbs.setdefault(host.i, tok)
                skip.add(tok.i)
            else:
                hosted[tok.i] = (count, victims)
    found = []
    by_trigger: dict[int, _Found] = {}
    for order, tok in enumerate(triggers):
        if tok.i in skip:
            continue
        fatalities, victims = hosted.get(tok.i, (None, None))
        item = _event_for(tok, r.triggers[tok.i], order, fatalities, victims, r)
        if item is not None and item.event.date is None and tok.i in toll_verbs:
            # "were killed on Thursday when a device hit their house": the toll's day is the attack's
            day = _date(toll_verbs[tok.i], r)
            if day is not None:
                item.event = item.event.model_copy(update={"date": day.value, "date_text": day.text})
        if item is not None:
            found.append(item)
            by_trigger[tok.i] = item
    # A verb whose object is itself a telling of the same kind of happening ("troops repelled an
    # attack by ...", "foiled a raid") is not a second happening done to the first: the noun tells
    # it, with its own doer ("by ..."); what the verb adds (a day, a place) fills its gaps.
    dropped: set[int] = set()
    for tok in triggers:
        item = by_trigger.get(tok.i)
        obj = _object(tok) if item is not None and _is_verb(tok) else None
        told = by_trigger.get(obj.i) if obj is not None and obj.pos_ == "NOUN" else None
        if told is None or told.event.type != item.event.type:
            continue
        updates = gaps_filled(told.event, item.event, ("place", "date", "date_text"))
        if updates:
            told.event = told.event.model_copy(update=updates)
        dropped.add(id(item))
        del by_trigger[tok.i]
    found = [item for item in found if id(item) not in dropped]
    # Strikes that back a ground move ("took the crossing ... backed by air strikes") hit where it went.
    for tok in triggers:
        item = by_trigger.get(tok.i)
        if item is None or item.event.place is not None or item.event.type != "ASSAULT" or tok.pos_ != "NOUN":
            continue
        verb = _means_verb(tok)
        host = by_trigger.get(verb.i) if verb is not None else None
        if host is not None and host.event.type == "ASSAULT" and host.event.place is not None:
            item.event = item.event.model_copy(update={"place": host.event.place})
    return _merge(_fold_back_references(found), {e.id: e.type for e in record.entities})


def _fold_back_references(found: list[_Found]) -> list[_Found]:
    """One event per happening within a report: a definite noun of the same type after the
    report told the happening ("... gunmen opened fire on a convoy" ... "the death toll from
    Monday's attack") is that happening again, not a new one; what it adds (a place, a toll,
    a date) fills the first telling's gaps. Without such a telling before it, it stays."""
    kept: list[_Found] = []
    for item in found:
        e = item.event
        antecedent = None
        if item.anaphor and e.status == "asserted":
            # a back-reference that names its own day ("last Monday's attack") is that day's
            # happening: it folds into a telling of the same day, never into an undated one,
            # which it would date (the undated telling is as likely the report's own news)
            told = [k for k in kept if k.event.type == e.type and k.event.status == "asserted" and not k.anaphor
                    and (e.date is None or k.event.date == e.date)
                    and (k.event.place is None or e.place is None or _within(k.event.place.name, e.place.name))]
            same_kind = [k for k in told if k.kind == item.kind]
            # the happening of the same kind ("the seizure" → the seizing), else the only one told
            antecedent = same_kind[0] if same_kind else (told[0] if len(told) == 1 else None)
        if antecedent is None:
            kept.append(item)
            continue
        base = antecedent.event
        updates = gaps_filled(base, e, ("place", "target", "fatalities", "acled", "mode"))
        if base.date is None and e.date is not None:
            updates.update(date=e.date, date_text=e.date_text)
        if updates:
            antecedent.event = base.model_copy(update=updates)
    return kept


# The ACLED classifier (sentence embeddings, see ``event_types``) refines the lexicon's ACLED
# codes: on CASE 2021 snippets it is right far more often than the trigger lexicon
# (bench/events.py --pipeline). It costs an embedding per event sentence, so it is switched on
# by the settings (``Settings.acled_classifier``, ``NEWSLEDGER_ACLED_CLASSIFIER=1``), which the
# pipeline applies after this stage, rather than by default.
ACLED_MIN_SCORE = 0.5   # below it the lexicon's code (or None) stands


def refine_acled(events: list[Event]) -> list[Event]:
    """Events with their ACLED code from the classifier where it is confident enough."""
    from newsledger.analysis import event_types  # lazy: loads numpy models on first use

    wanted = [i for i, e in enumerate(events) if e.type in event_types.ACLED_FOR_PLOVER and e.status in ("asserted", "planned")]
    if not wanted:
        return events
    items = [{"text": events[i].evidence.text} for i in wanted]
    codes = event_types.acled_codes(items, [events[i].type for i in wanted])
    out = list(events)
    for i, code in zip(wanted, codes):
        if code is None or code[1] < ACLED_MIN_SCORE:
            continue
        if out[i].acled is None or out[i].acled.sub_event_type != code[0]:
            out[i] = out[i].model_copy(update={"acled": Acled(
                event_type=ACLED_SUB_EVENT_TYPES[code[0]], sub_event_type=code[0])})
    return out


def with_precision(events: list[Event], record: Record) -> list[Event]:
    """Events with their date precision and range and their place's feature and geo precision."""
    mentions = {(d.text, d.value): d for d in record.dates if d.value}
    features = {p.name: p.feature for p in record.places}
    out = []
    for e in events:
        mention = mentions.get((e.date_text, e.date)) if e.date else None
        if e.date and mention is None:  # a date worked out from another ("two days after ...")
            mention = DateMention(text=e.date_text or e.date, start=0, end=0, value=e.date,
                                  granularity={10: "day", 7: "month"}.get(len(e.date), "year"))
        precision, days = date_fields(mention, e.status, record.article.published)
        place = e.place
        if place is not None and place.feature is None and features.get(place.name):
            place = place.model_copy(update={"feature": features[place.name]})
        out.append(e.model_copy(update={
            "date_precision": precision, "date_range": days, "place": place,
            "geo_precision": geo_precision(place, e.evidence.text, place.feature if place else None)}))
    return out


def annotate(doc: Doc, record: Record) -> None:
    """Fill ``record.events`` from the Doc (after entities, dates, places and quotes)."""
    record.events = find_events(doc, record)
    # Where: the learned choice among the report's places (the rules' pick is one candidate).
    starts = [s.start_char for s in doc.sents]
    record.events = _event_places.infer(record, starts, doc=doc)
    # Who: the learned choice among the rules' doer, the sentence's entities and those blamed.
    record.events = _event_actors.infer(record, starts)
    record.events = with_precision(record.events, record)
    # Undated events: the learned choice of a date from the report's day or its other events.
    record.events = _event_dates.infer(doc, record)
    # Which of them a coder would enter is the last analysis step (``analysis.event_filter``),
    # after the actors are coded and repeated tellings folded (``analysis.happenings``).
