"""Is a text English? Only that question, answered from function words, cheaply.

Anything else stays None: the record never guesses a value it does not know.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z']+")
_ENGLISH = frozenset(
    "the of and to in a is that for on with as was it by at from he said his be are has have"
    " an not this but were they their had who which will its been would after also she her".split()
)
_MIN_WORDS = 30
_MIN_SHARE = 0.25  # English prose runs at 40-50% function words; other languages near 0-5%


def detect_english(text: str) -> str | None:
    """"en" when the text is clearly English, else None."""
    words = _WORD.findall(text[:5000].lower())
    if len(words) < _MIN_WORDS:
        return None
    share = sum(1 for w in words if w in _ENGLISH) / len(words)
    return "en" if share >= _MIN_SHARE else None
