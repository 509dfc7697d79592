"""Pages: a page (HTML or a plain-text scrape) becomes an :class:`Article`.

One public entry, :func:`to_article`.
"""

from newsledger.pages._article import to_article

__all__ = ["to_article"]
