"""The faces of a camera's newest frame, found once and shared.

A sampled frame may be written out several times: as the live picture and as the
evidence of a violation or an absence incident (several desks, several rules).
The face detector is the costly part of blurring, so its first pass over a frame
runs once per frame, here, and every picture written from that frame blurs the
same boxes (scaled to its own size). The cache holds only the newest frame of each
camera, keyed by the image object itself (a reference is kept, so the key cannot
be reused by another array while it is cached).
"""
from __future__ import annotations

import threading

import numpy as np

from vision.privacy.blur import DETECT_THRESHOLD
from vision.privacy.faces import FaceBoxes, FaceDetector, default_face_detector


class FrameFaces:
    """Thread-safe; one per worker (or replay), shared by the publisher and the trackers."""

    def __init__(self, detector: FaceDetector | None = None, *, threshold: float = DETECT_THRESHOLD,
                 max_side: int = 640) -> None:
        self._detector = detector
        self.threshold = threshold
        self.max_side = max_side
        self._lock = threading.Lock()
        self._last: dict[str, tuple[np.ndarray, FaceBoxes]] = {}
        self.detections = 0  # first passes run (one per distinct frame asked about)
        self.reused = 0  # answers served from an earlier pass over the same frame

    @property
    def detector(self) -> FaceDetector:
        """The shared face model (loaded on first use; FaceModelError propagates)."""
        with self._lock:
            if self._detector is None:
                self._detector = default_face_detector()
            return self._detector

    def faces(self, key: str, image: np.ndarray) -> FaceBoxes:
        """The faces in `image` (pixels of `image`), `key` naming its camera."""
        with self._lock:
            last = self._last.get(key)
            if last is not None and last[0] is image:
                self.reused += 1
                return last[1]
        found = self.detector.detect(image, self.threshold, self.max_side)
        with self._lock:
            self._last[key] = (image, found)
            self.detections += 1
        return found

    def faces_scaled(self, key: str, image: np.ndarray, size: tuple[int, int]) -> FaceBoxes:
        """The faces of `image` in the pixels of a resized copy of it, `size` = (width, height)."""
        found = self.faces(key, image)
        h, w = image.shape[:2]
        if (w, h) == tuple(size) or len(found) == 0:
            return found
        xyxy = found.xyxy.copy()
        xyxy[:, [0, 2]] *= size[0] / w
        xyxy[:, [1, 3]] *= size[1] / h
        return FaceBoxes(xyxy, found.scores)
