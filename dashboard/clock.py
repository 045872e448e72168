"""The app's idea of "now": the real clock, or a fixed instant put in session state (demos, tests)."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from domain.timezone import as_utc

NOW_KEY = "clock.now"


def now_utc() -> dt.datetime:
    fixed = st.session_state.get(NOW_KEY)
    return as_utc(fixed) if isinstance(fixed, dt.datetime) else dt.datetime.now(dt.UTC)
