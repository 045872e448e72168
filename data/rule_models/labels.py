"""The labelled crops retraining and evaluation read (compliance_label rows of one rule)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from data.schema import ComplianceLabel as Row
from data.schema import CompliancePassSample, ComplianceViolation


@dataclass(frozen=True)
class LabelledCrop:
    id: int
    unit_id: int
    desk_id: int
    label: str  # violation | compliant
    split: str  # train | test
    image: bytes = field(repr=False)  # JPEG, faces blurred
    width: int
    height: int
    badge_box: tuple[float, float, float, float] | None  # px in the crop, when known
    mean_grey: float
    model_version: str | None
    taken_at: dt.datetime
    # The frame the crop was cut from (face-blurred, the person marked), as stored: its grey-world gains
    # are the ones the worker judged with. None once purged, or when the label came from elsewhere.
    evidence_path: str | None = None


def labelled_crops(conn: Connection, rule: str, split: str | None = None) -> list[LabelledCrop]:
    """The rule's labelled crops (one split, or all), oldest first."""
    evidence = func.coalesce(ComplianceViolation.evidence_path, CompliancePassSample.evidence_path)
    stmt = (select(Row.id, Row.unit_id, Row.desk_id, Row.label, Row.split, Row.image, Row.width, Row.height,
                   Row.badge_box, Row.mean_grey, Row.model_version, Row.taken_at, evidence.label("evidence"))
            .outerjoin(ComplianceViolation, ComplianceViolation.id == Row.violation_id)
            .outerjoin(CompliancePassSample, CompliancePassSample.id == Row.pass_sample_id)
            .where(Row.rule == rule))
    if split is not None:
        stmt = stmt.where(Row.split == split)
    out = []
    for r in conn.execute(stmt.order_by(Row.taken_at, Row.id)):
        box = tuple(float(v) for v in r.badge_box) if r.badge_box and len(r.badge_box) == 4 else None
        out.append(LabelledCrop(int(r.id), int(r.unit_id), int(r.desk_id), r.label, r.split, bytes(r.image),
                                int(r.width), int(r.height), box, float(r.mean_grey), r.model_version, r.taken_at,
                                r.evidence))
    return out
