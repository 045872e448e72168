"""One image's raw head output → :class:`Detections` in its pixels: confidence filter,
class-agnostic NMS, undo the letterbox. Follows Ultralytics' own, so the ONNX backends
return the boxes PyTorch does within rounding."""
from __future__ import annotations

import numpy as np

from vision.types import Detections

PERSON_CLASS = 0  # every class of the default weights is a person; all are reported as 0
MAX_DET = 300  # Ultralytics' default cap on boxes per image


def nms(boxes: np.ndarray, scores: np.ndarray, iou: float) -> np.ndarray:
    """Greedy class-agnostic NMS over xyxy boxes; indices kept, best first, at most MAX_DET."""
    order = np.argsort(-scores, kind="stable")
    x1, y1, x2, y2 = boxes.T
    areas = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    keep: list[int] = []
    while order.size and len(keep) < MAX_DET:
        i = order[0]
        keep.append(int(i))
        rest = order[1:]
        iw = np.clip(np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest]), 0, None)
        ih = np.clip(np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest]), 0, None)
        inter = iw * ih
        ious = inter / (areas[i] + areas[rest] - inter + 1e-9)
        order = rest[ious <= iou]
    return np.asarray(keep, dtype=int)


def postprocess(
    pred: np.ndarray, conf: float, iou: float, r: float, dx: float, dy: float, shape: tuple[int, int]
) -> Detections:
    """``pred``: (4 + classes) × anchors; ``r``, ``dx``, ``dy``: the letterbox's scale and
    padding; ``shape``: the image's (height, width)."""
    p = pred.T  # anchors × (cx, cy, w, h, class scores…)
    scores = p[:, 4:].max(axis=1)
    mask = scores > conf
    if not mask.any():
        return Detections.empty()
    p, scores = p[mask], scores[mask]
    cx, cy, bw, bh = p[:, 0], p[:, 1], p[:, 2], p[:, 3]
    boxes = np.stack([cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2], axis=1)
    keep = nms(boxes, scores, iou)
    boxes = boxes[keep]
    boxes[:, [0, 2]] = (boxes[:, [0, 2]] - dx) / r
    boxes[:, [1, 3]] = (boxes[:, [1, 3]] - dy) / r
    h, w = shape
    boxes[:, [0, 2]] = boxes[:, [0, 2]].clip(0, w)
    boxes[:, [1, 3]] = boxes[:, [1, 3]].clip(0, h)
    return Detections(
        xyxy=boxes.astype(np.float32),
        scores=scores[keep].astype(np.float32),
        class_ids=np.full(len(keep), PERSON_CLASS, dtype=int),
    )
