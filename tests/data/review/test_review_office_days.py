"""Bulk office hours (the review's one read for many units) give each unit the schedule its own read gives: the same rows reach the one resolver (domain.office_hours)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert

from data.review.office_days import office_days, unit_schedules
from data.schema import Holiday, OfficeSchedule
from review_store import build_review_store
from data.office_hours_store import load_schedule


@pytest.fixture
def store(engine):
    store = build_review_store(engine)
    with engine.begin() as c:
        # Commune B keeps its own week with a Saturday morning; district A works Saturday 07/03 and
        # closes Friday 13/03 for itself; the province (unit_id NULL) runs 08:00–17:00.
        c.execute(insert(OfficeSchedule), [
            *({"unit_id": store.commune_b, "weekday": wd, "start_local": dt.time(7), "end_local": dt.time(11)}
              for wd in range(6)),
            *({"unit_id": None, "weekday": wd, "start_local": dt.time(8), "end_local": dt.time(17)}
              for wd in range(5)),
        ])
        c.execute(insert(Holiday), [
            {"unit_id": store.district_a, "day": dt.date(2026, 3, 7), "name": "Làm bù", "working_day": True},
            {"unit_id": store.district_a, "day": dt.date(2026, 3, 13), "name": "Nghỉ riêng", "working_day": False},
            {"unit_id": store.commune_a, "day": dt.date(2026, 3, 3), "name": "Xã làm việc", "working_day": True},
        ])
    return store


def test_same_windows_as_load_schedule(engine, store):
    units = [store.province, store.district_a, store.commune_a, store.district_b, store.commune_b]
    days = [dt.date(2026, 3, 1) + dt.timedelta(days=i) for i in range(31)]
    with engine.connect() as c:
        bulk = unit_schedules(c, units)
        for unit in units:
            one = load_schedule(c, unit)
            assert [bulk[unit].windows_on(d) for d in days] == [one.windows_on(d) for d in days], unit


@pytest.mark.parametrize("unit, day, opens", [
    ("commune_a", dt.date(2026, 3, 3), "08:00"),  # the commune works its own holiday exception
    ("district_b", dt.date(2026, 3, 3), None),  # the nationwide holiday
    ("commune_a", dt.date(2026, 3, 7), "08:00"),  # the district's worked Saturday reaches the commune
    ("commune_a", dt.date(2026, 3, 13), None),  # the district's own day off
    ("commune_b", dt.date(2026, 3, 7), "07:00"),  # its own Saturday morning
    ("commune_b", dt.date(2026, 3, 8), None),  # Sunday
])
def test_office_days(engine, store, unit, day, opens):
    uid = getattr(store, unit)
    with engine.connect() as c:
        rows = office_days(c, [uid], day, day)
    if opens is None:
        assert rows.empty
    else:
        local = dt.datetime.fromtimestamp(rows.iloc[0]["open_s"], dt.UTC) + dt.timedelta(hours=7)
        assert local.strftime("%H:%M") == opens

