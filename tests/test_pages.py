"""pages.to_article: clutter separation on fictional scrapes, HTML pages, and the seed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsledger import pages, sources
from newsledger.pages.byline import byline_names, credit_names
from newsledger.pages.clutter import separate, split_credit
from newsledger.pages.dateline import date_line
from newsledger.record import Byline
from newsledger.sources import RawInput

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_ad4a758152d440f1.txt"
CLUTTER_WORDS = re.compile(
    r"©|Photograph:|AP Photo|REUTERS/|Reporting by|Editing by|Copyright|Comments|Reuse this|Sign up|"
    r"Advertisement|Read more|Our Standards|Share this|Follow us|Video description|slideshow|newsletter",
)


def article(name: str, **kwargs):
    return pages.to_article(sources.read(str(FIXTURES / name)), **kwargs)


def text_article(text: str, **kwargs):
    return pages.to_article(RawInput(input="x", text=text, is_html=False), **kwargs)


def assert_clean_body(body: str) -> None:
    assert body and "\n\n\n" not in body
    for paragraph in body.split("\n\n"):
        assert paragraph == paragraph.strip() and "\n" not in paragraph and "  " not in paragraph


# --- plain-text scrapes in several publishers' styles -------------------------------------


def test_ft_style():
    a = article("ft_style.txt")
    assert_clean_body(a.body)
    paragraphs = a.body.split("\n\n")
    assert paragraphs[0].startswith("Romania declared a state of emergency")
    assert paragraphs[-1].endswith("if Bucharest requested help.")
    assert len(paragraphs) == 5
    # body paragraphs that merely mention comments or copyright stay
    assert "readers’ comments on the ministry’s" in a.body
    assert "A dispute over copyright in drone footage" in a.body
    assert not re.search(r"©|Reporting by|Reuse this|Comments have|Video description|slideshow", a.body)
    assert [(b.name, b.location) for b in a.byline] == [
        ("Elena Varga", "Bucharest"), ("Mihai Dobre", "Bucharest"),
        ("Tom Whitfield", "Brussels"), ("Sara Lind", "Vienna"),
    ]
    slideshow, video = a.media
    assert slideshow.kind == "slideshow" and slideshow.credit == "AFP"
    assert slideshow.caption == "Flood water covers farmland near the village of Crisan"
    assert video.kind == "video" and video.credit == "Ioana Marin; Reuters"
    assert video.description == "Rescue boats moving through a flooded street in Tulcea"
    assert video.caption == "Volunteers ferry residents out of Tulcea’s lower town"
    assert a.copyright == "Copyright The Financial Times Limited 2023. All rights reserved."
    assert a.publisher == "The Financial Times"
    assert a.comments_enabled is False
    assert a.source_format == "text" and a.language == "en"
    assert a.published is None and a.published_source is None


def test_reuters_style():
    a = article("reuters_style.txt")
    assert_clean_body(a.body)
    paragraphs = a.body.split("\n\n")
    assert a.title == "Nigeria's central bank raises rates to record high to tame inflation"
    assert paragraphs[0].startswith("LAGOS, May 21 (Reuters) - Nigeria's central bank raised")
    # the glued "(Reporting by ...; Editing by ...)" tail is cut from the last paragraph
    assert paragraphs[-1] == "Analysts at a Lagos brokerage said further increases were likely before the end of the year."
    assert len(paragraphs) == 4  # "Read more:" and its headlines, ads, standards, related links out
    assert not CLUTTER_WORDS.search(a.body)
    assert [(b.name, b.location) for b in a.byline] == [
        ("Adaeze Okafor", "Lagos"), ("Chidi Bello", "Abuja"),
    ]  # the "By" line's people, placed by the credits; the additional reporter and the editor are credit
    assert a.media[0].credit == "REUTERS/Kemi Adeyemi/File Photo"
    assert a.media[0].caption.startswith("A trader counts naira notes")
    assert (a.published, a.published_source) == ("2024-05-21", "text")


def test_guardian_style():
    a = article("guardian_style.txt")
    assert_clean_body(a.body)
    paragraphs = a.body.split("\n\n")
    assert a.title == "Kenyan court halts tree-felling in Nairobi's last forest"
    assert paragraphs[0].startswith("A Kenyan court has ordered")
    assert paragraphs[-1].startswith("The county government said")
    assert len(paragraphs) == 4  # standfirst, newsletter box, amendment note and tags out
    assert not re.search(r"newsletter|Privacy Notice|amended|Explore more|Most viewed", a.body)
    assert a.byline == [Byline(name="Wanjiru Kamau", location="Nairobi")]
    assert a.media[0].credit == "Simon Otieno/AFP/Getty Images"
    assert a.media[0].caption == "Activists plant seedlings at the edge of the forest in March."
    assert (a.published, a.published_source) == ("2024-05-14", "text")


def test_ap_style():
    a = article("ap_style.txt")
    assert_clean_body(a.body)
    paragraphs = a.body.split("\n\n")
    assert paragraphs[0].startswith("CARACAS, Venezuela (AP) — ")
    assert paragraphs[-1] == "The government did not immediately comment."
    assert len(paragraphs) == 4
    assert [(b.name, b.location) for b in a.byline] == [
        # the lead reporter is where the dateline says ("CARACAS, Venezuela (AP) —")
        ("Maria Gonzalez", "Caracas"), ("Tom O'Brien", None),
    ]  # "... contributed to this report": a contributor, not the byline
    assert a.media[0].credit == "AP Photo/Luis Herrera"
    assert (a.published, a.published_source) == ("2024-03-12", "text")


def test_hard_wrapped_scrape_is_unwrapped():
    a = article("wrapped_style.txt")
    assert_clean_body(a.body)
    paragraphs = a.body.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Dockworkers walked out") and paragraphs[0].endswith("northern Europe.")
    assert a.byline == [Byline(name="Lotte Janssens", location="Antwerp")]  # "Additional reporting by": credit
    assert a.media[0].credit == "Pieter Claes"
    assert a.publisher == "Harbour News"


def test_argument_date_wins_over_text_date():
    a = article("ap_style.txt", published="2024-03-13", url="https://news.example/a")
    assert (a.published, a.published_source) == ("2024-03-13", "argument")
    assert a.url == "https://news.example/a"


# --- single kinds of clutter ---------------------------------------------------------------

PROSE = "The minister said on Tuesday that the talks would resume next week in Geneva."


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement", "Share this article", "Jump to comments section", "Comments",
        "Reuse this content (opens in new window) CommentsJump to comments section",
        "Sign up for our daily briefing", "Follow us on Instagram", "Click here to read the full report",
        "This article was amended on 3 June 2024 to correct a name.", "Listen to this article · 4 min",
        "Our Standards: The Thomson Reuters Trust Principles.", "Skip advertisement", "___",
        "Thanks for subscribing! Look out for your first newsletter in your inbox soon!", "Awesome, you're subscribed!",
        "Want to keep this story for later? Start your Gazette Premium subscription today.", "Start your free trial",
    ],
)
def test_interface_lines_are_clutter(line):
    found = separate([PROSE, line, PROSE], plain=True)
    assert found.body == [0, 2]


@pytest.mark.parametrize(
    "line",
    [
        "The company said it had received thousands of comments from customers about the change.",
        "Comments made by the minister on Monday drew criticism from opposition parties.",
        "Copyright lawyers said the ruling would affect every newspaper archive in the country.",
        "By then, most of the residents had already left the town.",
        "Advertisement revenue fell by 12% in the first quarter, the group said.",
        "Share prices in Frankfurt fell 2% after the announcement.",
        "Related talks in Vienna ended without agreement on Friday.",
        "The streaming firm said customers could start a subscription at half price until June.",
        "Thanks for subscribing to the scheme, the minister told the farmers who had joined it early.",
    ],
)
def test_body_lines_with_clutter_words_stay(line):
    found = separate([PROSE, line, PROSE], plain=True)
    assert found.body == [0, 1, 2]


def test_comment_notices():
    assert separate([PROSE, "Comments have not been enabled for this article."], plain=True).comments_enabled is False
    assert separate([PROSE, "Comments are closed"], plain=True).comments_enabled is False
    assert separate([PROSE, "142 comments"], plain=True).comments_enabled is True
    assert separate([PROSE, "Jump to comments section"], plain=True).comments_enabled is None


def test_newsletter_box_is_removed_whole():
    box = ["Sign up to Morning Brief", "Free daily newsletter", "Our morning email breaks down the key stories of the day.",
           "Privacy Notice: Newsletters may contain info about charities.", "after newsletter promotion"]
    found = separate([PROSE, *box, PROSE], plain=True)
    assert found.body == [0, 6]


def test_read_more_list_is_removed():
    found = separate([PROSE, "Related:", "Flood warnings issued for river towns", "Dam operators under scrutiny", PROSE], plain=True)
    assert found.body == [0, 4]


@pytest.mark.parametrize(
    "line, caption, credit",
    [
        ("Police outside the court on Monday. Photograph: Jane Field/Reuters", "Police outside the court on Monday.", "Jane Field/Reuters"),
        ("Rescuers search the rubble in Antakya. (AP Photo/Omar Saleh)", "Rescuers search the rubble in Antakya.", "AP Photo/Omar Saleh"),
        ("Smoke rises over the port. Photo: Ana Lopes", "Smoke rises over the port.", "Ana Lopes"),
        ("Troops at a checkpoint © Reuters", "Troops at a checkpoint", "Reuters"),
        ("Voters queue in Dhaka. (Photo by Rafiq Ahmed/AFP via Getty Images)", "Voters queue in Dhaka.", "Photo by Rafiq Ahmed/AFP via Getty Images"),
        ("A protester waves a flag in Tbilisi on May 1. REUTERS/Nino Beridze", "A protester waves a flag in Tbilisi on May 1.", "REUTERS/Nino Beridze"),
    ],
)
def test_caption_credits(line, caption, credit):
    assert split_credit(line) == (caption, credit)
    found = separate([PROSE, line, PROSE], plain=True)
    assert found.body == [0, 2]
    assert (found.media[0].kind, found.media[0].caption, found.media[0].credit) == ("image", caption, credit)


def test_prose_is_not_a_caption():
    assert split_credit(PROSE) is None
    assert split_credit("The photo agency said its archive held 2 million images from the war.") is None


def test_credit_lines():
    assert credit_names("(Reporting by Ana Silva in Lisbon and Tomas Ruiz in Madrid; Writing by Eva Holm; Editing by Tim Cole)") == [
        Byline(name="Ana Silva", location="Lisbon"), Byline(name="Tomas Ruiz", location="Madrid"), Byline(name="Eva Holm"),
    ]
    assert credit_names("Additional reporting by Sam Okoro") == [Byline(name="Sam Okoro")]
    found = separate([PROSE, "Reporting by Ana Silva; Editing by Tim Cole"], plain=True)
    assert found.body == [0] and found.byline == [Byline(name="Ana Silva")]


def test_bylines_drop_titles_and_agencies():
    assert byline_names("By JANE DOE, Associated Press") == [Byline(name="Jane Doe")]
    assert byline_names("By Jane Doe, Senior Correspondent and John Roe") == [Byline(name="Jane Doe"), Byline(name="John Roe")]
    assert byline_names("Jane Doe; Jane Doe") == [Byline(name="Jane Doe")]


def test_top_byline_and_dateline():
    found = separate(["Port strike ends", "By Ana Silva and Tomas Ruiz", "Published 7 May 2024", PROSE], plain=True)
    assert found.title == "Port strike ends"
    assert found.byline == [Byline(name="Ana Silva"), Byline(name="Tomas Ruiz")]
    assert found.published == "2024-05-07" and found.body == [3]


@pytest.mark.parametrize(
    "line, value",
    [("Published May 7, 2024", "2024-05-07"), ("7 May 2024", "2024-05-07"), ("Tue 7 May 2024 14.02 BST", "2024-05-07"),
     ("Updated 3:15 PM GMT, Sept. 3, 2023", "2023-09-03"), ("Officials met on May 7, 2024 to discuss the plan", None),
     ("05/07/2024", None)],
)
def test_date_lines(line, value):
    found = date_line(line)
    assert (found.value if found else None) == value


def test_whitespace_normalised_quotes_kept():
    a = text_article("“It is a precise\u2009.\u2009.\u2009. operation,”\u00a0 he said.\u00a0\n\nShe said it was \u200bover.\n\n\n\n")
    assert a.body == "“It is a precise . . . operation,” he said.\n\nShe said it was over."


# --- HTML ----------------------------------------------------------------------------------


def test_html_article():
    a = article("article.html")
    assert a.source_format == "html"
    assert a.title == "Glacier retreat forces Alpine village to move ski lift"
    assert a.url == "https://courier.example/news/2024/03/glacier-ski-lift"
    assert a.publisher == "The Mountain Courier" and a.language == "en"
    assert (a.published, a.published_source) == ("2024-03-18", "page")
    assert_clean_body(a.body)
    paragraphs = a.body.split("\n\n")
    assert paragraphs[0].startswith("The village of Valbruna will dismantle")
    assert paragraphs[-1].startswith("Hoteliers in the village")
    assert len(paragraphs) == 5 and "Reporting by" not in a.body
    assert [(b.name, b.location) for b in a.byline] == [("Anna Keller", "Valbruna"), ("Luca Moretti", "Milan")]
    image = next(m for m in a.media if m.kind == "image")
    assert (image.caption, image.credit) == ("The old lift station now stands on bare rock.", "Marco Rossi")
    assert image.description == "A chairlift pylon standing on bare rock"
    assert any(m.kind == "video" for m in a.media)  # og:video
    assert a.comments_enabled is False
    assert a.copyright == "© 2024 The Mountain Courier Ltd. All rights reserved."


def test_html_arguments_win():
    a = article("article.html", url="https://mirror.example/x", published="2024-03-19")
    assert a.url == "https://mirror.example/x"
    assert (a.published, a.published_source) == ("2024-03-19", "argument")


def test_html_windows_1252():
    a = article("cp1252_meta.html")
    assert a.title == "Café owners protest new terrace fees" and a.publisher == "Lyon Evening Post"
    assert "city’s “art de vivre”" in a.body and "Hélène Dubœuf" in a.body
    assert a.published is None and a.published_source is None


def test_html_fragment_without_doctype():
    raw = sources.read(str(FIXTURES / "fragment.html"))
    assert raw.is_html
    a = pages.to_article(raw)
    paragraphs = a.body.split("\n\n")
    assert paragraphs[0].startswith("Ferry services between the mainland")
    assert "Advertisement" not in a.body and len(paragraphs) == 4


# --- the seed ------------------------------------------------------------------------------


def test_seed():
    if not SEED.exists():
        pytest.skip("../shared is not here")
    a = pages.to_article(sources.read(str(SEED)))
    assert_clean_body(a.body)
    assert a.body.startswith("Israel sent ground troops")
    # The last paragraph is the one right before the reporting credit (read from the seed itself).
    lines = [line.strip() for line in SEED.read_text().splitlines() if line.strip()]
    credit = next(i for i, line in enumerate(lines) if line.startswith("Reporting by"))
    assert a.body.endswith(lines[credit - 1])
    assert not re.search(r"©|Video description|slideshow|Reporting by|Copyright|Comments|Reuse this", a.body)
    assert len(a.byline) == 8 and all(b.location for b in a.byline)
    assert len({b.location for b in a.byline}) == 5  # Tel Aviv, London, Beirut, Cairo, Washington
    assert [m.kind for m in a.media] == ["slideshow", "video"]
    assert a.media[0].credit == "Reuters" and a.media[1].description and a.media[1].caption
    assert a.copyright and a.copyright.endswith("All rights reserved.")
    assert a.comments_enabled is False
    assert "“" in a.body and "’" in a.body  # curly quotes untouched


# --- HTML metadata: JSON-LD, meta tags, byline markup --------------------------------------

from newsledger.pages.byline import field_names  # noqa: E402
from newsledger.pages.paragraphs import units  # noqa: E402


def test_json_ld_authors_and_original_date():
    a = article("jsonld_article.html")
    # the meta author is the site itself; the NewsArticle names the people (one by @id, one with "&amp;")
    assert [b.name for b in a.byline] == ["Ingrid Solberg", "Tomas Berg"]
    # datePublished, not the modified time nor the visible "Updated" line
    assert a.published == "2023-11-14" and a.published_source == "page"
    assert a.publisher == "Harbourside Gazette"
    assert a.body.startswith("The ferry company") and "Updated" not in a.body


def test_byline_markup_without_metadata():
    a = article("markup_byline.html")
    # "Written by" label and the name in separate nodes; the author link in "More posts" is another post's
    assert [b.name for b in a.byline] == ["Marta Kowal"]
    assert a.title == "Orchard growers test netting against late frost"


def test_site_credited_as_author_stays_when_no_person():
    a = article("self_credited.html")
    assert [b.name for b in a.byline] == ["Brightbolt Team"]


@pytest.mark.parametrize(
    "raw, names",
    [
        ("By Jane Doe, PhD | Updated May 2, 2024", ["Jane Doe"]),
        ("ByTrevor Hale", ["Trevor Hale"]),
        ("Written by\nMarta Kowal\nApril 3, 2024", ["Marta Kowal"]),
        ("Luke ParkDecember 17, 2025", ["Luke Park"]),
        ("Keith Barrow Senior Autos Reporter", ["Keith Barrow"]),
        ("Nina Holt, Trending Editor", ["Nina Holt"]),
        ("By Lisa Grant on Dec. 19, 2025 • 5 min read", ["Lisa Grant"]),
        ("Posted by:Idle Wanderer", ["Idle Wanderer"]),
        ("JANE DOE and JOHN ROE", ["Jane Doe", "John Roe"]),
        ("kristin", ["kristin"]),  # an author field may hold a first name or a handle
        ("Lifestyle Desk", ["Lifestyle Desk"]),  # a desk credited alone stands
        ("Community Editor", ["Community Editor"]),  # so does a role, when no one is named
        ("Jo Park, Community Editor", ["Jo Park"]),
        ("The Author", []),
        ("View all posts", []),
        ("Sat, 20 Dec, 2025 - 06:36", []),
        ("Ana Ruiz in Madrid", ["Ana Ruiz"]),
    ],
)
def test_author_field_names(raw, names):
    assert [b.name for b in field_names(raw)] == names


def test_layout_tables_become_paragraphs():
    # An old page laid out in tables: without tables the extractor finds nothing; with them,
    # each prose cell is a paragraph, with no table pipes left in the body.
    a = article("table_layout.html")
    assert "the county will reopen the bridge" in a.body and "|" not in a.body
    assert len(a.body.split("\n\n")) >= 5
    assert a.body.split("\n\n")[-1].startswith("County commissioner Dale Ortiz")


# --- plain text: wrapping and the title -----------------------------------------------------


def test_one_line_paragraphs_are_not_taken_for_wrapped_text():
    long = ("The council voted on Tuesday to close the old swimming pool at the end of the summer, saying that "
            "repairs to its roof and boilers would cost more than a new building.")
    text = "\n\n".join([
        "THE WEEKLY LANTERN\nHome > Local", "Pool to close after 60 years",
        "By Ruth Amsel\nWednesday 5 June 2024", long, long.replace("Tuesday", "Monday"), long.replace("council", "board"),
        "(c) 2024 Lantern Media. All rights reserved.\nComments are closed.",
    ])
    assert "Comments are closed." in units(text)
    a = text_article(text)
    assert a.title == "Pool to close after 60 years"  # not the masthead or the breadcrumb
    assert a.published == "2024-06-05"
    assert [b.name for b in a.byline] == ["Ruth Amsel"]
    assert a.copyright == "(c) 2024 Lantern Media. All rights reserved."
    assert a.comments_enabled is False and a.publisher == "Lantern Media"


def test_title_skips_masthead_and_section_menu():
    found = separate(["The Evening Post", "World Europe Business Sport", "Dam repairs delayed by a year", "Jo Marsh in Lyon", PROSE],
                     plain=True)
    assert found.title == "Dam repairs delayed by a year"


def test_header_byline_and_posted_date():
    a = article("header_byline.html")
    # "Article by" and the name in separate spans under the headline; twitter:label1 is a reading time
    assert [b.name for b in a.byline] == ["Oskar Lindgren"]
    # the date shown as "Posted" wins over the published_time meta and the "Updated" date
    assert a.published == "2024-08-28"


def test_twitter_written_by_label():
    a = article("twitter_label.html")
    assert [b.name for b in a.byline] == ["Priya Raman"]
    assert a.published is None


@pytest.mark.parametrize(
    "found, declared, shown, expected",
    [
        ("2024-05-02", "2024-05-02", ("2024-06-01", None), "2024-05-02"),  # two witnesses agree
        ("2024-06-01", "2024-05-02", ("2024-05-03", None), "2024-05-03"),  # they disagree: the shown date
        ("2024-06-01", "2024-05-02", None, "2024-05-02"),  # htmldate later than the declaration: an update
        ("2024-05-02", "2024-05-02", ("2024-04-30", "published"), "2024-04-30"),
        # witnesses agree, but the page shows a date days before: a republished report's original
        ("2024-05-02", "2024-05-02", ("2024-04-20", None), "2024-04-20"),
        ("2024-05-02", "2024-05-02", ("2024-05-01", None), "2024-05-02"),  # a day apart: a time zone
        (None, None, None, None),
    ],
)
def test_publication_date_witnesses(found, declared, shown, expected):
    from newsledger.pages.html import _publication_date

    assert _publication_date(found, declared, shown) == expected


def test_second_reading_when_precise_extraction_keeps_a_fragment(monkeypatch):
    import trafilatura

    real = trafilatura.bare_extraction
    calls = []

    def fake(tree, **kwargs):
        doc = real(tree, **kwargs)
        calls.append(kwargs.get("favor_precision", False) or ("recall" if kwargs.get("favor_recall") else "balanced"))
        if kwargs.get("favor_precision") and doc is not None:
            doc.text = doc.text.split("\n")[0]  # the precise setting lost all but one paragraph
        return doc

    monkeypatch.setattr(trafilatura, "bare_extraction", fake)
    a = article("article.html")
    assert calls[:2] == [True, "balanced"]
    assert len(a.body.split("\n\n")) == 5 and a.body.endswith("family businesses at risk.")


# --- standfirst ---------------------------------------------------------------------------


def test_standfirst_under_the_headline_opens_the_body():
    a = article("standfirst.html")
    paragraphs = a.body.split("\n\n")
    assert paragraphs[0].startswith("Councillors in Kellmouth say repairs would cost more than a new bridge")
    assert paragraphs[1].startswith("Kellmouth council voted on Wednesday night")
    # the author's bio at the end goes; a paragraph opening with another person's name stays
    assert paragraphs[-1].startswith("Morag Lennie has chaired the island's community council")
    assert not re.search(r"Thanks for subscribing|subscription today|More from Local|Bus depot|Rhona Baird", a.body)
    assert [b.name for b in a.byline] == ["Rhona Baird"]


def _standfirst_page(**swap: str) -> RawInput:
    html = (FIXTURES / "standfirst.html").read_text(encoding="utf-8")
    for old, new in swap.items():
        assert old in html
        html = html.replace(old, new)
    return RawInput(input="x.html", text=html, is_html=True)


def test_description_not_shown_under_the_headline_is_not_a_standfirst():
    dek = '<p class="standfirst">Councillors in Kellmouth say repairs would cost more than a new bridge, but islanders fear they will be cut off in winter</p>'
    hidden = pages.to_article(_standfirst_page(**{dek: ""}))
    assert hidden.body.startswith("Kellmouth council voted on Wednesday night")
    # the same words only in a teaser card beside the report: not the report's standfirst
    card = '<p>The depot on Quay Street closed in March after the river burst its banks and damaged the workshops.</p>'
    elsewhere = pages.to_article(_standfirst_page(**{dek: "", card: dek}))
    assert elsewhere.body.startswith("Kellmouth council voted on Wednesday night")


# --- the extraction shortcut ---------------------------------------------------------------


def _count_readings(monkeypatch) -> list[dict]:
    import trafilatura

    real = trafilatura.bare_extraction
    calls: list[dict] = []

    def counting(tree, **kwargs):
        calls.append(kwargs)
        return real(tree, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", counting)
    return calls


def test_one_quick_reading_when_the_comparison_cannot_change_it(monkeypatch):
    calls = _count_readings(monkeypatch)
    a = article("article.html")
    assert len(calls) == 1 and calls[0]["fast"] is True and calls[0]["favor_precision"] is True
    assert a.body.startswith("The village of Valbruna") and a.body.endswith("family businesses at risk.")


def test_full_reading_when_the_quick_text_is_short(monkeypatch):
    calls = _count_readings(monkeypatch)
    html = (
        "<html><head><title>Pier closes</title></head><body><main><article><h1>Pier closes</h1>"
        "<p>The last ferry pier in Kellmouth closed on Friday after eighty years of service.</p>"
        "</article></main></body></html>"
    )
    a = pages.to_article(RawInput(input="x.html", text=html, is_html=True))
    assert [c.get("fast", False) for c in calls[:2]] == [True, False]  # short text: trafilatura's comparison could change it
    assert a.body == "The last ferry pier in Kellmouth closed on Friday after eighty years of service."


def test_comparison_made_on_the_quick_trees_when_the_page_has_much_more_prose(monkeypatch):
    # The menu's link texts are prose runs (five words or more) three times the report's words:
    # readability could be the longer text, so trafilatura's comparison is made, on the quick
    # reading's trees; it keeps the report, and the full reading is not made. The text is the
    # full reading's.
    import trafilatura

    from newsledger.pages.extraction import extract_body, page_stats
    from newsledger.pages.html import _parse

    sentence = "The harbour board of Wrenquay voted on Monday to rebuild the north wall before the winter storms arrive"
    report = "".join(f"<p>{sentence}, said member number {i}.</p>" for i in range(6))
    menu = "".join(f'<li><a href="/section/{i}">Read more about the harbour works here {i}</a></li>' for i in range(60))
    html = (f"<html><head><title>Wall</title></head><body><nav><ul>{menu}</ul></nav>"
            f"<main><article><h1>Wall to be rebuilt</h1>{report}</article></main></body></html>")
    tree = _parse(html)
    full = trafilatura.bare_extraction(tree, fast=False, favor_precision=True, include_comments=True, include_tables=True)
    assert page_stats(tree).prose_words > 2 * len(full.text.split())  # the case this test is about
    calls = _count_readings(monkeypatch)
    got = extract_body(tree)
    assert [c.get("fast", False) for c in calls] == [True]  # no full reading
    assert got.text == full.text and "The harbour board of Wrenquay" in got.text


def test_extraction_leaves_the_shared_tree_untouched():
    from lxml import html as lxml_html

    from newsledger.pages.extraction import extract_body
    from newsledger.pages.html import _parse

    tree = _parse((FIXTURES / "standfirst.html").read_text(encoding="utf-8"))
    before = lxml_html.tostring(tree)
    first = extract_body(tree)
    assert lxml_html.tostring(tree) == before  # trafilatura works on copies
    assert extract_body(tree) == first


def test_page_statistics_count_prose_paragraphs_only():
    from newsledger.pages.extraction import page_stats
    from newsledger.pages.html import _parse

    prose = "<p>" + " ".join(["word"] * 30) + "</p>"
    links = "<p>" + " ".join(f'<a href="/x{i}">link text</a>' for i in range(10)) + "</p>"
    html = f"<html><body><article>{prose}{links}</article><footer>{prose}</footer><aside>{prose}</aside></body></html>"
    assert page_stats(_parse(html)).paragraph_words == 30


# --- JSON-LD articleBody -------------------------------------------------------------------

_DECLARED_PARAGRAPHS = [
    "The water board in Drummore said on Tuesday that it would replace every lead pipe in the old town by the end of next year, two years earlier than it had planned.",
    "Tests last winter found lead above the legal limit in taps at 14 of the 60 homes sampled, most of them in terraces built before 1920.",
    "The board's chief engineer, Alasdair Munro, said crews would work street by street from January and that households would get a week's notice before their supply was cut.",
    "Residents who asked for filters after the tests will keep them until their pipes are replaced, the board said, and bottled water will be delivered to homes with infants.",
    "The work will cost about 9 million pounds. The board said it would not raise charges to pay for it but would borrow against its reserve fund.",
]


def _script_drawn_page(article_body: str, shown: list[str]) -> RawInput:
    import json

    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Drummore to replace lead pipes early",
            "datePublished": "2024-10-01T07:00:00Z", "articleBody": article_body}
    paragraphs = "".join(f"<p>{p}</p>" for p in shown)
    html = (
        '<html><head><title>Drummore to replace lead pipes early</title>'
        f'<script type="application/ld+json">{json.dumps(data)}</script></head>'
        f'<body><main><article><h1>Drummore to replace lead pipes early</h1>{paragraphs}'
        '<div id="app-root"></div></article></main></body></html>'
    )
    return RawInput(input="x.html", text=html, is_html=True)


def test_declared_article_body_wins_when_the_markup_holds_a_fragment():
    declared = "\n".join(_DECLARED_PARAGRAPHS).replace("'", "&#39;")
    a = pages.to_article(_script_drawn_page(declared, _DECLARED_PARAGRAPHS[:1]))
    assert a.body.split("\n\n") == _DECLARED_PARAGRAPHS  # entities decoded, one paragraph a line


def test_markup_body_kept_when_it_holds_the_declared_text():
    a = pages.to_article(_script_drawn_page(" ".join(_DECLARED_PARAGRAPHS), _DECLARED_PARAGRAPHS))
    assert a.body.split("\n\n") == _DECLARED_PARAGRAPHS  # the markup's paragraphs, not one run of text


# --- author labels anywhere on the page ----------------------------------------------------

_LABELLED_PAGE = (
    "<html><head><title>Lighthouse keeper's cottage to become a museum</title></head><body><main><article>"
    "<h1>Lighthouse keeper's cottage to become a museum</h1>"
    + "".join(
        f"<p>{text}</p>"
        for text in [
            "The cottage beside the Skerrow lighthouse will open as a museum next spring, the trust that owns it said on Thursday, after a two-year restoration.",
            "Volunteers have rebuilt the roof with slate from the original quarry and restored the keeper's log books, which run from 1871 to the lighthouse's automation in 1988.",
            "The trust expects about 5,000 visitors a year and will run a ferry from the harbour on summer weekends.",
        ]
    )
    + "</article><div class='box'><span>{label}</span><span>{name}</span></div></main></body></html>"
)


def _labelled(label: str, name: str):
    html = _LABELLED_PAGE.replace("{label}", label).replace("{name}", name)
    return pages.to_article(RawInput(input="x.html", text=html, is_html=True))


def test_author_label_under_the_report_names_the_author():
    assert [b.name for b in _labelled("Written by", "Fenella Muir").byline] == ["Fenella Muir"]
    assert [b.name for b in _labelled("Author:", "Tomas Ridley").byline] == ["Tomas Ridley"]


def test_plural_author_label_names_each_author_singular_label_one():
    two = "Fenella Muir</span><span>Tomas Ridley</span><span>Share"
    assert [b.name for b in _labelled("Authors", two).byline] == ["Fenella Muir", "Tomas Ridley"]
    assert [b.name for b in _labelled("Written by", two).byline] == ["Fenella Muir"]


def test_author_label_over_something_else_names_nobody():
    assert _labelled("Written by", "our volunteers at the trust").byline == []


def test_author_bio_at_the_end_of_a_scrape_is_clutter():
    scrape = "\n\n".join([
        "The Lochside Gazette",
        "Mill owners fined over river pollution",
        "By Isla Fairbairn",
        "Two textile mills on the river Garran were fined a total of 80,000 pounds on Tuesday for letting dye run into the river during last summer's drought, the environment agency said.",
        "The agency said fish deaths were recorded along six miles of the river and that one of the mills had been warned twice before.",
        "Both companies said they had since installed new filters and would pay for restocking the river.",
        "Isla Fairbairn is the Gazette's environment correspondent. She has reported on the Garran valley since 2018.",
    ])
    a = text_article(scrape)
    assert [b.name for b in a.byline] == ["Isla Fairbairn"]
    assert a.body.endswith("would pay for restocking the river.")
    assert "correspondent" not in a.body


def test_extensive_date_search_only_when_the_quick_one_finds_nothing(monkeypatch):
    import htmldate
    import trafilatura.metadata

    real = htmldate.find_date
    searches: list[bool] = []

    def counting(tree, **kwargs):
        searches.append(kwargs.get("extensive_search", True))
        return real(tree, **kwargs)

    monkeypatch.setattr(htmldate, "find_date", counting)
    monkeypatch.setattr(trafilatura.metadata, "find_date", counting)
    a = article("article.html")  # declares article:published_time
    assert searches == [False] and a.published == "2024-03-18"
    searches.clear()
    undated = (FIXTURES / "article.html").read_text(encoding="utf-8")
    undated = re.sub(r'<meta property="article:published_time"[^>]*>|<time[^>]*>[^<]*</time>', "", undated)
    pages.to_article(RawInput(input="x.html", text=undated, is_html=True))
    assert searches == [False, True]


@pytest.mark.parametrize(
    "html, off",
    [
        ("<p>Comments are closed for this article.</p>", True),
        ("<div class='comments'><span>COMMENTING HAS BEEN DISABLED</span></div>", True),
        ("<div class='comment-count'>12 comments</div><p>The comment period has closed.</p>", False),
        ("<p>No comment.</p>", False),
    ],
)
def test_comments_off_notice_anywhere_in_the_page(html, off):
    from newsledger.pages.html import _comments_off

    assert _comments_off(html) is off


def test_a_press_release_ends_at_its_end_mark():
    text = """FOR IMMEDIATE RELEASE

Lakeside Water Trust calls for repair of the Kisumu pumping station

KISUMU, 4 June 2025 - The Lakeside Water Trust today called on the county government to repair the
main pumping station in Kisumu, which has left some 40,000 residents without piped water for nine days.

"Families are buying water from carts at three times the usual price," said the Trust's director,
Achieng Otieno. "The county must act this week."

-ENDS-

Notes to editors
1. The Trust runs twelve community water points in Kisumu county.
2. Spokespeople are available for interview in English and Swahili.

About the Lakeside Water Trust
The Trust is a registered charity founded in 2009.

Media contact
press@lakeside-water.example | +254 700 000 111
"""
    a = text_article(text)
    assert "The county must act this week." in a.body
    assert not re.search(r"ENDS|Notes to editors|registered charity|press@|Spokespeople", a.body)


def test_a_bare_end_word_inside_a_report_is_no_end_mark():
    # "END" only as a line of its own marks the end; a sentence ending with it does not
    text = ("NAIROBI, June 4 - Talks between the two unions will resume next week, officials said.\n\n"
            "The strike, now in its ninth day, shows no sign of coming to an end.\n\n"
            "Both sides said they hoped to reach a deal before the end of the month.")
    assert "before the end of the month" in text_article(text).body


def test_page_notes_credits_and_ornaments_are_clutter():
    text = """Kisumu ferry service resumes after two-week strike

By Otieno Were

KISUMU, June 4 - The ferry service across the Winam Gulf resumed on Wednesday after dock workers
ended a two-week strike over unpaid wages, the county transport office said.

Workers will receive the arrears in two instalments by the end of July, a union official said.

Read also: Lake levels rise for a third month

[Translated from Swahili. The original appeared in the print edition.]

- With files from Lakeside Wire

---o0o---

Issued by the Directorate of Communication, County Government of Kisumu

The Lakeside Daily © 2025. Reproduction prohibited.
"""
    a = text_article(text)
    assert a.body.endswith("a union official said.")
    assert not re.search(r"Read also|Translated|With files|o0o|Issued by|©", a.body)


def test_a_wire_sign_off_ends_the_body():
    signed = "Fishing crews in the bay said the storm had kept every boat in harbour for a week. - NWA"
    links = "Also in Region in brief: Ferry fares rise; Orchard festival returns"
    found = separate([PROSE, signed, links], plain=False)
    assert found.body == [0, 1]  # the page's links under the signed paragraph are not the report's
    assert 2 not in separate([PROSE, signed, links], plain=True).body
    # a sign-off on its own line under the last paragraph: "- Agency, Place"
    found = separate([PROSE, PROSE.replace("Geneva", "Vienna"), "- NWA, Greyport"], plain=False)
    assert found.body == [0, 1]
    # a sentence after the dash: the report goes on, nothing leaves
    found = separate([PROSE, signed, "The harbour master said the boats would sail again on Monday."], plain=False)
    assert found.body == [0, 1, 2]
    # a list's items ("Song, 'Title' - WINNER", "- Band") are not sign-offs
    items = ["Best Song", "Quill Harbour, \u201cLow Tide\u201d \u2013 WINNER", "Marlow Vane, \u201cSalt\u201d", "- The Greyport Four"]
    found = separate([PROSE, *items], plain=False)
    assert found.body == [0, 1, 2, 3, 4]
