"""Precision / recall / F1 per person crop; UNKNOWN (None) is never a pass or a fail."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tools.badge.evaluate import Counts, ScoredSplit, count, score_split, split_items


@pytest.mark.parametrize(
    "truth, scores, threshold, expected",
    [
        ([True, True, False, False], [0.9, 0.2, 0.1, 0.6], 0.5, Counts(1, 1, 1, 1, 0)),
        ([True, True, False, False], [0.9, 0.2, 0.1, 0.6], 0.1, Counts(2, 2, 0, 0, 0)),
        ([True, False, True], [None, None, 0.5], 0.5, Counts(1, 0, 0, 0, 2)),
        ([], [], 0.5, Counts(0, 0, 0, 0, 0)),
    ],
    ids=["mixed", "low-threshold", "unknown-apart", "empty"],
)
def test_count(truth, scores, threshold, expected):
    assert count(truth, scores, threshold) == expected


@pytest.mark.parametrize(
    "c, p, r, f1",
    [
        (Counts(8, 2, 2, 8, 0), 0.8, 0.8, 0.8),
        (Counts(9, 0, 1, 10, 3), 1.0, 0.9, 2 * 0.9 / 1.9),
        (Counts(0, 0, 0, 5, 0), 0.0, 0.0, 0.0),
    ],
)
def test_precision_recall_f1(c, p, r, f1):
    assert (c.precision, c.recall, c.f1) == pytest.approx((p, r, f1))


def test_best_threshold_maximises_f1_and_prefers_the_lower_of_equals():
    split = ScoredSplit("val", (True, True, False, False), (0.65, 0.45, 0.35, 0.05))
    assert split.best_threshold() == 0.4
    tie = ScoredSplit("val", (True, False), (0.95, 0.05))
    assert tie.best_threshold() == 0.1
    scored = split.at(0.4)
    assert (scored.images, scored.positives, scored.counts.f1) == (4, 2, 1.0)
    assert "precision 1.000" in scored.describe() and "F1 1.000" in scored.describe()


class _ByBrightness:
    """A stand-in scorer: bright crops 'have' a badge; tiny ones cannot be judged."""

    def predict(self, crop):
        if crop.shape[0] < 20:
            return None
        return float(crop.mean()) / 255.0


def test_score_split_reads_labels_from_the_yolo_layout(tmp_path: Path):
    for split in ("test",):
        (tmp_path / "images" / split).mkdir(parents=True)
        (tmp_path / "labels" / split).mkdir(parents=True)
    cases = [("a", 250, "0 0.5 0.5 0.1 0.1\n"), ("b", 10, ""), ("c", 240, ""), ("d", 200, None)]
    for name, grey, label in cases:
        cv2.imwrite(str(tmp_path / "images" / "test" / f"{name}.jpg"), np.full((64, 32, 3), grey, np.uint8))
        if label is not None:
            (tmp_path / "labels" / "test" / f"{name}.txt").write_text(label)
    cv2.imwrite(str(tmp_path / "images" / "test" / "e.jpg"), np.full((10, 10, 3), 255, np.uint8))
    (tmp_path / "labels" / "test" / "e.txt").write_text("0 0.5 0.5 0.2 0.2\n")
    assert [t for _, t in split_items(tmp_path, "test")] == [True, False, False, False, True]
    scored = score_split(_ByBrightness(), tmp_path, "test").at(0.5)
    assert scored.counts == Counts(tp=1, fp=2, fn=0, tn=1, unknown=1)


def test_missing_split_names_the_folder(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="images/val"):
        split_items(tmp_path, "val")
