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

The precise setting reads the page first. When it holds less than most of the page's
prose paragraph text (``<p>`` outside footers, menus, sidebars and forms, not mostly
links), or is a scrap of a page full of prose, the balanced setting reads it again, and the recall setting only when the
balanced one also falls short (precision alone drops table-laid and split pages).
All settings read the same parsed tree: trafilatura copies what it is given.
"""

from __future__ import annotations

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
    quick = bare_extraction(tree, url=url, fast=True, include_comments=include_comments, include_tables=True, **settings)
    if quick is not None and not _comparison_may_change(quick, page, focus):
        return quick
    return bare_extraction(tree, url=url, include_comments=include_comments, include_tables=True, **settings)


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
