"""Which months the review page offers, and its default: the last complete month."""
from __future__ import annotations

import datetime as dt

import pytest


@pytest.mark.parametrize("span, today, options, default", [
    # data in Feb–Mar, today in April: March (complete) is the default, newest first
    ((dt.date(2026, 2, 1), dt.date(2026, 3, 1)), dt.date(2026, 4, 2), ["2026-03", "2026-02"], "2026-03"),
    # data up to today (November): November is offered, October (complete) stays the default
    ((dt.date(2026, 10, 1), dt.date(2026, 11, 1)), dt.date(2026, 11, 27), ["2026-11", "2026-10"], "2026-10"),
    # no data: the last complete month alone
    (None, dt.date(2026, 1, 15), ["2025-12"], "2025-12"),
])
def test_month_options(span, today, options, default):
    from data.review.months import last_complete_month, month_options

    assert [m.strftime("%Y-%m") for m in month_options(span, today)] == options
    assert last_complete_month(today).strftime("%Y-%m") == default
