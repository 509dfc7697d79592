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
                kind = headers.get("warc-type", "")
                if kind == "response":
                    status, content_type, body = _http_payload(block)
                    if status != 200:
                        continue
                elif kind == "resource":
                    content_type, body = headers.get("content-type", "").lower(), block
                else:
                    continue
                if not content_type.startswith(_PAGE_TYPES) or not body.strip():
                    continue
                yield WarcPage(record_id=headers.get("warc-record-id", "").strip("<>"),
                               url=headers.get("warc-target-uri") or None,
                               date=(headers.get("warc-date") or "")[:10] or None, data=body)
        except (OSError, EOFError, ValueError) as exc:
            raise InputError(path, f"corrupt WARC file ({type(exc).__name__}: {exc})") from None
