"""geoparse: the logic of ``newsledger places FILE.jsonl`` (find and resolve place names in text).

``locate(text, spans)`` resolves exactly the given character spans, in order, reading them
together (each name is context for the others); without spans it first finds the places with
the shared spaCy pipeline and the gazetteer matcher (``places.find_mentions``). Each result is
``{start, end, name, lat, lon, geonameid, country, feature, kind}``; fields are null where the
name is unknown to the gazetteer. ``kind`` is "place", or "demonym" for a nationality word that
the standard geoparsing corpora count as a toponym of its country ("Israeli" → Israel), or
"embedded" for a country/state name inside an organisation's name ("Texas" in "the Texas
Supreme Court"), which the corpora count too; the record's ``places`` keeps only "place".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc

from newsledger.analysis import _gazetteer as gz
from newsledger.analysis import places

FIELDS = ("name", "lat", "lon", "geonameid", "country", "feature")


def locate(text: str, spans: Sequence[Sequence[int]] | None = None, doc: Doc | None = None,
           unknown_at_main_town: bool = False) -> list[dict[str, Any]]:
    """Places in ``text``: the given ``[start, end]`` spans resolved in order, or, without
    spans, every place found. ``doc`` is an already parsed Doc of ``text`` (optional).
    ``unknown_at_main_town``: see ``places.resolve_names`` (off: unknown names stay null)."""
    if spans is not None:
        mentions = [places.Mention(int(s), int(e)) for s, e in spans]
    else:
        if doc is None:
            from newsledger.language import parse

            doc = parse(text)
        doc.user_data.setdefault("newsledger.text", text)  # the Doc's text is ``text``: not rebuilt
        mentions = places.find_mentions(doc)
    readings = places.resolve_names([text[m.start:m.end] for m in mentions], places.following(text, mentions),
                                    unknown_at_main_town, places.text_locale(text))
    out = []
    for m, c in zip(mentions, readings):
        row: dict[str, Any] = {"start": m.start, "end": m.end}
        row.update({f: (getattr(c, f) if c is not None else None) for f in FIELDS})
        if c is None:
            row["name"] = None
        row["kind"] = m.kind if spans is None else (places.DEMONYM if c is not None and c.kind == gz.KIND_DEMONYM
                                                    else places.PLACE)
        out.append(row)
    return out


def locate_item(item: dict[str, Any]) -> dict[str, Any]:
    """One line of ``newsledger places``: ``{id, text, spans?}`` → ``{id, places: [...]}``.

    Raises ``InputError`` (naming the id) for a line without text or with spans that are not
    ``[start, end]`` pairs inside the text."""
    from newsledger.errors import InputError

    ident = item.get("id") if isinstance(item, dict) else None
    text = item.get("text") if isinstance(item, dict) else None
    if not isinstance(text, str):
        raise InputError(str(ident), "no \"text\" string")
    spans = item.get("spans")
    if spans is not None:
        ok = isinstance(spans, list) and all(
            isinstance(s, (list, tuple)) and len(s) == 2 and all(isinstance(v, int) for v in s)
            and 0 <= s[0] <= s[1] <= len(text) for s in spans)
        if not ok:
            raise InputError(str(ident), "\"spans\" must be [[start, end], ...] within the text")
    return {"id": ident, "places": locate(text, spans)}
