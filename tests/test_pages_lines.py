"""Bylines with their reporting places, photo credits split, and the learned unit classifier
(fictional text written for these tests)."""

from newsledger.pages import _line_model, byline
from newsledger.pages.clutter import credit_parts, separate, split_credit
from newsledger.pages.text import text_article
from newsledger.record import Byline


def test_credit_parts_split_agency_and_photographer():
    assert credit_parts("Harbour Gazette/Lena Morrow", "") == ("Harbour Gazette", "Lena Morrow")
    assert credit_parts("Lena Morrow/AFP", "") == ("AFP", "Lena Morrow")
    assert credit_parts("Photo: Tomas Reyes for The Valley Review", "") == ("The Valley Review", "Tomas Reyes")
    assert credit_parts("Getty Images", "") == ("Getty Images", None)
    # an agency after the photographer when its name opens with an article; "handout" is no one;
    # a name with an acronym in it is an organisation
    assert credit_parts("Tomas Reyes / La Gaceta", "") == ("La Gaceta", "Tomas Reyes")
    assert credit_parts("EU Commission handout", "") == ("EU Commission", None)
    assert credit_parts("Reuters/Handout", "") == ("Reuters", None)
    assert credit_parts("EU Commission", "") == ("EU Commission", None)
    assert credit_parts("Photo: Lena Morrow", "") == (None, "Lena Morrow")
    # the page's own publisher is an agency even when it reads like a name
    assert credit_parts("Northern Lantern", "Northern Lantern") == ("Northern Lantern", None)
    # "Agency Photo/Photographer": the word "Photo" is no part of the agency's name
    assert credit_parts("Coastwire Photo/Lena Morrow", "") == ("Coastwire", "Lena Morrow")
    assert credit_parts("CW Photo / Tomas Reyes", "") == ("CW", "Tomas Reyes")


def test_copyright_is_not_a_photo_credit():
    assert split_credit("© 2025 Coastal Wire Agency. All rights reserved.") is None
    assert split_credit("Fishing boats at dawn in the harbour. Photo: Lena Morrow") == (
        "Fishing boats at dawn in the harbour.", "Lena Morrow")


def test_locations_from_dateline_date_place_and_reporting_from():
    names = [Byline(name="Mira Tanaka")]
    lead = "PORT ELLIS, Westland, May 3 (Coastal Wire) - Ferries stopped running on Tuesday."
    assert byline.located(names, [], lead, [])[0].location == "Port Ellis"
    head = ["4 May 2025 | NORTH HAVEN"]
    assert byline.located(names, head, "Ferries stopped.", [])[0].location == "North Haven"
    head = ["Westland correspondent, reporting from Dunmore"]
    assert byline.located(names, head, None, [])[0].location == "Dunmore"
    tail = ["Oskar Lind reported from Greyport."]
    assert Byline(name="Oskar Lind", location="Greyport") in byline.located(names, [], None, tail)
    # a name that already has its place keeps it
    assert byline.located([Byline(name="Mira Tanaka", location="Ashford")], head, lead, [])[0].location == "Ashford"


def test_place_after_role_and_bare_in():
    assert byline.byline_names("By Jon Brask, Courier correspondent in the Lowlands") == [
        Byline(name="Jon Brask", location="Lowlands")]
    assert byline.byline_names("By Jon Brask, in Greyport") == [Byline(name="Jon Brask", location="Greyport")]


SCRAPE = """Valley Broadcasting
Home
News
Weather

Floods close the coast road for a second day

Published 2 hours ago

Mira Tanaka
Westland correspondent, reporting from Dunmore

Image source, Coastal Wire Agency
Image caption, Volunteers fill sandbags outside the town hall

Floodwater closed the coast road between Dunmore and Greyport for a second day on Tuesday, and the regional council said it could stay shut until the weekend.

Engineers were checking two bridges that had been under water overnight, a council spokesman said. "We will not reopen until we are sure they are safe," he said.

About 40 families spent the night in a school gym, where volunteers served soup and handed out blankets.

Related topics
Westland floods
Valley Broadcasting is not responsible for the content of external sites.
"""


def test_broadcaster_scrape():
    article, _date = text_article(SCRAPE)
    assert article.byline == [Byline(name="Mira Tanaka", location="Dunmore")]
    assert [(m.credit, m.caption) for m in article.media] == [
        ("Coastal Wire Agency", "Volunteers fill sandbags outside the town hall")]
    assert article.body.startswith("Floodwater closed the coast road")
    assert "Westland floods" not in article.body and "Related topics" not in article.body
    assert "Published" not in article.body


def test_line_model_shape_and_rules_alone():
    model = _line_model.model()
    assert model is not None
    from newsledger.pages import paragraphs

    lines = paragraphs.units(SCRAPE)
    probs = model.probabilities(lines)
    assert all(abs(sum(p) - 1.0) < 1e-9 and len(p) == len(_line_model.LABELS) for p in probs)
    menu, prose = lines.index("Weather"), lines.index(next(u for u in lines if u.startswith("Engineers")))
    assert probs[menu][1] > probs[menu][0] and probs[prose][0] > probs[prose][1]  # furniture vs prose
    units = ["Headline of the day", "A paragraph of the report that ends here.", "Another paragraph follows it."]
    assert separate(units, plain=True, use_model=False).body == [1, 2]


RELEASE = """FOR IMMEDIATE RELEASE
Lakeside Tenants' Union
Tenants evicted from Harrow Street blocks; union demands inquiry
Eastmoor, 3 March 2026

The Lakeside Tenants' Union today condemned the eviction of 41 families from the Harrow Street blocks on Monday, when bailiffs arrived without notice.

Residents said private guards removed furniture into the street while children were still at school.

The union calls on:
- the city council to suspend every eviction order issued for the blocks until an inquiry reports;
- the regional housing ombudsman to open an investigation into the guards' conduct;
- the owners to return the belongings taken from the flats.

ENDS
"""


def test_list_items_of_a_sentence_stay_in_the_body():
    # items ending in ";" are clauses of the sentence "The union calls on: ..." (the model once took them out)
    article, _date = text_article(RELEASE)
    assert "the city council to suspend every eviction order" in article.body
    assert "the regional housing ombudsman to open an investigation" in article.body
    assert clutter_sentence_like("- the regional housing ombudsman to open an investigation;")
    assert not clutter_sentence_like("Media contact")


def clutter_sentence_like(text: str) -> bool:
    from newsledger.pages.clutter import is_sentence_like

    return is_sentence_like(text)


def test_place_under_the_name_beside_it_and_after_a_standfirst():
    names = [Byline(name="Mira Tanaka")]
    # the name alone, then its desk or role and the place
    assert byline.located(names, ["By Mira Tanaka", "Valley News, Dunmore"], None, [])[0].location == "Dunmore"
    assert byline.located(names, ["Mira Tanaka", "Westland correspondent, Greyport"], None, [])[0].location == "Greyport"
    # a second name is not a place
    assert byline.located(names, ["Mira Tanaka", "Oskar Lind, Greyport"], None, [])[0].location is None
    # "Name - City" in an author line
    assert byline.located(names, ["Mira Tanaka - North Haven"], None, [])[0].location == "North Haven"
    # a masthead in capitals before the date is not the place
    assert byline.located(names, ["THE VALLEY HERALD | SATURDAY 4 MAY 2025"], None, [])[0].location is None
    # a magazine's standfirst opens the body above its "date | PLACE" and byline lines
    page = ("THE COAST REVIEW\n\nThe quiet harbour\n\nA long summer of closures has left the harbour town "
            "wondering what comes next for its ferries and its fishing fleet.\n\n4 May 2025 | NORTH HAVEN\n\n"
            "By Mira Tanaka\n\nThe first ferry of the morning used to leave at six. Now the quay is empty "
            "until noon, and the cafe by the ticket office opens only at weekends.\n\nHarbour officials said "
            "the timetable would be reviewed in the autumn.\n")
    article, _date = text_article(page)
    assert article.byline == [Byline(name="Mira Tanaka", location="North Haven")]


def test_by_parts_of_head_lines_desks_and_place_date_lines():
    # a "By" part of a meta line, with the date beside it
    units = ["Harbour closes for the winter", "Tuesday 4 March 2025 | By Mira Tanaka",
             "The harbour closed on Monday for the winter, the port authority said.", "Boats were moved inland."]
    found = separate(units, plain=True)
    assert [b.name for b in found.byline] == ["Mira Tanaka"] and found.published == "2025-03-04"
    # a desk credited by a "By" label; a capitalised menu line is then no byline
    units = ["Home", "Live TV", "Harbour closes for the winter", "Written by: Redacción Costa24",
             "The harbour closed on Monday for the winter, the port authority said.", "Boats were moved inland."]
    assert [b.name for b in separate(units, plain=True).byline] == ["Redacción Costa24"]
    assert byline.byline_names("By Rosa Chafloque Ñiquen") == [Byline(name="Rosa Chafloque Ñiquen")]
    # a place-and-date line in the head places the byline
    names = [Byline(name="Mira Tanaka")]
    assert byline.located(names, ["Dunmore, miércoles 15 de octubre de 2025"], None, [])[0].location == "Dunmore"
    assert byline.located(names, ["Updated, 15 October 2025"], None, [])[0].location is None


def test_a_transcripts_newsroom_voices_are_its_byline():
    units = ["Coast Radio - Evening Report", "[Transcripts are lightly edited.]",
             "PRESENTER (ANA MOREL): Good evening. Floods have closed the coast road. Our correspondent Oskar Lind is in "
             "Greyport. Oskar, what is the latest?",
             "OSKAR LIND (CORRESPONDENT): Thank you, Ana. The water is still rising near the harbour, and the council has "
             "opened two schools as shelters.",
             "MAYOR (JOAN PRYCE): We are asking people to stay at home tonight.",
             "PRESENTER: Oskar Lind in Greyport, thank you."]
    found = separate(units, plain=True)
    assert found.byline == [Byline(name="Ana Morel"), Byline(name="Oskar Lind", location="Greyport")]
    # a guest's label names no author
    assert byline.speaker("MAYOR (JOAN PRYCE): We are asking people to stay at home tonight.") is None


def test_a_label_above_a_date_is_its_own():
    # "Published" / date at the head; a related story's earlier "Published" / date at the foot
    units = ["Floods close the coast road", "Published", "14 March 2025",
             "Floodwater closed the coast road on Tuesday, the regional council said.",
             "Engineers were checking two bridges, a council spokesman said.", "More on this story",
             "Storm warnings for the coast", "Published", "9 January 2025"]
    assert separate(units, plain=True).published == "2025-03-14"


def test_a_desk_in_a_dated_meta_line():
    assert byline.meta_desk("June 24, 2025 | Valley correspondent, Dunmore | 3 comments") == Byline(
        name="Valley correspondent", location="Dunmore")
    assert byline.meta_desk("World | Africa | June 3, 2025") is None
    assert byline.meta_desk("Valley correspondent, Dunmore") is None  # no date: not a meta line


def test_credit_line_names_without_the_outlet_they_wrote_for():
    assert byline.credit_names("-- Reporting by Mira Tanaka; writing by Oskar Lind for Coastal Wire --") == [
        Byline(name="Mira Tanaka"), Byline(name="Oskar Lind")]


def test_a_statements_signatory_is_its_byline_placed_by_its_place_and_date_line():
    units = ["MINISTRY OF WATER AND PORTS", "Home", "Statements", "STATEMENT No. 12/MWP",
             "Closure of the Greyport ferry terminal", "Dunmore, 3 February 2026",
             "The Ministry of Water and Ports informs the public that the Greyport ferry terminal will be closed for "
             "two weeks from Monday for repairs to the northern pier.",
             "Passengers are asked to use the Dunmore crossing during the works, which the Ministry regrets.",
             "For the Minister and by delegation,", "The Permanent Secretary", "Oskar Lindqvist Marr",
             "Share: Facebook | X", "© 2026 Ministry of Water and Ports. All rights reserved."]
    found = separate(units, plain=True)
    assert [b.name for b in found.byline] == ["Oskar Lindqvist Marr"]
    assert text_article("\n\n".join(units))[0].byline == [Byline(name="Oskar Lindqvist Marr", location="Dunmore")]
    assert byline.signatory(["The Director, Brigadier Ana Morel Quist"]) == Byline(name="Ana Morel Quist")
    assert byline.signatory(["Signed: Ana Morel"]) == Byline(name="Ana Morel")
    # a media contact under the text, or a name alone, signs nothing
    assert byline.signatory(["Media contact", "Rina Solberg, Communications Officer"]) is None
    assert byline.signatory(["Related topics", "Mira Tanaka"]) is None


def test_desks_and_agencies_in_by_lines():
    def desk(line):
        return byline.desk_name(byline.by_segment(line))

    assert desk("By our Correspondent in Greyport") == Byline(name="our Correspondent", location="Greyport")
    assert desk("By Staff Reporter, Dunmore") == Byline(name="Staff Reporter", location="Dunmore")
    assert desk("By Coastwire") == Byline(name="Coastwire")
    assert desk("By The Harbour Courier newsroom, with reporting from Dunmore and Greyport") == Byline(
        name="The Harbour Courier newsroom", location="Dunmore and Greyport")
    assert desk("By the way") is None and byline.by_segment("By 2030") is None or desk("By 2030") is None
    # a desk beside a numeric date on a meta line
    units = ["Harbour closes for the winter", "Redacción Costa24 | 21/03/2025 - 08:12 | Updated 10:30",
             "The harbour closed on Monday for the winter, the port authority said.", "Boats were moved inland."]
    found = separate(units, plain=True)
    assert found.byline == [Byline(name="Redacción Costa24")] and found.published == "2025-03-21"


def test_numeric_dates_only_when_one_order_makes_a_date():
    from newsledger.pages.dateline import find_date

    assert find_date("21/03/2025") == "2025-03-21"
    assert find_date("03/21/2025") == "2025-03-21"
    assert find_date("07/05/2024") is None  # May or July
    assert find_date("version 1.2.2024") is None


def test_by_line_labels_and_name_lines_of_other_styles():
    body = ["Floodwater closed the coast road on Tuesday, the regional council said, and engineers were checking "
            "two bridges.",
            "About 300 families were moved to schools in the town overnight, a council spokesman told reporters."]

    def byline_of(*lines):
        page = "\n\n".join(["Coast News", "Floods close the coast road in Greyport", *lines, "12 March 2025", *body])
        return [(b.name, b.location) for b in text_article(page)[0].byline]

    assert byline_of("Posted by Mira Tanaka on 12 March 2025") == [("Mira Tanaka", None)]
    assert byline_of("Author: Mira Tanaka") == [("Mira Tanaka", None)]
    assert byline_of("By Mira Tanaka (Coastwire)") == [("Mira Tanaka", None)]
    assert byline_of("Mira Tanaka | Correspondent | Greyport") == [("Mira Tanaka", "Greyport")]
    assert byline_of("Mira Tanaka - Greyport") == [("Mira Tanaka", "Greyport")]
    assert byline_of("From our correspondent in Greyport") == [("our correspondent", "Greyport")]
    assert byline_of("World | Africa | Norland") == []


def test_the_pages_dateline_whatever_the_byline():
    release = "\n\n".join([
        "Harbour Trust", "Ferry terminal to close for repairs", "Dunmore, 3 February 2026",
        "The Harbour Trust said on Tuesday that the Greyport ferry terminal would close for two weeks from Monday.",
        "Passengers are asked to use the Dunmore crossing during the works, the trust said in a statement."])
    article = text_article(release)[0]
    assert article.byline == [] and article.dateline == "Dunmore"
    assert byline.dateline_place(["Ministry of Ports | Greyport, 10 February 2026"], None) == "Greyport"
    assert byline.dateline_place([], "GREYPORT, Norland, March 12 (Coastwire) - The port closed.") == "Greyport"
    assert byline.dateline_place(["Updated 10 February 2026"], "The port closed on Monday.") is None


def test_a_json_ld_dateline_places_the_lead_author():
    from newsledger.pages.html import html_article

    page = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Floods close the '
            'coast road", "author": {"@type": "Person", "name": "Mira Tanaka"}, "dateline": "GREYPORT, Norland", '
            '"datePublished": "2025-03-12"}</script></head><body><article><h1>Floods close the coast road</h1>'
            '<p>Floodwater closed the coast road on Tuesday, the regional council said, and engineers were checking '
            'two bridges along it.</p><p>About 300 families were moved to schools in the town overnight, a council '
            'spokesman told reporters on Wednesday morning.</p></article></body></html>')
    article = html_article(page)[0]
    assert article.dateline == "Greyport, Norland"
    assert article.byline == [Byline(name="Mira Tanaka", location="Greyport, Norland")]


def test_html_bylines_with_a_bureau_a_location_element_or_a_dated_meta_line():
    from newsledger.pages.html import html_article

    body = ("<p>Floodwater closed the coast road on Tuesday, the regional council said, and engineers were checking "
            "two bridges along it.</p><p>About 300 families were moved to schools in the town overnight, a council "
            "spokesman told reporters on Wednesday morning.</p>")

    def article(fragment):
        return html_article(f"<html><head><title>Floods close the coast road</title></head><body><article>"
                            f"<h1>Floods close the coast road</h1>{fragment}{body}</article></body></html>")[0]

    assert article('<p class="byline">By Mira Tanaka, Greyport Bureau</p>').byline == [
        Byline(name="Mira Tanaka", location="Greyport")]
    found = article('<div class="author">Mira Tanaka</div><div class="location">Greyport</div>')
    assert found.byline == [Byline(name="Mira Tanaka", location="Greyport")] and found.dateline == "Greyport"
    assert article('<div class="meta">Mira Tanaka | 12 March 2025 | Greyport</div>').byline == [
        Byline(name="Mira Tanaka", location="Greyport")]
    assert byline.meta_names("World | Africa | 12 March 2025") == []


def test_a_dash_sign_off_under_the_report_is_its_byline_not_its_body():
    units = ["Floods close the coast road", "12 March 2025",
             "Floodwater closed the coast road on Tuesday, the regional council said, and engineers were checking "
             "two bridges.", "About 300 families were moved to schools in the town overnight, a council spokesman said.",
             "— Mira Tanaka, Greyport"]
    found = separate(units, plain=True)
    assert found.byline == [Byline(name="Mira Tanaka", location="Greyport")]
    assert all("Tanaka" not in found.texts[i] for i in found.body)
    assert byline.sign_off(["— Related: Floods in Greyport"]) == [] and byline.sign_off(["- The end."]) == []


def test_a_colon_dateline_but_not_a_speakers_label():
    lead = "GREYPORT: At least six people were hurt when a crane fell on the quay on Friday, the harbour police said."
    assert byline.dateline_place([], lead) == "Greyport"
    assert byline.dateline_place([], "NORTH HAVEN, Oct 14 (Coastwire): The ferry service was halted for a week "
                                     "after a storm damaged the pier.") == "North Haven"
    # a label, a role, or capitals that open later paragraphs too (a transcript's speaker) are no place
    assert byline.dateline_place([], "UPDATE: The ferry service was halted for a week after a storm damaged the pier.") is None
    assert byline.dateline_place([], "PRESENTER: Good morning, we begin on the coast where a storm damaged the pier.") is None
    speaker = "MIRA TANAKA: Good morning, the storm damaged the pier overnight and the ferries are halted."
    assert byline.dateline_place([], speaker, ["MIRA TANAKA: Officials say repairs will take a week."]) is None
    assert byline.dateline_place([], "GREYPORT: Closed.") is None  # no sentence follows
    page = ("The Coast Daily\n\nCrane falls on Greyport quay\n\nFrom Our Correspondent\n\n" + lead +
            "\n\nThe crane had been inspected in the spring, officials said.\n\nAn inquiry was opened on Saturday.\n")
    article = text_article(page)[0]
    assert article.dateline == "Greyport"
    assert [(b.name, b.location) for b in article.byline] == [("Our Correspondent", "Greyport")]


def test_a_place_alone_under_a_name_in_capitals():
    names = [Byline(name="Mira Tanaka")]
    # "By NAME" / "Place" / date: the lone word between the name and the date is the place
    assert byline.located(names, ["BY MIRA TANAKA", "Dunmore", "Monday, June 9, 2025"], None, [])[0].location == "Dunmore"
    assert byline.located(names, ["By Mira Tanaka", "NORTH HAVEN"], None, [])[0].location == "North Haven"
    # a lone title-case word without a date after it may be a button; a second author is no place
    assert byline.located(names, ["By Mira Tanaka", "Share"], None, [])[0].location is None
    assert byline.located(names, ["By Mira Tanaka", "Oskar Lind", "June 9, 2025"], None, [])[0].location is None


def test_a_contributors_reporting_place_is_not_the_pages_dateline():
    page = ("Storm closes Greyport harbour\n\nGREYPORT, Norland, Dec 3 (Coastwire) - The harbour at Greyport was "
            "closed on Tuesday after a storm damaged two piers, the port authority said.\n\nFerries were "
            "diverted to Dunmore.\n\nMira Tanaka contributed reporting from North Haven.\n")
    article = text_article(page)[0]
    assert article.dateline == "Greyport"
    assert byline.dateline_place(["with additional reporting from North Haven"], None) is None
    assert byline.dateline_place(["Westland correspondent, reporting from North Haven"], None) == "North Haven"


def test_a_newsroom_credit_line_without_by():
    assert byline.desk_line("Staff Correspondent | Greyport") == Byline(name="Staff Correspondent", location="Greyport")
    assert byline.desk_line("Our Special Correspondent, NORTH HAVEN") == Byline(
        name="Our Special Correspondent", location="North Haven")
    assert byline.desk_line("staff reporter") == Byline(name="Staff Reporter")
    assert byline.desk_line("Our correspondents say the port is closed") is None
    assert byline.desk_line("Staff Correspondent | Tuesday") == Byline(name="Staff Correspondent")
    page = ("The Greyport Evening Post\n\nDock workers block port road\n\nStaff Correspondent | Greyport\n\n"
            "Published: 14 Oct 2025, 18:20\n\nPolice dispersed hundreds of dock workers who blocked the port road "
            "in Greyport on Tuesday, witnesses said.\n\nThe workers demanded three months of unpaid wages.\n\n"
            "At least 15 people were hurt, a hospital official said.\n")
    article = text_article(page)[0]
    assert [(b.name, b.location) for b in article.byline] == [("Staff Correspondent", "Greyport")]
    assert "Staff Correspondent" not in article.body


def test_a_transcripts_correspondent_labelled_by_name_alone():
    page = ("Transcript: Evening Bulletin, 3 March 2026\n\n"
            "PRESENTER (Oskar Lind): Good evening. Storms have closed the port of Greyport. Our correspondent "
            "Mira Tanaka is in Greyport.\n\n"
            "MIRA TANAKA: Oskar, the harbour has been shut since dawn and two piers were damaged overnight.\n\n"
            "PRESENTER: And the ferries?\n\n"
            "MIRA TANAKA: All crossings are cancelled until Thursday, the port authority says.\n\n"
            "TOMAS REYES: We lost a week of fishing already, and nobody has told us when it reopens.\n\n"
            "PRESENTER: Mira Tanaka in Greyport, thank you.\n")
    article = text_article(page)[0]
    # the harbour worker's turn is no byline: only the correspondent the presenter introduces
    assert [(b.name, b.location) for b in article.byline] == [("Oskar Lind", None), ("Mira Tanaka", "Greyport")]
    assert byline.label_name("PRESENTER: Good evening to you all") is None
    assert byline.introduced_correspondents(["Mira Tanaka", "Tomas Reyes"],
                                            ["Jane said Mira Tanaka, our harbour correspondent, was there."]) == ["Mira Tanaka"]


def test_a_translated_editions_note_is_not_body():
    page = ("Flooding cuts the coast road\n\nBy Lina Varga\n\n"
            "Floodwater closed the coast road near Dunmore on Tuesday, stranding dozens of lorries and "
            "cutting the town off from the regional hospital for most of the day.\n\n"
            "Emergency crews reopened one lane by the evening, the regional council said in a statement.\n\n"
            "This article was translated from the Portuguese edition of Costa Diária.\n")
    article, _date = text_article(page)
    assert "translated" not in article.body and article.body.startswith("Floodwater closed")


def test_a_section_menu_of_places_is_no_byline():
    page = ("VALLEY EVENING POST\nGreyport | Dunmore | Westland | Coast | National | Culture\n\n"
            "Flooding cuts the coast road\n\n"
            "Floodwater closed the coast road near Dunmore on Tuesday, stranding dozens of lorries and "
            "cutting the town off from the regional hospital for most of the day.\n\n"
            "Emergency crews reopened one lane by the evening, the regional council said in a statement.\n")
    article, _date = text_article(page)
    assert article.byline == []


def test_a_wire_datelines_year_from_the_weekday_its_lead_gives():
    from datetime import date

    from newsledger.pages.text import _year_by_weekday

    today = date(2026, 12, 7)
    # the day the officials spoke is the report's day: 12 March was a Wednesday in 2025
    lead = "GREYPORT, Norland, March 12 (Coastwire) - Ferries stopped on Tuesday, officials said on Wednesday."
    assert _year_by_weekday("March", 12, lead, today) == "2025-03-12"
    # no verb of saying: the weekday the lead names is the report's day (19 July: Saturday in 2025)
    lead = "PORT ELM, July 19 (Coastwire) - A bomb exploded at a market on Saturday, killing two."
    assert _year_by_weekday("July", 19, lead, today) == "2025-07-19"
    # never a day after today, and nothing when the lead names no weekday
    assert _year_by_weekday("December", 20, "PORT ELM, Dec 20 - Talks went on on Saturday.", today) != "2026-12-20"
    assert _year_by_weekday("July", 19, "PORT ELM, July 19 (Coastwire) - A bomb exploded.", today) is None


def test_an_ambiguous_numeric_page_date_read_by_the_weekday_and_month_the_report_gives():
    text = ("NORTHERN VALLEY NEWS\n\nRegions\n07.05.2025 09:41\n\nShooting again near the dam, two guards hurt\n\n"
            "Shots were heard again near the Ostvale dam overnight into Wednesday, a week after the truce.\n\n"
            "Guards said that on the evening of 6 May two posts came under fire from the far bank.\n\n"
            "Both guards were taken to hospital in the district town and are stable, officials said.")
    article, published = text_article(text)
    assert published == "2025-05-07"  # 7 May 2025, a Wednesday; 5 July 2025 was a Saturday
    assert text_article(text.replace("Wednesday", "the weekend").replace("6 May", "the sixth"))[1] is None


def test_a_date_the_caller_gives_replaces_a_year_guessed_from_a_weekday(tmp_path):
    from newsledger.pipeline import read_article

    path = tmp_path / "wire.txt"
    path.write_text("PORT ELM, March 5 (Coastwire) - A strike hit the market on Tuesday, killing 12 people.\n")
    guessed = read_article(str(path))
    assert guessed.article.published_source == "weekday"
    given = read_article(str(path), published="2025-03-05")
    assert (given.article.published, given.article.published_source) == ("2025-03-05", "argument")


def test_an_html_headline_in_the_paragraphs_is_not_the_lead_with_the_dateline():
    from newsledger.pages.html import html_article

    page = ("<html><head><title>Crane falls on the Greyport quay</title></head><body><article>"
            "<h1>Crane falls on the Greyport quay</h1><p class=\"author\">By Mira Tanaka &ndash; March 12, 2025</p>"
            "<p>GREYPORT: At least six people were hurt when a crane fell on the quay on Friday, the harbour police "
            "said in a statement.</p><p>The crane had been inspected in the spring, officials said, and an inquiry "
            "was opened on Saturday morning.</p></article></body></html>")
    article = html_article(page)[0]
    assert article.byline == [Byline(name="Mira Tanaka", location="Greyport")]


def test_a_place_and_date_line_with_our_correspondent_after_a_dash():
    assert byline.byline_names("By our correspondent Mira Tanaka") == [Byline(name="Mira Tanaka")]
    assert byline.byline_names("By special correspondent Mira Tanaka") == [Byline(name="Mira Tanaka")]
    assert byline.by_segment("Greyport, 12 March 2025 - By Mira Tanaka") == "By Mira Tanaka"
    assert byline.by_segment("Greyport, 12 March 2025 - Storm update") is None
    page = ("The Coast Daily\n\nCrane falls on Greyport quay\n\n"
            "Greyport, 12 March 2025 - By our correspondent Mira Tanaka\n\n"
            "At least six people were hurt when a crane fell on the quay on Friday, the harbour police said.\n\n"
            "The crane had been inspected in the spring, officials said.\n\nAn inquiry was opened on Saturday.\n")
    article = text_article(page)[0]
    assert [(b.name, b.location) for b in article.byline] == [("Mira Tanaka", "Greyport")]


def test_a_meta_line_with_the_name_and_its_place_or_a_place_and_date_before_a_dash():
    assert byline.meta_names("Mira Tanaka, Greyport • 12 March 2025, 09:15") == [
        Byline(name="Mira Tanaka", location="Greyport")]
    assert byline.meta_names("Greyport, 12 March 2025 – Mira Tanaka") == [Byline(name="Mira Tanaka", location="Greyport")]
    assert byline.meta_names("World | Africa | 12 March 2025") == []
    from newsledger.pages.html import html_article

    page = ("<html><head><title>Crane falls on the Greyport quay</title></head><body><article>"
            "<h1>Crane falls on the Greyport quay</h1><p class=\"auteur\">Greyport, 12 March 2025 – Mira Tanaka</p>"
            "<p>At least six people were hurt when a crane fell on the quay on Friday, the harbour police "
            "said in a statement.</p><p>The crane had been inspected in the spring, officials said, and an inquiry "
            "was opened on Saturday morning.</p></article></body></html>")
    assert html_article(page)[0].byline == [Byline(name="Mira Tanaka", location="Greyport")]


def test_a_publisher_in_the_author_field_gives_way_to_the_person_of_the_byline_element():
    from newsledger.pages.html import html_article

    page = ('<html><head><title>Crane falls on the Greyport quay</title>'
            '<meta name="author" content="Harbour Daily"></head><body><article>'
            '<h1>Crane falls on the Greyport quay</h1>'
            '<p class="byline">Harbour Daily · Wednesday, March 12, 2025 · By Mira Tanaka</p>'
            '<p>At least six people were hurt when a crane fell on the quay on Friday, the harbour police '
            'said in a statement.</p><p>The crane had been inspected in the spring, officials said, and an inquiry '
            'was opened on Saturday morning.</p></article><footer><p>© 2025 Harbour Daily</p></footer></body></html>')
    assert [b.name for b in html_article(page)[0].byline] == ["Mira Tanaka"]


def test_a_broadcasters_name_with_the_reporters_base_and_role():
    units = ["Skip to content", "Crane falls on Greyport quay", "Published 12 March 2025",
             "Mira Tanaka, Greyport correspondent",
             "At least six people were hurt when a crane fell on the quay on Friday, the harbour police said.",
             "The crane had been inspected in the spring, officials said, and an inquiry was opened."]
    found = separate(units, plain=True)
    assert found.byline == [Byline(name="Mira Tanaka", location="Greyport")]
    assert all("Tanaka" not in found.texts[i] for i in found.body)


def test_a_picture_by_credit_and_a_footers_copyright_is_no_caption():
    assert split_credit("Fishing boats at dawn in the harbour. – Picture by Lena Morrow") == (
        "Fishing boats at dawn in the harbour.", "Picture by Lena Morrow")
    assert credit_parts("Picture by Lena Morrow", "") == (None, "Lena Morrow")
    assert split_credit("About us | Contact | Terms of use | © Harbour Daily Online 2025") is None
    assert split_credit("Fishing boats at dawn in the harbour. © Lena Morrow") == (
        "Fishing boats at dawn in the harbour.", "Lena Morrow")
    assert split_credit("She took the photo by the old pier and left before noon") is None


def test_html_credits_beside_the_figcaption_and_in_a_caption_paragraph_outside_a_figure():
    from newsledger.pages.html import html_article

    prose = ("<p>At least six people were hurt when a crane fell on the quay on Friday, the harbour police said in a "
             "statement.</p><p>The crane had been inspected in the spring, officials said, and an inquiry was opened "
             "on Saturday morning.</p>")

    def media(fragment):
        page = (f"<html><head><title>Crane falls</title></head><body><article><h1>Crane falls</h1>{fragment}{prose}"
                "</article></body></html>")
        return [m.credit for m in html_article(page)[0].media]

    assert media('<figure><img src="a.jpg" alt="The quay"><p class="credit">Image source, Coastwire</p>'
                 '<figcaption>Image caption, The quay on Friday</figcaption></figure>') == ["Coastwire"]
    assert media('<p class="caption">The quay on Friday evening. (Harbour Daily/Lena Morrow)</p>') == [
        "Harbour Daily/Lena Morrow"]
    assert media('<p class="caption">The quay on Friday evening</p>') == []
