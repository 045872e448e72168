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
from dashboard.tree import UnitTree, build as build_tree
from data.dossiers import stats
from data.units import load_units

TTL = dt.timedelta(minutes=15)
_NO_MONTHS = pd.DataFrame(columns=["month", *stats.COUNTS, "on_time_rate", "online_share"])


@st.cache_data(ttl=TTL, show_spinner=False)
def unit_tree(url: str) -> UnitTree:
    return build_tree(load_units(engine_for(url)))


@st.cache_data(ttl=TTL, show_spinner=False)
def data_span(url: str) -> DataSpan | None:
    span = stats.data_span(engine_for(url))
    if span is None:
        return None
    return DataSpan(first=span[0].replace(day=1), last=month_end(span[1]))


def totals(url: str, start: dt.date, end: dt.date, unit_id: int | None) -> stats.DossierTotals:
    """The period's totals are the sum of its months: one scan serves the tiles and the trend."""
    trend = monthly_trend(url, start, end, unit_id)
    return stats.DossierTotals(**{k: int(trend[k].sum()) for k in stats.COUNTS})


@st.cache_data(ttl=TTL, show_spinner=False)
def monthly_trend(url: str, start: dt.date, end: dt.date, unit_id: int | None) -> pd.DataFrame:
    trend = stats.monthly_trend(engine_for(url), start, end, unit_id)
    return _NO_MONTHS.copy() if trend.empty else trend


@st.cache_data(ttl=TTL, show_spinner=False)
def ranking(url: str, start: dt.date, end: dt.date, parent_id: int | None) -> pd.DataFrame:
    """Sub-units with dossiers in the period, best on-time rate first (empty when none)."""
    return stats.ranking(engine_for(url), start, end, parent_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def unit_table(url: str, start: dt.date, end: dt.date, unit_ids: tuple[int, ...]) -> pd.DataFrame | None:
    """One row per unit with its subtree's figures; None when the period has no figures."""
    table = stats.unit_table(engine_for(url), start, end, list(unit_ids))
    return None if table[list(stats.COUNTS)].to_numpy().sum() == 0 else table


def clear() -> None:
    """Forget cached figures (after an import); engines stay open."""
    for fn in (unit_tree, data_span, monthly_trend, ranking, unit_table):
        fn.clear()
