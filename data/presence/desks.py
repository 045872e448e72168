"""The desks of a unit subtree, with their camera and the staff rostered on a day."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, or_, select

from data.access import Scope, staff_desk_clause
from data.db import reading
from data.schema import Camera, Desk, RosterEntry, Staff, Unit

DESK_COLUMNS = ["desk_id", "desk_code", "desk_name", "unit_id", "unit_name", "camera_id", "camera_code",
                "camera_name", "staff"]


def _rows(conn: Connection | Engine, stmt) -> list:
    with reading(conn) as c:
        return c.execute(stmt).all()


def unit_desks(conn: Connection | Engine, unit_id: int | None, day: dt.date, *, scope: Scope) -> pd.DataFrame:
    """Active desks of `unit_id` and its sub-units (all when None), in unit-path then code order.

    `staff` joins the names rostered to the desk on `day` ("" when nobody is);
    camera columns are NA for a desk without a camera. Only desks inside `scope` come back
    (a staff member's: those they are rostered on that day); a unit outside it is refused.
    """
    scope.require_unit(conn, unit_id)
    stmt = (
        select(Desk.id, Desk.code, Desk.name, Unit.id, Unit.name, Camera.id, Camera.code, Camera.name, Unit.path)
        .join(Unit, Unit.id == Desk.unit_id)
        .outerjoin(Camera, Camera.id == Desk.camera_id)
        .where(Desk.active.is_(True), scope.unit_clause(Unit.path), staff_desk_clause(scope, day))
    )
    if unit_id is not None:
        path = _rows(conn, select(Unit.path).where(Unit.id == unit_id))
        if not path:
            raise LookupError(f"không có đơn vị id={unit_id} (no unit with id {unit_id})")
        stmt = stmt.where(Unit.path.startswith(path[0][0]))
    rows = _rows(conn, stmt)
    df = pd.DataFrame([r[:8] for r in rows], columns=DESK_COLUMNS[:-1])
    df["path"] = [r[8] for r in rows]
    staff = _rostered(conn, [int(i) for i in df["desk_id"]], day)
    df["staff"] = [staff.get(int(i), "") for i in df["desk_id"]]
    df = df.sort_values(["path", "desk_code", "desk_id"], key=_natural).drop(columns="path")
    df["camera_id"] = df["camera_id"].astype("Int64")
    return df.reset_index(drop=True)[DESK_COLUMNS]


def _natural(col: pd.Series) -> pd.Series:
    # Paths sort by their numeric ids ('/1/10/' after '/1/9/'), not as text.
    if col.name == "path":
        return col.map(lambda p: tuple(int(x) for x in p.strip("/").split("/")))
    return col


def _rostered(conn: Connection | Engine, desk_ids: list[int], day: dt.date) -> dict[int, str]:
    if not desk_ids:
        return {}
    stmt = (
        select(RosterEntry.desk_id, Staff.full_name)
        .join(Staff, Staff.id == RosterEntry.staff_id)
        .where(RosterEntry.desk_id.in_(desk_ids), RosterEntry.day_from <= day,
               or_(RosterEntry.day_to.is_(None), RosterEntry.day_to >= day))
        .order_by(RosterEntry.desk_id, Staff.full_name)
    )
    names: dict[int, list[str]] = {}
    for desk_id, name in _rows(conn, stmt):
        names.setdefault(int(desk_id), []).append(name)
    return {d: ", ".join(n) for d, n in names.items()}
