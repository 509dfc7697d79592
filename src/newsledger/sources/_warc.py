"""WARC files (web archives, e.g. a news crawl): the HTML pages they hold.

One public entry, :func:`warc_pages`, a generator: a WARC file can hold thousands of pages,
so they are read one record at a time, never all in memory. Plain ``.warc`` and gzip
``.warc.gz`` (one gzip member per record, as crawlers write them, or one for the whole
file) are both read as a stream. Only ``response`` records with an HTTP 200 answer whose
content type is HTML or plain text, and ``resource`` records of those types, are pages;
requests, metadata and the rest are skipped.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsledger.errors import InputError

MAX_RECORD_BYTES = 20 * 1024 * 1024
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass(frozen=True)
class WarcPage:
    record_id: str  # WARC-Record-ID, unique in the archive
    url: str | None  # WARC-Target-URI
    date: str | None  # WARC-Date (when it was crawled), ISO
    data: bytes  # the page's bytes (HTTP headers removed)


def is_warc(path: str) -> bool:
    name = path.lower()
    return name.endswith((".warc", ".warc.gz"))


def _headers(stream: io.BufferedIOBase, input: str) -> dict[str, str] | None:
    """The next record's WARC headers, or None at the end of the file."""
    line = stream.readline()
    while line in (b"\r\n", b"\n"):
        line = stream.readline()
    if not line:
        return None
    if not line.startswith(b"WARC/"):
        raise InputError(input, f"not a WARC record (starts {line[:20]!r})")
    headers: dict[str, str] = {}
    while True:
        line = stream.readline()
        if not line:
            raise InputError(input, "truncated WARC record headers")
        if line in (b"\r\n", b"\n"):
            return headers
        name, _, value = line.decode("utf-8", "replace").partition(":")
        headers[name.strip().lower()] = value.strip()


def _http_payload(block: bytes) -> tuple[int | None, str, bytes]:
    """(status, content type, body) of an HTTP response block."""
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
    lines = head.decode("iso-8859-1").splitlines()
    status = None
    if lines and lines[0].startswith("HTTP/"):
        parts = lines[0].split()
        status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    content_type = ""
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-type":
            content_type = value.strip().lower()
    return status, content_type, body


def _page(headers: dict[str, str], block: bytes) -> WarcPage | None:
    """The page a record holds, or None (not a page: a request, an error, not HTML...)."""
    kind = headers.get("warc-type", "")
    if kind == "response":
        status, content_type, body = _http_payload(block)
        if status != 200:
            return None
    elif kind == "resource":
        content_type, body = headers.get("content-type", "").lower(), block
    else:
        return None
    if not content_type.startswith(_PAGE_TYPES) or not body.strip():
        return None
    return WarcPage(record_id=headers.get("warc-record-id", "").strip("<>"),
                    url=headers.get("warc-target-uri") or None,
                    date=(headers.get("warc-date") or "")[:10] or None, data=body)


def warc_pages(path: str) -> Iterator[WarcPage]:
    """The pages of the WARC file at ``path``, in file order (InputError if unreadable)."""
    try:
        raw = Path(path).open("rb")
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror or exc})") from None
    with raw:
        magic = raw.read(2)
        raw.seek(0)
        stream: io.BufferedIOBase = gzip.GzipFile(fileobj=raw) if magic == b"\x1f\x8b" else raw  # type: ignore[assignment]
        try:
            while (headers := _headers(stream, path)) is not None:
                length = int(headers.get("content-length", "0") or 0)
                if length > MAX_RECORD_BYTES:  # skip it, in chunks: never hold a huge record
                    left = length
                    while left > 0 and (chunk := stream.read(min(left, 1 << 20))):
                        left -= len(chunk)
                    continue
                block = stream.read(length)
                if len(block) < length:
                    raise InputError(path, "truncated WARC record")
                page = _page(headers, block)
                if page is not None:
                    yield page
        except (OSError, EOFError, ValueError) as exc:
            raise InputError(path, f"corrupt WARC file ({type(exc).__name__}: {exc})") from None


# -- pages by place: one record at a time, each found again by its file and offset -----------
# (the Ray engine lists a file's records on the driver and reads each where it lies, on a worker)

_GZIP_MEMBER = b"\x1f\x8b\x08"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class WarcEntry:
    """A page record's place in its file: ``offset`` is where its record (for gzip, the gzip
    member holding it alone) starts, so :func:`warc_page_at` reads it again. ``page`` is set
    instead when the record cannot be reached alone (several records in one gzip member)."""

    offset: int | None
    record_id: str
    url: str | None
    date: str | None
    page: WarcPage | None = None


@dataclass(frozen=True)
class WarcDamage:
    """A record that cannot be read (bad gzip data, bad headers, cut short): the listing says
    so once and goes on with the next record."""

    offset: int
    reason: str


def _record(stream: io.BufferedIOBase, name: str) -> tuple[dict[str, str], bytes | None] | None:
    """The next record's headers and block (None when over :data:`MAX_RECORD_BYTES`: skipped),
    or None at the end. ValueError/InputError when it is damaged."""
    headers = _headers(stream, name)
    if headers is None:
        return None
    length = int(headers.get("content-length", "0") or 0)
    if length < 0:
        raise ValueError(f"negative Content-Length {length}")
    if length > MAX_RECORD_BYTES:
        left = length
        while left > 0 and (chunk := stream.read(min(left, _CHUNK))):
            left -= len(chunk)
        return headers, None
    block = stream.read(length)
    if len(block) < length:
        raise InputError(name, "truncated WARC record")
    return headers, block


def _reason(exc: Exception) -> str:
    if isinstance(exc, InputError):
        return exc.reason
    return f"corrupt WARC record ({type(exc).__name__}: {exc})"


def _entry(offset: int | None, headers: dict[str, str], block: bytes | None,
           alone: bool) -> WarcEntry | None:
    page = _page(headers, block) if block is not None else None
    if page is None:
        return None
    return WarcEntry(offset if alone else None, page.record_id, page.url, page.date,
                     None if alone else page)


def _gzip_members(raw: io.BufferedIOBase, limit: int) -> Iterator[tuple[int, bytes | None | Exception]]:
    """(offset, bytes) for each gzip member of ``raw``: None for a member over ``limit`` bytes
    (not held), the exception for a damaged one, after which the next member is searched for
    from the byte after the damaged one's start."""
    pos, buf = 0, raw.read(_CHUNK)
    while buf:
        start, inflate, parts, size = pos, zlib.decompressobj(31), [], 0
        try:
            while True:
                out = inflate.decompress(buf)
                size += len(out)
                if size <= limit:
                    parts.append(out)
                if inflate.eof:
                    rest = inflate.unused_data
                    pos += len(buf) - len(rest)
                    buf = rest or raw.read(_CHUNK)
                    break
                pos += len(buf)
                buf = raw.read(_CHUNK)
                if not buf:
                    raise EOFError("the gzip data ends in the middle of a record")
        except (zlib.error, EOFError) as exc:
            yield start, exc
            pos, buf = _next_member(raw, start + 1)
            continue
        yield start, (b"".join(parts) if size <= limit else None)


def _next_member(raw: io.BufferedIOBase, offset: int) -> tuple[int, bytes]:
    """(offset, bytes from there) of the next gzip member header at or after ``offset``."""
    raw.seek(offset)
    pos = offset
    while chunk := raw.read(_CHUNK):
        found = chunk.find(_GZIP_MEMBER)
        if found >= 0:
            raw.seek(pos + found)
            return pos + found, raw.read(_CHUNK)
        pos += len(chunk) - 2  # a header may straddle two chunks
        raw.seek(pos)
        if len(chunk) <= 2:
            break
    return pos, b""


def warc_entries(path: str) -> Iterator[WarcEntry | WarcDamage]:
    """The page records of the WARC file at ``path`` with their offsets, in file order; a
    damaged record is one :class:`WarcDamage` and the listing goes on with the next record
    (gzip: the next member; plain WARC: the next line starting ``WARC/``). InputError when
    the file cannot be opened or is not a WARC file at all."""
    try:
        raw = Path(path).open("rb")
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror or exc})") from None
    with raw:
        if raw.read(2) == b"\x1f\x8b":
            raw.seek(0)
            yield from _gzip_entries(raw, path)
        else:
            raw.seek(0)
            yield from _plain_entries(raw, path)


def _gzip_entries(raw: io.BufferedIOBase, path: str) -> Iterator[WarcEntry | WarcDamage]:
    seen = False
    for offset, member in _gzip_members(raw, MAX_RECORD_BYTES + (1 << 16)):
        if isinstance(member, Exception):
            if not seen and offset == 0:  # not even the first member: not a WARC file we can read
                raise InputError(path, f"corrupt WARC file ({type(member).__name__}: {member})")
            yield WarcDamage(offset, _reason(member))
            continue
        if member is None:  # one member too big for a record: the whole file in one member
            raw.seek(0)
            for page in warc_pages(path):  # read as a stream; each page travels with its bytes
                yield WarcEntry(None, page.record_id, page.url, page.date, page)
            return
        stream = io.BytesIO(member)
        try:
            records = []
            while (found := _record(stream, path)) is not None:
                records.append(found)
        except (InputError, ValueError, OSError) as exc:
            if not seen and offset == 0 and not records:
                raise InputError(path, _reason(exc)) from None
            yield WarcDamage(offset, _reason(exc))
            continue
        seen = True
        for headers, block in records:
            entry = _entry(offset, headers, block, alone=len(records) == 1)
            if entry is not None:
                yield entry


def _plain_entries(raw: io.BufferedIOBase, path: str) -> Iterator[WarcEntry | WarcDamage]:
    seen = False
    while True:
        offset = raw.tell()
        try:
            found = _record(raw, path)
        except (InputError, ValueError, OSError) as exc:
            if not seen:
                raise InputError(path, _reason(exc)) from None
            yield WarcDamage(offset, _reason(exc))
            raw.seek(offset + 1)
            while line := raw.readline():  # on to the next record's first line
                if line.startswith(b"WARC/"):
                    raw.seek(-len(line), io.SEEK_CUR)
                    break
            continue
        if found is None:
            return
        seen = True
        entry = _entry(offset, *found, alone=True)
        if entry is not None:
            yield entry


def warc_page_at(path: str, offset: int) -> WarcPage | None:
    """The page of the record at ``offset`` in the WARC file at ``path`` (as listed by
    :func:`warc_entries`); InputError when it cannot be read."""
    try:
        with Path(path).open("rb") as raw:
            raw.seek(offset)
            stream: io.BufferedIOBase = raw
            if raw.read(2) == b"\x1f\x8b":
                raw.seek(offset)
                _, member = next(_gzip_members(raw, MAX_RECORD_BYTES + (1 << 16)))
                if isinstance(member, Exception):
                    raise member
                stream = io.BytesIO(member or b"")
            else:
                raw.seek(offset)
            found = _record(stream, path)
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror or exc})") from None
    except (zlib.error, EOFError, ValueError) as exc:
        raise InputError(path, _reason(exc)) from None
    return _page(*found) if found is not None and found[1] is not None else None
