"""What a page says about itself: publication date and authors, from its own markup.

Publishers mark these up for search engines and social networks, and that markup is far
more reliable than any guess from the visible text:

- JSON-LD (schema.org ``NewsArticle``, ``BlogPosting``...): ``datePublished``, ``author``
  (names, or ``@id`` references into the ``@graph``), ``publisher``;
- ``<meta>`` tags: ``article:published_time``, ``parsely-pub-date``, ``sailthru.date``,
  ``dc.date``..., ``author``, ``article:author``, ``parsely-author``, ``dc.creator``...,
  ``twitter:label1`` "Written by" with ``twitter:data1``;
- markup: ``itemprop="author"``, ``rel="author"``, links to ``/author/...`` pages,
  ``<time datetime>``, byline/author class names;
- the text under the headline: the "By ..." line and the date shown to readers.

:func:`page_metadata` collects the candidates, most trusted first; :func:`page_authors`
picks the first source naming someone other than the site itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from html import unescape

from newsledger.pages import byline as bylines
from newsledger.record import Byline

_ARTICLE_TYPES = re.compile(
    r"(?:^|:|/)(?:\w*Article|BlogPosting|SocialMediaPosting|LiveBlogPosting|Report|Review|Recipe|HowTo"
    r"|Posting|DiscussionForumPosting|QAPage|CreativeWork|WebPage|ItemPage|Episode|VideoObject)$"
)
# Types whose dates and authors are the page's own report; a WebPage's dates often are not.
_STRONG_TYPES = re.compile(
    r"(?:^|:|/)(?:\w*Article|BlogPosting|SocialMediaPosting|LiveBlogPosting|Report|Review|Recipe|HowTo"
    r"|Posting|DiscussionForumPosting)$"
)
_DATE_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
    "dc.date.created", "dcterms.created", "citation_publication_date", "citation_date", "publish-date",
    "publish_date", "publishdate", "pubdate", "publication_date", "date", "article.published",
    "article_date_original", "original-publish-date", "cxenseparse:recs:publishtime",
)
_AUTHOR_META = (
    "author", "article:author", "og:article:author", "parsely-author", "sailthru.author", "dc.creator",
    "dcterms.creator", "citation_author", "byl", "cxenseparse:author",
)
_SITE_TYPES = re.compile(r"(?:^|:|/)(?:WebSite|Organization|NewsMediaOrganization|Corporation|LocalBusiness)$")
_NAME_PARTICLES = {"de", "da", "del", "der", "di", "dos", "du", "la", "le", "van", "von", "bin", "ibn", "al", "el", "y"}
# Capitalised words that make a line a title, a heading or a button rather than a name.
_NOT_NAME_WORDS = {
    "staff", "writer", "writers", "editor", "editors", "reporter", "reporters", "contributor", "contributors",
    "correspondent", "how", "we", "it", "our", "your", "related", "program", "programs", "services", "online",
    "more", "about", "share", "follow", "read", "view", "all", "posts", "articles", "home", "menu", "search",
}
_DOMAIN_NOISE = {"com", "org", "net", "co", "uk", "au", "ca", "io", "us", "in", "info", "news", "blog", "de", "fr", "edu", "gov"}
_ISO_DAY = re.compile(r"((?:19|20)\d\d)-?([01]\d)-?([0-3]\d)")
_URL = re.compile(r"^(?:https?:)?//|^www\.", re.IGNORECASE)
_AUTHOR_CLASS = re.compile(r"(?:^|[\s_-])(?:author|byline|by-line|writer|posted-by|contributor)(?:[\s_-]|name|$)", re.IGNORECASE)
_AUTHOR_CLASS_SKIP = re.compile(
    r"avatar|image|img|photo|bio|description|social|share|follow|twitter|email|more|role|title|date|time", re.IGNORECASE
)
_AUTHOR_HREF = re.compile(
    r"/(?:author|authors|writers?|contributors?|profiles?|people|staff|journalists?)/[^/?#]+/?(?:[?#]|$)", re.IGNORECASE
)
_SOCIAL_HOST = re.compile(
    r"//(?:[\w-]+\.)*(?:bsky\.app|twitter\.com|x\.com|facebook\.com|linkedin\.com|instagram\.com|threads\.net"
    r"|youtube\.com|tiktok\.com|github\.com|mastodon\.\w+|medium\.com|substack\.com|reddit\.com|pinterest\.com)",
    re.IGNORECASE,
)
_PUBLISHED_CLASS = re.compile(r"publish|posted|pubdate|post-date|entry-date|article-date|date-published|byline", re.IGNORECASE)
_MAX_AUTHOR_LINES = 4  # an author box goes on with a bio and links


@dataclass
class PageMetadata:
    """The page's own statements: ISO day of publication, authors, names of the site itself."""

    published: str | None = None
    published_source: str | None = None
    # Raw author strings per source, most trusted first: (source, values, named as author).
    author_sources: list[tuple[str, list[str], bool]] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)  # site, publisher, domain: not authors
    shown_date: tuple[str, str | None] | None = None  # the date under the headline (header_date)
    article_body: str | None = None  # the longest JSON-LD articleBody of the page's report, raw
    dateline: str | None = None  # JSON-LD "dateline" (or "locationCreated"): where the report was written


def page_metadata(tree) -> PageMetadata:
    """Date and author candidates from JSON-LD, then meta tags, then microdata and markup."""
    found = PageMetadata()
    objects = _json_ld_objects(tree)
    strong = [o for o in objects if _is_type(o, _STRONG_TYPES)]
    weak = [o for o in objects if _is_type(o, _ARTICLE_TYPES) and not _is_type(o, _STRONG_TYPES)]
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    for group, source in ((strong, "json-ld"), (weak, "json-ld-page")):
        for obj in group:
            if found.published is None:
                value = _iso_day(_text(obj.get("datePublished")))
                if value:
                    found.published, found.published_source = value, source
            if source == "json-ld" and found.dateline is None:
                found.dateline = _json_ld_place(obj)
            body = obj.get("articleBody")
            if source == "json-ld" and isinstance(body, str) and len(body) > len(found.article_body or ""):
                found.article_body = body
            names = _json_ld_people(obj.get("author") or obj.get("creator"), by_id)
            if names:
                found.author_sources.append((source, names, True))
            publisher = obj.get("publisher")
            if isinstance(publisher, dict):
                publisher = by_id.get(publisher.get("@id"), publisher) if "name" not in publisher else publisher
                found.site_names.append(_text(publisher.get("name")))
    found.site_names += [_text(o.get("name")) for o in objects if _is_type(o, _SITE_TYPES)]
    meta = _meta_tags(tree)
    for key in ("og:site_name", "application-name", "publisher", "twitter:site"):
        found.site_names += meta.get(key, [])
    if found.published is None:
        for name in _DATE_META:
            value = _iso_day(meta.get(name, [None])[0])
            if value:
                found.published, found.published_source = value, "meta"
                break
    if found.published is None:
        value = _microdata_date(tree)
        if value:
            found.published, found.published_source = value, "markup"
    for name in _AUTHOR_META:
        values = [v for v in meta.get(name, []) if not _URL.match(v)]
        if values:
            found.author_sources.append(("meta", _dedupe(values), True))
            break
    for n in range(1, 5):  # Slack/Twitter unfurl fields: twitter:label1 "Written by", twitter:data1 the name
        label = meta.get(f"twitter:label{n}", [""])[0]
        if re.match(r"^(?:written|posted)\s+by$|^authors?$", label, re.IGNORECASE) and meta.get(f"twitter:data{n}"):
            found.author_sources.append(("meta", meta[f"twitter:data{n}"][:1], True))
            break
    values, named = _markup_authors(tree)
    window = _header_window(tree)
    found.shown_date = header_date(window)
    shown = header_byline(window)
    # itemprop/rel="author" markup, then a "By ..." line under the headline, then class-name hints
    for source, raw, is_named in sorted([("markup", values, named), ("header", shown, True)], key=lambda x: not x[2]):
        if raw:
            found.author_sources.append((source, raw, is_named))
    labelled, plural = labelled_byline(tree)
    if labelled:
        found.author_sources.append(("labels" if plural else "label", labelled, False))
    found.site_names = _dedupe([n for n in found.site_names if n])
    return found


def page_authors(meta: PageMetadata, fallback: list[str], url: str | None) -> list[Byline]:
    """The authors from the most trusted source that names a person or desk, not the site itself.

    ``fallback``: author strings from elsewhere (trafilatura's), tried last. A source whose
    names are all the site's own (``og:site_name``, the publisher, the domain) is skipped:
    publishers fill the author field with their own name when no person is credited.
    """
    site_keys = {_squash(n) for n in meta.site_names} | _domain_keys(url)
    site_keys.discard("")
    sources = list(meta.author_sources) + [("fallback", fallback, True)]
    first_found: list[Byline] = []
    for source, values, named in sources:
        names = [b for value in values for b in bylines.field_names(value)]
        if source == "labels":  # "Authors" / "A. Alic" / "D. Mowery": a name a piece, up to the first non-name
            names = []
            for line in (line for value in values for line in value.split("\n")):
                found = [b for b in bylines.field_names(line) if _looks_like_person(b.name)]
                if not found:
                    break
                names += found
        if not named:  # a class name hinting "author" also marks dates, bios and link lists
            names = [b for b in names if _looks_like_person(b.name)]
        names = bylines.unique(names)
        people = [b for b in names if not _is_site(b.name, site_keys)]
        if people:
            return people
        first_found = first_found or names
    return first_found  # only the site credits itself ("Acme Team" on Acme's blog): it is the byline


def _is_site(name: str, site_keys: set[str]) -> bool:
    key = _squash(name)
    return any(key == site or (len(key) >= 5 and (key in site or site in key)) for site in site_keys)


def _looks_like_person(name: str) -> bool:
    words = name.split()
    if any(w.lower().strip(".,:") in _NOT_NAME_WORDS for w in words):
        return False  # "Staff Writer", "Related Posts", "How We Built It"
    return 2 <= len(words) <= 4 and all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words)


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold().removeprefix("the ").removeprefix("@"))


def _domain_keys(url: str | None) -> set[str]:
    """"https://www.example-news.co.uk/x" → {"examplenews"}."""
    match = re.match(r"^(?:https?:)?//(?:www\d?\.)?([^/:?#]+)", url or "")
    if not match:
        return set()
    labels = [label for label in match.group(1).lower().split(".") if label not in _DOMAIN_NOISE]
    return {_squash(labels[-1])} if labels else set()


# --- JSON-LD ------------------------------------------------------------------------------


def _json_ld_objects(tree) -> list[dict]:
    objects: list[dict] = []
    for script in tree.xpath('//script[contains(translate(@type,"LDJSON","ldjson"),"ld+json")]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        _walk(data, objects, depth=0)
    return objects


def _walk(data, objects: list[dict], depth: int) -> None:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            _walk(item, objects, depth + 1)
    elif isinstance(data, dict):
        objects.append(data)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(data.get(key), (list, dict)):
                _walk(data[key], objects, depth + 1)


def _is_type(obj: dict, pattern: re.Pattern[str]) -> bool:
    kinds = obj.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and pattern.search(k) for k in kinds)


def _json_ld_people(value, by_id: dict[str, dict]) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:20]:
        if isinstance(item, dict):
            if "name" not in item and isinstance(item.get("@id"), str):
                item = by_id.get(item["@id"], item)
            name = _text(item.get("name"))
        else:
            name = _text(item)
        if name and not _URL.match(name):
            names.append(name)
    return _dedupe(names)


_PLACE_KEYS = ("dateline", "locationCreated")
_MAX_DATELINE_WORDS = 8


def _json_ld_place(obj: dict) -> str | None:
    """schema.org's NewsArticle "dateline" ("EL OBEID, Sudan") or CreativeWork "locationCreated"
    (a Place or its name), without a date: where the report was written."""
    from newsledger.pages.dateline import find_date

    for key in _PLACE_KEYS:
        value = obj.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("name")
        text = _text(value)
        if text:
            text = re.split(r"\s*(?:[-–—|(]|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)", text,
                            maxsplit=1, flags=re.IGNORECASE)[0].strip(" ,.")
            if text and not find_date(text) and len(text.split()) <= _MAX_DATELINE_WORDS and text[:1].isalpha():
                return text
    return None


def _text(value) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    # unescape twice: some pages escape entities in JSON-LD twice ("&amp;amp;")
    return " ".join(unescape(unescape(value)).split()) if isinstance(value, str) else ""


# --- meta tags and markup -----------------------------------------------------------------


def _meta_tags(tree) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        content = " ".join((node.get("content") or "").split())
        if key and content:
            found.setdefault(key, []).append(content)
    return found


def _microdata_date(tree) -> str | None:
    for node in tree.xpath('//*[@itemprop="datePublished"]'):
        value = _iso_day(node.get("content") or node.get("datetime") or node.text_content())
        if value:
            return value
    for node in tree.xpath("//time[@datetime]")[:20]:
        parent = node.getparent()
        classes = " ".join(filter(None, [node.get("class"), parent.get("class") if parent is not None else None]))
        if node.get("pubdate") is not None or _PUBLISHED_CLASS.search(classes):
            value = _iso_day(node.get("datetime"))
            if value:
                return value
    return None


def _markup_authors(tree) -> tuple[list[str], bool]:
    """(raw author strings, whether the markup names them as authors rather than hints at it)."""
    nodes = _near_first(tree.xpath('//*[@itemprop="author"]')[:20])
    if nodes:
        values = []
        for node in nodes:
            inner = node.xpath('.//*[@itemprop="name"]')
            values.append((inner[0].get("content") or _lines(inner[0])) if inner else (node.get("content") or _lines(node)))
        return _dedupe([v for v in values if v]), True
    links = _near_first(tree.xpath('//a[@rel="author"]')[:20]) or _near_first(
        [a for a in tree.xpath("//a[@href]")[:3000] if _is_author_href(a.get("href") or "") and a.text_content().strip()][:20]
    )
    if links:
        return _dedupe([v for v in (_lines(a) for a in links) if v]), True
    for node in tree.xpath("//*[@class]")[:3000]:
        classes = node.get("class") or ""
        if node.tag in ("html", "body", "article", "main", "section", "img", "script", "style"):
            continue
        if _AUTHOR_CLASS.search(classes) and not _AUTHOR_CLASS_SKIP.search(classes):
            text = _lines(node)
            if text:
                return [text], False
    return [], False


def _is_author_href(href: str) -> bool:
    return bool(_AUTHOR_HREF.search(href)) and not _SOCIAL_HOST.search(href)


def _near_first(nodes: list) -> list:
    """The first author element and those beside it: author lists further down are other reports'."""
    if not nodes:
        return []
    first = nodes[0]
    scope = first.getparent()
    scope = scope.getparent() if scope is not None and scope.getparent() is not None else scope
    if scope is None:
        return [first]
    return [n for n in nodes if any(a is scope for a in n.iterancestors())]


def _lines(node) -> str:
    """The text of an element one text node a line: markup glues "Jane Doe" to "May 2, 2024"."""
    parts = (" ".join(t.split()) for t in node.itertext())
    return "\n".join([p for p in parts if p][:_MAX_AUTHOR_LINES])


def _dedupe(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


def _iso_day(value: str | None) -> str | None:
    if not value:
        return None
    match = _ISO_DAY.search(value)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None


# --- the date shown to readers under the headline -------------------------------------------

_UPDATE_LABEL = re.compile(
    r"\b(?:updated|modified|revised|reviewed|edited|fact[- ]checked|last\s+(?:updated|modified|reviewed))\b[^\w]*$",
    re.IGNORECASE,
)
_PUBLISHED_LABEL = re.compile(
    r"\b(?:published|posted|first\s+published|originally\s+published(?:\s+on)?|released|date)\b[^\w]*(?:on\s*)?$",
    re.IGNORECASE,
)
_HEADER_NODES_BEFORE = 15  # text nodes above the headline that may carry its date (a kicker line)
_HEADER_NODES_AFTER = 40
_BODY_PARAGRAPH_WORDS = 25
_BY_LABEL = re.compile(r"^(?:(?:written|article|words|story|text|posted|reporting)\s+)?by\s*:?$", re.IGNORECASE)
_BY_LINE = re.compile(r"^(?:(?:written|article|words|story|text|posted)\s+)?by[:\s]+[A-Z]", re.IGNORECASE)
_BY_LINE_MAX_WORDS = 12


def header_date(window: list[str]) -> tuple[str, str | None] | None:
    """(ISO day, "published"/None) of the first date written near the headline, unless it is an update.

    Pages show their date next to the headline and byline; "Updated ..." dates there are
    skipped (the record wants the original). The search stops at the first body paragraph.
    """
    from newsledger.pages.dateline import find_date

    for k, piece in enumerate(window):
        if len(piece) > 120:
            continue
        value = find_date(piece)
        if not value:
            continue
        context = " ".join(window[max(0, k - 2): k] + [piece])
        at = context.rfind(piece)
        label_text = context[:at] + piece[: _date_start(piece)]
        if _UPDATE_LABEL.search(label_text.strip()):
            continue
        return value, ("published" if _PUBLISHED_LABEL.search(label_text.strip()) else None)
    return None


def header_byline(window: list[str]) -> list[str]:
    """The "By ..." line near the headline, as raw author strings (a lone "By" label joins the next line)."""
    for k, piece in enumerate(window):
        if _BY_LABEL.match(piece) and k + 1 < len(window):
            return [piece + "\n" + window[k + 1]]
        if _BY_LINE.match(piece) and len(piece.split()) <= _BY_LINE_MAX_WORDS:
            return [piece]
    return []


_AUTHOR_LABELS = (
    "by", "written by", "posted by", "article by", "story by", "words by", "text by", "author", "authors",
    "author(s)", "contributor", "contributors", "this post was written by", "this article was written by",
    "this story was written by", "the post was written by", "the article was written by",
)
_PLURAL_LABELS = frozenset({"authors", "author(s)", "contributors"})
_LABEL_KEYS = frozenset(_AUTHOR_LABELS) | frozenset(label + ":" for label in _AUTHOR_LABELS)
_LABEL_MAX_CHARS = 48
_NOT_LABEL_TAGS = frozenset({"script", "style", "noscript", "template"})
_LABELLED_NAMES = 3  # text pieces after the label that may hold the names


def labelled_byline(tree) -> tuple[list[str], bool]:
    """The names after the page's first author label ("Written by" / "Jane Doe"), anywhere on
    the page, and whether the label is plural ("Authors", "Contributors": one name a piece).

    Author boxes under the report, and bylines above the headline, label the name in their
    own element. The raw pieces are returned for :func:`page_authors` to read, which keeps
    them only if they look like a person's name (a label may also head a list of links).
    """
    body = next(iter(tree.xpath("//body")), None)
    label = word = None
    for node in body.iter() if body is not None else ():
        text = node.text
        if text is None or len(text) >= _LABEL_MAX_CHARS:
            continue
        key = " ".join(text.split()).lower()
        if (key in _LABEL_KEYS or key.rstrip(": ") in _LABEL_KEYS) and node.tag not in _NOT_LABEL_TAGS:
            label, word = node, key.rstrip(": ")
            break
    if label is None:
        return [], False
    pieces = label.xpath(
        "following::text()[normalize-space()][not(ancestor::script or ancestor::style or ancestor::noscript)]"
        f"[position() <= {_LABELLED_NAMES}]"
    )
    return (["\n".join(" ".join(p.split()) for p in pieces)] if pieces else []), word in _PLURAL_LABELS


def _header_window(tree) -> list[str]:
    """Text pieces around the first <h1>: a few above it, those below it up to the first body paragraph."""
    headline = next(iter(tree.xpath("//h1")), None)
    if headline is None:
        return []
    texts: list[str] = []
    before: list[str] = []
    in_header = False
    for node in tree.iter():
        if node is headline:
            in_header = True
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript", "template"):
            continue
        for piece in (node.text, node.tail) if in_header else (node.text,):
            piece = " ".join((piece or "").split())
            if not piece:
                continue
            if in_header:
                texts.append(piece)
            else:
                before.append(piece)
        if in_header and len(texts) > _HEADER_NODES_AFTER:
            break
        if in_header and node.tag == "p" and len(node.text_content().split()) >= _BODY_PARAGRAPH_WORDS:
            break  # the first body paragraph: the header is over
    return before[-_HEADER_NODES_BEFORE:] + texts


def _date_start(piece: str) -> int:
    from newsledger.pages.dateline import _DATE_FORMS

    starts = [m.start() for form in _DATE_FORMS if (m := form.search(piece))]
    return min(starts) if starts else 0
