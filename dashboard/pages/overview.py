"""Tổng quan tỉnh (province overview): dossier figures per unit, then the composite scorecard; drill down
by selecting a row of either table. A store with camera data but no dossiers still shows the scorecard."""
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
if not units:
    st.info(t("no_data"))
    st.stop()

span = queries.data_span(url)
view = overview.current_view(units)
period = rows = None
if span is not None:
    period = widgets.period_picker(span, key="overview.period")
    if period is None:
        st.stop()
overview.breadcrumb(units, view)
if span is None:
    # No dossiers yet: say so here, and let the scorecard rank on the camera figures and inspections.
    st.info(t("no_data"))
else:
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
