"""Local time for Vietnamese reports: stored UTC, shown and bucketed in Asia/Ho_Chi_Minh."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"  # the IANA name, for settings that hold a zone by name
LOCAL_TZ = ZoneInfo(DEFAULT_TIMEZONE)


def local_today(now: dt.datetime | None = None) -> dt.date:
    now = now or dt.datetime.now(dt.UTC)
    return now.astimezone(LOCAL_TZ).date()


def local_day_start_utc(day: dt.date) -> dt.datetime:
    """The UTC instant at local midnight starting `day`."""
    return dt.datetime.combine(day, dt.time(), LOCAL_TZ).astimezone(dt.UTC)


def as_utc(value: dt.datetime) -> dt.datetime:
    """Values read back from SQLite are naive UTC; PostgreSQL gives aware ones."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)
