"""Cached wrappers around `data.presence` for the desk pages.

The live view's figures (current states, coverage so far, absences) are not
cached: they change every few seconds and caching them per instant would
only grow memory over a working day. Desk lists and past days are cached.
Every read carries a `Scope` (left out: the signed-in one); a desk outside
it raises AccessDenied in `data/`.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.session import current_scope
from dashboard.store import engine_for
from data.access import Scope
from data.presence import coverage, desks, incidents, intervals, policy
from domain.presence_policy import PresencePolicy

DESKS_TTL = dt.timedelta(minutes=15)
# A day's timeline still grows while it is today.
DAY_TTL = dt.timedelta(minutes=1)


def _scope(scope: Scope | None) -> Scope:
    return current_scope() if scope is None else scope


def unit_desks(url: str, unit_id: int | None, day: dt.date, scope: Scope | None = None) -> pd.DataFrame:
    return _unit_desks(url, unit_id, day, _scope(scope))


@st.cache_data(ttl=DESKS_TTL, show_spinner=False, max_entries=64)
def _unit_desks(url: str, unit_id: int | None, day: dt.date, scope: Scope) -> pd.DataFrame:
    return desks.unit_desks(engine_for(url), unit_id, day, scope=scope)


def day_intervals(url: str, desk_ids: tuple[int, ...], day: dt.date, scope: Scope | None = None) -> pd.DataFrame:
    return _day_intervals(url, tuple(desk_ids), day, _scope(scope))


@st.cache_data(ttl=DAY_TTL, show_spinner=False, max_entries=32)
def _day_intervals(url: str, desk_ids: tuple[int, ...], day: dt.date, scope: Scope) -> pd.DataFrame:
    return intervals.day_intervals(engine_for(url), desk_ids, day, scope=scope)


def day_incidents(url: str, desk_ids: tuple[int, ...], day: dt.date, scope: Scope | None = None) -> pd.DataFrame:
    return _day_incidents(url, tuple(desk_ids), day, _scope(scope))


@st.cache_data(ttl=DAY_TTL, show_spinner=False, max_entries=32)
def _day_incidents(url: str, desk_ids: tuple[int, ...], day: dt.date, scope: Scope) -> pd.DataFrame:
    return incidents.day_incidents(engine_for(url), desk_ids, day, scope=scope)


def desk_policies(url: str, desk_ids: tuple[int, ...]) -> dict[int, PresencePolicy]:
    """Each desk's presence policy, read afresh (two small queries): a saved change shows on the next refresh."""
    return policy.policies_for_desks(engine_for(url), desk_ids)


def current_states(url: str, desk_ids: tuple[int, ...], now: dt.datetime, scope: Scope | None = None) -> pd.DataFrame:
    return intervals.current_states(engine_for(url), desk_ids, now, scope=_scope(scope))


def coverage_so_far(url: str, desk_ids: tuple[int, ...], now: dt.datetime, scope: Scope | None = None) -> pd.DataFrame:
    return coverage.coverage_so_far(engine_for(url), desk_ids, now, scope=_scope(scope))


def clear() -> None:
    for fn in (_unit_desks, _day_intervals, _day_incidents):
        fn.clear()
