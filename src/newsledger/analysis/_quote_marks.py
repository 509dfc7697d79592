"""Quotation marks and sentence windows over a body, for quote attribution.

Quote marks are paired per paragraph (a quotation carried over several paragraphs leaves its
opening paragraphs unclosed and reopens each new one, the press convention). Sentence
windows are cut with our own rules instead of spaCy's sentences, which split inside quotes
(". . ." ellipses) and join "…,” Gantz said. Kirby said …" into one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from spacy.attrs import IDX, IS_SPACE, ORTH, SENT_START
from spacy.tokens import Doc
from newsledger.analysis._spans import text_of

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
# A doubled apostrophe ('') stands for a double mark in some archives' plain text.
_MARK = re.compile(r"''|[“”\"«»„]")
_SINGLE = re.compile(r"[‘’']")
_OPENING = "“«„"
_CLOSING = "”»"
_SENTENCE_END = (".", "?", "!")


@dataclass
class Segment:
    """One stretch of quoted text inside one paragraph."""

    open: int  # offset of the opening mark
    start: int  # content start (after the mark, whitespace trimmed)
    end: int  # content end, exclusive (before the closing mark, whitespace trimmed)
    close: int | None  # offset of the closing mark; None when the paragraph ended first
    after: int = -1  # offset just after the closing mark (= end when there is none)


@dataclass
class Window:
    """A sentence as attribution sees it: quotes are never cut in the middle."""

    first: int  # first token index
    last: int  # last token index (inclusive)
    start: int  # char offset of the first token
    end: int  # char offset after the last token


def quote_chains(text: str) -> list[list[Segment]]:
    """Quoted segments grouped into chains (one quotation running over paragraphs)."""
    chains: list[list[Segment]] = []
    carry = False  # the previous paragraph ended inside a quotation
    for para_start, para_end in _paragraphs(text):
        segments = _segments(text, para_start, para_end)
        if not segments and not _MARK.search(text, para_start, para_end):
            segments = _single_segments(text, para_start, para_end)
        if carry and segments and text[para_start:segments[0].open].strip() == "":
            chains[-1].append(segments[0])
            segments = segments[1:]
        chains.extend([s] for s in segments)
        last = chains[-1][-1] if chains else None
        carry = last is not None and last.close is None and para_start <= last.open < para_end
    return chains


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _segments(text: str, para_start: int, para_end: int) -> list[Segment]:
    segments: list[Segment] = []
    opened: int | None = None
    open_len = 1
    for m in _MARK.finditer(text, para_start, para_end):
        i = m.start()
        mark = m.group()
        if opened is None:
            if mark in _OPENING or mark in ('"', "''") or (mark == "”" and _looks_opening(text, i, para_start)):
                opened, open_len = i, len(mark)
            continue  # a stray closing mark outside any quote
        if mark in _CLOSING or mark in ('"', "''"):
            segments.append(_segment(text, opened, i, i, open_len, len(mark)))
            opened = None
        else:  # a new opening while open: the previous quote lost its closing mark
            segments.append(_segment(text, opened, i, None, open_len))
            opened, open_len = i, len(mark)
    if opened is not None:
        segments.append(_segment(text, opened, para_end, None, open_len))
    return [s for s in segments if s.end > s.start]


def _single_segments(text: str, para_start: int, para_end: int) -> list[Segment]:
    """Quotations in single marks (house styles that use them first): only closed ones,
    because a lone mark is far more often an apostrophe ("officials’", "’90s")."""
    segments: list[Segment] = []
    opened: int | None = None
    for m in _SINGLE.finditer(text, para_start, para_end):
        i = m.start()
        before = text[i - 1] if i > para_start else " "
        after = text[i + 1] if i + 1 < para_end else " "
        if opened is None:
            if m.group() in "‘'" and (before.isspace() or before in "([—:") and after.isalnum():
                opened = i
        elif m.group() in "’'" and not before.isspace() and (after.isspace() or after in ".,;:!?)—"):
            if i - opened > 2:
                segments.append(_segment(text, opened, i, i))
            opened = None
    return [s for s in segments if s.end > s.start]


def _looks_opening(text: str, i: int, para_start: int) -> bool:
    """A right mark typeset where a left one belongs: after a space, before a word, an
    ellipsis or a bracket ("” … what I learned", "”[I]t was")."""
    before = text[i - 1] if i > para_start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isspace() and (after.isalnum() or text[i + 1:i + 4].lstrip().startswith(("…", "...", "[")))


def _segment(text: str, opened: int, stop: int, close: int | None, open_len: int = 1,
             close_len: int = 1) -> Segment:
    start, end = opened + open_len, stop
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Segment(open=opened, start=start, end=end, close=close,
                   after=close + close_len if close is not None else end)


class TokenArrays(NamedTuple):
    """Per token, read from the Doc's arrays (no Token objects): char offset, whether it is
    whitespace, its text, whether the parser ends a sentence on it."""

    idx: list[int]
    space: list[bool]
    texts: list[str]
    sent_end: list[bool]


def token_arrays(doc: Doc) -> TokenArrays:
    rows = doc.to_array([IDX, IS_SPACE, ORTH, SENT_START]).tolist() if len(doc) else []
    strings = doc.vocab.strings
    n = len(rows)
    return TokenArrays([r[0] for r in rows], [bool(r[1]) for r in rows], [strings[r[2]] for r in rows],
                       [i + 1 == n or rows[i + 1][3] == 1 for i in range(n)])


def inside_flags(arrays: TokenArrays, segments: list[Segment]) -> list[bool]:
    """For each token: does it lie inside quoted content? (One linear walk.)"""
    idx = arrays.idx
    flags = [False] * len(idx)
    ordered = sorted(segments, key=lambda s: s.start)
    k = 0
    m = len(ordered)
    for i, at in enumerate(idx):
        while k < m and ordered[k].end <= at:
            k += 1
        if k < m and ordered[k].start <= at < ordered[k].end:
            flags[i] = True
    return flags


def sentence_windows(doc: Doc, arrays: TokenArrays, segments: list[Segment], inside: list[bool],
                     is_cue: list[bool]) -> tuple[list[Window], list[int]]:
    """Sentence windows and, for every token, the index of its window."""
    closes = {s.close: s for s in segments if s.close is not None}
    opens = {s.open for s in segments}
    text = text_of(doc)
    idx, space, texts, sent_end = arrays
    n = len(doc)
    next_solid = [n] * (n + 1)  # next non-space token index after i
    following = n
    for i in range(n - 1, -1, -1):
        next_solid[i] = following
        if not space[i]:
            following = i

    def starts_sentence(j: int) -> bool:
        if j >= n:
            return True
        return idx[j] in opens or texts[j][:1].isupper() or texts[j][:1].isdigit()

    def cue_soon(j: int) -> bool:
        for k in range(j, min(j + 5, n)):
            if is_cue[k]:
                return True
            if texts[k] in _SENTENCE_END:
                return False
        return False

    breaks_after: list[int] = []
    for i in range(n):
        tok_text = texts[i]
        if space[i]:
            if "\n" in tok_text:
                breaks_after.append(i)
            continue
        if inside[i]:
            continue
        j = next_solid[i]
        if idx[i] in closes:
            segment = closes[idx[i]]
            last_char = text[segment.end - 1] if segment.end > segment.start else ""
            if last_char in _SENTENCE_END and starts_sentence(j):
                # “…?” he asked: a question mark does not end the attributed sentence.
                if last_char == "." or not cue_soon(j):
                    breaks_after.append(i)
            continue
        if tok_text in _SENTENCE_END or (tok_text.endswith(".") and sent_end[i] and len(tok_text) > 1):
            prev = i - 1
            while prev >= 0 and space[prev]:
                prev -= 1
            if tok_text == "." and ((prev >= 0 and texts[prev] == ".") or (j < n and texts[j] == ".")):
                continue  # spaced ellipsis ". . ."
            if starts_sentence(j):
                breaks_after.append(i)

    windows: list[Window] = []
    owner = [0] * n
    first = 0
    for b in breaks_after + [n - 1]:
        if b < first:
            continue
        solid = [t for t in range(first, b + 1) if not space[t]]
        if solid:
            w = Window(first=solid[0], last=solid[-1], start=idx[solid[0]],
                       end=idx[solid[-1]] + len(texts[solid[-1]]))
            windows.append(w)
        index = max(len(windows) - 1, 0)
        for t in range(first, b + 1):
            owner[t] = index
        first = b + 1
    return windows, owner
