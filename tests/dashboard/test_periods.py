import datetime as dt

import pytest

from dashboard.periods import DataSpan, Period, clamp, default_period, month_end

D = dt.date


@pytest.mark.parametrize("day, expected", [
    (D(2022, 2, 10), D(2022, 2, 28)),
    (D(2024, 2, 1), D(2024, 2, 29)),
    (D(2022, 12, 31), D(2022, 12, 31)),
    (D(2023, 4, 30), D(2023, 4, 30)),
])
def test_month_end(day, expected):
    assert month_end(day) == expected


@pytest.mark.parametrize("span, expected", [
    # The article's data: 2021 to Q1 2023 -> the last whole year, 2022.
    (DataSpan(D(2021, 1, 1), D(2023, 3, 31)), Period(D(2022, 1, 1), D(2022, 12, 31))),
    # Data ending on 31 December: that year is complete.
    (DataSpan(D(2021, 1, 1), D(2022, 12, 31)), Period(D(2022, 1, 1), D(2022, 12, 31))),
    # No complete calendar year: the whole span.
    (DataSpan(D(2022, 3, 1), D(2023, 2, 28)), Period(D(2022, 3, 1), D(2023, 2, 28))),
    (DataSpan(D(2023, 1, 1), D(2023, 6, 30)), Period(D(2023, 1, 1), D(2023, 6, 30))),
])
def test_default_period_is_last_whole_year(span, expected):
    assert default_period(span) == expected


@pytest.mark.parametrize("period, expected", [
    (Period(D(2022, 1, 1), D(2022, 12, 31)), Period(D(2022, 1, 1), D(2022, 12, 31))),
    (Period(D(2019, 1, 1), D(2030, 1, 1)), Period(D(2021, 1, 1), D(2023, 3, 31))),
    (Period(D(2024, 1, 1), D(2024, 2, 1)), Period(D(2023, 3, 31), D(2023, 3, 31))),
])
def test_clamp_keeps_a_remembered_period_inside_the_data(period, expected):
    assert clamp(period, DataSpan(D(2021, 1, 1), D(2023, 3, 31))) == expected
