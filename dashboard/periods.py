"""Reporting periods: the span the data covers and the default period shown."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from data.review import months as review_months


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


def last_complete_month(today: dt.date) -> Period:
    """The month before today's: the review's rule (data.review.months), as a period."""
    start = review_months.last_complete_month(today)
    return Period(start, month_end(start))


def default_period(span: DataSpan, today: dt.date) -> Period:
    """The period every page opens on: the last complete month before `today`.

    Data that ends before that month (dossiers imported up to some earlier month) opens on its own last
    complete month, and the page says so with today's date; data that starts after it opens on all of it.
    """
    want = last_complete_month(today)
    if span.first <= want.start and want.end <= span.last:
        return want
    if span.last < want.start:
        last = span.last if span.last == month_end(span.last) else span.last.replace(day=1) - dt.timedelta(days=1)
        if last >= span.first:
            return Period(max(last.replace(day=1), span.first), last)
    return Period(span.first, span.last)


def default_month(options: list[dt.date], today: dt.date) -> dt.date:
    """The month a month picker opens on (first days, any order): the last complete month, else the newest
    month before it, else the oldest one offered."""
    want = last_complete_month(today).start
    earlier = [m for m in options if m <= want]
    return max(earlier) if earlier else min(options)


def clamp(period: Period, span: DataSpan) -> Period:
    """Keep a remembered period inside the data's bounds."""
    start = min(max(period.start, span.first), span.last)
    end = max(min(period.end, span.last), start)
    return Period(start, end)
