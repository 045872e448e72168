"""The dashboard's cached figures agree with data.dossiers.stats on the small store."""
import datetime as dt

import pytest

from dashboard import queries
from dashboard.periods import DataSpan
from data.access import SYSTEM
from data.dossiers import stats


@pytest.mark.parametrize("start, end, unit", [
    (dt.date(2022, 1, 1), dt.date(2022, 12, 31), None),
    (dt.date(2021, 1, 1), dt.date(2023, 12, 31), "binh_gia"),
    (dt.date(2022, 3, 15), dt.date(2022, 3, 15), "hoa_tham"),
])
def test_totals_equal_the_store_report(store_url, engine, small_store, start, end, unit):
    unit_id = getattr(small_store, unit) if unit else None
    assert queries.totals(store_url, start, end, unit_id, SYSTEM) == stats.totals(engine, start, end, unit_id, scope=SYSTEM)


def test_totals_of_a_period_without_dossiers_are_zero(store_url, small_store):
    assert queries.totals(store_url, dt.date(2020, 1, 1), dt.date(2020, 12, 31), None, SYSTEM) == stats.DossierTotals()


def test_data_span_covers_whole_months(store_url, small_store):
    assert queries.data_span(store_url) == DataSpan(dt.date(2021, 11, 1), dt.date(2023, 2, 28))


def test_data_span_of_a_store_without_dossiers_is_none(store_url):
    assert queries.data_span(store_url) is None
