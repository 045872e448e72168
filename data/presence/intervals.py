"""A local day's presence intervals per desk, and what each desk is doing now.

Times come back UTC-aware (SQLite hands back naive UTC; both stores agree
after `as_utc`). Days are local Asia/Ho_Chi_Minh days, [00:00, 24:00).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, select

from data.access import Scope, require_desks
from data.db import reading
from data.schema import PresenceInterval
from domain.timezone import as_utc, local_day_start_utc, local_today

INTERVAL_COLUMNS = ["desk_id", "state", "start_at", "end_at"]
STATE_COLUMNS = ["desk_id", "state", "since"]
# The store's newest interval still says what a desk does now if it ended at most this long ago
# (the worker hands intervals out a little after they end).
STORE_STALE_S = 180.0


@dataclass(frozen=True)
class LocalDay:
    """A local calendar day as a UTC span."""

    day: dt.date

    @property
    def start(self) -> dt.datetime:
        return local_day_start_utc(self.day)

    @property
    def end(self) -> dt.datetime:
        return local_day_start_utc(self.day + dt.timedelta(days=1))


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    for col in columns:
        if col in ("start_at", "end_at", "since"):
            df[col] = pd.to_datetime(df[col], utc=True).astype("datetime64[us, UTC]")
    return df


def day_intervals(conn: Connection | Engine, desk_ids: Sequence[int], day: dt.date,
                  until: dt.datetime | None = None, *, scope: Scope) -> pd.DataFrame:
    """Intervals of `desk_ids` overlapping the local `day`, clipped to it (and to `until` when given).

    Ordered by desk then start; empty intervals left after clipping are dropped.
    A desk outside `scope` refuses the whole request (AccessDenied).
    """
    require_desks(conn, scope, desk_ids, day)
    span = LocalDay(day)
    lo, hi = span.start, span.end if until is None else min(span.end, as_utc(until))
    if not desk_ids or hi <= lo:
        return _frame([], INTERVAL_COLUMNS)
    stmt = (
        select(PresenceInterval.desk_id, PresenceInterval.state, PresenceInterval.start_at, PresenceInterval.end_at)
        .where(PresenceInterval.desk_id.in_([int(i) for i in desk_ids]),
               PresenceInterval.start_at < hi, PresenceInterval.end_at > lo)
        .order_by(PresenceInterval.desk_id, PresenceInterval.start_at)
    )
    with reading(conn) as c:
        raw = c.execute(stmt).all()
    rows = []
    for desk_id, state, start, end in raw:
        s, e = max(as_utc(start), lo), min(as_utc(end), hi)
        if e > s:
            rows.append((int(desk_id), state, s, e))
    return _frame(rows, INTERVAL_COLUMNS)


def states_at(intervals: pd.DataFrame, now: dt.datetime, stale_s: float = STORE_STALE_S) -> pd.DataFrame:
    """Each desk's state at `now` from its intervals, and since when (abutting same-state intervals merged).

    A desk whose newest interval ended more than `stale_s` before `now` has no
    state (the worker is not writing for it); such desks are left out.
    """
    now = as_utc(now)
    rows = []
    for desk_id, group in intervals.groupby("desk_id", sort=True):
        past = [(st, s.to_pydatetime(), e.to_pydatetime())
                for st, s, e in zip(group["state"], group["start_at"], group["end_at"]) if s <= now]
        if not past:
            continue
        state, since, end = past[-1]
        if (now - end).total_seconds() > stale_s:
            continue
        for prev_state, prev_start, prev_end in reversed(past[:-1]):
            if prev_state != state or prev_end < since:
                break
            since = prev_start
        rows.append((int(desk_id), state, since))
    return _frame(rows, STATE_COLUMNS)


def current_states(conn: Connection | Engine, desk_ids: Sequence[int], now: dt.datetime, *,
                   scope: Scope) -> pd.DataFrame:
    """desk_id, state, since for every desk with a recent interval (runs are followed back to local midnight)."""
    now = as_utc(now)
    until = now + dt.timedelta(microseconds=1)
    return states_at(day_intervals(conn, desk_ids, local_today(now), until=until, scope=scope), now)
