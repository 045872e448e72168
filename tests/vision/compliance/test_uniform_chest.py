"""Tables for the uniform rule's pieces (issue 12 item 6): the chest band from where the box is cut,
which band pixels are clothing, and which calibration colours are refused."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from vision.compliance.calibrate import CalibrationError, PersonCrop, calibrate_crops, refuse_colours
from vision.compliance.clothing import clothing_pixels, skin_mask
from vision.compliance.rules import Visibility, chest_band, torso_box
from vision.compliance.uniform import LabColour, UniformReference, to_lab

FACE = (120, 150, 200)  # BGR of a face
NAVY = (90, 40, 25)
BLACK = (28, 28, 30)
BROWN = (40, 75, 120)
LIGHT_BLUE = (225, 190, 150)
WALL = (185, 200, 212)  # beige: skin-like too
GREEN_WALL = (150, 170, 140)


@pytest.mark.parametrize(
    "box, vis, band, cut",
    [
        ((100, 90, 200, 220), Visibility(), (0.45, 0.85), True),  # seated behind the counter, 130 × 100
        ((100, 90, 230, 220), Visibility(), (0.45, 0.85), True),  # wider than tall (arms on the desk)
        ((100, 90, 168, 228), Visibility(), (0.45, 0.85), True),  # slim, arms close: 138 / 68 = 2.03
        ((100, 40, 160, 250), Visibility(), (0.30, 0.65), False),  # whole standing person: 210 / 60 = 3.5
        ((100, 40, 160, 250), Visibility(torso_top=0.2, torso_bottom=0.5), (0.2, 0.5), False),  # configured
        ((100, 90, 200, 220), Visibility(cut_top=0.5, cut_bottom=0.9), (0.5, 0.9), True),
        ((100, 90, 200, 220), Visibility(cut_max_aspect=1.0), (0.30, 0.65), False),  # 1.3 > 1.0: whole
        ((100, 90, 100, 220), Visibility(), (0.30, 0.65), False),  # no width: not a cut box
    ],
)
def test_chest_band_from_where_the_box_is_cut(box, vis, band, cut):
    b = chest_band(box, vis)
    assert (b.top, b.bottom, b.cut) == (*band, cut)
    assert b.head_bottom <= b.top  # the face lies above the band
    x1, y1, x2, y2 = torso_box(box, vis)
    h = box[3] - box[1]
    assert (y1, y2) == pytest.approx((box[1] + band[0] * h, box[1] + band[1] * h))
    assert (x1 + x2) / 2 == pytest.approx((box[0] + box[2]) / 2)


def band_of(parts: list[tuple[tuple[int, int, int], int]], seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A band of N pixels: ``count`` pixels of each BGR colour, with fabric noise."""
    rng = np.random.default_rng(seed)
    px = np.concatenate([np.tile(np.float32(c), (n, 1)) for c, n in parts])
    px = np.clip(px + rng.normal(0, 4, px.shape), 0, 255).astype(np.uint8)
    return px, to_lab(px)


def lab_of(bgr) -> np.ndarray:
    return to_lab(np.uint8([bgr]))[0]


@pytest.mark.parametrize(
    "parts, face, masked, clothing_colour",
    [
        # Regulation clothing with some neck and hair: the neck and hair are set aside.
        ([(NAVY, 700), (FACE, 200), (BLACK, 100)], FACE, "skin+hair", NAVY),
        ([(LIGHT_BLUE, 600), (FACE, 400)], FACE, "skin+hair", LIGHT_BLUE),
        # A black suit fills the chest: dark is not hair there, it is the clothing.
        ([(BLACK, 800), (FACE, 200)], FACE, "skin", BLACK),
        # A brown jacket is skin-coloured but not this person's skin: clothing.
        ([(BROWN, 850), (FACE, 150)], FACE, "skin", BROWN),
        # Without a face to compare, skin-coloured means skin: nothing to judge.
        ([(BROWN, 850), (NAVY, 150)], None, None, None),
        # The band sits on the person's own skin: nothing to judge.
        ([(FACE, 900), (NAVY, 100)], FACE, None, None),
    ],
)
def test_clothing_is_what_remains_without_skin_and_hair(parts, face, masked, clothing_colour):
    bgr, lab = band_of(parts)
    got = clothing_pixels(bgr, lab, None if face is None else lab_of(face))
    if masked is None:
        assert got is None
        return
    assert got.masked == masked
    centre = np.median(got.lab, axis=0)
    assert np.linalg.norm(centre - lab_of(clothing_colour)) < 6, (centre, lab_of(clothing_colour))


def test_skin_mask_knows_faces_from_shirts():
    assert list(skin_mask(np.uint8([FACE, BROWN, NAVY, LIGHT_BLUE, BLACK]))) == [True, True, False, False, False]


def candidates(*bgr) -> UniformReference:
    return UniformReference(tuple(LabColour(*map(float, lab_of(c))) for c in bgr))


def test_calibration_refuses_skin_hair_and_background():
    scene = band_of([(GREEN_WALL, 900), (NAVY, 100)])[1]  # the wall around the people
    kept, refused = refuse_colours(candidates(NAVY, FACE, BLACK, GREEN_WALL, LIGHT_BLUE), scene)
    assert kept.colours == candidates(NAVY, LIGHT_BLUE).colours
    assert [r.why for r in refused] == ["skin", "hair", "background"]
    messages = [r.message() for r in refused]
    assert "skin-like" in messages[0] and "hair" in messages[1] and "background" in messages[2]
    assert all(m.startswith("bỏ màu [") for m in messages)


def person_crop(shirt, face=FACE, size=(130, 100), seed: int = 0) -> np.ndarray:
    """A seated person's box: wall corners, a face, a shirt from the chin down, fabric noise."""
    rng = np.random.default_rng(seed)
    h, w = size
    img = np.empty((h, w, 3), np.uint8)
    img[:] = WALL
    cv2.ellipse(img, (w // 2, int(0.2 * h)), (w // 6, int(0.14 * h)), 0, 0, 360, face, -1)
    cv2.rectangle(img, (0, int(0.36 * h)), (w, h), shirt, -1)
    return np.clip(img + rng.normal(0, 4, img.shape), 0, 255).astype(np.uint8)


def test_calibration_from_crops_learns_the_clothes_only():
    crops = [PersonCrop(person_crop(LIGHT_BLUE, seed=s), np.ones(3, np.float32)) for s in range(2)]
    crops.append(person_crop(NAVY, seed=3))  # a bare array: a crop without its frame's gains
    cal = calibrate_crops(crops, k=2)
    assert cal.people == 3 and not cal.refused
    got = {(round(c.a), round(c.b)) for c in cal.reference.colours}
    want = {tuple(round(v) for v in lab_of(c)[1:]) for c in (LIGHT_BLUE, NAVY)}
    assert all(min(np.hypot(a - wa, b - wb) for wa, wb in want) < 5 for a, b in got), (got, want)


def test_calibration_with_only_refused_colours_says_why():
    # Everyone in a black suit: the only colour is hair-like, which would match every dark outfit.
    with pytest.raises(CalibrationError, match="hair"):
        calibrate_crops([person_crop(BLACK, seed=s) for s in range(3)], k=1)
