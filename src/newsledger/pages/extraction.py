"""The body text of a parsed page: trafilatura, run no more often than it can make a difference.

trafilatura's extraction has two stages: its own rule-based extractor, then a comparison
with two generic algorithms (readability, justext) that replace the first result when it
looks deficient. The comparison costs about as much as the extraction (it prunes and scores
the whole raw tree), yet on most news pages it changes nothing. So each setting first runs
without it (``fast=True``) and runs again in full only when trafilatura's own tests could
choose another result, judged from the quick result and cheap statistics of the page:

- the quick text is short (justext is consulted under ``min_extracted_size`` characters);
- its tree still holds elements that make trafilatura call it "unclean" (justext again);
- it has no paragraph text, or more tables than paragraphs (readability's structural test);
- the page holds more than ``_READABILITY_RATIO`` times its words in runs of prose
  (readability wins only when its text is twice as long, and its text is such prose);
- for the balanced setting, trafilatura's recall escalation could engage (short text, small
  share of the page).

When one of these holds, trafilatura's own comparison is first tried on the quick run's trees
(recorded as it ran): a full run repeats the quick one up to that stage, so when the comparison
keeps the quick text (readability not preferred, no justext) the full run would return it too.

The precise setting reads the page first. When it holds less than most of the page's
prose paragraph text (``<p>`` outside footers, menus, sidebars and forms, not mostly
links), or is a scrap of a page full of prose, the balanced setting reads it again, and the recall setting only when the
balanced one also falls short (precision alone drops table-laid and split pages).
All settings read the same parsed tree: trafilatura copies what it is given.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass

# Below this share of the page's <p> words, the precise extraction may have lost the article.
_PARAGRAPH_SHARE = 0.7
# Fewer words than this (or than this share of the page's prose, if less) is a scrap of the page.
_FRAGMENT_WORDS = 100
_FRAGMENT_PROSE_SHARE = 0.15
# Below this share of the balanced (then the recall) extraction's words, it did: take that one.
_FALLBACK_SHARE = {"balanced": 0.6, "recall": 0.5}
# trafilatura's own thresholds (settings.cfg MIN_EXTRACTED_SIZE; core.ESCALATION_*), mirrored
# so that the shortcut never skips a stage that would have run.
_MIN_EXTRACTED_CHARS = 250
_ESCALATION_MAX_CHARS = 3000
_ESCALATION_PAGE_SHARE = 0.2
_RECALL_BYPASS_CHARS = 2500  # in recall mode the comparison is skipped above this length
# readability replaces the own extraction when it is twice as long (1.5 times for recall);
# its text is made of the page's prose runs, so fewer prose words than this rules it out.
_READABILITY_RATIO = {"precision": 2.0, "balanced": 2.0, "recall": 1.5}
_PROSE_RUN_WORDS = 5  # a text node of this many words is prose, not a label or a link
_NOT_TEXT = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "button", "select", "option"})


# Paragraphs inside these are page furniture (a footer's "About us", a sidebar's teasers).
_FURNITURE = frozenset({"footer", "nav", "aside", "header", "form"})
_LINK_SHARE = 0.5  # a paragraph more than half of whose words are links is a link list


@dataclass(frozen=True)
class PageStats:
    paragraph_words: int  # words in the page's prose <p> elements (not furniture, not link lists)
    prose_words: int  # words in text runs of at least _PROSE_RUN_WORDS words (outside scripts)
    text_chars: int  # characters of all visible text


@dataclass(frozen=True)
class Extraction:
    text: str
    comments: str


def extract_body(tree, url: str | None = None) -> Extraction | None:
    """The page's main text (and its comments' text) as trafilatura reads it, or None."""
    page = page_stats(tree)
    doc = _read(tree, page, url, "precision", include_comments=True)
    if _holds_the_page(doc, page):
        return Extraction(doc.text or "", doc.comments or "")
    text, comments = (doc.text or "", doc.comments or "") if doc is not None else (None, "")
    for focus in ("balanced", "recall"):
        wide = _read(tree, page, url, focus, include_comments=text is None)
        if not text:
            if wide is not None:
                text, comments = wide.text or "", wide.comments or ""
        elif wide is not None and _words(text) < _FALLBACK_SHARE[focus] * _words(wide.text):
            text = wide.text or ""
        if _holds_the_page(wide, page):
            break  # the balanced reading holds the page's paragraphs: recall has nothing to add
    return Extraction(text, comments) if text is not None else None


def _holds_the_page(doc, page: PageStats) -> bool:
    """Most of the page's prose paragraphs, and not a scrap of a page full of prose."""
    if doc is None:
        return False
    words = _words(doc.text)
    floor = min(_FRAGMENT_WORDS, _FRAGMENT_PROSE_SHARE * page.prose_words)
    return words > 0 and words >= _PARAGRAPH_SHARE * page.paragraph_words and words >= floor


def page_stats(tree) -> PageStats:
    """One pass over the tree."""
    paragraph_words = prose_words = text_chars = 0
    for node in tree.iter():
        tag = node.tag
        if tag == "p":
            paragraph_words += _prose_paragraph_words(node)
        own = node.text if isinstance(tag, str) and tag not in _NOT_TEXT else None
        for piece in (own, node.tail):
            if piece:
                n = len(piece.split())
                if n:
                    text_chars += len(piece)
                    if n >= _PROSE_RUN_WORDS:
                        prose_words += n
    return PageStats(paragraph_words, prose_words, text_chars)


def _prose_paragraph_words(node) -> int:
    words = len(node.text_content().split())
    if not words or any(a.tag in _FURNITURE for a in node.iterancestors()):
        return 0
    linked = sum(len(a.text_content().split()) for a in node.iter("a"))
    return 0 if linked > _LINK_SHARE * words else words


def _read(tree, page: PageStats, url: str | None, focus: str, include_comments: bool):
    from trafilatura import bare_extraction  # lazy: heavy import

    settings = {"favor_precision": focus == "precision", "favor_recall": focus == "recall"}
    watch = _Watch()
    _install_watch()
    token = _WATCH.set(watch)
    try:
        quick = bare_extraction(tree, url=url, fast=True, include_comments=include_comments, include_tables=True, **settings)
    finally:
        _WATCH.reset(token)
    if quick is not None and not _comparison_may_change(quick, page, focus):
        return quick
    if quick is not None and _comparison_keeps(watch, quick):
        return quick
    return bare_extraction(tree, url=url, include_comments=include_comments, include_tables=True, **settings)


class _Watch:
    """What trafilatura's quick run did before its (skipped) comparison stage: the trees and
    the result of its main extractor, whether the extractor fell back on its wild-text recovery
    (which the full run does differently) and whether a second pass (recall escalation) ran."""

    def __init__(self):
        self.passes: list[tuple] = []  # (cleaned tree backup, raw tree, options, body, text, body's size)
        self.recovered = False
        self.escalated = False


_WATCH: contextvars.ContextVar[_Watch | None] = contextvars.ContextVar("newsledger_trafilatura_watch", default=None)


def _comparison_keeps(watch: _Watch, quick) -> bool:
    """Would the full run's comparison stage keep the quick run's text? Then the full run
    returns what the quick one did, and need not be made.

    Up to the comparison, trafilatura's full run repeats the quick one step by step (their
    only difference there is the wild-text recovery, so a quick run that used it does not
    count), and after the comparison a precise or a recall reading is done; a balanced one
    only when the recall escalation did not engage (it did not in the quick run, over the
    same text). So the comparison is made here, by trafilatura itself, on the quick run's
    own trees, and the quick result stands when it comes back unchanged. The cases where it
    would run justext (short or "unclean" text) go to the full run directly, as before.
    """
    if watch.recovered or watch.escalated or len(watch.passes) != 1:
        return False
    from copy import copy

    from trafilatura.external import compare_extraction

    backup, raw, options, body, text, size = watch.passes[0]
    unclean = _unclean_xpath()
    # the same body, as the extractor left it (a forum page's posts are not appended to it)
    if body is not quick.body or len(body) != size or unclean is None or len(text) < options.min_extracted_size or body.xpath(unclean):
        return False
    full = copy(options)
    full.fast = False
    kept_body, kept_text = compare_extraction(backup, copy(raw), body, text, full)
    return kept_body is body and kept_text == text


def _install_watch() -> bool:
    """Wrap trafilatura's main-extractor stage (and its wild-text recovery) so that a quick
    run made under a :class:`_Watch` records them; anyone else's calls are untouched.
    False when this trafilatura has not the functions it takes."""
    try:
        from trafilatura import core, main_extractor
    except ImportError:
        return False
    if getattr(core, "_newsledger_watch", False):
        return True
    stage, retry = getattr(core, "_extract_and_compare", None), getattr(core, "_recall_retry", None)
    recover = getattr(main_extractor, "recover_wild_text", None)
    if stage is None or retry is None or recover is None:
        return False

    def extract_and_compare(cleaned_tree, cleaned_tree_backup, tree, options):
        watch = _WATCH.get()
        body, text = stage(cleaned_tree, cleaned_tree_backup, tree, options)
        if watch is not None:
            watch.passes.append((cleaned_tree_backup, tree, options, body, text, len(body)))
        return body, text

    def recover_wild_text(*args, **kwargs):
        watch = _WATCH.get()
        if watch is not None:
            watch.recovered = True
        return recover(*args, **kwargs)

    def recall_retry(*args, **kwargs):
        watch = _WATCH.get()
        if watch is not None:
            watch.escalated = True
        return retry(*args, **kwargs)

    core._extract_and_compare, core._recall_retry = extract_and_compare, recall_retry
    main_extractor.recover_wild_text = recover_wild_text
    core._newsledger_watch = True
    return True


def _comparison_may_change(doc, page: PageStats, focus: str) -> bool:
    """Could trafilatura's comparison stage (or its recall escalation) pick another text?"""
    chars = len(doc.raw_text or "")
    if focus == "recall" and chars > _RECALL_BYPASS_CHARS:
        return False  # trafilatura keeps a long recall extraction without comparing
    if chars < _MIN_EXTRACTED_CHARS:
        return True
    unclean = _unclean_xpath()
    body = doc.body
    if unclean is None or body is None or body.xpath(unclean):
        return True
    paragraphs = len(body.findall(".//p"))
    if not body.xpath(".//p//text()") or len(body.findall(".//table")) > paragraphs:
        return True
    if _words(doc.raw_text) * _READABILITY_RATIO[focus] < page.prose_words:
        return True
    return focus == "balanced" and chars < _ESCALATION_MAX_CHARS and chars < _ESCALATION_PAGE_SHARE * page.text_chars


def _unclean_xpath() -> str | None:
    """The elements whose presence in a result sends trafilatura to justext ("unclean" output);
    None when this trafilatura does not say (then every page gets the full comparison)."""
    try:
        from trafilatura.external import SANITIZED_XPATH
    except ImportError:
        return None
    return SANITIZED_XPATH if isinstance(SANITIZED_XPATH, str) else None


def _words(text: str | None) -> int:
    return len((text or "").split())
