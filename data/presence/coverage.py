"""Desk coverage: present time / (office time − offline time).

Office time is read off the intervals themselves: the worker writes OFF_HOURS
for every closed second by the unit's schedule, so every other state is
office time. This keeps coverage consistent with the incidents and the
timeline, and needs no second reading of the schedule.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Connection, Engine

from data.access import Scope
from data.presence.intervals import day_intervals
from domain.states import DeskStateName
from domain.timezone import as_utc, local_today

COVERAGE_COLUMNS = ["desk_id", "present_s", "office_s", "offline_s", "coverage"]
PRESENT, ABSENT, OFFLINE = DeskStateName.PRESENT.value, DeskStateName.ABSENT.value, DeskStateName.OFFLINE.value
OFFICE_STATES = (PRESENT, ABSENT, OFFLINE)


def coverage_rate(present_s: float, office_s: float, offline_s: float) -> float | None:
    """Coverage in percent; None when no office time was watched (closed, or the camera was down)."""
    watched = office_s - offline_s
    if watched <= 0:
        return None
    return round(100.0 * min(present_s, watched) / watched, 2)


def coverage_of(intervals: pd.DataFrame, desk_ids: Sequence[int]) -> pd.DataFrame:
    """Coverage per desk over the given intervals (desks without intervals get NA coverage)."""
    seconds = (intervals["end_at"] - intervals["start_at"]).dt.total_seconds()
    by_state = seconds.groupby([intervals["desk_id"], intervals["state"]]).sum().to_dict()
    rows = []
    for desk_id in (int(i) for i in desk_ids):
        present = float(by_state.get((desk_id, PRESENT), 0.0))
        offline = float(by_state.get((desk_id, OFFLINE), 0.0))
        office = float(sum(by_state.get((desk_id, s), 0.0) for s in OFFICE_STATES))
        rows.append((desk_id, present, office, offline, coverage_rate(present, office, offline)))
    df = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    df["coverage"] = df["coverage"].astype("Float64")
    return df


def coverage_so_far(conn: Connection | Engine, desk_ids: Sequence[int], now: dt.datetime, *,
                    scope: Scope) -> pd.DataFrame:
    """Today's (local) coverage of each desk from midnight up to `now`."""
    now = as_utc(now)
    return coverage_of(day_intervals(conn, desk_ids, local_today(now), until=now, scope=scope), desk_ids)


def day_coverage(conn: Connection | Engine, desk_ids: Sequence[int], day: dt.date, *, scope: Scope) -> pd.DataFrame:
    """A whole local day's coverage of each desk."""
    return coverage_of(day_intervals(conn, desk_ids, day, scope=scope), desk_ids)
