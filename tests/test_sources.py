"""sources.read: paths, standard input, gzip, encodings, and every InputError reason."""

from __future__ import annotations

import gzip
import io
import os
import sys
import zipfile
from pathlib import Path

import pytest

from newsledger import sources
from newsledger.errors import InputError
from newsledger.sources import _read

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
REPORT = (
    "Harbour officials said on Monday that the new breakwater would be finished by the spring, "
    "two years later than planned, after storms damaged the half-built wall twice.\n\n"
    "The café owners on the quay said the delay had cost them a season’s trade.\n"
)


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _reason(input: str) -> str:
    with pytest.raises(InputError) as caught:
        sources.read(input)
    assert caught.value.input == input
    return caught.value.reason


# --- plain reading -------------------------------------------------------------------------


def test_reads_utf8_text(tmp_path):
    raw = sources.read(_write(tmp_path, "a.txt", REPORT.encode("utf-8")))
    assert raw.text == REPORT
    assert raw.encoding == "utf-8"
    assert raw.is_html is False
    assert raw.compressed is False


def test_crlf_becomes_lf(tmp_path):
    raw = sources.read(_write(tmp_path, "a.txt", REPORT.replace("\n", "\r\n").encode("utf-8")))
    assert "\r" not in raw.text and raw.text == REPORT


def test_gzip_detected_by_magic_bytes_not_suffix(tmp_path):
    raw = sources.read(_write(tmp_path, "report.dat", gzip.compress(REPORT.encode("utf-8"))))
    assert raw.text == REPORT and raw.compressed is True


def test_gzip_html_fixture(tmp_path):
    data = (FIXTURES / "article.html").read_bytes()
    raw = sources.read(_write(tmp_path, "page.html.gz", gzip.compress(data)))
    assert raw.is_html and "Valbruna" in raw.text


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REPORT.encode("utf-8")), encoding="utf-8"))
    raw = sources.read("-")
    assert raw.input == "-" and raw.text == REPORT


def test_stdin_gzip(monkeypatch):
    stream = io.TextIOWrapper(io.BytesIO(gzip.compress(REPORT.encode("utf-8"))))
    monkeypatch.setattr(sys, "stdin", stream)
    assert sources.read("-").text == REPORT


def test_stdin_empty(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert _reason("-") == "empty input"


# --- encodings -----------------------------------------------------------------------------


def test_latin1_without_declaration(tmp_path):
    text = "Les propriétaires de cafés ont manifesté mercredi contre la hausse des redevances de terrasse à Lyon."
    raw = sources.read(_write(tmp_path, "a.txt", text.encode("latin-1")))
    assert raw.text == text


def test_utf16_with_bom(tmp_path):
    raw = sources.read(_write(tmp_path, "a.txt", REPORT.encode("utf-16")))  # writes a BOM
    assert raw.text == REPORT and raw.encoding.startswith("utf-16")


def test_utf16_without_bom(tmp_path):
    raw = sources.read(_write(tmp_path, "a.txt", REPORT.encode("utf-16-le")))
    assert raw.text == REPORT


def test_utf8_bom_is_dropped(tmp_path):
    raw = sources.read(_write(tmp_path, "a.txt", b"\xef\xbb\xbf" + REPORT.encode("utf-8")))
    assert raw.text == REPORT


def test_windows_1252_meta_charset():
    raw = sources.read(str(FIXTURES / "cp1252_meta.html"))
    assert raw.encoding == "cp1252" and raw.is_html
    assert "city’s “art de vivre”" in raw.text and "Dubœuf" in raw.text


def test_utf8_page_mislabelled_as_latin1_is_read_as_utf8(tmp_path):
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>The city’s café</p></body></html>'
    raw = sources.read(_write(tmp_path, "a.html", page.encode("utf-8")))
    assert "city’s café" in raw.text


# --- is_html -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", True),
        ("<!-- saved page -->\n<html lang='en'><head></head><body></body></html>", True),
        ('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body></body></html>', True),
        ("<div><p>One paragraph.</p><p>Another.</p></div>", True),
        ("<Reuters> Oil prices rose on Monday as traders weighed supply cuts.\n", False),
        ("Oil prices rose on Monday.\n\nThe index uses a <b> marker in its name.\n", False),
    ],
)
def test_is_html(tmp_path, text, expected):
    assert sources.read(_write(tmp_path, "x", text.encode("utf-8"))).is_html is expected


# --- every InputError reason ---------------------------------------------------------------


def test_missing_file(tmp_path):
    assert _reason(str(tmp_path / "nope.txt")) == "no such file"


def test_directory(tmp_path):
    assert _reason(str(tmp_path)) == "is a directory, not a file"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path):
    path = _write(tmp_path, "secret.txt", REPORT.encode("utf-8"))
    os.chmod(path, 0)
    try:
        assert _reason(path) == "permission denied"
    finally:
        os.chmod(path, 0o644)


def test_empty_file(tmp_path):
    assert _reason(_write(tmp_path, "a.txt", b"")) == "empty input"


def test_whitespace_only(tmp_path):
    assert _reason(_write(tmp_path, "a.txt", b" \n\t\n  \n")) == "empty input"


def test_whitespace_only_in_utf16(tmp_path):
    assert _reason(_write(tmp_path, "a.txt", "  \n \n".encode("utf-16"))).startswith("empty input")


def test_png_is_binary(tmp_path):
    data = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256))
    assert _reason(_write(tmp_path, "a.txt", data)) == "binary data (a PNG image), not text"


def test_zip_is_binary(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("report.txt", REPORT)
    assert _reason(_write(tmp_path, "a.txt", buffer.getvalue())) == "binary data (a zip archive), not text"


def test_nul_bytes_are_binary(tmp_path):
    data = b"Some text\x00\x01\x02 then \x00\x00 more\x00" * 20
    assert _reason(_write(tmp_path, "a.txt", data)) == "binary data (NUL bytes), not text"


def test_control_characters_are_binary(tmp_path):
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 65, 66]) * 50
    assert _reason(_write(tmp_path, "a.txt", data)) == "binary data (control characters), not text"


def test_undecodable_text(tmp_path):
    data = b"\xef\xbb\xbf" + REPORT.encode("utf-8") + b"\xff\xfe\xc3("  # a UTF-8 BOM, then invalid UTF-8
    assert _reason(_write(tmp_path, "a.txt", data)).startswith("undecodable text")


def test_over_size_limit_checked_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(_read, "MAX_BYTES", 100)
    path = _write(tmp_path, "a.txt", REPORT.encode("utf-8") * 3)
    opened = []
    monkeypatch.setattr(Path, "open", lambda *a, **k: opened.append(a) or (_ for _ in ()).throw(AssertionError))
    assert _reason(path).startswith("input over the size limit")
    assert opened == []


def test_stdin_over_size_limit(monkeypatch):
    monkeypatch.setattr(_read, "MAX_BYTES", 100)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REPORT.encode("utf-8") * 3)))
    assert _reason("-").startswith("input over the size limit")


def test_gzip_bomb_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(_read, "MAX_BYTES", 10_000)
    data = gzip.compress(b"a" * 1_000_000)  # ~1 KB that would expand to 1 MB
    assert len(data) < 10_000
    assert _reason(_write(tmp_path, "a.gz", data)) == "decompressed gzip data over the size limit"


def test_corrupt_gzip(tmp_path):
    assert _reason(_write(tmp_path, "a.gz", b"\x1f\x8b\x08\x00garbage that is not deflate")) == "corrupt gzip data"


def test_truncated_gzip(tmp_path):
    data = gzip.compress(REPORT.encode("utf-8") * 10)
    assert _reason(_write(tmp_path, "a.gz", data[: len(data) // 2])) == "corrupt gzip data"


# --- bytes in hand (API bodies, fetched pages, WARC records) --------------------------------


def test_reads_bytes_with_a_name_and_a_url_without_touching_disk(tmp_path):
    raw = sources.read("warc#urn:uuid:1", data=gzip.compress(REPORT.encode("utf-8")),
                       url="https://harbour.example/breakwater")
    assert raw.text == REPORT and raw.compressed and raw.input == "warc#urn:uuid:1"
    assert raw.url == "https://harbour.example/breakwater"
    with pytest.raises(InputError) as caught:
        sources.read("api:empty", data=b"   \n")
    assert caught.value.input == "api:empty" and caught.value.reason == "empty input"
    with pytest.raises(InputError) as caught:
        sources.read("api:big", data=b"x" * (sources.MAX_BYTES + 1))
    assert "size limit" in caught.value.reason
