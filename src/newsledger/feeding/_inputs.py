"""Listing inputs: what the user named, one :class:`Source` per report.

:func:`sources_of` turns files, folders, ``-``, URLs, RSS/Atom feeds (given as a URL or a
file) and WARC files into sources, lazily (a feed or a WARC file can hold thousands).

Resuming: a source whose input is already done (``is_done``, asked of the ledger by the
caller, with the same fingerprint: for a file its size and modification time) is yielded with
``skip`` set and is not read, fetched or analysed again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsledger.errors import InputError
from newsledger.record import Failure

# Files picked up in a folder: reports, web archives and feeds.
REPORT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".gz")
ARCHIVE_SUFFIXES = (".warc", ".warc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
INPUT_SUFFIXES = REPORT_SUFFIXES + ARCHIVE_SUFFIXES + FEED_SUFFIXES


@dataclass
class Source:
    input: str  # as recorded: a path, a URL, or "archive.warc.gz#<record id>"
    fingerprint: str | None = None
    path: str | None = None  # a local file to read as it is
    load: Callable[[], tuple[bytes, str | None]] | None = None  # (bytes, final URL), fetched late
    url: str | None = None
    published: str | None = None  # the reference date when the page gives none
    skip: bool = False  # done by an earlier run


def _file_fingerprint(path: Path) -> str | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def expand_folder(folder: Path, suffixes: tuple[str, ...] = INPUT_SUFFIXES) -> list[str]:
    """The files in ``folder`` (recursively, sorted) whose names end with one of ``suffixes``."""
    return [str(p) for p in sorted(folder.rglob("*")) if p.is_file() and p.name.lower().endswith(suffixes)]


def report_files(inputs: Iterable[str]) -> list[str]:
    """``inputs`` with each folder replaced by the report files in it (``extract`` reads reports
    only: no archives or feeds)."""
    out: list[str] = []
    for item in inputs:
        if item != "-" and Path(item).is_dir():
            out.extend(expand_folder(Path(item), REPORT_SUFFIXES))
        else:
            out.append(item)
    return out


def sources_of(inputs: Iterable[str], *, fetcher, is_done: Callable[[str, str | None], bool],
               again: bool = False, published: str | None = None) -> Iterator[Source | Failure]:
    """One Source per report named by ``inputs`` (a Failure for an input that cannot even be
    listed: an unreadable feed or archive)."""
    from newsledger.sources._feeds import feed_entries, looks_like_feed
    from newsledger.sources._fetch import is_url
    from newsledger.sources._warc import is_warc, warc_pages

    def done(input: str, fingerprint: str | None) -> bool:
        return not again and is_done(input, fingerprint)

    def fetch_later(url: str) -> Callable[[], tuple[bytes, str | None]]:
        def load() -> tuple[bytes, str | None]:
            got = fetcher.get(url)
            return got.data, got.url
        return load

    def entries(input: str, data: bytes, base: str | None) -> Iterator[Source | Failure]:
        try:
            found = feed_entries(input, data, base)
        except InputError as exc:
            yield Failure(input=input, error=exc.reason)
            return
        for entry in found:
            yield Source(entry.url, skip=done(entry.url, None), load=fetch_later(entry.url),
                         url=entry.url, published=published or entry.published)

    def from_url(item: str) -> Iterator[Source | Failure]:
        if done(item, None):
            yield Source(item, skip=True)
            return
        try:
            got = fetcher.get(item)
        except InputError as exc:
            yield Failure(input=item, error=exc.reason)
            return
        if looks_like_feed(got.data, got.content_type):
            yield from entries(item, got.data, got.url)
        else:
            yield Source(item, load=lambda got=got: (got.data, got.url), url=got.url, published=published)

    def from_file(name: str) -> Iterator[Source | Failure]:
        if name == "-":
            yield Source("-", path="-", published=published)
            return
        if is_warc(name):
            yield from _archive(name, warc_pages, done, published)
            return
        if name.lower().endswith(FEED_SUFFIXES):
            try:
                data = Path(name).read_bytes()
            except OSError as exc:
                yield Failure(input=name, error=f"cannot read file ({exc.strerror or exc})")
                return
            if looks_like_feed(data):
                yield from entries(name, data, None)
                return
        fingerprint = _file_fingerprint(Path(name))
        yield Source(name, fingerprint=fingerprint, path=name, published=published,
                     skip=fingerprint is not None and done(name, fingerprint))

    for item in inputs:
        if is_url(item):
            yield from _guarded(item, from_url(item))
            continue
        try:
            paths = expand_folder(Path(item)) if item != "-" and Path(item).is_dir() else [item]
        except Exception as exc:  # an unreadable folder: its line, and the other inputs go on
            yield _failure(item, exc)
            continue
        for name in paths:
            yield from _guarded(name, from_file(name))


def _failure(input: str, exc: Exception) -> Failure:
    if isinstance(exc, InputError):
        return Failure(input=input, error=exc.reason)
    if isinstance(exc, OSError):
        return Failure(input=input, error=f"cannot read ({exc.strerror or exc})")
    return Failure(input=input, error=f"{type(exc).__name__}: {exc}")


def _guarded(input: str, sources: Iterator[Source | Failure]) -> Iterator[Source | Failure]:
    """The sources one input names, until listing them fails unexpectedly (a feed or an archive
    that breaks the reader half-way): then that input's Failure, and the next input goes on.
    Sources already listed stay listed."""
    try:
        yield from sources
    except Exception as exc:
        yield _failure(input, exc)


def _archive(name: str, warc_pages, done, published: str | None) -> Iterator[Source | Failure]:
    try:
        for page in warc_pages(name):
            input = f"{name}#{page.record_id or page.url}"
            yield Source(input, fingerprint=page.record_id or None, skip=done(input, page.record_id or None),
                         load=lambda data=page.data, url=page.url: (data, url), url=page.url,
                         published=published or page.date)
    except InputError as exc:
        yield Failure(input=name, error=exc.reason)
