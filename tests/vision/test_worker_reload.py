"""A `--from-store` worker takes Setup changes while it runs, on a local MJPEG stream and a real store.

The scene has two staffed desks (left at x=160, right at x=480 of 640). The store's
desk Q02 starts with its zone over an empty patch; moving it onto the right-hand
person must make it PRESENT, a desk added later must be published and judged, a
second camera added, given a new source (with credentials: reconnected, never
logged) and switched off again must come and go, the unit's presence policy must reach
the desks' thresholds, and a new office week must turn the desks OFF_HOURS — all while cam1's reader (its capture) is the same object.
"""
from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
import threading

import pytest
from sqlalchemy import insert, select
from test_worker import REPO, STAFFED, assert_tiles, options, presence_rows, wait_for
from test_worker import detector, renderer, stream  # noqa: F401  (the same worker fixtures)

from data.access import SYSTEM
from data.schema import Desk, OfficeSchedule
from data.setup.cameras import CameraInput, create_camera, set_camera_enabled, update_camera
from data.setup.desks import DeskInput, create_desk, update_desk
from data.setup.presence import set_unit_policy
from data.setup.schedules import OfficeHours, set_unit_week
from data.units import create_unit
from domain.presence_policy import PresencePolicy
from domain.timezone import LOCAL_TZ
from scenes import staff_zone
from vision.publish import read_snapshot
from vision.store_sites import StoreSelection, empty_sites
from vision.worker import Worker

LEFT, RIGHT = (tuple(tuple(p) for p in staff_zone(d, 640)) for d in STAFFED.desks)
EMPTY_PATCH = ((0.02, 0.02), (0.12, 0.02), (0.12, 0.12), (0.02, 0.12))


@pytest.fixture
def unit(engine, stream):
    with engine.begin() as c:
        unit = create_unit(c, "Xã Điềm He", "commune", None).id
        c.execute(insert(OfficeSchedule), [  # open around the clock: the test runs at any hour
            {"unit_id": unit, "weekday": d, "start_local": dt.time(0, 0), "end_local": dt.time(0, 0)} for d in range(7)])
        cam = create_camera(c, SYSTEM, CameraInput(unit, "cam1", "Camera 1", stream.url))
        create_desk(c, SYSTEM, DeskInput(unit, "Q01", "Quầy 01", cam, LEFT))
        q02 = create_desk(c, SYSTEM, DeskInput(unit, "Q02", "Quầy 02", cam, EMPTY_PATCH))
    return unit, cam, q02


def states(live, camera: str) -> dict[str, str | None]:
    snap = read_snapshot(live, camera)
    return {} if snap is None else {d.desk_id: d.state and d.state.value for d in snap.desks}


def reader_of(worker: Worker, camera: str):
    return (c.reader if (c := worker.cameras.get(camera)) is not None else None)


def test_zone_change_new_desk_and_new_camera_reach_a_running_worker(
    tmp_path, store_url, engine, unit, stream, detector, caplog
):
    caplog.set_level(logging.INFO)
    unit_id, cam, q02 = unit
    live = tmp_path / "live"
    worker = Worker(empty_sites(), options(tmp_path, store_url, duration_s=240, reload_every_s=0.5),
                    detector=detector, from_store=StoreSelection())
    seen: dict[str, object] = {}

    def script() -> None:
        try:
            wait_for(lambda: states(live, "cam1").get("Q01") == "PRESENT", 60, "Q01 PRESENT")
            assert states(live, "cam1")["Q02"] != "PRESENT"  # nobody in the empty patch
            reader = worker.cameras.get("cam1").reader
            with engine.begin() as c:
                update_desk(c, SYSTEM, q02, DeskInput(unit_id, "Q02", "Quầy 02", cam, RIGHT))
            wait_for(lambda: states(live, "cam1").get("Q02") == "PRESENT", 60, "Q02 PRESENT after its zone moved")
            with engine.begin() as c:
                create_desk(c, SYSTEM, DeskInput(unit_id, "Q03", "Quầy 03", cam, EMPTY_PATCH))
            wait_for(lambda: "Q03" in states(live, "cam1"), 30, "the new desk published")
            with engine.begin() as c:
                cam2 = create_camera(c, SYSTEM, CameraInput(unit_id, "cam2", "Camera 2", stream.url))
                create_desk(c, SYSTEM, DeskInput(unit_id, "Q04", "Quầy 04", cam2, LEFT))
            wait_for(lambda: states(live, "cam2").get("Q04") == "PRESENT", 60, "the new camera's desk PRESENT")
            # A new source (with credentials) reconnects that camera alone.
            old_reader2 = reader_of(worker, "cam2")
            changed_at = dt.datetime.now(dt.timezone.utc)
            with engine.begin() as c:
                update_camera(c, SYSTEM, cam2, CameraInput(unit_id, "cam2", "Camera 2",
                                                           stream.url_with_credentials("admin", "S3cret")))
            wait_for(lambda: reader_of(worker, "cam2") not in (None, old_reader2), 30, "cam2 reconnected")
            wait_for(lambda: (s := read_snapshot(live, "cam2")) and s.updated_at > changed_at
                     and s.health.value == "ONLINE", 30, "cam2 ONLINE on its new source")
            seen["cam1_kept_during_cam2_restart"] = reader_of(worker, "cam1") is reader
            with engine.begin() as c:
                set_camera_enabled(c, SYSTEM, cam2, False)
            wait_for(lambda: worker.cameras.ids() == ["cam1"], 30, "cam2 stopped")
            # The unit's presence policy (Cấu hình): new thresholds reach cam1's desks, its capture kept.
            with engine.begin() as c:
                set_unit_policy(c, SYSTEM, unit_id, PresencePolicy(present_after_s=2, absent_grace_s=7,
                                                                   incident_min_s=600))
            wait_for(lambda: worker.cameras.get("cam1").pipeline.params.absent_grace_s == 7, 30, "the unit's thresholds")
            seen["incident_min_s"] = worker.sites.presence_for(worker.cameras.get("cam1").config).incident_min_s
            # Office hours on another weekday only: the unit is closed now, the desks go OFF_HOURS.
            other_day = (dt.datetime.now(LOCAL_TZ).weekday() + 3) % 7
            with engine.begin() as c:
                set_unit_week(c, SYSTEM, unit_id, [OfficeHours(other_day, dt.time(1), dt.time(2))])
            wait_for(lambda: states(live, "cam1").get("Q01") == "OFF_HOURS", 30, "Q01 OFF_HOURS after the new week")
            seen["same_reader"] = worker.cameras.get("cam1").reader is reader
            seen["revision"] = worker.revision
        except BaseException as exc:  # reported by the main thread
            seen["error"] = exc
        finally:
            worker.stop()

    t = threading.Thread(target=script, daemon=True)
    t.start()
    assert worker.run() == 0
    t.join(10)
    assert "error" not in seen, seen.get("error")
    assert seen["same_reader"] is True  # cam1's capture was never restarted
    assert seen["cam1_kept_during_cam2_restart"] is True
    assert seen["revision"] == 11  # the worker applied the last of the eleven changes
    assert seen["incident_min_s"] == 600
    assert "S3cret" not in caplog.text
    assert all("S3cret" not in f.read_text(encoding="utf-8") for f in live.glob("*.json"))
    rows = presence_rows(engine)
    for desk in ("Q01", "Q02", "Q03", "Q04"):
        assert_tiles(rows, desk)
    assert "PRESENT" in {r[1] for r in rows if r[0] == "Q02"}
    assert {r[1] for r in rows if r[0] == "Q03"} <= {"OFFLINE", "ABSENT", "OFF_HOURS"}
    assert [r[1] for r in rows if r[0] == "Q01"][-1] == "OFF_HOURS"
    q04 = [r for r in rows if r[0] == "Q04"]
    assert "PRESENT" in {r[1] for r in q04}
    with engine.connect() as c:
        assert c.execute(select(Desk.code).order_by(Desk.code)).scalars().all() == ["Q01", "Q02", "Q03", "Q04"]


def _cli(*args: str, store_url: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "vision", "run", *args, "--db", store_url, "--live-dir", str(tmp_path / "live"),
         "--state-dir", str(tmp_path / "state")],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("args, says", [
    (("--from-store", "--unit", "Xã Không Có"), "no unit named 'Xã Không Có'"),
    (("--sites", "x.yaml", "--unit", "Xã Điềm He"), "--unit goes with --from-store"),
])
def test_cli_refuses_a_unit_it_cannot_use(tmp_path, store_url, args, says):
    done = _cli(*args, store_url=store_url, tmp_path=tmp_path)
    assert done.returncode == 2 and says in done.stderr


def test_cli_from_an_empty_store_waits_for_cameras_and_stops_cleanly(tmp_path, store_url):
    done = _cli("--from-store", "--duration", "2", store_url=store_url, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "revision 0: 0 camera(s)" in done.stderr
