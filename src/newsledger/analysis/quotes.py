"""quotes: every attribution in the report, direct, mixed and indirect, with its speaker.

- direct: the words between quote marks, framed by a reporting cue after ("…,” Kirby said),
  before ("Kirby said: “…”") or carried over from the attribution just before
  ("“A,” she said. “B.”", and quotations running over several paragraphs); the pieces of one
  quotation under one cue are one quote, from its first quoted word to its last (PolNeAR's
  content spans likewise take the whole quotation);
- mixed: a reported clause holding quoted fragments ("saying it was “nowhere near enough …”");
  the text is the whole reported clause, fragments and marks included;
- indirect: the reported clause of "X said (that) …", "X told Y …", "… , according to X".

One attribution per reporting cue: a cue inside another cue's reported clause (the
"believed" of "Okonjo said the ministry believed …") is part of that report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy
from spacy.attrs import LEMMA, LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Token

from newsledger.analysis import _quote_content
from newsledger.analysis._cue_model import cue_lemmas, is_learned_cue
from newsledger.analysis._reporting import FRAMING_ONLY_VERBS, REPORTING_VERBS
from newsledger.analysis._quote_marks import Segment, inside_flags, quote_chains, sentence_windows, token_arrays
from newsledger.analysis._speakers import Resolver, relative_subject, subject_of
from newsledger.analysis._spans import entity_at, text_of, token_mask
from newsledger.record import Quote, Record, Speaker

_REPORTING = REPORTING_VERBS
# Scare quotes of this many words or fewer, without a reporting frame, are not attributions.
_SCARE_WORDS = 3
# How far after a closing mark its cue may sit ("…”, where talks will go on, Gantz said).
_AFTER_CUE_TOKENS = 12
_CLOSERS = ("”", '"', "»", "''")
_MARKS = frozenset({"“", "”", '"', "«", "»", "''", "``"})


@dataclass
class _Cue:
    token: Token
    text: str  # the cue as written: "said", "according to"
    subject: Token | None
    clause: tuple[int, int] | None  # reported clause, char offsets
    window: int
    nested: bool = False
    after_quote: bool = False  # the cue frames a direct quote before it: no clause of its own
    cut_at: int | None = None  # a direct quote it introduces begins here
    speaker: Speaker | None = None
    fragments: list[tuple[int, int]] = field(default_factory=list)
    bounds: tuple[int, int] = (0, 0)  # token range [first, last] of its sentence window
    from_object: bool = False  # the clause is the objects the rules read, not a clausal complement
    stop: int | None = None  # a report of its own begins here, inside the clause: the content ends before


def annotate(doc: Doc, record: Record) -> None:
    """Fill `record.quotes` from the Doc."""
    text = text_of(doc)
    chains = quote_chains(text)
    segments = [s for chain in chains for s in chain]
    arrays = token_arrays(doc)
    inside = inside_flags(arrays, segments)
    is_cue = [False] * len(doc)
    for i in _cue_candidates(doc):
        if not inside[i]:
            is_cue[i] = _is_cue_token(doc[i])
    windows, owner = sentence_windows(doc, arrays, segments, inside, is_cue)
    if not windows:
        record.quotes = []
        return
    cues = _cues(doc, is_cue, owner, inside)
    for cue in cues:
        cue.bounds = (windows[cue.window].first, windows[cue.window].last)
    _mark_nested(cues)
    by_window: dict[int, list[_Cue]] = {}
    for cue in cues:
        by_window.setdefault(cue.window, []).append(cue)

    resolver = Resolver(doc, record)

    def speaker_of(cue: _Cue) -> Speaker:
        if cue.speaker is None:
            w = cue.window
            previous = windows[w - 1].start if w > 0 else 0
            cue.speaker = resolver.speaker(cue.subject, windows[w].start, previous, cue.token)
            relative = relative_subject(cue.token) if cue.token.pos_ == "VERB" else None
            if relative is not None and cue.speaker.mention:
                # "Kirby, who said": the words at the cue are "who", naming Kirby
                cue.speaker = cue.speaker.model_copy(update={
                    "mention": relative.text, "start": relative.idx, "end": relative.idx + len(relative)})
        return cue.speaker

    quotes: list[Quote] = []
    cue_of: dict[int, _Cue] = {}  # id of a direct quote → the cue framing it

    def direct(chain: list[Segment], cue: _Cue | None, speaker: Speaker) -> list[Quote]:
        found = _direct(text, chain, cue, speaker)
        if cue is not None:
            cue_of.update((id(q), cue) for q in found)
        return found

    # Direct quotes with their own cue, and fragments given to the cue that reports them.
    standalone: list[list[Segment]] = []
    attributed_window: dict[int, tuple[_Cue, int]] = {}  # window → (cue, order of appearance)
    fragments: list[tuple[int, int]] = []
    for chain in chains:
        first, last = chain[0], chain[-1]
        w_first = owner[_token_at(doc, first.open)]
        w_last = owner[_token_at(doc, last.close if last.close is not None else last.end - 1)]
        before = text[windows[w_first].start:first.open]
        starts_window = before.strip() == "" or _opens_line(before)
        cue = None
        if starts_window and last.close is not None:
            cue = _cue_after(doc, text, last.close, last.after, by_window.get(w_last, []))
            if cue is not None:
                cue.after_quote = True
        if cue is None and starts_window and last.close is not None:
            cue = _credit_after(doc, last.after, w_last)
        if cue is None and before.rstrip()[-1:] in (":", ",", "—"):
            cue = _cue_before(first.open, by_window.get(w_first, []))
            if cue is not None:
                cue.cut_at = first.open if cue.cut_at is None else min(cue.cut_at, first.open)
        if cue is None and before.rstrip()[-1:] == ":" and _words(text, chain) > _SCARE_WORDS:
            cue = _colon_frame(doc, text, before, first.open, w_first)
        if cue is not None:
            quotes.extend(direct(chain, cue, speaker_of(cue)))
            attributed_window[w_last] = (cue, first.open)
            continue
        after = text[last.after:windows[w_last].end]
        if starts_window and after.strip(" .,;!?\u2009\u00a0") == "":
            standalone.append(chain)
            continue
        fragments.append(_give_fragment(text, chain, by_window.get(w_first, [])))

    # Reported clauses (indirect, or mixed when they hold quoted fragments).
    for cue in cues:
        if cue.nested or cue.after_quote:
            continue
        span = _reported_span(text, cue)
        if span is None:
            continue
        start, end = span
        words = text[start:end]
        kind = "mixed" if any(start <= a and b <= end for a, b in fragments) else "indirect"
        quotes.append(Quote(text=words, start=start, end=end, kind=kind, cue=cue.text,
                            speaker=speaker_of(cue)))
        cue_of[id(quotes[-1])] = cue
        attributed_window.setdefault(cue.window, (cue, start))

    # Quotes standing alone right after an attribution belong to the same speaker.
    for chain in standalone:
        first, last = chain[0], chain[-1]
        w_first = owner[_token_at(doc, first.open)]
        w_last = owner[_token_at(doc, last.close if last.close is not None else last.end - 1)]
        previous = attributed_window.get(w_first - 1) if w_first > 0 else None
        if _speaker_label(text, first) is not None:
            quotes.extend(_transcript(doc, text, record, chain, w_first))
        elif previous is not None:
            cue = previous[0]
            quotes.extend(direct(chain, cue, speaker_of(cue)))
            attributed_window[w_last] = previous
        elif _words(text, chain) > _SCARE_WORDS:
            quotes.extend(direct(chain, None, Speaker()))

    quotes.sort(key=lambda q: (q.start, q.end))
    record.quotes = _join_pieces(text, quotes, cue_of)


# --- cues -----------------------------------------------------------------------------


def _cue_candidates(doc: Doc) -> list[int]:
    """The words `_is_cue_token` can accept, picked from the Doc's arrays (a Token is made
    only for them): "according", and verbs and nouns whose lemma is a reporting, framing or
    learned cue lemma."""
    if not len(doc):
        return []
    lexicon = _candidate_lemmas()
    cue_lemma = token_mask(doc, LEMMA, lambda lemma: lemma.lower() in lexicon, _CUE_LEMMA_CACHE)
    pos = doc.to_array(POS)
    wanted = (cue_lemma & ((pos == VERB) | (pos == NOUN))) | (doc.to_array(LOWER) == _ACCORDING)
    return numpy.flatnonzero(wanted).tolist()


_CUE_LEMMA_CACHE: dict[int, bool] = {}
_ACCORDING = get_string_id("according")


@lru_cache(maxsize=1)
def _candidate_lemmas() -> frozenset[str]:
    return frozenset(FRAMING_ONLY_VERBS | _REPORTING | cue_lemmas())


def _is_cue_token(tok: Token) -> bool:
    if tok.lower_ == "according":
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        return nxt is not None and nxt.lower_ == "to"
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma in FRAMING_ONLY_VERBS:
        doc = tok.doc
        after = doc[tok.i + 1:tok.i + 3]
        before = doc[max(tok.i - 4, 0):tok.i]
        # "He went on: “…”", "She continued, “…”", "“…,” she continued"
        return any(t.text == ":" for t in after) or any(t.text in "”\"" for t in before) or (
            len(after) == 2 and after[0].text == "," and after[1].text in ("“", '"'))
    if tok.pos_ == "VERB" and lemma in _REPORTING:
        return True
    # Beyond speech verbs, attribution covers belief, knowledge, intention, perception and
    # stance, verbs and nouns, whose cue-ness depends on their frame: the learned model.
    return is_learned_cue(tok)


def _cues(doc: Doc, is_cue: list[bool], owner: list[int], inside: list[bool] | None = None) -> list[_Cue]:
    cues: list[_Cue] = []
    for i, flag in enumerate(is_cue):
        if not flag:
            continue
        tok = doc[i]
        if tok.lower_ == "according":
            to = doc[i + 1]
            subject = next((c for c in to.children if c.dep_ == "pobj"), None)
            if subject is None:
                continue
            cues.append(_Cue(tok, doc[i:i + 2].text, subject, _according_clause(doc, tok, to, owner), owner[i]))
            continue
        subject = subject_of(tok) if tok.pos_ == "VERB" else _possessor(tok)
        if subject is None:
            subject = _name_before(tok)
        if inside is not None and subject is None and tok.pos_ == "VERB" and _left_region(tok, inside)[1]:
            # "''…,'' Ana Ruiz, a teacher, said", "…,” added Ruiz": the parser hung the
            # speaker elsewhere; the words beside the cue, after the quotation, name it
            subject = _subject_beside(tok, inside)
        elif subject is not None and inside is not None and (inside[subject.i] or _line_between(subject, tok)):
            # the parser took words of the quotation for the subject ("“Full panic mode,”
            # said Ana Ruiz"), or a heading or time stamp on the line above ("5:45 p.m.\n\n
            # The mayor says …"): the speaker is the phrase beside the cue
            subject = _subject_beside(tok, inside)
        paren = _parenthetical(tok, owner, inside) if inside is not None else None
        if paren is not None:
            subject, clause = paren
        else:
            clause = _clause(tok)
        from_object = False
        if clause is None:
            clause = _object_span(tok, speech=tok.lemma_.lower() in _REPORTING)
            from_object = clause is not None
        cues.append(_Cue(tok, tok.text, subject, clause, owner[i], from_object=from_object))
    return cues


def _clause(verb: Token) -> tuple[int, int] | None:
    """Char span of the clause a reporting verb reports (its clausal complement)."""
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    if not comps:
        comps = _that_clause_of_object(verb)
    if not comps:
        return None
    doc = verb.doc
    first = min(c.left_edge.i for c in comps)
    last = max(c.right_edge.i for c in comps)
    if first <= verb.i <= last:
        return None
    while first <= last and (doc[first].is_punct or doc[first].is_space
                             or (doc[first].dep_ == "mark" and doc[first].lower_ in ("that", "whether", "if"))):
        if doc[first].text in ("“", '"', "«", "''"):
            break  # a reported clause may open on a quoted fragment
        first += 1
    last = _without_aside(doc, first, last)
    while last >= first and (doc[last].is_space or (doc[last].is_punct and doc[last].text not in _CLOSERS)):
        last -= 1
    if last < first:
        return None
    return doc[first].idx, doc[last].idx + len(doc[last])


def _without_aside(doc: Doc, first: int, last: int) -> int:
    """A clause closing on the reporter's aside (", which forced her to leave early") ends
    before it: the non-restrictive relative clause is the writer's, not the source's."""
    for i in range(first + 1, last + 1):
        tok = doc[i]
        if tok.dep_ in ("relcl", "advcl") and tok.right_edge.i >= last:
            lead = tok.left_edge.i
            if lead > first and doc[lead - 1].text == "," and doc[lead].lower_ in ("which", "who"):
                return lead - 2
    return last


# Dependents that hold what a non-speech cue reports ("accused him of lying", "wants to
# leave", "endorsed Clinton", "allegations of fraud", "the decision to run").
_OBJECT_DEPS = frozenset({"dobj", "xcomp", "prep", "attr", "oprd", "acomp", "acl", "pcomp", "dative"})
_SPEECH_OBJECT_DEPS = frozenset({"dobj", "xcomp"})
_NO_OBJECT_SPEECH = frozenset({"say", "tell"})
# Verbs whose direct object is the addressee ("warned the crew", "urged voters to …").
_ADDRESSEE_OBJECT = frozenset({"warn", "remind", "assure", "inform", "notify", "brief", "caution",
                               "advise", "alert", "urge", "ask", "tell", "reassure"})
# Prepositions that say when, where or how, not what ("believed in 2012").
_FRAME_PREPS = frozenset({"in", "at", "on", "during", "after", "before", "since", "until", "by", "from", "with"})


def _object_span(cue: Token, speech: bool = False) -> tuple[int, int] | None:
    """The reported content of a cue without a clausal complement: its objects to the right.
    A speech verb reports only through its direct object ("admitted the error", "confirmed
    the strike"); "say" and "tell" not even that ("said it", "told reporters")."""
    if speech and cue.lemma_.lower() in _NO_OBJECT_SPEECH:
        return None
    parts = [c for c in cue.rights if c.dep_ in (_SPEECH_OBJECT_DEPS if speech else _OBJECT_DEPS)
             and not (c.dep_ == "prep" and c.lower_ in _FRAME_PREPS and not any(
                 p.dep_ == "pcomp" for p in c.children))]
    if cue.lemma_.lower() in _ADDRESSEE_OBJECT and not any(c.dep_ == "xcomp" for c in parts):
        # "warned Israel", "reminded the crew": the one spoken to, not what was said
        parts = [c for c in parts if c.dep_ != "dobj"]
    if cue.pos_ == "NOUN":
        parts = [c for c in parts if c.dep_ in ("prep", "acl")]
    parts = [c for c in parts if c.left_edge.i > cue.i]  # a misparse reaching back over the cue
    if not parts:
        return None
    doc = cue.doc
    first = min(c.left_edge.i for c in parts)
    last = max(c.right_edge.i for c in parts)
    if doc[first].dep_ == "prep" and doc[first].head == cue and cue.pos_ == "NOUN":
        first += 1  # "allegations of fraud": the content is "fraud"
    last = _without_aside(doc, first, last)
    while last >= first and (doc[last].is_space or (doc[last].is_punct and doc[last].text not in _CLOSERS)):
        last -= 1
    if last < first or not any(t.pos_ in _CONTENT_POS for t in doc[first:last + 1]):
        return None  # a stranded preposition ("the deal it agreed to"): nothing reported here
    return doc[first].idx, doc[last].idx + len(doc[last])


_CONTENT_POS = frozenset({"NOUN", "PROPN", "PRON", "VERB", "NUM", "ADJ"})


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _parenthetical(cue: Token, owner: list[int], inside: list[bool]
                   ) -> tuple[Token, tuple[int, int]] | None:
    """A cue set off by commas inside the clause it reports ("The harbour, Okafor said on
    Monday, will reopen in May"): its subject is the one beside it, and the report is the
    sentence around it, which one span can only give whole (as "according to" there)."""
    if cue.pos_ != "VERB":
        return None
    doc = cue.doc
    subjects = [c for c in cue.children if c.dep_ == "nsubj" and c.i < cue.i]
    if not subjects:
        return None
    subject = subjects[-1]
    lo = subject.left_edge.i
    if lo < 2 or doc[lo - 1].text != ",":
        return None
    hi = cue.i + 1  # the cue's own words after it ("on Monday"), then the closing comma
    while hi < len(doc) and hi - cue.i <= 6 and doc[hi].text != "," and doc[hi].pos_ not in ("VERB", "AUX") \
            and not doc[hi].is_punct:
        hi += 1
    if hi + 1 >= len(doc) or doc[hi].text != "," or doc[hi + 1].tag_ == "VBG":
        return None  # "…, he said, adding that …": a report of its own follows
    w = owner[cue.i]
    first, last = lo - 1, hi
    while first > 0 and owner[first - 1] == w:
        first -= 1
    while last + 1 < len(doc) and owner[last + 1] == w:
        last += 1
    if any(inside[i] for i in range(first, last + 1)):
        return None  # quotations have their own frames
    left = doc[first:lo - 1]
    asides = {t.i for t in left if t.dep_ in ("relcl", "acl") for t in t.subtree}
    if not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in left) or any(
            t.tag_ in _FINITE and t.i not in asides for t in left):
        return None  # "The harbour will reopen, he said, …": the clause before is whole
    while first < last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last > first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return subject, (doc[first].idx, doc[last].idx + len(doc[last]))


def _subject_beside(cue: Token, inside: list[bool]) -> Token | None:
    """The noun phrase between a quotation and its cue ("…,” the deputy mayor said", "…,”
    Ana Ruiz, a teacher, said") or, inverted right after the quotation, after the cue
    ("…,” said Ana Ruiz, a teacher): the head of the words there."""
    doc = cue.doc
    lo, after_quote = _left_region(cue, inside)
    if not after_quote:
        # not framed by a quotation: back to the nearest comma only ("In a statement, the
        # mayor said" has no need of it, "…, he said" not of the clause before)
        lo = cue.i
        while lo > 0 and doc[lo - 1].text != "," and not doc[lo - 1].is_space and not inside[lo - 1]:
            lo -= 1
    hi = cue.i
    while hi + 1 < len(doc) and not inside[hi + 1] and doc[hi + 1].text not in _MARK_TEXTS \
            and doc[hi + 1].text not in (",", ".", ";", ":") and not doc[hi + 1].is_space:
        hi += 1
    sides = [(lo, cue.i - 1)]
    if lo == cue.i and after_quote:
        sides.append((cue.i + 1, hi))  # inverted, right after the quotation: "…,” said Ana Ruiz"
    for first, last in sides:
        words = [t for t in doc[first:last + 1] if t.pos_ in ("NOUN", "PROPN", "PRON")
                 and t.ent_type_ not in ("DATE", "TIME")]
        heads = [t for t in words if not first <= t.head.i <= last or t.head == t]
        if heads:
            return heads[0]
        if words:
            return words[-1]
    return None


def _left_region(cue: Token, inside: list[bool], limit: int = 20) -> tuple[int, bool]:
    """First token of the words right before a cue, back to a quotation, a blank line or
    `limit` tokens; and whether a quotation ends right there ("…,” Ana Ruiz, a teacher, said")."""
    doc = cue.doc
    lo = cue.i
    while lo > 0 and cue.i - lo < limit and not inside[lo - 1] and doc[lo - 1].text not in _MARK_TEXTS \
            and _BLANK_LINE.search(doc[lo - 1].text_with_ws) is None:
        lo -= 1
    after_quote = lo > 0 and (inside[lo - 1] or doc[lo - 1].text in _CLOSERS or doc[lo - 1].text in ("'", "’")) \
        and not any(t.pos_ in ("VERB", "AUX") for t in doc[lo:cue.i])
    return lo, after_quote


def _line_between(a: Token, b: Token) -> bool:
    """A paragraph break (a blank line) between two tokens of one sentence: the parser ran
    a heading or a time stamp on. A single line break may be hard-wrapped text."""
    first, last = sorted((a.i, b.i))
    return _BLANK_LINE.search("".join(t.text_with_ws for t in a.doc[first:last])) is not None


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


# A transcript's speaker label opening a quoted line: "“WALLACE: …", "“SEN. ROE: …".
_SPEAKER_LABEL = re.compile(r"((?:[A-Z][A-Z.'\-]+ ){0,2}[A-Z][A-Z'\-]+):\s+(?=\S)")

_MARK_TEXTS = frozenset({"“", "”", '"', "«", "»", "''", "``", "‘", "’"})


def _possessor(noun: Token) -> Token | None:
    """"Trump's claim that …": the one who claims; "warnings from his lawyer", "a claim
    by the ministry": the one the preposition names; "Okafor made the claim", "Ruiz has
    been a supporter of …": the subject of the verb the noun completes."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "by") and prep.i > noun.i:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("PROPN", "NOUN", "PRON"):
                return obj
    if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX") and noun.head.i < noun.i:
        return subject_of(noun.head)
    return None


def _name_before(cue: Token) -> Token | None:
    """A name right before a cue the parser did not make its subject: "… board Trump said
    that …" (the name hung on a preposition), "Trump claims that …" (the verb read as a noun
    with the name as its compound)."""
    if cue.i == 0:
        return None
    before = cue.doc[cue.i - 1]
    if before.pos_ == "PROPN" and before.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and (
            cue.pos_ == "VERB" or (before.dep_ == "compound" and before.head == cue)):
        return before
    return None


def _that_clause_of_object(verb: Token) -> list[Token]:
    """"said in a statement that …": the parser hangs the clause on the noun."""
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        for obj in prep.children:
            for clause in obj.children:
                if clause.dep_ in ("acl", "relcl") and any(
                        c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
                    return [clause]
    return []


def _according_clause(doc: Doc, according: Token, to: Token, owner: list[int]) -> tuple[int, int] | None:
    """"X happened, according to Y." → "X happened" (and the mirror order)."""
    phrase_end = max(t.i for t in to.subtree)
    w = owner[according.i]
    lo = according.i
    while lo > 0 and owner[lo - 1] == w:
        lo -= 1
    hi = phrase_end
    while hi + 1 < len(doc) and owner[hi + 1] == w:
        hi += 1
    before = [t for t in doc[lo:according.i] if not (t.is_punct or t.is_space)]
    after = [t for t in doc[phrase_end + 1:hi + 1] if not (t.is_punct or t.is_space)]
    if before and not after:
        return before[0].idx, before[-1].idx + len(before[-1])
    if after and not before:
        return after[0].idx, after[-1].idx + len(after[-1])
    if before and after:
        # In the middle of a sentence ("Hamas, according to Israeli officials, holds …"):
        # the report is the sentence around the phrase, which a single span can only give whole.
        return before[0].idx, after[-1].idx + len(after[-1])
    return None


def _mark_nested(cues: list[_Cue]) -> None:
    """A cue inside another's reported clause (same sentence) is part of that report, but for
    a participle after a comma ("… said the port would reopen, adding that …", "… insisted
    it had “grown”, claiming that …"): a report of its own, the outer one stopping at the
    comma (PolNeAR's content spans never hold another attribution's cue; train: 40 of 52
    such cues report on their own)."""
    by_window: dict[int, list[_Cue]] = {}
    for cue in cues:
        by_window.setdefault(cue.window, []).append(cue)
    for group in by_window.values():
        for cue in group:
            char = cue.token.idx
            # "according to" spans are cut by surface position, not by the parse: they hold
            # no other report ("X said Y, according to a statement" is X's report).
            outer = [o for o in group if o is not cue and o.clause and o.clause[0] <= char < o.clause[1]
                     and o.token.lower_ != "according"]
            cue.nested = bool(outer)
            tok = cue.token
            if outer and tok.tag_ == "VBG" and tok.i > 0 and tok.doc[tok.i - 1].text == ",":
                cue.nested = False
                comma = tok.doc[tok.i - 1].idx
                for o in outer:
                    o.stop = comma if o.stop is None else min(o.stop, comma)


def _cue_after(doc: Doc, text: str, close: int, after: int, cues: list[_Cue]) -> _Cue | None:
    """The cue framing a quote from behind: "…,” Kirby said" / "…,” said an official"."""
    close_tok = _token_at(doc, close)
    for cue in cues:
        if cue.token.i <= close_tok or cue.token.i - close_tok > _AFTER_CUE_TOKENS:
            continue
        if any(m in text[after:cue.token.idx] for m in ("“", '"', "«", "''")):
            return None  # another quotation intervenes
        return cue
    return None


_CREDIT_DASHES = ("―", "—", "–", "-", "--")


def _colon_frame(doc: Doc, text: str, before: str, open_: int, window: int) -> _Cue | None:
    """A quotation after a colon with no reporting verb ("The leaflet put it plainly: “…”",
    "this finding: “…”", "Ana Ruiz: “…”"): the colon is the cue, the speaker the subject
    of the words before it, or the phrase they are."""
    colon = _token_at(doc, len(before.rstrip()) - 1 + open_ - len(before))
    if doc[colon].text != ":":
        return None
    lo = colon
    while lo > 0 and doc[lo - 1].idx >= open_ - len(before):
        lo -= 1
    words = doc[lo:colon]
    roots = [t for t in words if not lo <= t.head.i < colon or t.head == t]
    subject = None
    for root in roots:
        if root.pos_ in ("VERB", "AUX"):
            subject = subject_of(root)  # "… is shown by this finding:": the agent
            if subject is not None and not lo <= subject.i < colon:
                subject = None
        elif root.pos_ in ("NOUN", "PROPN", "PRON"):
            subject = root
        if subject is not None:
            break
    if subject is None:
        return None
    return _Cue(doc[colon], ":", subject, None, window, after_quote=True)


def _opens_line(before: str) -> bool:
    """A quotation opening its line after a finished one ("… ― Ana Ruiz\n“…” ― Tomas
    Berg": credited quotations one a line, which the sentence splitter may run together);
    not a line break inside a running sentence (hard-wrapped text)."""
    cut = before.rfind("\n")
    if cut < 0 or before[cut:].strip():
        return False
    line = before[:cut].rstrip()
    line = line[line.rfind("\n") + 1:]
    return line[-1:] in (".", "!", "?", "”", '"', "’") or any(d in line for d in _CREDIT_DASHES)


def _credit_after(doc: Doc, after: int, window: int) -> _Cue | None:
    """A quotation credited by a dash and a name ("“…” ― Ana Ruiz"): reader comments, pull
    quotes, epigraphs. The dash stands for the cue, the name for the speaker."""
    i = _token_at(doc, after)
    while i < len(doc) and (doc[i].idx < after or doc[i].is_space):
        i += 1
    if i >= len(doc) or doc[i].text not in _CREDIT_DASHES:
        return None
    first = i + 1
    while first < len(doc) and doc[first].is_space and "\n" not in doc[first].text:
        first += 1  # "―\u00a0Tomas Berg"
    name = first
    while name < len(doc) and doc[name].pos_ == "PROPN":
        name += 1
    if name == first:
        return None
    return _Cue(doc[i], doc[i].text, doc[name - 1], None, window, after_quote=True)


def _cue_before(open_: int, cues: list[_Cue]) -> _Cue | None:
    """The cue introducing a quote: "Kirby said: “…”", the last before the mark that is no
    nested report ("Responding to X, Kirby said: “…”": said, not responding)."""
    before = [c for c in cues if c.token.idx < open_ and not c.nested and c.token.lower_ != "according"]
    return before[-1] if before else None


def _give_fragment(text: str, chain: list[Segment], cues: list[_Cue]) -> tuple[int, int]:
    """A quotation inside running text goes to the report that contains it; returns its
    span, marks included."""
    start = chain[0].open
    end = chain[-1].after
    for cue in cues:
        if cue.clause and cue.clause[0] <= start and end <= cue.clause[1]:
            if not cue.nested:
                cue.fragments.append((start, end))
            return start, end  # inside a nested report: the outer report holds it anyway
    # Not inside any parsed clause (the parser hung it elsewhere): the nearest report
    # before it in the same sentence takes it, else the one after.
    candidates = [c for c in cues if not c.nested and c.token.lower_ != "according"]
    before = [c for c in candidates if c.token.idx < start]
    chosen = before[-1] if before else (candidates[0] if candidates else None)
    if chosen is not None:  # else a scare quote or a name in quotes, with no reporting frame
        chosen.fragments.append((start, end))
    return start, end


def _reported_span(text: str, cue: _Cue) -> tuple[int, int] | None:
    return _finish_span(text, cue, _content_of(cue))


def _content_of(cue: _Cue) -> tuple[int, int] | None:
    """The content the rules read (the clausal complement); where they read none or only
    the objects, the learned reading of the cue's sentence (_quote_content, the rules'
    objects among its candidates), within the rules' frame (`_learned_reading`, `_refuser`)."""
    if not (_learned_reading(cue) and _quote_content.available()):
        return cue.clause
    return _quote_content.content_span(cue.token, *cue.bounds, cue.clause, _refuser(cue))


def _learned_reading(cue: _Cue) -> bool:
    """Whether the learned model reads the cue's content: where the rules read no clausal
    complement (none at all, or only the objects, which the model may keep, change or
    find too unlikely to report), and their frame leaves it open. A cue introducing a
    direct quote reports that quote ("He went on: “…”"), one holding quoted fragments
    reports from itself on ("described it as “…”"), "according to" reports its sentence.
    (Reading clause-less cues only: train CV cue-level F1 0.692; with object readings too: 0.700.)"""
    return ((cue.clause is None or cue.from_object) and cue.cut_at is None and not cue.fragments
            and cue.token.lower_ != "according")


def _refuser(cue: _Cue):
    """What the model may not read as a cue's content: the addressee of "warned the
    crew"; a stranded preposition ("the terms it agreed to in May"); what a cue's
    preposition says of when or where ("agreed in the talks"), or a speech verb's particle
    or preposition of what about
    ("wrote in about the timetable", "spoke on Sunday"); a span holding or right inside
    quote marks (a quotation is the direct quote's, or a fragment the rules give to its
    report)."""
    tok = cue.token
    doc = tok.doc
    lemma = tok.lemma_.lower()
    addressee = frozenset(c.left_edge.i for c in tok.children if c.dep_ in ("dobj", "dative")) \
        if lemma in _ADDRESSEE_OBJECT else frozenset()
    frame: set[int] = set()
    preps = _TOPIC_PREPS if tok.pos_ == "VERB" and lemma in _REPORTING else _FRAME_PREPS
    for c in tok.children:
        if (c.dep_ == "prt" and lemma in _REPORTING) or (c.dep_ == "prep" and c.lower_ in preps and not any(
                g.dep_ == "pcomp" for g in c.children)):
            frame.update(t.i for t in c.subtree)

    # a stranded preposition ("what the union had agreed to in the talks"): nothing
    # reported from it on (the rules read nothing there either)
    stranded = frozenset(c.i for c in tok.children if c.dep_ in ("prep", "prt") and c.i > tok.i
                         and not any(g.dep_ in ("pobj", "pcomp") for g in c.children))

    def refuse(first: int, last: int, kinds: list[str]) -> bool:
        if doc[first].lower_ == "to" and first < last and doc[first + 1].tag_ in _FINITE:
            return True  # "what it agreed to were …": a stranded "to" the parser read as "to" + verb
        if doc[first].dep_ == "cc" and first > tok.i:
            return True  # "X happened, the army said, and three were hurt": the writer's next clause
        return first in addressee or first in stranded or all(i in frame for i in range(first, last + 1)) or any(
            t.text in _MARKS for t in doc[max(first - 1, 0):last + 2])

    return refuse


# Prepositions of a speech verb that say when, where or what about, not what was said.
_TOPIC_PREPS = _FRAME_PREPS | {"about", "of", "over", "regarding", "concerning"}


def _finish_span(text: str, cue: _Cue, clause: tuple[int, int] | None) -> tuple[int, int] | None:
    """The reported span: the content read for the cue with the quoted fragments it holds,
    up to a direct quote the cue introduces."""
    spans = list(cue.fragments)
    if clause:
        spans.append(clause)
    if not spans:
        return None
    start = min(s for s, _ in spans)
    end = max(e for _, e in spans)
    if cue.cut_at is not None:
        if start >= cue.cut_at:
            return None  # the content read is the direct quote the cue introduces
        end = min(end, cue.cut_at)
    if cue.stop is not None and start < cue.stop < end:
        end = cue.stop
    if cue.fragments and clause is None and cue.token.idx < start:
        # "described it as “…”": no parsed clause, the words from the cue on are the report
        start = cue.token.idx + len(cue.token)
    # A report stays in its paragraph (the parser may run a sentence over a blank line).
    breaks = [m.start() for m in _BLANK_LINE.finditer(text, start, end)]
    if breaks:
        if cue.token.idx < start:
            end = breaks[0]
        else:
            start = _BLANK_LINE.search(text, breaks[-1]).end()
    cue_at = cue.token.idx
    if (_BLANK_LINE.search(text, cue_at, start) if cue_at < start else
            _BLANK_LINE.search(text, end, cue_at) if end <= cue_at else None):
        return None  # in another paragraph than its cue (a quotation the parser ran on into)
    last_fragment = max((e for s, e in cue.fragments if start <= s and e <= end), default=None)
    if last_fragment is not None and last_fragment < end and _writers_tail(text, cue, last_fragment, end):
        end = last_fragment
    while start < end and (text[start].isspace() or text[start] in ",:;—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",:;—."):
        end -= 1
    if end <= start or not any(c.isalpha() for c in text[start:end]):
        return None
    return start, end


def _writers_tail(text: str, cue: _Cue, after: int, end: int) -> bool:
    """What follows a report's last quoted fragment is the writer's, not the source's: an
    aside after a dash ("likened it to “a bonfire” - a charge that stung") or when and
    where the cue happened ("called it a “disgrace” on Wednesday", "… during a visit")."""
    tail = text[after:end].lstrip()
    if tail[:1] in ("—", "–", "-", "―"):
        return True
    doc = cue.token.doc
    span = doc.char_span(after, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    first = next((t for t in span if not (t.is_space or t.is_punct)), None)
    if first is None:
        return False
    if first.ent_type_ in ("DATE", "TIME"):
        return True
    if first.dep_ != "prep":
        return False
    # a time preposition is the writer's wherever the parser hangs it ("a “tax” during a
    # visit"); "on", "in", "with" may belong to the quoted phrase ("a “war” on the poor")
    return first.lower_ in _WHEN_PREPS or (first.lower_ in _FRAME_PREPS and first.head.i == cue.token.i)


_WHEN_PREPS = frozenset({"during", "after", "before", "since", "until"})


def _speaker_label(text: str, seg: Segment) -> re.Match | None:
    label = _SPEAKER_LABEL.match(text, seg.start, seg.end)
    if label is None or label.group(1) in _NOT_SPEAKERS or label.group(1).split()[0] in _NOT_SPEAKERS:
        return None
    return label


# Capitalised labels that are not speakers ("“UPDATE: …", "“EDITOR'S NOTE: …").
_NOT_SPEAKERS = frozenset({"UPDATE", "UPDATED", "BREAKING", "EDITOR'S", "EDITORS", "NOTE", "CORRECTION",
                           "CLARIFICATION", "WARNING", "PHOTO", "PHOTOS", "VIDEO", "WATCH", "READ", "LISTEN",
                           "SOURCE", "SOURCES", "RELATED", "ALERT", "URGENT", "EXCLUSIVE", "ANALYSIS", "OPINION"})


def _transcript(doc: Doc, text: str, record: Record, chain: list[Segment], window: int) -> list[Quote]:
    """Transcript lines ("“KIRBY: …", one a paragraph, the quotation carried over them):
    each label is the speaker of its line, the colon the cue, until the next label."""
    quotes: list[Quote] = []
    speaker, cue = Speaker(), None
    for seg in chain:
        label = _speaker_label(text, seg)
        if label is not None:
            start, end = label.span(1)
            entity = entity_at(record, start, end)
            speaker = Speaker(mention=label.group(1), start=start, end=end,
                              name=entity.name if entity is not None else label.group(1),
                              entity_id=entity.id if entity is not None else None)
            cue = _Cue(doc[_token_at(doc, end)], ":", None, None, window)
            seg = Segment(open=seg.open, start=label.end(), end=seg.end, close=seg.close, after=seg.after)
        quotes.extend(_direct(text, [seg], cue, speaker))
    return quotes


def _direct(text: str, chain: list[Segment], cue: _Cue | None, speaker: Speaker) -> list[Quote]:
    quotes = []
    for s in chain:
        end = s.end
        # The comma before a closing mark belongs to the frame ("…,” she said), not the words.
        while end > s.start and (text[end - 1] in ",;:" or text[end - 1].isspace()):
            end -= 1
        if end > s.start:
            quotes.append(Quote(text=text[s.start:end], start=s.start, end=end, kind="direct",
                                cue=cue.text if cue else None, speaker=speaker))
    return quotes


def _join_pieces(text: str, quotes: list[Quote], cue_of: dict[int, _Cue]) -> list[Quote]:
    """One quotation, one quote: the pieces of a quotation broken by its own cue ("A,” she
    said, “B.”), carried on after it ("A,” she said. “B.”) or over paragraphs, the same cue
    framing them all and nothing else quoted between, are one quote over the whole stretch
    (the text is the body between its ends, the interrupting cue and marks included). A
    reported clause ending on a quoted fragment joins the quotation its cue carries on
    ("Sooner or later, “I think …,” he said. “…”": mixed); reports read inside the frame
    between the pieces ("…,” said Ana Ruiz, head of a group called X. “…”") do not break it
    (they stay quotes of their own). Pieces whose frame would outweigh them ("“A,” said Ana
    Ruiz, a teacher at … who …. “B.”") stay apart: the joined quote would be mostly the
    writer's words."""
    out: list[Quote] = []
    sizes: dict[int, tuple[int, int]] = {}  # id of a joined quote → (quoted words, frame words)
    for q in quotes:
        cue = cue_of.get(id(q))
        j = len(out) - 1
        if cue is not None and q.kind == "direct":
            while j >= 0 and cue_of.get(id(out[j])) is not cue and len(out) - j <= _JOIN_OVER:
                j -= 1
        prev = out[j] if cue is not None and j >= 0 else None
        between = out[j + 1:] if prev is not None else []
        if (prev is not None and cue_of.get(id(prev)) is cue and q.kind == "direct"
                and prev.speaker == q.speaker and prev.end <= q.start
                and (prev.kind == "direct" or cue.cut_at is None or q.start < cue.cut_at)
                and all(b.kind != "direct" and prev.end <= b.start and b.end <= q.start for b in between)):
            quoted, frame = sizes.get(id(prev), (len(prev.text.split()), 0))
            quoted += len(q.text.split())
            frame += len(text[prev.end:q.start].split())
            if frame <= quoted * JOIN_FRAME:
                joined = prev.model_copy(update={"text": text[prev.start:q.end], "end": q.end,
                                                 "kind": "direct" if prev.kind == "direct" else "mixed"})
                cue_of[id(joined)] = cue
                sizes[id(joined)] = (quoted, frame)
                out[j:] = [joined] + between
                continue
        out.append(q)
    return out


# How many quotes of other cues (reports inside the frame) a quotation's pieces may span.
_JOIN_OVER = 4
JOIN_FRAME = 1.0


def _words(text: str, chain: list[Segment]) -> int:
    return sum(len(text[s.start:s.end].split()) for s in chain)


def _token_at(doc: Doc, char: int) -> int:
    """Index of the token covering (or nearest before) a char offset."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is not None and len(span):
        return span.start
    # whitespace: the last token starting at or before char
    lo, hi = 0, len(doc) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if doc[mid].idx <= char:
            lo = mid
        else:
            hi = mid - 1
    return lo
