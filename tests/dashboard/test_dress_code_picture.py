"""The queue's pictures: the evidence inside the evidence root, the person enlarged, and why a picture is missing."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from dashboard.dress_code_picture import ZOOM_HEIGHT, load_picture, person_crop, thumbnail


def _jpeg(path: Path, size=(320, 240), colour=(200, 40, 40)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, format="JPEG")
    return path


def _size(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size


@pytest.fixture
def root(tmp_path) -> Path:
    r = tmp_path / "evidence"
    _jpeg(r / "CAM-1" / "viol.jpg")
    _jpeg(r / "CAM-1" / "viol_badge_crop.jpg", size=(60, 150), colour=(10, 200, 10))
    (r / "broken.jpg").write_bytes(b"not a jpeg")
    _jpeg(tmp_path / "elsewhere.jpg")
    return r


@pytest.mark.parametrize(("evidence", "purged", "why"), [
    (None, False, "dress.why.none_taken"),
    ("", False, "dress.why.none_taken"),
    (None, True, "dress.why.purged"),
    ("CAM-1/gone.jpg", True, "dress.why.purged"),
    ("CAM-1/gone.jpg", False, "dress.why.missing"),
    ("../elsewhere.jpg", False, "dress.why.outside"),
    ("/etc/passwd", False, "dress.why.outside"),
    ("broken.jpg", False, "dress.why.unreadable"),
])
def test_a_missing_picture_says_why(root, evidence, purged, why):
    picture = load_picture(root, evidence, None, [10, 10, 50, 100], purged=purged)
    assert (picture.evidence, picture.zoom, picture.missing) == (None, None, why)


def test_the_zoom_is_the_workers_crop_enlarged(root):
    picture = load_picture(root, "CAM-1/viol.jpg", str(root / "CAM-1" / "viol_badge_crop.jpg"), [10, 10, 50, 100])
    assert picture.missing is None and picture.name == "viol.jpg"
    assert picture.evidence == (root / "CAM-1" / "viol.jpg").read_bytes()
    zoom = Image.open(io.BytesIO(picture.zoom)).convert("RGB")
    assert zoom.size == (round(60 * ZOOM_HEIGHT / 150), ZOOM_HEIGHT)
    assert zoom.getpixel((zoom.width // 2, zoom.height // 2))[1] > 150  # the crop's green, not the evidence's red


@pytest.mark.parametrize(("crop", "box", "zoom_width"), [
    (None, [100, 40, 160, 190], round(70 * ZOOM_HEIGHT / 174)),  # box + 8 % margin, cut from the evidence
    ("CAM-1/none.jpg", [100, 40, 160, 190], round(70 * ZOOM_HEIGHT / 174)),  # crop file gone: same
    ("../elsewhere.jpg", [100, 40, 160, 190], round(70 * ZOOM_HEIGHT / 174)),  # crop outside the root: same
    (None, None, None),  # nothing to cut: the evidence alone
    (None, [100, 40, 100, 190], None),  # an empty box
])
def test_without_the_crop_the_zoom_is_cut_from_the_evidence(root, crop, box, zoom_width):
    picture = load_picture(root, "CAM-1/viol.jpg", crop, box)
    assert picture.evidence is not None
    if zoom_width is None:
        assert picture.zoom is None
    else:
        assert _size(picture.zoom) == (zoom_width, ZOOM_HEIGHT)


@pytest.mark.parametrize(("box", "expected"), [
    ([0, 0, 320, 240], (0, 0, 320, 240)),  # the margin stops at the picture's edge
    ([50, 50, 150, 100], (42, 46, 158, 104)),
    ([-20, -20, 10, 10], (0, 0, 12, 12)),
    ([300, 200, 300, 240], None),
    ([1, 2, 3], None),
])
def test_person_crop_keeps_inside_the_picture(box, expected):
    image = Image.new("RGB", (320, 240))
    crop = person_crop(image, box)
    assert (None if crop is None else crop.size) == (None if expected is None else
                                                     (expected[2] - expected[0], expected[3] - expected[1]))


def test_thumbnails_show_the_person_or_nothing(root):
    assert _size(thumbnail(root, "CAM-1/viol.jpg", [100, 40, 160, 190], height=100)) == (round(70 * 100 / 174), 100)
    assert _size(thumbnail(root, "CAM-1/viol.jpg", None, height=120)) == (160, 120)
    assert thumbnail(root, "CAM-1/gone.jpg", None) is None
    assert thumbnail(root, "../elsewhere.jpg", None) is None
