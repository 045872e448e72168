"""Real people for the synthetic badge data: the photos that ship inside installed
packages (DESIGN.md), the people the person detector finds in them, their faces.

Faces are blurred here, once, before any picture built from these people exists:
the synthetic data set never holds an unblurred face either.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

# name → (package, path inside it)
SOURCE_PHOTOS: dict[str, tuple[str, str]] = {
    "bus": ("ultralytics", "assets/bus.jpg"),
    "zidane": ("ultralytics", "assets/zidane.jpg"),
    "grace_hopper": ("matplotlib", "mpl-data/sample_data/grace_hopper.jpg"),
    "astronaut": ("skimage", "data/astronaut.png"),
    "camera": ("skimage", "data/camera.png"),  # grey: the cameraman in a dark coat
}
# The honest split: held-out people come from photos training never saw.
TRAIN_PHOTOS: tuple[str, ...] = ("bus", "astronaut", "camera")
HELDOUT_PHOTOS: tuple[str, ...] = ("zidane", "grace_hopper")

MIN_PERSON_PX = 120  # shorter people are too small to carry a visible badge
MIN_PERSON_SCORE = 0.3


class SourceError(RuntimeError):
    """A source photo is missing (its package is not installed)."""


def source_photo_path(name: str) -> Path:
    if name not in SOURCE_PHOTOS:
        raise SourceError(f"ảnh nguồn không rõ (unknown source photo): {name}; chọn {sorted(SOURCE_PHOTOS)}")
    package, rel = SOURCE_PHOTOS[name]
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SourceError(f"thiếu gói {package} cho ảnh {name} (package {package} not installed)")
    path = Path(next(iter(spec.submodule_search_locations))) / rel
    if not path.is_file():
        raise SourceError(f"thiếu ảnh (photo missing): {path}")
    return path


@dataclass(frozen=True)
class SourcePerson:
    """One person in one (face-blurred) source photo."""

    photo: str
    index: int
    image: np.ndarray = field(repr=False)  # the whole photo, faces blurred, BGR
    box: tuple[float, float, float, float]  # person, x1 y1 x2 y2
    face: tuple[float, float, float, float]  # the face inside the person box
    # Everyone else the detector saw in the photo: a look-alike pasted on them would be a
    # card worn by someone, not "nothing" (the first generator labelled such cards negative).
    others: tuple[tuple[float, float, float, float], ...] = ()

    @property
    def key(self) -> str:
        return f"{self.photo}#{self.index}"


def load_people(photos: tuple[str, ...], detector=None, face_detector=None) -> list[SourcePerson]:
    """People large enough to wear a visible badge, in the given photos, faces blurred."""
    from vision.detection.person import PersonDetector  # noqa: PLC0415 — heavy
    from vision.privacy import blur_faces, default_face_detector  # noqa: PLC0415

    detector = detector or PersonDetector()
    faces_model = face_detector or default_face_detector()
    people: list[SourcePerson] = []
    for name in photos:
        raw = cv2.imread(str(source_photo_path(name)), cv2.IMREAD_COLOR)
        if raw is None:
            raise SourceError(f"không đọc được ảnh (cannot read photo): {name}")
        faces = faces_model.detect(raw, 0.3)
        blurred = blur_faces(raw, faces_model).image
        dets = detector.detect(raw)
        boxes = [tuple(b) for b, sc in zip(dets.xyxy.tolist(), dets.scores.tolist()) if sc >= 0.2]
        k = 0
        for box, score in zip(dets.xyxy.tolist(), dets.scores.tolist()):
            x1, y1, x2, y2 = box
            face = _face_in(box, faces.xyxy)
            # Without a face there is no telling where the chest is (a box cut by the
            # picture's edge, a back turned): such a person is no use here.
            if score < MIN_PERSON_SCORE or y2 - y1 < MIN_PERSON_PX or face is None:
                continue
            others = tuple(b for b in boxes if b != tuple(box))
            people.append(SourcePerson(name, k, blurred, tuple(box), face, others))
            k += 1
    return people


def _face_in(box, faces: np.ndarray) -> tuple[float, float, float, float] | None:
    """The largest face whose centre lies in the upper half of the person box, away
    from its sides (a wide box can hold a neighbour's head at its edge)."""
    x1, y1, x2, y2 = box
    margin = (x2 - x1) * 0.15 if x2 - x1 > y2 - y1 else 0.0
    x1, x2 = x1 + margin, x2 - margin
    best, best_area = None, 0.0
    for fx1, fy1, fx2, fy2 in faces.tolist():
        cx, cy = (fx1 + fx2) / 2, (fy1 + fy2) / 2
        if x1 <= cx <= x2 and y1 <= cy <= y1 + (y2 - y1) * 0.5:
            area = (fx2 - fx1) * (fy2 - fy1)
            if area > best_area:
                best, best_area = (fx1, fy1, fx2, fy2), area
    return best
