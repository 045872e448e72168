"""`python -m vision demo`: composed scenes served as live cameras for a unit of a real demo store,
the real worker on them; what reaches the live files and the store (SQLite; PostgreSQL with
TEST_DATABASE_URL).

One run of the command feeds every test: a 48 s loop that starts once the worker has analysed
every camera (LoopClock), and the worker stopped 42 s later, past the last event the tests look
for (the last camera's dropout ends at 65 % of the loop, 31 s), however long it took to load.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from data.db import make_engine
from data.demo.generate import generate_demo
from data.demo.live_site import DemoSite, SiteCamera, SiteDesk, pick_site
from data.schema import Camera, Desk
from data.schema import CameraHealthInterval as HealthRow
from data.schema import PresenceInterval as PresenceRow
from domain.timezone import as_utc
from vision.demo.loop import DemoTiming, LoopClock, loop_scripts
from vision.publish import read_snapshot
from stores import fresh_store

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.store
LOOP_S, RUN_S = 48, 42


@dataclass(frozen=True)
class DemoRun:
    url: str
    site: DemoSite
    sites_file: dict
    live: Path
    started: dt.datetime
    output: str
    evidence: Path  # MONITOR_EVIDENCE_DIR of the run: where the pages read the worker's pictures


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> DemoRun:
    tmp = tmp_path_factory.mktemp("demo")
    with fresh_store(tmp) as url:
        engine = make_engine(url)
        generate_demo(engine, scale=0.001)  # the whole organisation, few dossiers
        with engine.connect() as conn:
            site = pick_site(conn)
        engine.dispose()
        started = dt.datetime.now(dt.timezone.utc)
        evidence = tmp / "evidence"
        proc = subprocess.run(
            [sys.executable, "-m", "vision", "demo", "--db", url, "--loop-s", str(LOOP_S), "--duration", str(RUN_S),
             "--work-dir", str(tmp / "demo"), "--live-dir", str(tmp / "live"), "--state-dir", str(tmp / "state")],
            cwd=REPO, capture_output=True, text=True, timeout=240,
            env={**os.environ, "MONITOR_EVIDENCE_DIR": str(evidence)},
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        doc = yaml.safe_load((tmp / "demo" / "sites.yaml").read_text(encoding="utf-8"))
        yield DemoRun(url, site, doc, tmp / "live", started, proc.stderr, evidence)


def test_the_generated_cameras_are_online_until_the_live_worker_starts(demo_run):
    # The generated store implies ONLINE between outages: the hand-over writes it, so the
    # worker's recovery does not take today for time it was not watching.
    checked = 0
    for cam in demo_run.site.cameras:
        before = [r for r in health(demo_run.url, cam.code) if r[1] < demo_run.started]
        if before:  # a camera with outages in the generated month
            assert before[-1][0] == "ONLINE" and before[-1][2] > demo_run.started, (cam.code, before[-3:])
            checked += 1
    assert checked >= 1


def presence(url: str, unit_id: int, codes: list[str]) -> list[tuple[str, str, dt.datetime, dt.datetime, str]]:
    """(desk code, state, start, end, source) of these desks, in time order."""
    engine = make_engine(url)
    with engine.connect() as conn:
        found = conn.execute(
            select(Desk.code, PresenceRow.state, PresenceRow.start_at, PresenceRow.end_at, PresenceRow.source)
            .join(Desk, Desk.id == PresenceRow.desk_id)
            .where(Desk.unit_id == unit_id, Desk.code.in_(codes)).order_by(Desk.code, PresenceRow.start_at)
        ).all()
    engine.dispose()
    return [(c, s, as_utc(a), as_utc(b), src) for c, s, a, b, src in found]


def health(url: str, camera: str) -> list[tuple[str, dt.datetime, dt.datetime]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        found = conn.execute(
            select(HealthRow.state, HealthRow.start_at, HealthRow.end_at)
            .join(Camera, Camera.id == HealthRow.camera_id)
            .where(Camera.code == camera).order_by(HealthRow.start_at)
        ).all()
    engine.dispose()
    return [(s, as_utc(a), as_utc(b)) for s, a, b in found]


def test_the_demo_unit_has_four_to_six_desks_on_two_or_three_cameras(demo_run):
    assert 2 <= len(demo_run.site.cameras) <= 3
    assert 4 <= len(demo_run.site.desks) <= 6


def test_the_sites_file_uses_the_store_codes_and_local_streams(demo_run):
    cams = demo_run.sites_file["cameras"]
    assert [c["id"] for c in cams] == [c.code for c in demo_run.site.cameras]
    assert [[d["id"] for d in c["desks"]] for c in cams] == [[d.code for d in c.desks] for c in demo_run.site.cameras]
    assert all(c["unit"] == demo_run.site.unit_name for c in cams)
    assert all(c["source"].startswith("http://127.0.0.1:") for c in cams)


def test_live_frames_are_published_for_every_demo_desk_with_faces_blurred(demo_run):
    for cam in demo_run.site.cameras:
        snap = read_snapshot(demo_run.live, cam.code)
        assert snap is not None, f"no live snapshot for {cam.code}"
        assert [d.desk_id for d in snap.desks] == [d.code for d in cam.desks]
        assert snap.image is not None and (demo_run.live / snap.image).stat().st_size > 5_000
        assert snap.privacy_error is None and snap.faces_blurred is not None
        assert as_utc(snap.updated_at) > demo_run.started


def test_absent_and_offline_stretches_reach_the_store(demo_run):
    assert "the loop starts" in demo_run.output  # once the worker analysed every camera
    codes = [d.code for d in demo_run.site.desks]
    mine = [r for r in presence(demo_run.url, demo_run.site.unit_id, codes)
            if r[4] == "worker" and r[2] >= demo_run.started]
    absent = {r[0] for r in mine if r[1] == "ABSENT"}
    assert len(absent) >= len(codes) - 1, f"ABSENT only at {sorted(absent)}"
    first = codes[0]  # away for 60 % of the loop: one long ABSENT stretch
    assert max((b - a).total_seconds() for c, st, a, b, _ in mine if c == first and st == "ABSENT") >= 0.4 * LOOP_S
    last_cam = {d.code for d in demo_run.site.cameras[-1].desks}
    # The last camera went dark mid-run: OFFLINE after its desks had been seen PRESENT.
    for code in last_cam:
        states = [r[1] for r in mine if r[0] == code]
        assert "OFFLINE" in states[states.index("PRESENT"):], f"{code}: {states}"
    dark = [r for r in health(demo_run.url, demo_run.site.cameras[-1].code)
            if r[1] > demo_run.started and r[0] == "OFFLINE"]
    assert any((b - a).total_seconds() >= 2 for _, a, b in dark), dark


def test_the_long_absence_has_its_face_blurred_picture(demo_run, face_detector):
    """The demo unit has no dress-code rules: its incident is still photographed (issue 13), into the
    evidence root the pages read, faces blurred."""
    import cv2

    from data.evidence_files import readable_evidence
    from data.schema import AbsenceEvidence

    engine = make_engine(demo_run.url)
    with engine.connect() as conn:
        rows = conn.execute(select(Desk.code, AbsenceEvidence.evidence_path, AbsenceEvidence.missing_reason)
                            .join(Desk, Desk.id == AbsenceEvidence.desk_id)
                            .where(Desk.unit_id == demo_run.site.unit_id)).all()
    engine.dispose()
    first = demo_run.site.desks[0].code  # away for 60 % of the loop: the one incident
    assert [(code, reason) for code, _, reason in rows] == [(first, None)]
    picture = readable_evidence(demo_run.evidence, rows[0][1])
    assert picture is not None and picture.name.endswith("_absence.jpg")
    image = cv2.imread(str(picture))
    assert image is not None and len(face_detector.detect(image, 0.5)) == 0


def test_generated_rows_stop_where_the_live_worker_takes_over(demo_run):
    codes = [d.code for d in demo_run.site.desks]
    found = presence(demo_run.url, demo_run.site.unit_id, codes)
    first_live = min(r[2] for r in found if r[4] == "worker")
    assert all(r[3] <= first_live for r in found if r[4] == "demo")
    for code in codes:  # each desk's rows still tile time
        desk = [r for r in found if r[0] == code]
        assert all(a[3] == b[2] for a, b in zip(desk, desk[1:])), code


def test_every_demo_desk_gets_a_looping_scene_with_one_absence():
    site = DemoSite(1, "Xã Mẫu", (SiteCamera("C1", "Camera 1", (SiteDesk("Q01", "Quầy 1"), SiteDesk("Q02", "Quầy 2"))),
                                  SiteCamera("C2", "Camera 2", (SiteDesk("Q03", "Quầy 3"),))))
    scripts = loop_scripts(site, DemoTiming(loop_s=100))
    assert [[d.desk_id for d in s.desks] for s in scripts] == [["Q01", "Q02"], ["Q03"]]
    for s in scripts:
        for d in s.desks:
            assert len(d.absences(s.duration_s)) == 1
    dark = DemoTiming(loop_s=100)
    q03_away = scripts[1].desks[0].absences(100)[0]
    assert not any(dark.dropout_at(t) for t in range(int(q03_away.start), int(q03_away.end)))


def test_the_loop_clock_stands_at_zero_until_started_then_counts_from_there():
    now = [100.0]
    clock = LoopClock(lambda: now[0])
    seen = []
    for step, start in ((5.0, False), (5.0, True), (2.5, False), (1.5, True)):  # a second start changes nothing
        now[0] += step
        if start:
            clock.start()
        seen.append((clock.started, clock()))
    assert seen == [(False, 0.0), (True, 0.0), (True, 2.5), (True, 4.0)]


@pytest.mark.parametrize("args, message", [
    (["--unit", "Xã Không Có"], "không có đơn vị tên 'Xã Không Có'"),
    ([], "kho không có đơn vị nào có 4–6 quầy"),
    (["--loop-s", "5"], "vòng lặp quá ngắn: 5.0 s"),
])
def test_bad_input_is_refused_with_one_message_and_nothing_written(store_url, tmp_path, capsys, root_logging,
                                                                   args, message):
    # In this process: the command's contract is its exit status and stderr, and a process
    # of its own would cost seconds of imports for a check of milliseconds.
    from vision.cli import main

    code = main(["demo", "--db", store_url, "--work-dir", str(tmp_path / "demo"), *args])
    assert code == 2
    assert message in capsys.readouterr().err.splitlines()[-1]
    assert not (tmp_path / "demo").exists()


@pytest.fixture
def root_logging():
    """The command sets the root logger up for its process: pytest's handlers come back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
