"""Retrain → evaluate → promote (refused, then accepted) → rollback, end to end on a small labelled
set in a real store, and the worker's loader judging with the promoted version.

24 labelled crops (synthetic cards on the held-out photos' people: "the province's own staff"),
16 in the training split (half of the badges with their box, half for the live model to box) and
8 held out; a tiny synthetic set, imgsz 64, one epoch. The case is built so the gate's answer is
known: the live version is the shipped model at a threshold no score reaches (it never says
"badge": precision and recall 0 on the held-out labels), so any candidate is at least as good;
a refusal comes from comparing against a version that is no longer live.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import insert, select

from data.access import SYSTEM
from data.rule_models import (
    PromotionRefused, add_version, ensure_registered, live, payload, promote, rollback, versions,
)
from data.schema import AuditEntry, ComplianceLabel
from data.setup.desks import DeskInput, create_desk
from data.units import create_unit
from domain.sites import ComplianceConfig
from tools.badge.retrain import RetrainOptions, retrain
from tools.badge.sources import HELDOUT_PHOTOS, load_people
from tools.badge.synth import SplitSizes, generate_split
from vision.compliance import live_models
from vision.compliance.badge import SHIPPED_VERSION
from vision.compliance.badge.model import DEFAULT_WEIGHTS
from vision.compliance.badge_rule import load_badge_model

# A training run, not SQL: the registry it writes to is tested on both dialects (tests/data/rule_models).
pytestmark = pytest.mark.training

NEVER = 1.01  # no score reaches it: the live model never says "badge"


@pytest.fixture(scope="module")
def people():
    cache: dict = {}

    def load(names):
        if names not in cache:
            cache[names] = load_people(names)
        return cache[names]

    return load


def _labels(engine, people) -> None:
    samples = generate_split(people(HELDOUT_PHOTOS), "train", 24, seed=11)
    now = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
    with engine.begin() as c:
        unit = create_unit(c, "Xã Điềm He", "commune", None).id
        desk = create_desk(c, SYSTEM, DeskInput(unit, "Q01", "Quầy 01"))
        for i, s in enumerate(samples):
            ok, jpeg = cv2.imencode(".jpg", s.image, [cv2.IMWRITE_JPEG_QUALITY, 92])
            b = s.badges[0] if s.badges else None
            c.execute(insert(ComplianceLabel).values(
                unit_id=unit, desk_id=desk, rule="badge", label="compliant" if s.positive else "violation",
                source="pass_agreed" if s.positive else "confirmed", image=jpeg.tobytes(),
                width=s.image.shape[1], height=s.image.shape[0],
                badge_box=[b.x1, b.y1, b.x2, b.y2] if b is not None and i % 4 != 0 else None,
                mean_grey=float(s.image.mean()), model_version=SHIPPED_VERSION, score=None,
                split="test" if i >= 16 else "train", taken_at=now + dt.timedelta(minutes=i), created_at=now))


def test_retrain_promote_refuse_rollback_and_the_worker_loads_the_promoted_version(
        engine, people, tmp_path, monkeypatch):
    monkeypatch.setattr(live_models, "MODEL_CACHE_DIR", tmp_path / "models")
    _labels(engine, people)
    with engine.begin() as c:
        ensure_registered(c, "badge", SHIPPED_VERSION, DEFAULT_WEIGHTS.read_bytes, NEVER, {}, "system")

    opts = RetrainOptions(work=tmp_path / "work", synth_root=tmp_path / "synth", hours=None, epochs=1, imgsz=64,
                          batch=8, synth=SplitSizes(8, 4, 4), backend="torch", device="cpu",
                          version="badge-test", people_loader=people)
    res = retrain(engine, "tester", opts, progress=False)

    f = res.figures
    assert res.parent == SHIPPED_VERSION and f["evaluated_against"] == SHIPPED_VERSION
    assert f["province_test"]["images"] == 8 and f["province_test"]["positives"] == 4
    assert f["province_test"]["live"]["precision"] == 0 and f["province_test"]["live"]["recall"] == 0
    assert f["train"]["province"]["train"] + f["train"]["province"]["val"] + f["train"]["province"]["no_box"] == 16
    assert f["synthetic_test"]["images"] == 4 and f["synthetic_test"]["candidate"] is not None
    assert 0 < res.threshold < 1
    with engine.connect() as c:
        cand = {v.version: v for v in versions(c, "badge")}["badge-test"]
        assert cand.status == "candidate" and cand.parent_version == SHIPPED_VERSION
        assert payload(c, "badge", "badge-test") == res.overlay.read_bytes()

    # Another version went live meanwhile: the figures compare against one that no longer is.
    with engine.begin() as c:
        add_version(c, "badge", "badge-other", DEFAULT_WEIGHTS.read_bytes(), 0.3, {}, SHIPPED_VERSION, "tester")
        promote(c, "badge", "badge-other", "tester", force_reason="thử nghiệm")
    with engine.begin() as c, pytest.raises(PromotionRefused, match="badge-other"):
        promote(c, "badge", "badge-test", "tester")
    with engine.begin() as c:
        rollback(c, "badge", SHIPPED_VERSION, "tester")
        assert promote(c, "badge", "badge-test", "tester").allowed
        assert live(c, "badge").version == "badge-test"

    # The worker's loader: the live version's file, its threshold, a real prediction.
    with engine.connect() as c:
        cfg, used = live_models.with_live_models(c, _compliance())
    assert used.badge == "badge-test" and cfg.badge.threshold == res.threshold
    model = load_badge_model(cfg.badge.model)
    assert Path(cfg.badge.model).read_bytes() == res.overlay.read_bytes()
    score = model.predict(np.full((160, 96, 3), 128, np.uint8))
    assert score is not None and 0.0 <= score <= 1.0

    with engine.begin() as c:
        assert rollback(c, "badge", SHIPPED_VERSION, "tester") == "badge-test"
    with engine.connect() as c:
        cfg, used = live_models.with_live_models(c, _compliance())
        actions = c.execute(select(AuditEntry.action).where(AuditEntry.action.like("model_%"))).scalars().all()
    assert used.badge == SHIPPED_VERSION and Path(cfg.badge.model).read_bytes() == DEFAULT_WEIGHTS.read_bytes()
    assert actions.count("model_promote") == 3 and actions.count("model_rollback") == 2


def _compliance() -> ComplianceConfig:
    return ComplianceConfig()  # a unit whose badge rule names no model: the registry's live one
