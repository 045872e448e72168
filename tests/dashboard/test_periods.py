import datetime as dt

import pytest

from dashboard.periods import DataSpan, Period, clamp, default_month, default_period, month_end

D = dt.date


@pytest.mark.parametrize("day, expected", [
    (D(2022, 2, 10), D(2022, 2, 28)),
    (D(2024, 2, 1), D(2024, 2, 29)),
    (D(2022, 12, 31), D(2022, 12, 31)),
    (D(2023, 4, 30), D(2023, 4, 30)),
])
def test_month_end(day, expected):
    assert month_end(day) == expected


TODAY = D(2026, 12, 7)  # the last complete month is November 2026


@pytest.mark.parametrize("span, expected", [
    # Data through today: the last complete month, as on every page.
    (DataSpan(D(2021, 1, 1), D(2026, 12, 31)), Period(D(2026, 11, 1), D(2026, 11, 30))),
    (DataSpan(D(2026, 11, 1), D(2026, 11, 30)), Period(D(2026, 11, 1), D(2026, 11, 30))),
    # The article's data, 2021 to Q1 2023, ends earlier: its own last complete month (not the year 2022).
    (DataSpan(D(2021, 1, 1), D(2023, 3, 31)), Period(D(2023, 3, 1), D(2023, 3, 31))),
    # Data that ends inside a month: the month before it.
    (DataSpan(D(2021, 1, 1), D(2023, 3, 15)), Period(D(2023, 2, 1), D(2023, 2, 28))),
    # Less than one month, ending earlier: all of it.
    (DataSpan(D(2023, 3, 10), D(2023, 3, 20)), Period(D(2023, 3, 10), D(2023, 3, 20))),
    # Data only in the current month: all of it.
    (DataSpan(D(2026, 12, 1), D(2026, 12, 31)), Period(D(2026, 12, 1), D(2026, 12, 31))),
    # Data starting inside the last complete month: from its first day.
    (DataSpan(D(2026, 11, 9), D(2026, 12, 31)), Period(D(2026, 11, 9), D(2026, 12, 31))),
])
def test_default_period_is_the_last_complete_month(span, expected):
    assert default_period(span, TODAY) == expected


@pytest.mark.parametrize("options, expected", [
    ([D(2026, 12, 1), D(2026, 11, 1), D(2026, 10, 1)], D(2026, 11, 1)),  # not the current, partial month
    ([D(2026, 3, 1), D(2026, 2, 1)], D(2026, 3, 1)),  # data ends earlier: its newest month
    ([D(2026, 12, 1)], D(2026, 12, 1)),  # only the current month
])
def test_default_month_is_the_same_rule(options, expected):
    assert default_month(options, TODAY) == expected


def test_the_review_uses_the_same_month():
    from data.review.months import last_complete_month as review_default

    assert default_period(DataSpan(D(2020, 1, 1), D(2030, 12, 31)), TODAY).start == review_default(TODAY)


@pytest.mark.parametrize("period, expected", [
    (Period(D(2022, 1, 1), D(2022, 12, 31)), Period(D(2022, 1, 1), D(2022, 12, 31))),
    (Period(D(2019, 1, 1), D(2030, 1, 1)), Period(D(2021, 1, 1), D(2023, 3, 31))),
    (Period(D(2024, 1, 1), D(2024, 2, 1)), Period(D(2023, 3, 31), D(2023, 3, 31))),
])
def test_clamp_keeps_a_remembered_period_inside_the_data(period, expected):
    assert clamp(period, DataSpan(D(2021, 1, 1), D(2023, 3, 31))) == expected
