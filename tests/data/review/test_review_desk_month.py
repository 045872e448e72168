"""Per-desk figures of a period (coverage, incidents, late opening, early closing) against hand-worked days."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import insert

from data.access import SYSTEM, AccessDenied, Scope
from data.presence.incidents import absence_runs
from data.presence.intervals import day_intervals
from data.review.desk_month import DESK_FIGURE_COLUMNS, desk_period_figures
from data.schema import PresenceInterval
from review_store import CASES, HOLIDAY, MONDAY, OFFICE_MIN, Case, day_rows

pytestmark = pytest.mark.store
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


@pytest.fixture(scope="module")
def figures(review_engine):
    engine, store = review_engine
    df = desk_period_figures(engine, SYSTEM, store.commune_a, *MARCH)
    return df.set_index("desk_id"), store


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_figures(figures, case: Case):
    df, store = figures
    row = df.loc[store.case_desks[case.name]]
    assert (row.late_openings, row.early_closings) == (case.late, case.early)
    assert row.office_s == OFFICE_MIN * 60
    assert row.present_s == case.present_min * 60
    assert row.offline_s == case.offline_min * 60
    assert (None if pd.isna(row.coverage) else float(row.coverage)) == case.coverage
    assert row.incidents == len(case.incident_min)
    assert row.incident_s == sum(case.incident_min) * 60
    assert row.longest_s == max(case.incident_min, default=0) * 60
    assert row.excused == 0


def test_columns_and_desks(figures):
    df, store = figures
    assert list(df.reset_index().columns) == DESK_FIGURE_COLUMNS
    assert set(df.index) == set(store.case_desks.values()) | {store.desk_a}


@pytest.mark.parametrize("case", [c for c in CASES if c.incident_min], ids=lambda c: c.name)
def test_incidents_agree_with_the_day_rule(figures, review_engine, case: Case):
    """The SQL runs are data.presence.incidents.absence_runs' runs (one rule, two implementations)."""
    engine, _ = review_engine
    df, store = figures
    desk = store.case_desks[case.name]
    runs = absence_runs(day_intervals(engine, [desk], MONDAY, scope=SYSTEM))
    assert df.loc[desk, "incidents"] == len(runs)
    assert df.loc[desk, "incident_s"] == runs["seconds"].sum()


def test_period_clips_at_its_bounds(review_engine):
    engine, store = review_engine
    # Only Monday 02/03: same as the month; only Sunday 01/03: nothing watched.
    monday = desk_period_figures(engine, SYSTEM, store.commune_a, MONDAY, MONDAY).set_index("desk_id")
    desk = store.case_desks["late and early"]
    assert (monday.loc[desk, "present_s"], monday.loc[desk, "incidents"]) == (360 * 60, 2)
    sunday = desk_period_figures(engine, SYSTEM, store.commune_a, dt.date(2026, 3, 1), dt.date(2026, 3, 1))
    assert sunday["office_s"].sum() == 0 and sunday["incidents"].sum() == 0


def test_holiday_is_no_office_day(engine):
    """Intervals on a holiday (a worker without the holiday, say) never make a late opening."""
    from review_store import build_review_store

    store = build_review_store(engine)
    late = (("ABSENT", "07:30", "08:00"), ("PRESENT", "08:00", "11:30"))
    with engine.begin() as c:
        c.execute(insert(PresenceInterval), day_rows(store.desk_b, late, HOLIDAY))
        c.execute(insert(PresenceInterval), day_rows(store.desk_b, late, MONDAY + dt.timedelta(days=7)))
    df = desk_period_figures(engine, SYSTEM, None, *MARCH).set_index("desk_id")
    assert df.loc[store.desk_b, "late_openings"] == 1  # the Monday after, not the holiday
    assert df.loc[store.desk_b, "incidents"] == 2  # both absences still count


def test_scope_limits_the_subtree(review_engine):
    engine, store = review_engine
    inspector_b = Scope("tra", "inspector", unit_path=f"/{store.province}/{store.district_b}/")
    mine = desk_period_figures(engine, inspector_b, store.district_b, *MARCH)
    assert list(mine["desk_id"]) == [store.desk_b]
    with pytest.raises(AccessDenied):
        desk_period_figures(engine, inspector_b, store.district_a, *MARCH)
    with pytest.raises(AccessDenied):
        desk_period_figures(engine, inspector_b, None, *MARCH)
    whole = desk_period_figures(engine, SYSTEM, None, *MARCH)
    assert len(whole) == len(CASES) + 2


def test_bad_period_is_refused(review_engine):
    engine, store = review_engine
    with pytest.raises(ValueError, match="end before start"):
        desk_period_figures(engine, SYSTEM, None, dt.date(2026, 3, 31), dt.date(2026, 3, 1))
