"""Jalali conversion, parsing, arithmetic and display."""

import datetime
import itertools

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mahalleh.core.jalali import (
    JalaliDateError,
    add_months,
    add_years,
    expand_two_digit_year,
    format_jalali,
    format_jalali_datetime,
    format_jalali_long,
    from_jalali,
    iter_jalali_months,
    jalali_month_end,
    jalali_month_length,
    jalali_month_name,
    jalali_month_start,
    parse_jalali,
    to_jalali,
    weekday_name,
)

TIR_23_1401 = datetime.date(2022, 7, 14)


def j(y: int, m: int, d: int) -> datetime.date:
    return jdatetime.date(y, m, d).togregorian()


def test_format_persian_and_latin_digits():
    assert format_jalali(TIR_23_1401) == "۱۴۰۱/۰۴/۲۳"
    assert format_jalali(TIR_23_1401, persian_digits=False) == "1401/04/23"
    assert format_jalali(datetime.date(2023, 3, 21), persian_digits=False) == "1402/01/01"
    assert format_jalali(None) == ""


def test_to_jalali_of_aware_datetime_uses_tehran_day():
    # 21:00 UTC on 13 July is 01:30 on 14 July in Tehran (UTC+4:30 in the summer of 1401).
    moment = datetime.datetime(2022, 7, 13, 21, 0, tzinfo=datetime.UTC)
    assert (to_jalali(moment).year, to_jalali(moment).month, to_jalali(moment).day) == (1401, 4, 23)


def test_from_jalali_and_leap_esfand():
    assert from_jalali(1401, 4, 23) == TIR_23_1401
    assert from_jalali(1403, 12, 30) == datetime.date(2025, 3, 20)
    with pytest.raises(JalaliDateError) as err:
        from_jalali(1404, 12, 30)
    assert "۱۴۰۴/۱۲/۳۰" in str(err.value) and "وجود ندارد" in str(err.value)
    assert isinstance(err.value, ValueError)
    for bad in [(1401, 13, 1), (1401, 0, 1), (1401, 7, 31), (1401, 1, 0)]:
        with pytest.raises(JalaliDateError):
            from_jalali(*bad)


def test_month_lengths():
    assert [jalali_month_length(1402, m) for m in range(1, 13)] == [31] * 6 + [30] * 5 + [29]
    assert jalali_month_length(1403, 12) == 30


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۴۰۱/۰۴/۲۳", (1401, 4, 23)),
        ("۱۴۰۲/۷/۲۹", (1402, 7, 29)),
        ("1401-4-22", (1401, 4, 22)),
        ("١٤٠١/٠٤/٢٣", (1401, 4, 23)),
        ("1401.04.23", (1401, 4, 23)),
        (" ۱۴۰۱ / ۴ / ۲۳ ", (1401, 4, 23)),
        ("8/3/86", (1386, 3, 8)),
        ("96/08/05", (1396, 8, 5)),
        ("5/2/03", (1403, 2, 5)),
        ("۲۳/۰۴/۱۴۰۱", (1401, 4, 23)),
        ("۲۳ تیر ۱۴۰۱", (1401, 4, 23)),
        ("۲۳ تیرماه ۱۴۰۱", (1401, 4, 23)),
        ("۲۳ تير ماه ۱۴۰۱", (1401, 4, 23)),
        ("۱ اردیبهشت ۹۹", (1399, 2, 1)),
        ("۵ امرداد ۱۴۰۰", (1400, 5, 5)),
        ("پنجشنبه ۲۳ تیر ۱۴۰۱", (1401, 4, 23)),
        ("سه‌شنبه، ۱ فروردین ۱۴۰۲", (1402, 1, 1)),
        ("مورخ ۱۴۰۱/۰۴/۲۳", (1401, 4, 23)),
        ("۱۴۰۱/۰۴/۲۳ ه.ش", (1401, 4, 23)),
        ("1403/12/30", (1403, 12, 30)),
    ],
)
def test_parse_jalali_forms(text, expected):
    assert parse_jalali(text) == j(*expected)


def test_parse_month_name_without_year_uses_reference_year():
    assert parse_jalali("۲۳ تیر", reference_year=1400) == j(1400, 4, 23)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "1404/12/30", "1401/13/01", "۳۲ تیر ۱۴۰۱", "۱۲ فلان ۱۴۰۱", "140/1/1", "1401/04"],
)
def test_parse_jalali_rejects_with_persian_message(text):
    with pytest.raises(JalaliDateError) as err:
        parse_jalali(text)
    assert any("\u0600" <= ch <= "\u06ff" for ch in str(err.value))


def test_two_digit_year_rule():
    assert expand_two_digit_year(86) == 1386
    assert expand_two_digit_year(50) == 1350
    assert expand_two_digit_year(49) == 1449
    assert expand_two_digit_year(2) == 1402


@given(st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2070, 12, 31)))
def test_format_then_parse_round_trip(d):
    assert parse_jalali(format_jalali(d)) == d
    assert parse_jalali(format_jalali(d, persian_digits=False)) == d
    assert parse_jalali(format_jalali_long(d)) == d


def test_add_months_clips_to_month_end():
    assert add_months(j(1401, 6, 31), 1) == j(1401, 7, 30)
    assert add_months(j(1401, 1, 31), 11) == j(1401, 12, 29)
    assert add_months(j(1401, 11, 15), 3) == j(1402, 2, 15)
    assert add_months(j(1402, 2, 15), -3) == j(1401, 11, 15)
    assert add_months(j(1401, 4, 23), 0) == j(1401, 4, 23)


def test_add_years_clips_leap_esfand():
    assert add_years(j(1403, 12, 30), 1) == j(1404, 12, 29)
    assert add_years(j(1403, 12, 30), -4) == j(1399, 12, 30)  # 1399 is leap too
    assert add_years(j(1401, 4, 23), 2) == j(1403, 4, 23)


def test_month_start_end_and_iteration():
    assert jalali_month_start(TIR_23_1401) == j(1401, 4, 1)
    assert jalali_month_end(TIR_23_1401) == j(1401, 4, 31)
    assert jalali_month_end(j(1403, 12, 3)) == j(1403, 12, 30)
    months = list(iter_jalali_months(j(1401, 11, 20), j(1402, 1, 2)))
    assert [(m.year, m.month) for m in months] == [(1401, 11), (1401, 12), (1402, 1)]
    assert months[1].first == j(1401, 12, 1) and months[1].last == j(1401, 12, 29)
    assert months[0].label == "بهمن ۱۴۰۱"
    # consecutive months tile the range without gaps
    assert all(a.last + datetime.timedelta(days=1) == b.first for a, b in itertools.pairwise(months))
    assert list(iter_jalali_months(j(1402, 1, 2), j(1401, 1, 1))) == []


def test_weekday_name_week_starts_saturday():
    assert weekday_name(TIR_23_1401) == "پنجشنبه"  # 14 July 2022 was a Thursday
    assert weekday_name(datetime.date(2022, 7, 16)) == "شنبه"
    assert weekday_name(datetime.date(2022, 7, 15)) == "جمعه"


def test_month_names():
    assert jalali_month_name(1) == "فروردین" and jalali_month_name(12) == "اسفند"
    with pytest.raises(JalaliDateError):
        jalali_month_name(13)


def test_format_long_and_datetime_in_tehran_time():
    assert format_jalali_long(TIR_23_1401) == "پنجشنبه ۲۳ تیر ۱۴۰۱"
    # 14:00 UTC in July 1401 is 18:30 in Tehran (summer time until 1402).
    summer = datetime.datetime(2022, 7, 14, 14, 0, tzinfo=datetime.UTC)
    assert format_jalali_datetime(summer) == "۱۴۰۱/۰۴/۲۳ ساعت ۱۸:۳۰"
    # After summer time was abolished, July 1402 is UTC+3:30.
    later = datetime.datetime(2023, 7, 14, 14, 0, tzinfo=datetime.UTC)
    assert format_jalali_datetime(later, persian_digits=False) == "1402/04/23 ساعت 17:30"
    assert format_jalali_datetime(None) == ""
