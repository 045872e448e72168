"""The only place pages get data: cached wrappers around `data/` read models.

Engines are not hashable, so every function takes the store URL and looks
the engine up in `store.engine_for`. Cached results expire after a while
because "overdue" depends on today's date and imports may land meanwhile.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.periods import DataSpan, month_end
from dashboard.store import engine_for
from data.dossiers import stats
from data.units import load_units

TTL = dt.timedelta(minutes=15)
# Wide enough to hold any dossier the store can have.
_ALL_TIME = (dt.date(1990, 1, 1), dt.date(2100, 12, 31))


@st.cache_data(ttl=TTL, show_spinner=False)
def units(url: str) -> pd.DataFrame:
    return load_units(engine_for(url))


@st.cache_data(ttl=TTL, show_spinner=False)
def data_span(url: str) -> DataSpan | None:
    trend = stats.monthly_trend(engine_for(url), *_ALL_TIME)
    trend = trend[trend["received"] > 0]
    if trend.empty:
        return None
    return DataSpan(first=min(trend["month"]), last=month_end(max(trend["month"])))


@st.cache_data(ttl=TTL, show_spinner=False)
def totals(url: str, start: dt.date, end: dt.date, unit_id: int | None) -> stats.DossierTotals:
    return stats.totals(engine_for(url), start, end, unit_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def monthly_trend(url: str, start: dt.date, end: dt.date, unit_id: int | None) -> pd.DataFrame:
    return stats.monthly_trend(engine_for(url), start, end, unit_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def ranking(url: str, start: dt.date, end: dt.date, parent_id: int | None) -> pd.DataFrame:
    return stats.ranking(engine_for(url), start, end, parent_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def unit_table(url: str, start: dt.date, end: dt.date, unit_ids: tuple[int, ...]) -> pd.DataFrame:
    return stats.unit_table(engine_for(url), start, end, list(unit_ids))


def clear() -> None:
    """Forget cached figures (after an import); engines stay open."""
    for fn in (units, data_span, totals, monthly_trend, ranking, unit_table):
        fn.clear()
