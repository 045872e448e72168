"""A small unit tree for the setup tests, and what to read back from the store."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from data.access import Scope
from data.schema import AuditEntry, Camera, Desk, Holiday, OfficeSchedule, RosterEntry, Staff
from data.setup import config_revision
from data.units import create_unit

SECRET_URL = "rtsp://admin:S3cret-pass@10.0.0.5:554/stream1"
ZONE = ((0.1, 0.3), (0.4, 0.3), (0.4, 0.75), (0.1, 0.75))


@dataclass(frozen=True)
class Tree:
    province: int
    binh_gia: int
    hoa_tham: int
    van_quan: int
    diem_he: int


def build_tree(engine: Engine) -> Tree:
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None).id
        bg = create_unit(c, "Huyện Bình Gia", "district", p).id
        ht = create_unit(c, "Xã Hoa Thám", "commune", bg).id
        vq = create_unit(c, "Huyện Văn Quan", "district", p).id
        dh = create_unit(c, "Xã Điềm He", "commune", vq).id
    return Tree(p, bg, ht, vq, dh)


def scope_under(engine: Engine, unit_id: int, role: str = "admin") -> Scope:
    from data.schema import Unit

    with engine.connect() as c:
        path = c.execute(select(Unit.path).where(Unit.id == unit_id)).scalar_one()
    return Scope(username=f"{role}-{unit_id}", role=role, unit_path=path)


@dataclass(frozen=True)
class Counts:
    """Everything a setup change may write: equal before and after a refused change."""

    revision: int
    audit: int
    cameras: int
    desks: int
    schedules: int
    holidays: int
    staff: int
    roster: int


def counts(engine: Engine) -> Counts:
    with engine.connect() as c:
        n = lambda table: c.execute(select(func.count()).select_from(table)).scalar_one()  # noqa: E731
        return Counts(config_revision(c), n(AuditEntry), n(Camera), n(Desk), n(OfficeSchedule), n(Holiday),
                      n(Staff), n(RosterEntry))


def audit_rows(engine: Engine) -> list[tuple[str, str, str | None, dict | None]]:
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(
            select(AuditEntry.actor, AuditEntry.action, AuditEntry.target, AuditEntry.detail).order_by(AuditEntry.id))]
