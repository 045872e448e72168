"""The live worker on local MJPEG streams and a real store (SQLite; PostgreSQL with TEST_DATABASE_URL).

No fixed sleeps that assume speed: every wait polls with a generous deadline.
"""
from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import cv2
import pytest
import yaml
from sqlalchemy import insert, select

from data.schema import CameraHealthInterval as HealthRow
from data.schema import Desk, OfficeSchedule
from data.schema import PresenceInterval as PresenceRow
from data.units import create_unit
from domain.timezone import as_utc
from scenes import MONDAY_0900, DeskScript, PresenceSettings, SceneRenderer, SceneScript, Span, sites_document
from domain.sites import parse_sites
from vision.detection.person import PersonDetector
from vision.privacy import default_face_detector
from vision.publish import read_snapshot
from vision.sources import ReaderConfig
from vision.sources.mjpeg_server import MjpegServer
from vision.worker import Worker, WorkerOptions

REPO = Path(__file__).resolve().parents[2]
UNIT = "Xã Điềm He"

# Two desks staffed by people whose faces show (so blurring has work to do).
STAFFED = SceneScript(
    name="live", start=MONDAY_0900, duration_s=3600, fps=5,
    desks=(DeskScript("d1", "Quầy 1", 160, 0, (Span(0, 3600),)), DeskScript("d2", "Quầy 2", 480, 1, (Span(0, 3600),))),
    seed=11,
)


def wait_for(predicate, timeout: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture(scope="module")
def renderer() -> SceneRenderer:
    return SceneRenderer(STAFFED)


@pytest.fixture
def stream(renderer):
    server = MjpegServer(lambda i: renderer.frame(i % 500), fps=5).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def detector(person_detector) -> PersonDetector:
    return person_detector


@pytest.fixture
def open_all_day(engine):
    """The unit's office hours from the store: open around the clock, so the test runs at any hour."""
    with engine.begin() as conn:
        unit = create_unit(conn, UNIT, "commune", None)
        conn.execute(insert(OfficeSchedule), [
            {"unit_id": unit.id, "weekday": d, "start_local": dt.time(0, 0), "end_local": dt.time(0, 0)}
            for d in range(7)
        ])
    return unit


def sites_for(url: str, **camera: object) -> dict:
    doc = sites_document(Path("unused"), STAFFED, PresenceSettings(present_after_s=1, absent_grace_s=8))
    doc["sample_fps"] = 2
    doc["cameras"][0].update({"source": url, "offline_after_s": 2, "frozen_after_s": 30, **camera})
    return doc


def presence_rows(engine) -> list[tuple[str, str, dt.datetime, dt.datetime]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(Desk.code, PresenceRow.state, PresenceRow.start_at, PresenceRow.end_at)
            .join(Desk, Desk.id == PresenceRow.desk_id)
            .order_by(Desk.code, PresenceRow.start_at)
        ).all()
    return [(d, s, as_utc(a), as_utc(b)) for d, s, a, b in rows]


def health_rows(engine) -> list[tuple[str, dt.datetime, dt.datetime]]:
    with engine.connect() as conn:
        rows = conn.execute(select(HealthRow.state, HealthRow.start_at, HealthRow.end_at).order_by(HealthRow.start_at)).all()
    return [(s, as_utc(a), as_utc(b)) for s, a, b in rows]


def assert_tiles(rows, desk: str) -> list[tuple[str, dt.datetime, dt.datetime]]:
    mine = [r for r in rows if r[0] == desk]
    assert mine, f"no rows for {desk}"
    for a, b in zip(mine, mine[1:]):
        assert a[3] == b[2], f"{desk}: gap or overlap between {a} and {b}"
    return mine


def options(tmp_path: Path, store_url: str, **kw) -> WorkerOptions:
    fast = ReaderConfig(open_timeout_s=2, read_timeout_s=2, backoff_initial_s=0.2, backoff_max_s=1, hang_grace_s=2)
    return WorkerOptions(db_url=store_url, live_dir=tmp_path / "live", state_dir=tmp_path / "state",
                         image_every_s=0.5, checkpoint_every_s=1, reader=fast, **kw)


def test_worker_writes_presence_health_and_a_blurred_picture(
    tmp_path, store_url, engine, open_all_day, stream, detector, renderer
):
    sites = parse_sites(sites_for(stream.url))
    worker = Worker(sites, options(tmp_path, store_url, duration_s=8), detector=detector)
    assert worker.run() == 0

    rows = presence_rows(engine)
    for desk in ("d1", "d2"):
        mine = assert_tiles(rows, desk)
        assert "PRESENT" in {r[1] for r in mine}
        assert "ABSENT" not in {r[1] for r in mine}
    assert "ONLINE" in {h[0] for h in health_rows(engine)}
    stats = worker.stats.cameras["cam1"]
    assert stats.ticks >= 4 and stats.inferences >= 1

    # The live view: a small JPEG in which no face can be found any more.
    jpg = cv2.imread(str(tmp_path / "live" / "cam1.jpg"))
    assert jpg is not None and jpg.shape[1] <= 640
    faces = default_face_detector()
    assert len(faces.detect(renderer.frame(0))) >= 2  # the faces are findable before blurring
    assert len(faces.detect(jpg)) == 0
    snap = read_snapshot(tmp_path / "live", "cam1")
    assert snap is not None and snap.health.value == "ONLINE"
    assert [(d.desk_id, d.state.value) for d in snap.desks] == [("d1", "PRESENT"), ("d2", "PRESENT")]
    assert snap.faces_blurred and snap.faces_blurred >= 2
    # A clean stop wrote everything: no checkpoint is left for a recovery.
    assert not list((tmp_path / "state").glob("*.json"))


def test_a_dropped_stream_is_offline_never_absent(tmp_path, store_url, engine, open_all_day, stream, detector):
    sites = parse_sites(sites_for(stream.url))
    worker = Worker(sites, options(tmp_path, store_url, duration_s=60), detector=detector)
    marks: dict[str, float] = {}

    def script() -> None:
        try:
            wait_for(lambda: worker.stats.cameras.get("cam1") and worker.stats.cameras["cam1"].inferences >= 2,
                     60, "the first analysed frames")
            stream.stop()
            marks["down"] = time.monotonic()
            snap = wait_for(lambda: (s := read_snapshot(tmp_path / "live", "cam1")) and s.health.value == "OFFLINE"
                            and s, 30, "the camera reported OFFLINE")
            marks["offline_seen"] = time.monotonic()
            assert snap.desks[0].state.value == "OFFLINE"
            stream.start()
            marks["up"] = time.monotonic()
            wait_for(lambda: (s := read_snapshot(tmp_path / "live", "cam1")) and s.health.value == "ONLINE", 30,
                     "the camera back ONLINE")
            marks["online_seen"] = time.monotonic()
            time.sleep(3)  # a few more ticks to settle PRESENT again
        finally:
            worker.stop()

    t = threading.Thread(target=script, daemon=True)
    t.start()
    assert worker.run() == 0
    t.join(5)
    assert {"down", "offline_seen", "up", "online_seen"} <= set(marks), marks
    # offline_after_s = 2: noticed well within offline_after_s + 2 s plus a tick; back within 5 s.
    assert marks["offline_seen"] - marks["down"] <= 2 + 2 + 1 / 2 + 1
    assert marks["online_seen"] - marks["up"] <= 5
    rows = presence_rows(engine)
    for desk in ("d1", "d2"):
        states = [r[1] for r in assert_tiles(rows, desk)]
        assert "OFFLINE" in states[1:], states  # the outage, after the first PRESENT
        assert "ABSENT" not in states
        assert states[-1] == "PRESENT"
    assert [h[0] for h in health_rows(engine)][-3:] == ["ONLINE", "OFFLINE", "ONLINE"]


def _run_cli(sites: Path, store_url: str, tmp_path: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "vision", "run", "--sites", str(sites), "--db", store_url,
         "--live-dir", str(tmp_path / "live"), "--state-dir", str(tmp_path / "state"), *extra],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def test_crash_loses_only_the_open_interval_and_a_stop_closes_it(
    tmp_path, store_url, engine, open_all_day, stream
):
    sites = tmp_path / "sites.yaml"
    sites.write_text(yaml.safe_dump(sites_for(stream.url), allow_unicode=True), encoding="utf-8")
    checkpoint = tmp_path / "state" / "presence-cam1.json"

    def staffed_in_checkpoint() -> bool:
        try:
            doc = json.loads(checkpoint.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return any(p["state"] == "PRESENT" for p in doc["presence"])

    first = _run_cli(sites, store_url, tmp_path)
    try:
        wait_for(staffed_in_checkpoint, 120, "a checkpoint holding PRESENT")
        first.send_signal(signal.SIGKILL)  # a crash: nothing gets to clean up
        first.wait(30)
    finally:
        if first.poll() is None:
            first.kill()
    crashed_at = dt.datetime.now(dt.timezone.utc)
    assert presence_rows(engine) == [] or all(r[1] != "ABSENT" for r in presence_rows(engine))
    heartbeat = dt.datetime.fromisoformat(json.loads(checkpoint.read_text(encoding="utf-8"))["heartbeat"])

    second = _run_cli(sites, store_url, tmp_path)
    try:
        # Recovery happens at start; wait until the restarted worker has judged the desks again.
        wait_for(lambda: (s := read_snapshot(tmp_path / "live", "cam1")) and s.updated_at > crashed_at
                 and all(d.state is not None and d.state.value == "PRESENT" for d in s.desks), 120,
                 "the restarted worker to see the staff")
        second.send_signal(signal.SIGTERM)
        assert second.wait(60) == 0, second.stdout.read() if second.stdout else ""
    finally:
        if second.poll() is None:
            second.kill()
    stopped_at = dt.datetime.now(dt.timezone.utc)

    rows = presence_rows(engine)
    for desk in ("d1", "d2"):
        mine = assert_tiles(rows, desk)
        states = [r[1] for r in mine]
        assert "ABSENT" not in states
        # The open interval of the crashed run was kept up to its last heartbeat…
        assert any(r[1] == "PRESENT" and r[3] == heartbeat for r in mine), mine
        # …and the time nobody watched is OFFLINE, from that heartbeat on.
        gap = next(r for r in mine if r[2] == heartbeat)
        assert gap[1] == "OFFLINE" and gap[3] > crashed_at
        # The clean stop closed the last interval: nothing is left open or held.
        assert mine[-1][1] == "PRESENT" and mine[-1][3] <= stopped_at
    assert not checkpoint.exists()


def test_a_camera_that_never_sends_does_not_hold_up_the_others(
    tmp_path, store_url, engine, open_all_day, stream, detector
):
    from vision.sources.mjpeg_server import SilentServer

    with SilentServer() as silent:
        doc = sites_for(stream.url)
        mute = json.loads(json.dumps(doc["cameras"][0]))
        mute.update({"id": "cam2", "source": silent.url})
        for desk in mute["desks"]:
            desk["id"] = "m" + desk["id"]
        doc["cameras"].append(mute)
        worker = Worker(parse_sites(doc), options(tmp_path, store_url, duration_s=10), detector=detector)
        started = time.monotonic()
        assert worker.run() == 0
        assert time.monotonic() - started < 10 + 15  # stopping never waits on the silent connection
    rows = presence_rows(engine)
    assert {r[1] for r in assert_tiles(rows, "md1")} == {"OFFLINE"}
    assert "PRESENT" in {r[1] for r in assert_tiles(rows, "d1")}
    assert worker.stats.cameras["cam1"].inferences >= 1
    assert read_snapshot(tmp_path / "live", "cam2").health.value == "OFFLINE"
    assert not (tmp_path / "live" / "cam2.jpg").exists()  # no picture is ever made up
