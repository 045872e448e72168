"""Live publishing: a small annotated JPEG with every face blurred, a JSON of states, written atomically."""
from __future__ import annotations

import datetime as dt
import json
import threading

import cv2
import numpy as np
import pytest

from photos import photo
from domain.live import touch_watch
from domain.records import DeskState
from domain.sites import CameraConfig
from domain.states import CameraHealth, DeskStateName
from vision.annotate import STATE_COLOURS
from vision.privacy import default_face_detector
from vision.publish import LiveSnapshot, Publisher, image_path, read_snapshot, snapshot_path
from vision.sources import CameraStatus, HealthReason
from vision.types import Detections, Frame

SECRET = "Mk-9f3bq7Zx"
T0 = dt.datetime(2025, 3, 3, 2, 15, tzinfo=dt.timezone.utc)  # 09:15 in Hà Nội

CAMERA = CameraConfig.model_validate(
    {
        "id": "cam1",
        "name": "Bộ phận một cửa",
        "source": f"rtsp://admin:{SECRET}@10.0.0.5/stream1",
        "unit": "Xã Điềm He",
        "desks": [
            {"id": "d1", "name": "Quầy 1", "staff_zone": [[0.35, 0.2], [0.6, 0.2], [0.6, 0.7], [0.35, 0.7]]},
            {"id": "d2", "name": "Quầy 2", "staff_zone": [[0.65, 0.1], [0.95, 0.1], [0.95, 0.7], [0.65, 0.7]]},
        ],
    }
)


def status(health: CameraHealth = CameraHealth.ONLINE, since: dt.datetime = T0) -> CameraStatus:
    reason = {CameraHealth.ONLINE: HealthReason.OK, CameraHealth.OFFLINE: HealthReason.NO_FRAMES,
              CameraHealth.FROZEN: HealthReason.FROZEN}[health]
    return CameraStatus("cam1", CAMERA.safe_source, health, reason, since, since, 10, 0, 0, None)


STATES = [
    DeskState("d1", DeskStateName.PRESENT, T0 - dt.timedelta(minutes=20)),
    DeskState("d2", DeskStateName.ABSENT, T0 - dt.timedelta(minutes=3)),
]


def camera_frame(at: dt.datetime = T0) -> Frame:
    """A full-HD-ish frame with two real faces in it (zidane.jpg is 1280×720)."""
    return Frame("cam1", at, photo("zidane"), 7)


def people() -> Detections:
    return Detections(
        np.array([[420, 30, 800, 720], [880, 40, 1280, 720]], np.float32),
        np.array([0.9, 0.8], np.float32),
        np.array([0, 0]),
    )


def test_publishes_a_small_blurred_annotated_jpeg_and_the_states(tmp_path):
    pub = Publisher(tmp_path)
    snap = pub.publish(CAMERA, status=status(), states=STATES, frame=camera_frame(), detections=people(),
                       now=T0 + dt.timedelta(seconds=1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cam1.jpg", "cam1.json"]  # no temporary files left

    picture = cv2.imread(str(image_path(tmp_path, "cam1")))
    assert picture.shape == (360, 640, 3)  # ≤ 640 px wide, aspect kept
    assert len(image_path(tmp_path, "cam1").read_bytes()) < 150_000
    faces = default_face_detector()
    assert len(faces.detect(photo("zidane"), 0.5)) == 2  # the camera saw two faces …
    for side in (320, 640, 1280):
        assert len(faces.detect(picture, 0.5, side)) == 0  # … the published picture shows none
    assert snap.faces_blurred == 2

    raw = json.loads(snapshot_path(tmp_path, "cam1").read_text(encoding="utf-8"))
    assert raw["camera_id"] == "cam1" and raw["camera_name"] == "Bộ phận một cửa" and raw["unit"] == "Xã Điềm He"
    assert raw["health"] == "ONLINE" and raw["image"] == "cam1.jpg"
    assert raw["frame_at"] == "2025-03-03T02:15:00+00:00"
    assert [(d["desk_id"], d["name"], d["state"]) for d in raw["desks"]] == [
        ("d1", "Quầy 1", "PRESENT"), ("d2", "Quầy 2", "ABSENT")
    ]
    assert raw["desks"][1]["since"] == "2025-03-03T02:12:00+00:00"
    text = snapshot_path(tmp_path, "cam1").read_text(encoding="utf-8")
    assert SECRET not in text and "rtsp" not in text and "10.0.0.5" not in text
    assert read_snapshot(tmp_path, "cam1") == snap


def test_the_picture_shows_desk_states_where_the_zones_are(tmp_path):
    Publisher(tmp_path).publish(CAMERA, status=status(), states=STATES, frame=camera_frame())
    picture = cv2.imread(str(image_path(tmp_path, "cam1"))).astype(float)
    original = cv2.resize(photo("zidane"), (640, 360), interpolation=cv2.INTER_AREA).astype(float)
    # Patches inside each zone, clear of the faces, labels and zone borders:
    # the scene shows through a quarter-strength tint of the desk's state colour.
    for (x, y), state in [((228, 232), DeskStateName.PRESENT), ((580, 232), DeskStateName.ABSENT)]:
        seen = picture[y:y + 10, x:x + 10].reshape(-1, 3).mean(axis=0)
        under = original[y:y + 10, x:x + 10].reshape(-1, 3).mean(axis=0)
        expected = 0.75 * under + 0.25 * np.array(STATE_COLOURS[state])
        assert np.abs(seen - expected).max() < 8, (state, seen, expected)  # JPEG rounding
        assert np.abs(seen - under).max() > 15  # visibly tinted


def test_fails_closed_when_faces_cannot_be_blurred(tmp_path):
    pub = Publisher(tmp_path, face_model=tmp_path / "no-such-model.onnx")
    for k in range(2):
        snap = pub.publish(CAMERA, status=status(), states=STATES, frame=camera_frame(T0 + dt.timedelta(seconds=k)))
        assert snap.image is None and snap.frame_at is None
        assert "face blurring failed" in (snap.privacy_error or "")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".onnx")) == ["cam1.json"]
    assert read_snapshot(tmp_path, "cam1").privacy_error == snap.privacy_error


def test_without_a_frame_only_the_states_change_and_the_last_picture_stays(tmp_path):
    pub = Publisher(tmp_path)
    offline = pub.publish(CAMERA, status=status(CameraHealth.OFFLINE), states=STATES)
    assert offline.image is None and offline.health is CameraHealth.OFFLINE
    assert not image_path(tmp_path, "cam1").exists()

    pub.publish(CAMERA, status=status(), states=STATES, frame=camera_frame())
    later = T0 + dt.timedelta(minutes=2)
    snap = pub.publish(CAMERA, status=status(CameraHealth.OFFLINE, since=later), states=STATES, now=later)
    assert snap.image == "cam1.jpg" and snap.frame_at == T0 and snap.faces_blurred == 2
    assert snap.health is CameraHealth.OFFLINE and snap.health_since == later and snap.health_reason == "no_frames"
    # A worker restarted later still knows what the picture on disk is.
    again = Publisher(tmp_path).publish(CAMERA, status=status(CameraHealth.OFFLINE), states=STATES, now=later)
    assert again.image == "cam1.jpg" and again.frame_at == T0


def test_pictures_can_be_throttled_while_states_stay_current(tmp_path):
    pub = Publisher(tmp_path, image_every_s=3600)
    pub.publish(CAMERA, status=status(), states=STATES, frame=camera_frame(T0))
    first = image_path(tmp_path, "cam1").read_bytes()
    moved = [DeskState("d2", DeskStateName.PRESENT, T0 + dt.timedelta(seconds=5)), STATES[0]]
    snap = pub.publish(CAMERA, status=status(), states=moved, frame=camera_frame(T0 + dt.timedelta(seconds=5)))
    assert image_path(tmp_path, "cam1").read_bytes() == first
    assert snap.frame_at == T0  # the JSON says which picture is on disk
    assert [d.state for d in snap.desks] == [DeskStateName.PRESENT, DeskStateName.PRESENT]


def test_readers_never_see_a_half_written_file(tmp_path):
    pub = Publisher(tmp_path)
    pub.publish(CAMERA, status=status(), states=STATES, frame=camera_frame())
    stop = threading.Event()
    problems: list[str] = []
    reads = [0]

    def read_loop() -> None:
        while not stop.is_set():
            data = image_path(tmp_path, "cam1").read_bytes()
            if cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR) is None:
                problems.append("jpeg")
            try:
                LiveSnapshot.from_json(snapshot_path(tmp_path, "cam1").read_text(encoding="utf-8"))
            except ValueError:
                problems.append("json")
            reads[0] += 1

    reader = threading.Thread(target=read_loop)
    reader.start()
    try:
        small = Frame("cam1", T0, cv2.resize(photo("bus"), (480, 640)), 1)
        for k in range(15):
            pub.publish(CAMERA, status=status(), states=STATES, frame=small if k % 2 else camera_frame())
    finally:
        stop.set()
        reader.join()
    assert reads[0] > 0 and problems == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cam1.jpg", "cam1.json"]


@pytest.mark.parametrize("bad", ["../etc", "a/b", ".hidden", ""])
def test_camera_ids_that_are_not_file_names_are_refused(tmp_path, bad):
    with pytest.raises(ValueError):
        image_path(tmp_path, bad)


# ── the unit's staff-face setting, one face search per frame, the still-scene rate ──────────────

# One desk whose staff zone holds Ancelotti's face (right); Zidane (left) stands for a citizen.
STAFF_RIGHT = CameraConfig.model_validate({
    **CAMERA.model_dump(), "desks": [{"id": "d2", "name": "Quầy 2",
                                      "staff_zone": [[0.65, 0.05], [0.95, 0.05], [0.95, 0.7], [0.65, 0.7]]}],
})


def _centres(found, w: int, h: int) -> list[tuple[float, float]]:
    return [(float(x1 + x2) / 2 / w, float(y1 + y2) / 2 / h) for x1, y1, x2, y2 in found.xyxy]


@pytest.mark.parametrize(("blur_staff", "faces_left", "blurred"), [
    (True, 0, 2),    # default: every face blurred, staff too
    (False, 1, 1),   # staff face kept (inside the zone), the citizen's still blurred
])
def test_live_picture_follows_the_units_staff_face_setting(tmp_path, blur_staff, faces_left, blurred):
    snap = Publisher(tmp_path).publish(STAFF_RIGHT, status=status(), states=STATES[1:], frame=camera_frame(),
                                       blur_staff_faces=blur_staff)
    picture = cv2.imread(str(image_path(tmp_path, "cam1")))
    faces = default_face_detector()
    for side in (320, 640, 1280):
        found = faces.detect(picture, 0.5, side)
        assert len(found) == faces_left, (side, found.scores)
        for cx, cy in _centres(found, picture.shape[1], picture.shape[0]):
            assert 0.65 < cx < 0.95 and 0.05 < cy < 0.7  # only ever the staff face, in its zone
    assert snap.faces_blurred == blurred


def test_live_picture_and_evidence_of_one_frame_search_faces_once(tmp_path):
    from vision.compliance.evidence import write_evidence  # noqa: PLC0415
    from vision.privacy import FrameFaces  # noqa: PLC0415

    shared = FrameFaces(default_face_detector())
    pub = Publisher(tmp_path / "live", frame_faces=shared)
    frame = camera_frame()
    pub.publish(CAMERA, status=status(), states=STATES, frame=frame)
    for k in range(2):  # two violations on the same frame
        write_evidence(frame.image, tmp_path / f"ev{k}.jpg", detector=shared.detector,
                       faces=shared.faces("cam1", frame.image))
    assert (shared.detections, shared.reused) == (1, 2)
    faces = default_face_detector()
    for path in [image_path(tmp_path / "live", "cam1"), tmp_path / "ev0.jpg", tmp_path / "ev1.jpg"]:
        assert len(faces.detect(cv2.imread(str(path)), 0.5)) == 0, path
    pub.publish(CAMERA, status=status(), states=STATES, frame=camera_frame(T0 + dt.timedelta(seconds=1)))
    assert shared.detections == 2  # a new frame is searched again


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


MOVED_D1 = [DeskState("d1", DeskStateName.ABSENT, T0), STATES[1]]


@pytest.mark.parametrize(("after_s", "moved", "states", "redrawn"), [
    (2, True, STATES, False),     # within image_every_s: never
    (6, True, STATES, True),      # something moved, 5 s passed
    (6, False, STATES, False),    # still scene, same states: the picture would be the same
    (6, False, MOVED_D1, True),   # still picture but a desk changed state: redraw
    (31, False, STATES, True),    # still, but 30 s old: refreshed anyway
])
def test_live_picture_rate(tmp_path, after_s, moved, states, redrawn):
    clock = FakeClock()
    pub = Publisher(tmp_path, image_every_s=5, still_image_every_s=30, clock=clock)
    pub.publish(CAMERA, status=status(), states=STATES, frame=camera_frame(T0))
    clock.t = after_s
    later = T0 + dt.timedelta(seconds=after_s)
    snap = pub.publish(CAMERA, status=status(), states=states, frame=camera_frame(later), moved=moved)
    assert snap.frame_at == (later if redrawn else T0)


WATCHED_AT = 1_750_000_000.0  # wall-clock seconds the heartbeats are compared with


@pytest.mark.parametrize(("viewer", "after_s", "redrawn"), [
    ("stays", 6, True),       # watched: the full rate (5 s)
    ("stays", 2, False),      # watched, within image_every_s
    ("none", 6, False),       # nobody watches: no picture before the keep-alive …
    ("none", 59, False),
    ("none", 61, True),       # … then one, so a new viewer always finds a recent picture
    ("left", 6, True),        # the last heartbeat 6 s old: still watched
    ("left", 20, False),      # 20 s old (window 12 s): the viewer left
    ("left", 61, True),
])
def test_live_picture_rate_watched_and_unwatched(tmp_path, viewer, after_s, redrawn):
    clock = FakeClock()
    pub = Publisher(tmp_path, image_every_s=5, still_image_every_s=30, clock=clock, keepalive_every_s=60,
                    wall_clock=lambda: WATCHED_AT + clock.t)
    if viewer != "none":  # the dashboard's refresh before the first frame
        assert touch_watch(tmp_path, "cam1", at=WATCHED_AT)
    pub.publish(CAMERA, status=status(), states=STATES, frame=camera_frame(T0))
    clock.t = after_s
    if viewer == "stays":
        assert touch_watch(tmp_path, "cam1", at=WATCHED_AT + after_s)
    later = T0 + dt.timedelta(seconds=after_s)
    snap = pub.publish(CAMERA, status=status(), states=STATES, frame=camera_frame(later))
    assert snap.frame_at == (later if redrawn else T0)
    assert pub.pictures("cam1") == (2 if redrawn else 1)


def test_a_camera_that_becomes_watched_is_drawn_on_its_next_frame(tmp_path):
    clock = FakeClock()
    pub = Publisher(tmp_path, image_every_s=5, clock=clock, keepalive_every_s=60,
                    wall_clock=lambda: WATCHED_AT + clock.t)
    frames = [T0 + dt.timedelta(seconds=s) for s in range(0, 12)]
    drawn = []
    for k, at in enumerate(frames):
        clock.t = float(k)
        if k == 3:  # the live view opens between the 3rd and 4th frame
            touch_watch(tmp_path, "cam1", at=WATCHED_AT + clock.t)
        snap = pub.publish(CAMERA, status=status(), states=STATES, frame=camera_frame(at))
        drawn.append(snap.frame_at == at)
    # The first frame (nothing published yet), at once when watched, then every 5 s again.
    assert [k for k, d in enumerate(drawn) if d] == [0, 3, 8]
