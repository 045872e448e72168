"""The review, inspection and scorecard read models and the excuse writes on the two-district store:
an inspector of district A reads and excuses nothing of district B; staff get their own desk only."""
from __future__ import annotations

import pytest
from access_store import DAY, at, build_two_districts
from sqlalchemy import insert

from data.access import SYSTEM, AccessDenied
from data.inspections.model import InspectionFilter
from data.inspections.queries import list_inspections
from data.review.excuses import excuse, explain
from data.review.notes import IncidentKey
from data.review.report import build_review
from data.schema import Inspection
from data.scorecard.figures import unit_discipline

MONTH = DAY.replace(day=1)


@pytest.fixture
def store(engine, tmp_path):
    built = build_two_districts(engine, tmp_path / "evidence")
    with engine.begin() as c:
        for unit in (built.commune_a, built.commune_b):
            c.execute(insert(Inspection).values(unit_id=unit, day=DAY, kind="unannounced", inspectors="Đoàn tỉnh",
                                                created_at=at(12)))
    return built


def scope_of(store, who):
    return {"inspector_a": store.inspector("a"), "inspector_b": store.inspector("b"),
            "staff_a1": store.staff_scope("A1"), "system": SYSTEM}[who]


@pytest.mark.parametrize("who, unit, desks", [
    ("inspector_a", "district_a", ["A1", "A2"]),
    ("inspector_a", "district_b", None),
    ("inspector_a", None, None),
    ("inspector_b", "district_b", ["B1"]),
    ("staff_a1", "commune_a", ["A1"]),
    ("system", None, ["A1", "A2", "B1"]),
])
def test_monthly_review(engine, store, who, unit, desks):
    unit_id = None if unit is None else getattr(store, unit)
    if desks is None:
        with pytest.raises(AccessDenied):
            build_review(engine, scope_of(store, who), unit_id, MONTH)
        return
    review = build_review(engine, scope_of(store, who), unit_id, MONTH)
    seen = {int(d) for d in review.desks["desk_id"]} | {int(d) for d in review.incidents["desk_id"]}
    assert seen == {store.desks[d] for d in desks}


@pytest.mark.parametrize("who, unit, units", [
    ("inspector_a", None, ["commune_a"]),  # no unit filter: only what the scope holds
    ("inspector_a", "district_b", None),
    ("inspector_b", None, ["commune_b"]),
    ("system", None, ["commune_a", "commune_b"]),
])
def test_inspections(engine, store, who, unit, units):
    flt = InspectionFilter(unit_id=None if unit is None else getattr(store, unit))
    if units is None:
        with pytest.raises(AccessDenied):
            list_inspections(engine, scope_of(store, who), flt)
        return
    listed = list_inspections(engine, scope_of(store, who), flt)
    assert sorted(listed["unit_id"]) == sorted(getattr(store, u) for u in units)


@pytest.mark.parametrize("who, view, allowed", [
    ("inspector_a", "district_a", True), ("inspector_a", "district_b", False), ("inspector_a", None, False),
])
def test_scorecard(engine, store, who, view, allowed):
    view_id = None if view is None else getattr(store, view)
    rows = [store.commune_a] if view == "district_a" else [store.commune_b]
    call = lambda: unit_discipline(engine, scope_of(store, who), view_id, rows, MONTH,  # noqa: E731
                                   MONTH.replace(day=31), DAY.year)
    if allowed:
        assert list(call()["unit_id"]) == rows
    else:
        with pytest.raises(AccessDenied):
            call()


@pytest.mark.parametrize("who, write, desk, allowed", [
    ("inspector_a", excuse, "A1", True),
    ("inspector_a", excuse, "B1", False),
    ("staff_a1", explain, "A1", True),
    ("staff_a1", explain, "A2", False),   # a colleague's incident
    ("staff_a1", excuse, "A1", False),    # staff do not excuse, even their own
])
def test_incident_notes(engine, store, who, write, desk, allowed):
    key = IncidentKey(store.desks[desk], "absence", at(10))
    if allowed:
        write(engine, scope_of(store, who), key, "lý do")
    else:
        with pytest.raises(AccessDenied):
            write(engine, scope_of(store, who), key, "lý do")
