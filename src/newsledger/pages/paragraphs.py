"""Text into units, whitespace normalised: one unit per line, or per paragraph when wrapped.

A plain-text scrape may put a blank line between paragraphs (most do), one paragraph per
line, or hard-wrap paragraphs at a fixed width. Wrapped lines are joined back before any
clutter rule looks at them, using the greedy-wrapping test: a line was broken by the
wrapper only if the next word would not have fitted on it.
"""

from __future__ import annotations

import re

# Invisible characters that only break tokenisation (zero-width space, word joiner,
# BOM, soft hyphen). Zero-width joiners stay: they belong to emoji sequences.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n[ \t\u00a0\u2000-\u200a\u3000]*\n\s*")
_MAX_WRAP_WIDTH = 100  # wrappers break at 70-80 columns; longer lines are paragraphs
_MIN_WRAPPED_PAIRS = 3


def normalise(text: str) -> str:
    """One space between words, none at the ends; quote characters untouched."""
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


def units(text: str) -> list[str]:
    """Lines of the text, with hard-wrapped paragraphs joined into one unit each."""
    blocks = [[clean for line in chunk.split("\n") if (clean := normalise(line))] for chunk in _BLANK_LINES.split(text)]
    width = _wrap_width(blocks)
    out: list[str] = []
    for lines in blocks:
        for k, line in enumerate(lines):
            if k and width and _broken_by_wrapper(lines[k - 1], line, width):
                out[-1] = f"{out[-1]} {line}"
            else:
                out.append(line)
    return out


def _wrap_width(blocks: list[list[str]]) -> int | None:
    """The wrapping width when most line breaks inside blocks are the wrapper's, else None."""
    pairs = [(a, b) for lines in blocks for a, b in zip(lines, lines[1:])]
    if len(pairs) < _MIN_WRAPPED_PAIRS:
        return None
    width = max(len(line) for lines in blocks if len(lines) > 1 for line in lines)
    if width > _MAX_WRAP_WIDTH:
        return None
    wrapped = sum(1 for a, b in pairs if _broken_by_wrapper(a, b, width))
    # A wrapper never leaves a line with a space in it longer than its width: paragraphs on
    # one long line each mean the short multi-line blocks (masthead, byline and date,
    # footer) were written line by line, not wrapped.
    overlong = sum(1 for lines in blocks for line in lines if len(line) > width and " " in line)
    if overlong * 4 > wrapped:
        return None
    return width if wrapped * 2 >= len(pairs) else None


def _broken_by_wrapper(line: str, following: str, width: int) -> bool:
    return len(line) + 1 + len(following.split(" ", 1)[0]) > width
