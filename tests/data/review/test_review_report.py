"""The monthly review value: desks, staff through the roster, units, lists, change from last month."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data.access import SYSTEM, AccessDenied, Scope
from data.review.report import build_review, month_end, previous_month

pytestmark = pytest.mark.store
MARCH = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def review(review_engine):
    engine, store = review_engine
    return build_review(engine, SYSTEM, store.commune_a, MARCH), store


def _num(value):
    return None if pd.isna(value) else float(value)


# Q-A in March (see review_store): 02/03 An, 16/03 Bình.
DESK_A = {"present_s": 810 * 60, "office_s": 900 * 60, "offline_s": 0, "coverage": 90.0, "incidents": 2,
          "incident_s": 90 * 60, "longest_s": 60 * 60, "excused": 0, "late_openings": 1, "early_closings": 1,
          "compliance": 83.33, "checks_passed": 5, "checks_failed": 1, "violations": 1, "findings": 1,
          # February: 440 of 450 min, one 10-min incident, one finding
          "coverage_change": -7.78, "incidents_change": 2 - 1, "incident_s_change": 90 * 60 - 600.0,
          "late_openings_change": 1, "findings_change": 0}


@pytest.mark.parametrize("column, expected", DESK_A.items(), ids=list(DESK_A))
def test_desk_figures(review, column, expected):
    r, store = review
    row = r.desks.set_index("desk_id").loc[store.desk_a]
    assert _num(row[column]) == expected


STAFF = [
    # name, days, coverage, incidents, late, early, compliance, violations, findings
    ("Nguyễn Văn An", 1, 80.0, 2, 1, 1, 75.0, 1, 1),
    ("Trần Thị Bình", 1, 100.0, 0, 0, 0, 100.0, 0, 0),
]


@pytest.mark.parametrize("name, days, coverage, incidents, late, early, compliance, violations, findings", STAFF)
def test_staff_through_the_roster(review, name, days, coverage, incidents, late, early, compliance, violations,
                                  findings):
    r, store = review
    row = r.staff[(r.staff["staff_name"] == name) & (r.staff["desk_id"] == store.desk_a)].iloc[0]
    got = (row.days, _num(row.coverage), row.incidents, row.late_openings, row.early_closings, _num(row.compliance),
           row.violations, row.findings)
    assert got == (days, coverage, incidents, late, early, compliance, violations, findings)


def test_units_add_up_their_desks(review):
    r, store = review
    unit = r.units.set_index("unit_id").loc[store.commune_a]
    desks = r.desks[r.desks["unit_id"] == store.commune_a]
    assert unit.desks == len(desks)
    for col in ("present_s", "office_s", "incidents", "late_openings", "early_closings", "violations",
                "checks_passed"):
        assert unit[col] == desks[col].sum(), col
    assert unit.findings == 1
    assert r.summary.iloc[0]["incidents"] == desks["incidents"].sum()
    assert r.title == "Huyện Bình Gia › Xã Hoa Thám"


def test_lists(review):
    r, store = review
    a = r.incidents[r.incidents["desk_id"] == store.desk_a]
    assert [s.total_seconds() for s in a["end_at"] - a["start_at"]] == [1800.0, 3600.0]
    assert list(a["staff"]) == ["Nguyễn Văn An", "Nguyễn Văn An"]
    assert a["excuse_reason"].isna().all()
    assert list(a["evidence_path"]) == [None, "obs-a.jpg"]  # the picture taken during the 16:00 absence
    v = r.violations.iloc[0]
    assert (v.desk_id, v.rule, v.evidence_path, v.staff, bool(v.excused)) == (
        store.desk_a, "badge", "viol-a.jpg", "Nguyễn Văn An", False)
    f = r.findings.iloc[0]
    assert (f.day, f.category, f.staff_name) == (dt.date(2026, 3, 10), "no_badge", "Nguyễn Văn An")


def test_inspector_reads_only_their_district(review_engine):
    engine, store = review_engine
    inspector_b = Scope("tra", "inspector", unit_path=f"/{store.province}/{store.district_b}/")
    mine = build_review(engine, inspector_b, store.district_b, MARCH)
    assert list(mine.desks["desk_id"]) == [store.desk_b]
    assert mine.findings.empty and mine.incidents.empty
    for unit in (store.district_a, store.commune_a, None):
        with pytest.raises(AccessDenied):
            build_review(engine, inspector_b, unit, MARCH)


def test_staff_sees_own_days_only(review_engine):
    engine, store = review_engine
    binh = Scope("binh", "staff", unit_path=f"/{store.province}/{store.district_a}/{store.commune_a}/",
                 staff_id=store.staff["Trần Thị Bình"])
    r = build_review(engine, binh, store.commune_a, MARCH)
    assert list(r.staff["staff_name"]) == ["Trần Thị Bình"]
    assert r.incidents.empty and r.violations.empty and r.findings.empty
    assert _num(r.desks.set_index("desk_id").loc[store.desk_a, "coverage"]) == 100.0


@pytest.mark.parametrize("month, prev, end", [
    (dt.date(2026, 3, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 31)),
    (dt.date(2026, 1, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 31)),
    (dt.date(2024, 2, 1), dt.date(2024, 1, 1), dt.date(2024, 2, 29)),
])
def test_month_arithmetic(month, prev, end):
    assert (previous_month(month), month_end(month)) == (prev, end)


def test_a_store_without_desks_gives_an_empty_review(engine):
    from data.review.desk_month import DESK_FIGURE_COLUMNS, desk_period_figures
    from data.units import create_unit

    with engine.begin() as c:
        province = create_unit(c, "Tỉnh Lạng Sơn", "province", None).id
    figures = desk_period_figures(engine, SYSTEM, province, MARCH, month_end(MARCH))
    assert figures.empty and list(figures.columns) == DESK_FIGURE_COLUMNS
    r = build_review(engine, SYSTEM, None, MARCH)
    assert r.title == "Tỉnh Lạng Sơn"
    assert r.units.empty and r.desks.empty and r.staff.empty and r.incidents.empty and r.violations.empty
    assert (r.summary.iloc[0]["incidents"], r.summary.iloc[0]["desks"]) == (0, 0)
    assert pd.isna(r.summary.iloc[0]["coverage"])
