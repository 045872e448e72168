"""Kiểm điểm tháng (monthly discipline review): per unit, desk and staff member, with incidents, excuses, exports."""
import streamlit as st

from dashboard import deep_link, queries, widgets
from dashboard import review_queries as rq
from dashboard.clock import now_utc
from dashboard.format import fmt_date, fmt_month
from dashboard.i18n import t
from dashboard.markdown_text import md_escape
from dashboard.policy_text import incident_minutes
from dashboard.review_notes_view import findings_section, incident_section, violation_section
from dashboard.review_view import desk_and_staff_tables, downloads, focus, month_picker, summary_tiles, unit_table
from dashboard.session import require_page
from dashboard.store import store_url
from data.review.desk_month import GRACE_S
from data.review.months import last_complete_month, month_options
from domain.timezone import local_today

url = store_url()
st.title(t("page.review"))
scope = require_page("kiem-diem-thang")
units = queries.unit_tree(url, scope)
if not units:
    st.info(t("review.no_desks"))
    st.stop()
now = now_utc()
today = local_today(now)
options = month_options(rq.months(url), today)
deep_link.seed_unit("review.unit", units)  # a link from the home page: ?unit=…&month=YYYY-MM
deep_link.seed_month("review.month", options)
left, right = st.columns([3, 1])
with left:
    unit_id = widgets.unit_picker(units, key="review.unit")
with right:
    month = month_picker(options, last_complete_month(today), key="review.month")
review = rq.review(url, scope, unit_id, month)
st.header(t("review.heading", month=fmt_month(month), unit=md_escape(review.title)))
st.caption(t("review.rules", minutes=incident_minutes(review.incident_thresholds_s), grace=int(GRACE_S // 60)))
if month == today.replace(day=1):  # this month so far: compare with care
    st.caption(t("review.month.partial", today=fmt_date(today)))
if review.desks.empty and review.findings.empty:
    st.info(t("review.no_desks"))
    st.stop()
summary_tiles(review)
picked = unit_table(review)
label, part = focus(review, picked)
desk_and_staff_tables(part, label, several_units=picked is None and len(review.units) > 1)
incident_section(url, scope, part, label)
violation_section(url, scope, part, label)
findings_section(part, label)
downloads(url, scope, review, now)
