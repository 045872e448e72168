"""Kiểm điểm tháng drawing: month picker, summary tiles, the unit → desk → staff tables, downloads."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard import review_queries as rq
from dashboard.format import fmt_int, fmt_month, fmt_pct
from dashboard.i18n import lang, t
from dashboard.markdown_text import md_escape
from dashboard.review_export import file_name
from dashboard.review_tables import DESK_COLS, STAFF_COLS, UNIT_COLS, cell_text, text_table
from dashboard.widgets import pick_hint
from data.access import Scope
from data.review.report import MonthlyReview

PICK_KEY = "review.pick"
# The table row last copied into the unit picker, so a kept table selection does not undo a later pick.
APPLIED_KEY = "review.table_click"


def month_picker(options: list[dt.date], default: dt.date, key: str) -> dt.date:
    return st.selectbox(t("review.month"), options, index=options.index(default), key=key, format_func=fmt_month,
                        placeholder=pick_hint())


def _signed(value: object, kind: str) -> str | None:
    """A change as the tables write it, '+1,23' / '-2' (None when last month is unknown: no change shown)."""
    return None if value is None or pd.isna(value) else cell_text(kind, value, lang())


def summary_tiles(review: MonthlyReview) -> None:
    """The subtree's month at a glance; the small print under each figure is the change from last month."""
    s = review.summary.iloc[0]
    code = lang()
    row = st.container(horizontal=True)
    row.metric(t("review.kpi.coverage"), fmt_pct(_num(s.coverage), code), _signed(s.coverage_change, "change_pct"),
               border=True)
    row.metric(t("review.kpi.incidents"), fmt_int(s.incidents, code), _signed(s.incidents_change, "change_int"),
               delta_color="inverse", border=True)
    row.metric(t("review.kpi.excused_tile"), fmt_int(s.excused, code), border=True)
    row.metric(t("review.kpi.late_early"), f"{fmt_int(s.late_openings, code)} / {fmt_int(s.early_closings, code)}",
               border=True)
    row.metric(t("review.kpi.compliance"), fmt_pct(_num(s.compliance), code), _signed(s.compliance_change, "change_pct"),
               border=True)
    row.metric(t("review.kpi.findings"), fmt_int(s.findings, code), _signed(s.findings_change, "change_int"),
               delta_color="inverse", border=True)


def _num(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def unit_table(review: MonthlyReview) -> int | None:
    """The units with their figures; a row click or the picker below chooses the unit to drill into."""
    st.subheader(t("review.units"))
    units = review.units
    event = st.dataframe(text_table(units, UNIT_COLS, lang()), hide_index=True, on_select="rerun",
                         selection_mode="single-row", key="review.units_table")
    rows = event.selection.rows if event is not None else []
    clicked = int(units.iloc[rows[0]]["unit_id"]) if rows and rows[0] < len(units) else None
    if clicked != st.session_state.get(APPLIED_KEY):
        st.session_state[APPLIED_KEY] = clicked
        if clicked is not None:
            st.session_state[PICK_KEY] = clicked
    labels = {None: t("review.total"), **dict(zip(units["unit_id"].astype(int), units["unit_label"]))}
    if st.session_state.get(PICK_KEY) not in labels:
        st.session_state.pop(PICK_KEY, None)
    return st.selectbox(t("review.units.pick"), list(labels), key=PICK_KEY, format_func=labels.__getitem__,
                        placeholder=pick_hint())


def focus(review: MonthlyReview, unit_id: int | None) -> tuple[str, MonthlyReview]:
    """The review narrowed to one unit's desks, staff and lists (all of them when None), with its label."""
    if unit_id is None:
        return review.title, review

    def keep(df: pd.DataFrame) -> pd.DataFrame:
        return df[df["unit_id"] == unit_id].reset_index(drop=True)

    label = review.units.set_index("unit_id").loc[unit_id, "unit_label"]
    return label, replace(review, desks=keep(review.desks), staff=keep(review.staff), incidents=keep(review.incidents),
                          violations=keep(review.violations), findings=keep(review.findings))


def desk_and_staff_tables(part: MonthlyReview, label: str, several_units: bool) -> None:
    code = lang()
    desks = part.desks if several_units else part.desks.drop(columns="unit_label")
    st.subheader(t("review.desks", unit=md_escape(label)))
    st.dataframe(text_table(desks, DESK_COLS, code), hide_index=True, key="review.desks_table")
    st.subheader(t("review.staff", unit=md_escape(label)))
    st.dataframe(text_table(part.staff, STAFF_COLS, code), hide_index=True, key="review.staff_table")


def downloads(url: str, scope: Scope, review: MonthlyReview, now: dt.datetime) -> None:
    """Excel and PDF of the whole review, made when clicked; each download is in the audit log."""
    code = lang()

    def excel() -> bytes:
        return rq.export_file(url, scope, review, "xlsx", code, now)

    def pdf() -> bytes:
        return rq.export_file(url, scope, review, "pdf", code, now)

    st.subheader(t("review.exports"))
    row = st.container(horizontal=True)
    with row:
        st.download_button(t("review.export.xlsx"), excel, file_name=file_name(review, code, "xlsx"),
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key="review.xlsx", on_click="ignore")
        st.download_button(t("review.export.pdf"), pdf, file_name=file_name(review, code, "pdf"),
                           mime="application/pdf", key="review.pdf", on_click="ignore")
