"""Which desks of the store the demo worker (`python -m vision demo`) plays, and handing them over to it.

The demo store (``python -m data demo``) already holds presence rows for the
whole of today, up to midnight; a live worker only appends after a desk's newest
row, so those desks' rows after *now* are cut off first (`hand_over`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, and_, delete, func, insert, select, update
from sqlalchemy.orm import aliased

from data.schema import Camera, Desk, Unit
from data.schema import CameraHealthInterval as HealthRow
from data.schema import PresenceInterval as PresenceRow
from data.text import fold
from data.worker_store.recovery import health_written_until
from domain.states import CameraHealth

MIN_DESKS, MAX_DESKS = 4, 6  # a unit that fills a screen on 2 cores
MIN_CAMERAS, MAX_CAMERAS = 2, 3


class NoDemoSite(LookupError):
    """The store has no unit the demo can play (message in Vietnamese, English in parentheses)."""


@dataclass(frozen=True)
class SiteDesk:
    code: str
    name: str


@dataclass(frozen=True)
class SiteCamera:
    code: str
    name: str
    desks: tuple[SiteDesk, ...]


@dataclass(frozen=True)
class DemoSite:
    unit_id: int
    unit_name: str
    cameras: tuple[SiteCamera, ...]

    @property
    def desks(self) -> tuple[SiteDesk, ...]:
        return tuple(d for c in self.cameras for d in c.desks)


def pick_site(conn: Connection, unit: str | None = None) -> DemoSite:
    """The unit named `unit`, else the store's unit with the most desks (4–6) on 2–3 cameras.

    Only units whose name is unique qualify: the sites file names its unit.
    """
    if unit is not None:
        rows = conn.execute(select(Unit.id, Unit.name).where(Unit.name_key == fold(unit))).all()
        if len(rows) != 1:
            problem = "không có" if not rows else "có nhiều hơn một"
            raise NoDemoSite(f"{problem} đơn vị tên '{unit}' (need exactly one unit named '{unit}')")
        return _site(conn, rows[0].id, rows[0].name)
    other = aliased(Unit)
    same_name = select(func.count(other.id)).where(other.name_key == Unit.name_key).scalar_subquery()
    desks = func.count(Desk.id)
    cameras = func.count(func.distinct(Desk.camera_id))
    row = conn.execute(
        select(Unit.id, Unit.name)
        .join(Desk, and_(Desk.unit_id == Unit.id, Desk.active.is_(True), Desk.camera_id.is_not(None)))
        .where(same_name == 1)
        .group_by(Unit.id, Unit.name, Unit.path)
        .having(desks.between(MIN_DESKS, MAX_DESKS), cameras.between(MIN_CAMERAS, MAX_CAMERAS))
        .order_by(desks.desc(), cameras.desc(), Unit.path)
        .limit(1)
    ).first()
    if row is None:
        raise NoDemoSite(
            f"kho không có đơn vị nào có {MIN_DESKS}–{MAX_DESKS} quầy trên {MIN_CAMERAS}–{MAX_CAMERAS} camera; "
            "hãy tạo dữ liệu mẫu bằng `python -m data demo` "
            f"(no unit with {MIN_DESKS}-{MAX_DESKS} desks on {MIN_CAMERAS}-{MAX_CAMERAS} cameras: fill the store "
            "with `python -m data demo`)"
        )
    return _site(conn, row.id, row.name)


def _site(conn: Connection, unit_id: int, unit_name: str) -> DemoSite:
    rows = conn.execute(
        select(Camera.code, Camera.name, Desk.code, Desk.name)
        .join(Desk, Desk.camera_id == Camera.id)
        .where(Desk.unit_id == unit_id, Desk.active.is_(True))
        .order_by(Camera.code, Desk.code)
    ).all()
    cameras: dict[str, SiteCamera] = {}
    for cam_code, cam_name, desk_code, desk_name in rows:
        cam = cameras.get(cam_code, SiteCamera(cam_code, cam_name, ()))
        cameras[cam_code] = SiteCamera(cam_code, cam_name, cam.desks + (SiteDesk(desk_code, desk_name),))
    if not cameras:
        raise NoDemoSite(f"đơn vị '{unit_name}' không có quầy nào gắn camera (unit '{unit_name}' has no desk "
                         "on a camera)")
    return DemoSite(unit_id, unit_name, tuple(list(cameras.values())[:MAX_CAMERAS]))


@dataclass(frozen=True)
class HandOver:
    presence_rows_cut: int
    health_rows_cut: int
    online_rows_added: int  # the generated cameras' implied ONLINE time, made explicit


def hand_over(conn: Connection, site: DemoSite, now: dt.datetime) -> HandOver:
    """Cut the site's presence and camera-health rows at `now` (rows starting later go), in the
    caller's transaction: from now on the live worker writes these desks.

    The generated store records camera outages only (ONLINE is implied between them);
    the worker would take the time since a camera's last outage for time it was not
    watching (OFFLINE). So on the first hand-over, before any worker row exists, that
    stretch is written as ONLINE. Later gaps are real: the demo worker was stopped.
    """
    desk_ids = select(Desk.id).where(Desk.unit_id == site.unit_id, Desk.code.in_([d.code for d in site.desks]))
    camera_ids = select(Camera.id).where(Camera.code.in_([c.code for c in site.cameras]))
    first = conn.execute(
        select(func.count()).select_from(PresenceRow)
        .where(PresenceRow.desk_id.in_(desk_ids), PresenceRow.source == "worker")
    ).scalar_one() == 0
    presence = _cut(conn, PresenceRow, PresenceRow.desk_id, desk_ids, now)
    health = _cut(conn, HealthRow, HealthRow.camera_id, camera_ids, now)
    filled = 0
    if first:
        for cam_id in conn.execute(camera_ids).scalars().all():
            since = health_written_until(conn, cam_id)
            if since is not None and since < now:
                conn.execute(insert(HealthRow).values(camera_id=cam_id, state=CameraHealth.ONLINE.value, start_at=since, end_at=now))
                filled += 1
    return HandOver(presence, health, filled)


def _cut(conn: Connection, table, owner, ids, now: dt.datetime) -> int:
    gone = conn.execute(delete(table).where(owner.in_(ids), table.start_at >= now)).rowcount
    trimmed = conn.execute(
        update(table).where(owner.in_(ids), table.start_at < now, table.end_at > now).values(end_at=now)
    ).rowcount
    return gone + trimmed
