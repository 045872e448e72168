"""The sites file's `compliance` block: defaults, per-camera overrides, clear errors."""
from __future__ import annotations

import copy

import pytest

from domain.sites import ComplianceConfig, ConfigError, parse_sites
from vision.compliance.settings import StoredRule, uniform_reference, visibility_of, window_params, with_store_rules

BASE = {
    "cameras": [
        {"id": "c1", "source": "a.mp4", "unit": "Xã Điềm He",
         "desks": [{"id": "d1", "staff_zone": [[0, 0], [1, 0], [1, 1]]}]},
        {"id": "c2", "source": "b.mp4", "unit": "Xã Điềm He",
         "desks": [{"id": "d2", "staff_zone": [[0, 0], [1, 0], [1, 1]]}]},
    ]
}


def sites(top=None, cam=None):
    doc = copy.deepcopy(BASE)
    if top is not None:
        doc["compliance"] = top
    if cam is not None:
        doc["cameras"][0]["compliance"] = cam
    return parse_sites(doc)


def test_no_block_means_not_judged():
    assert sites().compliance_for("c1") is None


def test_defaults_and_camera_overrides():
    s = sites({"uniform": {"colours": [[20, 10, -30]]}, "window": {"minutes": 2, "min_samples": 4}},
              {"window": {"min_samples": 3}, "blur_staff_faces": False})
    c1, c2 = s.compliance_for("c1"), s.compliance_for("c2")
    assert c1.uniform.colours == ((20.0, 10.0, -30.0),) and c1.blur_staff_faces is False
    assert c1.window.min_samples == 3 and c1.window.minutes == 5  # a named sub-block replaces the top one
    assert c2.window.min_samples == 4 and c2.window.minutes == 2 and c2.blur_staff_faces is True
    assert window_params(c2, 1.0).window_s == 120 and window_params(c2, 1.0).fail_frac == 0.7
    ref = uniform_reference(c1.uniform)
    assert ref is not None and ref.colours[0].b == -30
    assert uniform_reference(ComplianceConfig().uniform) is None
    assert visibility_of(c1).torso_top == 0.3 and c1.badge.model is None


def test_a_camera_block_alone_turns_compliance_on_for_that_camera():
    s = sites(None, {"every_s": 2})
    assert s.compliance_for("c1").every_s == 2 and s.compliance_for("c2") is None


@pytest.mark.parametrize(
    "top, field, words",
    [
        ({"uniform": {"colours": [[20, 10]]}}, "compliance.uniform.colours[0]", "ba số"),
        ({"uniform": {"colours": [[120, 0, 0]]}}, "compliance.uniform.colours[0]", "0..100"),
        ({"uniform": {"colour": [[1, 2, 3]]}}, "compliance.uniform.colour", "không được phép"),
        ({"window": {"agree_frac": 0.5}}, "compliance.window.agree_frac", "lớn hơn 0.5"),
        ({"window": {"min_samples": 0}}, "compliance.window.min_samples", "lớn hơn hoặc bằng 1"),
        ({"visibility": {"torso_top": 0.7, "torso_bottom": 0.6}}, "compliance.visibility.torso_bottom", "torso_top"),
        ({"blur_staff_faces": "maybe"}, "compliance.blur_staff_faces", "true hoặc false"),
        ({"badge": {"threshold": 1.5}}, "compliance.badge.threshold", "nhỏ hơn 1"),
    ],
)
def test_bad_blocks_name_the_field(top, field, words):
    with pytest.raises(ConfigError) as err:
        sites(top)
    assert err.value.field == field and words in err.value.problem


def test_camera_block_errors_name_the_camera():
    with pytest.raises(ConfigError) as err:
        sites(None, {"every_s": 0})
    assert err.value.field == "cameras[0].compliance.every_s"


def test_store_rules_override_the_sites_file():
    cfg = sites({"uniform": {"colours": [[20, 10, -30]], "chroma_tol": 10}}).compliance_for("c1")
    out = with_store_rules(cfg, [
        StoredRule(7, "uniform", {"colours": [[50, 40, 30]]}),
        StoredRule(7, "badge", {"enabled": False}),
        StoredRule(7, "privacy", {"blur_staff_faces": False}),
    ])
    assert out.uniform.colours == ((50.0, 40.0, 30.0),) and out.uniform.chroma_tol == 10
    assert out.badge.enabled is False and out.blur_staff_faces is False
    assert cfg.blur_staff_faces is True  # the input is left alone


@pytest.mark.parametrize(
    "row, words",
    [
        (StoredRule(7, "uniform", {"colours": [[500, 0, 0]]}), "quy tắc 'uniform'"),
        (StoredRule(7, "hat", {}), "không biết quy tắc"),
        (StoredRule(7, "privacy", {"blur": 1}), "blur_staff_faces"),
    ],
)
def test_bad_store_rules_are_named(row, words):
    with pytest.raises(ValueError) as err:
        with_store_rules(ComplianceConfig(), [row])
    assert "đơn vị 7" in str(err.value) and words in str(err.value)


@pytest.mark.parametrize(
    ("top", "cam", "outside"),
    [
        (None, None, []),  # nothing judged, nothing written
        ({"every_s": 5}, None, []),  # the default root: var/evidence, the one the pages read
        ({"evidence_dir": "{served}/unit-a"}, None, []),  # a folder inside the served root
        ({"evidence_dir": "{tmp}/elsewhere"}, None, ["elsewhere"]),
        ({"every_s": 5}, {"evidence_dir": "{tmp}/cam1"}, ["cam1"]),  # one camera's override
    ],
)
def test_evidence_roots_outside_the_served_root_are_named(tmp_path, monkeypatch, top, cam, outside):
    from vision.compliance import evidence

    served = tmp_path / "served"
    monkeypatch.setattr(evidence, "DEFAULT_ROOT", served)  # the worker's default root, as under MONITOR_VAR_DIR

    def filled(block):
        if block is None:
            return None
        return {k: v.format(served=served, tmp=tmp_path) if isinstance(v, str) else v for k, v in block.items()}

    found = evidence.roots_outside(sites(filled(top), filled(cam)), served)
    assert [p.name for p in found] == outside
