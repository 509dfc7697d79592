"""The report's own dateline and date heading, which tell when and where the report was
filed, not when or where anything it tells happened."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsledger.analysis._spans import text_of
from newsledger.record import DateMention

DASHES = frozenset({"-", "–", "—", "--"})
DATELINE_MAX = 25  # a dateline is a town, a region, a date and an outlet at most
HEADING_WORDS = 15  # a body's first line this short, with no closing stop, is a heading


def report_date(doc: Doc, d: DateMention) -> bool:
    """Whether a date is the report's own, not any event's: the date of a wire dateline
    ("JAKARTA, Feb 13 (Agency) - Police detained 94 people ... late on Thursday") or the body's
    first line when that is a heading, not a sentence (a statement's "Press release No. 7 -
    Bangui, 11 February 2026"). Events told under it are dated by their own words, or
    inferred like any undated event."""
    body = text_of(doc)  # Doc.text rebuilds the text from every token on each access
    if "\n" not in body[:d.start].strip():  # the date is on the body's first line
        end = body.find("\n", d.end)
        line = body[:end if end >= 0 else len(body)].strip()
        if line and len(line.split()) <= HEADING_WORDS and line[-1] not in ".!?\"'”’":
            return True
    span = doc.char_span(d.start, d.end, alignment_mode="expand")
    if span is None:
        return False
    end = dateline_end(span[0])
    return end is not None and span.end <= end


def dateline_end(tok: Token) -> int | None:
    """Where a dateline opening the sentence ends ("DORI, Burkina Faso, May 13 (X Wire) -",
    "Goma, DR Congo -"), when ``tok`` sits in the sentence's first words; None otherwise. The
    parser often takes the dateline's town for the subject of the lead sentence. A dateline is
    a run of capitalised words, numbers, commas and an agency in brackets, closed by a dash."""
    sent = tok.sent
    first = sent[0]
    if tok.i - sent.start > DATELINE_MAX or not (first.is_alpha and len(first) > 1 and (
            first.is_upper or first.ent_type_ in ("GPE", "LOC", "FAC"))):
        return None
    depth = 0
    for t in sent[1:DATELINE_MAX]:
        if t.text in DASHES:
            return t.i if t.i > sent.start + 1 else None
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif not (depth or t.is_punct or t.like_num or t.text[:1].isupper()):
            return None
    return None
