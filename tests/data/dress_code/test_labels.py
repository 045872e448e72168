"""Labels from decisions: the picture (crop file, or the evidence cut to the person box), the facts
stored with it, and no label when the picture is gone — the decision standing all the same."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from data.access import SYSTEM
from data.dress_code.decisions import check_pass_sample, confirm, reject
from data.dress_code.labels import EMPTY_BOX, NO_PICTURE, UNREADABLE
from data.schema import AuditEntry, ComplianceLabel, ComplianceViolation
from domain.dress_code import label_split
from dress_store import DAY, add_pass_sample, add_violation, at


def _label(engine):
    with engine.connect() as c:
        return c.execute(select(*ComplianceLabel.__table__.c)).one()


def test_label_from_the_evidence_cut_to_the_person_box(engine, dress):
    vid = add_violation(engine, dress.desk_a, at("09:00"), score=0.12)
    confirm(engine, SYSTEM, vid, evidence_root=dress.root)
    lab = _label(engine)
    img = Image.open(io.BytesIO(lab.image))
    assert (img.format, img.size, lab.width, lab.height) == ("JPEG", (100, 100), 100, 100)
    assert lab.mean_grey == pytest.approx(200, abs=3)  # the light half only: the box was applied
    assert (lab.unit_id, lab.desk_id, lab.camera_id, lab.rule, lab.label, lab.source) == (
        dress.commune_a, dress.desk_a, dress.camera_a, "badge", "violation", "confirmed")
    assert (lab.violation_id, lab.pass_sample_id, lab.score, lab.model_version) == (vid, None, 0.12, "badge-v1")
    assert lab.split == label_split(dress.desk_a, DAY)


def test_label_from_the_crop_file_first(engine, dress):
    vid = add_violation(engine, dress.desk_a, at("09:00"), crop_path="crop.jpg")
    reject(engine, SYSTEM, vid, evidence_root=dress.root)
    lab = _label(engine)
    assert (lab.width, lab.height, lab.label, lab.source) == (50, 80, "compliant", "rejected")
    assert lab.mean_grey == pytest.approx(120, abs=3)


def test_pass_sample_label_with_its_badge_box(engine, dress):
    sid = add_pass_sample(engine, dress.desk_b, at("08:00"), badge_box=[5, 6, 15, 20])
    check_pass_sample(engine, SYSTEM, sid, True, evidence_root=dress.root)
    lab = _label(engine)
    assert (lab.pass_sample_id, lab.badge_box, lab.camera_id, lab.unit_id) == (sid, [5, 6, 15, 20], None,
                                                                               dress.commune_b)


@pytest.mark.parametrize("case, kwargs, reason", [
    ("purged", {"evidence_path": None, "crop_path": None}, NO_PICTURE),
    ("file missing", {"evidence_path": "gone.jpg"}, NO_PICTURE),
    ("no person box", {"person_box": None}, NO_PICTURE),
    ("outside the root", {"evidence_path": "../evidence/evidence.jpg"}, NO_PICTURE),
    ("box off the picture", {"person_box": [300, 300, 400, 400]}, EMPTY_BOX),
    ("not a picture", {"crop_path": "note.txt"}, UNREADABLE),
])
def test_no_picture_no_label_but_the_decision_stands(engine, dress, case, kwargs, reason):
    (dress.root / "note.txt").write_text("not a jpeg")
    vid = add_violation(engine, dress.desk_a, at("09:00"), **kwargs)
    result = confirm(engine, SYSTEM, vid, evidence_root=dress.root)
    assert (result.label.label_id, result.label.reason) == (None, reason)
    with engine.connect() as c:
        assert c.execute(select(ComplianceViolation.status)).scalar_one() == "confirmed"
        assert c.execute(select(ComplianceLabel.id)).first() is None
        detail = c.execute(select(AuditEntry.detail).where(AuditEntry.action == "dress_decision")).scalar_one()
    assert detail["no_label"] == reason


def test_absolute_path_outside_the_root_is_never_read(engine, dress, tmp_path):
    outside = tmp_path / "outside.jpg"
    Image.new("RGB", (30, 30)).save(outside)
    vid = add_violation(engine, dress.desk_a, at("09:00"), crop_path=str(outside), evidence_path=None)
    assert confirm(engine, SYSTEM, vid, evidence_root=dress.root).label.reason == NO_PICTURE
