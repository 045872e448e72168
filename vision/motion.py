"""The motion gate: has anything moved since the last analysed frame?

Inference is the expensive step; a desk where nobody moves does not need a new
detection every second. The gate keeps a small grey thumbnail of the last frame
that was analysed and compares each new frame with it. Slow drifts (daylight)
accumulate against that reference until they cross the threshold, so they are
never lost frame by frame. A long stillness is re-checked after
`max_still_s` anyway, as a safety net.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import cv2
import numpy as np


def grey_thumbnail(image: np.ndarray, width: int = 160, blur: bool = True) -> np.ndarray:
    """A small grey copy of a BGR (or grey) image, `width` pixels wide (never upscaled)."""
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    h, w = image.shape[:2]
    if w > width:
        height = max(1, round(h * width / w))
        image = cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)
    if blur:
        # Sensor and JPEG noise must not count as motion.
        image = cv2.GaussianBlur(image, (3, 3), 0)
    return image


def changed_fraction(reference: np.ndarray, current: np.ndarray, pixel_threshold: int) -> float:
    """Fraction of thumbnail pixels whose grey level moved by more than `pixel_threshold`."""
    if reference.shape != current.shape:
        return 1.0  # a new resolution (reconnect to another stream profile) is a change
    diff = cv2.absdiff(reference, current)
    return float(np.count_nonzero(diff > pixel_threshold)) / float(diff.size)


@dataclass(frozen=True)
class MotionConfig:
    width: int = 160  # thumbnail width; people at a desk stay many pixels wide at this size
    pixel_threshold: int = 20  # grey levels a pixel must change by to count as moved
    min_changed_fraction: float = 0.002  # of the thumbnail's pixels (≈ 29 px at 160×90)
    max_still_s: float = 60.0  # analyse at least this often even if nothing moved


class MotionReason(str, Enum):
    FIRST = "first"  # no reference yet (start, reset after a reconnect)
    MOTION = "motion"
    STALE = "stale"  # nothing moved, but the last analysis is older than max_still_s
    STILL = "still"  # skip inference: reuse the last detections


@dataclass(frozen=True)
class MotionDecision:
    analyse: bool
    reason: MotionReason
    changed_fraction: float


class MotionGate:
    """Per-camera gate state. Not thread-safe: one gate per camera loop."""

    def __init__(self, config: MotionConfig = MotionConfig()) -> None:
        self.config = config
        self._reference: np.ndarray | None = None
        self._analysed_at: float | None = None

    def reset(self) -> None:
        """Forget the reference, e.g. after the camera reconnected: the next frame is analysed."""
        self._reference = None
        self._analysed_at = None

    def check(self, image: np.ndarray, at: float) -> MotionDecision:
        """Decide whether `image` (seen at `at` seconds, any clock) needs inference.

        When the answer is yes, the image becomes the new reference: the caller is
        expected to analyse it.
        """
        thumb = grey_thumbnail(image, self.config.width)
        if self._reference is None or self._analysed_at is None:
            return self._accept(thumb, at, MotionReason.FIRST, 1.0)
        fraction = changed_fraction(self._reference, thumb, self.config.pixel_threshold)
        if fraction >= self.config.min_changed_fraction:
            return self._accept(thumb, at, MotionReason.MOTION, fraction)
        if at - self._analysed_at >= self.config.max_still_s:
            return self._accept(thumb, at, MotionReason.STALE, fraction)
        return MotionDecision(False, MotionReason.STILL, fraction)

    def _accept(self, thumb: np.ndarray, at: float, reason: MotionReason, fraction: float) -> MotionDecision:
        self._reference = thumb
        self._analysed_at = at
        return MotionDecision(True, reason, fraction)
