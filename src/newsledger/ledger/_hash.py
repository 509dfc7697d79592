"""The content hash that makes ingesting idempotent.

Two reports are "the same content" when their article bodies are the same text once
typography and whitespace are normalised. The URL is deliberately NOT part of the hash:
the same wire story republished at another address (or scraped twice with different
curly quotes or line wrapping) is one report, not two. Case and wording are kept, so
an edited or updated story (new death toll, new paragraph) is a new report.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Typographic variants that scrapers and CMSs swap freely for the same text.
_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u200b": "", "\ufeff": "", "\u00ad": "",
})
_WHITESPACE = re.compile(r"\s+")


def normalise_body(body: str) -> str:
    """The body as hashed: NFKC, plain quotes and dashes, one space between words."""
    text = unicodedata.normalize("NFKC", body).translate(_TYPOGRAPHY)
    return _WHITESPACE.sub(" ", text).strip()


def content_hash(body: str) -> str:
    """sha256 (hex) of the normalised article body."""
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()
