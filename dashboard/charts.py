"""Altair charts for dossier figures, labelled from the catalogue.

Vega formats numbers English-style, so axis labels go through a label
expression that swaps separators in Vietnamese, and tooltips show strings
formatted in Python.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.format import fmt_int, fmt_month, fmt_pct
from dashboard.i18n import lang, t

_DOT_THOUSANDS = "replace(format(datum.value, ',d'), regexp(',', 'g'), '.')"
# Two decimals at most: rates cluster near 100 %, and one decimal repeats tick labels.
_COMMA_DECIMAL = "replace(format(datum.value, '.2~f'), '.', ',') + ' %'"
RECEIVED_COLOUR = "#4c78a8"
RATE_COLOUR = "#e45756"


def _count_axis(title: str) -> alt.Axis:
    return alt.Axis(title=title, labelExpr=_DOT_THOUSANDS) if lang() == "vi" else alt.Axis(title=title, format=",d")


def _rate_axis(title: str) -> alt.Axis:
    if lang() == "vi":
        return alt.Axis(title=title, labelExpr=_COMMA_DECIMAL)
    return alt.Axis(title=title, labelExpr="format(datum.value, '.2~f') + ' %'")


def trend_chart(trend: pd.DataFrame) -> alt.LayerChart:
    """Received per month as bars, the on-time rate as a line on its own axis."""
    code = lang()
    data = trend.assign(
        month=pd.to_datetime(trend["month"]),
        month_label=[fmt_month(m) for m in trend["month"]],
        received_label=[fmt_int(v, code) for v in trend["received"]],
        rate_label=[fmt_pct(v, code) for v in trend["on_time_rate"]],
        on_time_rate=pd.to_numeric(trend["on_time_rate"], errors="coerce"),
    )
    tooltip = [
        alt.Tooltip("month_label:N", title=t("col.month")),
        alt.Tooltip("received_label:N", title=t("col.received")),
        alt.Tooltip("rate_label:N", title=t("col.on_time_rate")),
    ]
    x = alt.X("yearmonth(month):T", axis=alt.Axis(title=t("col.month"), format="%m/%Y"))
    bars = alt.Chart(data).mark_bar(color=RECEIVED_COLOUR).encode(
        x=x, y=alt.Y("received:Q", axis=_count_axis(t("col.received"))), tooltip=tooltip,
    )
    line = alt.Chart(data).mark_line(color=RATE_COLOUR, point=True).encode(
        x=x,
        y=alt.Y("on_time_rate:Q", axis=_rate_axis(t("col.on_time_rate")), scale=alt.Scale(zero=False)),
        tooltip=tooltip,
    )
    return alt.layer(bars, line).resolve_scale(y="independent")


def ranking_chart(ranked: pd.DataFrame) -> alt.Chart:
    """Sub-units as horizontal bars by on-time rate, best at the top."""
    code = lang()
    data = ranked.assign(
        on_time_rate=pd.to_numeric(ranked["on_time_rate"], errors="coerce"),
        rate_label=[fmt_pct(v, code) for v in ranked["on_time_rate"]],
        received_label=[fmt_int(v, code) for v in ranked["received"]],
    )
    # Rates cluster near 100 %, so the axis starts just below the worst unit.
    low = data["on_time_rate"].min()
    floor = max(0.0, float(int(low) - 1)) if pd.notna(low) else 0.0
    return alt.Chart(data).mark_bar(color=RECEIVED_COLOUR, clip=True).encode(
        x=alt.X("on_time_rate:Q", axis=_rate_axis(t("col.on_time_rate")),
                scale=alt.Scale(domain=[floor, 100], zero=False)),
        y=alt.Y("name:N", sort=alt.EncodingSortField("rank", order="ascending"),
                axis=alt.Axis(title=t("col.unit"), labelLimit=320)),
        tooltip=[
            alt.Tooltip("rank:Q", title=t("col.rank")),
            alt.Tooltip("name:N", title=t("col.unit")),
            alt.Tooltip("rate_label:N", title=t("col.on_time_rate")),
            alt.Tooltip("received_label:N", title=t("col.received")),
        ],
    ).properties(height=alt.Step(22))
