"""A uniform calibration learnt from the store's confirmed compliant crops, as a registry version.

The reference colours come from vision.compliance.calibrate's `calibrate_crops` (skin, hair and
background refused there) over the training split of the uniform labels (label `compliant`); the
held-out split (both labels) measures the candidate AND the live calibration the same way the rule
judges at a desk (PASS = the uniform is worn), so the promotion gate compares like with like.
The worker judges with the grey-world gains of the whole frame, so learning and measuring take
them from the label's evidence picture (the frame, face-blurred) when it is still on disk under the
evidence root; a crop whose frame is gone is taken as the camera gave it (no gains), never normalised
by itself (vision.compliance.calibrate.PersonCrop says why). The figures say how many had their frame.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from sqlalchemy import Connection

from data.retention.policy import evidence_dir
from data.rule_models import LabelledCrop, add_version, free_name, labelled_crops, live, payload
from domain.sites import UniformRuleConfig
from vision.compliance.rules import JudgeContext, Verdict
from vision.compliance.uniform import LabColour, UniformReference, UniformRule, grey_gains

RULE = "uniform"


@dataclass(frozen=True)
class UniformCandidate:
    version: str
    parent: str | None
    reference: UniformReference
    figures: dict


def reference_json(ref: UniformReference, **extra) -> bytes:
    doc = {"colours": [[c.L, c.a, c.b] for c in ref.colours], "chroma_tol": ref.chroma_tol,
           "lightness_tol": ref.lightness_tol, "min_match_frac": ref.min_match_frac, **extra}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def reference_of(data: bytes) -> UniformReference:
    doc = json.loads(data.decode("utf-8"))
    return UniformReference(tuple(LabColour(*c) for c in doc["colours"]), doc["chroma_tol"], doc["lightness_tol"],
                            doc["min_match_frac"])


def _image(crop: LabelledCrop) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(crop.image, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError(f"nhãn {crop.id}: ảnh không đọc được (label {crop.id}: image cannot be decoded)")
    return image


def frame_gains(crop: LabelledCrop, root: Path) -> np.ndarray | None:
    """The grey-world gains of the frame the crop was cut from, when its picture is still there."""
    from data.evidence_files import readable_evidence  # noqa: PLC0415

    path = readable_evidence(root, crop.evidence_path)
    frame = cv2.imread(str(path), cv2.IMREAD_COLOR) if path is not None else None
    return grey_gains(frame) if frame is not None else None


NO_GAINS = np.ones(3, np.float32)


def agreement(ref: UniformReference | None, crops: Sequence[LabelledCrop], images: Sequence[np.ndarray],
              gains: Sequence[np.ndarray | None]) -> dict:
    """The rule's verdicts against the labels (positive = uniform worn): counts, precision, recall, agreement."""
    rule, ctx = UniformRule(ref), JudgeContext()
    tp = fp = fn = tn = unknown = 0
    for crop, image, g in zip(crops, images, gains, strict=True):
        h, w = image.shape[:2]
        verdict = rule.judge(image, (0.0, 0.0, float(w), float(h)), ctx, NO_GAINS if g is None else g).result
        worn = crop.label == "compliant"
        if verdict == Verdict.UNKNOWN:
            unknown += 1
        elif verdict == Verdict.PASS:
            tp, fp = tp + worn, fp + (not worn)
        else:
            fn, tn = fn + worn, tn + (not worn)
    judged = tp + fp + fn + tn
    return {"precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
            "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
            "agreement": round((tp + tn) / judged, 4) if judged else None,
            "tp": tp, "fp": fp, "fn": fn, "tn": tn, "unknown": unknown}


def calibrate_from_store(conn: Connection, by: str, k: int = 2, version: str | None = None,
                         uniform: UniformRuleConfig = UniformRuleConfig(),
                         evidence_root: Path | None = None) -> UniformCandidate:
    """Learn, measure against the live calibration, and register the candidate (in the caller's transaction)."""
    from vision.compliance.calibrate import PersonCrop, calibrate_crops  # noqa: PLC0415

    crops = labelled_crops(conn, RULE)
    train = [c for c in crops if c.split == "train" and c.label == "compliant"]
    held = [c for c in crops if c.split == "test"]
    root = Path(evidence_root) if evidence_root is not None else evidence_dir()
    train_gains = [frame_gains(c, root) for c in train]
    calibration = calibrate_crops([PersonCrop(_image(c), g) for c, g in zip(train, train_gains)], k=k,
                                  uniform=uniform)
    current = live(conn, RULE)
    live_ref = reference_of(payload(conn, RULE, current.version)) if current is not None else None
    held_images = [_image(c) for c in held]
    held_gains = [frame_gains(c, root) for c in held]
    figures = {
        "evaluated_against": current.version if current else None,
        "train": {"compliant_crops": len(train), "people": calibration.people, "pixels": calibration.pixels,
                  "with_frame_gains": sum(g is not None for g in train_gains), "refused": calibration.notes()},
        "province_test": {
            "images": len(held), "positives": sum(c.label == "compliant" for c in held),
            "with_frame_gains": sum(g is not None for g in held_gains),
            "candidate": agreement(calibration.reference, held, held_images, held_gains) if held else None,
            "live": agreement(live_ref, held, held_images, held_gains) if held and live_ref is not None else None,
        },
    }
    name = version or free_name(conn, RULE, f"uniform-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M}")
    data = reference_json(calibration.reference)
    add_version(conn, RULE, name, data, None, figures, current.version if current else None, by)
    return UniformCandidate(name, current.version if current else None, calibration.reference, figures)
