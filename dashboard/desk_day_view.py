"""Theo dõi trong ngày (desk day) drawing: an Altair timeline per desk, incidents outlined, evidence."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.format import fmt_time
from dashboard.i18n import fmt_minutes, t
from dashboard.incident_decision import show_decision
from dashboard.incident_picture import show_incident_picture
from dashboard.markdown_text import md_escape
from dashboard.widgets import pick_hint
from data.access import Scope
from data.review.notes import IncidentKey
from domain.states import DeskStateName
from domain.timezone import LOCAL_TZ

STATES = tuple(s.value for s in (DeskStateName.PRESENT, DeskStateName.ABSENT, DeskStateName.OFFLINE,
                                 DeskStateName.OFF_HOURS))
# Fixed colours, whatever states a day happens to hold.
COLOURS = ("#2e9e44", "#d62728", "#8c8c8c", "#e6eef5")
CHART_SELECTION = "incident"
INCIDENT_KEY = "day.incident"
# The chart click last copied into the picker, so a kept chart selection does not undo a later pick.
APPLIED_KEY = "day.chart_click"


def desk_labels(desks: pd.DataFrame) -> dict[int, str]:
    """Desk names; with several units in view the unit is added, so names stay apart."""
    several = desks["unit_id"].nunique() > 1
    return {int(r.desk_id): f"{r.desk_name} · {r.unit_name}" if several else r.desk_name for r in desks.itertuples()}


def _local(col: pd.Series) -> pd.Series:
    # Vega-Lite reads zone-less times as wall time: hand it local wall time.
    return col.dt.tz_convert(LOCAL_TZ).dt.tz_localize(None)


def timeline_chart(intervals: pd.DataFrame, incidents: pd.DataFrame, labels: dict[int, str]) -> alt.LayerChart:
    order = list(labels.values())
    names = [t(f"state.{s}") for s in STATES]
    bars = pd.DataFrame({
        "desk": intervals["desk_id"].map(labels), "state": intervals["state"].map(lambda s: t(f"state.{s}")),
        "start": _local(intervals["start_at"]), "end": _local(intervals["end_at"]),
        "from": [fmt_time(s.to_pydatetime()) for s in intervals["start_at"]],
        "to": [fmt_time(e.to_pydatetime()) for e in intervals["end_at"]],
    })
    y = alt.Y("desk:N", sort=order, title=t("col.desk"))
    x = alt.X("start:T", title=t("day.time_axis"), axis=alt.Axis(format="%H:%M"))
    tooltip = [alt.Tooltip("desk:N", title=t("col.desk")), alt.Tooltip("state:N", title=t("col.state")),
               alt.Tooltip("from:N", title=t("col.start")), alt.Tooltip("to:N", title=t("col.end"))]
    layer = alt.Chart(bars).mark_bar().encode(
        x=x, x2="end:T", y=y,
        color=alt.Color("state:N", title=t("col.state"), scale=alt.Scale(domain=names, range=list(COLOURS))),
        tooltip=tooltip,
    )
    marks = pd.DataFrame({
        "incident": range(len(incidents)), "desk": incidents["desk_id"].map(labels), "start": _local(incidents["start_at"]),
        "end": _local(incidents["end_at"]), "state": t("state.ABSENT"),
        "from": [fmt_time(s.to_pydatetime()) for s in incidents["start_at"]],
        "to": [fmt_time(e.to_pydatetime()) for e in incidents["end_at"]],
    })
    # Clicking an outlined incident picks it in the evidence picker below (see picked_on_chart).
    click = alt.selection_point(name=CHART_SELECTION, fields=["incident"], on="click")
    outline = alt.Chart(marks).mark_bar(filled=False, stroke="black", strokeWidth=2, cursor="pointer").encode(
        x=x, x2="end:T", y=y, tooltip=tooltip,
        strokeWidth=alt.condition(click, alt.value(4), alt.value(2)),
    ).add_params(click)
    height = max(120, 28 * len(order))
    return alt.layer(layer, outline).properties(height=height)


def incident_section(incidents: pd.DataFrame, labels: dict[int, str], url: str, scope: Scope, minutes: str) -> None:
    """`minutes`: the threshold the desks shown count incidents by (dashboard.policy_text)."""
    if incidents.empty:
        st.success(t("day.incidents_none", minutes=minutes))
        return
    st.subheader(t("day.incidents", minutes=minutes, count=len(incidents)))
    table = pd.DataFrame({
        t("col.desk"): incidents["desk_id"].map(labels),
        t("col.start"): [fmt_time(s.to_pydatetime()) for s in incidents["start_at"]],
        t("col.end"): [fmt_time(e.to_pydatetime()) for e in incidents["end_at"]],
        t("col.duration"): [fmt_minutes(s) for s in incidents["seconds"]],
    })
    st.dataframe(table, hide_index=True, width="stretch")

    # Labels made now, in the page's language: format_func may be called outside the script run.
    names = [
        t("day.incident_label", desk=labels[int(r.desk_id)], start=fmt_time(r.start_at.to_pydatetime()),
          end=fmt_time(r.end_at.to_pydatetime()), duration=fmt_minutes(r.seconds))
        for r in incidents.itertuples()
    ]
    picked = st.selectbox(t("day.incident_pick"), list(range(len(incidents))), key=INCIDENT_KEY,
                          format_func=names.__getitem__, placeholder=pick_hint())
    if picked is None or picked >= len(incidents):
        return
    row = incidents.iloc[picked]
    # The picture, or "Không có ảnh" with the reason; then what was explained and decided (issue 13).
    show_incident_picture(url, scope, desk_id=int(row.desk_id), start=row.start_at, path=row.evidence_path,
                          missing=row.get("picture_missing"),
                          caption=t("day.evidence", desk=md_escape(labels[int(row.desk_id)]),
                                    start=fmt_time(row.start_at.to_pydatetime()),
                                    end=fmt_time(row.end_at.to_pydatetime())))
    show_decision(url, scope, IncidentKey(int(row.desk_id), "absence", row.start_at.to_pydatetime()))


@dataclass(frozen=True)
class ChartClick:
    clicked: int | None  # the incident the chart's selection holds now
    pick: int | None  # what to put in the evidence picker; None = leave it alone


def chart_click(selection: object, applied: object, count: int) -> ChartClick:
    """A new click on an incident outline picks it; a selection already applied does nothing."""
    points = selection.get(CHART_SELECTION, []) if isinstance(selection, Mapping) else []
    clicked = next((p.get("incident") for p in points if isinstance(p, Mapping)), None)
    fresh = clicked != applied and isinstance(clicked, int) and 0 <= clicked < count
    return ChartClick(clicked, clicked if fresh else None)


def picked_on_chart(event: object, count: int) -> None:
    """Copy a new chart click into the evidence picker (called before the picker is drawn)."""
    click = chart_click(getattr(event, "selection", None), st.session_state.get(APPLIED_KEY), count)
    st.session_state[APPLIED_KEY] = click.clicked
    if click.pick is not None:
        st.session_state[INCIDENT_KEY] = click.pick


def day_picker(today: dt.date) -> dt.date:
    picked = st.date_input(t("day.date"), value=today, max_value=today, format="DD/MM/YYYY", key="day.date")
    return picked if isinstance(picked, dt.date) else today
