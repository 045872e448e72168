"""Replay of recorded footage on composed desk scenes, against their ground truth."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scenes import (
    MONDAY_0900,
    DeskScript,
    PresenceSettings,
    SceneScript,
    Span,
    Visit,
    compose_scene,
    intervals_from_json,
    intervals_from_result,
    score_scene,
    state_at,
)
from domain.sites import load_sites
from vision.detection.person import PersonDetector
from vision.replay import iso, parse_start, replay_video

REPO = Path(__file__).resolve().parents[2]

# Short hysteresis so a four-minute video holds every case.
SETTINGS = PresenceSettings(present_after_s=3, absent_grace_s=15, incident_min_s=45, frozen_after_s=6)

# Ground truth, seconds from the first frame. Citizens stand at 0.64–0.67 of the
# height: their boxes graze the staff zones' lower edge (0.68).
DAY = SceneScript(
    name="desk_day",
    start=MONDAY_0900,
    duration_s=240,
    fps=5,
    desks=(
        # d1: a short break (8 s < grace), then a long absence (70 s ≥ incident + grace)
        # during which a citizen waits in front of the empty desk.
        DeskScript("d1", "Quầy 1", 110, 0, (Span(0, 70), Span(78, 120), Span(190, 240))),
        # d2: starts empty, then an absence longer than the grace but not an incident.
        DeskScript("d2", "Quầy 2", 320, 1, (Span(25, 100), Span(125, 240))),
        # d3: staffed all along while citizens stand in front and walk past.
        DeskScript("d3", "Quầy 3", 530, 3, (Span(0, 240),)),
    ),
    visits=(
        Visit(Span(140, 172), 0, 120, 120, 232),  # waits at the empty d1
        Visit(Span(60, 75), 1, -60, 700, 236),  # walks past every desk
        Visit(Span(100, 130), 2, 520, 520, 230),  # stands at d3 while she works
        Visit(Span(176, 186), 3, 700, -60, 240),
    ),
    no_signal=(Span(40, 50),),  # black
    frozen=(Span(205, 222),),  # the same picture for 17 s (> frozen_after_s)
    seed=3,
)


@pytest.fixture(scope="module")
def detector(person_detector) -> PersonDetector:
    return person_detector


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    return compose_scene(DAY, tmp_path_factory.mktemp("scenes"), SETTINGS)


@pytest.fixture(scope="module")
def day_result(day, detector):
    sites = load_sites(day.sites)
    return replay_video(day.video, sites, day.camera_id, DAY.start, detector=detector, progress=False)


def test_intervals_tile_the_video_for_every_desk(day_result):
    end = DAY.start + dt.timedelta(seconds=DAY.duration_s)
    assert day_result.start == DAY.start and day_result.end == end
    for desk in ("d1", "d2", "d3"):
        mine = [i for i in day_result.intervals if i.desk_id == desk]
        assert mine[0].start == DAY.start and mine[-1].end == end
        for a, b in zip(mine, mine[1:]):
            assert a.end == b.start, f"{desk}: gap or overlap between {a} and {b}"
            assert a.state != b.state, f"{desk}: two {a.state} intervals not merged"
        assert all(i.end > i.start for i in mine)


def test_replay_matches_the_truth_within_the_hysteresis(day_result):
    got = intervals_from_result(day_result.intervals, DAY.start)
    score = score_scene(DAY, SETTINGS, got)
    assert score.scored_s > 400  # of 720 desk-seconds; the rest lie in hysteresis windows
    assert score.accuracy >= 0.98, score.mistakes
    assert score.offline_as_absent_s == 0
    assert (score.true_incidents, score.matched_incidents, score.false_incidents) == (1, 1, 0)


@pytest.mark.parametrize(
    ("desk", "t", "state", "why"),
    [
        ("d1", 74, "PRESENT", "a short break is not an absence"),
        ("d1", 150, "ABSENT", "a citizen waiting in front of the empty desk does not staff it"),
        ("d1", 125, "ABSENT", "ABSENT starts when the person was last seen"),
        ("d2", 112, "ABSENT", "an absence longer than the grace period"),
        ("d3", 115, "PRESENT", "a citizen in front of the counter does not hide that staff sit there"),
        ("d3", 68, "PRESENT", "someone walking past"),
        ("d1", 45, "OFFLINE", "black frames"),
        ("d2", 45, "OFFLINE", "black frames"),
        ("d3", 208, "OFFLINE", "a frozen picture, backdated to when it froze"),
        ("d3", 220, "OFFLINE", "a frozen picture"),
        ("d3", 235, "PRESENT", "back after the freeze"),
    ],
)
def test_moments(day_result, desk, t, state, why):
    got = intervals_from_result(day_result.intervals, DAY.start)
    assert state_at(got, desk, t) == state, why


def test_absence_boundaries_are_within_the_sampling_step(day_result):
    got = intervals_from_result(day_result.intervals, DAY.start)
    absent = [i for i in got if i.desk == "d1" and i.state == "ABSENT"]
    assert len(absent) == 1
    assert abs(absent[0].start - 120) <= 2  # last seen at 120 s
    assert 190 <= absent[0].end <= 190 + 2  # back at 190 s; PRESENT backdated to the arrival


def test_motion_gate_and_counters(day_result):
    assert day_result.frames_analysed == DAY.duration_s * 1  # sample_fps = 1
    # Black and frozen frames never reach the detector.
    assert day_result.inferences <= day_result.frames_analysed - 10 - (17 - SETTINGS.frozen_after_s)
    assert day_result.detector_s > 0
    assert len(day_result.inferred_indexes) == day_result.inferences


def _cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "vision", "replay", *args], cwd=REPO, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def short(tmp_path_factory):
    """40 s: someone sits down, a black stretch."""
    script = SceneScript(
        name="short", start=MONDAY_0900, duration_s=40, fps=4,
        desks=(DeskScript("d1", "Quầy 1", 160, 0, (Span(0, 40),)), DeskScript("d2", "Quầy 2", 480, 1, (Span(8, 40),))),
        no_signal=(Span(20, 26),), seed=5, blue_no_signal=True,
    )
    return compose_scene(script, tmp_path_factory.mktemp("short"), SETTINGS)


def test_cli_contract(short):
    out = _cli(str(short.video), "--sites", str(short.sites), "--camera", "cam1",
               "--start", "2025-03-03T09:00:00+07:00", "--json")
    assert out.returncode == 0, out.stderr[-3000:]
    doc = json.loads(out.stdout)  # exactly one JSON object on stdout
    assert set(doc) == {"intervals", "compliance"}
    assert doc["compliance"] == []
    assert doc["intervals"], "no intervals"
    for i in doc["intervals"]:
        assert set(i) == {"desk", "state", "start", "end"}
        assert i["state"] in {"PRESENT", "ABSENT", "OFFLINE", "OFF_HOURS"}
        assert dt.datetime.fromisoformat(i["start"]) < dt.datetime.fromisoformat(i["end"])
    assert doc["intervals"][0]["start"] == "2025-03-03T02:00:00Z"  # the first frame is at --start
    assert {i["end"] for i in doc["intervals"]} >= {"2025-03-03T02:00:40Z"}  # the last frame ends the video
    assert "%|" in out.stderr  # the progress bar goes to stderr
    got = intervals_from_json(doc, MONDAY_0900)
    assert state_at(got, "d1", 10) == "PRESENT"
    assert state_at(got, "d2", 15) == "PRESENT"
    assert state_at(got, "d1", 23) == state_at(got, "d2", 23) == "OFFLINE"  # the blue "no signal" screen
    assert state_at(got, "d1", 35) == "PRESENT"


def test_cli_splits_at_closing_time(short):
    """Footage from 11:29:40 local: from 11:30:00 sharp the desks are OFF_HOURS."""
    out = _cli(str(short.video), "--sites", str(short.sites), "--camera", "cam1",
               "--start", "2025-03-03T11:29:40", "--json")  # no offset: the sites' time zone
    assert out.returncode == 0, out.stderr[-3000:]
    doc = json.loads(out.stdout)
    for desk in ("d1", "d2"):
        off = [i for i in doc["intervals"] if i["desk"] == desk and i["state"] == "OFF_HOURS"]
        assert [(i["start"], i["end"]) for i in off] == [("2025-03-03T04:30:00Z", "2025-03-03T04:30:20Z")]
    assert not any(i["state"] == "OFF_HOURS" and i["start"] < "2025-03-03T04:30:00Z" for i in doc["intervals"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--camera", "nope", "--start", "2025-03-03T09:00:00Z"), "no camera 'nope'"),
        (("--camera", "cam1", "--start", "yesterday"), "not an ISO 8601 time"),
    ],
)
def test_cli_bad_input_is_one_clear_message(short, args, message):
    out = _cli(str(short.video), "--sites", str(short.sites), *args, "--json", timeout=60)
    assert out.returncode == 2
    assert message in out.stderr
    assert out.stdout == ""


def test_cli_bad_sites_file_names_the_field(short, tmp_path):
    bad = tmp_path / "sites.yaml"
    bad.write_text(short.sites.read_text(encoding="utf-8").replace("staff_zone:", "staff_zonee:"), encoding="utf-8")
    out = _cli(str(short.video), "--sites", str(bad), "--camera", "cam1", "--start", "2025-03-03T09:00:00Z",
               "--json", timeout=60)
    assert out.returncode == 2
    assert "cameras[0].desks[0]" in out.stderr and out.stdout == ""


def test_cli_missing_video(short, tmp_path):
    out = _cli(str(tmp_path / "none.mp4"), "--sites", str(short.sites), "--camera", "cam1",
               "--start", "2025-03-03T09:00:00Z", "--json", timeout=60)
    assert out.returncode == 2 and "video not found" in out.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-03T09:00:00+07:00", dt.datetime(2025, 3, 3, 2, tzinfo=dt.timezone.utc)),
        ("2025-03-03T02:00:00Z", dt.datetime(2025, 3, 3, 2, tzinfo=dt.timezone.utc)),
        ("2025-03-03T09:00:00", dt.datetime(2025, 3, 3, 2, tzinfo=dt.timezone.utc)),  # sites' zone
        ("2025-03-03 09:00:00.500", dt.datetime(2025, 3, 3, 2, 0, 0, 500000, tzinfo=dt.timezone.utc)),
    ],
)
def test_parse_start(text, expected):
    assert parse_start(text, "Asia/Ho_Chi_Minh") == expected


def test_iso_output():
    assert iso(dt.datetime(2025, 3, 3, 2, tzinfo=dt.timezone.utc)) == "2025-03-03T02:00:00Z"
    assert iso(dt.datetime(2025, 3, 3, 9, 0, 0, 250000, tzinfo=dt.timezone(dt.timedelta(hours=7)))) == \
        "2025-03-03T02:00:00.250Z"


def test_the_units_holidays_come_from_the_store_when_one_is_named(short, store_url, engine, detector):
    """3 March 2025 declared a holiday for the camera's unit: the whole replay is OFF_HOURS."""
    from sqlalchemy import insert

    from data.schema import Holiday
    from data.units import create_unit

    with engine.begin() as conn:
        unit = create_unit(conn, "Xã Điềm He", "commune", None)
        conn.execute(insert(Holiday).values(unit_id=unit.id, day=dt.date(2025, 3, 3), name="Nghỉ bù", working_day=False))
    sites = load_sites(short.sites)
    with_store = replay_video(short.video, sites, "cam1", MONDAY_0900, detector=detector, store_url=store_url,
                              progress=False)
    assert {i.state.value for i in with_store.intervals} == {"OFF_HOURS"}
    without = replay_video(short.video, sites, "cam1", MONDAY_0900, detector=detector, progress=False)
    assert "PRESENT" in {i.state.value for i in without.intervals}
