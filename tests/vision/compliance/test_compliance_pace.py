"""How often each rule judges a seated person: the uniform every `every_s`, the badge model (the costly
check) at its own slower `badge.every_s`, never faster than `every_s`."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from domain.records import DeskObservation
from domain.sites import parse_sites
from vision.compliance.stage import ComplianceTracker

T0 = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.timezone.utc)
ZONE = [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [0.1, 0.9]]


def tracker(tmp_path, compliance: dict) -> ComplianceTracker:
    sites = parse_sites({
        "cameras": [{"id": "cam1", "source": "x.mp4", "unit": "Xã Điềm He", "desks": [{"id": "d1", "staff_zone": ZONE}]}],
        "compliance": {**compliance, "uniform": {"colours": [[20, 10, -30]]}, "evidence_dir": str(tmp_path)},
    })
    return ComplianceTracker(sites.camera("cam1"), sites.compliance_for("cam1"), incident_min_s=1e9)


@pytest.mark.parametrize(("compliance", "uniform", "badge"), [
    ({}, 13, 3),                                         # defaults: uniform every 5 s, badge every 30 s
    ({"every_s": 5, "badge": {"every_s": 2}}, 13, 13),   # the badge never faster than every_s
    ({"every_s": 1, "badge": {"every_s": 60}}, 65, 2),
    ({"every_s": 10, "badge": {"enabled": False}}, 7, 0),
])
def test_each_rule_judges_at_its_own_pace(tmp_path, compliance, uniform, badge):
    t = tracker(tmp_path, compliance)
    image = np.full((360, 640, 3), 120, np.uint8)
    counts = {"uniform": 0, "badge": 0}
    for s in range(65):  # one sampled frame a second for 65 s, the same person seated throughout
        at = T0 + dt.timedelta(seconds=s)
        step = t.step(image, [DeskObservation("d1", at, True, (200.0, 40.0, 440.0, 340.0))], [], at)
        for o in step.observations:
            counts[o.rule] += 1
    assert counts == {"uniform": uniform, "badge": badge}
