"""Held-out evaluation of the badge detector: per person crop, badge yes/no at a
threshold against the labels (a non-empty label file = a badge is worn)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import cv2
import numpy as np


class Rates:
    """Precision, recall and F1 of anything with tp, fp and fn counts."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Counts(Rates):
    tp: int
    fp: int
    fn: int
    tn: int
    unknown: int  # crops the model would not judge (None): counted apart, never as a pass


def count(truth: Sequence[bool], scores: Sequence[float | None], threshold: float) -> Counts:
    tp = fp = fn = tn = unknown = 0
    for t, s in zip(truth, scores, strict=True):
        if s is None:
            unknown += 1
            continue
        said = s >= threshold
        if said and t:
            tp += 1
        elif said:
            fp += 1
        elif t:
            fn += 1
        else:
            tn += 1
    return Counts(tp, fp, fn, tn, unknown)


@dataclass(frozen=True)
class HeldoutScore:
    split: str
    images: int
    positives: int
    threshold: float
    counts: Counts
    sweep: tuple[tuple[float, Counts], ...]  # other thresholds, for the record

    def describe(self) -> str:
        c = self.counts
        lines = [
            f"badge, tập {self.split} ({self.images} ảnh, {self.positives} có thẻ), ngưỡng {self.threshold:.2f}: "
            f"precision {c.precision:.3f}  recall {c.recall:.3f}  F1 {c.f1:.3f}  "
            f"(TP {c.tp} FP {c.fp} FN {c.fn} TN {c.tn}, không xác định {c.unknown})",
        ]
        for th, k in self.sweep:
            lines.append(f"  ngưỡng {th:.2f}: P {k.precision:.3f} R {k.recall:.3f} F1 {k.f1:.3f}")
        return "\n".join(lines)

    def as_record(self) -> dict:
        c = self.counts
        return {
            f"{self.split}_images": self.images, f"{self.split}_positives": self.positives,
            "threshold": self.threshold, "precision": round(c.precision, 4), "recall": round(c.recall, 4),
            "f1": round(c.f1, 4),
        }


SWEEP = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


def split_items(root: Path, split: str) -> list[tuple[Path, bool]]:
    """(image, badge worn?) for every image of a YOLO split."""
    images = sorted((Path(root) / "images" / split).glob("*.jpg")) + sorted(
        (Path(root) / "images" / split).glob("*.png"))
    if not images:
        raise FileNotFoundError(f"tập {split} không có ảnh (split has no images): {Path(root) / 'images' / split}")
    out = []
    for im in images:
        label = Path(root) / "labels" / split / f"{im.stem}.txt"
        out.append((im, label.is_file() and bool(label.read_text().strip())))
    return out


def score_images(paths: Sequence[Path], scorer: Callable[[np.ndarray], float | None]) -> list[float | None]:
    out = []
    for p in paths:
        image = cv2.imread(str(p), cv2.IMREAD_COLOR)
        if image is None:
            raise ValueError(f"không đọc được ảnh (cannot read image): {p}")
        out.append(scorer(image))
    return out


@dataclass(frozen=True)
class ScoredSplit:
    split: str
    truth: tuple[bool, ...]
    scores: tuple[float | None, ...]

    def at(self, threshold: float) -> HeldoutScore:
        return HeldoutScore(
            split=self.split, images=len(self.truth), positives=sum(self.truth), threshold=float(threshold),
            counts=count(self.truth, self.scores, threshold),
            sweep=tuple((t, count(self.truth, self.scores, t)) for t in SWEEP),
        )

    def best_threshold(self) -> float:
        """The sweep threshold with the best F1 (the lowest of equals: fewer missed badges)."""
        return max(SWEEP, key=lambda t: (round(count(self.truth, self.scores, t).f1, 6), -t))


def score_split(model, root: Path, split: str) -> ScoredSplit:
    """Every crop of `split` scored by a BadgeModel (or anything with `predict`)."""
    items = split_items(root, split)
    scores = score_images([p for p, _ in items], model.predict)
    return ScoredSplit(split, tuple(t for _, t in items), tuple(scores))


def evaluate_split(
    weights: Path, root: Path, split: str = "test", imgsz: int = 256, threshold: float | None = None
) -> HeldoutScore:
    """Score every crop of `split` with the model in `weights` (checkpoint or overlay);
    at `threshold`, or the model's own (recorded when it was trained)."""
    from vision.compliance.badge.model import BadgeModel  # noqa: PLC0415

    model = BadgeModel(weights, imgsz=imgsz)
    return score_split(model, root, split).at(model.threshold if threshold is None else threshold)
