"""Cached reads for the Setup page; `clear()` after every change so the page shows what was saved.

Every read takes the scope (a frozen dataclass, part of the cache key) and
returns what data/setup lists: camera sources only in their redacted form.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.store import engine_for
from data.access import Scope
from data.setup import cameras, config_revision, desks, presence, schedules, staff, units

TTL = dt.timedelta(minutes=5)


@st.cache_data(ttl=TTL, show_spinner=False)
def unit_list(url: str, scope: Scope) -> pd.DataFrame:
    return units.units_in_scope(engine_for(url), scope)


@st.cache_data(ttl=TTL, show_spinner=False)
def camera_list(url: str, scope: Scope, unit_id: int) -> pd.DataFrame:
    return cameras.list_cameras(engine_for(url), scope, unit_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def desk_list(url: str, scope: Scope, unit_id: int) -> pd.DataFrame:
    return desks.list_desks(engine_for(url), scope, unit_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def week(url: str, scope: Scope, unit_id: int) -> list[schedules.OfficeHours]:
    return schedules.unit_week(engine_for(url), scope, unit_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def holiday_list(url: str, scope: Scope, year: int) -> pd.DataFrame:
    return schedules.list_holidays(engine_for(url), scope, year)


@st.cache_data(ttl=TTL, show_spinner=False)
def staff_list(url: str, scope: Scope, unit_id: int) -> pd.DataFrame:
    return staff.list_staff(engine_for(url), scope, unit_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def roster_list(url: str, scope: Scope, unit_id: int) -> pd.DataFrame:
    return staff.list_roster(engine_for(url), scope, unit_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def presence_policy(url: str, scope: Scope, unit_id: int) -> presence.UnitPolicyView:
    return presence.unit_policy(engine_for(url), scope, unit_id)


def revision(url: str) -> int:
    return config_revision(engine_for(url))


def clear() -> None:
    for fn in (unit_list, camera_list, desk_list, week, holiday_list, staff_list, roster_list, presence_policy):
        fn.clear()
