"""`BadgeModel`: the probability that a person crop shows a badge worn on the chest.

The badge rule (vision.compliance.badge_rule) calls `predict(person_crop)`; None means
"cannot tell" (crop too small or too dark), which the rule turns into UNKNOWN.
Weights: the overlay in models/badge/badge.pt (trained by bench/badge_train.py) on the
offline person weights, or any Ultralytics checkpoint a province trained itself.
Training and evaluation live in tools/badge (not part of the runtime).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from vision.paths import REPO_ROOT

DEFAULT_WEIGHTS = REPO_ROOT / "models" / "badge" / "badge.pt"
DEFAULT_THRESHOLD = 0.5  # for checkpoints that carry no threshold of their own
MIN_HEIGHT_PX = 64  # a badge on a smaller person is a few pixels: no honest answer
MIN_WIDTH_PX = 32
MIN_MEAN_GREY = 30  # darker crops: the card cannot be told from the shirt


@dataclass(frozen=True)
class BadgeHit:
    score: float
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in the person crop's pixels


class BadgeModel:
    """Loads the badge detector once; `predict` is safe to call from several threads."""

    def __init__(
        self,
        weights: Path | str | None = None,
        *,
        imgsz: int = 256,
        threshold: float | None = None,
        threads: int | None = None,
        backend: str = "auto",
    ) -> None:
        """`backend`: as the person detector's (vision.detection.person): the checkpoint is exported
        once to ONNX and run by OpenVINO or ONNX Runtime when they load — measured 3.5× faster
        than Ultralytics' PyTorch predictor at the same scores (±0.01) — else PyTorch."""
        from vision.detection.person import PersonDetector  # noqa: PLC0415 — heavy

        self.weights = Path(weights) if weights else DEFAULT_WEIGHTS
        self.threshold = float(threshold) if threshold is not None else _recorded_threshold(self.weights)
        # A one-class detector runs exactly like the person detector (its boxes' class is 0).
        self._detector = PersonDetector(_checkpoint(self.weights), conf=0.01, iou=0.5, imgsz=imgsz,
                                        backend=backend, threads=threads)  # type: ignore[arg-type]

    @staticmethod
    def readable(person_crop: np.ndarray | None) -> bool:
        """Whether the crop is big and bright enough to judge at all."""
        if person_crop is None or person_crop.ndim != 3 or person_crop.shape[2] != 3:
            return False
        h, w = person_crop.shape[:2]
        if h < MIN_HEIGHT_PX or w < MIN_WIDTH_PX:
            return False
        grey = cv2.cvtColor(person_crop, cv2.COLOR_BGR2GRAY)
        return float(grey.mean()) >= MIN_MEAN_GREY

    def predict(self, person_crop: np.ndarray | None) -> float | None:
        """Best badge score in the crop (0 when none), or None when it cannot tell."""
        if not self.readable(person_crop):
            return None
        det = self._detector.detect(_square(person_crop))
        return float(det.scores.max()) if len(det) else 0.0

    def best(self, person_crop: np.ndarray | None) -> "BadgeHit | None":
        """The best-scoring card in the crop with its box (pixels of ``person_crop``); None when there is
        none or the crop cannot be judged. For PASS samples: the label's box (issue 12)."""
        if not self.readable(person_crop):
            return None
        det = self._detector.detect(_square(person_crop))
        if not len(det):
            return None
        i = int(det.scores.argmax())
        h, w = person_crop.shape[:2]
        side = max(h, w)
        dx, dy = (side - w) // 2, (side - h) // 2  # the letterbox offset of _square
        x1, y1, x2, y2 = (float(v) for v in det.xyxy[i])
        clip = lambda v, hi: min(max(v, 0.0), float(hi))  # noqa: E731
        return BadgeHit(float(det.scores[i]), (clip(x1 - dx, w), clip(y1 - dy, h), clip(x2 - dx, w), clip(y2 - dy, h)))

    def wears_badge(self, person_crop: np.ndarray | None) -> bool | None:
        score = self.predict(person_crop)
        return None if score is None else score >= self.threshold


def _square(crop: np.ndarray) -> np.ndarray:
    """The crop centred on a square of the letterbox grey: every crop then reaches the network
    at one input shape (imgsz × imgsz, as in training), which OpenVINO compiles once instead
    of once per aspect ratio (≈0.25 s each)."""
    h, w = crop.shape[:2]
    if h == w:
        return crop
    side = max(h, w)
    out = np.full((side, side, 3), 114, np.uint8)
    y, x = (side - h) // 2, (side - w) // 2
    out[y:y + h, x:x + w] = crop
    return out


def _checkpoint(weights: Path) -> Path:
    """The full checkpoint: an overlay is rebuilt on the offline person weights (once, cached)."""
    from vision.detection.errors import DetectorError  # noqa: PLC0415
    from vision.detection.overlay import materialise_overlay, overlay_info  # noqa: PLC0415

    if not Path(weights).is_file():
        raise DetectorError(f"Không tìm thấy tệp trọng số (weights file not found): {weights}")
    try:
        overlay_info(weights)
    except DetectorError:
        return Path(weights)  # a plain Ultralytics checkpoint (a province's own training)
    return materialise_overlay(weights)


def _recorded_threshold(weights: Path) -> float:
    """The threshold chosen on the validation split when the overlay was trained."""
    from vision.detection.errors import DetectorError  # noqa: PLC0415
    from vision.detection.overlay import overlay_info  # noqa: PLC0415

    try:
        return float(overlay_info(weights)["extra"].get("threshold", DEFAULT_THRESHOLD))
    except (DetectorError, AttributeError, KeyError, TypeError, ValueError):
        return DEFAULT_THRESHOLD
