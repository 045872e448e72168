"""Presence read models on a hand-built store (SQLite, or PostgreSQL with TEST_DATABASE_URL).

Monday 02/03/2026, local time (UTC+7). Desk A's day:

    (from Sunday 17:00) OFF_HOURS → 07:30  PRESENT → 09:00  ABSENT → 09:04  PRESENT → 10:00
    ABSENT → 10:03  ABSENT → 10:10  OFFLINE → 10:40  PRESENT → 11:30  OFF_HOURS → 13:30
    ABSENT → 14:00  PRESENT → 17:00  OFF_HOURS → (Tuesday 07:30)

Desk B: PRESENT 07:30 → 11:30, then nothing. Desk C (district's own, no camera): no intervals.
Desk D is inactive. Office time: 07:30–11:30 and 13:30–17:00 = 27,000 s.
"""
from __future__ import annotations

import datetime as dt
from data.access import SYSTEM
from dataclasses import dataclass

import pandas as pd
import pytest
from sqlalchemy import insert

from data.presence.coverage import coverage_rate, coverage_so_far, day_coverage
from data.presence.desks import unit_desks
from data.presence.incidents import current_absences, day_incidents
from data.presence.intervals import current_states, day_intervals
from data.schema import AbsenceEvidence, Camera, ComplianceObservation, Desk, PresenceInterval, RosterEntry, Staff
from data.units import create_unit
from domain.timezone import LOCAL_TZ

DAY = dt.date(2026, 3, 2)


def at(hh: int, mm: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), LOCAL_TZ).astimezone(dt.UTC)


A_DAY = [
    ("OFF_HOURS", at(17, 0, DAY - dt.timedelta(days=1)), at(7, 30)),
    ("PRESENT", at(7, 30), at(9)), ("ABSENT", at(9), at(9, 4)), ("PRESENT", at(9, 4), at(10)),
    ("ABSENT", at(10), at(10, 3)), ("ABSENT", at(10, 3), at(10, 10)), ("OFFLINE", at(10, 10), at(10, 40)),
    ("PRESENT", at(10, 40), at(11, 30)), ("OFF_HOURS", at(11, 30), at(13, 30)), ("ABSENT", at(13, 30), at(14)),
    ("PRESENT", at(14), at(17)), ("OFF_HOURS", at(17), at(7, 30, DAY + dt.timedelta(days=1))),
]
B_DAY = [("PRESENT", at(7, 30), at(11, 30))]


@dataclass(frozen=True)
class Store:
    province: int
    district: int
    commune: int
    a: int
    b: int
    c: int


@pytest.fixture
def store(engine) -> Store:
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None).id
        d = create_unit(c, "Huyện Bình Gia", "district", p).id
        m = create_unit(c, "Xã Hoa Thám", "commune", d).id
        cam = c.execute(insert(Camera).values(unit_id=m, code="CAM-A", name="Camera A", source="rtsp://secret")
                        .returning(Camera.id)).scalar_one()

        def desk(unit: int, code: str, camera: int | None, active: bool = True) -> int:
            return c.execute(insert(Desk).values(unit_id=unit, camera_id=camera, code=code, name=f"Quầy {code}",
                                                 active=active).returning(Desk.id)).scalar_one()

        a, b = desk(m, "Q01", cam), desk(m, "Q02", cam)
        cd = desk(d, "Q01", None)
        desk(m, "Q09", cam, active=False)
        staff = {}
        for name in ("Nguyễn Văn An", "Lê Văn Cũ", "Trần Thị Bình"):
            staff[name] = c.execute(insert(Staff).values(unit_id=m, full_name=name).returning(Staff.id)).scalar_one()
        c.execute(insert(RosterEntry), [
            {"desk_id": a, "staff_id": staff["Nguyễn Văn An"], "day_from": dt.date(2026, 1, 1), "day_to": None},
            {"desk_id": b, "staff_id": staff["Lê Văn Cũ"], "day_from": dt.date(2026, 1, 1),
             "day_to": dt.date(2026, 3, 1)},
            {"desk_id": b, "staff_id": staff["Trần Thị Bình"], "day_from": DAY, "day_to": None},
        ])
        c.execute(insert(PresenceInterval), [
            {"desk_id": desk_id, "state": s, "start_at": start, "end_at": end, "source": "demo"}
            for desk_id, rows in ((a, A_DAY), (b, B_DAY)) for s, start, end in rows
        ])
        c.execute(insert(ComplianceObservation), [
            {"desk_id": a, "observed_at": at(13, 45), "rule": "badge", "result": "FAIL", "evidence_path": "ev/a.jpg"},
            {"desk_id": a, "observed_at": at(15), "rule": "badge", "result": "FAIL", "evidence_path": "ev/late.jpg"},
        ])
        # The worker's own snapshot of the 10:00 absence (taken once it had lasted 5 minutes).
        c.execute(insert(AbsenceEvidence).values(desk_id=a, absent_since=at(10), taken_at=at(10, 5),
                                                 evidence_path="ev/absent-1000.jpg"))
    return Store(p, d, m, a, b, cd)


@pytest.mark.parametrize("unit, expected", [
    ("province", [("Q01", "Huyện Bình Gia", None, ""), ("Q01", "Xã Hoa Thám", "CAM-A", "Nguyễn Văn An"),
                  ("Q02", "Xã Hoa Thám", "CAM-A", "Trần Thị Bình")]),
    ("commune", [("Q01", "Xã Hoa Thám", "CAM-A", "Nguyễn Văn An"), ("Q02", "Xã Hoa Thám", "CAM-A", "Trần Thị Bình")]),
    (None, [("Q01", "Huyện Bình Gia", None, ""), ("Q01", "Xã Hoa Thám", "CAM-A", "Nguyễn Văn An"),
            ("Q02", "Xã Hoa Thám", "CAM-A", "Trần Thị Bình")]),
])
def test_unit_desks_lists_active_desks_of_the_subtree_with_camera_and_rostered_staff(engine, store, unit, expected):
    desks = unit_desks(engine, None if unit is None else getattr(store, unit), DAY, scope=SYSTEM)
    got = [(r.desk_code, r.unit_name, None if pd.isna(r.camera_code) else r.camera_code, r.staff)
           for r in desks.itertuples()]
    assert got == expected


def test_unit_desks_roster_follows_the_day(engine, store):
    desks = unit_desks(engine, store.commune, DAY - dt.timedelta(days=1), scope=SYSTEM)
    assert desks["staff"].tolist() == ["Nguyễn Văn An", "Lê Văn Cũ"]


def test_unit_desks_names_a_missing_unit(engine, store):
    with pytest.raises(LookupError, match="id=999"):
        unit_desks(engine, 999, DAY, scope=SYSTEM)


def test_day_intervals_are_clipped_to_the_local_day(engine, store):
    df = day_intervals(engine, [store.a, store.b, store.c], DAY, scope=SYSTEM)
    a = df[df["desk_id"] == store.a]
    assert a["start_at"].iloc[0] == at(0) and a["state"].iloc[0] == "OFF_HOURS"
    assert a["end_at"].iloc[-1] == at(0, 0, DAY + dt.timedelta(days=1))
    assert len(a) == len(A_DAY)
    assert df[df["desk_id"] == store.b]["state"].tolist() == ["PRESENT"]
    assert str(df["start_at"].dt.tz) == "UTC"
    assert day_intervals(engine, [store.a], DAY + dt.timedelta(days=2), scope=SYSTEM).empty


@pytest.mark.parametrize("now, expected", [
    (at(8), {"a": ("PRESENT", at(7, 30)), "b": ("PRESENT", at(7, 30))}),
    (at(10, 8), {"a": ("ABSENT", at(10)), "b": ("PRESENT", at(7, 30))}),  # abutting ABSENT rows merge
    (at(10, 20), {"a": ("OFFLINE", at(10, 10)), "b": ("PRESENT", at(7, 30))}),
    (at(11, 32), {"a": ("OFF_HOURS", at(11, 30)), "b": ("PRESENT", at(7, 30))}),  # B ended 2 min ago: still shown
    (at(12), {"a": ("OFF_HOURS", at(11, 30))}),  # B's newest interval is stale
    (at(3), {"a": ("OFF_HOURS", at(0))}),  # followed back to local midnight only
])
def test_current_states(engine, store, now, expected):
    df = current_states(engine, [store.a, store.b, store.c], now, scope=SYSTEM)
    names = {store.a: "a", store.b: "b"}
    got = {names[int(r.desk_id)]: (r.state, r.since.to_pydatetime()) for r in df.itertuples()}
    assert got == expected


@pytest.mark.parametrize("now, threshold, expected", [
    (at(10, 2), 300, []),
    (at(10, 5), 300, [(at(10), 300.0)]),
    (at(10, 8), 300, [(at(10), 480.0)]),
    (at(10, 8), 600, []),
    (at(9, 3), 120, [(at(9), 180.0)]),
    (at(13, 50), 300, [(at(13, 30), 1200.0)]),
    (at(14, 30), 300, []),
])
def test_current_absences_past_the_threshold(engine, store, now, threshold, expected):
    df = current_absences(engine, [store.a, store.b], now, threshold, scope=SYSTEM)
    assert df["desk_id"].tolist() == [store.a] * len(expected)
    assert [(s.to_pydatetime(), sec) for s, sec in zip(df["since"], df["seconds"])] == expected


@pytest.mark.parametrize("now, present, office, offline, coverage", [
    (at(7), 0, 0, 0, None),  # closed so far: nothing to rate
    (at(9), 5400, 5400, 0, 100.0),
    (at(10, 20), 8760, 10200, 600, 91.25),
    (at(23), 22560, 27000, 1800, 89.52),
])
def test_coverage_so_far_of_desk_a(engine, store, now, present, office, offline, coverage):
    row = coverage_so_far(engine, [store.a], now, scope=SYSTEM).iloc[0]
    assert (row.present_s, row.office_s, row.offline_s) == (present, office, offline)
    assert (None if pd.isna(row.coverage) else float(row.coverage)) == coverage


def test_day_coverage_rates_each_desk(engine, store):
    df = day_coverage(engine, [store.a, store.b, store.c], DAY, scope=SYSTEM)
    assert df["desk_id"].tolist() == [store.a, store.b, store.c]
    assert df["coverage"].tolist()[:2] == [89.52, 100.0]
    assert df["coverage"].isna().tolist() == [False, False, True]


@pytest.mark.parametrize("present, office, offline, expected", [
    (0, 0, 0, None), (100, 100, 100, None), (50, 100, 0, 50.0), (50, 100, 50, 100.0), (1, 3, 0, 33.33),
])
def test_coverage_rate(present, office, offline, expected):
    assert coverage_rate(present, office, offline) == expected


@pytest.mark.parametrize("threshold, expected", [
    (300, [(at(10), at(10, 10), 600.0, "ev/absent-1000.jpg"), (at(13, 30), at(14), 1800.0, "ev/a.jpg")]),
    (200, [(at(9), at(9, 4), 240.0, None), (at(10), at(10, 10), 600.0, "ev/absent-1000.jpg"),
           (at(13, 30), at(14), 1800.0, "ev/a.jpg")]),
    (1801, []),
])
def test_day_incidents(engine, store, threshold, expected):
    df = day_incidents(engine, [store.a, store.b, store.c], DAY, threshold, scope=SYSTEM)
    got = [(s.to_pydatetime(), e.to_pydatetime(), sec, ev)
           for s, e, sec, ev in zip(df["start_at"], df["end_at"], df["seconds"], df["evidence_path"])]
    assert got == expected
    assert set(df["desk_id"]) <= {store.a}


def test_day_incidents_of_a_day_without_intervals_is_empty(engine, store):
    assert day_incidents(engine, [store.a], DAY + dt.timedelta(days=5), scope=SYSTEM).empty
