"""Trực tiếp (live view) drawing: a grid of desk tiles and the current absences, refreshed by a fragment."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import presence_queries as pq
from dashboard.clock import now_utc
from dashboard.format import fmt_pct, fmt_time
from dashboard.i18n import fmt_minutes, lang, t
from dashboard.live_state import DeskNow, absences, desks_now, live_dir, read_snapshots, watch
from dashboard.markdown_text import md_escape
from data.access import Scope
from dashboard.policy_text import incident_minutes
from domain.presence_policy import DEFAULT_POLICY
from domain.states import DeskStateName

REFRESH_S = 5
PER_PAGE = 12
COLUMNS = 3
CHIP_COLOURS = {DeskStateName.PRESENT.value: "green", DeskStateName.ABSENT.value: "red",
                DeskStateName.OFFLINE.value: "gray", DeskStateName.OFF_HOURS.value: "blue", None: "gray"}


def chip(state: str | None, since: dt.datetime | None) -> str:
    """The state as a coloured badge in Markdown: 'Có mặt', 'Vắng từ 10:42', 'Camera mất tín hiệu'…"""
    if state is None:
        label = t("state.unknown")
    elif state == DeskStateName.ABSENT.value and since is not None:
        label = t("state.ABSENT_since", time=fmt_time(since))
    else:
        label = t(f"state.{state}")
    return f":{CHIP_COLOURS.get(state, 'gray')}-badge[{label}]"


def _tile(desk: pd.Series, now_state: DeskNow, coverage: float | None) -> None:
    with st.container(border=True):
        st.markdown(f"**{md_escape(desk.desk_name)}** · {md_escape(desk.unit_name)}")
        st.caption(md_escape(desk.staff) if desk.staff else t("live.staff_none"))
        if now_state.image is not None:
            # Read into memory and handed over as bytes: the file is replaced under us every few seconds.
            st.image(now_state.image.read_bytes(), caption=t("live.frame_at", time=fmt_time(now_state.frame_at)),
                     width="stretch")
        else:
            st.info(t("live.no_camera") if pd.isna(desk.camera_code) else t("live.no_image"))
        st.markdown(chip(now_state.state, now_state.since))
        st.caption(t("live.coverage", rate=fmt_pct(coverage, lang())))


def _absence_table(desks: pd.DataFrame, away: pd.DataFrame, minutes: str) -> None:
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


@st.fragment(run_every=dt.timedelta(seconds=REFRESH_S))
def live_board(url: str, desks: pd.DataFrame, shown: pd.DataFrame, scope: Scope) -> None:
    """Every run reads the store's current intervals and the published files afresh.

    `desks` came from the scoped desk list: only their cameras' files are opened.
    """
    now = now_utc()
    directory = live_dir()
    ids = tuple(int(i) for i in desks["desk_id"])
    stored = pq.current_states(url, ids, now, scope)
    cameras = {c for c in desks["camera_code"].dropna()}
    watch(directory, {c for c in shown["camera_code"].dropna()})  # before reading: the tiles on screen
    states = desks_now(desks, stored, read_snapshots(directory, cameras), directory, now)
    by_desk = {s.desk_id: s for s in states}
    cover = pq.coverage_so_far(url, tuple(int(i) for i in shown["desk_id"]), now, scope).set_index("desk_id")["coverage"]
    st.caption(t("live.refresh", seconds=REFRESH_S, time=fmt_time(now)))
    rows = [shown.iloc[i:i + COLUMNS] for i in range(0, len(shown), COLUMNS)]
    for chunk in rows:
        for col, (_, desk) in zip(st.columns(COLUMNS), chunk.iterrows()):
            with col:
                rate = cover.get(int(desk.desk_id))
                _tile(desk, by_desk[int(desk.desk_id)], None if pd.isna(rate) else float(rate))
    policies = pq.desk_policies(url, ids)
    away = absences(states, now, lambda desk_id: policies.get(desk_id, DEFAULT_POLICY))
    _absence_table(desks, away, incident_minutes(p.incident_min_s for p in policies.values()))
