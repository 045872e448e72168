"""The signed-in account's scope, as pages read it.

Until sign-in (issue #6) sets `st.session_state["scope"]`, the app acts with
the whole province.
"""
from __future__ import annotations

import streamlit as st

from data.access import SYSTEM, Scope

SCOPE_KEY = "scope"


def current_scope() -> Scope:
    scope = st.session_state.get(SCOPE_KEY)
    return scope if isinstance(scope, Scope) else SYSTEM
