"""Listing inspections: each filter against the hand-counted store (see inspection_store.py)."""
from __future__ import annotations

import datetime as dt

import pytest
from inspection_store import build_inspection_store

from data.access import SYSTEM
from data.inspections.model import InspectionFilter
from data.inspections.queries import findings_of, list_inspections, unit_staff


@pytest.fixture
def store(engine):
    return build_inspection_store(engine)


def _numbers(store, frame) -> list[int]:
    """Inspections as their 1-based row numbers in the store's table."""
    return [store.inspections.index(i) + 1 for i in frame["id"]]


# (filter built from the store, expected inspections newest first)
CASES = [
    (lambda s: InspectionFilter(), [3, 6, 5, 2, 1, 4]),
    (lambda s: InspectionFilter.for_year(2025), [3, 6, 5, 2, 1]),
    (lambda s: InspectionFilter(unit_id=s.binh_gia), [3, 2, 1, 4]),
    (lambda s: InspectionFilter(unit_id=s.hoa_tham, start=dt.date(2025, 1, 1)), [3, 2]),
    (lambda s: InspectionFilter(start=dt.date(2025, 3, 5), end=dt.date(2025, 4, 11)), [5, 2]),
    (lambda s: InspectionFilter(kind="unannounced"), [6, 2]),
    (lambda s: InspectionFilter(category="absent"), [2]),
    (lambda s: InspectionFilter(staff_id=s.staff["Bình"]), [2, 4]),
    (lambda s: InspectionFilter.for_year(2025, staff_id=s.staff["Bình"]), [2]),
    (lambda s: InspectionFilter(category="attitude", kind="unannounced"), []),
    (lambda s: InspectionFilter(unit_id=s.van_quan, category="procedure"), [5]),
]


@pytest.mark.parametrize(("build", "expected"), CASES)
def test_filters(engine, store, build, expected):
    assert _numbers(store, list_inspections(engine, SYSTEM, build(store))) == expected


def test_list_row_shape(engine, store):
    frame = list_inspections(engine, SYSTEM, InspectionFilter(unit_id=store.hoa_tham))
    first = frame.set_index("id").loc[store.inspections[1]]
    assert first["unit_name"] == "Xã Hoa Thám" and first["kind"] == "unannounced"
    assert first["findings"] == 2 and first["categories"] == ("absent", "wrong_outfit")
    assert first["day"] == dt.date(2025, 3, 5) and first["created_by"] == "seed"


def test_findings_and_unit_staff(engine, store):
    found = findings_of(engine, SYSTEM, InspectionFilter.for_year(2025, unit_id=store.binh_gia))
    assert sorted(zip(found["category"], found["staff_name"])) == [
        ("absent", "Trần Thị Bình"), ("no_badge", "Nguyễn Văn An"), ("wrong_outfit", "Lê Văn Cường")]
    assert list(unit_staff(engine, SYSTEM, store.hoa_tham)["full_name"]) == ["Lê Văn Cường", "Trần Thị Bình"]
