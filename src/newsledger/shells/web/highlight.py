"""The article body as HTML paragraphs with its annotations highlighted.

Annotations (quotes, entity mentions, event evidence, place mentions, figures) overlap
freely, so they are not nested as elements: the text is split at every annotation
boundary and each piece becomes one ``<span>`` carrying the classes and ``data-*`` ids
of all annotations covering it. Every text piece goes through :func:`html.escape`; the
only markup is built here, from fixed strings and escaped ids.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markupsafe import Markup

from newsledger.record import Record

KINDS: tuple[str, ...] = ("quote", "entity", "event", "place", "figure")
_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=[ \t]*\n[ \t]*\n|\s*\Z)", re.DOTALL)
_UNSAFE_ID = re.compile(r"[^\w\-.:]")


@dataclass(frozen=True)
class Mark:
    kind: str  # one of KINDS
    ref: str  # the item's id: entity id, or the index in its list
    start: int
    end: int


def anchor_id(kind: str, ref: str) -> str:
    """The element id of an annotation's first highlight (list items link to it)."""
    return f"{kind}-{safe_ref(ref)}"


def safe_ref(ref: str) -> str:
    # ids go into space-separated data attributes and fragment links
    return _UNSAFE_ID.sub("_", ref)


def marks(record: Record) -> list[Mark]:
    """Every annotation span of the record that lies inside the body, in start order."""
    body = record.article.body
    found: list[Mark] = []
    found += [Mark("quote", str(i), q.start, q.end) for i, q in enumerate(record.quotes)]
    for entity in record.entities:
        found += [Mark("entity", entity.id, m.start, m.end) for m in entity.mentions]
    found += [Mark("event", str(i), e.evidence.start, e.evidence.end) for i, e in enumerate(record.events)]
    for i, place in enumerate(record.places):
        found += [Mark("place", str(i), m.start, m.end) for m in place.mentions]
    for i, figure in enumerate(record.figures):
        # a figure's own words ("at least 15 people") inside its evidence sentence
        at = body.find(figure.text, figure.evidence.start, figure.evidence.end) if figure.text else -1
        if at >= 0:
            found.append(Mark("figure", str(i), at, at + len(figure.text)))
    valid = [m for m in found if 0 <= m.start < m.end <= len(body)]
    return sorted(valid, key=lambda m: (m.start, -m.end))


def paragraphs(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines, trimmed."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(body)]


def render_body(record: Record) -> list[Markup]:
    """One HTML fragment per paragraph, annotations highlighted."""
    body = record.article.body
    all_marks = marks(record)
    anchored: set[tuple[str, str]] = set()
    out: list[Markup] = []
    first = 0  # all_marks[:first] end before the current paragraph (paragraphs are in order)
    for p_start, p_end in paragraphs(body):
        while first < len(all_marks) and all_marks[first].end <= p_start:
            first += 1
        inside = []
        for m in all_marks[first:]:
            if m.start >= p_end:
                break
            if m.end > p_start:
                inside.append(Mark(m.kind, m.ref, max(m.start, p_start), min(m.end, p_end)))
        out.append(Markup(_render_paragraph(body, p_start, p_end, inside, anchored)))
    return out


def _render_paragraph(body: str, p_start: int, p_end: int, inside: list[Mark],
                      anchored: set[tuple[str, str]]) -> str:
    cuts = sorted({p_start, p_end, *(m.start for m in inside), *(m.end for m in inside)})
    parts: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        for m in inside:
            if m.start == a and (m.kind, m.ref) not in anchored:
                anchored.add((m.kind, m.ref))
                parts.append(f'<span class="anchor" id="{html.escape(anchor_id(m.kind, m.ref))}"></span>')
        text = html.escape(body[a:b]).replace("\n", "<br>\n")
        covering = [m for m in inside if m.start <= a and b <= m.end]
        if not covering:
            parts.append(text)
            continue
        kinds = [k for k in KINDS if any(m.kind == k for m in covering)]
        classes = " ".join(f"m-{k}" for k in kinds)
        data = "".join(
            f' data-{k}="{html.escape(" ".join(dict.fromkeys(safe_ref(m.ref) for m in covering if m.kind == k)))}"'
            for k in kinds
        )
        parts.append(f'<span class="mark {classes}"{data} title="{" · ".join(kinds)}">{text}</span>')
    return "".join(parts)


def mark_terms(text: str | None, terms: list[str]) -> Markup:
    """``text`` escaped, with case-insensitive hits of the search terms in ``<mark>``."""
    if not text:
        return Markup("")
    words = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return Markup(html.escape(text))
    pattern = re.compile("|".join(r"\s+".join(map(re.escape, w.split())) for w in words), re.IGNORECASE)
    parts, last = [], 0
    for hit in pattern.finditer(text):
        parts += [html.escape(text[last:hit.start()]), "<mark>", html.escape(hit.group()), "</mark>"]
        last = hit.end()
    parts.append(html.escape(text[last:]))
    return Markup("".join(parts))
