"""Placeholder until the page lands."""
import streamlit as st

from dashboard.i18n import t

st.title(t("page.setup"))
