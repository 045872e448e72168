"""Inspections per unit per year against the target: subtree counts, overrides, who may change them."""
from __future__ import annotations

import pytest
from inspection_store import build_inspection_store
from sqlalchemy import select

from data.access import SYSTEM, AccessDenied, Scope
from data.inspections.targets import inspection_counts, progress, set_target
from data.schema import AuditEntry
from data.settings import InspectionTarget, get_inspection_target


@pytest.fixture
def store(engine):
    return build_inspection_store(engine)


@pytest.mark.parametrize(("done", "target", "expected"), [(0, 20, 0.0), (5, 20, 25.0), (25, 20, 125.0),
                                                          (1, 3, 33.33), (4, 0, None)])
def test_progress(done, target, expected):
    assert progress(done, target) == expected


# (year, unit names, expected (inspections, findings) per unit)
COUNTS = [
    (2025, ["province", "binh_gia", "hoa_tham", "van_quan", "diem_he"], [(5, 4), (3, 3), (2, 2), (2, 1), (1, 0)]),
    (2024, ["binh_gia", "van_quan"], [(1, 1), (0, 0)]),
    (2023, ["province"], [(0, 0)]),
]


@pytest.mark.parametrize(("year", "names", "expected"), COUNTS)
def test_counts_cover_the_subtree(engine, store, year, names, expected):
    ids = [getattr(store, n) for n in names]
    frame = inspection_counts(engine, SYSTEM, year, ids)
    assert list(frame["unit_id"]) == ids
    assert list(zip(frame["inspections"], frame["findings"])) == expected
    assert set(frame["target"]) == {20}


def test_targets_default_and_override_and_audit(engine, store):
    set_target(engine, SYSTEM, None, 4)
    set_target(engine, SYSTEM, store.binh_gia, 2)
    frame = inspection_counts(engine, SYSTEM, 2025, [store.binh_gia, store.van_quan]).set_index("unit_id")
    assert frame.loc[store.binh_gia, ["target", "progress"]].tolist() == [2, 150.0]
    assert frame.loc[store.van_quan, ["target", "progress"]].tolist() == [4, 50.0]
    set_target(engine, SYSTEM, store.binh_gia, None)
    assert get_inspection_target(engine) == InspectionTarget(4)
    with engine.connect() as c:
        entries = c.execute(select(AuditEntry.action, AuditEntry.target, AuditEntry.unit_id).order_by(AuditEntry.id)).all()
    assert entries == [("config_change", "setting:inspection_target", None),
                       ("config_change", "setting:inspection_target", store.binh_gia),
                       ("config_change", "setting:inspection_target", store.binh_gia)]


@pytest.mark.parametrize("role", ["inspector", "viewer", "staff"])
def test_only_administrators_change_targets(engine, store, role):
    scope = Scope(username="x", role=role)
    with pytest.raises(AccessDenied, match="may not change the inspection target"):
        set_target(engine, scope, None, 5)
    assert get_inspection_target(engine) == InspectionTarget()
