"""The only place pages get data: cached wrappers around `data/` read models.

Engines are not hashable, so every function takes the store URL and looks
the engine up in `store.engine_for`. Cached results expire after a while
because "overdue" depends on today's date and imports may land meanwhile.
Every figure is read for a `Scope` (a frozen dataclass, so it keys the cache);
left out, it is the signed-in one (never the whole province by default).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.periods import DataSpan, month_end
from dashboard.session import current_scope
from dashboard.store import engine_for
from dashboard.tree import UnitTree, build as build_tree
from data.access import Scope
from data.dossiers import stats
from data.units import load_units

TTL = dt.timedelta(minutes=15)
_NO_MONTHS = pd.DataFrame(columns=["month", *stats.COUNTS, "on_time_rate", "online_share"])


def _scope(scope: Scope | None) -> Scope:
    return current_scope() if scope is None else scope


def scoped_units(units: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The scope's subtree; its top unit becomes a root, so pickers start there."""
    if scope.unit_path is None:
        return units
    inside = units[units["path"].str.startswith(scope.unit_path)].copy()
    inside.loc[~inside["parent_id"].isin(inside["id"]), "parent_id"] = pd.NA
    return inside


def unit_tree(url: str, scope: Scope | None = None) -> UnitTree:
    return _unit_tree(url, _scope(scope))


@st.cache_data(ttl=TTL, show_spinner=False)
def _unit_tree(url: str, scope: Scope) -> UnitTree:
    return build_tree(scoped_units(load_units(engine_for(url)), scope))


@st.cache_data(ttl=TTL, show_spinner=False)
def data_span(url: str) -> DataSpan | None:
    """The store's first and last months with figures (dates only, no unit rows: not scoped)."""
    span = stats.data_span(engine_for(url))
    if span is None:
        return None
    return DataSpan(first=span[0].replace(day=1), last=month_end(span[1]))


def totals(url: str, start: dt.date, end: dt.date, unit_id: int | None,
           scope: Scope | None = None) -> stats.DossierTotals:
    """The period's totals are the sum of its months: one scan serves the tiles and the trend."""
    trend = monthly_trend(url, start, end, unit_id, _scope(scope))
    return stats.DossierTotals(**{k: int(trend[k].sum()) for k in stats.COUNTS})


def monthly_trend(url: str, start: dt.date, end: dt.date, unit_id: int | None,
                  scope: Scope | None = None) -> pd.DataFrame:
    return _monthly_trend(url, start, end, unit_id, _scope(scope))


@st.cache_data(ttl=TTL, show_spinner=False)
def _monthly_trend(url: str, start: dt.date, end: dt.date, unit_id: int | None, scope: Scope) -> pd.DataFrame:
    trend = stats.monthly_trend(engine_for(url), start, end, unit_id, scope=scope)
    return _NO_MONTHS.copy() if trend.empty else trend


def ranking(url: str, start: dt.date, end: dt.date, parent_id: int | None, scope: Scope | None = None) -> pd.DataFrame:
    """Sub-units with dossiers in the period, best on-time rate first (empty when none)."""
    return _ranking(url, start, end, parent_id, _scope(scope))


@st.cache_data(ttl=TTL, show_spinner=False)
def _ranking(url: str, start: dt.date, end: dt.date, parent_id: int | None, scope: Scope) -> pd.DataFrame:
    return stats.ranking(engine_for(url), start, end, parent_id, scope=scope)


def unit_table(url: str, start: dt.date, end: dt.date, unit_ids: tuple[int, ...],
               scope: Scope | None = None) -> pd.DataFrame | None:
    """One row per unit with its subtree's figures; None when the period has no figures."""
    return _unit_table(url, start, end, tuple(unit_ids), _scope(scope))


@st.cache_data(ttl=TTL, show_spinner=False)
def _unit_table(url: str, start: dt.date, end: dt.date, unit_ids: tuple[int, ...], scope: Scope) -> pd.DataFrame | None:
    table = stats.unit_table(engine_for(url), start, end, list(unit_ids), scope=scope)
    return None if table[list(stats.COUNTS)].to_numpy().sum() == 0 else table


def clear() -> None:
    """Forget cached figures (after an import); engines stay open."""
    for fn in (_unit_tree, data_span, _monthly_trend, _ranking, _unit_table):
        fn.clear()
