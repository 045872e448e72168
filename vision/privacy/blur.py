"""Face blurring for everything that leaves the worker as a picture.

Every face box is enlarged (the detector's box is tight around eyes and mouth,
while hair, ears and jaw also identify a person), pixelated to 3 blocks across
and smoothed: a blob of skin and hair colour, no features left. The detector
is then run again around the blurred regions (the only pixels that changed) and
whatever it still calls a face is blurred too; `passes` bounds the loop.

Chosen by measurement on the real photos (bus.jpg, zidane.jpg, grace_hopper.jpg,
astronaut.png at 320–1280 px): with 5 blocks and 1.5× boxes CenterFace still
scored the blurred heads in bus.jpg up to 0.61 (a head outline is enough for
it); with 3 blocks and 1.8× boxes no residual scored above 0.42, below the 0.5
that counts as a face.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import cv2
import numpy as np

from domain.geometry import point_in_polygon
from vision.privacy.faces import FaceBoxes, FaceDetector, default_face_detector

DETECT_THRESHOLD = 0.3  # lower than a "sure face" (0.5): missing a face costs more than blurring a hand
MASK_SCALE = 1.8
BLOCKS = 3  # pixelation blocks across the enlarged face box

Polygon = Sequence[tuple[float, float]]


class BlurResult(NamedTuple):
    image: np.ndarray  # a new image; the input is left untouched
    faces: int  # face regions anonymised


def enlarge(xyxy: np.ndarray, scale: float, width: int, height: int) -> np.ndarray:
    """Boxes scaled about their centres and clipped to the image, as int pixel coordinates."""
    if len(xyxy) == 0:
        return np.zeros((0, 4), int)
    cx = (xyxy[:, 0] + xyxy[:, 2]) / 2
    cy = (xyxy[:, 1] + xyxy[:, 3]) / 2
    half_w = (xyxy[:, 2] - xyxy[:, 0]) * scale / 2
    half_h = (xyxy[:, 3] - xyxy[:, 1]) * scale / 2
    out = np.stack([cx - half_w, cy - half_h, cx + half_w, cy + half_h], axis=1)
    out[:, [0, 2]] = np.clip(out[:, [0, 2]], 0, width)
    out[:, [1, 3]] = np.clip(out[:, [1, 3]], 0, height)
    return np.round(out).astype(int)


def anonymise_regions(image: np.ndarray, boxes: np.ndarray, blocks: int = BLOCKS) -> None:
    """Pixelate and smooth each (x1, y1, x2, y2) region of `image` in place."""
    for x1, y1, x2, y2 in boxes:
        w, h = x2 - x1, y2 - y1
        if w < 2 or h < 2:
            continue
        roi = image[y1:y2, x1:x2]
        bw = max(1, min(blocks, w))
        bh = max(1, min(h, round(bw * h / w)))
        small = cv2.resize(roi, (bw, bh), interpolation=cv2.INTER_AREA)
        big = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
        k = max(3, (min(w, h) // 3) | 1)  # odd kernel, a third of the region
        image[y1:y2, x1:x2] = cv2.GaussianBlur(big, (k, k), 0)


def blur_faces(
    image: np.ndarray,
    detector: FaceDetector | None = None,
    *,
    faces: FaceBoxes | None = None,
    keep_zones: Sequence[Polygon] = (),
    threshold: float = DETECT_THRESHOLD,
    mask_scale: float = MASK_SCALE,
    passes: int = 2,
    max_side: int = 640,
) -> BlurResult:
    """A copy of the BGR `image` with every face blurred, and how many faces were found.

    ``faces``: the first pass's faces when they were found already (in this image's
    pixels, at ``threshold``, e.g. shared by every picture written from one frame);
    None: found here. ``keep_zones``: polygons in 0–1 picture coordinates whose faces
    stay as they are (staff faces, when the unit allows it); every other face is blurred.

    The later passes look again only where the picture changed — around the blurred
    regions, at the first pass's scale: elsewhere the pixels, and so the detector's
    answer, are those of the first pass.

    Raises FaceModelError when the face model cannot be loaded: callers must not
    fall back to showing the unblurred picture.
    """
    out = image.copy()
    h, w = out.shape[:2]
    if faces is None or detector is None and passes > 1:
        detector = detector or default_face_detector()
    found = faces if faces is not None else detector.detect(out, threshold, max_side)  # type: ignore[union-attr]
    regions: list[np.ndarray] = []
    for k in range(max(1, passes)):
        if k > 0:
            if not regions:
                break
            found = _detect_near(out, regions, detector, threshold, max_side)  # type: ignore[arg-type]
        chosen = [i for i in range(len(found)) if not _kept(found.xyxy[i], keep_zones, w, h)]
        if not chosen:
            break
        boxes = enlarge(found.xyxy[chosen], mask_scale, w, h)
        anonymise_regions(out, boxes)
        regions.extend(b for b in boxes if not _covered(b, regions))
    return BlurResult(out, len(regions))


def _detect_near(
    image: np.ndarray, regions: list[np.ndarray], detector: FaceDetector, threshold: float, max_side: int
) -> FaceBoxes:
    """Faces in the part of `image` around `regions` (their joint box grown by the largest
    region's size on every side: the context the detector needs), at the scale a
    whole-picture pass uses. One search: several smaller ones cost as much here (measured:
    per-call overhead, and OpenVINO compiles each new input shape)."""
    h, w = image.shape[:2]
    r = np.asarray(regions)
    pad_x, pad_y = int((r[:, 2] - r[:, 0]).max()), int((r[:, 3] - r[:, 1]).max())
    window = [max(0, int(r[:, 0].min()) - pad_x), max(0, int(r[:, 1].min()) - pad_y),
              min(w, int(r[:, 2].max()) + pad_x), min(h, int(r[:, 3].max()) + pad_y)]
    factor = min(1.0, max_side / max(h, w))
    x1, y1, x2, y2 = _snapped(window, factor, w, h)
    side = max(32, int(round(max(x2 - x1, y2 - y1) * factor)))
    found = detector.detect(image[y1:y2, x1:x2], threshold, side)
    if len(found) == 0:
        return found
    xyxy = found.xyxy.copy()
    xyxy[:, [0, 2]] += x1
    xyxy[:, [1, 3]] += y1
    return FaceBoxes(xyxy, found.scores)


_SNAP = 64  # window sides in network pixels: few distinct input shapes, which OpenVINO compiles once each


def _snapped(win: list[int], factor: float, w: int, h: int) -> tuple[int, int, int, int]:
    """`win` grown to a multiple of _SNAP network pixels per side, kept inside the picture."""
    x1, y1, x2, y2 = win
    out = []
    for lo, hi, size in ((x1, x2, w), (y1, y2, h)):
        want = min(size, int(np.ceil((hi - lo) * factor / _SNAP) * _SNAP / factor))
        lo = max(0, min(size - want, (lo + hi) // 2 - want // 2))
        out.append((lo, lo + want))
    (a, c), (b, d) = out
    return a, b, c, d


def _kept(box: np.ndarray, zones: Sequence[Polygon], w: int, h: int) -> bool:
    if not zones:
        return False
    centre = (float(box[0] + box[2]) / 2 / w, float(box[1] + box[3]) / 2 / h)
    return any(point_in_polygon(centre, z) for z in zones)


def _covered(box: np.ndarray, regions: list[np.ndarray]) -> bool:
    """Whether `box` mostly lies inside an already anonymised region (a second-pass echo)."""
    x1, y1, x2, y2 = box
    area = max(1, (x2 - x1) * (y2 - y1))
    for r in regions:
        iw = max(0, min(x2, r[2]) - max(x1, r[0]))
        ih = max(0, min(y2, r[3]) - max(y1, r[1]))
        if iw * ih >= 0.5 * area:
            return True
    return False
