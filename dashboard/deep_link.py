"""Links that open a page on a given unit, day or month (the home page's lines), and how pages read them.

A link carries plain query parameters (`?unit=12&day=2026-03-02`), never a token: a bookmark or a
shared link opens the same view for whoever may see it. The target page calls `seed_*` before it
draws its pickers: a parameter it has not applied yet is put into the picker's state once, so a
later pick on the page wins; a value the reader may not see (a unit outside the scope, a day in
the future) is ignored and the page opens as usual. Opening the home page forgets what was
applied, so following the same link again applies it again.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container
from typing import TypeVar

import streamlit as st

UNIT, DAY, MONTH, DESK, AT = "unit", "day", "month", "desk", "at"
APPLIED = "deep_link.applied."  # + widget key: the raw parameter last put into that widget
T = TypeVar("T")


def unit_param(unit_id: int | None) -> dict[str, str]:
    return {} if unit_id is None else {UNIT: str(int(unit_id))}


def day_params(unit_id: int | None, day: dt.date, desk_id: int | None = None,
               at: dt.datetime | None = None) -> dict[str, str]:
    """The desk day of `unit_id` on `day`; `desk_id` and `at` (an incident's UTC start) pick its evidence."""
    out = {**unit_param(unit_id), DAY: day.isoformat()}
    if desk_id is not None:
        out[DESK] = str(int(desk_id))
    if at is not None:
        out[AT] = str(round(at.timestamp() * 1000))
    return out


def month_params(unit_id: int | None, month: dt.date) -> dict[str, str]:
    return {**unit_param(unit_id), MONTH: month.strftime("%Y-%m")}


def forget_applied() -> None:
    """Called by the home page: the next link followed is applied afresh."""
    for key in [k for k in st.session_state.keys() if str(k).startswith(APPLIED)]:
        del st.session_state[key]


def _raw(param: str) -> str | None:
    value = st.query_params.get(param)
    return value if isinstance(value, str) and value else None


def seed(param: str, key: str, parse: Callable[[str], T], allowed: Callable[[T], bool]) -> T | None:
    """Put query parameter `param` into widget `key`'s state, once per new value; the value or None."""
    raw = _raw(param)
    memo = APPLIED + key
    if raw is None or st.session_state.get(memo) == raw:
        return None
    st.session_state[memo] = raw
    try:
        value = parse(raw)
    except ValueError:
        return None
    if not allowed(value):
        return None
    st.session_state[key] = value
    return value


def seed_unit(key: str, units: Container[int]) -> int | None:
    """A unit picker: only a unit of the reader's own tree is taken."""
    return seed(UNIT, key, int, lambda u: u in units)


def seed_day(key: str, latest: dt.date) -> dt.date | None:
    return seed(DAY, key, dt.date.fromisoformat, lambda d: d <= latest)


def seed_month(key: str, options: list[dt.date]) -> dt.date | None:
    return seed(MONTH, key, lambda raw: dt.date.fromisoformat(f"{raw}-01"), lambda m: m in options)


def seed_incident(key: str, shown: list[tuple[int, int]]) -> None:
    """An incident picker (index into `shown`: (desk id, start in UTC milliseconds) per incident):
    picks the incident the link names, once, when it is among those shown."""
    desk, at = _raw(DESK), _raw(AT)
    memo = APPLIED + key
    if not desk or not at or st.session_state.get(memo) == f"{desk}@{at}":
        return
    st.session_state[memo] = f"{desk}@{at}"
    try:
        wanted = (int(desk), int(at))
    except ValueError:
        return
    if wanted in shown:
        st.session_state[key] = shown.index(wanted)
