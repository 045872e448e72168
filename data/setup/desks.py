"""Desks: code, name, the camera that watches it and its staff zone (normalised polygon)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select, update

from data.access import Scope
from data.db import reading
from data.schema import Camera, Desk, Unit
from data.setup.changes import SetupError, record_change, require_configure
from data.setup.checks import check_desk

Zone = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class DeskInput:
    unit_id: int
    code: str
    name: str
    camera_id: int | None = None  # None: no camera watches it (yet)
    staff_zone: Zone | None = None  # required when a camera watches it
    active: bool = True


def _validate(conn: Connection, data: DeskInput, desk_id: int | None) -> DeskInput:
    code, name = data.code.strip(), " ".join(data.name.split())
    zone = None if data.staff_zone is None else [[float(x), float(y)] for x, y in data.staff_zone]
    if data.camera_id is not None:
        cam_unit = conn.execute(select(Camera.unit_id).where(Camera.id == data.camera_id)).scalar_one_or_none()
        if cam_unit is None:
            raise SetupError("camera_id", f"không có camera id={data.camera_id} (no camera with id {data.camera_id})")
        if cam_unit != data.unit_id:
            raise SetupError("camera_id", "camera thuộc đơn vị khác với quầy (the camera belongs to another unit)")
        if zone is None:
            raise SetupError("staff_zone", "quầy có camera cần vùng nhân viên (a desk watched by a camera needs a "
                                           "staff zone)")
    check_desk(code, name, zone)
    taken = select(Desk.id).where(Desk.unit_id == data.unit_id, Desk.code == code)
    if desk_id is not None:
        taken = taken.where(Desk.id != desk_id)
    if conn.execute(taken).first() is not None:
        raise SetupError("code", f"mã quầy '{code}' đã có trong đơn vị (desk code '{code}' is already used in this unit)")
    return DeskInput(data.unit_id, code, name or code, data.camera_id,
                     None if zone is None else tuple((x, y) for x, y in zone), data.active)


def _values(data: DeskInput) -> dict:
    return dict(unit_id=data.unit_id, code=data.code, name=data.name, camera_id=data.camera_id,
                staff_zone=None if data.staff_zone is None else [[x, y] for x, y in data.staff_zone],
                active=data.active)


def _audit_fields(data: DeskInput) -> dict:
    v = _values(data)
    return {k: v[k] for k in ("code", "name", "camera_id", "staff_zone", "active")}


def create_desk(conn: Connection, scope: Scope, data: DeskInput) -> int:
    require_configure(conn, scope, data.unit_id)
    data = _validate(conn, data, None)
    desk_id = conn.execute(insert(Desk).values(**_values(data)).returning(Desk.id)).scalar_one()
    record_change(conn, scope, "create", f"desk:{desk_id}", data.unit_id, _audit_fields(data))
    return desk_id


def _stored_unit(conn: Connection, scope: Scope, desk_id: int) -> int:
    unit_id = conn.execute(select(Desk.unit_id).where(Desk.id == desk_id)).scalar_one_or_none()
    if unit_id is None:
        raise SetupError("desk_id", f"không có quầy id={desk_id} (no desk with id {desk_id})")
    require_configure(conn, scope, unit_id)
    return unit_id


def update_desk(conn: Connection, scope: Scope, desk_id: int, data: DeskInput) -> None:
    old_unit = _stored_unit(conn, scope, desk_id)
    if data.unit_id != old_unit:
        raise SetupError("unit_id", "không chuyển quầy sang đơn vị khác: lịch sử của quầy thuộc đơn vị cũ "
                                    "(a desk cannot move to another unit: its history belongs to its unit)")
    data = _validate(conn, data, desk_id)
    conn.execute(update(Desk).where(Desk.id == desk_id).values(**_values(data)))
    record_change(conn, scope, "update", f"desk:{desk_id}", data.unit_id, _audit_fields(data))


def set_desk_active(conn: Connection, scope: Scope, desk_id: int, active: bool) -> None:
    """Retire a desk (the worker stops judging it; its history stays) or bring it back."""
    unit_id = _stored_unit(conn, scope, desk_id)
    conn.execute(update(Desk).where(Desk.id == desk_id).values(active=active))
    record_change(conn, scope, "enable" if active else "disable", f"desk:{desk_id}", unit_id, {"active": active})


def list_desks(conn: Connection | Engine, scope: Scope, unit_id: int | None = None) -> pd.DataFrame:
    """desk_id, unit_id, unit, code, name, camera_id, camera_code, staff_zone (list or None), active."""
    stmt = (
        select(Desk.id, Desk.unit_id, Unit.name, Desk.code, Desk.name, Desk.camera_id, Camera.code,
               Desk.staff_zone, Desk.active)
        .join(Unit, Unit.id == Desk.unit_id)
        .outerjoin(Camera, Camera.id == Desk.camera_id)
        .where(scope.unit_clause(Unit.path))
        .order_by(Unit.name, Desk.code)
    )
    if unit_id is not None:
        stmt = stmt.where(Desk.unit_id == unit_id)
    with reading(conn) as c:
        rows = c.execute(stmt).all()
    return pd.DataFrame(rows, columns=["desk_id", "unit_id", "unit", "code", "name", "camera_id", "camera_code",
                                       "staff_zone", "active"])
