"""Đăng nhập (sign in): built-in accounts, and single sign-on when `[auth]` is configured.

Shown at /dang-nhap and, signed out, at the address of every page, which opens after sign-in.
"""
import streamlit as st

from dashboard import auth, session
from dashboard.i18n import t
from dashboard.store import engine_for, store_url
from data.accounts import signin
from data.accounts.accounts import has_accounts

url = store_url()
st.title(t("page.sign_in"))
if session.signed_in_scope() is not None:
    st.rerun()  # the app shell shows the signed-in pages
outcome = st.session_state.get(auth.OIDC_OUTCOME_KEY)
if outcome not in (None, signin.OK):
    email, subject = st.user.get("email"), st.user.get("sub")
    st.error(auth.refusal_message(signin.SignInResult(outcome), who=email or subject or ""))
    if st.button(t("auth.sign_out"), key="auth.oidc_out"):
        st.session_state.pop(auth.OIDC_OUTCOME_KEY, None)
        st.logout()
if st.session_state.get(session.ENDED_KEY) == session.ENDED:
    st.info(t("auth.session_ended"))  # signed out in another tab, expired, or the account was disabled
st.caption(t("auth.intro"))
if not has_accounts(engine_for(url)):
    # No default password exists: the first administrator comes from the command line.
    st.info(t("auth.no_accounts"))
if auth.oidc_configured():
    if st.button(t("auth.oidc_button"), key="auth.oidc", type="primary"):
        st.login()
    st.caption(t("auth.or"))
with st.form("auth.form", clear_on_submit=True):
    username = st.text_input(t("auth.username"), key="auth.username")
    password = st.text_input(t("auth.password"), type="password", key="auth.password")
    submitted = st.form_submit_button(t("auth.submit"), key="auth.submit")
if submitted:
    if not username.strip() or not password:
        st.error(t("auth.empty"))
    else:
        result = signin.sign_in_password(engine_for(url), username, password)
        if result.ok:
            # The page asked for stays: every address has a sign-in stand-in (dashboard/page_routes.py).
            auth.start_session(url, result, "password")
            st.rerun()
        st.error(auth.refusal_message(result))
