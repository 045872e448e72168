"""Staff members and the roster: who sits at which desk over which days.

A desk has at most one person assigned on any day: a new entry that overlaps an
existing one of the same desk is refused (end the old one first).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, or_, select, update
from sqlalchemy.orm import aliased

from data.access import Scope
from data.db import reading
from data.schema import Desk, RosterEntry, Staff, Unit
from data.setup.changes import SetupError, record_change, require_configure


@dataclass(frozen=True)
class StaffInput:
    unit_id: int
    full_name: str
    code: str | None = None
    title: str | None = None
    active: bool = True


@dataclass(frozen=True)
class RosterInput:
    desk_id: int
    staff_id: int
    day_from: dt.date
    day_to: dt.date | None = None  # None = open-ended


def _clean_staff(data: StaffInput) -> StaffInput:
    name = " ".join(data.full_name.split())
    if not name:
        raise SetupError("full_name", "họ tên đang để trống (the full name is empty)")
    return StaffInput(data.unit_id, name, (data.code or "").strip() or None, (data.title or "").strip() or None,
                      data.active)


def create_staff(conn: Connection, scope: Scope, data: StaffInput) -> int:
    require_configure(conn, scope, data.unit_id)
    data = _clean_staff(data)
    staff_id = conn.execute(insert(Staff).values(
        unit_id=data.unit_id, full_name=data.full_name, code=data.code, title=data.title, active=data.active,
    ).returning(Staff.id)).scalar_one()
    record_change(conn, scope, "create", f"staff:{staff_id}", data.unit_id,
                  {"full_name": data.full_name, "code": data.code, "title": data.title, "active": data.active})
    return staff_id


def _staff_unit(conn: Connection, scope: Scope, staff_id: int) -> int:
    unit_id = conn.execute(select(Staff.unit_id).where(Staff.id == staff_id)).scalar_one_or_none()
    if unit_id is None:
        raise SetupError("staff_id", f"không có cán bộ id={staff_id} (no staff member with id {staff_id})")
    require_configure(conn, scope, unit_id)
    return unit_id


def update_staff(conn: Connection, scope: Scope, staff_id: int, data: StaffInput) -> None:
    _staff_unit(conn, scope, staff_id)
    require_configure(conn, scope, data.unit_id)
    data = _clean_staff(data)
    conn.execute(update(Staff).where(Staff.id == staff_id).values(
        unit_id=data.unit_id, full_name=data.full_name, code=data.code, title=data.title, active=data.active))
    record_change(conn, scope, "update", f"staff:{staff_id}", data.unit_id,
                  {"full_name": data.full_name, "code": data.code, "title": data.title, "active": data.active})


def list_staff(conn: Connection | Engine, scope: Scope, unit_id: int | None = None) -> pd.DataFrame:
    """staff_id, unit_id, unit, code, full_name, title, active."""
    stmt = (select(Staff.id, Staff.unit_id, Unit.name, Staff.code, Staff.full_name, Staff.title, Staff.active)
            .join(Unit, Unit.id == Staff.unit_id).where(scope.unit_clause(Unit.path))
            .order_by(Unit.name, Staff.full_name, Staff.id))
    if unit_id is not None:
        stmt = stmt.where(Staff.unit_id == unit_id)
    return _frame(conn, stmt, ["staff_id", "unit_id", "unit", "code", "full_name", "title", "active"])


# --- roster ------------------------------------------------------------------------


def _desk_unit(conn: Connection, desk_id: int) -> int:
    unit_id = conn.execute(select(Desk.unit_id).where(Desk.id == desk_id)).scalar_one_or_none()
    if unit_id is None:
        raise SetupError("desk_id", f"không có quầy id={desk_id} (no desk with id {desk_id})")
    return unit_id


def _check_entry(conn: Connection, scope: Scope, data: RosterInput, entry_id: int | None) -> int:
    unit_id = _desk_unit(conn, data.desk_id)
    require_configure(conn, scope, unit_id)
    _staff_unit(conn, scope, data.staff_id)
    if data.day_to is not None and data.day_to < data.day_from:
        raise SetupError("day_to", f"ngày kết thúc {data.day_to:%d/%m/%Y} trước ngày bắt đầu {data.day_from:%d/%m/%Y} "
                                   "(the last day is before the first)")
    # Two spans [a, b] and [c, d] (open end = forever) overlap when a <= d and c <= b.
    clash = select(RosterEntry.day_from, RosterEntry.day_to, Staff.full_name).join(
        Staff, Staff.id == RosterEntry.staff_id).where(
        RosterEntry.desk_id == data.desk_id,
        or_(RosterEntry.day_to.is_(None), RosterEntry.day_to >= data.day_from),
    )
    if data.day_to is not None:
        clash = clash.where(RosterEntry.day_from <= data.day_to)
    if entry_id is not None:
        clash = clash.where(RosterEntry.id != entry_id)
    other = conn.execute(clash.limit(1)).first()
    if other is not None:
        until = "…" if other.day_to is None else f"{other.day_to:%d/%m/%Y}"
        raise SetupError("day_from", f"quầy đã phân công cho {other.full_name} từ {other.day_from:%d/%m/%Y} đến {until} "
                                     f"(the desk is already assigned to {other.full_name} over these days)")
    return unit_id


def add_roster_entry(conn: Connection, scope: Scope, data: RosterInput) -> int:
    unit_id = _check_entry(conn, scope, data, None)
    entry_id = conn.execute(insert(RosterEntry).values(
        desk_id=data.desk_id, staff_id=data.staff_id, day_from=data.day_from, day_to=data.day_to,
    ).returning(RosterEntry.id)).scalar_one()
    record_change(conn, scope, "create", f"roster_entry:{entry_id}", unit_id,
                  {"desk_id": data.desk_id, "staff_id": data.staff_id, "day_from": data.day_from,
                   "day_to": data.day_to})
    return entry_id


def update_roster_entry(conn: Connection, scope: Scope, entry_id: int, data: RosterInput) -> None:
    """Change an entry (e.g. set its last day when someone moves desk)."""
    old = conn.execute(select(RosterEntry.desk_id).where(RosterEntry.id == entry_id)).scalar_one_or_none()
    if old is None:
        raise SetupError("entry_id", f"không có phân công id={entry_id} (no roster entry with id {entry_id})")
    require_configure(conn, scope, _desk_unit(conn, old))
    unit_id = _check_entry(conn, scope, data, entry_id)
    conn.execute(update(RosterEntry).where(RosterEntry.id == entry_id).values(
        desk_id=data.desk_id, staff_id=data.staff_id, day_from=data.day_from, day_to=data.day_to))
    record_change(conn, scope, "update", f"roster_entry:{entry_id}", unit_id,
                  {"desk_id": data.desk_id, "staff_id": data.staff_id, "day_from": data.day_from,
                   "day_to": data.day_to})


def remove_roster_entry(conn: Connection, scope: Scope, entry_id: int) -> None:
    desk_id = conn.execute(select(RosterEntry.desk_id).where(RosterEntry.id == entry_id)).scalar_one_or_none()
    if desk_id is None:
        raise SetupError("entry_id", f"không có phân công id={entry_id} (no roster entry with id {entry_id})")
    unit_id = _desk_unit(conn, desk_id)
    require_configure(conn, scope, unit_id)
    conn.execute(delete(RosterEntry).where(RosterEntry.id == entry_id))
    record_change(conn, scope, "delete", f"roster_entry:{entry_id}", unit_id, {"desk_id": desk_id})


def list_roster(conn: Connection | Engine, scope: Scope, unit_id: int | None = None) -> pd.DataFrame:
    """entry_id, desk_id, desk_code, desk, staff_id, staff, day_from, day_to — desk then first day."""
    unit = aliased(Unit)
    stmt = (
        select(RosterEntry.id, RosterEntry.desk_id, Desk.code, Desk.name, RosterEntry.staff_id, Staff.full_name,
               RosterEntry.day_from, RosterEntry.day_to)
        .join(Desk, Desk.id == RosterEntry.desk_id).join(Staff, Staff.id == RosterEntry.staff_id)
        .join(unit, unit.id == Desk.unit_id).where(scope.unit_clause(unit.path))
        .order_by(Desk.code, RosterEntry.day_from)
    )
    if unit_id is not None:
        stmt = stmt.where(Desk.unit_id == unit_id)
    return _frame(conn, stmt, ["entry_id", "desk_id", "desk_code", "desk", "staff_id", "staff", "day_from", "day_to"])


def _frame(conn: Connection | Engine, stmt, columns: list[str]) -> pd.DataFrame:
    with reading(conn) as c:
        rows = c.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=columns)
    for col in frame.columns:  # pandas turns a missing text into NaN; keep None
        if pd.api.types.is_string_dtype(frame[col]) or frame[col].dtype == object:
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame
