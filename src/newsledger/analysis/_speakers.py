"""Speakers of reporting cues: who says, the words naming them, and whom they name.

Resolution is deliberately simple, within one document: a name links to its entity
(surnames were merged into full names by the entities stage), "he"/"she" to the nearest
preceding person with a preference for sentence subjects, "the spokesperson" to the person
who holds that role, "it"/"they" to the previous non-person speaker. Anonymous sources
("an Israeli military official") stay as described.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsledger.analysis._spans import entity_at, text_of
from newsledger.record import Entity, Record, Speaker

_PERSONAL = {"he", "she", "him", "her", "his"}
_NONPERSONAL = {"it", "they", "them"}
_RELATIVE = {"who", "which", "that"}
_MENTION_STOP = {"appos", "punct", "relcl", "advcl", "parataxis"}
_SUBJECT_DEPS = ("nsubj", "nsubjpass")


@dataclass
class PersonMention:
    start: int
    end: int
    entity: Entity
    subject: bool


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The one who speaks for a reporting verb, through participles and coordination."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head  # "Kirby, who said …"
            return child
    for child in verb.children:  # "Lisbon was told by Spanish officials", "was endorsed by"
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    if depth < 3 and verb.dep_ in ("advcl", "xcomp", "conj", "pcomp") and verb.head != verb:
        return subject_of(_governing_verb(verb.head), depth + 1)  # "…, saying", "… and said"
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and verb.head.i < verb.i:
        # "a petition calling for …", "figures showing …", "a letter opposing …": the
        # thing that reports (PolNeAR's convention too), not whoever handles it
        return verb.head
    return None


def relative_subject(verb: Token) -> Token | None:
    """The relative pronoun a reporting verb has for subject ("Kirby, who said …"): the
    words at the cue, which name the one it stands for."""
    if verb.dep_ != "relcl":
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.lower_ in _RELATIVE), None)


def _governing_verb(tok: Token) -> Token:
    """Up from a preposition, an adjective or a noun object to the verb that governs it
    ("despite admitting" → the main verb; "unable to turn" → "be"; "tweets criticizing")."""
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.head == tok:
            return tok
        if tok.dep_ not in ("prep", "pobj", "dobj", "acomp", "pcomp", "npadvmod", "advmod"):
            return tok
        tok = tok.head
    return tok


def mention_bounds(subject: Token) -> tuple[int, int]:
    """Token range [first, last] of the words naming the speaker, without appositions."""
    first = subject.left_edge.i
    doc = subject.doc
    while first < subject.i and (doc[first].is_punct or doc[first].is_space):
        first += 1
    last = subject.i
    for child in subject.rights:
        if child.dep_ in _MENTION_STOP or _says_when(child):
            break
        last = max(last, child.right_edge.i)
    while last > subject.i and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return first, last


def _says_when(child: Token) -> bool:
    """"Aid agencies on Tuesday said": a time phrase the parser hung on the speaker."""
    return child.dep_ == "prep" and any(
        c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in child.children)


class Resolver:
    """Resolves speaker mentions of one document; built once per annotate call."""

    def __init__(self, doc: Doc, record: Record) -> None:
        self.doc = doc
        self.text = text_of(doc)  # Doc.text joins every token on each access: read it once
        self.record = record
        self.persons: list[PersonMention] = []
        for entity in record.entities:
            if entity.type != "PERSON":
                continue
            for m in entity.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                subject = span is not None and (
                    span.root.dep_ in _SUBJECT_DEPS
                    or (span.root.dep_ == "compound" and span.root.head.dep_ in _SUBJECT_DEPS)
                )
                self.persons.append(PersonMention(m.start, m.end, entity, bool(subject)))
        self.persons.sort(key=lambda p: p.start)
        self._starts = [p.start for p in self.persons]
        # Earlier speakers that were not people, for "it said" / "they said".
        self.bodies: list[tuple[int, Speaker]] = []

    def speaker(self, subject: Token | None, window_start: int, previous_start: int,
                cue: Token | None = None) -> Speaker:
        """The Speaker for a subject token (None: unknown speaker)."""
        if subject is None:
            return Speaker()
        named = _apposed_name(subject)
        if named is not None:
            subject = named  # "Its leader, Tom Hale, said": the speaker is the person named
        first, last = mention_bounds(subject)
        if cue is not None and subject.i < cue.i <= last:
            last = cue.i - 1  # "a petition calling for …": the words before the cue
            while last > subject.i and (self.doc[last].is_punct or self.doc[last].is_space):
                last -= 1
        doc = self.doc
        start, end = doc[first].idx, doc[last].idx + len(doc[last])
        mention = self.text[start:end]
        speaker = Speaker(mention=mention, start=start, end=end)
        low = subject.lower_
        if subject.pos_ == "PRON" and low in _PERSONAL:
            person = self._person_before(subject.idx, previous_start)
            if person is not None:
                speaker.name, speaker.entity_id = person.name, person.id
            return speaker
        if subject.pos_ == "PRON" and low in _NONPERSONAL:
            body = self._body_before(subject.idx)
            if body is not None:
                speaker.name, speaker.entity_id = body.name, body.entity_id
            return speaker
        has_conj = any(c.dep_ == "conj" for c in subject.children)
        entity = None if has_conj else entity_at(self.record, subject.idx, subject.idx + len(subject))
        if entity is not None and entity.type in ("NORP",) and subject.pos_ != "PROPN":
            entity = None  # "Israeli officials" are not "Israeli"
        if entity is None and not has_conj and subject.pos_ == "NOUN" and doc[first].lower_ == "the":
            entity = self._role_holder(subject, start)
        if entity is not None:
            speaker.name, speaker.entity_id = entity.name, entity.id
        else:
            opening = self.text[window_start:start].strip() == "" or \
                self.text[max(start - 20, 0):start].rstrip()[-1:] in ("“", '"', "‘")
            speaker.name = _as_description(mention, doc[first], opening)
        if entity is None or entity.type != "PERSON":
            self.bodies.append((start, speaker))
        return speaker

    def _person_before(self, char: int, previous_start: int) -> Entity | None:
        k = bisect_left(self._starts, char)
        recent = [p for p in self.persons[:k] if p.start >= previous_start and p.end <= char]
        subjects = [p for p in recent if p.subject]
        if subjects:
            return subjects[-1].entity
        if recent:
            return recent[-1].entity
        return self.persons[k - 1].entity if k > 0 else None

    def _body_before(self, char: int) -> Speaker | None:
        for start, speaker in reversed(self.bodies):
            if start < char and speaker.name:
                return speaker
        return None

    def _role_holder(self, noun: Token, char: int) -> Entity | None:
        """"the spokesperson" → the person mentioned last with that role."""
        if noun.tag_ in ("NNS", "NNPS"):
            return None
        lemma = noun.lemma_.lower()
        k = bisect_left(self._starts, char)
        for p in reversed(self.persons[:k]):
            if any(lemma in role.lower().split() for role in p.entity.roles):
                return p.entity
        return None


def _apposed_name(subject: Token) -> Token | None:
    if subject.pos_ not in ("NOUN", "PRON"):
        return None
    for child in subject.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            return child
    return None


def _as_description(mention: str, first: Token, sentence_initial: bool) -> str:
    """A described source as it reads mid-sentence: "The Israeli military" → "the …"."""
    if (sentence_initial or first.pos_ == "DET") and first.pos_ in ("DET", "NOUN", "ADJ") \
            and not first.ent_type_ and first.text[:1].isupper() and not (len(first) > 1 and first.text.isupper()):
        return mention[:1].lower() + mention[1:]
    return mention
