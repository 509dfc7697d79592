"""Reading one input into text. Placeholder: the sources helper owns this file."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from newsledger.errors import InputError

MAX_BYTES = 20 * 1024 * 1024  # a news page is rarely over 5 MB; 20 MB leaves room


@dataclass
class RawInput:
    input: str  # the path or URL as given ("-" for standard input)
    text: str  # decoded text (HTML or plain)
    is_html: bool
    encoding: str | None = None


def read(input: str) -> RawInput:
    data = sys.stdin.buffer.read() if input == "-" else Path(input).read_bytes()
    if not data.strip():
        raise InputError(input, "empty input")
    text = data.decode("utf-8", errors="replace")
    return RawInput(input=input, text=text, is_html=text.lstrip().startswith("<"))
