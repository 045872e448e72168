"""The rules an inspection must meet before it is stored; each failure names its field.

Messages are Vietnamese with English in parentheses (the form shows them as
they are, the command line and logs too).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select

from data.inspections.model import CATEGORIES, KINDS, InspectionInput
from data.schema import Staff, Unit
from domain.timezone import local_today

EARLIEST_DAY = dt.date(2000, 1, 1)
MAX_INSPECTORS = 2000
MAX_TEXT = 4000
MAX_FINDINGS = 50


class InspectionError(ValueError):
    """An inspection that may not be stored; `field` is the input field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _too_long(value: str | None, limit: int) -> bool:
    return value is not None and len(value) > limit


def validate(conn: Connection, data: InspectionInput, today: dt.date | None = None) -> None:
    """Raise `InspectionError` for the first rule `data` breaks (checked in form order)."""
    today = today or local_today()
    if data.day is None:
        raise InspectionError("day", "chưa nhập ngày kiểm tra (inspection date is missing)")
    if data.day > today:
        raise InspectionError("day", f"ngày kiểm tra {data.day:%d/%m/%Y} ở tương lai "
                                     f"(inspection date {data.day:%d/%m/%Y} is in the future)")
    if data.day < EARLIEST_DAY:
        raise InspectionError("day", f"ngày kiểm tra {data.day:%d/%m/%Y} trước năm 2000 "
                                     f"(inspection date {data.day:%d/%m/%Y} is before 2000)")
    if data.unit_id is None:
        raise InspectionError("unit_id", "chưa chọn đơn vị được kiểm tra (inspected unit is missing)")
    if conn.execute(select(Unit.id).where(Unit.id == data.unit_id)).first() is None:
        raise InspectionError("unit_id", f"không có đơn vị mã {data.unit_id} (no unit with id {data.unit_id})")
    if not (data.inspectors or "").strip():
        raise InspectionError("inspectors", "chưa nhập thành phần đoàn kiểm tra (inspectors are missing)")
    if _too_long(data.inspectors, MAX_INSPECTORS):
        raise InspectionError("inspectors", f"thành phần đoàn kiểm tra dài quá {MAX_INSPECTORS} ký tự "
                                            f"(inspectors longer than {MAX_INSPECTORS} characters)")
    if data.kind not in KINDS:
        raise InspectionError("kind", f"hình thức kiểm tra không hợp lệ {data.kind!r} "
                                      f"(unknown inspection kind {data.kind!r}; one of {', '.join(KINDS)})")
    for name, value in (("conclusion", data.conclusion), ("notes", data.notes)):
        if _too_long(value, MAX_TEXT):
            label = "kết luận" if name == "conclusion" else "ghi chú"
            raise InspectionError(name, f"{label} dài quá {MAX_TEXT} ký tự ({name} longer than {MAX_TEXT} characters)")
    _validate_findings(conn, data)


def _validate_findings(conn: Connection, data: InspectionInput) -> None:
    if len(data.findings) > MAX_FINDINGS:
        raise InspectionError("findings", f"quá {MAX_FINDINGS} tồn tại trong một lần kiểm tra "
                                          f"(more than {MAX_FINDINGS} findings)")
    staff_ids = {f.staff_id for f in data.findings if f.staff_id is not None}
    of_unit = set()
    if staff_ids:
        of_unit = set(conn.execute(
            select(Staff.id).where(Staff.id.in_(staff_ids), Staff.unit_id == data.unit_id)
        ).scalars())
    for n, finding in enumerate(data.findings, start=1):
        where = f"findings[{n}]"
        if finding.category not in CATEGORIES:
            raise InspectionError(f"{where}.category", f"tồn tại thứ {n}: loại không hợp lệ {finding.category!r} "
                                                       f"(finding {n}: unknown category {finding.category!r}; "
                                                       f"one of {', '.join(CATEGORIES)})")
        if finding.staff_id is not None and finding.staff_id not in of_unit:
            raise InspectionError(f"{where}.staff_id", f"tồn tại thứ {n}: cán bộ mã {finding.staff_id} không thuộc "
                                                       f"đơn vị được kiểm tra (finding {n}: staff {finding.staff_id} "
                                                       f"is not on the inspected unit's staff)")
        if _too_long(finding.notes, MAX_TEXT):
            raise InspectionError(f"{where}.notes", f"tồn tại thứ {n}: ghi chú dài quá {MAX_TEXT} ký tự "
                                                    f"(finding {n}: notes longer than {MAX_TEXT} characters)")
