"""Which months the desk figures cover: the first and last local day with presence intervals."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Engine, func, select

from data.db import reading
from data.schema import PresenceInterval
from domain.timezone import LOCAL_TZ, as_utc


def presence_span(conn: Connection | Engine) -> tuple[dt.date, dt.date] | None:
    """(first, last) local day any desk has an interval; None when the cameras recorded nothing yet.

    Dates only, no unit rows, so it takes no scope.
    """
    stmt = select(func.min(PresenceInterval.start_at), func.max(PresenceInterval.end_at))
    with reading(conn) as c:
        first, last = c.execute(stmt).one()
    if first is None:
        return None
    # The last interval ends at the next midnight: its day is the one before that instant.
    last_day = (as_utc(last) - dt.timedelta(microseconds=1)).astimezone(LOCAL_TZ).date()
    return as_utc(first).astimezone(LOCAL_TZ).date(), last_day


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from `last` back to `first`, newest first."""
    out, month = [], last.replace(day=1)
    while month >= first.replace(day=1):
        out.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return out
