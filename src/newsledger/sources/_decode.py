"""Bytes to text: refuse binary data, then find the encoding.

Order of evidence: a byte-order mark, the page's own declaration (``<meta charset>`` or
an XML declaration), strict UTF-8, then charset-normalizer's guess. A declared legacy
single-byte charset loses to UTF-8 when the bytes are valid UTF-8 with non-ASCII in
them, because mislabelled UTF-8 pages are common and valid UTF-8 by chance is not.
"""

from __future__ import annotations

import codecs
import re

from newsledger.errors import InputError

_SAMPLE = 8192
# BOMs longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"PK\x05\x06", "a zip archive"),
    (b"\x7fELF", "an executable"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_:.\-]+)""",
    re.IGNORECASE,
)
# WHATWG: pages that say latin-1 or ASCII are decoded as windows-1252 by every browser.
_LEGACY_ALIASES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.05
# Python codec names of 8-bit charsets (the CJK "cp93x/949/950" ones are multi-byte).
_SINGLE_BYTE = re.compile(r"^(?:cp(?!93\d|949|950)\d+|iso8859-\d+|mac-\w+|koi8-\w+|tis-620|hp-roman8)$")


def decode(input: str, data: bytes) -> tuple[str, str]:
    """(text, codec name) or InputError: binary data, or text in no encoding found."""
    encoding, skip = _bom(data)
    if encoding is None:
        _refuse_binary(input, data)
        encoding = _utf16_without_bom(data)
    if encoding is not None:
        text = _strict(data[skip:], encoding)
        if text is None:
            raise InputError(input, f"undecodable text (invalid {encoding})")
        return _checked(input, text), encoding
    declared = _declared(data)
    utf8 = _strict(data, "utf-8")
    if declared is not None and declared != "utf-8":
        single_byte = _is_single_byte(declared)
        if not (single_byte and utf8 is not None and not data.isascii()):
            text = _strict(data, declared)
            if text is not None:
                return _checked(input, text), declared
    if utf8 is not None:
        return _checked(input, utf8), "utf-8"
    return _damaged_or_legacy(input, data)


def _damaged_or_legacy(input: str, data: bytes) -> tuple[str, str]:
    """Bytes that are not strict UTF-8. UTF-8 with a few broken bytes stays UTF-8 (with
    U+FFFD for them): a guesser reads it as some 8-bit charset and makes mojibake of every
    character. Western legacy text (Latin-1, Windows-1252) is recognised by its letters,
    because the guesser ranks Central European charsets first on equal evidence. Otherwise
    the guesser; bytes it cannot explain are refused."""
    replaced = data.decode("utf-8", "replace")
    broken = replaced.count("\ufffd") - data.count("\xef\xbf\xbd".encode("latin-1"))
    multibyte = sum(1 for char in replaced if char > "\x7f") - replaced.count("\ufffd")
    if multibyte >= 1 and broken <= multibyte:
        return _checked(input, replaced), "utf-8"
    western = _strict(data, "cp1252")
    if western is not None and _is_western(western):
        return _checked(input, western), "cp1252"
    high = sum(1 for byte in data if byte > 0x7F)
    if high <= _FEW_BROKEN * len(data):
        return _checked(input, replaced), "utf-8"
    return _guessed(input, data)


_FEW_BROKEN = 0.02  # non-ASCII bytes in otherwise ASCII text read as broken UTF-8
# Letters of Western European languages (and the punctuation of Windows-1252) as they
# come out of cp1252: text whose every non-ASCII character is one of these is cp1252.
_WESTERN = frozenset(
    "àâäçéèêëîïôöùûüÿßñáíóúãõœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜÑÁÍÓÚŒÆ"
    "\u2018\u2019\u201c\u201d\u2013\u2014\u2026«»°£€©®·§¡¿\xa0"
)


def _is_western(text: str) -> bool:
    return all(char in _WESTERN for char in text if char > "\x7f")


def _bom(data: bytes) -> tuple[str | None, int]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None, 0


def _refuse_binary(input: str, data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(input, f"binary data ({what}), not text")
    sample = data[:_SAMPLE]
    if b"\x00" in sample and _utf16_without_bom(data) is None:
        raise InputError(input, "binary data (NUL bytes), not text")
    if b"\x00" not in sample:
        controls = len(_CONTROL_BYTES.findall(sample))
        if controls > _MAX_CONTROL_SHARE * len(sample):
            raise InputError(input, "binary data (control characters), not text")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly ASCII has a NUL in every other byte: on the odd side for LE."""
    sample = data[:_SAMPLE]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    half = len(sample) // 2
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls > 0.6 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.6 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _declared(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", "ignore").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):  # a BOM-less page cannot be UTF-16 and say so in ASCII
        return None
    return _LEGACY_ALIASES.get(name, name)


def _is_single_byte(encoding: str) -> bool:
    return _SINGLE_BYTE.match(encoding) is not None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _guessed(input: str, data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # only when needed: it is not free

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(input, "undecodable text (no known encoding fits)")
    return _checked(input, str(best)), best.encoding


def _checked(input: str, text: str) -> str:
    """Decoded text with one newline convention; refuse text that is mostly control bytes."""
    text = text.lstrip("\ufeff")
    sample = text[:_SAMPLE]
    if sample and len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        raise InputError(input, "binary data (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")
