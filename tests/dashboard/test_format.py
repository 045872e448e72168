import datetime as dt

import pytest

from dashboard.format import fmt_date, fmt_datetime, fmt_int, fmt_month, fmt_num, fmt_pct


@pytest.mark.parametrize("value, lang, expected", [
    (1659613, "vi", "1.659.613"),
    (1659613, "en", "1,659,613"),
    (0, "vi", "0"),
    (999, "vi", "999"),
    (1000, "vi", "1.000"),
    (-60503, "vi", "-60.503"),
    (60503.4, "vi", "60.503"),
    (None, "vi", "–"),
    (float("nan"), "en", "–"),
])
def test_fmt_int(value, lang, expected):
    assert fmt_int(value, lang) == expected


@pytest.mark.parametrize("value, lang, expected", [
    (99.87, "vi", "99,87 %"),
    (99.87, "en", "99.87 %"),
    (19.79, "vi", "19,79 %"),
    (100.0, "vi", "100,00 %"),
    (0.005, "vi", "0,01 %"),
    (1234.5, "vi", "1.234,50 %"),
    (None, "vi", "–"),
    (float("nan"), "vi", "–"),
])
def test_fmt_pct(value, lang, expected):
    assert fmt_pct(value, lang) == expected


@pytest.mark.parametrize("value, decimals, lang, expected", [
    (1234567.891, 2, "vi", "1.234.567,89"),
    (1234567.891, 1, "en", "1,234,567.9"),
    (0.5, 0, "vi", "0"),
])
def test_fmt_num(value, decimals, lang, expected):
    assert fmt_num(value, decimals, lang) == expected


@pytest.mark.parametrize("value, expected", [
    (dt.date(2023, 3, 31), "31/03/2023"),
    (dt.date(2021, 1, 5), "05/01/2021"),
    (None, "–"),
])
def test_fmt_date(value, expected):
    assert fmt_date(value) == expected


@pytest.mark.parametrize("value, expected", [
    (dt.date(2022, 12, 1), "12/2022"),
    (dt.date(2023, 1, 1), "01/2023"),
])
def test_fmt_month(value, expected):
    assert fmt_month(value) == expected


@pytest.mark.parametrize("value, expected", [
    # Stored UTC instants are shown in Asia/Ho_Chi_Minh (UTC+7): 17:30 UTC is past local midnight.
    (dt.datetime(2022, 12, 31, 17, 30, tzinfo=dt.UTC), "01/01/2023 00:30"),
    (dt.datetime(2023, 3, 15, 2, 0), "15/03/2023 09:00"),  # naive values read back from SQLite are UTC
    (dt.datetime(2023, 3, 15, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))), "15/03/2023 09:00"),
    (None, "–"),
])
def test_fmt_datetime_shows_local_time(value, expected):
    assert fmt_datetime(value) == expected
