"""The demo data written to a store: the write path at a small scale, shape of every table, determinism.

The generation runs once per module on its own store (SQLite file, or a
PostgreSQL schema when TEST_DATABASE_URL is set) at SCALE: the organisation,
inspections and presence in full, 1 % of the dossiers. The article's dossier
totals are checked on the full plan in memory (test_demo_plan.py); here, that
the store holds exactly the plan at this scale, read back through the
`report dossiers` command, the daily read model and the dossier rows.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, inspect, select, text

from data.cli import main
from data.db import make_engine
from data.demo import places
from data.demo.calendar import DAYS_OFF, HOLIDAYS, TET_NGUYEN_DAN, sessions_on
from data.demo.dossiers import ONLINE, PENDING, ArticleFigures, dossier_units, plan_dossiers, write_dossiers
from data.demo.generate import DemoSummary, StoreNotEmpty, generate_demo, store_is_empty
from data.demo.org import build_org
from data.demo.presence import PresenceWindow
from data.dossiers.stats import rate
from data.schema import (
    Camera, CameraHealthInterval, ComplianceObservation, Desk, Dossier, Holiday, Inspection, InspectionFinding,
    OfficeSchedule, PresenceInterval, RosterEntry, Staff, Unit,
)
from data.units import find_unit, load_units, subtree_ids
from domain.timezone import LOCAL_TZ, as_utc

from demo_plan import DrawnPlan, demo_generators, demo_units, draw_plan
from stores import fresh_store

pytestmark = pytest.mark.store
REPO = Path(__file__).resolve().parents[2]
END = dt.date(2024, 2, 29)  # the presence month then spans Tết 2024 (8–14 Feb)
SEED, SCALE = 2023, 0.01


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[tuple[str, DemoSummary]]:
    with fresh_store(tmp_path_factory.mktemp("demo")) as url:
        engine = make_engine(url)
        summary = generate_demo(engine, seed=SEED, end_date=END, scale=SCALE)
        engine.dispose()
        yield url, summary


@pytest.fixture(scope="module")
def small_plan(tmp_path_factory) -> DrawnPlan:
    """The plan the demo store was written from (same seed and scale)."""
    return draw_plan(demo_units(tmp_path_factory.mktemp("org"), SEED, END), SEED, SCALE)


@pytest.fixture
def demo_engine(demo):
    engine = make_engine(demo[0])
    yield engine
    engine.dispose()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """`python -m data ARGS` in a process of its own."""
    return subprocess.run([sys.executable, "-m", "data", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300, env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"})


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of the same command's main() in this process: a second
    process start costs more than most of these commands (the `report` test keeps one)."""
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


# --- the dossiers written: the plan, through the command-line contract -------------------


def test_province_totals_are_the_scaled_article_figures_through_the_command(demo):
    figures = ArticleFigures().scaled(SCALE)
    done = run_cli("report", "dossiers", "--from", "2021-01-01", "--to", "2023-03-31", "--db", demo[0], "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["received"] == figures.received == demo[1].dossiers
    assert out["online"] == figures.online
    assert out["resolved"] == figures.resolved
    assert out["early"] + out["on_time"] == figures.early_or_on_time
    assert out["late"] == figures.resolved - figures.early_or_on_time
    assert out["in_progress"] == figures.received - figures.resolved
    assert out["on_time_rate"] == rate(figures.early_or_on_time, figures.resolved)
    assert out["online_share"] == rate(figures.online, figures.received)
    assert 0 < out["overdue"] <= out["in_progress"]


def test_binh_gia_2022_is_the_scaled_article_figure_through_the_command(demo, capsys):
    figures = ArticleFigures().scaled(SCALE)
    code, stdout, stderr = cli(capsys, "report", "dossiers", "--unit", "huyen binh gia", "--from", "2022-01-01",
                               "--to", "2022-12-31", "--db", demo[0], "--json")
    assert code == 0, stderr
    out = json.loads(stdout)
    assert out["received"] == figures.focus_received
    assert out["early"] + out["on_time"] == figures.focus_early_or_on_time == figures.focus_received - 3
    assert out["resolved"] == figures.focus_received and out["late"] == 3 and out["in_progress"] == 0


def test_the_daily_figures_are_the_plan_per_unit_and_day(demo_engine, small_plan):
    plan = small_plan.plan
    codes = np.array([u.code for u in small_plan.units])
    days = plan.days.astype(dt.date)
    want = Counter()
    for unit, day, channel, outcome in zip(codes[plan.unit].tolist(), days[plan.day].tolist(),
                                           plan.channel.tolist(), plan.outcome.tolist()):
        want[(unit, day, "received")] += 1
        want[(unit, day, "online")] += channel == ONLINE
        want[(unit, day, "resolved")] += outcome != PENDING
        want[(unit, day, ("early", "on_time", "late", "in_progress")[outcome])] += 1
    with demo_engine.connect() as c:
        rows = c.execute(text(
            "SELECT u.code, d.day, d.received, d.online, d.resolved, d.early, d.on_time, d.late, d.in_progress "
            "FROM dossier_daily d JOIN unit u ON u.id = d.unit_id")).all()
    got = Counter()
    names = ("received", "online", "resolved", "early", "on_time", "late", "in_progress")
    for code, day, *counts in rows:
        day = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
        assert day not in DAYS_OFF and day.weekday() < 6, day
        got.update({(code, day, name): n for name, n in zip(names, counts) if n})
    assert +got == +want
    assert len(rows) > 1000


def test_dossier_rows_keep_local_days_office_hours_and_outcomes(demo_engine, small_plan):
    with demo_engine.connect() as c:
        rows = c.execute(select(Dossier.received_at, Dossier.received_day, Dossier.due_at, Dossier.resolved_at,
                                Dossier.outcome)).all()
        codes = c.execute(text("SELECT code FROM dossier ORDER BY code")).scalars().all()
        channels = dict(c.execute(text("SELECT channel, COUNT(*) FROM dossier GROUP BY channel")).all())
    plan = small_plan.plan
    first = small_plan.units[plan.unit[0]].code, plan.days[plan.day[0]].astype(dt.date)
    assert codes[0] == f"{first[0]}-{first[1]:%y%m%d}-0001"
    assert all(re.fullmatch(r"000\.\d\d\.\d\d\.H36-\d{6}-\d{4}", code) for code in codes)
    assert len(set(codes)) == len(codes) == len(rows) == len(plan)
    assert set(channels) == {"direct", "online", "postal"}
    assert len(rows) > 1000
    for received_at, received_day, due_at, resolved_at, outcome in rows:
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


def test_dossiers_written_in_several_chunks_are_the_plan(tmp_path):
    """The full demo writes 200,000 dossiers a chunk (9 chunks), the 1 % store one: the chunking here."""
    org_rng, dossier_rng, *_ = demo_generators(SEED)
    with fresh_store(tmp_path) as url:
        engine = make_engine(url)
        with engine.begin() as conn:
            org = build_org(conn, org_rng, END)
            units = dossier_units(dossier_rng, org.units)
            plan = plan_dossiers(dossier_rng, units, ArticleFigures().scaled(0.001))
            fractions: list[float] = []
            written = write_dossiers(conn, plan, units, fractions.append, chunk=500)
        with engine.connect() as c:
            rows = c.execute(text("SELECT code, received_day FROM dossier ORDER BY code")).all()
            received = c.execute(text("SELECT SUM(received) FROM dossier_daily")).scalar_one()
        engine.dispose()
    assert written == len(plan) == received == len(rows) > 1500
    assert len(fractions) == -(-len(plan) // 500) and fractions[-1] == 1.0
    days = plan.days[plan.day].astype(dt.date)
    want = [(f"{units[u].code}-{d:%y%m%d}-{q:04d}", d) for u, d, q in zip(plan.unit.tolist(), days.tolist(),
                                                                         plan.seq.tolist())]
    got = [(code, day if isinstance(day, dt.date) else dt.date.fromisoformat(day)) for code, day in rows]
    assert got == want  # every dossier once, in the plan's order (codes ascend)


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


@dataclass(frozen=True)
class Span:
    desk_id: int
    state: str
    start: dt.datetime  # UTC
    end: dt.datetime
    source: str


@pytest.fixture(scope="module")
def presence_rows(demo) -> list[Span]:
    """Every presence interval of the demo store (about 100,000), by desk and time: read once for the module."""
    engine = make_engine(demo[0])
    with engine.connect() as c:
        rows = c.execute(select(PresenceInterval.desk_id, PresenceInterval.state, PresenceInterval.start_at,
                                PresenceInterval.end_at, PresenceInterval.source)
                         .order_by(PresenceInterval.desk_id, PresenceInterval.start_at)).all()
    engine.dispose()
    return [Span(d, s, as_utc(a), as_utc(b), src) for d, s, a, b, src in rows]


def test_presence_intervals_tile_time_per_desk(demo_engine, presence_rows):
    window = PresenceWindow(END)
    with demo_engine.connect() as c:
        desks = set(c.execute(select(Desk.id)).scalars())
    by_desk = defaultdict(list)
    for r in presence_rows:
        by_desk[r.desk_id].append((r.start, r.end, r.state))
    assert set(by_desk) == desks
    assert {r.source for r in presence_rows} == {"demo"}
    assert {r.state for r in presence_rows} == {"PRESENT", "ABSENT", "OFFLINE", "OFF_HOURS"}
    for desk, spans in by_desk.items():
        assert spans[0][0] == window.start_utc and spans[-1][1] == window.end_utc, desk
        for (a0, a1, s0), (b0, b1, s1) in zip(spans, spans[1:]):
            assert a0 < a1 and a1 == b0, desk  # no gap, no overlap, ordered
            assert s0 != s1, desk  # neighbours in one state would be one interval


def test_presence_follows_office_hours_with_absences_of_both_lengths(presence_rows):
    absences = []
    for r in presence_rows:
        if r.state == "OFF_HOURS":
            continue
        a, b = r.start.astimezone(LOCAL_TZ), r.end.astimezone(LOCAL_TZ)
        # Staffed states only inside one opening session of a working day.
        assert a.date() == b.date() or b.time() == dt.time(0), (r.state, a)
        assert sessions_on(a.date(), True), (r.state, a)
        assert a.date() not in DAYS_OFF and a.weekday() < 6
        assert (dt.time(7, 30) <= a.time() and b.time() <= dt.time(11, 30)) or \
               (dt.time(13, 30) <= a.time() and b.time() <= dt.time(17, 0)), (r.state, a, b)
        if r.state == "ABSENT":
            absences.append((b - a).total_seconds())
    totals = Counter()
    for r in presence_rows:
        totals[r.state] += (r.end - r.start).total_seconds()
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


def test_demo_command_leaves_a_filled_store_alone(demo, demo_engine, capsys):
    def counts() -> tuple[int, int, int]:
        with demo_engine.connect() as c:
            return tuple(c.execute(select(func.count()).select_from(t)).scalar_one()
                         for t in (Unit, PresenceInterval, Inspection))

    before = counts()
    assert not store_is_empty(demo_engine)
    code, stdout, stderr = cli(capsys, "demo", "--db", demo[0], "--if-empty")
    assert code == 0 and "nothing done" in stdout, stderr
    code, _, stderr = cli(capsys, "demo", "--db", demo[0], "--seed", "7")
    assert code == 1 and "not empty" in stderr
    with pytest.raises(StoreNotEmpty):
        generate_demo(demo_engine, seed=7, end_date=END)
    assert counts() == before == (228, demo[1].presence_intervals, demo[1].inspections)


def test_a_failed_generation_leaves_the_store_empty_and_its_indexes_in_place(engine):
    def stop(label: str, fraction: float) -> None:
        if fraction >= 0.3:  # after the first dossier chunk, while the indexes are set aside
            raise RuntimeError("stopped on purpose")

    with pytest.raises(RuntimeError, match="stopped on purpose"):
        generate_demo(engine, seed=1, progress=stop, end_date=END, scale=SCALE)
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


def test_same_seed_gives_the_same_demo(demo, tmp_path):
    with fresh_store(tmp_path) as url:
        engine = make_engine(url)
        summary = generate_demo(engine, seed=SEED, end_date=END, scale=SCALE)
        engine.dispose()
        again = _fingerprint(url)
    assert summary == demo[1] and summary.dossiers == round(1_659_613 * SCALE)
    assert again == _fingerprint(demo[0])
    assert len(again[0]) == 227 and len(again[1]) == 20
