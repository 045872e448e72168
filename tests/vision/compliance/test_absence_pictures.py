"""Every absence incident gets a face-blurred picture, whether or not the camera has dress-code rules
(issue 13); when the face model cannot load, the incident is recorded without one and says why."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from photos import photo  # noqa: E402

from domain.office_hours import Schedule  # noqa: E402
from domain.sites import parse_sites  # noqa: E402
from domain.states import CameraHealth  # noqa: E402
from vision.compliance.stage import ComplianceTracker, incidents_only  # noqa: E402
from vision.pipeline import CameraPipeline  # noqa: E402
from vision.privacy import FaceModelError  # noqa: E402
from vision.types import Detections  # noqa: E402

START = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.timezone.utc)  # Monday 09:00 in Hà Nội
SITES = parse_sites({
    "presence": {"present_after_s": 1, "absent_grace_s": 2, "incident_min_s": 5},
    "cameras": [{"id": "cam1", "name": "Camera 1", "source": "unused.mp4", "unit": "Xã A",
                 "desks": [{"id": "d1", "name": "Quầy 1", "staff_zone": [[0, 0], [0.4, 0], [0.4, 1], [0, 1]]}]}],
})


def _run(image: np.ndarray, tracker: ComplianceTracker) -> list:
    """Seated for 3 s, then gone for 12 s (an incident at 5 s of absence), one frame a second."""
    camera = SITES.cameras[0]
    pipe = CameraPipeline(camera, SITES, Schedule.default(SITES.timezone), START, motion=None, compliance=tracker)
    h, w = image.shape[:2]
    seated = Detections(np.array([[0.05 * w, 0.2 * h, 0.3 * w, 0.9 * h]], np.float32), np.array([0.9], np.float32),
                        np.zeros(1, int))
    found = []
    for s in range(16):
        at = START + dt.timedelta(seconds=s)
        res = pipe.step(at, image.shape, CameraHealth.ONLINE, None, seated if s < 3 else Detections.empty(),
                        image=image)
        assert res.compliance is not None  # the camera has no rule, and still a tracker
        found.extend(res.compliance.incidents)
    return found


def test_an_absence_without_dress_code_rules_gets_a_blurred_picture(tmp_path, face_detector):
    image = photo("zidane")  # two faces in the frame (a citizen passing by the empty desk)
    assert len(face_detector.detect(image, 0.5)) == 2
    config = incidents_only().model_copy(update={"evidence_dir": str(tmp_path)})
    assert not config.uniform.enabled and not config.badge.enabled
    tracker = ComplianceTracker(SITES.cameras[0], config, incident_min_s=5, face_detector=face_detector)
    assert not tracker.rules
    [snap] = _run(image, tracker)
    assert snap.desk_id == "d1" and snap.missing is None
    assert (snap.at - snap.since).total_seconds() >= 5
    written = cv2.imread(snap.path)
    assert Path(snap.path).parent.parent.parent == tmp_path and snap.path.endswith("_d1_absence.jpg")
    assert written is not None and len(face_detector.detect(written, 0.5)) == 0
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [Path(snap.path)]  # nothing unblurred beside it


class _NoFaceModel:
    def detect(self, *_):
        raise FaceModelError("không có mô hình khuôn mặt (test)")


def test_no_face_model_no_picture_and_the_reason(tmp_path):
    config = incidents_only().model_copy(update={"evidence_dir": str(tmp_path)})
    tracker = ComplianceTracker(SITES.cameras[0], config, incident_min_s=5, face_detector=_NoFaceModel())
    [snap] = _run(photo("zidane"), tracker)
    assert (snap.path, snap.missing) == (None, "face_model")
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
