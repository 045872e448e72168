"""What a `--from-store` worker watches: the enabled cameras of a subtree and their active desks."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Connection, select

from data.schema import Camera, Desk, Unit
from data.units import find_unit


@dataclass(frozen=True)
class WatchedCamera:
    id: int  # store id
    code: str
    name: str
    source: str
    unit_id: int
    unit: str  # the unit's name


@dataclass(frozen=True)
class WatchedDesk:
    id: int  # store id
    code: str
    name: str
    camera_id: int  # store id
    staff_zone: list | None  # the stored polygon [[x, y], ...]; None or empty when not drawn yet


def unit_path(conn: Connection, unit: str | None) -> str | None:
    """The subtree a `--unit NAME` worker watches (None = every unit)."""
    if unit is None:
        return None
    return conn.execute(select(Unit.path).where(Unit.id == find_unit(conn, unit).id)).scalar_one()


def watched_cameras(conn: Connection, path: str | None = None,
                    codes: Collection[str] | None = None) -> tuple[WatchedCamera, ...]:
    """The enabled cameras of the subtree at `path` (None = all), by code; `codes`: only those."""
    rows = conn.execute(
        select(Camera.id, Camera.code, Camera.name, Camera.source, Camera.unit_id, Unit.name.label("unit"))
        .join(Unit, Unit.id == Camera.unit_id)
        .where(Camera.enabled.is_(True), *([Unit.path.startswith(path, autoescape=True)] if path else []),
               *([Camera.code.in_(list(codes))] if codes is not None else []))
        .order_by(Camera.code)
    ).all()
    return tuple(WatchedCamera(r.id, r.code, r.name, r.source, r.unit_id, r.unit) for r in rows)


def watched_desks(conn: Connection, camera_ids: Collection[int]) -> tuple[WatchedDesk, ...]:
    """The active desks on these cameras (store ids), by code."""
    rows = conn.execute(
        select(Desk.id, Desk.code, Desk.name, Desk.camera_id, Desk.staff_zone)
        .where(Desk.active.is_(True), Desk.camera_id.in_(list(camera_ids)))
        .order_by(Desk.code, Desk.id)
    ).all()
    return tuple(WatchedDesk(r.id, r.code, r.name, r.camera_id, r.staff_zone) for r in rows)
