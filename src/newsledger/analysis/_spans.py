"""Small shared look-ups over the record and the Doc, used by several components.

Components talk to each other only through the record; these helpers read it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span as SpacySpan

from newsledger.record import Entity, Evidence, Record


def entity_at(record: Record, start: int, end: int) -> Entity | None:
    """The entity with a mention overlapping body[start:end] (the longest such mention wins)."""
    best: tuple[int, Entity] | None = None
    for entity in record.entities:
        for m in entity.mentions:
            if m.start < end and start < m.end:
                size = m.end - m.start
                if best is None or size > best[0]:
                    best = (size, entity)
    return best[1] if best else None


def evidence(span: SpacySpan) -> Evidence:
    """The sentence as evidence, trimmed of surrounding whitespace."""
    text = text_of(span.doc)[span.start_char:span.end_char]  # = span.text, not joined anew
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    return Evidence(text=text, start=span.start_char + lead, end=span.start_char + lead + len(text))


def text_of(doc: Doc) -> str:
    """The Doc's text, built once. ``Doc.text`` joins every token anew on each access, and
    every component needs the text: kept in the Doc's user_data, it is built once per report."""
    text = doc.user_data.get("newsledger.text")
    if text is None:
        text = doc.user_data["newsledger.text"] = doc.text
    return text


def token_mask(doc: Doc, attr: int, test, cache: dict[int, bool] | None = None) -> "numpy.ndarray":
    """``test(string)`` for the string attribute ``attr`` (ORTH, LOWER...) of every token, as
    a boolean array: each distinct string is tested once, and no Token object is made (making
    one per token costs more than most per-token tests).

    ``cache``: verdicts by string hash, kept by the caller across Docs (for a ``test`` that
    depends on the string alone): a string seen in an earlier report is not tested again."""
    import numpy

    values = doc.to_array(attr)
    unique, inverse = numpy.unique(values, return_inverse=True)
    strings = doc.vocab.strings
    hashes = unique.tolist()
    if cache is None:
        verdicts = numpy.fromiter((bool(test(strings[h])) for h in hashes), dtype=bool, count=len(hashes))
    else:
        known = cache.get
        verdicts = numpy.fromiter(
            (v if (v := known(h)) is not None else cache.setdefault(h, bool(test(strings[h]))) for h in hashes),
            dtype=bool, count=len(hashes),
        )
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
    return verdicts[inverse]


_CACHE_LIMIT = 200_000  # strings: a long batch's vocabulary, not an unbounded one
