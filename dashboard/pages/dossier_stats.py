"""Thống kê hồ sơ (dossier statistics): KPIs, monthly trend, sub-unit ranking, import."""
import streamlit as st

from dashboard import deep_link, dossier_view, queries, widgets
from dashboard.i18n import t
from dashboard.import_panel import import_panel
from dashboard.session import require_page
from dashboard.store import store_url

url = store_url()
st.title(t("page.dossiers"))
scope = require_page("thong-ke-ho-so")
units = queries.unit_tree(url, scope)
span = queries.data_span(url)
if span is None or not units:
    st.info(t("no_data"))
else:
    deep_link.seed_unit("dossiers.unit", units)  # a link from the home page: ?unit=…
    left, right = st.columns([3, 2])
    with left:
        unit_id = widgets.unit_picker(units, key="dossiers.unit")
    with right:
        period = widgets.period_picker(span, key="dossiers.period")
    if period is not None:
        widgets.kpi_tiles(queries.totals(url, period.start, period.end, unit_id, scope))
        dossier_view.trend_section(url, period, unit_id, scope)
        dossier_view.ranking_section(url, period, unit_id, scope)
if scope.can_configure:  # importing changes every figure: administrators only, inside their own scope
    st.divider()
    import_panel(url, scope)
