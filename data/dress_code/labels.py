"""Every decision is a label: a face-blurred person crop with what the supervisor said about it.

Each decision writes or updates one `compliance_label` row (unique by violation_id / pass_sample_id;
re-deciding updates its label and source, the picture stays). The picture is the row's `crop_path`
(the person crop, faces blurred, no marks, that the worker wrote), else the evidence JPEG (faces
blurred) cut to `person_box`. Both paths are untrusted and resolved under the evidence root
(data.evidence_files): a path leading out of it is never read. With no picture left (purged,
missing, unreadable) the decision still stands and no label is made; `LabelOutcome.reason` says why.

A label keeps its own JPEG bytes in the store: labels are the province's training data and outlive
the evidence files the retention purge deletes.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageStat, UnidentifiedImageError
from sqlalchemy import Connection, insert, select, update

from data.evidence_files import readable_evidence
from data.schema import ComplianceLabel, Desk
from domain.dress_code import LABEL_OF, LabelSource, label_split
from domain.timezone import LOCAL_TZ, as_utc

# Why a decision made no label (LabelOutcome.reason).
NO_PICTURE = "no_picture"  # neither a crop nor an evidence picture with a person box is on disk
UNREADABLE = "unreadable"  # the file is there but is not a picture
EMPTY_BOX = "empty_box"  # the person box lies outside the evidence picture


@dataclass(frozen=True)
class LabelSubject:
    """What a label is made from: one decided violation or PASS sample."""

    desk_id: int
    rule: str
    taken_at: dt.datetime  # the violation's start, the sample's observation time
    crop_path: str | None
    evidence_path: str | None
    person_box: list | None
    badge_box: list | None = None
    score: float | None = None
    model_version: str | None = None
    violation_id: int | None = None
    pass_sample_id: int | None = None


@dataclass(frozen=True)
class LabelOutcome:
    label_id: int | None  # None: no label (see reason)
    reason: str | None = None  # NO_PICTURE, UNREADABLE, EMPTY_BOX; None when a label exists
    updated: bool = False  # an existing label was relabelled (a changed decision)


@dataclass(frozen=True)
class Crop:
    jpeg: bytes
    width: int
    height: int
    mean_grey: float


def _open(path: Path) -> Image.Image | None:
    try:
        with Image.open(path) as img:
            img.load()
            return img.convert("RGB")
    # ImportError: in a process that imported Ultralytics, Image.open is wrapped and reaches for an
    # optional HEIF plugin on a file Pillow cannot identify; it is still "not a picture".
    except (OSError, UnidentifiedImageError, ImportError):
        return None


def _encode(img: Image.Image) -> Crop:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=92)
    grey = ImageStat.Stat(img.convert("L")).mean[0]
    return Crop(buf.getvalue(), img.width, img.height, round(float(grey), 2))


def _box(person_box: list | None, width: int, height: int) -> tuple[int, int, int, int] | None:
    """The person box clamped to the picture, in whole pixels; None when nothing of it is inside."""
    if not person_box or len(person_box) != 4:
        return None
    x1, y1, x2, y2 = (float(v) for v in person_box)
    x1, y1 = max(0, int(x1)), max(0, int(y1))
    x2, y2 = min(width, int(round(x2))), min(height, int(round(y2)))
    return (x1, y1, x2, y2) if x2 > x1 and y2 > y1 else None


def load_crop(root: Path, crop_path: str | None, evidence_path: str | None,
              person_box: list | None) -> Crop | str:
    """The label's picture, or the reason there is none."""
    crop = readable_evidence(root, crop_path)
    if crop is not None:
        img = _open(crop)
        return _encode(img) if img is not None else UNREADABLE
    evidence = readable_evidence(root, evidence_path)
    if evidence is None or not person_box:
        return NO_PICTURE
    img = _open(evidence)
    if img is None:
        return UNREADABLE
    box = _box(person_box, img.width, img.height)
    return _encode(img.crop(box)) if box is not None else EMPTY_BOX


def write_label(conn: Connection, subject: LabelSubject, source: LabelSource, root: Path,
                now: dt.datetime) -> LabelOutcome:
    """Create or relabel the subject's label inside the caller's transaction."""
    key = (ComplianceLabel.violation_id == subject.violation_id if subject.violation_id is not None
           else ComplianceLabel.pass_sample_id == subject.pass_sample_id)
    label = LABEL_OF[source].value
    existing = conn.execute(select(ComplianceLabel.id).where(key)).scalar_one_or_none()
    if existing is not None:
        conn.execute(update(ComplianceLabel).where(ComplianceLabel.id == existing)
                     .values(label=label, source=source.value))
        return LabelOutcome(int(existing), updated=True)
    crop = load_crop(root, subject.crop_path, subject.evidence_path, subject.person_box)
    if isinstance(crop, str):
        return LabelOutcome(None, reason=crop)
    unit_id, camera_id = conn.execute(select(Desk.unit_id, Desk.camera_id).where(Desk.id == subject.desk_id)).one()
    taken = as_utc(subject.taken_at)
    new_id = conn.execute(insert(ComplianceLabel).values(
        unit_id=unit_id, desk_id=subject.desk_id, camera_id=camera_id, rule=subject.rule, label=label,
        source=source.value, violation_id=subject.violation_id, pass_sample_id=subject.pass_sample_id,
        image=crop.jpeg, width=crop.width, height=crop.height, badge_box=subject.badge_box,
        mean_grey=crop.mean_grey, model_version=subject.model_version, score=subject.score,
        split=label_split(subject.desk_id, taken.astimezone(LOCAL_TZ).date()), taken_at=taken, created_at=now,
    ).returning(ComplianceLabel.id)).scalar_one()
    return LabelOutcome(int(new_id))
