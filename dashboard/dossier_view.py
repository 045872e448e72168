"""Sections of the dossier statistics page: the monthly trend and the sub-unit ranking."""
from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.charts import ranking_chart, trend_chart
from dashboard.i18n import t
from dashboard.periods import Period
from dashboard.tables import figures_table, tidy


def trend_section(url: str, period: Period, unit_id: int | None) -> None:
    trend = queries.monthly_trend(url, period.start, period.end, unit_id)
    st.subheader(t("dossiers.trend"))
    if trend.empty:
        st.info(t("period.empty"))
        return
    chart_tab, table_tab = st.tabs([t("tab.chart"), t("tab.table")])
    chart_tab.altair_chart(trend_chart(trend), width="stretch")
    with table_tab:
        figures_table(tidy(trend, ["month"]), key="dossiers.months")


def ranking_section(url: str, period: Period, unit_id: int | None) -> None:
    ranked = queries.ranking(url, period.start, period.end, unit_id)
    st.subheader(t("dossiers.ranking"))
    if ranked.empty:
        st.info(t("dossiers.no_children"))
        return
    chart_tab, table_tab = st.tabs([t("tab.chart"), t("tab.table")])
    chart_tab.altair_chart(ranking_chart(ranked), width="stretch")
    with table_tab:
        figures_table(tidy(ranked, ["rank", "name"]), key="dossiers.units")
