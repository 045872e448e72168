"""The presence rows of a period as epoch seconds, clipped to it: the one CTE both review queries read.

MATERIALIZED makes the store turn each row's instants into numbers once
(SQLite otherwise repeats julianday() in every expression that mentions them;
that alone cost a province-month a second).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import CTE, ColumnElement, literal, select

from data.review.sql_time import epoch, greatest, least
from data.schema import Desk, PresenceInterval, Unit


def clipped_rows(where: ColumnElement[bool], lo: float, hi: float, states: tuple[str, ...], name: str) -> CTE:
    """desk_id, state, s, e (epoch seconds inside [lo, hi)) of intervals in `states` at desks matching `where`."""
    lo_at, hi_at = dt.datetime.fromtimestamp(lo, dt.UTC), dt.datetime.fromtimestamp(hi, dt.UTC)
    s, e = epoch(PresenceInterval.start_at), epoch(PresenceInterval.end_at)
    return (
        select(PresenceInterval.desk_id.label("desk_id"), PresenceInterval.state.label("state"),
               greatest(s, literal(lo)).label("s"), least(e, literal(hi)).label("e"))
        .where(PresenceInterval.desk_id.in_(select(Desk.id).join(Unit, Unit.id == Desk.unit_id).where(where)),
               PresenceInterval.state.in_(states),
               PresenceInterval.start_at < hi_at, PresenceInterval.end_at > lo_at)
        .cte(name)
        .prefix_with("MATERIALIZED")
    )
