"""Which months a review can be read for: those the presence data covers."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Engine, func, select

from data.db import reading
from data.schema import PresenceInterval
from domain.timezone import LOCAL_TZ, as_utc


def presence_months(conn: Connection | Engine) -> tuple[dt.date, dt.date] | None:
    """First days of the first and last local months with presence intervals (None when there are none)."""
    stmt = select(func.min(PresenceInterval.start_at), func.max(PresenceInterval.start_at))
    with reading(conn) as c:
        first, last = c.execute(stmt).one()
    if first is None:
        return None
    return tuple(as_utc(x).astimezone(LOCAL_TZ).date().replace(day=1) for x in (first, last))  # type: ignore[return-value]


def last_complete_month(today: dt.date) -> dt.date:
    """The review's default: the month before today's."""
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def month_options(span: tuple[dt.date, dt.date] | None, today: dt.date) -> list[dt.date]:
    """Months to pick, newest first: the data's months plus the last complete one (the default)."""
    months = {last_complete_month(today)}
    if span is not None:
        m = span[0]
        while m <= span[1]:
            months.add(m)
            m = (m + dt.timedelta(days=32)).replace(day=1)
    return sorted(months, reverse=True)
