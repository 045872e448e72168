"""A --from-store worker's compliance settings take the registry's live versions where the unit
names none, follow promotion and rollback (a new digest, a new file), and an explicit model wins."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from data.access import SYSTEM
from data.rule_models import add_version, ensure_registered, promote, rollback
from data.setup.cameras import CameraInput, create_camera
from data.setup.desks import DeskInput, create_desk
from data.units import create_unit
from data.worker_store.compliance_rules import set_compliance_rule

from domain.sites import ComplianceConfig
from vision.compliance import live_models
from vision.compliance.badge import shipped_version
from vision.reload import compliance_changed
from vision.store_sites import StoreSitesWriter, load_store_sites

ZONE = ((0.1, 0.3), (0.4, 0.3), (0.4, 0.75), (0.1, 0.75))
BETTER = {"evaluated_against": "shipped-v3", "province_test": {
    "images": 8, "candidate": {"precision": 0.9, "recall": 0.9}, "live": {"precision": 0.8, "recall": 0.8}}}


@pytest.fixture
def writer(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(live_models, "MODEL_CACHE_DIR", tmp_path / "models")
    with engine.begin() as c:
        unit = create_unit(c, "Xã Điềm He", "commune", None).id
        cam = create_camera(c, SYSTEM, CameraInput(unit, "CAM", "Camera", "0"))
        create_desk(c, SYSTEM, DeskInput(unit, "Q01", "Quầy 01", cam, ZONE))
        set_compliance_rule(c, unit, "badge", {"every_s": 30}, dt.datetime.now(dt.UTC))
    with engine.connect() as c:
        loaded = load_store_sites(c)
    w = StoreSitesWriter(engine, loaded.sites, tmp_path / "state")
    w.use(loaded)
    return w


def test_no_registry_leaves_the_rule_without_a_model(writer):
    cfg = writer.compliance_for("CAM")
    assert cfg is not None and cfg.badge.model is None


def test_live_badge_version_becomes_a_digest_named_file_and_follows_promotion_and_rollback(engine, writer, tmp_path):
    with engine.begin() as c:
        ensure_registered(c, "badge", "shipped-v3", lambda: b"shipped", 0.3, {}, "system")
    first = writer.compliance_for("CAM").badge
    assert first.threshold == 0.3 and open(first.model, "rb").read() == b"shipped"
    with engine.begin() as c:
        add_version(c, "badge", "badge-new", b"new weights", 0.45, BETTER, "shipped-v3", "tester")
        promote(c, "badge", "badge-new", "tester")
    second = writer.compliance_for("CAM").badge
    assert second.model != first.model and open(second.model, "rb").read() == b"new weights"
    assert second.threshold == 0.45
    with engine.begin() as c:
        rollback(c, "badge", "shipped-v3", "tester")
    assert writer.compliance_for("CAM").badge == first  # same digest, same file, same settings


def test_an_explicit_model_and_threshold_win_over_the_registry(engine, writer):
    with engine.begin() as c:
        ensure_registered(c, "badge", "shipped-v3", lambda: b"shipped", 0.3, {}, "system")
        unit = writer.ids.unit_by_camera["CAM"]
        set_compliance_rule(c, unit, "badge", {"model": "models/badge/own.pt", "threshold": 0.6},
                            dt.datetime.now(dt.UTC))
    badge = writer.compliance_for("CAM").badge
    assert (badge.model, badge.threshold) == ("models/badge/own.pt", 0.6)


def test_live_uniform_calibration_fills_colours_only_when_the_rule_has_none(engine, writer):
    ref = {"colours": [[62.0, -4.0, -18.0]], "chroma_tol": 10.0, "lightness_tol": 30.0, "min_match_frac": 0.45}
    with engine.begin() as c:
        add_version(c, "uniform", "uniform-1", json.dumps(ref).encode(), None, {}, None, "tester")
        promote(c, "uniform", "uniform-1", "tester")  # nothing live yet: allowed
    u = writer.compliance_for("CAM").uniform
    assert (u.colours, u.chroma_tol, u.min_match_frac) == (((62.0, -4.0, -18.0),), 10.0, 0.45)


def test_a_promotion_changes_the_settings_a_running_tracker_was_built_with(engine, writer):
    """What the reload compares (vision/reload.py): the tracker built before the promotion holds the old
    settings; after it, the camera's compliance settings differ, so its tracker is built again."""
    from vision.compliance.stage import ComplianceTracker

    cam = writer.sites.camera("CAM")
    with engine.begin() as c:
        set_compliance_rule(c, writer.ids.unit_by_camera["CAM"], "badge", {"enabled": False}, dt.datetime.now(dt.UTC))
    before = writer.compliance_for("CAM")
    tracker = ComplianceTracker(cam, before, incident_min_s=600)
    assert not compliance_changed(tracker.config, writer.compliance_for("CAM"))
    with engine.begin() as c:
        add_version(c, "uniform", "uniform-1", json.dumps({"colours": [[62.0, -4.0, -18.0]]}).encode(), None, {},
                    None, "tester")
        promote(c, "uniform", "uniform-1", "tester")
    after = writer.compliance_for("CAM")
    assert compliance_changed(tracker.config, after)
    rebuilt = ComplianceTracker(cam, after, incident_min_s=600)
    assert rebuilt.rules[0].reference.colours[0].L == 62.0


ON = ComplianceConfig()
OFF = ComplianceConfig.model_validate({"uniform": {"enabled": False}, "badge": {"enabled": False}})
NEW_MODEL = ComplianceConfig.model_validate({"badge": {"model": "var/models/abc.pt"}})


@pytest.mark.parametrize("running,new,changed", [
    (None, None, False), (None, OFF, False), (None, ON, True), (ON, ON, False), (ON, NEW_MODEL, True),
    (NEW_MODEL, ON, True), (ON, None, True),
], ids=["nothing", "off-stays-off", "rules-appear", "same", "promoted", "rolled-back", "rules-gone"])
def test_compliance_changed(running, new, changed):
    assert compliance_changed(running, new) is changed


@pytest.mark.parametrize("sha,record,name", [
    ("6407a9c7270c8b738324a7a5a3ac4380e5b5adcbd6eab481827bd1fd0a386087", {}, "shipped-v3"),
    ("459263e5c0a1a7417fad48c7e0d9b977ec8a7b3a271fb942d57e71dad497f126", {}, "shipped-459263e5c0a1"),
    ("459263e5c0a1a7417fad48c7e0d9b977ec8a7b3a271fb942d57e71dad497f126", {"version": "shipped-v4"}, "shipped-v4"),
], ids=["issue-11-file", "a-newer-file", "a-named-file"])
def test_the_shipped_file_is_named_by_its_digest_or_its_record(sha, record, name):
    assert shipped_version(sha, record) == name
