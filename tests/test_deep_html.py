"""HTML of any depth (issue 14, item 2): its text, or one clear error; never the markup as text."""

from __future__ import annotations

import pytest

from newsledger import pages, sources
from newsledger.errors import InputError

_PARAGRAPH = "<p>" + " ".join(
    ["The ministry said on Tuesday that convoys of aid reached the northern city after weeks of delay."] * 3
) + "</p>"


def _page(depth: int, tag: str = "div", document: bool = True) -> bytes:
    inner = f"<{tag}>" * depth + "<h1>Aid reaches the north</h1>" + _PARAGRAPH + f"</{tag}>" * depth
    if document:
        inner = "<html><head><title>Aid reaches the north</title></head><body>" + inner + "</body></html>"
    return inner.encode()


@pytest.mark.parametrize("depth", [100, 300, 100_000, 200_000])
@pytest.mark.parametrize("tag", ["div", "span"])
@pytest.mark.parametrize("document", [True, False])
def test_deep_wrappers_keep_the_article_text(depth, tag, document):
    raw = sources.read("deep.html", data=_page(depth, tag, document))
    assert raw.is_html
    article = pages.to_article(raw)
    assert article.body.startswith("The ministry said on Tuesday")
    assert "<" not in article.body


@pytest.mark.parametrize("depth", [100_000, 200_000])
def test_too_deep_to_flatten_is_one_clear_error(depth):
    raw = sources.read("deep.html", data=_page(depth, "blockquote", document=False))
    assert raw.is_html
    with pytest.raises(InputError) as error:
        pages.to_article(raw)
    assert error.value.input == "deep.html"
    assert "nested too deeply" in error.value.reason


def test_deep_page_in_the_cli_is_one_line(tmp_path, monkeypatch, capsys):
    from newsledger.shells.cli import main

    path = tmp_path / "deep.html"
    path.write_bytes(_page(200_000, "blockquote"))
    monkeypatch.setattr("sys.argv", ["newsledger", "extract", "--only", "article", str(path)])
    try:
        status = main()
    except SystemExit as exit:
        status = exit.code
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and "nested too deeply" in err and "Traceback" not in err


def test_tag_only_head_is_html_but_scrape_with_angle_brackets_is_not():
    from newsledger.sources._kind import looks_like_html

    assert looks_like_html("<blockquote>" * 1000)
    assert not looks_like_html("<Reuters> The ministry said on Tuesday that <b>aid</b> arrived.")
