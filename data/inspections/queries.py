"""Reading inspections back, always through a scope: the list, one record, a unit's staff."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, Select, exists, func, select
from sqlalchemy.orm import aliased

from data.access import Scope
from data.db import reading
from data.inspections.model import FindingInput, InspectionFilter, InspectionInput, InspectionRecord
from data.inspections.validate import InspectionError
from data.schema import Inspection, InspectionFinding, Staff, Unit

LIST_COLUMNS = ["id", "day", "unit_id", "unit_name", "kind", "inspectors", "findings", "categories",
                "conclusion", "notes", "created_by", "updated_at", "updated_by"]


def _rows(conn: Connection | Engine, stmt: Select) -> list:
    with reading(conn) as c:
        return c.execute(stmt).all()


def _filtered(scope: Scope, flt: InspectionFilter) -> Select:
    """Inspection ids and units matching `flt` inside `scope` (the unit filter takes the subtree)."""
    stmt = select(Inspection.id).join(Unit, Unit.id == Inspection.unit_id).where(scope.unit_clause(Unit.path))
    if flt.unit_id is not None:
        root = aliased(Unit)
        stmt = stmt.where(Unit.path.startswith(
            select(root.path).where(root.id == flt.unit_id).scalar_subquery()
        ))
    if flt.start is not None:
        stmt = stmt.where(Inspection.day >= flt.start)
    if flt.end is not None:
        stmt = stmt.where(Inspection.day <= flt.end)
    if flt.kind is not None:
        stmt = stmt.where(Inspection.kind == flt.kind)
    if flt.category is not None or flt.staff_id is not None:
        match = select(InspectionFinding.id).where(InspectionFinding.inspection_id == Inspection.id)
        if flt.category is not None:
            match = match.where(InspectionFinding.category == flt.category)
        if flt.staff_id is not None:
            match = match.where(InspectionFinding.staff_id == flt.staff_id)
        stmt = stmt.where(exists(match))
    return stmt


def list_inspections(conn: Connection | Engine, scope: Scope, flt: InspectionFilter = InspectionFilter()) -> pd.DataFrame:
    """One row per matching inspection, newest first; `categories` lists its findings' categories."""
    if flt.unit_id is not None:
        scope.require_unit(conn, flt.unit_id)
    ids = _filtered(scope, flt).subquery()
    counts = (select(InspectionFinding.inspection_id.label("iid"), func.count().label("n"))
              .group_by(InspectionFinding.inspection_id).subquery())
    stmt = (
        select(Inspection.id, Inspection.day, Inspection.unit_id, Unit.name, Inspection.kind, Inspection.inspectors,
               func.coalesce(counts.c.n, 0), Inspection.conclusion, Inspection.notes, Inspection.created_by,
               Inspection.updated_at, Inspection.updated_by)
        .join(ids, ids.c.id == Inspection.id)
        .join(Unit, Unit.id == Inspection.unit_id)
        .outerjoin(counts, counts.c.iid == Inspection.id)
        .order_by(Inspection.day.desc(), Inspection.id.desc())
    )
    rows = _rows(conn, stmt)
    frame = pd.DataFrame(rows, columns=[c for c in LIST_COLUMNS if c != "categories"])
    cats = _rows(conn, select(InspectionFinding.inspection_id, InspectionFinding.category)
                 .join(ids, ids.c.id == InspectionFinding.inspection_id))
    by_id: dict[int, set[str]] = {}
    for iid, cat in cats:
        by_id.setdefault(iid, set()).add(cat)
    frame.insert(7, "categories", [tuple(sorted(by_id.get(i, ()))) for i in frame["id"]])
    frame["findings"] = frame["findings"].astype("int64")
    return frame


def get_inspection(conn: Connection | Engine, scope: Scope, inspection_id: int) -> InspectionRecord:
    """One inspection for the edit form; AccessDenied when its unit is outside `scope`."""
    head = _rows(conn, select(*Inspection.__table__.c).where(Inspection.id == inspection_id))
    if not head:
        raise InspectionError("id", f"không có lần kiểm tra mã {inspection_id} (no inspection with id {inspection_id})")
    row = head[0]
    scope.require_unit(conn, row.unit_id)
    findings = _rows(conn, select(InspectionFinding.category, InspectionFinding.staff_id, InspectionFinding.notes,
                                  InspectionFinding.desk_id)
                     .where(InspectionFinding.inspection_id == inspection_id).order_by(InspectionFinding.id))
    data = InspectionInput(day=row.day, unit_id=row.unit_id, inspectors=row.inspectors, kind=row.kind,
                           findings=tuple(FindingInput(c, s, n, d) for c, s, n, d in findings),
                           conclusion=row.conclusion, notes=row.notes)
    return InspectionRecord(row.id, data, row.created_at, row.created_by, row.updated_at, row.updated_by)


def findings_of(conn: Connection | Engine, scope: Scope, flt: InspectionFilter = InspectionFilter()) -> pd.DataFrame:
    """The matching inspections' findings: inspection_id, day, unit_id, category, staff_id, staff_name, notes."""
    if flt.unit_id is not None:
        scope.require_unit(conn, flt.unit_id)
    ids = _filtered(scope, flt).subquery()
    stmt = (
        select(InspectionFinding.inspection_id, Inspection.day, Inspection.unit_id, InspectionFinding.category,
               InspectionFinding.staff_id, Staff.full_name, InspectionFinding.notes)
        .join(ids, ids.c.id == InspectionFinding.inspection_id)
        .join(Inspection, Inspection.id == InspectionFinding.inspection_id)
        .outerjoin(Staff, Staff.id == InspectionFinding.staff_id)
        .order_by(Inspection.day.desc(), InspectionFinding.id)
    )
    return pd.DataFrame(_rows(conn, stmt), columns=["inspection_id", "day", "unit_id", "category", "staff_id",
                                                    "staff_name", "notes"])


def unit_staff(conn: Connection | Engine, scope: Scope, unit_id: int) -> pd.DataFrame:
    """The staff a finding at `unit_id` may name (id, full_name, title), by name."""
    scope.require_unit(conn, unit_id)
    stmt = (select(Staff.id, Staff.full_name, Staff.title).where(Staff.unit_id == unit_id)
            .order_by(Staff.full_name, Staff.id))
    return pd.DataFrame(_rows(conn, stmt), columns=["id", "full_name", "title"])


def inspection_years(conn: Connection | Engine, scope: Scope) -> list[int]:
    """Years from the first to the last inspection inside `scope` (empty when there are none)."""
    stmt = (select(func.min(Inspection.day), func.max(Inspection.day))
            .join(Unit, Unit.id == Inspection.unit_id).where(scope.unit_clause(Unit.path)))
    first, last = _rows(conn, stmt)[0]
    return [] if first is None else list(range(first.year, last.year + 1))


def subtree_staff(conn: Connection | Engine, scope: Scope, unit_id: int) -> pd.DataFrame:
    """Staff of `unit_id` and every unit below it (id, full_name, unit_name), for the list's staff filter."""
    scope.require_unit(conn, unit_id)
    root = aliased(Unit)
    stmt = (select(Staff.id, Staff.full_name, Unit.name).join(Unit, Unit.id == Staff.unit_id)
            .where(Unit.path.startswith(select(root.path).where(root.id == unit_id).scalar_subquery()),
                   scope.unit_clause(Unit.path))
            .order_by(Staff.full_name, Staff.id))
    return pd.DataFrame(_rows(conn, stmt), columns=["id", "full_name", "unit_name"])
