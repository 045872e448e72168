"""`python -m vision calibrate-uniform`: learn a unit's uniform colours from compliant snapshots.

    python -m vision calibrate-uniform --sites SITES --camera ID IMAGES... [--desk ID] [--out FILE]
                                       [--colours K] [--update-sites]

For each snapshot (a picture from that camera where the staff wear the regulation
outfit) the person detector finds the people seated in the camera's staff zones
(only ``--desk``'s when given); their torso pixels (the camera's torso band, after
grey-world normalisation) are pooled and clustered with k-means in Lab. Colours
holding at least 20 % of the pixels become the reference. The result is printed as
a YAML snippet for the sites file's ``compliance`` block, written to ``--out``, or
with ``--update-sites`` stored into the camera's own ``compliance.uniform.colours``
in the sites file (YAML comments in that file are not kept).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import yaml

from domain.sites import ComplianceConfig, SitesConfig
from domain.states import CameraHealth
from vision.compliance.rules import JudgeContext
from vision.compliance.settings import visibility_of
from vision.compliance.uniform import UniformReference, learn_reference, torso_lab
from vision.zones import desk_observations


_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)  # snapshots have no time that matters


class CalibrationError(ValueError):
    """A calibration that cannot give colours: one message to show."""


@dataclass(frozen=True)
class Calibration:
    reference: UniformReference
    people: int  # torsos used
    pixels: int

    def snippet(self) -> dict:
        """The sites file's ``compliance.uniform`` block (YAML-ready)."""
        return {"compliance": {"uniform": {
            "colours": [[c.L, c.a, c.b] for c in self.reference.colours],
            "chroma_tol": self.reference.chroma_tol,
            "lightness_tol": self.reference.lightness_tol,
            "min_match_frac": self.reference.min_match_frac,
        }}}


def calibrate(
    sites: SitesConfig, camera_id: str, images: Sequence[np.ndarray], detector, desk_id: str | None = None, k: int = 2
) -> Calibration:
    camera = sites.camera(camera_id)
    if desk_id is not None and desk_id not in {d.id for d in camera.desks}:
        raise CalibrationError(f"camera '{camera_id}' không có quầy '{desk_id}' (no desk '{desk_id}' on that camera)")
    cfg = sites.compliance_for(camera_id) or ComplianceConfig()
    ctx = JudgeContext(camera_id=camera_id, visibility=visibility_of(cfg))
    pixels = []
    for image, dets in zip(images, detector.detect_batch(list(images))):
        for o in desk_observations(image.shape, dets, camera, _EPOCH, CameraHealth.ONLINE, sites.zone_rule):
            if o.staffed and o.person_xyxy is not None and (desk_id is None or o.desk_id == desk_id):
                lab = torso_lab(image, o.person_xyxy, ctx)
                if lab is not None:
                    pixels.append(lab)
    if not pixels:
        raise CalibrationError(
            "không thấy nhân viên nào ngồi trong vùng quầy đủ rõ để lấy màu (no seated staff clear enough in the snapshots)"
        )
    u = cfg.uniform
    ref = learn_reference(pixels, k=k, chroma_tol=u.chroma_tol, lightness_tol=u.lightness_tol,
                          min_match_frac=u.min_match_frac)
    return Calibration(ref, len(pixels), int(sum(len(p) for p in pixels)))


def read_images(paths: Sequence[Path]) -> list[np.ndarray]:
    out = []
    for p in paths:
        image = cv2.imread(str(p), cv2.IMREAD_COLOR)
        if image is None:
            raise CalibrationError(f"không đọc được ảnh (cannot read image): {p}")
        out.append(image)
    return out


def update_sites_file(path: Path, camera_id: str, calibration: Calibration) -> None:
    """Store the colours in the camera's own compliance block of the sites file."""
    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    for cam in doc.get("cameras", []):
        if str(cam.get("id")) == camera_id:
            block = cam.setdefault("compliance", {}) or {}
            cam["compliance"] = block
            block.setdefault("uniform", {})
            block["uniform"].update(calibration.snippet()["compliance"]["uniform"])
            break
    else:
        raise CalibrationError(f"không có camera '{camera_id}' trong tệp sites (no camera '{camera_id}')")
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    tmp = Path(path).with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)

