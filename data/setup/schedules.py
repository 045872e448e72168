"""Office hours per unit and the holiday calendar.

A unit's week is the set of its own office_schedule rows and replaces the week it
would otherwise inherit (its nearest ancestor's, then the province-wide rows with
unit_id NULL, then Mon–Fri 07:30–11:30, 13:30–17:00): the rule domain.office_hours
applies. Saving an empty week removes the unit's rows, so it inherits again.
Holidays close a day; a compensatory working day (`working_day`) opens a weekend
day with weekday hours. unit_id NULL = nationwide / province-wide.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select

from data.access import Scope
from data.db import reading
from data.schema import Holiday, OfficeSchedule, Unit
from data.setup.changes import SetupError, record_change, require_configure

WEEKDAYS = 7


@dataclass(frozen=True)
class OfficeHours:
    weekday: int  # 0 = Monday
    start: dt.time
    end: dt.time  # 00:00 = midnight


@dataclass(frozen=True)
class HolidayInput:
    unit_id: int | None
    day: dt.date
    name: str
    working_day: bool = False


def _seconds(t: dt.time, end: bool) -> int:
    s = t.hour * 3600 + t.minute * 60 + t.second
    return 86_400 if end and s == 0 else s


def _check_week(hours: Sequence[OfficeHours]) -> None:
    by_day: dict[int, list[tuple[int, int]]] = {}
    for i, h in enumerate(hours):
        if not 0 <= h.weekday < WEEKDAYS:
            raise SetupError("weekday", f"dòng {i + 1}: thứ phải từ 0 (thứ Hai) đến 6 (Chủ nhật) "
                                        f"(row {i + 1}: weekday must be 0 = Monday .. 6 = Sunday)")
        a, b = _seconds(h.start, False), _seconds(h.end, True)
        if b <= a:
            raise SetupError("end", f"dòng {i + 1}: giờ kết thúc {h.end:%H:%M} phải sau giờ bắt đầu {h.start:%H:%M} "
                                    f"(row {i + 1}: end must be after start)")
        by_day.setdefault(h.weekday, []).append((a, b))
    for day, spans in by_day.items():
        spans.sort()
        for (a1, b1), (a2, _) in zip(spans, spans[1:]):
            if a2 < b1:
                raise SetupError("start", f"các khung giờ của thứ {day} chồng lên nhau "
                                          f"(office hours of weekday {day} overlap)")


def set_unit_week(conn: Connection, scope: Scope, unit_id: int | None, hours: Sequence[OfficeHours]) -> None:
    """Replace the unit's week (None = the province-wide week); empty = inherit again."""
    require_configure(conn, scope, unit_id)
    _check_week(hours)
    owner = OfficeSchedule.unit_id.is_(None) if unit_id is None else OfficeSchedule.unit_id == unit_id
    conn.execute(delete(OfficeSchedule).where(owner))
    if hours:
        conn.execute(insert(OfficeSchedule), [
            {"unit_id": unit_id, "weekday": h.weekday, "start_local": h.start, "end_local": h.end} for h in hours
        ])
    record_change(conn, scope, "set_week", f"office_schedule:{'province' if unit_id is None else unit_id}", unit_id,
                  {"hours": [[h.weekday, h.start.strftime("%H:%M"), h.end.strftime("%H:%M")] for h in hours]})


def unit_week(conn: Connection | Engine, scope: Scope, unit_id: int | None) -> list[OfficeHours]:
    """The unit's own rows (empty: it inherits), weekday then start."""
    if not scope.allows_unit(conn, unit_id):
        return []
    owner = OfficeSchedule.unit_id.is_(None) if unit_id is None else OfficeSchedule.unit_id == unit_id
    stmt = (select(OfficeSchedule.weekday, OfficeSchedule.start_local, OfficeSchedule.end_local)
            .where(owner).order_by(OfficeSchedule.weekday, OfficeSchedule.start_local))
    with reading(conn) as c:
        rows = c.execute(stmt).all()
    return [OfficeHours(int(w), a, b) for w, a, b in rows]


def add_holiday(conn: Connection, scope: Scope, data: HolidayInput) -> int:
    require_configure(conn, scope, data.unit_id)
    name = " ".join(data.name.split())
    if not name:
        raise SetupError("name", "tên ngày nghỉ đang để trống (the holiday needs a name)")
    owner = Holiday.unit_id.is_(None) if data.unit_id is None else Holiday.unit_id == data.unit_id
    if conn.execute(select(Holiday.id).where(owner, Holiday.day == data.day)).first() is not None:
        raise SetupError("day", f"ngày {data.day:%d/%m/%Y} đã có trong lịch (the day {data.day} is already listed)")
    if data.working_day and data.day.weekday() < 5:
        raise SetupError("working_day", f"ngày làm bù {data.day:%d/%m/%Y} phải là thứ Bảy hoặc Chủ nhật "
                                        "(a compensatory working day falls on a weekend)")
    holiday_id = conn.execute(insert(Holiday).values(
        unit_id=data.unit_id, day=data.day, name=name, working_day=data.working_day).returning(Holiday.id)).scalar_one()
    record_change(conn, scope, "create", f"holiday:{holiday_id}", data.unit_id,
                  {"day": data.day, "name": name, "working_day": data.working_day})
    return holiday_id


def remove_holiday(conn: Connection, scope: Scope, holiday_id: int) -> None:
    row = conn.execute(select(Holiday.unit_id, Holiday.day, Holiday.name).where(Holiday.id == holiday_id)).first()
    if row is None:
        raise SetupError("holiday_id", f"không có ngày nghỉ id={holiday_id} (no holiday with id {holiday_id})")
    require_configure(conn, scope, row.unit_id)
    conn.execute(delete(Holiday).where(Holiday.id == holiday_id))
    record_change(conn, scope, "delete", f"holiday:{holiday_id}", row.unit_id, {"day": row.day, "name": row.name})


def list_holidays(conn: Connection | Engine, scope: Scope, year: int) -> pd.DataFrame:
    """holiday_id, unit_id (None = nationwide), unit, day, name, working_day for one year, in scope."""
    stmt = (
        select(Holiday.id, Holiday.unit_id, Unit.name, Holiday.day, Holiday.name, Holiday.working_day)
        .outerjoin(Unit, Unit.id == Holiday.unit_id)
        .where(Holiday.day >= dt.date(year, 1, 1), Holiday.day <= dt.date(year, 12, 31))
        .where(Holiday.unit_id.is_(None) | scope.unit_clause(Unit.path))
        .order_by(Holiday.day, Holiday.id)
    )
    with reading(conn) as c:
        rows = c.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["holiday_id", "unit_id", "unit", "day", "name", "working_day"])
    return frame.astype({"working_day": bool})
