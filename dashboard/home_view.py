"""Cần xử lý for supervisors: a unit's inspector or administrator (desks now, today's incidents,
explanations, dress code, overdue dossiers), and the provincial office (units with the worst month)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import home_queries as hq
from dashboard import presence_queries as pq
from dashboard.deep_link import day_params, month_params, unit_param
from dashboard.format import fmt_date, fmt_int, fmt_month, fmt_num, fmt_pct, fmt_time
from dashboard.home_lines import Line, Section, explanation_label, local_day, link, section, tiles, where
from dashboard.i18n import fmt_minutes, lang, t
from dashboard.markdown_text import md_escape
from dashboard.policy_text import incident_minutes
from data.access import Scope, may_open
from data.home.worst_units import UnitFigures, worst
from domain.states import DeskStateName
from domain.timezone import LOCAL_TZ, as_utc, local_today

DAY, REVIEW, DRESS, DOSSIERS = "theo-doi-trong-ngay", "kiem-diem-thang", "xac-nhan-trang-phuc", "thong-ke-ho-so"


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _now_line(d: hq.DeskLine, now: dt.datetime, today: dt.date) -> Line:
    names = where(d.desk_name, d.unit_name)
    if d.state == DeskStateName.ABSENT.value and d.since is not None:
        label = t("home.desk_absent", **names, time=fmt_time(d.since),
                  duration=fmt_minutes((as_utc(now) - d.since).total_seconds()))
    elif d.since is not None:
        label = t("home.desk_offline", **names, time=fmt_time(d.since))
    else:
        label = t("home.desk_offline_unknown", **names)
    return Line(label, DAY, day_params(d.unit_id, today, d.desk_id))


def _incident_lines(incidents: pd.DataFrame, desks: pd.DataFrame, today: dt.date) -> list[Line]:
    info = desks.set_index("desk_id")
    lines = []
    for r in incidents.sort_values(["start_at", "desk_id"]).itertuples():
        desk = info.loc[int(r.desk_id)]
        label = t("home.incident_line", **where(desk.desk_name, desk.unit_name), start=fmt_time(r.start_at),
                  end=fmt_time(r.end_at), duration=fmt_minutes(r.seconds))
        lines.append(Line(label, DAY, day_params(int(desk.unit_id), today, int(r.desk_id), r.start_at.to_pydatetime())))
    return lines


def incidents_so_far(url: str, desk_ids: tuple[int, ...], now: dt.datetime, scope: Scope) -> pd.DataFrame:
    """Today's absence incidents of these desks that have begun by `now` (a demo or an import may hold more)."""
    if not desk_ids:
        return pd.DataFrame({"desk_id": pd.Series(dtype="int64"), "start_at": pd.Series(dtype="datetime64[us, UTC]")})
    found = pq.day_incidents(url, desk_ids, local_today(now), scope)
    return found[found["start_at"] <= pd.Timestamp(as_utc(now))]


def shared_sections(url: str, scope: Scope, root: int | None, today: dt.date) -> tuple[list[tuple[str, int]],
                                                                                    list[Section]]:
    """Explanations, dress code and overdue dossiers, as far as the role may act on them: tile counts, sections."""
    counts: list[tuple[str, int]] = []
    sections: list[Section] = []
    code = lang()
    if scope.can_excuse:
        waiting = hq.waiting(url, scope)
        counts.append(("home.metric.explanations", len(waiting)))
        sections.append(Section(
            t("home.explanations", count=fmt_int(len(waiting), code)),
            [Line(explanation_label(n), REVIEW, month_params(n.unit_id, _month(local_day(n.start)))) for n in waiting],
            t("home.explanations_none")))
    if may_open(scope, DRESS):
        queue = hq.dress_code_counts(url, scope)
        left = queue.violations + queue.samples
        counts.append(("home.metric.dress", left))
        line = Line(t("home.dress_line", violations=fmt_int(queue.violations, code),
                      samples=fmt_int(queue.samples, code)), DRESS, unit_param(root))
        sections.append(Section(t("home.dress"), [line] if left else [], t("home.dress_none")))
    if may_open(scope, DOSSIERS):
        overdue = hq.overdue(url, scope, today)
        total = sum(o.count for o in overdue)
        counts.append(("home.metric.overdue", total))
        sections.append(Section(
            t("home.overdue", count=fmt_int(total, code)),
            [Line(t("home.overdue_line", unit=md_escape(o.unit_name), count=fmt_int(o.count, code),
                    date=fmt_date(o.oldest_due.astimezone(LOCAL_TZ).date())), DOSSIERS, unit_param(o.unit_id))
             for o in overdue],
            t("home.overdue_none"), Line("", DOSSIERS, unit_param(root))))
    return counts, sections


def unit_home(url: str, scope: Scope, root: int, now: dt.datetime) -> None:
    """An inspector's, viewer's or unit administrator's home: their unit subtree."""
    today = local_today(now)
    desks = pq.unit_desks(url, root, today, scope)
    ids = tuple(int(i) for i in desks["desk_id"])
    look = hq.desks_needing_a_look(url, desks, now, scope)
    incidents = incidents_so_far(url, ids, now, scope)
    minutes = incident_minutes(p.incident_min_s for p in pq.desk_policies(url, ids).values())
    absent = sum(d.state == DeskStateName.ABSENT.value for d in look)
    counts, sections = shared_sections(url, scope, root, today)
    tiles([("home.metric.absent", absent), ("home.metric.offline", len(look) - absent),
           ("home.metric.incidents", len(incidents)), *counts])
    whole_day = Line("", DAY, day_params(root, today))
    section(scope, Section(t("home.now", count=fmt_int(len(look), lang())), [_now_line(d, now, today) for d in look],
                           t("home.now_none"), whole_day))
    section(scope, Section(t("home.today", minutes=minutes, count=fmt_int(len(incidents), lang())),
                           _incident_lines(incidents, desks, today), t("home.today_none", minutes=minutes), whole_day))
    for sec in sections:
        section(scope, sec)


def _worst_lines(figures: list[UnitFigures], figure: str, month: dt.date) -> list[Line]:
    code = lang()
    out = []
    for f in worst(figures, figure):
        name = md_escape(f.unit_name)
        if figure == "absence_min_per_desk_day":
            out.append(Line(t("home.worst_line.absence", unit=name, value=fmt_num(f.absence_min_per_desk_day, 1, code)),
                            REVIEW, month_params(f.unit_id, month)))
        elif figure == "late_share":
            out.append(Line(t("home.worst_line.late", unit=name, value=fmt_pct(f.late_share, code),
                              late=fmt_int(f.late, code), resolved=fmt_int(f.resolved, code)),
                            DOSSIERS, unit_param(f.unit_id)))
        else:
            out.append(Line(t("home.worst_line.violations", unit=name, value=fmt_int(f.violations, code)),
                            REVIEW, month_params(f.unit_id, month)))
    return out


WORST = (("absence_min_per_desk_day", "home.worst.absence"), ("late_share", "home.worst.late"),
         ("violations", "home.worst.violations"))


def province_home(url: str, scope: Scope, now: dt.datetime) -> None:
    """The provincial office: the units with the worst figures this month, then what waits province-wide."""
    today = local_today(now)
    month = _month(today)
    counts, sections = shared_sections(url, scope, None, today)
    if counts:
        tiles(counts)
    figures = hq.unit_figures(url, scope, month, today)
    st.subheader(t("home.worst", month=fmt_month(month)))
    st.caption(t("home.worst_rules", start=fmt_date(month), end=fmt_date(today)))
    for figure, heading in WORST:
        st.markdown(f"**{t(heading)}**")
        lines = _worst_lines(figures, figure, month)
        if not lines:
            st.caption(t("home.worst_none"))
        for line in lines:
            link(scope, line)
    for sec in sections:
        section(scope, sec)
