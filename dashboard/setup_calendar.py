"""The Setup page's calendar tab: the unit's own week (or inherit), holidays and worked weekend days."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import setup_queries as sq
from dashboard.clock import now_utc
from dashboard.format import fmt_date
from dashboard.i18n import t
from dashboard.markdown_text import md_escape
from dashboard.setup_forms import refuse, save, yes_no
from dashboard.setup_parse import FieldText, format_spans, parse_spans
from dashboard.widgets import pick_hint
from data.access import Scope
from data.setup.schedules import HolidayInput, OfficeHours, add_holiday, remove_holiday, set_unit_week
from domain.timezone import local_today

WEEK_LABELS = {"weekday": "setup.week.title", "start": "setup.week.title", "end": "setup.week.title"}
HOLIDAY_LABELS = {"day": "setup.hol.day", "name": "setup.hol.name", "working_day": "setup.hol.working"}


def calendar_tab(url: str, scope: Scope, unit_id: int, unit_name: str) -> None:
    week_editor(url, scope, unit_id)
    st.divider()
    holidays(url, scope, unit_id, unit_name)


def week_editor(url: str, scope: Scope, unit_id: int) -> None:
    st.subheader(t("setup.week.title"))
    own = sq.week(url, scope, unit_id)
    st.caption(t("setup.week.own") if own else t("setup.week.inherited"))
    with st.form(f"setup.week.{unit_id}"):
        st.caption(t("setup.week.help"))
        texts = [
            st.text_input(t(f"setup.day.{d}"), value=format_spans([(h.start, h.end) for h in own if h.weekday == d]),
                          key=f"setup.week.{unit_id}.{d}")
            for d in range(7)
        ]
        if st.form_submit_button(t("setup.save")):
            hours: list[OfficeHours] = []
            for d, text in enumerate(texts):
                try:
                    hours.extend(OfficeHours(d, a, b) for a, b in parse_spans(text))
                except FieldText as bad:
                    refuse("setup.week.title", t("setup.week.bad_span", day=t(f"setup.day.{d}"),
                                                 text=md_escape(bad.text)))
                    return
            save(url, lambda c: set_unit_week(c, scope, unit_id, hours), WEEK_LABELS)


def holidays(url: str, scope: Scope, unit_id: int, unit_name: str) -> None:
    st.subheader(t("setup.hol.title"))
    this_year = local_today(now_utc()).year
    year = st.number_input(t("setup.hol.year"), min_value=2000, max_value=2100, value=this_year, step=1,
                           key="setup.hol.year")
    days = sq.holiday_list(url, scope, int(year))
    if days.empty:
        st.info(t("setup.none"))
    else:
        st.dataframe(
            days.assign(day=days["day"].map(fmt_date), working_day=days["working_day"].map(yes_no),
                        unit=days["unit"].fillna(t("setup.hol.nationwide")))[
                ["day", "name", "working_day", "unit"]
            ].rename(columns={"day": t("setup.hol.day"), "name": t("setup.hol.name"),
                              "working_day": t("setup.hol.working"), "unit": t("setup.hol.where")}),
            hide_index=True, width="stretch",
        )
    where = {unit_id: unit_name}
    if scope.whole_province:
        where = {None: t("setup.hol.nationwide"), **where}
    with st.form("setup.hol.add", clear_on_submit=False):  # a refused day keeps what was typed
        st.markdown(f"**{t('setup.hol.add')}**")
        day = st.date_input(t("setup.hol.day"), value=dt.date(int(year), 1, 1), format="DD/MM/YYYY", key="setup.hol.day")
        name = st.text_input(t("setup.hol.name"), key="setup.hol.name")
        working = st.checkbox(t("setup.hol.working"), key="setup.hol.working")
        owner = st.selectbox(t("setup.hol.where"), list(where), format_func=where.__getitem__, key="setup.hol.where",
                             placeholder=pick_hint())
        if st.form_submit_button(t("setup.save")):
            save(url, lambda c: add_holiday(c, scope, HolidayInput(owner, day, name, working)), HOLIDAY_LABELS,
                 clear=("setup.hol.day", "setup.hol.name", "setup.hol.working"))
    if not days.empty:
        labels = dict(zip(days["holiday_id"], days["day"].map(fmt_date) + " — " + days["name"]))
        gone = st.selectbox(t("setup.pick"), list(labels), format_func=labels.__getitem__, key="setup.hol.pick",
                            placeholder=pick_hint())
        if st.button(t("setup.hol.remove"), key="setup.hol.remove"):
            save(url, lambda c: remove_holiday(c, scope, int(gone)), HOLIDAY_LABELS)
