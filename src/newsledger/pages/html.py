"""An HTML page to an Article: trafilatura for the text and metadata, lxml for the rest.

The date is htmldate's ``find_date(original_date=True)``, run by trafilatura on the same
tree (trafilatura calls htmldate with exactly these parameters), so the page is not
searched twice. The extracted text goes through the same clutter rules as plain text,
because extractors keep credit lines ("Reporting by ...; Editing by ..."), captions and
notices that are not the report.
"""

from __future__ import annotations

import re
from datetime import datetime

from lxml import html as lxml_html

from newsledger.pages import byline as bylines
from newsledger.pages.clutter import is_copyright, publisher_from_copyright, separate, split_credit
from newsledger.pages.english import detect_english
from newsledger.pages.paragraphs import normalise
from newsledger.record import Article, Byline, Media

_VIDEO_SOURCE = re.compile(r"youtube|youtu\.be|vimeo|jwplayer|brightcove|dailymotion|/video", re.IGNORECASE)
_COMMENTS_OFF = re.compile(
    r"comments\s+(?:have\s+not\s+been\s+enabled|are\s+closed|have\s+been\s+(?:disabled|closed|turned\s+off))"
    r"|commenting\s+(?:is|has\s+been)\s+(?:disabled|closed)",
    re.IGNORECASE,
)
_CREDIT_CLASS = re.compile(r"credit|copyright|byline|source|attribution", re.IGNORECASE)
_MAX_FIGURES = 30


def html_article(html: str, *, url: str | None = None) -> tuple[Article, str | None]:
    """(article, the page's publication date as ISO or None)."""
    from trafilatura import bare_extraction  # lazy: heavy import

    tree = _parse(html)
    if tree is None:
        return Article(source_format="html"), None
    # Our own look at the tree comes first: trafilatura may prune the tree it is given.
    language = _language(tree)
    page_url = _page_url(tree)
    media = _media(tree)
    comments_off = bool(_COMMENTS_OFF.search(html))
    footer_copyright = _copyright(tree)
    doc = bare_extraction(
        tree,
        url=url,
        favor_precision=True,
        with_metadata=True,
        include_comments=True,
        include_tables=False,
        date_extraction_params={"original_date": True, "extensive_search": True,
                                "max_date": datetime.now().strftime("%Y-%m-%d")},
    )
    if doc is None:
        return Article(url=url or page_url, language=language, media=media, source_format="html"), None
    title = normalise(doc.title) if doc.title else None
    lines = [normalise(line) for line in (doc.text or "").split("\n")]
    found = separate([line for line in lines if line], plain=False)
    kept = [found.texts[i] for i in found.body]
    if kept and title and kept[0].casefold() == title.casefold():
        kept = kept[1:]  # the headline is the title, not the first paragraph
    body = "\n\n".join(kept)
    names = [n for part in (doc.author or "").split(";") for n in bylines.byline_names(part)]
    if comments_off or found.comments_enabled is False:
        comments = False
    elif found.comments_enabled or (doc.comments or "").strip():
        comments = True
    else:
        comments = None
    publisher = _publisher(doc.sitename) or publisher_from_copyright(found.copyright or footer_copyright or "")
    byline = _people(names + found.byline, publisher, found.copyright or footer_copyright)
    article = Article(
        title=title,
        url=url or doc.url or page_url,
        publisher=publisher,
        language=language or detect_english(body),
        copyright=found.copyright or footer_copyright,
        byline=byline,
        body=body,
        media=_unique_media(media + found.media),
        comments_enabled=comments,
        source_format="html",
    )
    return article, doc.date or found.published


def _parse(html: str):
    try:
        # lxml refuses str with an XML encoding declaration; bytes let it read the declaration.
        data = html.encode("utf-8")
        return lxml_html.fromstring(data, parser=lxml_html.HTMLParser(encoding="utf-8", remove_comments=True))
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None


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


def _people(names: list[Byline], publisher: str | None, copyright: str | None) -> list[Byline]:
    """Bylines without the publisher or the copyright holder (author fields often name them)."""
    owners = " ".join(filter(None, [publisher, copyright])).casefold()
    return [b for b in bylines.unique(names) if b.name.casefold() not in owners]


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
        image = next(iter(figure.xpath(".//img[@alt]")), None)
        alt = normalise(image.get("alt") or "") if image is not None else ""
        description = alt if alt and alt != caption else None
        if not (caption or credit or description):
            continue
        is_video = figure.xpath(".//video") or any(
            _VIDEO_SOURCE.search(node.get("src") or "") for node in figure.xpath(".//iframe")
        )
        media.append(Media(kind="video" if is_video else "image", caption=caption, description=description, credit=credit))
    if _meta(tree, "og:video", "og:video:url", "og:video:secure_url"):
        media.append(Media(kind="video", caption=_meta(tree, "og:video:title")))
    return media


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


