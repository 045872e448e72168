"""Evidence snapshots: a face-blurred JPEG for each violation and each absence incident.

The unblurred picture never reaches the disk: faces are blurred in memory, the
result is JPEG-encoded in memory, and the bytes are written atomically (a reader
sees a whole file or none). When the face model cannot load, nothing is written
(FaceModelError propagates): no evidence is better than an unblurred one.

Citizens' faces are always blurred. Staff faces are blurred too unless the unit
turned ``blur_staff_faces`` off; then faces whose centre lies inside a staff
zone of the camera are left as they are.

Paths: ``<root>/<camera>/<local date>/<HHMMSS>_<desk>_<kind>.jpg``, root
``var/evidence`` by default.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import cv2
import numpy as np

from vision.detector import VAR_DIR
from vision.privacy import FaceDetector, blur_faces, default_face_detector
from vision.privacy.blur import DETECT_THRESHOLD, MASK_SCALE, anonymise_regions, enlarge
from vision.live_files import atomic_write
from vision.zones import point_in_polygon

DEFAULT_ROOT = VAR_DIR / "evidence"
JPEG_QUALITY = 85
_SAFE = re.compile(r"[^A-Za-z0-9_.\-]")

Polygon = Sequence[tuple[float, float]]


def evidence_path(root: Path, camera_id: str, desk_id: str, at: dt.datetime, kind: str,
                  tz: str = "Asia/Ho_Chi_Minh") -> Path:
    local = at.astimezone(ZoneInfo(tz))
    name = f"{local:%H%M%S}_{_SAFE.sub('_', desk_id)}_{_SAFE.sub('_', kind)}.jpg"
    return root / _SAFE.sub("_", camera_id) / f"{local:%Y-%m-%d}" / name


def blur_for_evidence(
    image: np.ndarray,
    *,
    blur_staff: bool = True,
    staff_zones: Sequence[Polygon] = (),
    detector: FaceDetector | None = None,
    passes: int = 2,
) -> np.ndarray:
    """A copy of ``image`` with faces blurred (all of them, or all outside the staff zones)."""
    detector = detector or default_face_detector()
    if blur_staff or not staff_zones:
        return blur_faces(image, detector).image
    out = image.copy()
    h, w = out.shape[:2]
    for _ in range(max(1, passes)):
        found = detector.detect(out, DETECT_THRESHOLD)
        keep = [
            i for i in range(len(found))
            if not any(point_in_polygon(_centre(found.xyxy[i], w, h), z) for z in staff_zones)
        ]
        if not keep:
            break
        anonymise_regions(out, enlarge(found.xyxy[keep], MASK_SCALE, w, h))
    return out


def _centre(box: np.ndarray, w: int, h: int) -> tuple[float, float]:
    return (float(box[0] + box[2]) / 2 / w, float(box[1] + box[3]) / 2 / h)


def write_evidence(
    image: np.ndarray,
    path: Path,
    *,
    blur_staff: bool = True,
    staff_zones: Sequence[Polygon] = (),
    detector: FaceDetector | None = None,
    mark: tuple[float, float, float, float] | None = None,
) -> Path:
    """Blur, encode in memory, write atomically; returns ``path``.

    ``mark``: a box (pixels) to outline, e.g. the person the violation is about.
    """
    safe = blur_for_evidence(image, blur_staff=blur_staff, staff_zones=staff_zones, detector=detector)
    if mark is not None:
        x1, y1, x2, y2 = (int(round(v)) for v in mark)
        cv2.rectangle(safe, (x1, y1), (x2, y2), (0, 0, 255), 2)
    ok, buf = cv2.imencode(".jpg", safe, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise RuntimeError(f"không mã hoá được ảnh bằng chứng (cannot encode evidence JPEG): {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, buf.tobytes())
    return path
