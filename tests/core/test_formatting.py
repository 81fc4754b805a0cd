"""Dates as people write them, in Europe/London whatever the process's locale."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from booking.core.formatting import (
    LONDON,
    MAX_TERM_LENGTH,
    SearchQuery,
    booking_opens_text,
    date_and_time_without_day,
    date_range,
    header_text,
    hours_text,
    long_date,
    paragraphs,
    plain_number,
    search_bounds,
    search_query,
    search_terms,
    search_words,
    surname_key,
    time_of_day,
    whole_number,
    whole_percent,
    without_control_characters,
)


def test_a_day_reads_like_people_write_it():
    assert (
        date_range(datetime(2019, 1, 29, 9, 30, tzinfo=UTC), datetime(2019, 1, 29, 16, tzinfo=UTC))
        == "Tuesday 29 January 2019, 9:30am to 4pm"
    )


def test_summer_times_are_british_summer_time_and_noon_is_midday():
    assert time_of_day(datetime(2026, 7, 1, 11, 0, tzinfo=UTC)) == "midday"
    assert time_of_day(datetime(2026, 7, 1, 11, 30, tzinfo=UTC)) == "12:30pm"
    assert time_of_day(datetime(2026, 1, 1, 0, 0, tzinfo=UTC)) == "midnight"
    assert time_of_day(datetime(2026, 7, 1, 23, 5, tzinfo=UTC)) == "12:05am"
    assert long_date(datetime(2026, 7, 1, 23, 5, tzinfo=UTC)) == "Thursday 2 July 2026"


def test_events_across_days_write_both_dates():
    assert (
        date_range(datetime(2026, 3, 28, 10, tzinfo=UTC), datetime(2026, 3, 29, 15, tzinfo=UTC))
        == "Saturday 28 March 2026, 10am to Sunday 29 March 2026, 4pm"
    )


def test_every_day_of_a_year_is_named_as_the_calendar_names_it():
    day = datetime(2027, 1, 1, 12, tzinfo=UTC)
    for _ in range(366):
        assert long_date(day) == day.strftime("%A %-d %B %Y")
        day += timedelta(days=1)


def test_bidirectional_overrides_and_isolates_leave_names_and_titles():
    typed = "Ali\u202eevil\u202c \u2066x\u2069 \u200eA\u200fB\u061c"
    assert without_control_characters(typed) == "Alievil x AB"
    assert without_control_characters("Line one\r\nLine two\tend") == "Line one\r\nLine two\tend"


def test_a_header_gets_one_line_without_separators_or_encoded_words():
    assert (
        header_text("=?utf-8?q?x=0D=0ABcc:_a@evil.example?=")
        == "= ?utf-8?q?x=0D=0ABcc:_a@evil.example?="
    )
    assert header_text("Day\u2028Bcc: b\u2029X\x85Y\x1cZ\x9b") == "Day Bcc: b X YZ"
    assert header_text("Siobhán  Ní Bhriain") == "Siobhán Ní Bhriain"


def test_a_morning_ends_at_midday():
    assert (
        date_range(datetime(2027, 1, 14, 9, tzinfo=UTC), datetime(2027, 1, 14, 12, tzinfo=UTC))
        == "Thursday 14 January 2027, 9am to midday"
    )


def test_booking_opening_says_the_day_and_the_time():
    opens = datetime(2027, 1, 5, 9, tzinfo=UTC)
    assert booking_opens_text(opens) == "Booking opens on Tuesday 5 January 2027 at 9am"


def test_booking_opening_at_midnight_says_the_day_alone():
    opens = datetime(2027, 1, 5, tzinfo=LONDON)
    assert booking_opens_text(opens) == "Booking opens on Tuesday 5 January 2027"
    summer = datetime(2027, 7, 5, tzinfo=LONDON)  # 23:00 UTC the day before
    assert booking_opens_text(summer) == "Booking opens on Monday 5 July 2027"


@pytest.mark.parametrize(
    ("number", "text"), [("6.0", "6"), ("2.5", "2.5"), ("10", "10"), ("0.0", "0"), ("100", "100")]
)
def test_a_plain_number_has_no_trailing_zeros(number, text):
    assert plain_number(Decimal(number)) == text


@pytest.mark.parametrize(
    ("hours", "text"),
    [("6.0", "6 hours"), ("2.5", "2.5 hours"), ("1.0", "1 hour"), ("10", "10 hours")],
)
def test_cpd_hours_read_as_hours(hours, text):
    assert hours_text(Decimal(hours)) == text


def test_paragraphs_and_line_breaks_survive_whatever_the_line_ends():
    text = "Arrive at 9am.\r\nBring lunch.\r\n\r\nParking is free.\r\rAsk at reception.\n \n"
    assert paragraphs(text) == [
        ["Arrive at 9am.", "Bring lunch."],
        ["Parking is free."],
        ["Ask at reception."],
    ]


def test_the_search_terms_are_each_folded_word_and_each_adjacent_pair_joined():
    assert search_terms("e safety training") == [
        "e", "safety", "training", "esafety", "safetytraining"
    ]  # fmt: skip
    assert search_terms("Café E-safety, STRASSE") == [
        "cafe", "esafety", "strasse", "cafeesafety", "esafetystrasse", "e", "safety"
    ]  # fmt: skip


def test_hyphens_apostrophes_and_dots_inside_a_word_join_it_and_keep_its_parts():
    assert search_words("O'Connor’s e-safety v1.2 -end- -") == ["oconnors", "esafety", "v12", "end"]
    assert search_terms("O'Connor e-safety -end-") == [
        "oconnor", "esafety", "end", "oconnoresafety", "esafetyend", "o", "connor", "e", "safety"
    ]  # fmt: skip


def test_the_search_terms_keep_texts_apart_fold_stroked_letters_and_come_once():
    assert search_terms("Foster care", "Reading") == ["foster", "care", "fostercare", "reading"]
    assert search_terms("Øresund Łódź Æsop") == [
        "oresund", "lodz", "aesop", "oresundlodz", "lodzaesop"
    ]  # fmt: skip
    assert search_terms("Œuvre Đakovo Þorn", "", "% -", "oeuvre") == [
        "oeuvre", "dakovo", "thorn", "oeuvredakovo", "dakovothorn"
    ]  # fmt: skip


def test_a_long_word_is_a_term_of_its_first_hundred_letters():
    assert search_terms("a" * 150) == ["a" * MAX_TERM_LENGTH]
    assert search_bounds("a" * 150) == ("a" * 100, "a" * 100 + "\U0010ffff")


def test_a_query_word_finds_the_terms_it_starts_and_a_letter_alone_only_itself():
    lowest, highest = search_bounds("safe")
    found = [t for t in ("safe", "safety", "saf", "safd", "safg", "e") if lowest <= t <= highest]
    assert found == ["safe", "safety"]
    assert search_bounds("e") == ("e", "e")
    assert search_terms("", "% -") == []


def test_a_search_query_gives_its_words_and_the_words_joined():
    assert search_query("E-SAFETY") == SearchQuery(words=("esafety",), joined="esafety")
    assert search_query("e  safety") == SearchQuery(words=("e", "safety"), joined="esafety")
    assert search_query("% -") == SearchQuery(words=(), joined="")


def test_people_sort_by_surname_whatever_its_case_and_accents_then_by_whole_name():
    names = [
        "Siobhán O'Neill",
        "Łukasz Żółć",
        "amy zola",
        "Ben Adams",
        "Émile Zola",
        "李 Wei",
        "Zoë Ölander",
        "Anne-Marie Smith-Jones",
        "",
    ]
    assert sorted(names, key=surname_key) == [
        "",
        "Ben Adams",
        "Zoë Ölander",
        "Siobhán O'Neill",
        "Anne-Marie Smith-Jones",
        "李 Wei",
        "amy zola",
        "Émile Zola",
        "Łukasz Żółć",
    ]
    assert surname_key("Łukasz Żółć") == ("zolc", "lukasz zolc", "Łukasz Żółć")


def test_when_something_happened_reads_without_the_day_name():
    assert date_and_time_without_day(datetime(2026, 12, 1, 9, 12, tzinfo=UTC)) == (
        "1 December 2026, 9:12am"
    )
    assert date_and_time_without_day(datetime(2026, 7, 1, 11, 0, tzinfo=UTC)) == (
        "1 July 2026, midday"
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("0", 0), ("12", 12), ("123456789", 123456789), ("1234567890", None), ("", None)]
    + [(text, None) for text in ("²", "٣", "１", "0²", "𝟘", "-1", "1.0", " 1", "1e3")],
)
def test_only_ascii_digits_are_a_whole_number(typed, expected):
    assert whole_number(typed) == expected


def test_percentages_round_halves_up_and_nothing_is_no_share():
    assert [whole_percent(41, 63), whole_percent(1, 8), whole_percent(1, 200)] == [65, 13, 1]
    assert [whole_percent(1, 3), whole_percent(2, 3), whole_percent(5, 5)] == [33, 67, 100]
    assert whole_percent(3, 0) is None
