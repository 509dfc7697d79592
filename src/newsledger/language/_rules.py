"""spaCy's attribute ruler and rule lemmatizer, memoised: the same annotations for less CPU.

In ``en_core_web_sm`` these two rule components cost a fifth of the pipeline's CPU (measured on
the 80 Fundus pages: 3.4 s and 2.8 s of 30 s), nearly all of it per-token Python work that
gives the same answer for the same token again and again:

- the attribute ruler's rules read only a token's ``TAG``, ``LOWER``, ``DEP`` and ``IS_SPACE``
  (and, for a handful of two-token rules such as "gon na", its neighbour's), so what the
  one-token rules set is a function of those four values;
- the English rule lemmatizer reads only the token's text, ``POS`` and ``MORPH``.

:class:`MemoisedRules` replaces both with one component that computes each distinct key once
(the rules by evaluating their patterns, the lemmas with spaCy's own lemmatizer) and writes
the results with ``Doc.from_array``. Rules apply in the attribute ruler's order (a later rule wins), and only
lemmas still unset are filled, as the lemmatizer does. The annotations are the same as the
original components' (checked token by token by the tests and on the benchmark corpora).

If the model's rules use a pattern form this module does not evaluate, :func:`install` leaves
the pipeline as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

NAME = "newsledger_memoised_rules"
# Attributes the rules may read, by pattern key, in the order of a token's key.
_READ = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
# Attributes the rules may set, and the columns they are written through.
_WRITE = (TAG, POS, MORPH, LEMMA, DEP)
_COLUMN = {attr: j for j, attr in enumerate(_WRITE)}
# Memo sizes: past this many keys a memo starts afresh (long ledger runs stay bounded).
_MAX_KEYS = 200_000


class _Unsupported(Exception):
    """A rule uses a pattern form that is not evaluated here."""


def _predicate(key: str, value):
    """A test on one read attribute's string (or bool) value, as spaCy's Matcher applies it."""
    if key == "IS_SPACE":
        if not isinstance(value, bool):
            raise _Unsupported(key)
        return lambda v: v == value
    if isinstance(value, str):
        return lambda v: v == value
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op == "IN" and isinstance(arg, list):
            allowed = frozenset(arg)
            return lambda v: v in allowed
        if op == "NOT_IN" and isinstance(arg, list):
            barred = frozenset(arg)
            return lambda v: v not in barred
        if op == "REGEX" and isinstance(arg, str):
            rx = re.compile(arg)
            return lambda v: bool(rx.search(v))
    raise _Unsupported(f"{key}: {value!r}")


def _token_test(spec: dict):
    """One token's pattern as a test on the token's key (tag, lower, dep, is_space)."""
    tests = []
    for key, value in spec.items():
        if key not in _READ:
            raise _Unsupported(key)
        tests.append((_READ[key], _predicate(key, value)))
    return lambda k: all(test(k[i]) for i, test in tests)


def _index_as_sets(lemmatizer) -> None:
    """The rule lemmatizer's word index (``lemma_index``: the known words of each part of
    speech) as frozen sets instead of lists. The lemmatizer asks ``form in index`` for each
    form its rules make, which on a list of some 57,000 nouns is a scan: about 90 µs a new
    word, a second of CPU over 150 news reports. The answers, hence the lemmas, are the same."""
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


class MemoisedRules:
    """The attribute ruler followed by the rule lemmatizer, with memoised per-token results."""

    def __init__(self, ruler, lemmatizer):
        self.vocab = ruler.vocab
        self.lemmatizer = lemmatizer
        _index_as_sets(lemmatizer)
        self._strings = self.vocab.strings
        # One-token rules, filed by the LOWER or TAG value they require (when they require one),
        # so that a new key is tested against a few rules, not all of them.
        self._by_lower: dict[str, list] = {}
        self._by_tag: dict[str, list] = {}
        self._general: list = []
        # Longer rules: (ordinal, index of the token they set, attrs, one test per token).
        self._multi: list[tuple[int, int, dict, list]] = []
        # The rules' tests on the word alone (for the memo's stand-in word, below).
        self._lower_tests = []
        # The same tests, for _word: the words they name exactly (a set look-up), and the rest.
        self._lower_words: set[str] = set()
        self._lower_other = []
        negative = False
        for ordinal, rule in enumerate(ruler.patterns):
            attrs = ruler.attrs[ordinal]  # as the ruler normalised them: attribute id -> hash
            if any(a not in _WRITE for a in attrs):
                raise _Unsupported(f"sets {attrs}")
            for pattern in rule["patterns"]:
                for spec in pattern:
                    if "LOWER" in spec:
                        self._lower_tests.append(_predicate("LOWER", spec["LOWER"]))
                        value = spec["LOWER"]
                        if isinstance(value, str):
                            self._lower_words.add(value)
                        elif isinstance(value, dict) and isinstance(value.get("IN"), list) and len(value) == 1:
                            self._lower_words.update(value["IN"])
                        else:
                            self._lower_other.append(self._lower_tests[-1])
                        negative |= isinstance(spec["LOWER"], dict) and "NOT_IN" in spec["LOWER"]
                tests = [_token_test(spec) for spec in pattern]
                if len(pattern) > 1:
                    self._multi.append((ordinal, ruler.indices[ordinal], attrs, tests))
                    continue
                spec, entry = pattern[0], (ordinal, tests[0], attrs)
                if isinstance(spec.get("LOWER"), str):
                    self._by_lower.setdefault(spec["LOWER"], []).append(entry)
                elif isinstance(spec.get("TAG"), str):
                    self._by_tag.setdefault(spec["TAG"], []).append(entry)
                else:
                    self._general.append(entry)
        # Most words are named by no rule: for them the rules' answer cannot depend on the word,
        # so their keys share one stand-in word (0, read as "") and the memo holds thousands of
        # keys, not tens of thousands. Not when a rule tests a word negatively (NOT_IN), or
        # when the stand-in itself would pass a rule's word test.
        self._coarse = not negative and not any(test("") for test in self._lower_tests)
        self._named: dict[int, bool] = {}
        self._by_key: dict[tuple, tuple] = {}
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def _word(self, lower: int) -> int:
        """The token's LOWER for the memo key: itself when a rule may name it, else 0."""
        named = self._named.get(lower)
        if named is None:
            text = self._strings[lower] if lower else ""
            named = text in self._lower_words or any(test(text) for test in self._lower_other)
            if len(self._named) >= _MAX_KEYS:
                self._named.clear()
            self._named[lower] = named
        return lower if named else 0

    # -- the attribute ruler ---------------------------------------------------------------
    def _entry(self, key: tuple) -> tuple:
        """For a (tag, lower, dep, is_space) hash key: the one-token rules it matches, in order
        of precedence, and the (rule, position) pairs of the longer rules it can fill."""
        found = self._by_key.get(key)
        if found is None:
            s = self._strings
            tag, lower, dep, space = key
            k = (s[tag] if tag else "", s[lower] if lower else "", s[dep] if dep else "", bool(space))
            candidates = self._by_lower.get(k[1], []) + self._by_tag.get(k[0], []) + self._general
            single = {}
            for ordinal, test, attrs in candidates:
                if test(k):
                    single[ordinal] = attrs  # a rule with two matching patterns applies once
            multi = frozenset(
                (r, j) for r, (_o, _i, _a, tests) in enumerate(self._multi) for j, t in enumerate(tests) if t(k)
            )
            found = (tuple(sorted(single.items())), multi)
            if len(self._by_key) >= _MAX_KEYS:
                self._by_key.clear()
            self._by_key[key] = found
        return found

    def _apply_ruler(self, doc: Doc) -> np.ndarray:
        keys = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        if self._coarse:
            word = self._word
            entries = [self._entry((tag, word(lower), dep, space)) for tag, lower, dep, space in keys]
        else:
            entries = [self._entry(tuple(key)) for key in keys]
        rules: list = [single for single, _multi in entries]
        if self._multi:
            n = len(entries)
            for i, (_single, multi) in enumerate(entries):
                for r, j in multi:
                    if j:
                        continue
                    ordinal, index, attrs, tests = self._multi[r]
                    end = i + len(tests)
                    if end <= n and all((r, p) in entries[i + p][1] for p in range(1, len(tests))):
                        target = range(i, end)[index]
                        rules[target] = tuple(sorted(dict(rules[target] + ((ordinal, attrs),)).items()))
        out = doc.to_array(list(_WRITE))
        for row, applied in zip(out, rules):
            for _ordinal, attrs in applied:
                for attr, value in attrs.items():
                    row[_COLUMN[attr]] = value
        return out

    # -- the lemmatizer --------------------------------------------------------------------
    def _fill_lemmas(self, doc: Doc) -> None:
        keys = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = np.empty(len(keys), dtype=np.uint64)
        memo, strings = self._lemmas, self._strings
        for i, (orth, pos, morph, lemma) in enumerate(keys):
            if lemma:  # set by a rule: the lemmatizer keeps it (overwrite=False)
                lemmas[i] = lemma
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                value = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                if len(memo) >= _MAX_KEYS:
                    memo.clear()
                memo[key] = value
            lemmas[i] = value
        doc.from_array([LEMMA], lemmas)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc):
            doc.from_array(list(_WRITE), self._apply_ruler(doc))
            self._fill_lemmas(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory(NAME)
def _make(nlp: Language, name: str) -> MemoisedRules:
    return MemoisedRules(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


def install(nlp: Language) -> Language:
    """Put :class:`MemoisedRules` in place of the attribute ruler and the lemmatizer.

    Left as it is when the pipeline lacks either, when the lemmatizer is not the overwrite-free
    rule lemmatizer, or when a rule uses a pattern form this module does not evaluate."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names:
        return nlp
    if names.index("lemmatizer") != names.index("attribute_ruler") + 1:
        return nlp
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
        return nlp
    try:
        nlp.add_pipe(NAME, after="lemmatizer")
    except _Unsupported:
        return nlp
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")
    return nlp
