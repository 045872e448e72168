"""Nhật ký truy cập (audit log): administrators search who looked at or changed what, paged."""
import datetime as dt
from dataclasses import replace

import streamlit as st

from dashboard.audit_view import action_label, audit_table
from dashboard.clock import now_utc
from dashboard.format import fmt_int
from dashboard.i18n import lang, t
from dashboard.session import require_page
from dashboard.store import engine_for, store_url
from dashboard.widgets import pick_hint
from data.audit import AuditQuery, distinct_actions, search
from domain.timezone import local_day_start_utc, local_today

PAGE_SIZE = 50

url = store_url()
st.title(t("page.audit"))
scope = require_page("nhat-ky-truy-cap")
if not scope.can_read_audit:
    st.error(t("auth.page_denied"))
    st.stop()
st.caption(t("audit.intro"))
engine = engine_for(url)
today = local_today(now_utc())
left, middle, right = st.columns(3)
with left:
    actor = st.text_input(t("audit.actor"), key="audit.actor").strip() or None
with middle:
    actions = [None, *distinct_actions(engine)]
    action = st.selectbox(t("audit.action"), actions, key="audit.action",
                          format_func=lambda a: t("audit.any") if a is None else action_label(a),
                          placeholder=pick_hint())
with right:
    period = st.date_input(t("audit.period"), value=(today - dt.timedelta(days=30), today), max_value=today,
                           format="DD/MM/YYYY", key="audit.period")
text = st.text_input(t("audit.text"), key="audit.text").strip() or None
start = end = None
if isinstance(period, (tuple, list)) and len(period) == 2:
    start, end = local_day_start_utc(period[0]), local_day_start_utc(period[1] + dt.timedelta(days=1))
query = AuditQuery(actor=actor, action=action, start=start, end=end, text=text, page_size=PAGE_SIZE)
total = search(engine, query).total
pages = max(1, -(-total // PAGE_SIZE))
page_no = st.number_input(t("audit.page"), min_value=1, max_value=pages, value=1, step=1, key="audit.page") \
    if pages > 1 else 1
found = search(engine, replace(query, page=int(page_no) - 1))
st.caption(t("audit.total", count=fmt_int(found.total, lang())) + " · " +
           t("audit.page_of", page=int(page_no), pages=found.page_count))
if found.rows.empty:
    st.info(t("audit.none"))
else:
    st.dataframe(audit_table(found.rows), hide_index=True, width="stretch")
