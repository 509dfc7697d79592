"""The pipeline as data: sources → pages → language → analysis, one record per input.

``ANALYSIS`` lists the analysis steps in order, each with what it reads and writes; each
reads what the earlier ones put in the record. Shells (CLI, API) call :func:`extract` /
:func:`extract_many` and hold no logic; feeding calls :func:`read_or_fail` and
:func:`analyse_stream`. What may be tuned comes in a :class:`~newsledger.settings.Settings`
(defaults when none is given).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from spacy.tokens import Doc

from newsledger import sources
from newsledger.analysis import (actors, dates, entities, event_filter, events, figures, happenings, places,
                                 quotes)
from newsledger.errors import InputError
from newsledger.record import Failure, Record
from newsledger.settings import DEFAULT, Settings

Component = Callable[[Doc, Record], None]
T = TypeVar("T")


@dataclass(frozen=True)
class Step:
    """One analysis component and what it reads from the record and writes into it (record
    fields; ``article`` for the article's fields). Every step also reads the Doc."""

    name: str
    annotate: Component
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    # whether ``annotate`` takes the Settings as a third argument
    settings: bool = False


# Order matters: a step runs after every step that writes what it reads (checked by
# tests/test_guard.py): entities first (everyone links to them), dates and places next (events
# use both), quotes before figures and events (they take sources from quotes); actors last (it
# resolves the events' actors and targets and the quotes' speakers, a look-up in the actor table
# the settings name); then one event per happening (it compares the coded actors), and last
# the learned filter, which reads the events as they will be stored.
ANALYSIS: list[Step] = [
    Step("entities", entities.annotate, reads=(), writes=("entities",)),
    Step("dates", dates.annotate, reads=("article",), writes=("dates",)),
    Step("places", places.annotate, reads=(), writes=("places",)),
    Step("quotes", quotes.annotate, reads=("entities",), writes=("quotes",)),
    Step("figures", figures.annotate, reads=("article", "entities", "quotes"), writes=("figures",)),
    Step("events", events.annotate, reads=("entities", "dates", "places", "quotes"), writes=("events",)),
    Step("actors", actors.annotate, reads=("entities", "places", "quotes", "events"),
         writes=("entities", "quotes", "events"), settings=True),
    Step("happenings", happenings.annotate, reads=("events",), writes=("events",)),
    Step("event_filter", event_filter.annotate, reads=("article", "quotes", "events"), writes=("events",)),
]


# Fewer words than this from an HTML page means there was no article on it.
MIN_HTML_WORDS = 12


def _version() -> str:
    from newsledger import __version__

    return __version__


def read_article(input: str, *, data: bytes | None = None, url: str | None = None,
                 published: str | None = None) -> Record:
    """Sources and pages: the record with its article only (``--only article``).

    ``data``: the input's bytes when already in hand (``input`` then only names them)."""
    from newsledger import pages

    raw = sources.read(input, data=data, url=url)
    article = pages.to_article(raw)
    if (article.published is None or article.published_source == "weekday") and published is not None:
        # The contract: --published is the reference date for reports that carry none;
        # a date the report itself gives wins (not a year guessed from a weekday).
        article.published, article.published_source = published, "argument"
    if not article.body.strip():
        raise InputError(input, "no article text found")
    if article.source_format == "html" and len(article.body.split()) < MIN_HTML_WORDS:
        # A page whose "body" is a few words is a navigation page, an error page or a
        # paywall stub: no article to analyse.
        raise InputError(input, f"no article text found in the page (only {len(article.body.split())} words)")
    return Record(input=input, article=article, newsledger_version=_version())


def analyse(record: Record, doc: Doc | None = None, settings: Settings = DEFAULT) -> Record:
    """Language and analysis over a record that has its article.

    A body over ``settings.chunk_chars`` is analysed a paragraph group at a time
    (:mod:`newsledger.pieces`): bounded memory, time in proportion to its length; one over
    ``settings.max_body_chars`` is refused (InputError)."""
    from newsledger import language

    body = record.article.body
    if len(body) > settings.max_body_chars:
        raise InputError(record.input, f"article body of {len(body):,} characters is over "
                                       f"the analysis limit ({settings.max_body_chars:,}); split the report")
    if doc is None:
        if len(body) > settings.chunk_chars:
            from newsledger.pieces import analyse_in_pieces

            return analyse_in_pieces(record, lambda piece: analyse(piece, settings=settings),
                                     settings.chunk_chars)
        doc = language.parse(body)
    for step in ANALYSIS:
        if step.settings:
            step.annotate(doc, record, settings)
        else:
            step.annotate(doc, record)
    if settings.acled_classifier:
        record.events = events.refine_acled(record.events)
    return record


def extract(
    input: str,
    *,
    url: str | None = None,
    published: str | None = None,
    only_article: bool = False,
    settings: Settings = DEFAULT,
) -> Record:
    """One input (a path, ``-`` for standard input) to its record. Raises InputError."""
    record = read_article(input, url=url, published=published)
    return record if only_article else analyse(record, settings=settings)


def extract_many(
    inputs: Iterable[str],
    *,
    url: str | None = None,
    published: str | None = None,
    only_article: bool = False,
    settings: Settings = DEFAULT,
) -> Iterator[Record | Failure]:
    """Records in input order; a failed input yields a :class:`Failure` and the batch goes on."""
    read = (read_or_fail(input, url=url, published=published) for input in inputs)
    if only_article:
        with fewer_collections():
            yield from read
        return
    for _, item in analyse_stream(((None, item) for item in read), settings):
        yield item


def analyse_stream(items: Iterable[tuple[T, Record | Failure | None]],
                   settings: Settings = DEFAULT) -> Iterator[tuple[T, Record | Failure | None]]:
    """Read articles analysed as they come, in order, each with the tag it came with (feeding's
    source; None for ``extract``); failures and ``None`` (nothing to analyse) pass through.

    Articles are parsed with ``nlp.pipe`` in batches of ``settings.batch_size`` records.
    """
    with fewer_collections():
        batch: list[tuple[T, Record | Failure | None]] = []
        records = 0
        for tag, item in items:
            batch.append((tag, item))
            records += isinstance(item, Record)
            if records >= settings.batch_size:
                yield from _analyse_tagged(batch, settings)
                batch, records = [], 0
        yield from _analyse_tagged(batch, settings)


def _analyse_tagged(batch: list[tuple[T, Record | Failure | None]],
                    settings: Settings) -> Iterator[tuple[T, Record | Failure | None]]:
    done = analyse_batch([item for _, item in batch if item is not None], settings)
    for tag, item in batch:
        yield tag, (next(done) if item is not None else None)


# Python's cycle collector, left at its default, runs every 700 new objects: over a batch of
# reports (spaCy's Docs, lxml's trees, the components' working objects, nearly all freed by
# reference counting) that is hundreds of collections, about 4% of the CPU (measured over the
# 80 Fundus pages: 789 collections; 7 with these thresholds). Nothing is collected that would
# not be; the garbage in cycles waits a little longer.
GC_THRESHOLD = (20_000, 20, 20)


@contextmanager
def fewer_collections():
    """The cycle collector at :data:`GC_THRESHOLD` while the block runs (unless it is already
    set less often), then as it was."""
    before = gc.get_threshold()
    if before[0] == 0 or before[0] >= GC_THRESHOLD[0]:
        yield
        return
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def read_or_fail(input: str, *, data: bytes | None = None, url: str | None = None,
                 published: str | None = None) -> Record | Failure:
    """:func:`read_article`, with any failure as the input's :class:`Failure`."""
    try:
        return read_article(input, data=data, url=url, published=published)
    except InputError as exc:
        return Failure(input=input, error=exc.reason)
    except Exception as exc:  # unexpected: still one line, and the batch goes on
        return Failure(input=input, error=f"{type(exc).__name__}: {exc}")


def analyse_batch(batch: list[Record | Failure], settings: Settings = DEFAULT) -> Iterator[Record | Failure]:
    """Language and analysis over a batch of read articles, in order, each under its own guard:
    a failure in either stage becomes that input's :class:`Failure`, and the rest go on.

    Ordinary bodies are parsed together with ``nlp.pipe``; long ones a piece at a time (see
    :func:`analyse`)."""
    docs = _parse_each([item for item in batch if isinstance(item, Record)], settings)
    for item in batch:
        if isinstance(item, Failure):
            yield item
            continue
        doc = docs.pop(id(item), None)  # let each Doc go once its record is analysed
        if isinstance(doc, Exception):
            yield Failure(input=item.input, error=f"language failed: {type(doc).__name__}: {doc}")
            continue
        try:
            result: Record | Failure = analyse(item, doc, settings)
        except InputError as exc:
            result = Failure(input=item.input, error=exc.reason)
        except Exception as exc:  # an analysis bug must not sink the batch
            result = Failure(input=item.input, error=f"analysis failed: {type(exc).__name__}: {exc}")
        del doc
        yield result


def _parse_each(records: list[Record], settings: Settings) -> dict[int, Doc | Exception]:
    """id(record) -> its Doc, or the exception parsing it raised. Long bodies are left out
    (:func:`analyse` parses them piece by piece). When the batch's ``nlp.pipe`` fails, each body
    is parsed alone, so only the input at fault fails."""
    from newsledger import language

    short = [r for r in records if len(r.article.body) <= settings.chunk_chars]
    try:
        # the batch's Docs held at once, as nlp.pipe holds them anyway (one batch)
        docs = list(language.parse_many((r.article.body for r in short), settings.batch_size))
        return {id(r): doc for r, doc in zip(short, docs)}
    except Exception:
        pass
    out: dict[int, Doc | Exception] = {}
    for record in short:
        try:
            out[id(record)] = language.parse(record.article.body)
        except Exception as exc:
            out[id(record)] = exc
    return out
