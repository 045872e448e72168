"""The motion gate: inference only when something moved since the last analysed frame."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from photos import photo
from vision.motion import MotionConfig, MotionGate, MotionReason, changed_fraction, grey_thumbnail


def scene() -> np.ndarray:
    return cv2.resize(photo("zidane"), (640, 360), interpolation=cv2.INTER_AREA)


def with_noise(image: np.ndarray, sigma: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(image.astype(np.float32) + rng.normal(0, sigma, image.shape), 0, 255).astype(np.uint8)


def jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def moved_block(image: np.ndarray, x: int, y: int, w: int, h: int) -> np.ndarray:
    out = image.copy()
    out[y:y + h, x:x + w] = 255 - out[y:y + h, x:x + w]
    return out


BASE = scene()


@pytest.mark.parametrize(
    "name, second, analyse",
    [
        ("identical frame", BASE.copy(), False),
        ("sensor noise σ=3", with_noise(BASE, 3, 1), False),
        ("JPEG re-encoding q=60", jpeg(BASE, 60), False),
        ("a hand moving (40×40 px)", moved_block(BASE, 300, 200, 40, 40), True),
        ("a person leaving (150×250 px)", moved_block(BASE, 100, 50, 150, 250), True),
        ("lights switched off", (BASE * 0.3).astype(np.uint8), True),
    ],
)
def test_gate_decides_on_the_change_since_the_last_analysed_frame(name, second, analyse):
    gate = MotionGate()
    first = gate.check(BASE, at=0.0)
    assert first.analyse and first.reason is MotionReason.FIRST
    decision = gate.check(second, at=1.0)
    assert decision.analyse is analyse, (name, decision)
    assert decision.reason is (MotionReason.MOTION if analyse else MotionReason.STILL)


def test_slow_drift_accumulates_against_the_reference_until_it_counts():
    """Daylight creeping in 1 level a frame never moves pixels far frame to frame,
    but the reference is the last ANALYSED frame, so the drift is caught."""
    gate = MotionGate(MotionConfig(pixel_threshold=20))
    assert gate.check(BASE, 0.0).analyse
    decisions = []
    for step in range(1, 40):
        brighter = np.clip(BASE.astype(np.int16) + step, 0, 255).astype(np.uint8)
        decisions.append(gate.check(brighter, float(step)).analyse)
    assert not decisions[0] and not decisions[10]
    first_true = decisions.index(True) + 1
    assert 15 <= first_true <= 30  # once the drift exceeds the 20-level threshold


def test_long_stillness_is_rechecked_after_max_still_s():
    gate = MotionGate(MotionConfig(max_still_s=60))
    assert gate.check(BASE, 0.0).analyse
    assert not gate.check(BASE, 30.0).analyse
    assert not gate.check(BASE, 59.9).analyse
    stale = gate.check(BASE, 60.0)
    assert stale.analyse and stale.reason is MotionReason.STALE
    assert not gate.check(BASE, 61.0).analyse  # the clock restarts at the re-check


def test_reset_forces_the_next_frame_through():
    gate = MotionGate()
    gate.check(BASE, 0.0)
    assert not gate.check(BASE, 1.0).analyse
    gate.reset()
    assert gate.check(BASE, 2.0).reason is MotionReason.FIRST


def test_a_new_picture_shape_counts_as_motion_but_a_rescaled_one_does_not():
    gate = MotionGate()
    gate.check(BASE, 0.0)
    assert not gate.check(cv2.resize(BASE, (320, 180)), 1.0).analyse  # same view, smaller stream
    four_three = np.ascontiguousarray(BASE[:, 80:560])  # a reconnect to a 4:3 profile
    assert gate.check(four_three, 2.0).reason is MotionReason.MOTION


def test_thumbnail_and_fraction():
    thumb = grey_thumbnail(BASE, 160)
    assert thumb.shape == (90, 160) and thumb.dtype == np.uint8
    assert grey_thumbnail(thumb, 160).shape == (90, 160)  # never upscaled, grey input accepted
    other = thumb.copy()
    other[:45] = 255 - other[:45]  # invert the top half
    assert changed_fraction(thumb, thumb, 20) == 0.0
    assert 0.3 < changed_fraction(thumb, other, 20) <= 0.5
