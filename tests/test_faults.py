"""The fault and fuzz suite, a fast part of it (bench/faults.py runs the whole of it).

- the crashes fuzzing found, as regression tests;
- Hypothesis over sources -> pages -> language -> analysis (a small budget);
- kill -9 during ``ingest`` (a few trials on SQLite), then a rerun: nothing lost or doubled;
- disk full (RLIMIT_FSIZE): one clear line, an intact ledger, a rerun completes;
- a ledger of the previous schema version opens, is upgraded and keeps everything.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import faults  # noqa: E402  (bench/faults.py: the suite's machinery, shared)

from newsledger.pipeline import extract_many  # noqa: E402
from newsledger.record import Failure, Record  # noqa: E402

STORY = ("Gunmen attacked a convoy carrying food near Zobue on Monday, killing 12 people, "
         "police said. \"We are running out of blood,\" said Esther Phiri, a nurse at the "
         "hospital in Tete, where 22 people were being treated. ") * 3


# -- crashes fuzzing found ----------------------------------------------------------------

def _only(path: Path) -> Record | Failure:
    (item,) = list(extract_many([str(path)]))
    return item


def test_control_characters_in_a_page_are_not_an_internal_error(tmp_path: Path):
    """A page with NUL and other C0 controls in its text: lxml kept them and trafilatura's
    metadata reader then failed setting them on a node ("All strings must be XML
    compatible"), so the input failed with a Python error instead of being read."""
    page = tmp_path / "controls.html"
    # UTF-16 (with its BOM): NUL characters decode as text (in UTF-8 they mark binary data)
    page.write_text(f"<html><head><title>Convoy\x00 attacked\x01</title></head><body><p>{STORY}\x00\x0b\x1f"
                    f"</p><p>More\x08 text\x0c here.</p></body></html>", encoding="utf-16")
    item = _only(page)
    assert isinstance(item, Record), item
    assert "convoy carrying food" in item.article.body and "\x00" not in item.article.body


@pytest.mark.parametrize("tag", ["svg", "iframe", "audio", "math"])
def test_a_page_that_is_one_embedded_object_is_not_an_internal_error(tmp_path: Path, tag: str):
    """A fragment whose one element is an svg, iframe, audio...: htmldate copied that element
    as the root of its tree and failed dropping it (AssertionError in lxml's drop_tree)."""
    page = tmp_path / f"{tag}.html"
    page.write_text(f"<{tag}><div><p>{STORY}</p><p>{STORY}</p></div></{tag}>", encoding="utf-8")
    item = _only(page)
    if isinstance(item, Failure):
        assert not faults.INTERNAL.match(item.error), item.error
