"""A plain-text scrape to an Article: units (lines or unwrapped paragraphs), clutter out."""

from __future__ import annotations

from newsledger.pages import paragraphs
from newsledger.pages.clutter import separate, without_author_bios
from newsledger.pages.english import detect_english
from newsledger.record import Article


def text_article(text: str) -> tuple[Article, str | None]:
    """(article without url/published, the date written on the page or None)."""
    found = separate(paragraphs.units(text), plain=True)
    body = without_author_bios("\n\n".join(found.texts[i] for i in found.body), found.byline)
    article = Article(
        title=found.title,
        publisher=found.publisher,
        language=detect_english(body),
        copyright=found.copyright,
        byline=found.byline,
        body=body,
        media=found.media,
        comments_enabled=found.comments_enabled,
        source_format="text",
    )
    return article, found.published
