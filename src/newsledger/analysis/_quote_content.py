"""A learned choice of what a reporting cue reports: the content span of an attribution.

For a cue word ("said", "accused", "allegations"), the parse offers a few readings of its
content: the clausal complement ("said [the talks had failed]"), one dependent ("accused
[him] of lying", "asked about [the loan]"), all the words after it in the sentence, the
sentence before it ("[Hamas holds 132 hostages], officials said"), the subject of a passive
("[the bank] is expected to act"). Each reading is a candidate span; a logistic regression
over a few features of the cue and the candidate scores them, the best one is the content
when its probability clears the threshold, and no content is given otherwise.
newsledger.analysis.quotes asks it only for cues its rules read no content for, and refuses
the readings their frame rules out (quotes._learned_reading, quotes._refuser).

The weights (src/newsledger/data/quotes/content_weights.json) are trained on PolNeAR train by
bench/quotes_train.py (which documents how to rebuild them); inference is a sum of weights per
candidate: no numpy or scikit-learn at run time.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

WEIGHTS = Path(__file__).resolve().parent.parent / "data" / "quotes" / "content_weights.json"

# Dependents of a cue whose subtree can be what it reports.
_CHILD_DEPS = frozenset({"ccomp", "dobj", "xcomp", "advcl", "attr", "oprd", "acomp", "dative", "acl",
                         "relcl", "pcomp", "npadvmod", "parataxis", "nsubjpass", "csubj", "appos"})
_PREP_DEPS = frozenset({"prep", "agent"})
_LEADING_MARKS = frozenset({"that", "whether", "if"})
_OPENERS = ("“", '"', "«", "''", "‘")
_CLOSERS = ("”", '"', "»", "''", "’")
_COMMAS = frozenset({",", ";", "—", "–"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_FUNCTION_FIRST = frozenset({"that", "whether", "if", "to", "of", "about", "for", "on", "what", "how",
                             "why", "when", "who", "which", "the", "a", "an", "his", "her", "their", "it"})


def candidates(cue: Token, lo: int, hi: int, rule: tuple[int, int] | None = None
               ) -> dict[tuple[int, int], list[str]]:
    """Candidate content spans (token ranges [first, last], within the sentence window
    [lo, hi]) with the kinds of reading that propose each; `rule` is the char span the
    hand-written rules read (the clausal complement or the objects), when they read one."""
    doc = cue.doc
    out: dict[tuple[int, int], list[str]] = {}

    def add(kind: str, first: int, last: int) -> None:
        first, last = max(first, lo), min(last, hi)
        span = _trim(doc, first, last, cue.i)
        if span is not None:
            out.setdefault(span, []).append(kind)

    rights = []
    for child in cue.children:
        dep = child.dep_
        side = "R" if child.i > cue.i else "L"
        if dep in _CHILD_DEPS:
            add(f"c:{dep}:{side}", child.left_edge.i, child.right_edge.i)
        elif dep in _PREP_DEPS:
            add(f"p:{child.lower_}:{side}", child.left_edge.i, child.right_edge.i)
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                add(f"po:{child.lower_}:{side}", min(o.left_edge.i for o in objects),
                    max(o.right_edge.i for o in objects))
        if side == "R" and dep not in ("punct", "cc", "conj", "mark", "advmod", "aux", "neg"):
            rights.append(child)
    if rights:
        add("rights", min(c.left_edge.i for c in rights), max(c.right_edge.i for c in rights))
    comps = [c for c in cue.children if c.dep_ == "ccomp"]
    if len(comps) > 1:
        add("ccomps", min(c.left_edge.i for c in comps), max(c.right_edge.i for c in comps))
    add("rest", cue.i + 1, hi)
    subject = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    left_end = (subject.left_edge.i if subject is not None and subject.i < cue.i else cue.left_edge.i) - 1
    if left_end > lo:
        add("left", lo, left_end)
    if subject is not None and subject.dep_ == "nsubjpass" and rights:
        add("subj+rights", subject.left_edge.i, max(c.right_edge.i for c in rights))
    if cue.dep_ in ("acl", "relcl", "amod") and cue.head.i < cue.i:
        add("head", cue.head.left_edge.i, cue.head.i)
    if rule is not None:
        span = doc.char_span(rule[0], rule[1], alignment_mode="expand")
        if span is not None and len(span):
            add("rule", span.start, span.end - 1)
    return out


def _trim(doc: Doc, first: int, last: int, cue_i: int) -> tuple[int, int] | None:
    """Without edge punctuation (quote marks kept), a leading "that", or the cue itself."""
    if first <= cue_i <= last:
        if cue_i == first:
            first += 1
        elif cue_i == last:
            last -= 1
        else:
            return None  # a span around the cue is no reading of its content
    while first <= last and (doc[first].is_space or (doc[first].is_punct and doc[first].text not in _OPENERS)
                             or (doc[first].lower_ in _LEADING_MARKS and doc[first].dep_ == "mark")):
        first += 1
    while last >= first and (doc[last].is_space or (doc[last].is_punct and doc[last].text not in _CLOSERS)):
        last -= 1
    if last < first or not any(t.is_alpha or t.is_digit for t in doc[first:last + 1]):
        return None
    return first, last


def _size(n: int) -> str:
    for bound, name in ((1, "1"), (2, "2"), (5, "3-5"), (10, "6-10"), (20, "11-20"), (40, "21-40")):
        if n <= bound:
            return name
    return "41+"


def features(cue: Token, kinds: list[str], first: int, last: int, lo: int, hi: int) -> list[str]:
    """Features of one candidate reading of a cue's content."""
    doc = cue.doc
    lemma = cue.lemma_.lower()
    head = doc[first]
    lead = head.lower_ if head.lower_ in _FUNCTION_FIRST or head.is_punct else head.pos_
    size = _size(last - first + 1)
    feats = [f"cp={cue.pos_}", f"cd={cue.dep_}", f"f={lead}", f"n={size}", f"l|f={lemma}|{lead}"]
    for kind in kinds:
        short = kind.split(":")[0] + ":" + kind.split(":")[1] if kind.count(":") == 2 else kind
        feats += [f"k={kind}", f"ks={short}", f"k|l={short}|{lemma}", f"k|n={short}|{size}",
                  f"k|cp={short}|{cue.pos_}", f"k|f={short}|{lead}", f"k|cd={short}|{cue.dep_}"]
    feats.append(f"nk={min(len(kinds), 3)}")
    if last == hi:
        feats.append("to_end")
    if first == lo:
        feats.append("from_start")
    # One pass over the candidate's words (a Token each): quote marks, commas, finite verbs,
    # and the words whose head lies outside it.
    quoted = comma = finite = False
    root_dep = None
    for t in doc[first:last + 1]:
        text = t.text
        if not quoted and (text in _OPENERS or text in _CLOSERS):
            quoted = True
        if not comma and text in _COMMAS:
            comma = True
        if not finite and t.tag_ in _FINITE_TAGS:
            finite = True
        if root_dep is None:
            above = t.head.i
            if not first <= above <= last or above == t.i:
                root_dep = t.dep_
    if quoted:
        feats.append("quoted")
    if comma:
        feats.append("comma")
    deps = {c.dep_ for c in cue.children}
    feats.append(f"has_ccomp={'ccomp' in deps}")
    side = "R" if first > cue.i else "L"
    feats.append(f"side={side}")
    # What the candidate leaves out of the sentence, and where the cue stands in it: a span
    # stopping short of the sentence's end, or a cue closing its sentence ("…, he said").
    after = doc[last + 1] if last < hi else None
    nxt = "END" if after is None else (after.text if after.is_punct else after.pos_)
    left_out = _size(hi - last) if last < hi else "0"
    cue_tail = _size(hi - cue.i) if cue.i < hi else "0"
    cue_head = _size(cue.i - lo) if cue.i > lo else "0"
    feats += [f"nxt={nxt}", f"out={left_out}", f"tail={cue_tail}", f"head={cue_head}",
              f"side|tail={side}|{cue_tail}", f"side|head={side}|{cue_head}"]
    for kind in kinds:
        short = kind.split(":")[0] + ":" + kind.split(":")[1] if kind.count(":") == 2 else kind
        feats += [f"k|nxt={short}|{nxt}", f"k|out={short}|{left_out}", f"k|tail={short}|{cue_tail}",
                  f"k|tag={short}|{cue.tag_}"]
    # What the candidate is: a clause (it holds a finite verb) or a phrase, and its last word.
    tail = doc[last]
    if root_dep is None:
        root_dep = "none"
    feats += [f"fin={finite}", f"l|fin={lemma}|{finite}", f"lastpos={tail.pos_}", f"rdep={root_dep}",
              f"l|rdep={lemma}|{root_dep}", f"fin|side={finite}|{side}"]
    return feats


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, float], float, float]:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return data["weights"], data["bias"], data["threshold"]


def available() -> bool:
    return WEIGHTS.exists()


def scored(cue: Token, lo: int, hi: int, rule: tuple[int, int] | None = None
           ) -> list[tuple[float, int, int, list[str]]]:
    """(probability, first, last, kinds) of every candidate, best first."""
    weights, bias, _ = _model()
    out = []
    for (first, last), kinds in candidates(cue, lo, hi, rule).items():
        z = bias + sum(weights.get(f, 0.0) for f in features(cue, kinds, first, last, lo, hi))
        out.append((1.0 / (1.0 + math.exp(-z)), first, last, kinds))
    out.sort(key=lambda c: (c[0], c[1], c[2]), reverse=True)
    return out


def content_span(cue: Token, lo: int, hi: int, rule: tuple[int, int] | None = None,
                 refuse=None) -> tuple[int, int] | None:
    """Char span of the content the model reads for the cue (None: no reading is likely);
    `refuse(first, last, kinds)` rules a candidate out (the addressee of "warned the crew")."""
    _, _, threshold = _model()
    best = [c for c in scored(cue, lo, hi, rule) if refuse is None or not refuse(c[1], c[2], c[3])]
    if not best or best[0][0] < threshold:
        return None
    _, first, last, _ = best[0]
    doc = cue.doc
    return doc[first].idx, doc[last].idx + len(doc[last])
