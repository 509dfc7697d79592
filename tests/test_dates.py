"""dates: date expressions resolved against the report's date (fictional texts)."""

from __future__ import annotations

import pytest

from newsledger.analysis import dates
from newsledger.language import parse
from newsledger.record import Article, Record

TUESDAY = "2024-05-07"


def found(text: str, published: str | None = TUESDAY) -> dict[str, tuple[str | None, str | None]]:
    record = Record(input="t", article=Article(body=text, published=published))
    dates.annotate(parse(text), record)
    for d in record.dates:
        assert text[d.start:d.end] == d.text
    return {d.text: (d.value, d.granularity) for d in record.dates}


def test_weekdays_are_the_most_recent_on_or_before_the_report():
    got = found("Troops crossed the river on Monday night. The minister spoke on Tuesday, "
                "and Tuesday’s vote was close.")
    assert got["Monday night"] == ("2024-05-06", "day")
    tuesdays = [v for k, v in got.items() if k == "Tuesday"]
    assert tuesdays == [("2024-05-07", "day")]


def test_possessive_weekday_and_throughout():
    text = "Tuesday’s vote was close. Shelling continued throughout Sunday."
    got = found(text)
    assert got["Tuesday"] == ("2024-05-07", "day")
    assert got["Sunday"] == ("2024-05-05", "day")


def test_future_clause_takes_the_next_weekday():
    got = found("The envoy will meet the rebels on Thursday.")
    assert got["Thursday"] == ("2024-05-09", "day")


def test_what_was_agreed_or_promised_for_a_weekday_lies_ahead():
    got = found("Officials said the two governments had agreed to hold talks in Kisumu on Thursday.")
    assert got["Thursday"] == ("2024-05-09", "day")
    got = found("The rebels vowed to reopen the road on Friday.")
    assert got["Friday"] == ("2024-05-10", "day")
    # a commitment made on a day is still on or before the report
    assert found("The two governments agreed on Monday to hold talks.")["Monday"] == ("2024-05-06", "day")


def test_relative_days_and_periods():
    got = found("The port closed yesterday and reopens today. Talks resumed three days ago, "
                "about two weeks ago the army withdrew, and prices rose last week and last month.")
    assert got["yesterday"] == ("2024-05-06", "day")
    assert got["today"] == ("2024-05-07", "day")
    assert got["three days ago"] == ("2024-05-04", "day")
    assert got["about two weeks ago"] == ("2024-04-23", "week")
    assert got["last week"] == ("2024-04-29", "week")
    assert got["last month"] == ("2024-04", "month")


def test_absolute_dates():
    got = found("The accord of October 7, 2023 was signed again on 7 October 2023, "
                "renewed on May 6, 2024 and filed on 2024-05-06.")
    assert got["October 7, 2023"] == ("2023-10-07", "day")
    assert got["7 October 2023"] == ("2023-10-07", "day")
    assert got["May 6, 2024"] == ("2024-05-06", "day")
    assert got["2024-05-06"] == ("2024-05-06", "day")


def test_month_day_without_year_is_the_most_recent_not_after_the_report():
    assert found("The raid of October 7 shocked the town.")["October 7"] == ("2023-10-07", "day")
    assert found("The raid of October 7 shocked the town.", None)["October 7"] == (None, "day")


def test_month_and_year_alone():
    got = found("A first swap took place in November, and a census was held in 2023.")
    assert got["November"] == ("2023-11", "month")
    assert got["2023"] == ("2023", "year")


def test_weekend_is_the_saturday_before():
    got = found("Militants attacked a patrol at the weekend.")
    assert got["the weekend"] == ("2024-05-04", "range")


def test_spans_that_are_not_points_have_no_value():
    got = found("Clashes have grown in recent days and the city has been under siege for months.")
    assert got["in recent days"] == (None, None)
    assert got["for months"] == (None, None)


def test_modal_may_is_not_a_month():
    got = found("The council may vote again, officials said.")
    assert not any("may" in k.lower() for k in got)


def test_without_reference_only_dated_expressions_resolve():
    got = found("The ministry spoke on Monday, yesterday and on March 3, 2022.", None)
    assert got["Monday"] == (None, "day")
    assert got["yesterday"] == (None, "day")
    assert got["March 3, 2022"] == ("2022-03-03", "day")


def test_datetime_reference_is_accepted():
    got = found("Talks ended on Sunday.", "2024-05-07T09:30:00+00:00")
    assert got["Sunday"] == ("2024-05-05", "day")


@pytest.mark.parametrize("published", ["not a date", ""])
def test_bad_reference_is_no_reference(published):
    assert found("Talks ended on Sunday.", published)["Sunday"] == (None, "day")


def test_words_skipped_by_the_quick_look_are_found_in_any_case():
    # Each pattern runs only over reports holding one of its words: in capitals, and with a
    # letter the case-blind patterns take for an ASCII one ("ſ" for s), the date is still found.
    assert found("The council met THREE WEEKS AGO.")["THREE WEEKS AGO"] == ("2024-04-16", "week")
    assert found("The siege lasted for dayſ.")["for dayſ"] == (None, None)


def test_a_month_or_year_told_as_done_ends_at_the_reports_day():
    from newsledger.analysis._precision import date_fields
    from newsledger.record import DateMention

    year = DateMention(text="earlier this year", start=0, end=17, value="2025", granularity="year")
    assert date_fields(year, "asserted", "2025-09-10") == ("year", ["2025-01-01", "2025-09-10"])
    # a plan may fall after the report; a past year is whole
    assert date_fields(year, "planned", "2025-09-10") == ("year", ["2025-01-01", "2025-12-31"])
    assert date_fields(year, "asserted", "2026-02-01") == ("year", ["2025-01-01", "2025-12-31"])
    month = DateMention(text="this month", start=0, end=10, value="2025-08", granularity="month")
    assert date_fields(month, "asserted", "2025-08-27") == ("month", ["2025-08-01", "2025-08-27"])


def test_the_end_of_a_span_may_lie_ahead_whatever_the_verb():
    # a report of Tuesday 7 May: the curfew declared in the past runs until a day to come
    got = found("On 5 May the governor declared a curfew in Zenda until 20 May.")
    assert got["5 May"] == ("2024-05-05", "day")
    assert got["20 May"] == ("2024-05-20", "day")
    # ... and one that ended some weeks ago stays in the past
    assert found("The curfew lasted until 2 April.")["2 April"] == ("2024-04-02", "day")
