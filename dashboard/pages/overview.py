"""Tổng quan tỉnh (province overview): dossier figures per unit, then the composite scorecard; drill down
by selecting a row of either table."""
import streamlit as st

from dashboard import overview, queries, widgets
from dashboard.i18n import t
from dashboard.scorecard import scorecard_section
from dashboard.session import require_page
from dashboard.store import store_url

url = store_url()
scope = require_page("tong-quan")
st.title(t("page.overview"))
units = queries.unit_tree(url, scope)
span = queries.data_span(url)
if span is None or not units:
    st.info(t("no_data"))
    st.stop()

period = widgets.period_picker(span, key="overview.period")
if period is None:
    st.stop()
view = overview.current_view(units)
overview.breadcrumb(units, view)
rows = overview.unit_rows(url, units, period, view, scope)
if rows is None:
    st.info(t("period.empty"))
else:
    widgets.kpi_tiles(overview.rows_total(rows))
    if rows.empty:
        st.info(t("overview.empty"))
    else:
        overview.drill_table(units, rows, view)
st.divider()
picked = scorecard_section(url, units, scope, view, period, rows)
if picked is not None:
    overview.drill(units, view, *picked)
