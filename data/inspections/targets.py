"""Inspections per unit per year against the target (province default, per-unit overrides).

A unit's count covers its whole subtree: a district's inspection team visits
the district office and its communes, and the article counts them together
("every district runs more than 20 inspections a year").
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, and_, func, select
from sqlalchemy.orm import aliased

from data import audit
from data.access import AccessDenied, Scope
from data.schema import Inspection, InspectionFinding, Unit
from data.settings import INSPECTION_TARGET_KEY, InspectionTarget, get_inspection_target, put_inspection_target

COUNT_COLUMNS = ["unit_id", "inspections", "findings", "target", "progress"]


def progress(done: int, target: int) -> float | None:
    """Percent of the target reached (may pass 100); None when the target is 0."""
    return None if target == 0 else round(100.0 * done / target, 2)


def inspection_counts(conn: Connection | Engine, scope: Scope, year: int, unit_ids: list[int] | tuple[int, ...],
                      target: InspectionTarget | None = None) -> pd.DataFrame:
    """One row per requested unit inside `scope` (others are left out), in the order asked."""
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return inspection_counts(c, scope, year, unit_ids, target)
    target = target or get_inspection_target(conn)
    root, seen = aliased(Unit), aliased(Unit)
    in_year = and_(Inspection.day >= dt.date(year, 1, 1), Inspection.day <= dt.date(year, 12, 31))
    findings = (select(InspectionFinding.inspection_id.label("iid"), func.count().label("n"))
                .group_by(InspectionFinding.inspection_id).subquery())
    stmt = (
        select(root.id, func.count(Inspection.id), func.coalesce(func.sum(findings.c.n), 0))
        .select_from(root)
        .outerjoin(seen, and_(seen.path.startswith(root.path), scope.unit_clause(seen.path)))
        .outerjoin(Inspection, and_(Inspection.unit_id == seen.id, in_year))
        .outerjoin(findings, findings.c.iid == Inspection.id)
        .where(root.id.in_(list(unit_ids)), scope.unit_clause(root.path))
        .group_by(root.id)
    )
    got = {int(u): (int(n), int(f)) for u, n, f in conn.execute(stmt)}
    rows = []
    for uid in unit_ids:
        if uid in got:
            n, f = got[uid]
            goal = target.for_unit(uid)
            rows.append((uid, n, f, goal, progress(n, goal)))
    frame = pd.DataFrame(rows, columns=COUNT_COLUMNS)
    frame["progress"] = frame["progress"].astype("float64")
    return frame


def set_target(conn: Connection | Engine, scope: Scope, unit_id: int | None, value: int | None) -> InspectionTarget:
    """Set the province default (`unit_id` None) or one unit's override (`value` None removes it)."""
    if isinstance(conn, Engine):
        with conn.begin() as c:
            return set_target(c, scope, unit_id, value)
    if not scope.can_configure:
        raise AccessDenied(f"tài khoản {scope.username!r} không được đổi chỉ tiêu kiểm tra "
                           f"(account {scope.username!r} may not change the inspection target)")
    current = get_inspection_target(conn)
    if unit_id is None:
        if value is None:
            raise ValueError("chỉ tiêu mặc định không thể bỏ trống (the default target cannot be removed)")
        new = InspectionTarget(value, current.overrides)
    else:
        scope.require_unit(conn, unit_id)
        new = current.with_override(unit_id, value)
    put_inspection_target(conn, new, by=scope.username)
    audit.record(conn, scope.username, "config_change", target=f"setting:{INSPECTION_TARGET_KEY}",
                 unit_id=unit_id, detail={"before": current.to_json(), "after": new.to_json()})
    return new
