"""Where a long body is cut into pieces that are parsed (and analysed) one at a time.

spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters), its parser's memory grows
with the length of one text, and some analyses grow faster than the text: a body near that
length took minutes and over 2 GB. A body longer than ``Settings.chunk_chars`` is therefore cut
into adjacent groups of whole paragraphs (see :func:`newsledger.pipeline.analyse`). Shorter
bodies are parsed whole, as before: their annotations do not change.
"""

from __future__ import annotations

import re

# Where a piece may end, best first: after a blank line (a paragraph), after a line break,
# after a sentence's end, after any space. A text with none of these is cut at the limit.
_BREAKS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"'”’)\]]*\s+"),
           re.compile(r"\s+"))


def cut_points(text: str, limit: int) -> list[int]:
    """Offsets ``[0, ..., len(text)]`` cutting ``text`` into adjacent pieces of at most
    ``limit`` characters, each ending at the best break found in its last stretch."""
    points = [0]
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = None
        for pattern in _BREAKS:
            # the last break in the window, if it is not in the first half (tiny pieces)
            last = None
            for match in pattern.finditer(text, start + limit // 2, end):
                last = match
            if last is not None and last.end() <= end:
                cut = last.end()
                break
        if cut is None or cut <= start:
            cut = end
        points.append(cut)
        start = cut
    points.append(len(text))
    return points
