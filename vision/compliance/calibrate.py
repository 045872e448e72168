"""Learn a unit's uniform colours from compliant people: snapshots or person crops.

    python -m vision calibrate-uniform --sites SITES --camera ID IMAGES... [--desk ID] [--out FILE]
                                       [--colours K] [--update-sites]

For each snapshot (a picture from that camera where the staff wear the regulation
outfit) the person detector finds the people seated in the camera's staff zones
(only ``--desk``'s when given); the clothing pixels of their chest band (after
grey-world normalisation, skin and hair set aside: vision.compliance.clothing) are
pooled and clustered with k-means in Lab. Colours holding at least 20 % of the
pixels are the candidates. :func:`calibrate_crops` does the same from person crops
(the store's confirmed PASS crops), each with its frame's grey-world gains.

A candidate is refused, with a message naming it (:class:`RefusedColour`), when it is

* **skin-like**: in the standard YCrCb skin range — a neck or a face, never a uniform
  to learn (a khaki uniform falls in that range too: enter such colours by hand);
* **hair-like**: dark and nearly grey (L* < 35, chroma < 14) — hair, a dark
  chair, shadow; a reference there would match every black suit;
* **background**: at least ``BACKGROUND_SHARE`` of the scene around the people lies
  within ``BACKGROUND_DELTA_E`` of it (the wall, a chair, the counter). The scene is
  the frame outside every person box, or for crops the corners beside the head.

The result is printed as a YAML snippet for the sites file's ``compliance`` block,
written to ``--out``, or with ``--update-sites`` stored into the camera's own
``compliance.uniform.colours`` in the sites file (YAML comments in that file are not kept).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import yaml

from domain.sites import ComplianceConfig, SitesConfig, UniformRuleConfig
from domain.states import CameraHealth
from vision.compliance.clothing import hair_mask, skin_mask
from vision.compliance.rules import Box, JudgeContext, Visibility
from vision.compliance.settings import visibility_of
from vision.compliance.uniform import (
    LabColour, UniformReference, apply_gains, grey_gains, learn_reference, to_lab, torso_lab,
)
from vision.zones import desk_observations


_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)  # snapshots have no time that matters


class CalibrationError(ValueError):
    """A calibration that cannot give colours: one message to show."""


BACKGROUND_SHARE = 0.25  # of the scene's pixels near a candidate: the candidate is the scene
BACKGROUND_DELTA_E = 10.0  # Lab distance of "near" (tighter than the rule: a white shirt is not a grey wall)


@dataclass(frozen=True)
class RefusedColour:
    colour: LabColour
    why: str  # "skin" | "hair" | "background"

    def message(self) -> str:
        words = {"skin": ("giống màu da", "skin-like"), "hair": ("giống màu tóc/ghế tối", "hair- or dark-chair-like"),
                 "background": ("giống màu nền quanh người", "the background around the people")}[self.why]
        c = self.colour
        return f"bỏ màu [{c.L}, {c.a}, {c.b}]: {words[0]} (refused colour [{c.L}, {c.a}, {c.b}]: {words[1]})"


@dataclass(frozen=True)
class Calibration:
    reference: UniformReference
    people: int  # torsos used
    pixels: int
    refused: tuple[RefusedColour, ...] = ()

    def snippet(self) -> dict:
        """The sites file's ``compliance.uniform`` block (YAML-ready)."""
        return {"compliance": {"uniform": {
            "colours": [[c.L, c.a, c.b] for c in self.reference.colours],
            "chroma_tol": self.reference.chroma_tol,
            "lightness_tol": self.reference.lightness_tol,
            "min_match_frac": self.reference.min_match_frac,
        }}}

    def notes(self) -> list[str]:
        """One line per refused candidate colour (to print beside the snippet)."""
        return [r.message() for r in self.refused]


@dataclass(frozen=True)
class PersonCrop:
    """One compliant person: the BGR crop of the detector's box, and the grey-world gains of the
    frame it was cut from (``uniform.grey_gains`` of the evidence picture). ``gains`` None: the crop
    is taken as the camera gave it, which is right under neutral light only.

    Never the crop's own gains: the worker judges with the frame's, and a crop that is mostly a
    navy or light-blue shirt, normalised by itself, turns greyer (bench/bench_uniform_scenes.py
    --crop-gains: violation F1 0.67 and 30 % false-accusation seconds, against 1.00 and 0 %)."""

    image: np.ndarray
    gains: np.ndarray | None = None


def refuse_colours(candidates: UniformReference,
                   scene_lab: np.ndarray | None) -> tuple[UniformReference, tuple[RefusedColour, ...]]:
    """Drop skin-, hair- and background-like candidates (see the module docstring)."""
    kept, refused = [], []
    for c in candidates.colours:
        lab = np.array([[c.L, c.a, c.b]], np.float32)
        if skin_mask(_lab_to_bgr(lab))[0]:
            refused.append(RefusedColour(c, "skin"))
        elif hair_mask(lab)[0]:
            refused.append(RefusedColour(c, "hair"))
        elif scene_lab is not None and len(scene_lab) and \
                float((np.linalg.norm(scene_lab - lab, axis=1) <= BACKGROUND_DELTA_E).mean()) >= BACKGROUND_SHARE:
            refused.append(RefusedColour(c, "background"))
        else:
            kept.append(c)
    return UniformReference(tuple(kept), candidates.chroma_tol, candidates.lightness_tol,
                            candidates.min_match_frac), tuple(refused)


def _lab_to_bgr(lab: np.ndarray) -> np.ndarray:
    """N×3 Lab (L 0..100) → N×3 uint8 BGR (inverse of uniform.to_lab)."""
    enc = np.empty_like(lab, dtype=np.float32)
    enc[:, 0] = lab[:, 0] * 255.0 / 100.0
    enc[:, 1:] = lab[:, 1:] + 128.0
    return cv2.cvtColor(np.clip(enc, 0, 255).astype(np.uint8).reshape(-1, 1, 3), cv2.COLOR_Lab2BGR).reshape(-1, 3)


def crop_scene(crop: np.ndarray) -> np.ndarray:
    """The background of a person crop: its top corners beside the head (top quarter, outer sixth each side)."""
    h, w = crop.shape[:2]
    rows, cols = max(1, h // 4), max(1, w // 6)
    return np.concatenate([crop[:rows, :cols].reshape(-1, 3), crop[:rows, w - cols:].reshape(-1, 3)])


def _reference(pixels: list[np.ndarray], scene: list[np.ndarray], people: int, k: int,
               u: UniformRuleConfig) -> Calibration:
    if not pixels:
        raise CalibrationError(
            "không thấy nhân viên nào ngồi trong vùng quầy đủ rõ để lấy màu (no seated staff clear enough in the snapshots)"
        )
    candidates = learn_reference(pixels, k=k, chroma_tol=u.chroma_tol, lightness_tol=u.lightness_tol,
                                 min_match_frac=u.min_match_frac)
    scene_lab = np.concatenate(scene) if scene else None
    ref, refused = refuse_colours(candidates, scene_lab)
    if not ref.colours:
        raise CalibrationError("không còn màu đồng phục nào sau khi loại màu da, tóc, nền (no uniform colour left): "
                               + "; ".join(r.message() for r in refused))
    return Calibration(ref, people, int(sum(len(p) for p in pixels)), refused)


def calibrate_crops(crops: Sequence[PersonCrop | np.ndarray], k: int = 2,
                    uniform: UniformRuleConfig = UniformRuleConfig(),
                    visibility: Visibility = Visibility()) -> Calibration:
    """The reference from crops of compliant people (a bare array is a crop without gains).

    Each crop is the person box itself, so its chest band is found as on the camera; the
    background is each crop's corners beside the head (:func:`crop_scene`)."""
    ctx = JudgeContext(visibility=visibility)
    pixels, scene = [], []
    for item in crops:
        crop = item if isinstance(item, PersonCrop) else PersonCrop(item)
        h, w = crop.image.shape[:2]
        gains = crop.gains if crop.gains is not None else np.ones(3, np.float32)
        lab = torso_lab(crop.image, (0.0, 0.0, float(w), float(h)), ctx, gains)
        if lab is not None:
            pixels.append(lab)
            scene.append(to_lab(apply_gains(crop_scene(crop.image), gains)))
    return _reference(pixels, scene, len(pixels), k, uniform)


def _outside(image: np.ndarray, boxes: Sequence[Box], step: int = 4) -> np.ndarray:
    """Every ``step``-th pixel of the frame outside all the person boxes (N×3 BGR)."""
    keep = np.ones(image.shape[:2], bool)
    for x1, y1, x2, y2 in boxes:
        keep[max(0, int(y1)):max(0, int(round(y2))), max(0, int(x1)):max(0, int(round(x2)))] = False
    return image[::step, ::step][keep[::step, ::step]]


def calibrate(
    sites: SitesConfig, camera_id: str, images: Sequence[np.ndarray], detector, desk_id: str | None = None, k: int = 2
) -> Calibration:
    camera = sites.camera(camera_id)
    if desk_id is not None and desk_id not in {d.id for d in camera.desks}:
        raise CalibrationError(f"camera '{camera_id}' không có quầy '{desk_id}' (no desk '{desk_id}' on that camera)")
    cfg = sites.compliance_for(camera_id) or ComplianceConfig()
    ctx = JudgeContext(camera_id=camera_id, visibility=visibility_of(cfg))
    pixels, scene = [], []
    for image, dets in zip(images, detector.detect_batch(list(images))):
        gains = grey_gains(image)
        boxes = []
        for o in desk_observations(image.shape, dets, camera, _EPOCH, CameraHealth.ONLINE, sites.zone_rule):
            if o.staffed and o.person_xyxy is not None and (desk_id is None or o.desk_id == desk_id):
                boxes.append(o.person_xyxy)
                lab = torso_lab(image, o.person_xyxy, ctx, gains)
                if lab is not None:
                    pixels.append(lab)
        if boxes:
            everyone = [tuple(float(v) for v in b) for b in dets.xyxy]  # citizens are not the scene either
            scene.append(to_lab(apply_gains(_outside(image, everyone), gains)))
    return _reference(pixels, scene, len(pixels), k, cfg.uniform)


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

