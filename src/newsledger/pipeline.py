"""The pipeline as data: sources → pages → language → analysis, one record per input.

``ANALYSIS`` lists the analysis components in order; each reads what the earlier ones put
in the record. Shells (CLI, API) call :func:`extract` / :func:`extract_many` and hold no logic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc

from newsledger import sources
from newsledger.analysis import dates, entities, events, figures, places, quotes
from newsledger.errors import InputError
from newsledger.record import Failure, Record

Component = Callable[[Doc, Record], None]

# Order matters: entities first (everyone links to them), dates and places next
# (events use both), quotes before figures and events (they take sources from quotes).
ANALYSIS: list[tuple[str, Component]] = [
    ("entities", entities.annotate),
    ("dates", dates.annotate),
    ("places", places.annotate),
    ("quotes", quotes.annotate),
    ("figures", figures.annotate),
    ("events", events.annotate),
]


def _version() -> str:
    from newsledger import __version__

    return __version__


def read_article(input: str, *, url: str | None = None, published: str | None = None) -> Record:
    """Sources and pages: the record with its article only (``--only article``)."""
    from newsledger import pages

    raw = sources.read(input)
    article = pages.to_article(raw, url=url, published=published)
    if not article.body.strip():
        raise InputError(input, "no article text found")
    return Record(input=input, article=article, newsledger_version=_version())


def analyse(record: Record, doc: Doc | None = None) -> Record:
    """Language and analysis over a record that has its article."""
    from newsledger import language

    if doc is None:
        doc = language.parse(record.article.body)
    for _name, component in ANALYSIS:
        component(doc, record)
    return record


def extract(
    input: str,
    *,
    url: str | None = None,
    published: str | None = None,
    only_article: bool = False,
) -> Record:
    """One input (a path, ``-`` for standard input) to its record. Raises InputError."""
    record = read_article(input, url=url, published=published)
    return record if only_article else analyse(record)


def extract_many(
    inputs: Iterable[str],
    *,
    url: str | None = None,
    published: str | None = None,
    only_article: bool = False,
) -> Iterator[Record | Failure]:
    """Records in input order; a failed input yields a :class:`Failure` and the batch goes on.

    Articles are parsed with ``nlp.pipe`` in small batches, which is what keeps the pipeline's
    cost close to spaCy's own.
    """
    from newsledger import language

    batch: list[Record | Failure] = []

    def flush() -> Iterator[Record | Failure]:
        todo = [r for r in batch if isinstance(r, Record)]
        docs = iter(language.parse_many(r.article.body for r in todo)) if todo else iter(())
        for item in batch:
            if isinstance(item, Record):
                try:
                    yield analyse(item, next(docs))
                except Exception as exc:  # an analysis bug must not sink the batch
                    yield Failure(input=item.input, error=f"analysis failed: {type(exc).__name__}: {exc}")
            else:
                yield item
        batch.clear()

    for input in inputs:
        try:
            record = read_article(input, url=url, published=published)
        except InputError as exc:
            batch.append(Failure(input=input, error=exc.reason))
        except Exception as exc:  # unexpected: still one line, still the batch goes on
            batch.append(Failure(input=input, error=f"{type(exc).__name__}: {exc}"))
        else:
            batch.append(record)
            if only_article:
                yield from batch
                batch.clear()
                continue
        if len(batch) >= 16:
            yield from flush()
    if only_article:
        yield from batch
    else:
        yield from flush()
