"""Scope: an inspector of Bình Gia reads and writes Bình Gia's subtree only, never Văn Quan's."""
from __future__ import annotations

import datetime as dt

import pytest
from inspection_store import TODAY, build_inspection_store
from sqlalchemy import func, select

from data.access import SYSTEM, AccessDenied, Scope
from data.inspections.model import FindingInput, InspectionFilter, InspectionInput
from data.inspections.queries import findings_of, get_inspection, list_inspections, unit_staff
from data.inspections.record import create_inspection, update_inspection
from data.inspections.targets import inspection_counts
from data.schema import AuditEntry, Inspection


@pytest.fixture
def store(engine):
    return build_inspection_store(engine)


def _input(unit_id: int, staff_id: int | None = None) -> InspectionInput:
    findings = (FindingInput("absent", staff_id),) if staff_id else ()
    return InspectionInput(dt.date(2025, 10, 1), unit_id, "Đoàn", "scheduled", findings)


def test_reads_stop_at_the_subtree(engine, store):
    bg = store.inspector(store.binh_gia)
    assert set(list_inspections(engine, bg)["unit_id"]) == {store.binh_gia, store.hoa_tham}
    assert set(findings_of(engine, bg)["unit_id"]) == {store.binh_gia, store.hoa_tham}
    ht = store.inspector(store.hoa_tham)
    assert set(list_inspections(engine, ht)["unit_id"]) == {store.hoa_tham}
    with pytest.raises(AccessDenied):
        list_inspections(engine, bg, InspectionFilter(unit_id=store.van_quan))
    with pytest.raises(AccessDenied):
        findings_of(engine, bg, InspectionFilter(unit_id=store.diem_he))
    with pytest.raises(AccessDenied):
        get_inspection(engine, bg, store.inspections[4])
    with pytest.raises(AccessDenied):
        unit_staff(engine, bg, store.van_quan)
    counts = inspection_counts(engine, bg, 2025, [store.province, store.binh_gia, store.van_quan])
    assert counts["unit_id"].tolist() == [store.binh_gia]


def test_a_commune_inspector_counts_only_what_it_may_see(engine, store):
    ht = store.inspector(store.hoa_tham)
    assert inspection_counts(engine, ht, 2025, [store.hoa_tham])["inspections"].tolist() == [2]


def _written(engine) -> tuple[int, int]:
    with engine.connect() as c:
        return (c.execute(select(func.count()).select_from(Inspection)).scalar_one(),
                c.execute(select(func.count()).select_from(AuditEntry)).scalar_one())


def test_writes_stop_at_the_subtree(engine, store):
    bg = store.inspector(store.binh_gia)
    create_inspection(engine, bg, _input(store.hoa_tham, store.staff["Bình"]), today=TODAY)
    before = _written(engine)
    with pytest.raises(AccessDenied):
        create_inspection(engine, bg, _input(store.van_quan, store.staff["Dung"]), today=TODAY)
    with pytest.raises(AccessDenied):  # editing Văn Quan's inspection
        update_inspection(engine, bg, store.inspections[4], _input(store.binh_gia), today=TODAY)
    with pytest.raises(AccessDenied):  # moving its own inspection to Văn Quan
        update_inspection(engine, bg, store.inspections[0], _input(store.van_quan), today=TODAY)
    assert _written(engine) == before
    assert get_inspection(engine, SYSTEM, store.inspections[0]).data.unit_id == store.binh_gia


@pytest.mark.parametrize("role", ["viewer", "staff"])
def test_roles_that_do_not_record(engine, store, role):
    scope = Scope(username="v", role=role)
    with pytest.raises(AccessDenied, match="may not record inspections"):
        create_inspection(engine, scope, _input(store.hoa_tham), today=TODAY)
    with pytest.raises(AccessDenied, match="may not record inspections"):
        update_inspection(engine, scope, store.inspections[0], _input(store.binh_gia), today=TODAY)
    assert _written(engine) == (6, 0)
