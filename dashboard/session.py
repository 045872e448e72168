"""The signed-in account's scope, as pages read it.

Sign-in (dashboard/pages/sign_in.py, or OIDC in streamlit_app.py) puts the
account's `Scope` under `SCOPE_KEY`. With none there, a page draws a sign-in
prompt and stops: no page ever falls back to the whole province.
"""
from __future__ import annotations

import streamlit as st

from data.access import Scope, may_open
from dashboard.i18n import LANG_KEY, t

SCOPE_KEY = "scope"
DISPLAY_NAME_KEY = "auth.display_name"
# Set only by a real sign-in: such sessions are re-checked against the account on every run.
ACCOUNT_KEY = "auth.account"


def signed_in_scope() -> Scope | None:
    scope = st.session_state.get(SCOPE_KEY)
    return scope if isinstance(scope, Scope) else None


def current_scope() -> Scope:
    """The signed-in scope; without one the page shows a sign-in prompt and stops here."""
    scope = signed_in_scope()
    if scope is None:
        st.warning(t("auth.required"))
        st.stop()
    return scope


def require_page(page: str) -> Scope:
    """The signed-in scope, when its role may open `page` (url_path); otherwise the page stops."""
    scope = current_scope()
    if not may_open(scope, page):
        st.error(t("auth.page_denied"))
        st.stop()
    return scope


def sign_in(scope: Scope, display_name: str | None) -> None:
    st.session_state[SCOPE_KEY] = scope
    st.session_state[DISPLAY_NAME_KEY] = display_name or scope.username
    st.session_state[ACCOUNT_KEY] = scope.username


def forget() -> None:
    """Sign-out: the scope and everything the pages remembered for this person go."""
    for key in list(st.session_state.keys()):
        if key != LANG_KEY:
            del st.session_state[key]
