"""Recording and editing inspections: validation names the field, writes are whole and audited."""
from __future__ import annotations

import datetime as dt

import pytest
from inspection_store import TODAY, build_inspection_store
from sqlalchemy import func, select

from data.access import SYSTEM
from data.inspections.model import FindingInput, InspectionInput
from data.inspections.queries import get_inspection
from data.inspections.record import create_inspection, update_inspection
from data.inspections.validate import InspectionError
from data.schema import AuditEntry, Inspection, InspectionFinding


@pytest.fixture
def store(engine):
    return build_inspection_store(engine)


def _good(store, **change) -> InspectionInput:
    base = dict(day=dt.date(2025, 9, 1), unit_id=store.hoa_tham, inspectors="  Đoàn kiểm tra huyện  ",
                kind="unannounced", findings=(FindingInput("no_badge", store.staff["Bình"], "Không đeo thẻ"),),
                conclusion="Nhắc nhở", notes="")
    base.update(change)
    return InspectionInput(**base)


def _counts(engine) -> tuple[int, int, int]:
    with engine.connect() as c:
        return (c.execute(select(func.count()).select_from(Inspection)).scalar_one(),
                c.execute(select(func.count()).select_from(InspectionFinding)).scalar_one(),
                c.execute(select(func.count()).select_from(AuditEntry)).scalar_one())


def test_create_stores_cleaned_fields_findings_and_an_audit_line(engine, store):
    admin = SYSTEM
    saved = create_inspection(engine, admin, _good(store), today=TODAY)
    assert saved.findings == 1
    got = get_inspection(engine, admin, saved.id)
    assert got.data.inspectors == "Đoàn kiểm tra huyện" and got.data.notes is None
    assert got.data.findings == (FindingInput("no_badge", store.staff["Bình"], "Không đeo thẻ"),)
    assert got.created_by == "system" and got.updated_at is None
    with engine.connect() as c:
        entry = c.execute(select(*AuditEntry.__table__.c)).one()
    assert (entry.action, entry.target, entry.unit_id) == ("inspection_create", f"inspection:{saved.id}", store.hoa_tham)
    assert entry.detail["findings"] == 1 and entry.detail["categories"] == ["no_badge"]


def test_edit_replaces_findings_and_stamps_who_and_when(engine, store):
    iid = store.inspections[1]  # two findings
    scope = store.inspector(store.binh_gia, "kiem.tra.bg")
    new = _good(store, findings=(FindingInput("attitude", store.staff["Cường"], "Thái độ"),
                                 FindingInput("procedure", None, "Thiếu phiếu hẹn")), conclusion="Kiểm điểm")
    update_inspection(engine, scope, iid, new, today=TODAY)
    got = get_inspection(engine, SYSTEM, iid)
    assert [f.category for f in got.data.findings] == ["attitude", "procedure"]
    assert got.data.conclusion == "Kiểm điểm" and got.data.day == dt.date(2025, 9, 1)
    assert got.updated_by == "kiem.tra.bg" and got.updated_at is not None and got.created_by == "seed"
    assert _counts(engine) == (6, 5 - 2 + 2, 1)
    with engine.connect() as c:
        assert c.execute(select(AuditEntry.action, AuditEntry.actor)).one() == ("inspection_edit", "kiem.tra.bg")


# (change to a valid inspection, the field named, words the message must hold)
BAD = [
    (dict(day=None), "day", "ngày kiểm tra"),
    (dict(day=dt.date(2026, 1, 1)), "day", "is in the future"),
    (dict(day=dt.date(1999, 12, 31)), "day", "before 2000"),
    (dict(unit_id=None), "unit_id", "inspected unit is missing"),
    (dict(unit_id=99999), "unit_id", "no unit with id 99999"),
    (dict(inspectors="   "), "inspectors", "inspectors are missing"),
    (dict(inspectors="x" * 2001), "inspectors", "longer than 2000"),
    (dict(kind="surprise"), "kind", "unknown inspection kind 'surprise'"),
    (dict(conclusion="x" * 4001), "conclusion", "kết luận"),
    (dict(notes="x" * 4001), "notes", "notes longer than 4000"),
    (dict(findings=(FindingInput("late", None, None),)), "findings[1].category", "finding 1: unknown category 'late'"),
    ("staff of another unit", "findings[2].staff_id", "is not on the inspected unit's staff"),
    (dict(findings=(FindingInput("absent", None, "x" * 4001),)), "findings[1].notes", "finding 1: notes longer"),
    (dict(findings=tuple(FindingInput("absent") for _ in range(51))), "findings", "more than 50 findings"),
]


@pytest.mark.parametrize(("change", "field", "words"), BAD)
def test_bad_input_names_the_field_and_writes_nothing(engine, store, change, field, words):
    if change == "staff of another unit":  # An works at the district office, not at Hoa Thám
        change = dict(findings=(FindingInput("absent", store.staff["Bình"]), FindingInput("absent", store.staff["An"])))
    before = _counts(engine)
    with pytest.raises(InspectionError, match=words.replace("(", r"\(").replace("[", r"\[")) as caught:
        create_inspection(engine, SYSTEM, _good(store, **change), today=TODAY)
    assert caught.value.field == field
    assert "(" in str(caught.value)  # Vietnamese first, English in parentheses
    with pytest.raises(InspectionError) as caught_edit:
        update_inspection(engine, SYSTEM, store.inspections[0], _good(store, **change), today=TODAY)
    assert caught_edit.value.field == field
    assert _counts(engine) == before
    assert get_inspection(engine, SYSTEM, store.inspections[0]).updated_at is None


def test_editing_or_reading_a_missing_inspection_names_the_id(engine, store):
    with pytest.raises(InspectionError, match="no inspection with id 4242"):
        update_inspection(engine, SYSTEM, 4242, _good(store), today=TODAY)
    with pytest.raises(InspectionError, match="no inspection with id 4242"):
        get_inspection(engine, SYSTEM, 4242)


def test_a_failure_after_the_insert_rolls_the_whole_inspection_back(engine, store):
    with pytest.raises(RuntimeError):
        with engine.begin() as conn:
            create_inspection(conn, SYSTEM, _good(store), today=TODAY)
            raise RuntimeError("the caller fails later in the same transaction")
    assert _counts(engine) == (6, 5, 0)
