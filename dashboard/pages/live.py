"""Trực tiếp (live view): each desk's newest face-blurred frame, state, coverage today; current absences."""
import streamlit as st

from dashboard import presence_queries as pq
from dashboard import queries, widgets
from dashboard.auth_audit import audit_once
from dashboard.clock import now_utc
from dashboard.i18n import t
from dashboard.live_view import PER_PAGE, live_board
from dashboard.paging import paginate
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
unit_id = widgets.unit_picker(units, key="live.unit")
desks = pq.unit_desks(url, unit_id, local_today(now_utc()), scope)
if desks.empty:
    st.info(t("desks.none"))
    st.stop()
shown = paginate(desks, PER_PAGE, key="live.page")
# Opening a live view of these desks (their cameras' frames) is logged once per session.
desk_ids = [int(i) for i in shown["desk_id"]]
audit_once(url, scope, "live_view", f"unit:{unit_id}" if unit_id is not None else "unit:*", unit_id,
           {"desks": desk_ids})
live_board(url, desks, shown, scope)
