"""The demo data: article figures through the command line, shape of every table, determinism.

The full generation runs once per module on its own store (SQLite file, or a
fresh PostgreSQL schema when TEST_DATABASE_URL is set).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, inspect, select, text

from data.db import make_engine
from data.demo import places
from data.demo.apportion import exact_bernoulli, largest_remainder
from data.demo.calendar import DAYS_OFF, HOLIDAYS, TET_NGUYEN_DAN, sessions_on, tet_breaks
from data.demo.dossiers import ArticleFigures, DossierUnit, plan_dossiers
from data.demo.generate import DemoSummary, StoreNotEmpty, generate_demo, store_is_empty
from data.demo.presence import PresenceWindow
from data.schema import (
    Camera, CameraHealthInterval, ComplianceObservation, Desk, Dossier, Holiday, Inspection, InspectionFinding,
    OfficeSchedule, PresenceInterval, RosterEntry, Staff, Unit,
)
from data.units import find_unit, load_units, subtree_ids
from domain.timezone import LOCAL_TZ, as_utc

from stores import fresh_store

pytestmark = pytest.mark.store
REPO = Path(__file__).resolve().parents[2]
END = dt.date(2024, 2, 29)  # the presence month then spans Tết 2024 (8–14 Feb)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[tuple[str, DemoSummary]]:
    with fresh_store(tmp_path_factory.mktemp("demo")) as url:
        engine = make_engine(url)
        summary = generate_demo(engine, seed=2023, end_date=END)
        engine.dispose()
        yield url, summary


@pytest.fixture
def demo_engine(demo):
    engine = make_engine(demo[0])
    yield engine
    engine.dispose()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300, env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"})


def report(url: str, *args: str) -> dict:
    done = run_cli("report", "dossiers", *args, "--db", url, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- the article's figures, through the command-line contract -------------------------


def test_province_totals_2021_to_q1_2023_match_the_article(demo):
    out = report(demo[0], "--from", "2021-01-01", "--to", "2023-03-31")
    assert out["received"] == 1_659_613
    assert out["online"] == 328_462
    assert out["resolved"] == 1_650_770
    assert out["early"] + out["on_time"] == 1_648_559
    assert out["late"] == 2_211
    assert out["in_progress"] == 8_843
    assert out["on_time_rate"] == 99.87
    assert out["online_share"] == 19.79
    assert 0 < out["overdue"] <= out["in_progress"]


def test_binh_gia_2022_matches_the_article(demo):
    out = report(demo[0], "--unit", "huyen binh gia", "--from", "2022-01-01", "--to", "2022-12-31")
    assert out["received"] == 60_503
    assert out["early"] + out["on_time"] == 60_500
    assert out["resolved"] == 60_503 and out["late"] == 3 and out["in_progress"] == 0


def test_about_700_000_dossiers_a_year_with_a_growing_online_share(demo):
    years = {y: report(demo[0], "--from", f"{y}-01-01", "--to", f"{y}-12-31") for y in (2021, 2022)}
    q1 = report(demo[0], "--from", "2023-01-01", "--to", "2023-03-31")
    for y in years.values():
        assert 600_000 < y["received"] < 850_000
    assert years[2021]["online_share"] < years[2022]["online_share"] < q1["online_share"]
    assert years[2021]["received"] + years[2022]["received"] + q1["received"] == 1_659_613


def test_dossiers_arrive_on_working_days_in_office_hours_and_dip_after_tet(demo_engine):
    with demo_engine.connect() as c:
        daily = dict(c.execute(text("SELECT day, SUM(received) FROM dossier_daily GROUP BY day")).all())
        sample = c.execute(select(Dossier.received_at, Dossier.received_day, Dossier.due_at, Dossier.resolved_at,
                                  Dossier.outcome).where(Dossier.code.like("000.33.%"))).all()  # Bình Gia's communes
        codes = c.execute(text("SELECT code FROM dossier ORDER BY code LIMIT 3")).scalars().all()
        channels = dict(c.execute(text("SELECT channel, COUNT(*) FROM dossier GROUP BY channel")).all())
    days = {d if isinstance(d, dt.date) else dt.date.fromisoformat(d): n for d, n in daily.items()}
    for day in days:
        assert day not in DAYS_OFF and day.weekday() < 6, day
    assert sum(n for d, n in days.items() if d.weekday() == 5) < 0.05 * sum(days.values())
    week = lambda a: sum(days.get(a + dt.timedelta(days=i), 0) for i in range(7))  # noqa: E731
    assert week(dt.date(2022, 2, 7)) < 0.8 * week(dt.date(2022, 3, 7))  # the week after Tết 2022
    assert set(channels) == {"direct", "online", "postal"} and channels["postal"] > 1000
    assert codes[0] == "000.00.01.H36-210102-0001"
    assert len(sample) > 1000
    for received_at, received_day, due_at, resolved_at, outcome in sample:
        local = as_utc(received_at).astimezone(LOCAL_TZ)
        assert str(local.date()) == str(received_day)
        assert dt.time(7, 30) <= local.time() <= dt.time(17, 0)
        assert as_utc(due_at) > as_utc(received_at)
        if outcome is None:
            assert resolved_at is None
            continue
        assert as_utc(resolved_at) >= as_utc(received_at)
        resolved_day = as_utc(resolved_at).astimezone(LOCAL_TZ).date()
        due_day = as_utc(due_at).astimezone(LOCAL_TZ).date()
        expected = "early" if resolved_day < due_day else "on_time" if resolved_day == due_day else "late"
        assert outcome == expected


def test_in_progress_dossiers_are_partly_overdue_at_the_end_of_the_period(demo_engine):
    cut = dt.datetime(2023, 3, 31, 17, 0, tzinfo=dt.UTC)  # 1 April 2023, 00:00 local
    with demo_engine.connect() as c:
        dues = [as_utc(d) for d in c.execute(select(Dossier.due_at).where(Dossier.resolved_at.is_(None))).scalars()]
    assert len(dues) == 8_843
    overdue = sum(d < cut for d in dues)
    assert 0 < overdue < len(dues)


# --- organisation -----------------------------------------------------------------------


def test_unit_tree_has_the_article_shape(demo_engine, demo):
    with demo_engine.connect() as c:
        levels = dict(c.execute(select(Unit.level_code, func.count()).group_by(Unit.level_code)).all())
        friendly = c.execute(select(func.count()).where(Unit.friendly_model.is_(True))).scalar_one()
        districts = set(c.execute(select(Unit.name).where(Unit.level_code == "district")).scalars())
        agencies = set(c.execute(select(Unit.name).where(Unit.level_code == "province_agency")).scalars())
    assert levels == {"province": 1, "province_agency": 16, "district": 11, "commune": 200}
    assert friendly == 166 == demo[1].friendly_communes
    assert districts == {"Thành phố Lạng Sơn"} | {f"Huyện {n}" for n in (
        "Bắc Sơn", "Bình Gia", "Cao Lộc", "Chi Lăng", "Đình Lập", "Hữu Lũng", "Lộc Bình", "Tràng Định",
        "Văn Lãng", "Văn Quan")}
    assert {"Trung tâm Phục vụ hành chính công tỉnh", "Sở Tư pháp", "Sở Giao thông vận tải", "Công an tỉnh"} <= agencies
    units = load_units(demo_engine)
    for district, commune in places.ARTICLE_COMMUNES:
        found = [u for u in units.itertuples() if u.name == commune
                 and units.at[int(u.parent_id), "name"] == district]
        assert len(found) == 1, commune
    root = find_unit(demo_engine, "tinh lang son")
    assert root.parent_id is None and len(subtree_ids(units, root.id)) == 228


def test_desks_cameras_staff_and_roster(demo_engine):
    with demo_engine.connect() as c:
        units = {u.id: u for u in c.execute(select(Unit.id, Unit.level_code, Unit.name))}
        desks = c.execute(select(Desk.id, Desk.unit_id, Desk.camera_id, Desk.staff_zone)).all()
        cameras = {r.id: r for r in c.execute(select(Camera.id, Camera.unit_id, Camera.source))}
        roster = c.execute(select(RosterEntry.desk_id, RosterEntry.staff_id, RosterEntry.day_from,
                                  RosterEntry.day_to)).all()
        staff = {r.id: r for r in c.execute(select(Staff.id, Staff.unit_id, Staff.full_name))}
    per_unit = Counter(d.unit_id for d in desks)
    for uid, n in per_unit.items():
        u = units[uid]
        low, high = {"commune": (2, 4), "district": (2, 5)}.get(u.level_code, (6, 12))
        assert low <= n <= high, u.name
        if u.level_code == "province_agency":
            assert u.name == places.CENTRE
    assert sum(units[u].level_code == "commune" for u in per_unit) == 200
    per_camera = Counter(d.camera_id for d in desks)
    assert set(per_camera.values()) <= {1, 2, 3} and set(per_camera) == set(cameras)
    for d in desks:
        assert cameras[d.camera_id].unit_id == d.unit_id
        assert len(d.staff_zone) >= 3 and all(0 <= x <= 1 and 0 <= y <= 1 for x, y in d.staff_zone)
    assert all(c.source.startswith("demo://") for c in cameras.values())
    on_end = defaultdict(list)
    for r in roster:
        assert staff[r.staff_id].unit_id == next(d.unit_id for d in desks if d.id == r.desk_id)
        if str(r.day_from) <= str(END) and (r.day_to is None or str(END) <= str(r.day_to)):
            on_end[r.desk_id].append(r.staff_id)
    assert {d.id for d in desks} == set(on_end) and all(len(v) == 1 for v in on_end.values())
    assert all(len(s.full_name.split()) >= 3 for s in staff.values())


def test_office_hours_and_holidays_are_data(demo_engine):
    with demo_engine.connect() as c:
        rows = c.execute(select(OfficeSchedule.unit_id, OfficeSchedule.weekday, OfficeSchedule.start_local,
                                OfficeSchedule.end_local)).all()
        holidays = c.execute(select(Holiday.day, Holiday.name, Holiday.working_day)).all()
        centre = c.execute(select(Unit.id).where(Unit.name == places.CENTRE)).scalar_one()
    default = {(r.weekday, r.start_local, r.end_local) for r in rows if r.unit_id is None}
    assert default == {(wd, t0, t1) for wd in range(5)
                       for t0, t1 in ((dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 30), dt.time(17, 0)))}
    assert {(r.unit_id, r.weekday, r.start_local, r.end_local) for r in rows if r.unit_id is not None} == {
        (centre, wd, t0, t1) for wd in range(5)
        for t0, t1 in ((dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 30), dt.time(17, 0)))
    } | {(centre, 5, dt.time(7, 30), dt.time(11, 30))}
    # The worker reads them as the centre's own week: weekdays plus Saturday morning.
    from data.office_hours_store import load_schedule
    from domain.timezone import LOCAL_TZ
    centre_hours = load_schedule(demo_engine, centre)
    at = lambda *a: dt.datetime(*a, tzinfo=LOCAL_TZ).astimezone(dt.UTC)  # noqa: E731
    assert centre_hours.is_open(at(2024, 3, 4, 9)) and centre_hours.is_open(at(2024, 3, 9, 9))  # Mon, Sat
    assert not centre_hours.is_open(at(2024, 3, 9, 14)) and not centre_hours.is_open(at(2024, 3, 10, 9))
    days = [h.day if isinstance(h.day, dt.date) else dt.date.fromisoformat(h.day) for h in holidays]
    assert len(days) == len(set(days)) == len(HOLIDAYS)
    for year in range(2021, 2027):
        names = [h.name for h, d in zip(holidays, days) if d.year == year and not h.working_day]
        assert names.count(TET_NGUYEN_DAN) >= 5, year
        assert any("Giỗ Tổ" in n for n in names) and any("2/9" in n for n in names)
        assert dt.date(year, 1, 1) in days and dt.date(year, 4, 30) in days and dt.date(year, 5, 1) in days


# --- inspections ------------------------------------------------------------------------


def test_every_district_runs_more_than_20_inspections_a_year(demo_engine):
    units = load_units(demo_engine)
    with demo_engine.connect() as c:
        rows = c.execute(select(Inspection.id, Inspection.unit_id, Inspection.day, Inspection.kind)).all()
        findings = c.execute(select(InspectionFinding.category, InspectionFinding.staff_id,
                                    InspectionFinding.desk_id)).all()
    by_unit_year = Counter((r.unit_id, int(str(r.day)[:4])) for r in rows)
    for district in units[units["level_code"] == "district"].itertuples():
        members = set(subtree_ids(units, district.id))
        for year in (2021, 2022, 2023):
            n = sum(v for (u, y), v in by_unit_year.items() if y == year and u in members)
            assert n > 20, (district.name, year)
        assert sum(v for (u, y), v in by_unit_year.items() if y == 2024 and u in members) > 0
    assert {r.kind for r in rows} == {"scheduled", "unannounced", "camera_review"}
    assert {f.category for f in findings} == {"absent", "no_badge", "wrong_outfit", "attitude", "procedure"}
    named = [f for f in findings if f.staff_id is not None]
    assert named and all(f.desk_id is not None for f in named)
    assert max(str(r.day) for r in rows) <= str(END)


# --- presence, camera health, dress code ----------------------------------------------------


def _local(value) -> dt.datetime:
    return as_utc(value).astimezone(LOCAL_TZ)


def test_presence_intervals_tile_time_per_desk(demo_engine):
    window = PresenceWindow(END)
    with demo_engine.connect() as c:
        desks = set(c.execute(select(Desk.id)).scalars())
        rows = c.execute(select(PresenceInterval.desk_id, PresenceInterval.state, PresenceInterval.start_at,
                                PresenceInterval.end_at, PresenceInterval.source)
                         .order_by(PresenceInterval.desk_id, PresenceInterval.start_at)).all()
    by_desk = defaultdict(list)
    for r in rows:
        by_desk[r.desk_id].append((as_utc(r.start_at), as_utc(r.end_at), r.state))
    assert set(by_desk) == desks
    assert {r.source for r in rows} == {"demo"}
    assert {r.state for r in rows} == {"PRESENT", "ABSENT", "OFFLINE", "OFF_HOURS"}
    for desk, spans in by_desk.items():
        assert spans[0][0] == window.start_utc and spans[-1][1] == window.end_utc, desk
        for (a0, a1, s0), (b0, b1, s1) in zip(spans, spans[1:]):
            assert a0 < a1 and a1 == b0, desk  # no gap, no overlap, ordered
            assert s0 != s1, desk  # neighbours in one state would be one interval


def test_presence_follows_office_hours_with_absences_of_both_lengths(demo_engine):
    with demo_engine.connect() as c:
        rows = c.execute(select(PresenceInterval.state, PresenceInterval.start_at, PresenceInterval.end_at)).all()
    absences = []
    for state, start, end in rows:
        a, b = _local(start), _local(end)
        if state == "OFF_HOURS":
            continue
        # Staffed states only inside one opening session of a working day.
        assert a.date() == b.date() or b.time() == dt.time(0), (state, a)
        assert sessions_on(a.date(), True), (state, a)
        assert a.date() not in DAYS_OFF and a.weekday() < 6
        assert (dt.time(7, 30) <= a.time() and b.time() <= dt.time(11, 30)) or \
               (dt.time(13, 30) <= a.time() and b.time() <= dt.time(17, 0)), (state, a, b)
        if state == "ABSENT":
            absences.append((b - a).total_seconds())
    totals = Counter()
    for state, start, end in rows:
        totals[state] += (as_utc(end) - as_utc(start)).total_seconds()
    assert totals["PRESENT"] > 5 * totals["ABSENT"] > 0
    assert totals["OFFLINE"] > 0
    assert sum(s >= 300 for s in absences) > 100 and sum(s < 300 for s in absences) > 100


def test_offline_presence_matches_camera_health(demo_engine):
    with demo_engine.connect() as c:
        desk_camera = dict(c.execute(select(Desk.id, Desk.camera_id)).all())
        offline = c.execute(select(PresenceInterval.desk_id, PresenceInterval.start_at, PresenceInterval.end_at)
                            .where(PresenceInterval.state == "OFFLINE")).all()
        health = c.execute(select(CameraHealthInterval.camera_id, CameraHealthInterval.state,
                                  CameraHealthInterval.start_at, CameraHealthInterval.end_at)).all()
    assert health and {h.state for h in health} == {"OFFLINE"}
    from_desks = {(desk_camera[d], as_utc(a), as_utc(b)) for d, a, b in offline}
    assert from_desks == {(h.camera_id, as_utc(h.start_at), as_utc(h.end_at)) for h in health}


def test_dress_code_observations_have_no_evidence_files(demo_engine):
    with demo_engine.connect() as c:
        rows = c.execute(select(ComplianceObservation.rule, ComplianceObservation.result,
                                ComplianceObservation.staff_id, ComplianceObservation.evidence_path)).all()
    assert len(rows) > 100
    assert {(r.rule, r.result) for r in rows} >= {("badge", "PASS"), ("badge", "FAIL"), ("uniform", "PASS"),
                                                    ("uniform", "FAIL"), ("badge", "UNKNOWN")}
    assert all(r.evidence_path is None and r.staff_id is not None for r in rows)
    assert Counter(r.result for r in rows)["PASS"] > 0.8 * len(rows)


# --- the command and determinism ------------------------------------------------------------


def test_demo_command_leaves_a_filled_store_alone(demo, demo_engine):
    def counts() -> tuple[int, int, int]:
        with demo_engine.connect() as c:
            return tuple(c.execute(select(func.count()).select_from(t)).scalar_one()
                         for t in (Unit, PresenceInterval, Inspection))

    before = counts()
    assert not store_is_empty(demo_engine)
    skipped = run_cli("demo", "--db", demo[0], "--if-empty")
    assert skipped.returncode == 0, skipped.stderr
    refused = run_cli("demo", "--db", demo[0], "--seed", "7")
    assert refused.returncode == 1 and "not empty" in refused.stderr
    with pytest.raises(StoreNotEmpty):
        generate_demo(demo_engine, seed=7, end_date=END)
    assert counts() == before == (228, demo[1].presence_intervals, demo[1].inspections)


def test_a_failed_generation_leaves_the_store_empty_and_its_indexes_in_place(engine):
    def stop(label: str, fraction: float) -> None:
        if fraction >= 0.3:  # after the first dossier chunk, while the indexes are set aside
            raise RuntimeError("stopped on purpose")

    with pytest.raises(RuntimeError, match="stopped on purpose"):
        generate_demo(engine, seed=1, progress=stop, end_date=END, scale=0.05)
    assert store_is_empty(engine)
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(Dossier)).scalar_one() == 0
    assert {"ix_dossier_unit_day", "ix_dossier_pending_due"} <= {i["name"] for i in inspect(engine).get_indexes("dossier")}


def test_bad_scale_is_refused_with_a_clear_message(engine):
    with pytest.raises(ValueError, match="scale must be in"):
        generate_demo(engine, scale=0)


def _fingerprint(url: str) -> tuple:
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            per_unit = c.execute(text(
                "SELECT unit_id, SUM(received), SUM(online), SUM(early), SUM(on_time), SUM(late) "
                "FROM dossier_daily GROUP BY unit_id ORDER BY unit_id")).all()
            first_codes = c.execute(text("SELECT code FROM dossier ORDER BY code LIMIT 20")).scalars().all()
            presence = c.execute(text(
                "SELECT state, COUNT(*) FROM presence_interval GROUP BY state ORDER BY state")).all()
            staff = c.execute(text("SELECT full_name FROM staff ORDER BY id LIMIT 20")).scalars().all()
    finally:
        engine.dispose()
    return tuple(map(tuple, per_unit)), tuple(first_codes), tuple(map(tuple, presence)), tuple(staff)


def test_same_seed_gives_the_same_demo(tmp_path):
    prints = []
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        with fresh_store(tmp_path / run) as url:
            engine = make_engine(url)
            summary = generate_demo(engine, seed=11, end_date=END, scale=0.01)
            engine.dispose()
            prints.append(_fingerprint(url))
    assert summary.dossiers == round(1_659_613 * 0.01)
    assert prints[0] == prints[1]
    assert len(prints[0][0]) == 227 and len(prints[0][1]) == 20


# --- pure parts -------------------------------------------------------------------------------


@pytest.mark.parametrize("total, weights, expected", [
    (10, [1, 1, 1], [4, 3, 3]),
    (7, [0.5, 0.25, 0.25], [3, 2, 2]),  # 3.5 1.75 1.75: the .75s win
    (0, [3, 1], [0, 0]),
    (5, [0, 1, 0], [0, 5, 0]),
    (100, [1, 2, 3, 4], [10, 20, 30, 40]),
    (1, [1, 1], [1, 0]),
])
def test_largest_remainder_hits_the_total_exactly(total, weights, expected):
    assert largest_remainder(total, np.array(weights, dtype=float)).tolist() == expected


@pytest.mark.parametrize("total, weights, message", [
    (-1, [1.0], "total"),
    (3, [0.0, 0.0], "sum to 0"),
    (3, [1.0, -1.0], ">= 0"),
])
def test_largest_remainder_rejects_bad_input(total, weights, message):
    with pytest.raises(ValueError, match=message):
        largest_remainder(total, np.array(weights))


@pytest.mark.parametrize("k", [0, 1, 500, 9_000, 10_000])
def test_exact_bernoulli_picks_exactly_k_by_weight(k):
    rng = np.random.default_rng(k)
    weights = np.r_[np.full(5_000, 3.0), np.full(5_000, 1.0)]
    chosen = exact_bernoulli(rng, weights, k)
    assert chosen.sum() == k
    if 0 < k < 5_000:
        assert chosen[:5_000].sum() > chosen[5_000:].sum()
    with pytest.raises(ValueError, match="cannot choose"):
        exact_bernoulli(rng, weights, 10_001)


def test_dossier_plan_is_a_pure_function_of_the_seed():
    units = [DossierUnit(1, "000.00.01.H36", "centre", 1.0, True, False),
             DossierUnit(2, "000.00.31.H36", "district", 2.0, False, True),
             DossierUnit(3, "000.31.01.H36", "commune", 3.0, False, True)]
    figures = ArticleFigures().scaled(0.005)
    a, b, c = (plan_dossiers(np.random.default_rng(s), units, figures) for s in (5, 5, 6))
    assert len(a) == figures.received
    assert all(np.array_equal(getattr(a, f), getattr(b, f)) for f in ("unit", "day", "received_s", "outcome"))
    assert not np.array_equal(a.received_s, c.received_s)
    focus = np.isin(a.unit, [1, 2]) & (a.days[a.day].astype("datetime64[Y]").astype(int) + 1970 == 2022)
    assert focus.sum() == figures.focus_received and (a.outcome[focus] == 2).sum() == 3


def test_places_hold_200_communes_with_unique_names_per_district():
    from data.text import fold

    assert sum(len(d.communes) for d in places.DISTRICTS) == places.COMMUNE_COUNT == 200
    assert len(places.DISTRICTS) == 11
    for d in places.DISTRICTS:
        keys = [fold(n) for n in d.communes]
        assert len(keys) == len(set(keys)), d.name
        assert all(n.startswith(("Xã ", "Phường ", "Thị trấn ")) for n in d.communes)
    assert len({a.name for a in places.AGENCIES}) == len(places.AGENCIES) >= 16


def test_tet_dates_per_year():
    breaks = tet_breaks()
    assert all(5 <= (last - first).days + 1 <= 9 for first, last in breaks)
    assert {first.year: first for first, _ in breaks} == {2021: dt.date(2021, 2, 10), 2022: dt.date(2022, 1, 29), 2023: dt.date(2023, 1, 20),
                      2024: dt.date(2024, 2, 8), 2025: dt.date(2025, 1, 25), 2026: dt.date(2026, 2, 14)}
