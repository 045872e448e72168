"""Recording and editing inspections: scoped, validated and audited in one transaction.

Writes need a scope that may record inspections and reaches the inspected
unit (before and after an edit); the audit line commits or rolls back with
the inspection itself.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import Connection, Engine, delete, insert, select, update

from data import audit
from data.access import AccessDenied, Scope
from data.inspections.model import FindingInput, InspectionInput, SavedInspection
from data.inspections.validate import InspectionError, validate
from data.schema import Inspection, InspectionFinding


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _clean_text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _clean(data: InspectionInput) -> InspectionInput:
    findings = tuple(replace(f, notes=_clean_text(f.notes)) for f in data.findings)
    return replace(data, inspectors=(data.inspectors or "").strip(), conclusion=_clean_text(data.conclusion),
                   notes=_clean_text(data.notes), findings=findings)


def _require_recorder(scope: Scope) -> None:
    if not scope.can_record_inspections:
        raise AccessDenied(f"tài khoản {scope.username!r} không được ghi nhận kiểm tra công vụ "
                           f"(account {scope.username!r} may not record inspections)")


def _finding_rows(inspection_id: int, findings: tuple[FindingInput, ...]) -> list[dict]:
    return [{"inspection_id": inspection_id, "category": f.category, "staff_id": f.staff_id,
             "desk_id": f.desk_id, "notes": f.notes} for f in findings]


def _summary(data: InspectionInput) -> dict:
    return {"day": data.day.isoformat(), "kind": data.kind, "findings": len(data.findings),
            "categories": sorted({f.category for f in data.findings})}


def create_inspection(conn: Connection | Engine, scope: Scope, data: InspectionInput,
                      today: dt.date | None = None) -> SavedInspection:
    """Store a new inspection with its findings; the scope's username is recorded as its author."""
    if isinstance(conn, Engine):
        with conn.begin() as c:
            return create_inspection(c, scope, data, today)
    _require_recorder(scope)
    data = _clean(data)
    validate(conn, data, today)
    scope.require_unit(conn, data.unit_id)
    new_id = conn.execute(insert(Inspection).values(
        unit_id=data.unit_id, day=data.day, kind=data.kind, inspectors=data.inspectors,
        conclusion=data.conclusion, notes=data.notes, created_at=_utcnow(), created_by=scope.username,
    ).returning(Inspection.id)).scalar_one()
    if data.findings:
        conn.execute(insert(InspectionFinding), _finding_rows(new_id, data.findings))
    audit.record(conn, scope.username, "inspection_create", target=f"inspection:{new_id}",
                 unit_id=data.unit_id, detail=_summary(data))
    return SavedInspection(new_id, len(data.findings))


def update_inspection(conn: Connection | Engine, scope: Scope, inspection_id: int, data: InspectionInput,
                      today: dt.date | None = None) -> SavedInspection:
    """Replace an inspection's fields and findings; who and when are kept in updated_by/updated_at."""
    if isinstance(conn, Engine):
        with conn.begin() as c:
            return update_inspection(c, scope, inspection_id, data, today)
    _require_recorder(scope)
    old_unit = conn.execute(select(Inspection.unit_id).where(Inspection.id == inspection_id)).scalar_one_or_none()
    if old_unit is None:
        raise InspectionError("id", f"không có lần kiểm tra mã {inspection_id} (no inspection with id {inspection_id})")
    scope.require_unit(conn, old_unit)
    data = _clean(data)
    validate(conn, data, today)
    scope.require_unit(conn, data.unit_id)
    conn.execute(update(Inspection).where(Inspection.id == inspection_id).values(
        unit_id=data.unit_id, day=data.day, kind=data.kind, inspectors=data.inspectors,
        conclusion=data.conclusion, notes=data.notes, updated_at=_utcnow(), updated_by=scope.username,
    ))
    conn.execute(delete(InspectionFinding).where(InspectionFinding.inspection_id == inspection_id))
    if data.findings:
        conn.execute(insert(InspectionFinding), _finding_rows(inspection_id, data.findings))
    detail = _summary(data) | ({"moved_from_unit": old_unit} if old_unit != data.unit_id else {})
    audit.record(conn, scope.username, "inspection_edit", target=f"inspection:{inspection_id}",
                 unit_id=data.unit_id, detail=detail)
    return SavedInspection(inspection_id, len(data.findings))
