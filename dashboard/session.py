"""The signed-in account's scope, as pages read it, and the session cookie as the page sees it.

Sign-in (dashboard/pages/sign_in.py, or OIDC in streamlit_app.py) puts the
account's `Scope` under `SCOPE_KEY`. With none there, a page draws a sign-in
prompt and stops: no page ever falls back to the whole province.

A real sign-in also has a store session (`SESSION_ID_KEY`, data/accounts/sessions.py). Its
cookie reaches the browser through a one-time code that the next run POSTs from the page
(`send_to_browser`, answered by dashboard/web/session_routes.py); a page script cannot set an
HttpOnly cookie itself, but reads the one sent with its connection (`cookie_token`).
"""
from __future__ import annotations

import json

import streamlit as st

from data.access import Scope, may_open
from dashboard.i18n import LANG_KEY, t
from dashboard.web.paths import CLAIM_PATH, COOKIE_NAME, END_PATH, under_base

SCOPE_KEY = "scope"
DISPLAY_NAME_KEY = "auth.display_name"
# Set only by a real sign-in: such sessions are re-checked against the account on every run.
ACCOUNT_KEY = "auth.account"
SESSION_ID_KEY = "auth.session_id"  # the store session (sign_in_session.id) of this sign-in
HANDOFF_KEY = "auth.handoff"  # a one-time code the next run hands to the browser for the cookie
CLEAR_COOKIE_KEY = "auth.clear_cookie"  # signed out: the next run asks the server to clear the cookie
# Why this page session is signed out: SIGNED_OUT (its own button) or ENDED (elsewhere, expired, disabled).
# Its connection's cookie is then stale: it is not tried again, nor is a provider's sign-in reused.
ENDED_KEY = "auth.ended"
SIGNED_OUT, ENDED = "signed_out", "ended"


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


def sign_in(scope: Scope, display_name: str | None, session_id: int | None = None,
            handoff_code: str | None = None) -> None:
    st.session_state[SCOPE_KEY] = scope
    st.session_state[DISPLAY_NAME_KEY] = display_name or scope.username
    st.session_state[ACCOUNT_KEY] = scope.username
    st.session_state.pop(ENDED_KEY, None)
    st.session_state.pop(CLEAR_COOKIE_KEY, None)
    if session_id is not None:
        st.session_state[SESSION_ID_KEY] = session_id
    if handoff_code is not None:
        st.session_state[HANDOFF_KEY] = handoff_code


def forget(why: str | None = None) -> None:
    """Sign-out: the scope and everything the pages remembered for this person go.

    `why` (SIGNED_OUT or ENDED) marks the page session so its stale cookie is not tried again. Only its
    own sign-out clears the browser's cookie on the next run: a session that ended elsewhere leaves it,
    since by then it may belong to a newer sign-in in another tab.
    """
    for key in list(st.session_state.keys()):
        if key != LANG_KEY:
            del st.session_state[key]
    if why is not None:
        st.session_state[ENDED_KEY] = why
    if why == SIGNED_OUT:
        st.session_state[CLEAR_COOKIE_KEY] = True


def cookie_token() -> str | None:
    """The session cookie sent with this page session's connection (None in AppTest or without one)."""
    try:
        token = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # no browser connection (bare script run)
        return None
    return token if isinstance(token, str) else None  # AppTest's stand-in context answers with mocks


def _post_from_page(path: str, body: str = "") -> None:
    url = under_base(st.get_option("server.baseUrlPath"), path)
    # json.dumps quotes both values for JavaScript; the code is URL-safe base64 and never user text.
    st.html(f"<script>fetch({json.dumps(url)}, {{method: 'POST', body: {json.dumps(body)}, "
            "credentials: 'same-origin', headers: {'Content-Type': 'text/plain'}});</script>",
            unsafe_allow_javascript=True)


def send_to_browser() -> None:
    """After a sign-in, the page trades the one-time code for the HttpOnly cookie; after a sign-out it
    asks the server to clear the cookie. In a POST body, never in an address."""
    code = st.session_state.pop(HANDOFF_KEY, None)
    if code:
        _post_from_page(CLAIM_PATH, code)
    if st.session_state.pop(CLEAR_COOKIE_KEY, False):
        _post_from_page(END_PATH)
