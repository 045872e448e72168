"""Evidence snapshots: a face-blurred JPEG for each violation and each absence incident.

The unblurred picture never reaches the disk: faces are blurred in memory, the
result is JPEG-encoded in memory, and the bytes are written atomically (a reader
sees a whole file or none). When the face model cannot load, nothing is written
(FaceModelError propagates): no evidence is better than an unblurred one.

Citizens' faces are always blurred. Staff faces are blurred too unless the unit
turned ``blur_staff_faces`` off; then faces whose centre lies inside a staff
zone of the camera are left as they are.

Paths: ``<root>/<camera>/<local date>/<HHMMSS>_<desk>_<kind>.jpg``, root
``var/evidence`` by default. A judged person's evidence (a violation, a kept PASS sample) also
has a clean crop of the person beside it, ``…_<kind>_crop.jpg``: no marks, every face blurred
(staff faces too, whatever ``blur_staff_faces`` says: a supervisor's decision on it becomes a label).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import cv2
import numpy as np

from domain.live import atomic_write
from vision.paths import VAR_DIR
from vision.privacy import FaceBoxes, FaceDetector, blur_faces
from vision.privacy.blur import Polygon

if TYPE_CHECKING:
    from domain.sites import SitesConfig

DEFAULT_ROOT = VAR_DIR / "evidence"
JPEG_QUALITY = 85
CROP_MARGIN = 0.08  # of the person box's width/height on each side: the whole person, a little context
_SAFE = re.compile(r"[^A-Za-z0-9_.\-]")

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
    faces: FaceBoxes | None = None,
) -> np.ndarray:
    """A copy of ``image`` with faces blurred (all of them, or all outside the staff zones).

    ``faces``: the frame's faces when they were found already (vision.privacy.FrameFaces)."""
    keep = () if blur_staff else staff_zones
    return blur_faces(image, detector, faces=faces, keep_zones=keep).image


def write_evidence(
    image: np.ndarray,
    path: Path,
    *,
    blur_staff: bool = True,
    staff_zones: Sequence[Polygon] = (),
    detector: FaceDetector | None = None,
    mark: tuple[float, float, float, float] | None = None,
    faces: FaceBoxes | None = None,
) -> Path:
    """Blur, encode in memory, write atomically; returns ``path``.

    ``mark``: a box (pixels) to outline, e.g. the person the violation is about.
    ``faces``: the frame's faces when found already (the first blur pass is then not repeated).
    """
    safe = blur_for_evidence(image, blur_staff=blur_staff, staff_zones=staff_zones, detector=detector, faces=faces)
    return _write_marked(safe, path, mark)


@dataclass(frozen=True)
class EvidenceFiles:
    """A judged person's pictures: the whole frame with the person marked, and the person alone."""

    evidence: Path  # face-blurred frame, the person outlined
    crop: Path  # face-blurred person crop with a margin, no marks (what a label is made of)
    crop_origin: tuple[int, int]  # the crop's top-left corner in the frame (moves a box into the crop)


def crop_path_for(evidence: Path) -> Path:
    """``…_<desk>_<kind>.jpg`` → ``…_<desk>_<kind>_crop.jpg``, beside it."""
    return evidence.with_name(f"{evidence.stem}_crop{evidence.suffix}")


def crop_box(person_xyxy: tuple[float, float, float, float], shape: tuple[int, ...],
             margin: float = CROP_MARGIN) -> tuple[int, int, int, int]:
    """The person box grown by ``margin`` of its size on each side, clipped to the frame (integer pixels)."""
    h, w = shape[:2]
    x1, y1, x2, y2 = person_xyxy
    mx, my = margin * (x2 - x1), margin * (y2 - y1)
    return (max(0, int(x1 - mx)), max(0, int(y1 - my)), min(w, int(round(x2 + mx))), min(h, int(round(y2 + my))))


def write_person_evidence(
    image: np.ndarray,
    path: Path,
    person_xyxy: tuple[float, float, float, float],
    *,
    blur_staff: bool = True,
    staff_zones: Sequence[Polygon] = (),
    detector: FaceDetector | None = None,
    faces: FaceBoxes | None = None,
) -> EvidenceFiles:
    """The marked frame at ``path`` and the clean person crop beside it (:func:`crop_path_for`).

    The whole frame is blurred, with the frame's faces, before it is cropped: a face cut by the
    crop's edge is blurred as in the frame. The crop has every face blurred, the staff member's too
    even where the unit shows staff faces (``blur_staff`` off, which applies to the marked frame):
    a decision turns the crop into a label, kept as training data beyond the pictures' retention."""
    everyone = blur_for_evidence(image, blur_staff=True, detector=detector, faces=faces)
    x1, y1, x2, y2 = crop_box(person_xyxy, everyone.shape)
    if x2 <= x1 or y2 <= y1:
        raise ValueError(f"người nằm ngoài khung hình (person box outside the frame): {person_xyxy}")
    crop = _write_marked(everyone[y1:y2, x1:x2].copy(), crop_path_for(path), None)
    frame = everyone if blur_staff else blur_for_evidence(image, blur_staff=False, staff_zones=staff_zones,
                                                          detector=detector, faces=faces)
    return EvidenceFiles(_write_marked(frame, path, person_xyxy), crop, (x1, y1))


def _write_marked(safe: np.ndarray, path: Path, mark: tuple[float, float, float, float] | None) -> Path:
    """Outline ``mark`` (in place), encode in memory, write atomically."""
    if mark is not None:
        x1, y1, x2, y2 = (int(round(v)) for v in mark)
        cv2.rectangle(safe, (x1, y1), (x2, y2), (0, 0, 255), 2)
    ok, buf = cv2.imencode(".jpg", safe, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise RuntimeError(f"không mã hoá được ảnh bằng chứng (cannot encode evidence JPEG): {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, buf.tobytes())
    return path


def roots_outside(sites: "SitesConfig", served_root: Path) -> tuple[Path, ...]:
    """The evidence roots the cameras write to that lie outside the root the pages and
    the purge accept (data.retention.policy.evidence_dir): pictures there would be
    written but never shown nor deleted, so the worker warns at start."""
    served = served_root.resolve()
    roots = {Path(cfg.evidence_dir or DEFAULT_ROOT).resolve()
             for cam in sites.enabled_cameras() if (cfg := sites.compliance_for(cam.id)) is not None}
    return tuple(sorted(r for r in roots if r != served and served not in r.parents))
