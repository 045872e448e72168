"""The ONNX backends' post-processing: NMS as torchvision's, and boxes back in image pixels.

The NMS stays hand-written (numpy) on purpose: torchvision.ops would load torch into
every worker process, which the ONNX backends otherwise never import (measured: +650 MB
resident, +3–7 s start-up, to save ~60 µs a frame). This test holds it to torchvision's
answer instead.
"""
from __future__ import annotations

import numpy as np
import pytest

from vision.detection.postprocess import MAX_DET, PERSON_CLASS, nms, postprocess


def _random_boxes(n: int, seed: int, spread: float) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, spread, (n, 2))
    wh = rng.uniform(10, 120, (n, 2))
    boxes = np.concatenate([xy, xy + wh], axis=1).astype(np.float32)
    return boxes, rng.uniform(0.2, 1.0, n).astype(np.float32)


@pytest.mark.parametrize(
    ("n", "seed", "spread", "iou"),
    [
        (0, 0, 640, 0.5),
        (1, 1, 640, 0.5),
        (60, 2, 200, 0.5),  # crowded: most boxes overlap
        (60, 3, 200, 0.3),
        (200, 4, 640, 0.7),
        (400, 5, 20_000, 0.5),  # spread out: more than MAX_DET survive, capped
    ],
)
def test_nms_keeps_what_torchvision_keeps(n, seed, spread, iou):
    import torch  # pinned with torchvision; imported here only, so collection stays light
    from torchvision.ops import nms as tv_nms

    boxes, scores = _random_boxes(n, seed, spread)
    expected = tv_nms(torch.from_numpy(boxes), torch.from_numpy(scores), iou).numpy()[:MAX_DET]
    np.testing.assert_array_equal(nms(boxes, scores, iou), expected)


def _head(rows: list[tuple[float, float, float, float, float, float]]) -> np.ndarray:
    """A raw head output, (4 + 2 classes) × anchors, from (cx, cy, w, h, score0, score1) rows."""
    return np.asarray(rows, np.float32).reshape(-1, 6).T


@pytest.mark.parametrize(
    ("rows", "letterbox", "shape", "expected"),
    [
        # 640×360 image at scale 1, padded 12 px top and bottom to 384: only dy is undone.
        ([(100, 112, 40, 80, 0.9, 0.0)], (1.0, 0.0, 12.0), (360, 640), [(80, 60, 120, 140, 0.9)]),
        # 1280×720 image at scale 0.5: coordinates doubled after the padding comes off.
        ([(100, 112, 40, 80, 0.1, 0.8)], (0.5, 0.0, 12.0), (720, 1280), [(160, 120, 240, 280, 0.8)]),
        # A box over the image edge is clipped to it.
        ([(630, 20, 40, 40, 0.7, 0.0)], (1.0, 0.0, 12.0), (360, 640), [(610, 0, 640, 28, 0.7)]),
        # Below the confidence threshold: nothing.
        ([(100, 100, 40, 80, 0.15, 0.19)], (1.0, 0.0, 12.0), (360, 640), []),
        # Two boxes of one person (either class): the better one is kept.
        ([(100, 112, 40, 80, 0.6, 0.0), (102, 112, 40, 80, 0.0, 0.9)], (1.0, 0.0, 12.0), (360, 640),
         [(82, 60, 122, 140, 0.9)]),
    ],
    ids=["pad-top", "scaled", "clipped", "too-weak", "class-agnostic-nms"],
)
def test_postprocess_returns_boxes_in_image_pixels(rows, letterbox, shape, expected):
    r, dx, dy = letterbox
    det = postprocess(_head(rows), 0.2, 0.5, r, dx, dy, shape)
    assert len(det) == len(expected)
    if expected:
        np.testing.assert_allclose(det.xyxy, [e[:4] for e in expected], atol=1e-4)
        np.testing.assert_allclose(det.scores, [e[4] for e in expected], atol=1e-6)
    assert det.xyxy.dtype == np.float32 and det.scores.dtype == np.float32
    assert det.class_ids.tolist() == [PERSON_CLASS] * len(expected)
