"""Office hours from the store: the office_schedule and holiday rows, handed to the one resolver
(domain.office_hours.resolve_schedule) for one unit (the worker) or many at once (the review)."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Engine, or_, select

from data.schema import Holiday, OfficeSchedule, Unit
from domain.office_hours import (
    DEFAULT_TIMEZONE,
    DatedDay,
    OfficeCalendar,
    Schedule,
    WeeklyHours,
    resolve_schedule,
)


def load_schedule(
    conn: Connection | Engine, unit_id: int | None, timezone: str = DEFAULT_TIMEZONE
) -> Schedule:
    """The schedule of a unit (None: the province-wide one); LookupError for an unknown unit."""
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return load_schedule(c, unit_id, timezone)
    chain = unit_chain(conn, unit_id)
    return resolve_schedule(chain, read_calendar(conn, chain), timezone)


def read_calendar(conn: Connection, owners: Iterable[int] | None = None) -> OfficeCalendar:
    """The rows of `owners` and the province-wide/nationwide ones (owner None); every row if None."""
    hours_q = select(OfficeSchedule.unit_id, OfficeSchedule.weekday, OfficeSchedule.start_local,
                     OfficeSchedule.end_local)
    days_q = select(Holiday.unit_id, Holiday.day, Holiday.working_day)
    if owners is not None:
        ids = sorted({int(u) for u in owners})
        hours_q = hours_q.where(or_(OfficeSchedule.unit_id.is_(None), OfficeSchedule.unit_id.in_(ids)))
        days_q = days_q.where(or_(Holiday.unit_id.is_(None), Holiday.unit_id.in_(ids)))
    hours: dict[int | None, list[WeeklyHours]] = {}
    for owner, weekday, start, end in conn.execute(hours_q).all():
        hours.setdefault(owner, []).append(WeeklyHours(weekday, start, end))
    days: dict[int | None, list[DatedDay]] = {}
    for owner, day, working in conn.execute(days_q).all():
        days.setdefault(owner, []).append(DatedDay(day, bool(working)))
    return OfficeCalendar({k: tuple(v) for k, v in hours.items()}, {k: tuple(v) for k, v in days.items()})


def ancestry(path: str) -> list[int]:
    """[unit, parent, ..., root] from a unit's materialised path ("/1/4/9/")."""
    return [int(p) for p in reversed(path.strip("/").split("/")) if p]


def unit_chain(conn: Connection, unit_id: int | None) -> list[int]:
    """[unit, parent, ..., root]; [] for None (the province-wide schedule)."""
    if unit_id is None:
        return []
    path = conn.execute(select(Unit.path).where(Unit.id == unit_id)).scalar_one_or_none()
    if path is None:
        raise LookupError(f"không có đơn vị id={unit_id} (no unit with id {unit_id})")
    return ancestry(path)
