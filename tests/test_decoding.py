"""Decoding (issue 14, item 3): broken UTF-8 stays UTF-8, legacy text keeps its charset,
bytes no encoding explains are one clear error naming the input."""

from __future__ import annotations

import random

import pytest

from newsledger import extract
from newsledger.errors import InputError
from newsledger.sources._decode import decode

_ENGLISH = (
    "The minister said on Tuesday that the aid convoy had reached the northern city after weeks of delay. "
    "“We will keep the road open,” she told reporters — and the café by the checkpoint reopened. "
) * 6


def test_utf8_with_a_few_invalid_bytes_is_utf8_with_replacements():
    data = _ENGLISH.encode().replace(b"convoy", b"con\xffvoy", 2).replace(b"city", b"ci\x9d\xfety", 1)
    text, encoding = decode("broken.txt", data)
    assert encoding == "utf-8"
    assert "“We will keep the road open,” she told reporters — and the café" in text
    assert text.count("\ufffd") == 4


def test_ascii_with_a_stray_byte_is_not_read_as_another_alphabet():
    data = _ENGLISH.encode("ascii", "ignore").replace(b"convoy", b"con\xc3voy", 1)
    text, encoding = decode("stray.txt", data)
    assert encoding == "utf-8"
    assert "con\ufffdvoy" in text


def test_broken_utf8_record_language_is_english(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes(_ENGLISH.encode().replace(b"convoy", b"con\xffvoy", 3))
    record = extract(str(path), only_article=True)
    assert record.article.language == "en"
    assert "minister said" in record.article.body


def test_latin1_text():
    text = "Le ministre a déclaré mardi que le convoi était arrivé à la ville. Où est-il ? Ça va.\n" * 5
    decoded, encoding = decode("fr.txt", text.encode("latin-1"))
    assert decoded == text
    assert encoding in {"cp1252", "latin-1", "iso8859-1"}


def test_latin1_german_text():
    text = "Der Minister sagte am Dienstag, dass der Konvoi die Stadt erreicht hat. Größe über Straße.\n" * 5
    assert decode("de.txt", text.encode("latin-1"))[0] == text


def test_windows_1252_text():
    text = "He said “we’re done” – the café’s owner agreed… €5 for a coffee.\n" * 5
    decoded, encoding = decode("w.txt", text.encode("cp1252"))
    assert decoded == text
    assert encoding == "cp1252"


@pytest.mark.parametrize(("text", "codec"), [
    ("Министр заявил во вторник, что конвой прибыл в город.\n" * 5, "cp1251"),
    ("Minister powiedział we wtorek, że konwój dotarł do miasta.\n" * 5, "cp1250"),
])
def test_other_legacy_charsets_still_guessed(text, codec):
    assert decode("x.txt", text.encode(codec))[0] == text


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("size", [2000, 20000])
def test_random_binary_is_one_clear_error(seed, size):
    data = random.Random(seed).randbytes(size)
    with pytest.raises(InputError) as error:
        decode("noise.bin", data)
    assert error.value.input == "noise.bin"
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("seed", range(3))
def test_random_high_bytes_are_one_clear_error(seed):
    rng = random.Random(seed)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(4000))
    with pytest.raises(InputError) as error:
        decode("noise.bin", data)
    assert error.value.input == "noise.bin"
