"""User search text to a safe query: FTS5 MATCH syntax, a PostgreSQL tsquery, or LIKE
clauses without full text.

The syntax (the one web search engines taught everyone):

* ``convoy aid``: both words (terms are AND'ed; ``AND`` may be written out);
* ``convoy OR aid``: either (``OR`` in capitals; as in web search it binds tighter than
  AND, so ``tete convoy OR aid`` is ``tete AND (convoy OR aid)``);
* ``-police`` or ``NOT police``: without it (a search must also find something: ``-police``
  alone is refused);
* ``"crossing closed"``: the words in a row;
* ``evacuat*``: words that begin so;
* ``( )`` group.

User text never reaches FTS5 or tsquery syntax raw: the query is parsed here into a tree
and each database's expression is written from the tree, every word quoted. A query that
cannot be read (an unclosed ``"``, a lone ``)``, ``OR`` or ``NOT`` with nothing to act on)
raises :class:`SearchSyntaxError` with the reason: it never silently matches everything.
Lower-case ``or``, ``and`` and ``not`` are ordinary words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

# Words as both databases' tokenizers see them (FTS5 unicode61 and PostgreSQL's parser):
# runs of letters and digits; the underscore and the rest of punctuation separate them.
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)
_OLD_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|([\w][\w\'\-.]*\*?)', re.UNICODE)
MAX_TERMS = 16  # a pasted paragraph should not become a 500-term query

HELP = ('All words must match. OR (in capitals) for either: Tete convoy OR aid finds Tete with convoy or aid. '
        '-word or NOT word to leave out: convoy -police. "Quotes" for words in a row: '
        '"crossing closed". A * ends a prefix: evacuat*. Parentheses group: (convoy OR aid) Tete.')


_OR = "OR needs something to search for on both sides (convoy OR aid)"


class SearchSyntaxError(ValueError):
    """A search query that cannot be read; the message says why (shown to the user)."""


@dataclass(frozen=True)
class Term:
    text: str  # the words, joined by single spaces
    prefix: bool = False


@dataclass(frozen=True)
class Not:
    node: "Node"


@dataclass(frozen=True)
class And:
    nodes: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple["Node", ...]


Node = Union[Term, Not, And, Or]

_TOKEN = re.compile(r'\s+|(?P<open>\()|(?P<close>\))|(?P<quote>"[^"]*"\*?)|(?P<stray>")|(?P<neg>-+(?=[("]))|(?P<bare>[^\s()"]+)')


def _tokens(query: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind is None:
            continue
        text = match.group(kind)
        if kind == "stray":  # an even number of quotes is read as phrases: this one is left over
            raise SearchSyntaxError('a " without its closing " (quote a phrase as "two words")')
        if kind == "neg":
            out.append(("NEG", "-"))
        elif kind in ("open", "close") or (kind == "bare" and text in ("OR", "AND", "NOT")):
            out.append((text, text))
        elif kind == "bare" and text.startswith("-") and _WORDS.search(text):
            out.append(("NEG", "-"))
            out.append(("bare", text.lstrip("-")))
        else:
            out.append((kind, text))
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens, self.at, self.count = tokens, 0, 0

    def peek(self) -> str | None:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        self.at += 1
        return self.tokens[self.at - 1]

    def all_of(self) -> Node | None:
        """Terms in a row, AND'ed, up to the end or a ``)``."""
        nodes: list[Node] = []
        while self.peek() not in (None, ")"):
            if self.peek() == "AND":
                self.take()
                if not nodes or self.peek() in (None, ")", "OR", "AND"):
                    raise SearchSyntaxError("AND needs something to search for on both sides")
                continue
            node = self.any_of()
            if node is not None:
                nodes.append(node)
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def any_of(self) -> Node | None:
        """One term, or terms joined by OR (which binds tighter than AND, as in web search)."""
        if self.peek() == "OR":
            raise SearchSyntaxError(_OR)
        first = self.unary()
        if self.peek() != "OR":
            return first
        nodes = [first]
        while self.peek() == "OR":
            self.take()
            if self.peek() in (None, ")", "OR", "AND"):
                raise SearchSyntaxError(_OR)
            nodes.append(self.unary())
        if any(n is None for n in nodes):
            raise SearchSyntaxError(_OR)
        return Or(tuple(nodes))

    def unary(self) -> Node | None:
        kind = self.peek()
        if kind in ("NOT", "NEG"):
            self.take()
            if self.peek() in (None, ")", "OR", "AND"):
                raise SearchSyntaxError("NOT needs a word, phrase or group after it (convoy NOT police)")
            inner = self.unary()
            if inner is None:
                raise SearchSyntaxError("NOT needs a word, phrase or group after it (convoy NOT police)")
            return inner.node if isinstance(inner, Not) else Not(inner)
        return self.primary()

    def primary(self) -> Node | None:
        kind, text = self.take()
        if kind == "(":
            inner = self.all_of()
            if self.peek() != ")":
                raise SearchSyntaxError("a ( without its closing )")
            self.take()
            if inner is None:
                raise SearchSyntaxError("empty parentheses: put words inside, as in (convoy OR aid)")
            return inner
        if kind == "quote":
            prefix = text.endswith("*")
            words = _WORDS.findall(text.rstrip("*")[1:-1])
            if not words:
                raise SearchSyntaxError('an empty phrase: put words between the quotes, as in "crossing closed"')
            return self.term(words, prefix)
        # a bare word: its letters and digits, in a row ("al-Shifa", "U.N."); bare punctuation is nothing
        words = _WORDS.findall(text)
        if not words:
            return None
        return self.term(words, text.endswith("*"))

    def term(self, words: list[str], prefix: bool) -> Term:
        self.count += 1
        if self.count > MAX_TERMS:
            raise SearchSyntaxError(f"too many terms: at most {MAX_TERMS} words or phrases")
        return Term(" ".join(w.lower() for w in words), prefix=prefix)


def parse(query: str | None) -> Node | None:
    """The query's tree; None when it asks for nothing (empty, or only punctuation).

    Raises :class:`SearchSyntaxError` when it cannot be read, or when a part of it only
    excludes (``-police``, ``convoy OR -police``): "everything but" is not a search."""
    query = (query or "").replace("\x00", " ")
    if not query.strip():
        return None
    parser = _Parser(_tokens(query))
    tree = parser.all_of()
    if parser.peek() == ")":
        raise SearchSyntaxError("a ) without its opening (")
    if tree is None:
        if any(k in ("(", "quote", "NOT", "NEG", "OR", "AND") for k, _ in parser.tokens):
            raise SearchSyntaxError("nothing to search for: type some words")
        return None
    _must_find(tree)
    return tree


def _must_find(node: Node) -> None:
    if isinstance(node, Not):
        raise SearchSyntaxError("a search cannot only leave words out: add a word to find (convoy -police)")
    if isinstance(node, Or):
        for child in node.nodes:
            _must_find(child)
    elif isinstance(node, And):
        if all(isinstance(child, Not) for child in node.nodes):
            _must_find(node.nodes[0])
        for child in node.nodes:
            _must_find(child.node if isinstance(child, Not) else child)


def positive_terms(node: Node | None) -> list[Term]:
    """The terms a hit may contain (for highlighting): every term not under a NOT."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Term):
        return [node]
    return [t for child in node.nodes for t in positive_terms(child)]


def terms(query: str | None) -> list[Term]:
    """The words to look for in ``query``, for highlighting and substring filters; never
    raises (a query that cannot be read gives its words)."""
    try:
        return positive_terms(parse(query))
    except SearchSyntaxError:
        found: list[Term] = []
        for match in _OLD_PHRASE_OR_WORD.finditer(query or ""):
            raw = match.group(1) if match.group(1) is not None else match.group(2)
            words = _WORDS.findall(raw)
            if words and raw not in ("OR", "AND", "NOT"):
                found.append(Term(" ".join(words), prefix=raw.endswith("*") and len(words) == 1))
        return found[:MAX_TERMS]


def _split(node: And) -> tuple[list[Node], list[Node]]:
    keep = [c for c in node.nodes if not isinstance(c, Not)]
    drop = [c.node for c in node.nodes if isinstance(c, Not)]
    return keep, drop


def fts_match(node: Node) -> str:
    """An FTS5 MATCH expression: each term a quoted string, ``NOT`` as FTS5's binary NOT."""
    if isinstance(node, Term):
        quoted = '"' + node.text.replace('"', '""') + '"'
        return quoted + "*" if node.prefix else quoted
    if isinstance(node, Or):
        return " OR ".join(f"({fts_match(c)})" for c in node.nodes)
    if isinstance(node, And):
        keep, drop = _split(node)
        out = " AND ".join(f"({fts_match(c)})" for c in keep)
        for child in drop:
            out = f"({out}) NOT ({fts_match(child)})"
        return out
    raise SearchSyntaxError("a search cannot only leave words out")  # parse() refuses it first


def ts_query(node: Node) -> tuple[str, list[str]]:
    """A PostgreSQL tsquery expression (one ``?`` parameter) for the tree.

    Every word is a quoted lexeme (letters and digits only, see :data:`_WORDS`), a phrase its
    words joined by ``<->``, a prefix's last word given ``:*``. The 'simple' configuration
    matches the tsvector columns (no stemming, as FTS5's unicode61)."""
    return "to_tsquery('simple', ?)", [_tsq(node)]


def _tsq(node: Node) -> str:
    if isinstance(node, Term):
        lexemes = ["'" + w.replace("'", "''").replace("\\", "") + "'" for w in node.text.split()]
        if node.prefix:
            lexemes[-1] += ":*"
        return "(" + " <-> ".join(lexemes) + ")"
    if isinstance(node, Not):
        return f"!{_tsq(node.node)}"
    joiner = " | " if isinstance(node, Or) else " & "
    return "(" + joiner.join(_tsq(c) for c in node.nodes) + ")"


def like_pattern(term: Term) -> str:
    """A LIKE pattern (ESCAPE '\\') matching the term anywhere, case-insensitively for ASCII."""
    # NUL never occurs in stored text, and PostgreSQL refuses it in a parameter.
    escaped = term.text.replace("\x00", "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def like_where(node: Node, columns: tuple[str, ...]) -> tuple[str, list[str]]:
    """Without full text: a WHERE clause (and its parameters) over ``columns`` for the tree."""
    if isinstance(node, Term):
        pattern = like_pattern(node)
        return "(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns) + ")", [pattern] * len(columns)
    if isinstance(node, Not):
        sql, params = like_where(node.node, columns)
        return f"NOT {sql}", params
    parts, params = [], []
    for child in node.nodes:
        sql, more = like_where(child, columns)
        parts.append(sql)
        params += more
    return "(" + (" OR " if isinstance(node, Or) else " AND ").join(parts) + ")", params
