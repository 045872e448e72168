"""Reporting periods: the span the data covers and the default period shown."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DataSpan:
    """First and last day of the months that hold dossier figures."""

    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def default_period(span: DataSpan) -> Period:
    """The last calendar year the data covers completely, else the whole span.

    Monthly reviews compare whole years (the article reports 2022 for Bình
    Gia), so a partial current year is not the first thing to show.
    """
    year = span.last.year if span.last >= dt.date(span.last.year, 12, 31) else span.last.year - 1
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if start < span.first or end > span.last:
        return Period(span.first, span.last)
    return Period(start, end)


def clamp(period: Period, span: DataSpan) -> Period:
    """Keep a remembered period inside the data's bounds."""
    start = min(max(period.start, span.first), span.last)
    end = max(min(period.end, span.last), start)
    return Period(start, end)
