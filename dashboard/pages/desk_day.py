"""Theo dõi trong ngày (desk day): each desk's states over a day, absence incidents and their evidence."""
import streamlit as st

from dashboard import presence_queries as pq
from dashboard import deep_link, queries, widgets
from dashboard.clock import now_utc
from dashboard.desk_day_view import (INCIDENT_KEY, day_picker, desk_labels, incident_section, picked_on_chart,
                                     timeline_chart)
from dashboard.format import fmt_date
from dashboard.i18n import t
from dashboard.paging import paginate
from dashboard.policy_text import incident_minutes
from dashboard.session import require_page
from dashboard.store import store_url
from domain.timezone import local_today

PER_PAGE = 20

url = store_url()
st.title(t("page.desk_day"))
scope = require_page("theo-doi-trong-ngay")
units = queries.unit_tree(url, scope)
if not units:
    st.info(t("desks.none"))
    st.stop()
deep_link.seed_unit("day.unit", units)  # a link from the home page: ?unit=…&day=…&desk=…&at=…
deep_link.seed_day("day.date", local_today(now_utc()))
left, right = st.columns([3, 1])
with left:
    unit_id = widgets.unit_picker(units, key="day.unit")
with right:
    day = day_picker(local_today(now_utc()))
desks = pq.unit_desks(url, unit_id, day, scope)
if desks.empty:
    st.info(t("desks.none"))
    st.stop()
shown = paginate(desks, PER_PAGE, key="day.page")
ids = tuple(int(i) for i in shown["desk_id"])
intervals = pq.day_intervals(url, ids, day, scope)
incidents = pq.day_incidents(url, ids, day, scope)
labels = desk_labels(shown)
deep_link.seed_incident(INCIDENT_KEY, [(int(d), round(s.timestamp() * 1000))
                                       for d, s in zip(incidents["desk_id"], incidents["start_at"])])
st.subheader(t("day.timeline"))
if intervals.empty:
    st.info(t("day.no_intervals", day=fmt_date(day)))
else:
    event = st.altair_chart(timeline_chart(intervals, incidents, labels), width="stretch", on_select="rerun",
                            key="day.chart")
    picked_on_chart(event, len(incidents))
minutes = incident_minutes(p.incident_min_s for p in pq.desk_policies(url, ids).values())
incident_section(incidents, labels, url, scope, minutes)
