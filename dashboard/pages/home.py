"""Cần xử lý (home): what needs the signed-in person now, per role; every line one click from the page
that deals with it (desk day, monthly review, dress-code queue, dossier statistics)."""
import streamlit as st

from dashboard import queries
from dashboard.clock import now_utc
from dashboard.deep_link import forget_applied
from dashboard.format import fmt_date, fmt_time
from dashboard.home_lines import wrap_links
from dashboard.home_staff import staff_home
from dashboard.home_view import province_home, unit_home
from dashboard.i18n import t
from dashboard.markdown_text import md_escape
from dashboard.session import require_page
from dashboard.store import store_url
from domain.timezone import local_today

url = store_url()
st.title(t("page.home"))
scope = require_page("can-xu-ly")
forget_applied()
units = queries.unit_tree(url, scope)
root = units.single_root
if root is None:
    st.info(t("home.nothing"))
    st.stop()
now = now_utc()
wrap_links()
st.caption(t("home.where", unit=md_escape(units.names[root]), time=fmt_time(now), date=fmt_date(local_today(now))))
if scope.role == "staff":
    staff_home(url, scope, root, now)
elif scope.whole_province:
    province_home(url, scope, now)
else:
    unit_home(url, scope, root, now)
