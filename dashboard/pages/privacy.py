"""Bảo vệ dữ liệu cá nhân (privacy notice): purpose, what is recorded and blurred, retention, roles, contact.

Open to everyone, signed in or not; the retention figures and the contact are the store's settings.
"""
import streamlit as st

from dashboard.i18n import t
from dashboard.markdown_text import md_escape
from dashboard.privacy_view import role_matrix, settings_form
from dashboard.session import signed_in_scope
from dashboard.store import engine_for, store_url
from data.retention.policy import privacy_contact, retention_policy

engine = engine_for(store_url())
policy = retention_policy(engine)
st.title(t("page.privacy"))
st.markdown(t("privacy.intro"))
st.subheader(t("privacy.purpose.title"))
st.markdown(t("privacy.purpose"))
st.subheader(t("privacy.recorded.title"))
st.markdown(t("privacy.recorded"))
st.subheader(t("privacy.blurred.title"))
st.markdown(t("privacy.blurred"))
st.subheader(t("privacy.retention.title"))
st.markdown(t("privacy.retention", live=policy.live_minutes, days=policy.evidence_days))
st.subheader(t("privacy.roles.title"))
st.caption(t("privacy.roles.caption"))
st.dataframe(role_matrix(), hide_index=True, width="stretch")
st.subheader(t("privacy.contact.title"))
contact = privacy_contact(engine)
st.markdown(t("privacy.contact", contact=md_escape(contact)) if contact else t("privacy.contact_missing"))
scope = signed_in_scope()
if scope is not None and scope.can_configure:
    settings_form(engine, scope, policy, contact)
