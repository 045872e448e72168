"""Cần xử lý for a staff member: their own desk today, their incidents still without an explanation (this
month and last), their explanations waiting, and what supervisors decided about them lately."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import home_queries as hq
from dashboard import presence_queries as pq
from dashboard import review_queries as rq
from dashboard.deep_link import day_params, month_params
from dashboard.format import fmt_date, fmt_int, fmt_pct, fmt_time
from dashboard.home_lines import Line, Section, explanation_label, local_day, section, where
from dashboard.home_view import incidents_so_far
from dashboard.i18n import lang, t
from dashboard.markdown_text import md_escape
from data.access import Scope
from dashboard.live_state import DeskNow
from data.review.report import previous_month
from domain.states import DeskStateName
from domain.timezone import LOCAL_TZ, local_day_start_utc, local_today

DAY, REVIEW = "theo-doi-trong-ngay", "kiem-diem-thang"
DECISION_DAYS = 60


def _state_text(now: DeskNow | None) -> str:
    """'Có mặt', 'Vắng từ 10:42', 'Camera mất tín hiệu'… as the live page's chip says it, in plain text."""
    if now is None or now.state is None:
        return t("state.unknown")
    if now.state == DeskStateName.ABSENT.value and now.since is not None:
        return t("state.ABSENT_since", time=fmt_time(now.since))
    return t(f"state.{now.state}")


def _my_day(url: str, scope: Scope, root: int, now: dt.datetime) -> Section:
    today = local_today(now)
    desks = pq.unit_desks(url, root, today, scope)  # a staff scope: the desks rostered to them today
    ids = tuple(int(i) for i in desks["desk_id"])
    states = {s.desk_id: s for s in hq.desk_states(url, desks, now, scope)}
    cover = pq.coverage_so_far(url, ids, now, scope).set_index("desk_id")["coverage"] if ids else pd.Series()
    incidents = incidents_so_far(url, ids, now, scope)
    lines = []
    for d in desks.itertuples():
        now_state = states.get(int(d.desk_id))
        rate = cover.get(int(d.desk_id))
        label = t("home.my_desk_line", **where(d.desk_name, d.unit_name),
                  state=_state_text(now_state),
                  coverage=fmt_pct(None if rate is None or pd.isna(rate) else float(rate), lang()),
                  incidents=fmt_int(int((incidents["desk_id"] == d.desk_id).sum()), lang()))
        lines.append(Line(label, DAY, day_params(int(d.unit_id), today, int(d.desk_id))))
    return Section(t("home.my_day"), lines, t("home.my_day_none"))


def _to_explain(url: str, scope: Scope, root: int, today: dt.date) -> Section:
    """Incidents and counted violations of this month and last that count and have no explanation yet."""
    lines = []
    for month in (today.replace(day=1), previous_month(today)):
        review = rq.review(url, scope, root, month)
        inc = review.incidents
        open_inc = inc[~inc["excused"].astype(bool) & inc["explanation"].isna()]
        vio = review.violations
        open_vio = vio[vio["counted"].astype(bool) & ~vio["excused"].astype(bool) & vio["explanation"].isna()]
        rows = [(r.start_at, r.desk_name, int(r.unit_id), "absence") for r in open_inc.itertuples()]
        rows += [(r.start_at, r.desk_name, int(r.unit_id), str(r.rule)) for r in open_vio.itertuples()]
        for start, desk, unit_id, kind in sorted(rows, key=lambda r: r[0], reverse=True):
            local = start.to_pydatetime().astimezone(LOCAL_TZ)
            lines.append(Line(t("home.to_explain_line", desk=md_escape(desk), kind=t(f"home.kind.{kind}"),
                                day=fmt_date(local.date()), time=fmt_time(start.to_pydatetime())),
                              REVIEW, month_params(unit_id, month)))
    return Section(t("home.to_explain", count=fmt_int(len(lines), lang())), lines, t("home.to_explain_none"))


def _decisions(url: str, scope: Scope, today: dt.date) -> None:
    since = local_day_start_utc(today - dt.timedelta(days=DECISION_DAYS))
    decided = hq.decisions(url, scope, since)
    st.subheader(t("home.decisions", count=fmt_int(len(decided), lang())))
    if not decided:
        st.caption(t("home.decisions_none", days=DECISION_DAYS))
    for note in decided[:8]:
        label = t("home.decision_line", desk=md_escape(note.desk_name), kind=t(f"home.kind.{note.kind}"),
                  day=fmt_date(note.local_day), time=fmt_time(note.incident_start),
                  action=t(f"home.action.{note.action}"), author=md_escape(note.author),
                  written=fmt_date(note.written_at.astimezone(LOCAL_TZ).date()))
        st.page_link("dashboard/pages/monthly_review.py", label=label,
                     query_params=month_params(note.unit_id, note.local_day.replace(day=1)), width="stretch")
        st.caption(t("home.decision_reason", text=md_escape(note.text)))


def staff_home(url: str, scope: Scope, root: int, now: dt.datetime) -> None:
    today = local_today(now)
    section(scope, _my_day(url, scope, root, now))
    section(scope, _to_explain(url, scope, root, today))
    waiting = hq.waiting(url, scope)
    section(scope, Section(t("home.my_waiting", count=fmt_int(len(waiting), lang())),
                           [Line(explanation_label(n), REVIEW,
                                 month_params(n.unit_id, local_day(n.start).replace(day=1))) for n in waiting],
                           t("home.explanations_none")))
    _decisions(url, scope, today)
