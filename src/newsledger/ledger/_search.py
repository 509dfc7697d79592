"""User search text to a safe query: FTS5 MATCH syntax, a PostgreSQL tsquery, or LIKE
patterns without full text.

User input never reaches FTS5 raw (``AND``, ``NEAR(``, a stray ``"`` or ``*`` would be
syntax). Every term is quoted as an FTS5 string, so the only operator is the implicit
AND between terms. ``"two words"`` in the input is kept as a phrase; ``word*`` as a prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|([\w][\w\'\-.]*\*?)', re.UNICODE)
_WORDS = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 16  # a pasted paragraph should not become a 500-term query


@dataclass(frozen=True)
class Term:
    text: str  # the words, joined by single spaces
    prefix: bool = False


def terms(query: str | None) -> list[Term]:
    """The terms of a user query; [] when it has no words at all."""
    found: list[Term] = []
    for match in _PHRASE_OR_WORD.finditer(query or ""):
        raw = match.group(1) if match.group(1) is not None else match.group(2)
        words = _WORDS.findall(raw)
        if words:
            found.append(Term(" ".join(words), prefix=raw.endswith("*") and len(words) == 1))
        if len(found) >= MAX_TERMS:
            break
    return found


def fts_match(found: list[Term]) -> str:
    """An FTS5 MATCH expression: each term a quoted string (``"` doubled), ANDed."""
    parts = []
    for term in found:
        quoted = '"' + term.text.replace('"', '""') + '"'
        parts.append(quoted + "*" if term.prefix else quoted)
    return " AND ".join(parts)


def like_pattern(term: Term) -> str:
    """A LIKE pattern (ESCAPE '\\') matching the term anywhere, case-insensitively for ASCII."""
    # NUL never occurs in stored text, and PostgreSQL refuses it in a parameter.
    escaped = term.text.replace("\x00", "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def ts_query(found: list[Term]) -> tuple[str, list[str]]:
    """A PostgreSQL tsquery expression (with ``?`` parameters) for the terms, ANDed.

    No user text reaches tsquery syntax: a phrase or word goes through
    ``phraseto_tsquery``, which reads plain text; a prefix term is one run of word
    characters (see :func:`terms`), quoted as a lexeme and given ``:*``. The 'simple'
    configuration matches the tsvector columns (no stemming, as FTS5's unicode61)."""
    parts, params = [], []
    for term in found:
        if term.prefix:
            parts.append("to_tsquery('simple', ?)")
            params.append("'" + term.text.replace("'", "''").replace("\\", "") + "':*")
        else:
            parts.append("phraseto_tsquery('simple', ?)")
            params.append(term.text)
    return " && ".join(parts), params
