"""Trực tiếp (live view): counts by state, current absences, then each desk's tile (its zone of the newest
face-blurred frame, state, coverage today), absences first; starts on the account's own unit."""
import streamlit as st

from dashboard import presence_queries as pq
from dashboard import queries
from dashboard.clock import now_utc
from dashboard.i18n import t
from dashboard.live_view import live_board
from dashboard.own_unit import own_unit_picker
from dashboard.session import require_page
from dashboard.store import store_url
from domain.timezone import local_today

url = store_url()
st.title(t("page.live"))
scope = require_page("truc-tiep")
units = queries.unit_tree(url, scope)
if not units:
    st.info(t("desks.none"))
    st.stop()
unit_id = own_unit_picker(units, scope, key="live.unit")
desks = pq.unit_desks(url, unit_id, local_today(now_utc()), scope)
if desks.empty:
    st.info(t("desks.none"))
    st.stop()
live_board(url, desks, unit_id, scope)
