"""Reading one input (a path, ``-`` for standard input, or bytes already in hand with a name)
into decoded text.

Every failure is an :class:`InputError` with a short reason a user can act on; nothing
here lets an ``OSError`` or a codec error escape as a traceback.
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from newsledger.errors import InputError
from newsledger.sources._decode import decode
from newsledger.sources._kind import looks_like_html

MAX_BYTES = 20 * 1024 * 1024  # a news page is rarely over 5 MB; 20 MB leaves room
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16


@dataclass
class RawInput:
    input: str  # the path or URL as given ("-" for standard input), or the name of the bytes
    text: str  # decoded text (HTML or plain)
    is_html: bool
    encoding: str | None = None  # the codec the bytes were decoded with
    data: bytes = b""  # the bytes as read (after gunzip), for stages that want them
    compressed: bool = False  # the input was gzip
    url: str | None = None  # where the bytes came from, when known (a fetched page, a WARC record)


def read(input: str, *, data: bytes | None = None, url: str | None = None) -> RawInput:
    """The input's bytes, gunzipped when gzip (by magic bytes), decoded, classified.

    ``data``: the bytes when the caller already holds them (a body posted to the API, a page
    fetched or read from a WARC record), named ``input`` in every message; nothing is read
    from disk. ``url``: where they came from, when known."""
    if data is None:
        data = _read_stdin(input) if input == "-" else _read_file(input)
    elif len(data) > MAX_BYTES:
        raise _too_large(input)
    compressed = data[:2] == GZIP_MAGIC
    if compressed:
        data = _gunzip(input, data)
    if not data.strip():
        raise InputError(input, "empty input")
    text, encoding = decode(input, data)
    if not text.strip():
        raise InputError(input, "empty input (whitespace only)")
    return RawInput(
        input=input,
        text=text,
        is_html=looks_like_html(text),
        encoding=encoding,
        data=data,
        compressed=compressed,
        url=url,
    )


def _too_large(input: str) -> InputError:
    return InputError(input, f"input over the size limit ({MAX_BYTES // (1024 * 1024)} MB)")


def _read_stdin(input: str) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    try:
        if stream is None:  # a text stream (e.g. replaced in tests): re-encode what it holds
            data = sys.stdin.read(MAX_BYTES + 1).encode("utf-8")
        else:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(input, f"cannot read standard input ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise _too_large(input)
    return data


def _read_file(input: str) -> bytes:
    path = Path(input)
    try:
        if path.is_dir():
            raise InputError(input, "is a directory, not a file")
        size = path.stat().st_size  # checked before reading: never load a huge file
        if size > MAX_BYTES:
            raise _too_large(input)
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # the file may have grown since stat
    except FileNotFoundError:
        raise InputError(input, "no such file") from None
    except PermissionError:
        raise InputError(input, "permission denied") from None
    except IsADirectoryError:
        raise InputError(input, "is a directory, not a file") from None
    except OSError as exc:
        raise InputError(input, f"cannot read file ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise _too_large(input)
    return data


def _gunzip(input: str, data: bytes) -> bytes:
    """Decompress in chunks so a small gzip bomb stops at the size limit."""
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > MAX_BYTES:
                    raise InputError(input, "decompressed gzip data over the size limit")
    except (gzip.BadGzipFile, EOFError, zlib.error, OSError):
        raise InputError(input, "corrupt gzip data") from None
    return bytes(out)

