"""Cached wrappers around `data.inspections` for the inspections page and the overview.

Scope and filter are frozen dataclasses, so they key the cache like the URL.
`clear()` runs after every write so the page never shows a stale list.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.store import engine_for
from data.access import Scope
from data.inspections import queries, targets
from data.inspections.model import InspectionFilter
from data.settings import InspectionTarget, get_inspection_target

TTL = dt.timedelta(minutes=15)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def inspections(url: str, scope: Scope, flt: InspectionFilter) -> pd.DataFrame:
    return queries.list_inspections(engine_for(url), scope, flt)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def counts(url: str, scope: Scope, year: int, unit_ids: tuple[int, ...]) -> pd.DataFrame:
    return targets.inspection_counts(engine_for(url), scope, year, unit_ids)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def years(url: str, scope: Scope) -> list[int]:
    return queries.inspection_years(engine_for(url), scope)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def unit_staff(url: str, scope: Scope, unit_id: int) -> pd.DataFrame:
    return queries.unit_staff(engine_for(url), scope, unit_id)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def subtree_staff(url: str, scope: Scope, unit_id: int) -> pd.DataFrame:
    return queries.subtree_staff(engine_for(url), scope, unit_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def target(url: str) -> InspectionTarget:
    return get_inspection_target(engine_for(url))


def clear() -> None:
    for fn in (inspections, counts, years, unit_staff, subtree_staff, target):
        fn.clear()
