"""Trực tiếp (live view) drawing, refreshed by a fragment: counts by state, current absences, then one
tile per desk (cropped to its zone, the whole camera picture on demand), absences first.

What to show first and how a chip reads are decided in dashboard.live_summary; this file draws.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from PIL import Image

from dashboard import presence_queries as pq
from dashboard.auth_audit import audit_once
from dashboard.clock import now_utc
from dashboard.format import fmt_int, fmt_pct, fmt_time
from dashboard.i18n import fmt_minutes, lang, t
from dashboard.incident_picture import show_absence_picture
from dashboard.live_crop import crop_jpeg, open_picture
from dashboard.live_state import DeskNow, absences, desks_now, live_dir, read_snapshots, watch
from dashboard.live_summary import Chip, LiveFilter, StateCounts, board_order, chip, count_states, keep
from dashboard.markdown_text import md_escape
from dashboard.paging import paginate
from dashboard.policy_text import incident_minutes
from dashboard.widgets import pick_hint
from data.access import Scope
from domain.presence_policy import DEFAULT_POLICY

REFRESH_S = 5
PER_PAGE = 24
COLUMNS = 4
FILTER_KEY = "live.filter"
COUNT_WIDTH = 112  # px: three count tiles a row on a 390 px phone, five on one row on a wider screen


def _counts(counts: StateCounts) -> None:
    row = st.container(horizontal=True, gap="xsmall")
    code = lang()
    for key, n in (("ABSENT", counts.absent), ("OFFLINE", counts.offline), ("PRESENT", counts.present),
                   ("OFF_HOURS", counts.off_hours), ("unknown", counts.unknown)):
        row.metric(t(f"live.count.{key}"), fmt_int(n, code), border=True, width=COUNT_WIDTH)


def _absence_table(url: str, scope: Scope, desks: pd.DataFrame, away: pd.DataFrame, minutes: str,
                   now: dt.datetime) -> None:
    st.subheader(t("live.absences", minutes=minutes))
    if away.empty:
        st.success(t("live.absences_none", minutes=minutes))
        return
    info = desks.set_index("desk_id")
    table = pd.DataFrame({
        t("col.desk"): [info.at[d, "desk_name"] for d in away["desk_id"]],
        t("col.unit"): [info.at[d, "unit_name"] for d in away["desk_id"]],
        t("col.staff"): [info.at[d, "staff"] for d in away["desk_id"]],
        t("col.since"): [fmt_time(s.to_pydatetime()) for s in away["since"]],
        t("col.duration"): [fmt_minutes(s) for s in away["seconds"]],
    })
    st.dataframe(table, hide_index=True, width="stretch")
    # The evidence picture of one of them (the worker takes it when the absence reaches the unit's threshold).
    since = {int(d): s.to_pydatetime() for d, s in zip(away["desk_id"], away["since"])}
    picked = st.selectbox(t("live.absence_picture"), list(since), index=None, placeholder=pick_hint(),
                          format_func=lambda d: f"{info.at[d, 'desk_name']} · {info.at[d, 'unit_name']}",
                          key="live.absence.pick")
    if picked is not None and picked in since:
        show_absence_picture(url, scope, picked, since[picked], now,
                             t("live.absence_picture_caption", desk=md_escape(str(info.at[picked, "desk_name"]))))


class _Pictures:
    """Each camera's published picture read and decoded once per refresh, shared by its desks' tiles."""

    def __init__(self) -> None:
        self._read: dict[str, bytes | None] = {}
        self._decoded: dict[str, Image.Image | None] = {}

    def whole(self, desk: DeskNow) -> bytes | None:
        if desk.image is None:
            return None
        key = str(desk.image)
        if key not in self._read:
            try:  # read into memory: the worker replaces the file under us every few seconds
                self._read[key] = desk.image.read_bytes()
            except OSError:
                self._read[key] = None
        return self._read[key]

    def cropped(self, desk: DeskNow) -> bytes | None:
        data = self.whole(desk)
        if data is None:
            return None
        key = str(desk.image)
        if key not in self._decoded:
            self._decoded[key] = open_picture(data)
        picture = self._decoded[key]
        return data if picture is None else crop_jpeg(picture, desk.zone)


def _tile(desk: pd.Series, now_state: DeskNow, badge: Chip, coverage: float | None, pictures: _Pictures) -> None:
    with st.container(border=True):
        st.markdown(f"**{md_escape(desk.desk_name)}** · {md_escape(desk.unit_name)}")
        st.caption(md_escape(desk.staff) if desk.staff else t("live.staff_none"))
        if pictures.whole(now_state) is not None:
            slot = st.empty()
            whole = now_state.zone is None or st.toggle(t("live.whole_picture"), key=f"live.whole.{now_state.desk_id}")
            slot.image(pictures.whole(now_state) if whole else pictures.cropped(now_state),
                       caption=t("live.frame_at", time=fmt_time(now_state.frame_at)), width="stretch")
        else:
            st.info(t("live.no_camera") if pd.isna(desk.camera_code) else t("live.no_image"))
        st.markdown(badge.markdown)
        st.caption(t("live.coverage", rate=fmt_pct(coverage, lang())))


def _filter() -> LiveFilter:
    st.session_state.setdefault(FILTER_KEY, LiveFilter.ALL.value)
    # Labels made now, in the page's language: format_func may be called outside the script run.
    labels = {f.value: t(f"live.filter.{f.value}") for f in LiveFilter}
    picked = st.segmented_control(t("live.filter"), list(labels), key=FILTER_KEY, required=True,
                                  format_func=labels.__getitem__)
    return LiveFilter(picked or LiveFilter.ALL.value)


@st.fragment(run_every=dt.timedelta(seconds=REFRESH_S))
def live_board(url: str, desks: pd.DataFrame, unit_id: int | None, scope: Scope) -> None:
    """Every run reads the store's current intervals and the published files afresh.

    `desks` came from the scoped desk list: only their cameras' files are opened.
    """
    now = now_utc()
    directory = live_dir()
    ids = tuple(int(i) for i in desks["desk_id"])
    stored = pq.current_states(url, ids, now, scope)
    cameras = {c for c in desks["camera_code"].dropna()}
    states = desks_now(desks, stored, read_snapshots(directory, cameras), directory, now)
    policies = pq.desk_policies(url, ids)
    st.caption(t("live.refresh", seconds=REFRESH_S, time=fmt_time(now)))
    _counts(count_states(states))
    away = absences(states, now, lambda desk_id: policies.get(desk_id, DEFAULT_POLICY))
    _absence_table(url, scope, desks, away, incident_minutes(p.incident_min_s for p in policies.values()), now)

    choice = _filter()
    ordered = [s for s in board_order(states) if keep(choice, s)]
    if not ordered:
        st.info(t("live.filter.none"))
        return
    info = desks.set_index("desk_id", drop=False)
    shown = paginate(info.loc[[s.desk_id for s in ordered]], PER_PAGE, key=f"live.page.{choice.value}")
    by_desk = {s.desk_id: s for s in states}
    shown_ids = [int(i) for i in shown["desk_id"]]
    # Opening a live view of these desks (their cameras' frames) is logged once per session.
    audit_once(url, scope, "live_view", f"unit:{unit_id}" if unit_id is not None else "unit:*", unit_id,
               {"desks": shown_ids})
    watch(directory, {c for c in shown["camera_code"].dropna()})  # the tiles on screen: full-rate pictures
    cover = pq.coverage_so_far(url, tuple(shown_ids), now, scope).set_index("desk_id")["coverage"]
    pictures, code = _Pictures(), lang()
    rows = [shown.iloc[i:i + COLUMNS] for i in range(0, len(shown), COLUMNS)]
    for chunk in rows:
        for col, (_, desk) in zip(st.columns(COLUMNS), chunk.iterrows()):
            with col:
                now_state = by_desk[int(desk.desk_id)]
                rate = cover.get(int(desk.desk_id))
                badge = chip(now_state, now, policies.get(int(desk.desk_id), DEFAULT_POLICY), code)
                _tile(desk, now_state, badge, None if pd.isna(rate) else float(rate), pictures)
