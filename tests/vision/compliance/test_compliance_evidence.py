"""No face survives in any written evidence image; the unblurred picture never reaches the disk."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from photos import FACES, photo  # noqa: E402

from vision.compliance.evidence import evidence_path, write_evidence  # noqa: E402
from vision.privacy import FaceDetector  # noqa: E402

AT = dt.datetime(2025, 3, 3, 2, 4, 5, tzinfo=dt.timezone.utc)  # 09:04:05 in Hà Nội


@pytest.fixture(scope="module")
def faces(face_detector) -> FaceDetector:
    return face_detector


def test_paths_are_per_camera_and_local_date(tmp_path):
    p = evidence_path(tmp_path, "cam1", "d/1", AT, "uniform")
    assert p == tmp_path / "cam1" / "2025-03-03" / "090405_d_1_uniform.jpg"


@pytest.mark.parametrize("name", sorted(FACES))
def test_no_face_survives_in_written_evidence(tmp_path, faces, name):
    image = photo(name)
    assert len(faces.detect(image, 0.5)) >= 1  # the photo really shows a face
    out = write_evidence(image, evidence_path(tmp_path, "cam1", "d1", AT, "absence"), detector=faces,
                         mark=(10, 10, 60, 60))
    written = cv2.imread(str(out))
    assert written is not None and written.shape == image.shape
    assert len(faces.detect(written, 0.5)) == 0
    # Only the final JPEG was written: no temporary or raw copy left behind.
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [out.name]


def test_staff_faces_kept_only_when_the_unit_says_so(tmp_path, faces):
    image = photo("zidane")  # two faces: left half and right half of the picture
    h, w = image.shape[:2]
    found = faces.detect(image, 0.5)
    assert len(found) == 2
    left = min(range(2), key=lambda i: found.xyxy[i][0])
    x1, y1, x2, y2 = found.xyxy[left]
    zone = [((x1 - 20) / w, (y1 - 20) / h), ((x2 + 20) / w, (y1 - 20) / h), ((x2 + 20) / w, (y2 + 20) / h),
            ((x1 - 20) / w, (y2 + 20) / h)]
    kept = cv2.imread(str(write_evidence(image, tmp_path / "a.jpg", blur_staff=False, staff_zones=[zone],
                                         detector=faces)))
    again = faces.detect(kept, 0.5)
    assert len(again) == 1  # the staff face inside the zone, nothing else
    cx = (again.xyxy[0][0] + again.xyxy[0][2]) / 2
    assert x1 <= cx <= x2
    blurred = cv2.imread(str(write_evidence(image, tmp_path / "b.jpg", blur_staff=True, staff_zones=[zone],
                                            detector=faces)))
    assert len(faces.detect(blurred, 0.5)) == 0


def test_a_missing_face_model_writes_nothing(tmp_path):
    from vision.privacy import FaceModelError

    with pytest.raises(FaceModelError):
        write_evidence(np.zeros((50, 50, 3), np.uint8), tmp_path / "x.jpg",
                       detector=FaceDetector(tmp_path / "missing.onnx"))
    assert not any(tmp_path.iterdir())
