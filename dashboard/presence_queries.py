"""Cached wrappers around `data.presence` for the desk pages.

The live view's figures (current states, coverage so far, absences) are not
cached: they change every few seconds and caching them per instant would
only grow memory over a working day. Desk lists and past days are cached.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.store import engine_for
from data.presence import coverage, desks, incidents, intervals

DESKS_TTL = dt.timedelta(minutes=15)
# A day's timeline still grows while it is today.
DAY_TTL = dt.timedelta(minutes=1)


@st.cache_data(ttl=DESKS_TTL, show_spinner=False, max_entries=64)
def unit_desks(url: str, unit_id: int | None, day: dt.date) -> pd.DataFrame:
    return desks.unit_desks(engine_for(url), unit_id, day)


@st.cache_data(ttl=DAY_TTL, show_spinner=False, max_entries=32)
def day_intervals(url: str, desk_ids: tuple[int, ...], day: dt.date) -> pd.DataFrame:
    return intervals.day_intervals(engine_for(url), desk_ids, day)


@st.cache_data(ttl=DAY_TTL, show_spinner=False, max_entries=32)
def day_incidents(url: str, desk_ids: tuple[int, ...], day: dt.date) -> pd.DataFrame:
    return incidents.day_incidents(engine_for(url), desk_ids, day)


def current_states(url: str, desk_ids: tuple[int, ...], now: dt.datetime) -> pd.DataFrame:
    return intervals.current_states(engine_for(url), desk_ids, now)


def coverage_so_far(url: str, desk_ids: tuple[int, ...], now: dt.datetime) -> pd.DataFrame:
    return coverage.coverage_so_far(engine_for(url), desk_ids, now)


def clear() -> None:
    for fn in (unit_desks, day_intervals, day_incidents):
        fn.clear()
