"""`python -m vision badge …` and `python -m vision uniform …` on a real store: the registry listed,
the shipped badge model registered once, promotion refused with the figures named (exit 3) or
done, rollback, and a uniform calibration learnt from the store's compliant crops."""
from __future__ import annotations

import datetime as dt
import hashlib

import cv2
import numpy as np
import pytest
from sqlalchemy import insert, select

from data.access import SYSTEM
from data.rule_models import add_version, live, versions
from data.schema import AuditEntry, ComplianceLabel, CompliancePassSample, ComplianceViolation
from data.setup.desks import DeskInput, create_desk
from data.units import create_unit
from vision.cli import main
from vision.compliance.badge import shipped_version
from vision.compliance.uniform_versions import reference_of



@pytest.fixture(scope="module")
def shipped() -> str:
    """The registry name of the checked-out models/badge/badge.pt (shipped-v3 for issue 11's file)."""
    from vision.compliance.badge.model import DEFAULT_WEIGHTS
    from vision.detection.overlay import overlay_info

    sha = hashlib.sha256(DEFAULT_WEIGHTS.read_bytes()).hexdigest()
    return shipped_version(sha, dict(overlay_info(DEFAULT_WEIGHTS)["extra"]))


def _figures(against: str, precision: float) -> dict:
    return {"evaluated_against": against, "province_test": {
        "images": 9, "candidate": {"precision": precision, "recall": 0.9}, "live": {"precision": 0.86, "recall": 0.9}}}


def test_badge_list_promote_refused_promote_rollback(store_url, engine, capsys, shipped):
    assert main(["badge", "list", "--db", store_url]) == 0
    assert shipped in capsys.readouterr().out
    with engine.begin() as c:
        add_version(c, "badge", "badge-worse", b"w", 0.4, _figures(shipped, 0.81), shipped, "tester")
        add_version(c, "badge", "badge-better", b"b", 0.4, _figures(shipped, 0.9), shipped, "tester")

    assert main(["badge", "promote", "badge-worse", "--db", store_url, "--by", "Nguyễn Văn A"]) == 3
    assert "độ chính xác 0,81 < 0,86" in capsys.readouterr().err
    assert main(["badge", "promote", "badge-nope", "--db", store_url]) == 2
    assert main(["badge", "promote", "badge-better", "--db", store_url, "--by", "Nguyễn Văn A"]) == 0
    assert main(["badge", "rollback", shipped, "--db", store_url, "--by", "Nguyễn Văn A"]) == 0
    capsys.readouterr()
    assert main(["badge", "list", "--db", store_url]) == 0
    out = capsys.readouterr().out
    assert "badge-better" in out and "P 0.90 R 0.90" in out
    with engine.connect() as c:
        assert live(c, "badge").version == shipped
        assert [v.version for v in versions(c, "badge")].count(shipped) == 1
        rows = c.execute(select(AuditEntry.actor, AuditEntry.action).where(AuditEntry.action.like("model_%"))
                         .order_by(AuditEntry.id)).all()
    assert ("Nguyễn Văn A", "model_promote") in rows and ("Nguyễn Văn A", "model_rollback") in rows


def _person(shirt: tuple[int, int, int], seed: int) -> np.ndarray:
    """A drawn seated person crop (wall, face, shirt to the crop's lower edge), sensor noise."""
    rng = np.random.default_rng(seed)
    img = np.full((200, 100, 3), (200, 200, 200), np.uint8)
    cv2.circle(img, (50, 30), 18, (140, 170, 220), -1)
    cv2.rectangle(img, (15, 55), (85, 199), shirt, -1)
    return np.clip(img.astype(int) + rng.integers(-8, 9, img.shape), 0, 255).astype(np.uint8)


UNIFORM, OWN = (170, 120, 60), (60, 150, 40)  # BGR: a blue uniform shirt, a green shirt of one's own
WARM = np.array([0.75, 0.95, 1.2])  # a warm ceiling light's cast on B, G, R


@pytest.fixture
def uniform_labels(engine, tmp_path):
    """Each label's crop is cut from a frame under a warm cast; the frame (its evidence picture) is on disk
    for all but the last training crop, so the gains come from the frame as the worker's do."""
    now = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
    rows = [(UNIFORM, "compliant", "train")] * 6 + [(OWN, "violation", "train")] * 2 + \
        [(UNIFORM, "compliant", "test")] * 3 + [(OWN, "violation", "test")] * 3
    root = tmp_path / "evidence"
    root.mkdir()
    with engine.begin() as c:
        unit = create_unit(c, "Xã Điềm He", "commune", None).id
        desk = create_desk(c, SYSTEM, DeskInput(unit, "Q01", "Quầy 01"))
        for i, (shirt, label, split) in enumerate(rows):
            frame = np.full((360, 640, 3), (185, 190, 195), np.uint8)
            frame[100:300, 270:370] = _person(shirt, i)
            frame = np.clip(frame * WARM, 0, 255).astype(np.uint8)
            name = f"frame_{i}.jpg"
            if i != 5:
                cv2.imwrite(str(root / name), frame, [cv2.IMWRITE_JPEG_QUALITY, 95])
            at = now + dt.timedelta(minutes=i)
            if label == "compliant":
                ref = {"pass_sample_id": c.execute(insert(CompliancePassSample).values(
                    desk_id=desk, rule="uniform", observed_at=at, evidence_path=name, status="agreed")
                    .returning(CompliancePassSample.id)).scalar_one()}
            else:
                ref = {"violation_id": c.execute(insert(ComplianceViolation).values(
                    desk_id=desk, rule="uniform", start_at=at, end_at=at, evidence_path=name, samples=5,
                    fail_samples=5, status="confirmed").returning(ComplianceViolation.id)).scalar_one()}
            c.execute(insert(ComplianceLabel).values(
                unit_id=unit, desk_id=desk, rule="uniform", label=label,
                source="pass_agreed" if label == "compliant" else "confirmed",
                image=cv2.imencode(".png", frame[100:300, 270:370])[1].tobytes(), width=100, height=200,
                mean_grey=150.0, split=split, taken_at=at, created_at=now, **ref))
    return root


def test_uniform_calibrate_then_promote_and_list(store_url, engine, uniform_labels, capsys, monkeypatch):
    monkeypatch.setenv("MONITOR_EVIDENCE_DIR", str(uniform_labels))
    assert main(["uniform", "calibrate", "--db", store_url, "--version", "uniform-1", "--by", "tester"]) == 0
    with engine.connect() as c:
        cand, = versions(c, "uniform")
    held = cand.figures["province_test"]
    assert (cand.status, held["images"], held["live"]) == ("candidate", 6, None)
    assert (cand.figures["train"]["with_frame_gains"], held["with_frame_gains"]) == (5, 6)  # frame 5 is gone
    assert held["candidate"] == {"precision": 1.0, "recall": 1.0, "agreement": 1.0, "tp": 3, "fp": 0, "fn": 0,
                                 "tn": 3, "unknown": 0}
    assert main(["uniform", "promote", "uniform-1", "--db", store_url]) == 0  # nothing live yet
    with engine.connect() as c:
        from data.rule_models import payload

        ref = reference_of(payload(c, "uniform", "uniform-1"))
    assert ref.colours and all(c.b < -10 for c in ref.colours)  # blue, not the wall nor the face
    # A second calibration from the same labels: measured against the live one, equal, so it passes.
    assert main(["uniform", "calibrate", "--db", store_url, "--version", "uniform-2"]) == 0
    assert main(["uniform", "promote", "uniform-2", "--db", store_url]) == 0
    assert main(["uniform", "rollback", "uniform-1", "--db", store_url]) == 0
    capsys.readouterr()
    assert main(["uniform", "list", "--db", store_url]) == 0
    out = capsys.readouterr().out
    assert "uniform-1" in out and "uniform-2" in out and "retired" in out
