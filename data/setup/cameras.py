"""Cameras: create, edit, switch off; the list pages show (source redacted)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, select, update

from data.access import Scope
from data.db import reading
from data.schema import Camera, Desk, Unit
from data.setup.changes import SetupError, record_change, require_configure, unit_name
from data.setup.checks import check_camera
from domain.redaction import MASK, redacted_source, restore_secrets


@dataclass(frozen=True)
class CameraInput:
    unit_id: int
    code: str
    name: str
    # None or "" on edit: keep the stored source; on edit, *** where the stored source's masks are
    # stand for its credentials (domain.redaction.restore_secrets)
    source: str | None
    enabled: bool = True


def _clean(data: CameraInput) -> CameraInput:
    source = (data.source or "").strip() or None
    return CameraInput(data.unit_id, data.code.strip(), " ".join(data.name.split()), source, data.enabled)


def _code_taken(conn: Connection, code: str, other_than: int | None = None) -> None:
    stmt = select(Camera.id).where(Camera.code == code)
    if other_than is not None:
        stmt = stmt.where(Camera.id != other_than)
    if conn.execute(stmt).first() is not None:
        raise SetupError("code", f"mã camera '{code}' đã có (camera code '{code}' is already used)")


def create_camera(conn: Connection, scope: Scope, data: CameraInput) -> int:
    data = _clean(data)
    require_configure(conn, scope, data.unit_id)
    if data.source is None:
        raise SetupError("source", "nguồn đang để trống (source is empty)")
    if MASK in data.source:
        raise SetupError("source", f"nguồn mới phải có thông tin đăng nhập thật thay cho {MASK} "
                                   f"(a new source needs the real credentials in place of {MASK})")
    check_camera(data.code, data.source, unit_name(conn, data.unit_id), data.name)
    _code_taken(conn, data.code)
    camera_id = conn.execute(insert(Camera).values(
        unit_id=data.unit_id, code=data.code, name=data.name or data.code, source=data.source, enabled=data.enabled,
    ).returning(Camera.id)).scalar_one()
    record_change(conn, scope, "create", f"camera:{camera_id}", data.unit_id,
                  {"code": data.code, "name": data.name, "enabled": data.enabled, "source_changed": True})
    return camera_id


def _stored(conn: Connection, scope: Scope, camera_id: int):
    row = conn.execute(select(Camera.unit_id, Camera.code).where(Camera.id == camera_id)).first()
    if row is None:
        raise SetupError("camera_id", f"không có camera id={camera_id} (no camera with id {camera_id})")
    require_configure(conn, scope, row.unit_id)
    return row


def _edited_source(conn: Connection, camera_id: int, typed: str | None) -> str | None:
    """The source to store, or None to keep the stored one (empty, or the masked form unchanged)."""
    if typed is None:
        return None
    stored = conn.execute(select(Camera.source).where(Camera.id == camera_id)).scalar_one()
    try:
        source = restore_secrets(typed, stored)
    except ValueError as exc:
        raise SetupError("source", str(exc)) from None
    return None if source == stored else source


def update_camera(conn: Connection, scope: Scope, camera_id: int, data: CameraInput) -> None:
    """Edit a camera; an empty source, or its masked form, keeps the stored one (pages never hold it)."""
    data = _clean(data)
    old = _stored(conn, scope, camera_id)
    data = CameraInput(data.unit_id, data.code, data.name, _edited_source(conn, camera_id, data.source),
                       data.enabled)
    require_configure(conn, scope, data.unit_id)
    check_camera(data.code, data.source, unit_name(conn, data.unit_id), data.name)
    _code_taken(conn, data.code, other_than=camera_id)
    if data.unit_id != old.unit_id and conn.execute(
        select(Desk.id).where(Desk.camera_id == camera_id, Desk.active.is_(True)).limit(1)
    ).first():
        raise SetupError("unit_id", "camera còn quầy đang theo dõi ở đơn vị cũ; hãy chuyển các quầy trước "
                                    "(the camera still watches desks of its unit: move them first)")
    values = dict(unit_id=data.unit_id, code=data.code, name=data.name or data.code, enabled=data.enabled)
    if data.source is not None:
        values["source"] = data.source
    conn.execute(update(Camera).where(Camera.id == camera_id).values(**values))
    record_change(conn, scope, "update", f"camera:{camera_id}", data.unit_id,
                  {"code": data.code, "name": data.name, "enabled": data.enabled,
                   "source_changed": data.source is not None})


def set_camera_enabled(conn: Connection, scope: Scope, camera_id: int, enabled: bool) -> None:
    """Switch a camera off (the worker stops reading it) or on again; rows are kept for history."""
    old = _stored(conn, scope, camera_id)
    conn.execute(update(Camera).where(Camera.id == camera_id).values(enabled=enabled))
    record_change(conn, scope, "enable" if enabled else "disable", f"camera:{camera_id}", old.unit_id,
                  {"code": old.code, "enabled": enabled})


def list_cameras(conn: Connection | Engine, scope: Scope, unit_id: int | None = None) -> pd.DataFrame:
    """camera_id, unit_id, unit, code, name, source (redacted), enabled, desks (active ones watched)."""
    desks = (select(Desk.camera_id, func.count().label("n")).where(Desk.active.is_(True))
             .group_by(Desk.camera_id).subquery())
    stmt = (
        select(Camera.id.label("camera_id"), Camera.unit_id, Unit.name.label("unit"), Camera.code, Camera.name,
               Camera.source, Camera.enabled, func.coalesce(desks.c.n, 0).label("desks"))
        .join(Unit, Unit.id == Camera.unit_id)
        .outerjoin(desks, desks.c.camera_id == Camera.id)
        .where(scope.unit_clause(Unit.path))
        .order_by(Unit.name, Camera.code)
    )
    if unit_id is not None:
        stmt = stmt.where(Camera.unit_id == unit_id)
    with reading(conn) as c:
        rows = c.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["camera_id", "unit_id", "unit", "code", "name", "source", "enabled", "desks"])
    # The full source never leaves data/: only its redacted form does.
    frame["source"] = [redacted_source(s) for s in frame["source"]]
    return frame.astype({"camera_id": int, "unit_id": int, "desks": int, "enabled": bool})
