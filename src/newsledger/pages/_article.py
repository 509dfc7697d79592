"""A page to its Article: HTML or plain text, then what the caller told us wins."""

from __future__ import annotations

from newsledger.record import Article
from newsledger.sources import RawInput


def to_article(raw: RawInput, *, url: str | None = None, published: str | None = None) -> Article:
    """The article of one input. ``url`` and ``published`` from the caller override the page
    (``url`` defaults to the one the bytes came from, ``raw.url``)."""
    if url is None:
        url = raw.url
    if raw.is_html:
        from newsledger.errors import InputError
        from newsledger.pages.html import PageError, html_article  # lazy: trafilatura is slow to import

        try:
            article, page_date = html_article(raw.text, url=url)
        except PageError as error:
            raise InputError(raw.input, str(error)) from None
        page_source = "page"
    else:
        from newsledger.pages.text import text_article

        article, page_date = text_article(raw.text)
        page_source = article.published_source or "text"
    from newsledger.pages.clutter import credit_parts

    for item in article.media:
        if item.credit and item.agency is None and item.photographer is None:
            owners = " | ".join(filter(None, [article.publisher, article.copyright]))
            item.agency, item.photographer = credit_parts(item.credit, owners)
    if url:
        article.url = url
    if published:
        article.published, article.published_source = published.strip(), "argument"
    elif page_date:
        article.published, article.published_source = page_date, page_source
    return article
