"""Sections of the dossier statistics page: the monthly trend and the sub-unit ranking."""
from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.charts import ranking_chart, trend_chart
from dashboard.i18n import t
from dashboard.periods import Period
from dashboard.tables import figures_table, tidy
from data.access import Scope


def trend_section(url: str, period: Period, unit_id: int | None, scope: Scope) -> None:
    trend = queries.monthly_trend(url, period.start, period.end, unit_id, scope)
    _chart_and_table(t("dossiers.trend"), trend, t("period.empty"), trend_chart, ["month"], "dossiers.months")


def ranking_section(url: str, period: Period, unit_id: int | None, scope: Scope) -> None:
    ranked = queries.ranking(url, period.start, period.end, unit_id, scope)
    _chart_and_table(t("dossiers.ranking"), ranked, t("dossiers.no_children"), ranking_chart, ["rank", "name"],
                     "dossiers.units")


def _chart_and_table(title: str, frame: pd.DataFrame, empty: str, chart: Callable[[pd.DataFrame], alt.Chart],
                     index: list[str], key: str) -> None:
    """A subheader, then the chart and the same figures as a table in two tabs."""
    st.subheader(title)
    if frame.empty:
        st.info(empty)
        return
    chart_tab, table_tab = st.tabs([t("tab.chart"), t("tab.table")])
    chart_tab.altair_chart(chart(frame), width="stretch")
    with table_tab:
        figures_table(tidy(frame, index), key=key)
