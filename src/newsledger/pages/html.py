"""An HTML page to an Article: trafilatura for the text, the page's own metadata for the rest.

The page is parsed once; the body is trafilatura's ``favor_precision`` extraction, with
wider settings when that one keeps a fragment (:mod:`newsledger.pages.extraction`).
The extracted text goes through the same clutter rules as plain text, because extractors
keep credit lines ("Reporting by ...; Editing by ..."), captions and notices that are not
the report. Three things the extractor gets wrong are put right from the page itself: the
standfirst under the headline (dropped as furniture) opens the body; the page's JSON-LD
``articleBody`` replaces a fragment when it holds far more of the report; the author's bio
at the end ("Jane Doe is a reporter for ...") goes.

The date weighs three witnesses: htmldate (run by trafilatura's metadata reader with
``original_date``),
the page's declared ``datePublished`` and the date shown under the headline. Authors
come from JSON-LD, meta tags and byline markup before trafilatura's guess
(:mod:`newsledger.pages.metadata`).
"""

from __future__ import annotations

import contextvars
import re
from datetime import date, datetime
from functools import lru_cache
from html import unescape

from lxml import html as lxml_html

from newsledger.pages import byline as bylines
from newsledger.pages.clutter import (
    COMMENTS_OFF_PHRASE, SOURCE_LABEL, is_copyright, publisher_from_copyright, separate, split_credit, without_author_bios,
)
from newsledger.pages.english import detect_english
from newsledger.pages.extraction import extract_body
from newsledger.pages.metadata import page_authors, page_metadata
from newsledger.pages.paragraphs import normalise
from newsledger.record import Article, Byline, Media

_VIDEO_SOURCE = re.compile(r"youtube|youtu\.be|vimeo|jwplayer|brightcove|dailymotion|/video", re.IGNORECASE)
_COMMENTS_OFF = re.compile(COMMENTS_OFF_PHRASE, re.IGNORECASE)
_CREDIT_CLASS = re.compile(r"credit|copyright|byline|source|attribution", re.IGNORECASE)
_MAX_FIGURES = 30
_PROSE_CELL_WORDS = 12
_SHOWN_EARLIER_DAYS = 2
_DECLARED_BODY_MIN_WORDS = 100
_DECLARED_BODY_RATIO = 1.5
_STANDFIRST_MIN_WORDS = 8
_STANDFIRST_MAX_WORDS = 60
_STANDFIRST_LABEL_CHARS = 40
_STANDFIRST_SCAN = 400  # elements after the headline in which the standfirst may stand
_BODY_PARAGRAPH_WORDS = 25
_NOT_STANDFIRST = frozenset({"a", "script", "style", "noscript", "template", "button", "h1", "title", "meta", "li"})
_FURNITURE = frozenset({"footer", "nav", "aside", "form"})


def html_article(html: str, *, url: str | None = None) -> tuple[Article, str | None]:
    """(article, the page's publication date as ISO or None)."""
    tree = _parse(html)
    if tree is None:
        return Article(source_format="html"), None
    # Our own look at the tree comes first: trafilatura may prune the tree it is given.
    language = _language(tree)
    page_url = _page_url(tree)
    media = _media(tree)
    comments_off = _comments_off(html)
    footer_copyright = _copyright(tree)
    meta = page_metadata(tree)
    shown = meta.shown_date
    # htmldate's quick search (markup, time elements, date patterns) first; its extensive
    # search of the free text only when that finds nothing (on the development pages the
    # extensive search never differed when the quick one found a date, at a quarter the cost).
    date_params = {"original_date": True, "extensive_search": False, "max_date": datetime.now().strftime("%Y-%m-%d")}
    # Title, site name, htmldate's date, trafilatura's author guess: read once, whatever
    # the number of extractions below.
    doc = _trafilatura_metadata(tree, url, dict(date_params))
    if doc.date is None:
        from htmldate import find_date  # lazy, as trafilatura

        doc.date = find_date(tree, **{**date_params, "extensive_search": True, "url": doc.url or url})
    body_text = extract_body(tree, url or doc.url)
    if body_text is None:
        article = Article(url=url or page_url, language=language, media=media, source_format="html")
        article.byline = page_authors(meta, [], url or page_url)
        return article, _publication_date(None, meta.published, shown)
    title = normalise(doc.title) if doc.title else None
    lines = [unit for line in body_text.text.split("\n") for unit in _table_cells(normalise(line))]
    declared = _declared_body(meta.article_body)
    if declared.words >= _DECLARED_BODY_MIN_WORDS and declared.words >= _DECLARED_BODY_RATIO * len(" ".join(lines).split()):
        # The page's own JSON-LD holds far more of the report than its markup gave up (a body
        # drawn by script, split into blocks the extractor drops): the publisher's text wins.
        lines = declared.paragraphs
    found = separate([line for line in lines if line], plain=False)
    kept = [found.texts[i] for i in found.body]
    if kept and title and kept[0].casefold() == title.casefold():
        kept = kept[1:]  # the headline is the title, not the first paragraph
    standfirst = _standfirst(tree, title)
    if kept and standfirst and not any(standfirst in paragraph for paragraph in kept):
        kept.insert(0, standfirst)  # the dek under the headline, which extractors take for page furniture
    body = "\n\n".join(kept)
    authors = page_authors(meta, (doc.author or "").split(";"), url or page_url or doc.url)
    if comments_off or found.comments_enabled is False:
        comments = False
    elif found.comments_enabled or body_text.comments.strip():
        comments = True
    else:
        comments = None
    publisher = _publisher(doc.sitename) or publisher_from_copyright(found.copyright or footer_copyright or "")
    # The page's author fields are more reliable than "By ..." lines picked from the text
    # (which may be a related story's); credit lines ("Reporting by A in X") add their places,
    # not more authors (the byline is who the page says wrote it; "additional reporting" is credit).
    named = {b.name.casefold() for b in authors}
    byline = _people((authors + [b for b in found.credits if b.name.casefold() in named]) if authors else found.byline,
                     publisher, found.copyright or footer_copyright)
    # A name the page's fields give bare may carry its place in the text's own byline line.
    byline = bylines.unique(byline + [b for b in found.byline if b.location
                                      and b.name.casefold() in {n.name.casefold() for n in byline}])
    # the headline heading the extractor's paragraphs is not the body's lead (where a dateline is)
    body_units = found.body[1:] if found.body[1:] and title and found.texts[found.body[0]].casefold() == title.casefold() \
        else found.body
    head, lead, tail = bylines.page_lines(found.texts, body_units)
    meta_lines = _byline_lines(tree)
    placed = {b.name.casefold(): b.location for line in meta_lines for b in bylines.byline_names(_SEGMENTS.sub(", ", line))
              if b.location}
    byline = [b if b.location or b.name.casefold() not in placed else Byline(name=b.name, location=placed[b.name.casefold()])
              for b in byline]
    if not byline:  # no author field and no "By" line in the text: the page's byline element's
        byline = _meta_byline(meta_lines)
    elif _only_owners(byline, publisher, found.copyright or footer_copyright):
        # the author field names only the publisher: the people of the page's byline element win
        element = _meta_byline(meta_lines)
        if element and not _only_owners(element, publisher, found.copyright or footer_copyright):
            byline = _people(element, publisher, found.copyright or footer_copyright)
    meta_place = bylines.place_name(meta.dateline) if meta.dateline else _place_elements(tree)
    if meta_place and byline and byline[0].location is None:  # the page's JSON-LD dateline or dateline element
        byline[0] = Byline(name=byline[0].name, location=meta_place)
    others = [found.texts[i] for i in body_units[1:]]
    byline = bylines.located(byline, meta_lines + head, lead, tail, others)
    byline = [b for b in byline if b.name.casefold() not in {(n.location or "").casefold() for n in byline}]
    body = without_author_bios(body, byline)
    article = Article(
        title=title,
        url=url or doc.url or page_url,
        publisher=publisher,
        language=language or detect_english(body),
        copyright=found.copyright or footer_copyright,
        byline=byline,
        dateline=meta_place or bylines.dateline_place(meta_lines + head, lead, others),
        body=body,
        media=_unique_media(media + found.media),
        comments_enabled=comments,
        source_format="html",
    )
    return article, _publication_date(doc.date or found.published, meta.published, shown)


# While set (in this thread or task), trafilatura's metadata reader skips its searches for
# categories, tags and a licence: fields we never read, which cost a third of the reader.
_SKIP_UNUSED_METADATA = contextvars.ContextVar("newsledger_skip_unused_metadata", default=False)


def _trafilatura_metadata(tree, url: str | None, date_params: dict):
    """trafilatura's ``extract_metadata`` (title, site name, author, URL, htmldate's date),
    without the category, tag and licence searches; anyone else's call is untouched."""
    from trafilatura import metadata  # lazy: heavy import

    _skip_unused_searches(metadata)
    token = _SKIP_UNUSED_METADATA.set(True)
    try:
        return metadata.extract_metadata(tree, url, date_params)
    finally:
        _SKIP_UNUSED_METADATA.reset(token)


def _skip_unused_searches(module) -> None:
    if getattr(module, "_newsledger_skips", False):
        return
    catstags, licence = module.extract_catstags, module.extract_license

    def extract_catstags(metatype, tree):
        return [] if _SKIP_UNUSED_METADATA.get() else catstags(metatype, tree)

    def extract_license(tree):
        return None if _SKIP_UNUSED_METADATA.get() else licence(tree)

    module.extract_catstags, module.extract_license = extract_catstags, extract_license
    module._newsledger_skips = True


def _comments_off(html: str) -> bool:
    """A comments-off notice anywhere in the page. The notice opens with "comment" (written
    so, capitalised or in capitals): the pattern is tried only where that word stands (a
    search of the whole page costs more, and so does lower-casing the whole page)."""
    for word in ("comment", "Comment", "COMMENT"):
        at = html.find(word)
        while at >= 0:
            if _COMMENTS_OFF.match(html, at):
                return True
            at = html.find(word, at + 1)
    return False


def _publication_date(found: str | None, declared: str | None, shown: tuple[str, str | None] | None) -> str | None:
    """The original publication date from three witnesses.

    ``found``: htmldate's pick; ``declared``: the page's datePublished (JSON-LD, meta tags);
    ``shown``: the date written under the headline (updates skipped). A shown date labelled
    "Published"/"Posted" wins; then htmldate and the declaration when they agree (unless the
    shown date is days earlier); then any shown date; then htmldate, unless the declaration
    is earlier (htmldate took an update).
    """
    if shown and shown[1] == "published":  # "Posted 28 August 2024" beside "Updated ...": the reader's date
        return shown[0]
    if found and declared and found[:10] == declared:
        # ... unless the page shows an earlier date under the headline: metadata dates are
        # reset when a report is republished or moved; a shown date days before them is the
        # original (a day apart is only a time zone).
        if shown and _days_before(shown[0], declared) >= _SHOWN_EARLIER_DAYS:
            return shown[0]
        return found
    if shown:
        return shown[0]
    if declared and (found is None or declared < found[:10]):
        return declared
    return found


class _DeclaredBody:
    """A JSON-LD articleBody as paragraphs (plain text with line breaks, or HTML)."""

    def __init__(self, paragraphs: list[str]):
        self.paragraphs = paragraphs
        self.words = sum(len(p.split()) for p in paragraphs)


def _declared_body(raw: str | None) -> _DeclaredBody:
    if not raw or not raw.strip():
        return _DeclaredBody([])
    raw = unescape(unescape(raw))  # JSON-LD text often carries HTML entities, sometimes twice
    if re.search(r"<(?:p|br|div|h\d)\b", raw, re.IGNORECASE):
        try:
            fragment = lxml_html.fragment_fromstring(raw, create_parent="div")
        except (ValueError, lxml_html.etree.ParserError):
            return _DeclaredBody([])
        for node in fragment.iter("br"):
            node.tail = "\n" + (node.tail or "")
        blocks = [node.text_content() for node in fragment.iter("p", "h2", "h3", "h4", "li")] or [fragment.text_content()]
        raw = "\n".join(blocks)
    return _DeclaredBody([line for line in (normalise(part) for part in raw.split("\n")) if line])


def _standfirst(tree, title: str | None) -> str | None:
    """The standfirst (dek): the summary shown under the headline, which the page also gives as
    its description (``og:description``, ``description``). Only an element after the first
    ``<h1>`` and before the first body paragraph whose whole text is that description counts:
    a description the page does not show, or shows elsewhere (a teaser card), is not the report's.
    """
    description = normalise(_meta(tree, "og:description", "description", "twitter:description") or "")
    if not _STANDFIRST_MIN_WORDS <= len(description.split()) <= _STANDFIRST_MAX_WORDS:
        return None  # a label, or a description that is the whole text (not a summary of it)
    if title and description.casefold() == title.casefold():
        return None
    headline = next(iter(tree.xpath("//h1")), None)
    if headline is None:
        return None
    opening = description[:20]
    scanned = 0
    for node in _after(tree, headline):
        scanned += 1
        if scanned > _STANDFIRST_SCAN:
            break
        if not isinstance(node.tag, str) or node.tag in _NOT_STANDFIRST:
            continue
        own = normalise(node.text or "")
        if not own or not (opening.startswith(own[:20]) or len(own) <= _STANDFIRST_LABEL_CHARS):
            if node.tag == "p" and len(node.text_content().split()) >= _BODY_PARAGRAPH_WORDS:
                break  # the body has begun
            continue
        text = normalise(node.text_content())
        # the description, maybe after a short label ("(Label Records)" on a review)
        if text.endswith(description) and len(text) - len(description) <= _STANDFIRST_LABEL_CHARS:
            if not any(a.tag in _FURNITURE for a in node.iterancestors()):
                return text
    return None


def _after(tree, node):
    """The elements after ``node`` in document order (not inside it)."""
    inside = set(node.iter())
    started = False
    for element in tree.iter():
        if element is node:
            started = True
            continue
        if started and element not in inside:
            yield element


def _days_before(earlier: str, later: str) -> int:
    """Days from ISO day ``earlier`` to ISO day ``later`` (negative when it is after)."""
    try:
        return (date.fromisoformat(later[:10]) - date.fromisoformat(earlier[:10])).days
    except ValueError:
        return 0


def _table_cells(line: str) -> list[str]:
    """A table row as trafilatura writes it ("| a | b |"): prose cells (layout tables of old
    pages) become paragraphs; a row of short cells (a data table) stays one line, "a | b"."""
    if not line.startswith("|"):
        return [line]
    cells = [cell.strip() for cell in line.strip("| ").split("|")]
    cells = [cell for cell in cells if cell]
    if any(len(cell.split()) >= _PROSE_CELL_WORDS for cell in cells):
        return cells
    return [" | ".join(cells)] if cells else []


def _parse(html: str):
    """The page's tree; None when lxml finds nothing in it. A page nested deeper than
    libxml2 goes (256 levels) loses everything past that depth, so it is parsed again with
    its wrapper tags past :data:`_FLAT_DEPTH` dropped; when even that is too deep, the page
    is refused (:class:`PageError`), never read by half."""
    tree, too_deep = _parse_once(html)
    if not too_deep:
        return tree
    tree, too_deep = _parse_once(flatten_nesting(html))
    if too_deep:
        raise PageError(f"HTML nested too deeply (over {_LIBXML_DEPTH} levels) to read")
    return tree


# Control characters XML cannot hold: lxml keeps them in a page's text, then refuses them
# when trafilatura sets that text on a node (ValueError). A browser shows none of them.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_SPACE = re.compile("[\x0b\x0c]")


def _parse_once(html: str):
    parser = _parser()
    try:
        # lxml refuses str with an XML encoding declaration; bytes let it read the declaration.
        data = _CONTROL_SPACE.sub(" ", _CONTROL.sub("", html)).encode("utf-8")
        tree = lxml_html.fromstring(data, parser=parser)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        tree = None
    if tree is not None and tree.tag != "html":
        # A fragment: lxml gives its one element (or a div around several). The whole
        # document instead: htmldate copies the tree it is given and drops embedded objects
        # (svg, iframe, audio...) from the copy, which fails when the copy's root is one.
        tree = tree.getroottree().getroot()
    too_deep = any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)
    return tree, too_deep


class PageError(Exception):
    """A page that cannot be read as a page (the reason is the message)."""


_LIBXML_DEPTH = 256
_FLAT_DEPTH = 64  # nesting past this is wrappers: their tags go when a page is too deep
# Tags that carry the text's structure, kept at any depth; every other one past _FLAT_DEPTH
# (div, span, section, font, b, table, ...) is a wrapper and goes.
_KEEP_DEEP = frozenset({
    "html", "head", "body", "title", "meta", "link", "base", "script", "style", "noscript", "template",
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "figure", "figcaption",
    "a", "br", "img", "time",
})
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
})
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)|<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)


def flatten_nesting(html: str) -> str:
    """The page with its wrapper tags dropped past :data:`_FLAT_DEPTH` levels of nesting:
    one pass over the tags, a stack of open elements (closing tags close up to their match,
    as browsers do), linear in the page's length."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag, kept)
    position = 0
    for token in _TOKEN.finditer(html):
        if token.group(3) is None:  # a comment, a script or a style: as it is
            continue
        name = token.group(3).lower()
        closing = token.group(2) == "/"
        keep = True
        if closing:
            for index in range(len(stack) - 1, max(-1, len(stack) - 1 - _LIBXML_DEPTH), -1):
                if stack[index][0] == name:
                    keep = stack[index][1]
                    del stack[index:]
                    break
        elif name not in _VOID and not token.group(0).endswith("/>"):
            keep = len(stack) < _FLAT_DEPTH or name in _KEEP_DEEP
            stack.append((name, keep))
        if not keep:
            out.append(html[position:token.start()])
            position = token.end()
    out.append(html[position:])
    return "".join(out)


@lru_cache(maxsize=1)
def _parser():
    """lxml's HTML parser, its elements all ``HtmlElement`` (and its comments, entities and
    processing instructions lxml.html's own classes), chosen in C. lxml.html's default choice
    runs a Python method for every element object it makes (a fifth of trafilatura's time
    here), only to give form fields their own classes, whose extras (``.value``, ``.fields``)
    nobody here or in trafilatura reads. Copies of the tree (trafilatura's) keep the parser."""
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)
    parser.set_element_class_lookup(lxml_html.etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity,
    ))
    return parser


def _meta(tree, *names: str) -> str | None:
    for name in names:
        for node in tree.xpath(f'//meta[@property="{name}" or @name="{name}"]'):
            content = (node.get("content") or "").strip()
            if content:
                return content
    return None


def _language(tree) -> str | None:
    value = tree.get("lang") or tree.get("xml:lang") or _meta(tree, "og:locale", "language", "content-language")
    if not value:
        for node in tree.xpath('//meta[translate(@http-equiv,"CONTENTLAGU","contentlagu")="content-language"]'):
            value = node.get("content")
    if not value:
        return None
    primary = re.split(r"[-_,;\s]", value.strip())[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _page_url(tree) -> str | None:
    for node in tree.xpath('//link[@rel="canonical"]'):
        href = (node.get("href") or "").strip()
        if href.startswith("http"):
            return href
    value = _meta(tree, "og:url")
    return value if value and value.startswith("http") else None


_BYLINE_CLASS = re.compile(r"byline|dateline|author|auteur|autor|meta|location", re.IGNORECASE)  # French, Spanish, German too
_PLACE_CLASS = re.compile(r"dateline|location", re.IGNORECASE)
_BARE_PLACE = re.compile(r"^[A-ZÀ-Þ][\w'’.-]*(?:[ -][A-ZÀ-Þ][\w'’.-]*){0,3}(?:,\s*[A-ZÀ-Þ][\w'’.-]*(?:[ -][A-ZÀ-Þ][\w'’.-]*){0,2})?$")


def _place_elements(tree) -> str | None:
    """A dateline or location element that holds a place's name and nothing else
    ('<span class="dateline">GREYPORT</span>', '<div class="location">Greyport, Norland</div>')."""
    from newsledger.pages.dateline import find_date

    for node in tree.xpath("//body//*[@class]")[:2000]:
        if not _PLACE_CLASS.search(node.get("class") or "") or node.tag in ("script", "style"):
            continue
        text = normalise(node.text_content()).strip(" .—–-")
        if text and len(text.split()) <= 6 and _BARE_PLACE.match(text) and not find_date(text) \
                and not bylines.by_segment(text):
            return bylines.place_name(text)
    return None
_SEGMENTS = re.compile(r"\s+[|·•]\s+|\s+[-–—]\s+")
_BYLINE_LINE_WORDS = 25


def _byline_lines(tree) -> list[str]:
    """The short texts of the page's byline, dateline and meta elements ("By Jane Doe, Gusau |
    4 June 2025"), which the extractor leaves out of the body."""
    out = []
    for node in tree.xpath("//body//*[@class]")[:2000]:
        if not _BYLINE_CLASS.search(node.get("class") or "") or node.tag in ("script", "style"):
            continue
        text = normalise(node.text_content())
        if text and len(text.split()) <= _BYLINE_LINE_WORDS and text not in out:
            out.append(text)
    return out[:10]


def _meta_byline(lines: list[str]) -> list[Byline]:
    """The names (or the desk) of the first "By ..." segment of the page's byline and meta
    elements ("Updated 14 Oct · By The Coast Courier newsroom, with reporting from Dunmore")."""
    for line in lines:
        segment = bylines.by_segment(line)
        if segment is None or len(segment.split()) > 16:
            continue
        names = bylines.byline_names(segment) or ([desk] if (desk := bylines.desk_name(segment)) else [])
        if names:
            return names
    for line in lines:  # "Jane Doe | 12 March 2025 | Greyport"
        if names := bylines.meta_names(line):
            return names
    return []


def _people(names: list[Byline], publisher: str | None, copyright: str | None) -> list[Byline]:
    """Bylines without the publisher or the copyright holder, unless they are all the page credits."""
    owners = " ".join(filter(None, [publisher, copyright])).casefold()
    names = bylines.unique(names)
    people = [b for b in names if b.name.casefold() not in owners]
    return people or names


def _only_owners(names: list[Byline], publisher: str | None, copyright: str | None) -> bool:
    """Whether every name is the publisher's or the copyright holder's."""
    owners = " ".join(filter(None, [publisher, copyright])).casefold()
    return bool(names) and all(b.name.casefold() in owners for b in names)


def _publisher(sitename: str | None) -> str | None:
    if not sitename:
        return None
    return normalise(sitename) or None


def _media(tree) -> list[Media]:
    """Figures with captions (inside the article element when there is one) and og:video."""
    scope = tree.xpath("//article") or [tree]
    media: list[Media] = []
    for figure in scope[0].xpath(".//figure")[:_MAX_FIGURES]:
        caption_node = next(iter(figure.xpath(".//figcaption")), None)
        caption, credit = _caption(caption_node) if caption_node is not None else (None, None)
        if credit is None:  # a credit element of the figure beside its caption: "Image source, Agency"
            node = next((n for n in figure.xpath(".//*[@class]") if _CREDIT_CLASS.search(n.get("class") or "")
                         and not n.xpath("ancestor::figcaption")), None)
            credit = _element_credit(normalise(node.text_content())) if node is not None else None
        image = next(iter(figure.xpath(".//img[@alt]")), None)
        alt = normalise(image.get("alt") or "") if image is not None else ""
        description = alt if alt and alt != caption else None
        if not (caption or credit or description):
            continue
        is_video = figure.xpath(".//video") or any(
            _VIDEO_SOURCE.search(node.get("src") or "") for node in figure.xpath(".//iframe")
        )
        media.append(Media(kind="video" if is_video else "image", caption=caption, description=description, credit=credit))
    # An AMP page's or a plain page's caption paragraph outside any figure, under its image:
    # '<p class="caption">... (Agency/Photographer)</p>' (only a credited one: a caption class
    # alone may be any short text)
    for node in scope[0].xpath(".//*[@class]")[:2000]:
        if len(media) >= _MAX_FIGURES:
            break
        if not _CAPTION_CLASS.search(node.get("class") or "") or node.xpath("ancestor-or-self::figure|ancestor::figcaption"):
            continue
        parts = split_credit(normalise(node.text_content()))
        if parts:
            media.append(Media(kind="image", caption=parts[0], credit=parts[1]))
    if _meta(tree, "og:video", "og:video:url", "og:video:secure_url"):
        media.append(Media(kind="video", caption=_meta(tree, "og:video:title")))
    return media


_CAPTION_CLASS = re.compile(r"(?:^|[\s_-])(?:caption|wp-caption-text|img-caption|photo-caption)(?:$|[\s_-])", re.IGNORECASE)


def _element_credit(text: str) -> str | None:
    """A credit element's credit: "Image source, Agency" → "Agency", "Photo: Jane Doe" → "Jane Doe"."""
    if not text or len(text.split()) > 15:
        return None
    labelled = SOURCE_LABEL.match(text)
    if labelled:
        return labelled.group("credit").strip(" .") or None
    parts = split_credit(text)
    return parts[1] if parts and parts[0] is None else text


def _copyright(tree) -> str | None:
    """The copyright notice in the page footer ("© 2024 The Courier Ltd. All rights reserved.")."""
    for footer in tree.xpath("//footer")[-3:]:
        for node in footer.iter():
            if not isinstance(node.tag, str):
                continue
            text = normalise(node.text or "")
            if text and is_copyright(text):
                return text
    return None


def _caption(node) -> tuple[str | None, str | None]:
    credit = None
    for child in node.xpath(".//*[@class]"):
        if _CREDIT_CLASS.search(child.get("class") or ""):
            credit = normalise(child.text_content()) or None
            parts = split_credit(credit or "")
            if parts and parts[0] is None:  # "Photo: Marco Rossi" → "Marco Rossi"
                credit = parts[1]
            child.drop_tree()  # our own parsed tree: trafilatura does not need captions
            break
    text = normalise(node.text_content())
    if credit is None and text:
        parts = split_credit(text)
        if parts:
            return parts
    return text or None, credit


def _unique_media(items: list[Media]) -> list[Media]:
    seen: set[tuple] = set()
    out: list[Media] = []
    for item in items:
        key = (item.kind, item.caption, item.description, item.credit)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


