"""Cấu hình (setup): cameras, desks and their staff zones, office hours and holidays, staff and roster,
presence thresholds, dress-code counting (precision from decisions) and the dress-code model registry.

Administrators only; every change is scoped, revisioned and audited in data/setup,
and reaches a `python -m vision run --from-store` worker without a restart.
"""
import streamlit as st

from dashboard import setup_queries as sq
from dashboard.i18n import t
from dashboard.session import current_scope
from dashboard.setup_calendar import calendar_tab
from dashboard.setup_cameras import camera_tab
from dashboard.setup_desks import desk_tab
from dashboard.setup_dress_code import dress_code_tab
from dashboard.setup_forms import TAB_KEY, show_flash, tab_labels
from dashboard.setup_models import models_tab
from dashboard.setup_presence import presence_tab
from dashboard.setup_staff import staff_tab
from dashboard.store import store_url
from dashboard.widgets import pick_hint

url = store_url()
scope = current_scope()
st.title(t("page.setup"))
if not scope.can_configure:
    st.warning(t("setup.admins_only"))
    st.stop()
units = sq.unit_list(url, scope)
if units.empty:
    st.info(t("setup.no_units"))
    st.stop()
labels = {int(r.unit_id): "\u2003" * int(r.depth) + r.name for r in units.itertuples()}
unit_id = st.selectbox(t("setup.unit"), list(labels), format_func=labels.__getitem__, key="setup.unit",
                       placeholder=pick_hint())
st.caption(t("setup.revision", n=sq.revision(url)))
show_flash()
# Keyed and tracked on the server: a save's rerun (or an error shown above) keeps the tab the user was on.
cameras, desks, calendar, staff, presence, dress_code, models = st.tabs(
    tab_labels(["setup.tab.cameras", "setup.tab.desks", "setup.tab.calendar", "setup.tab.staff",
                "setup.tab.presence", "setup.tab.dress_code", "setup.tab.models"]), key=TAB_KEY, on_change="rerun")
with cameras:
    camera_tab(url, scope, unit_id)
with desks:
    desk_tab(url, scope, unit_id)
with calendar:
    calendar_tab(url, scope, unit_id, labels[unit_id].strip())
with staff:
    staff_tab(url, scope, unit_id)
with presence:
    presence_tab(url, scope, unit_id)
with dress_code:
    dress_code_tab(url, scope, unit_id, labels[unit_id].strip())
with models:
    models_tab(url)
