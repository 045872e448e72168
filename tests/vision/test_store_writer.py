"""The worker's store side, on a real store (SQLite, and PostgreSQL with TEST_DATABASE_URL)."""
import datetime as dt
import json

import pytest
from sqlalchemy import create_engine, insert, select

from data.schema import CameraHealthInterval as HealthRow, OfficeSchedule
from data.schema import PresenceInterval as PresenceRow
from data.setup.sites_import import guess_level
from data.units import create_unit
from data.worker_store.intervals import append_presence
from domain.office_hours import Schedule
from domain.records import CameraHealthInterval, DeskObservation, PresenceInterval
from domain.sites import parse_sites
from domain.states import CameraHealth
from domain.timezone import as_utc
from vision.camera_health import health_start, health_step
from vision.presence import PresenceParams, initial_state, step
from vision.store_checkpoints import Checkpoint, CheckpointStore
from vision.store_writer import StoreWriter

from worker_store_scene import P, local, rows, sites_doc  # tests/ is on sys.path


@pytest.mark.parametrize(
    "name, level",
    [("Xã Điềm He", "commune"), ("Phường Chi Lăng", "commune"), ("Thị trấn Na Sầm", "commune"),
     ("Huyện Văn Quan", "district"), ("Thành phố Lạng Sơn", "district"), ("Tỉnh Lạng Sơn", "province"),
     ("Trung tâm Phục vụ hành chính công tỉnh", "province_agency"), ("Bộ phận một cửa", "commune")],
)
def test_guess_level(name, level):
    assert guess_level(name) == level


def test_checkpoint_files_round_trip_and_damaged_ones_are_ignored(tmp_path):
    store = CheckpointStore(tmp_path / "state")
    cp = Checkpoint(
        "cam1", local(3, 9, 0, 1, 5),
        (PresenceInterval("d1", P, local(3, 8), local(3, 9, 0, 1, 5)),),
        (CameraHealthInterval("cam1", CameraHealth.ONLINE, local(3, 8), local(3, 9, 0, 1, 5)),),
    )
    store.save(cp)
    assert store.load("cam1") == cp
    assert store.load("cam9") is None
    store.path("cam1").write_text("{not json", encoding="utf-8")
    assert store.load("cam1") is None
    store.clear("cam1")
    assert not store.path("cam1").exists()


def _feed(states, hs, pattern, t0, writer, params, schedule):
    """Run desks d1 (pattern) and d2 (always empty) through presence, writing as the worker does."""
    for i, ch in enumerate(pattern):
        at = t0 + dt.timedelta(seconds=i)
        closed = []
        for desk, seen in (("d1", ch == "P"), ("d2", False)):
            states[desk], c = step(states[desk], DeskObservation(desk, at, seen), params, schedule)
            closed += c
        hs, hclosed = health_step(hs, CameraHealth.ONLINE, at)
        assert writer.write(closed, hclosed)
    return states, hs


def test_crash_recovery_closes_the_open_interval_at_the_heartbeat_and_records_the_gap_offline(engine, tmp_path):
    sites = parse_sites(sites_doc())
    writer = StoreWriter(engine, sites, tmp_path / "state")
    writer.sync()
    schedule = writer.schedule_for("cam1")
    params = PresenceParams(5, 60, 35)
    t0 = local(3, 11, 20)  # Monday, ten minutes before lunch
    states = {d: initial_state(d, t0) for d in ("d1", "d2")}
    hs = health_start("cam1", t0)
    states, hs = _feed(states, hs, "P" * 300 + "." * 200, t0, writer, params, schedule)
    heartbeat = t0 + dt.timedelta(seconds=499)
    writer.checkpoint("cam1", heartbeat, [states["d1"], states["d2"]], hs)
    doc = json.loads(writer.checkpoints.path("cam1").read_text(encoding="utf-8"))
    assert doc["heartbeat"] == heartbeat.isoformat() and doc["presence"]
    # The process dies here. A new worker starts at 13:40 the same day.
    now = local(3, 13, 40)
    writer2 = StoreWriter(engine, sites, tmp_path / "state")
    writer2.sync()
    report = writer2.recover(now)
    assert report.resume_at == now and report.cameras_with_checkpoint == ("cam1",)
    assert not writer2.checkpoints.path("cam1").exists()
    d1, d2 = writer2.ids.desk_ids["d1"], writer2.ids.desk_ids["d2"]
    got = rows(engine, PresenceRow, PresenceRow.desk_id)
    assert [r[1:] for r in got if r[0] == d1] == [
        ("PRESENT", local(3, 11, 20), local(3, 11, 25)),
        ("ABSENT", local(3, 11, 25), local(3, 11, 28, 19)),  # the open interval, closed at the heartbeat
        ("OFFLINE", local(3, 11, 28, 19), local(3, 11, 30)),  # the worker was not watching
        ("OFF_HOURS", local(3, 11, 30), local(3, 13, 30)),
        ("OFFLINE", local(3, 13, 30), now),
    ]
    assert [r[1:] for r in got if r[0] == d2] == [
        ("ABSENT", local(3, 11, 20), local(3, 11, 28, 19)),
        ("OFFLINE", local(3, 11, 28, 19), local(3, 11, 30)),
        ("OFF_HOURS", local(3, 11, 30), local(3, 13, 30)),
        ("OFFLINE", local(3, 13, 30), now),
    ]
    health = rows(engine, HealthRow, HealthRow.camera_id)
    assert [r[1:] for r in health] == [
        ("ONLINE", t0, heartbeat), ("OFFLINE", heartbeat, now),
    ]
    # Recovering again changes nothing; the next run starts at `now` and keeps tiling.
    assert writer2.recover(now).presence_rows == 0
    states = {d: initial_state(d, now) for d in ("d1", "d2")}
    hs = health_start("cam1", now)
    _feed(states, hs, "P" * 120, now, writer2, params, schedule)
    with engine.connect() as c:
        ends = c.execute(select(PresenceRow.start_at, PresenceRow.end_at).where(PresenceRow.desk_id == d1)
                         .order_by(PresenceRow.start_at)).all()
    for (a1, b1), (a2, b2) in zip(ends, ends[1:]):
        assert as_utc(b1) == as_utc(a2)


def test_recovery_without_a_checkpoint_fills_from_the_newest_row(engine, tmp_path):
    sites = parse_sites(sites_doc())
    writer = StoreWriter(engine, sites, tmp_path / "state")
    ids = writer.sync()
    with engine.begin() as c:
        append_presence(c, ids, [PresenceInterval("d1", P, local(3, 9), local(3, 10))])
    writer.recover(local(3, 10, 30))
    got = [r[1:] for r in rows(engine, PresenceRow, PresenceRow.desk_id) if r[0] == ids.desk_ids["d1"]]
    assert got == [("PRESENT", local(3, 9), local(3, 10)), ("OFFLINE", local(3, 10), local(3, 10, 30))]
    # Desks with no history at all get nothing (a fresh install starts at now).
    assert all(r[0] == ids.desk_ids["d1"] for r in rows(engine, PresenceRow, PresenceRow.desk_id))


def test_schedules_come_from_the_store_per_camera_unit(engine, tmp_path):
    with engine.begin() as c:
        u = create_unit(c, "Xã Điềm He", "commune", None)
        c.execute(insert(OfficeSchedule), [
            {"unit_id": u.id, "weekday": wd, "start_local": dt.time(7), "end_local": dt.time(17)} for wd in range(6)
        ])
    writer = StoreWriter(engine, parse_sites(sites_doc()), tmp_path)
    writer.sync()
    own, centre = writer.schedule_for("cam1"), writer.schedule_for("cam2")
    assert own.is_open(local(8, 12)) and not centre.is_open(local(8, 12))  # Saturday noon
    assert centre.weekly == Schedule.default().weekly


def test_an_unreachable_store_keeps_a_backlog_that_the_checkpoint_also_holds(engine, tmp_path):
    writer = StoreWriter(engine, parse_sites(sites_doc()), tmp_path / "state")
    ids = writer.sync()
    good = writer.engine
    writer.engine = create_engine(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")  # cannot be opened
    iv = PresenceInterval("d1", P, local(3, 9), local(3, 9, 5))
    assert writer.write([iv]) is False
    writer.checkpoint("cam1", local(3, 9, 6), [initial_state("d1", local(3, 9, 5))], None)
    assert writer.checkpoints.load("cam1").presence == (iv,)
    writer.engine = good
    assert writer.write() is True
    assert [r[1:] for r in rows(engine, PresenceRow, PresenceRow.desk_id)] == [("PRESENT", local(3, 9), local(3, 9, 5))]
    assert ids.desk_ids["d1"]


@pytest.mark.parametrize("always_open, gap", [
    (False, [("OFFLINE", (11, 0), (11, 30)), ("OFF_HOURS", (11, 30), (13, 30)), ("OFFLINE", (13, 30), (14, 0))]),
    (True, [("OFFLINE", (11, 0), (14, 0))]),
])
def test_recovery_fills_the_gap_by_the_hours_the_worker_runs_under(engine, tmp_path, always_open, gap):
    """`--always-open` (the demo worker) makes every hour office hours: a crash across lunch is OFFLINE."""
    sites = parse_sites(sites_doc())
    writer = StoreWriter(engine, sites, tmp_path / "state", always_open=always_open)
    ids = writer.sync()
    with engine.begin() as c:  # what the crashed run wrote: it died at 11:00 on a Monday
        append_presence(c, ids, [PresenceInterval("d1", P, local(3, 10), local(3, 11))])
    writer.recover(local(3, 14, 0))  # back at 14:00
    got = [r[1:] for r in rows(engine, PresenceRow, PresenceRow.desk_id) if r[0] == ids.desk_ids["d1"]]
    assert got == [("PRESENT", local(3, 10), local(3, 11))] + [(s, local(3, *a), local(3, *b)) for s, a, b in gap]
    assert writer.schedule_for("cam1").is_open(local(8, 3)) is always_open  # Saturday 03:00
