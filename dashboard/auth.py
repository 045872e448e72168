"""Who is signed in: password sign-in, OIDC (`st.login`) mapped to accounts, the session cookie, the account box.

Every sign-in starts a store session (data/accounts/sessions.py) whose cookie lets F5, a new tab or a
bookmark come back signed in (`resume`); every run re-checks that session (`revalidate`), so signing
out in one tab, or an administrator disabling the account, signs out every other tab at its next run.
"""
from __future__ import annotations

import streamlit as st
from sqlalchemy import select

from dashboard import session
from dashboard.format import fmt_time
from dashboard.i18n import t
from dashboard.store import engine_for
from data.accounts import sessions, signin
from data.accounts.accounts import current_scope_of
from data.schema import Unit

# The outcome of the last OIDC mapping in this session, so a refused identity is logged once, not per rerun.
OIDC_OUTCOME_KEY = "auth.oidc_outcome"


def oidc_configured() -> bool:
    """An `[auth]` section in .streamlit/secrets.toml turns on single sign-on."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False


def _oidc_identity() -> tuple[str | None, str | None]:
    user = st.user
    return user.get("email"), user.get("sub")


def start_session(url: str, result: signin.SignInResult, method: str) -> None:
    """A granted sign-in: a store session, and its one-time code for the browser's cookie (next run)."""
    started = sessions.start_session(engine_for(url), result.scope.username, method)
    session.sign_in(result.scope, result.display_name, started.id, started.handoff_code)


def resume(url: str) -> None:
    """A new page session (F5, a new tab, a bookmark, a shared link): the session cookie signs it in."""
    if session.signed_in_scope() is not None or st.session_state.get(session.ENDED_KEY):
        return
    live = sessions.resume(engine_for(url), session.cookie_token())
    if live is not None:
        session.sign_in(live.scope, live.display_name, live.id)


def sync_oidc(url: str) -> None:
    """After `st.login` returns, map the provider's identity to an account (never create one)."""
    if session.signed_in_scope() is not None or not oidc_configured() or not st.user.get("is_logged_in"):
        return
    if st.session_state.get(session.ENDED_KEY):
        return  # signed out (here or elsewhere): the provider's cookie of this connection is not reused
    email, subject = _oidc_identity()
    if st.session_state.get(OIDC_OUTCOME_KEY) is not None:
        return
    result = signin.sign_in_oidc(engine_for(url), email, subject)
    st.session_state[OIDC_OUTCOME_KEY] = result.outcome
    if result.ok:
        start_session(url, result, "oidc")


def revalidate(url: str) -> None:
    """A signed-in session follows its store session and account: ended, expired, disabled or deleted signs
    it out; a changed role or unit applies."""
    scope = session.signed_in_scope()
    if scope is None:
        return
    session_id = st.session_state.get(session.SESSION_ID_KEY)
    if session_id is not None:
        live = sessions.check(engine_for(url), session_id, scope.username)
        now = None if live is None else live.scope
    elif (username := st.session_state.get(session.ACCOUNT_KEY)) is not None:
        now = current_scope_of(engine_for(url), username)
    else:
        return  # a scope put there directly (AppTest): nothing to follow
    if now is None:
        session.forget(session.ENDED)
    elif now != scope:
        st.session_state[session.SCOPE_KEY] = now


def refusal_message(result: signin.SignInResult, who: str = "") -> str:
    if result.outcome == signin.LOCKED and result.locked_until is not None:
        return t("auth.locked", time=fmt_time(result.locked_until))
    if result.outcome == signin.INACTIVE:
        return t("auth.inactive")
    if result.outcome == signin.BUSY:
        return t("auth.busy")
    if result.outcome == signin.UNKNOWN_IDENTITY:
        return t("auth.oidc_unknown", who=who)
    return t("auth.bad_credentials")


def _unit_name(url: str, unit_path: str) -> str:
    unit_id = int(unit_path.strip("/").split("/")[-1])
    with engine_for(url).connect() as c:
        return c.execute(select(Unit.name).where(Unit.id == unit_id)).scalar() or unit_path


def account_box(url: str) -> None:
    """Sidebar: who is signed in, their role and scope, and sign-out."""
    scope = session.signed_in_scope()
    if scope is None:
        return
    name = st.session_state.get(session.DISPLAY_NAME_KEY, scope.username)
    where = t("auth.scope_province") if scope.whole_province else t("auth.scope", unit=_unit_name(url, scope.unit_path))
    # Plain text, not markdown: a display name is not trusted to format the sidebar.
    st.sidebar.text(t("auth.signed_in_as", name=name, role=t(f"role.{scope.role}")) + "\n" + where)
    if st.sidebar.button(t("auth.sign_out"), key="auth.sign_out"):
        session_id = st.session_state.get(session.SESSION_ID_KEY)
        if session_id is not None:
            sessions.end_session(engine_for(url), session_id)  # every tab of this sign-in, at its next run
        signin.record_sign_out(engine_for(url), scope)
        was_oidc = oidc_configured() and st.user.get("is_logged_in")
        session.forget(session.SIGNED_OUT)
        if was_oidc:
            st.logout()
        st.rerun()
