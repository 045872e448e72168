"""Cached wrappers around `data.scorecard` for the province overview.

The province-wide month of desk figures takes ~0.6 s on the demo store, so it
is cached like the dossier figures; writes that change it (an inspection, a
target, the weights) call `clear()`.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.store import engine_for
from data.access import Scope
from data.scorecard.figures import unit_discipline
from data.scorecard.months import presence_span as _presence_span
from data.settings import RankingWeights, get_ranking_weights

TTL = dt.timedelta(minutes=15)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def discipline(url: str, scope: Scope, view_id: int | None, unit_ids: tuple[int, ...], start: dt.date,
               end: dt.date, year: int) -> pd.DataFrame:
    return unit_discipline(engine_for(url), scope, view_id, unit_ids, start, end, year)


@st.cache_data(ttl=TTL, show_spinner=False)
def presence_span(url: str) -> tuple[dt.date, dt.date] | None:
    return _presence_span(engine_for(url))


@st.cache_data(ttl=TTL, show_spinner=False)
def weights(url: str) -> RankingWeights:
    return get_ranking_weights(engine_for(url))


def clear() -> None:
    """Forget cached scorecards (after an inspection or a setting changes)."""
    for fn in (discipline, presence_span, weights):
        fn.clear()
