"""Compliance rows on a real store (SQLite, and PostgreSQL with TEST_DATABASE_URL)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from data.schema import ComplianceObservation as ObservationRow
from data.schema import ComplianceViolation as ViolationRow
from data.worker_store.compliance import append_compliance
from data.worker_store.compliance_rules import load_compliance_rules, set_compliance_rule
from data.worker_store.sites import sync_sites
from domain.records import ComplianceObservation
from domain.sites import parse_sites
from domain.timezone import as_utc
from vision.compliance.rules import Verdict
from vision.compliance.window import ComplianceRun
from vision.store_writer import append_violations, compliance_for_camera

T0 = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.timezone.utc)
SITES = parse_sites({
    "compliance": {"uniform": {"colours": [[20, 10, -30]]}},
    "cameras": [{"id": "cam1", "source": "a.mp4", "unit": "Xã Điềm He",
                 "desks": [{"id": "d1", "staff_zone": [[0, 0], [1, 0], [1, 1]]}]}],
})


def at(s: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=s)


def test_observations_and_violations_round_trip(engine):
    with engine.begin() as c:
        ids = sync_sites(c, SITES)
        n = append_compliance(c, ids, [
            ComplianceObservation("d1", at(0), "uniform", "FAIL", 0.1, None),
            ComplianceObservation("d1", at(5), "badge", "UNKNOWN", None, None),
        ])
        run = ComplianceRun("d1", "uniform", Verdict.FAIL, at(20), at(80), 12, 11, "var/evidence/cam1/x.jpg")
        assert append_violations(c, ids, [run, ComplianceRun("d1", "uniform", Verdict.PASS, at(80), at(90), 2, 0)]) == 1
        # the same run again, now longer: updated in place
        append_violations(c, ids, [ComplianceRun("d1", "uniform", Verdict.FAIL, at(20), at(120), 20, 18, run.evidence)])
    assert n == 2
    with engine.connect() as c:
        obs = c.execute(select(ObservationRow.rule, ObservationRow.result, ObservationRow.score,
                               ObservationRow.observed_at).order_by(ObservationRow.observed_at)).all()
        vio = c.execute(select(ViolationRow.rule, ViolationRow.start_at, ViolationRow.end_at, ViolationRow.samples,
                               ViolationRow.fail_samples, ViolationRow.evidence_path)).all()
    assert [(r, res, s) for r, res, s, _ in obs] == [("uniform", "FAIL", 0.1), ("badge", "UNKNOWN", None)]
    assert as_utc(obs[1][3]) == at(5)
    assert len(vio) == 1
    rule, start, end, samples, fails, path = vio[0]
    assert (rule, as_utc(start), as_utc(end), samples, fails, path) == (
        "uniform", at(20), at(120), 20, 18, "var/evidence/cam1/x.jpg")


def test_store_rules_override_the_sites_file(engine):
    with engine.begin() as c:
        ids = sync_sites(c, SITES)
        unit = ids.unit_by_camera["cam1"]
        assert compliance_for_camera(c, SITES, "cam1").uniform.colours == ((20.0, 10.0, -30.0),)
        set_compliance_rule(c, unit, "uniform", {"colours": [[60, -20, 5]], "chroma_tol": 9}, at(0))
        set_compliance_rule(c, unit, "privacy", {"blur_staff_faces": False}, at(0))
        set_compliance_rule(c, unit, "uniform", {"colours": [[61, -20, 5]]}, at(10))  # replaces the first
    with engine.connect() as c:
        rules = load_compliance_rules(c, unit)
        cfg = compliance_for_camera(c, SITES, "cam1")
    assert [r.rule for r in rules] == ["privacy", "uniform"]
    assert cfg.uniform.colours == ((61.0, -20.0, 5.0),) and cfg.uniform.chroma_tol == 12.0
    assert cfg.blur_staff_faces is False


def test_absence_snapshots_are_stored_once_per_absence(engine):
    from data.schema import AbsenceEvidence as SnapshotRow
    from vision.compliance.stage import AbsenceEvidence
    from vision.store_writer import append_absence_evidence

    snap = AbsenceEvidence("d1", at(100), at(400), "var/evidence/cam1/2025-03-03/091500_d1_absence.jpg")
    with engine.begin() as c:
        ids = sync_sites(c, SITES)
        assert append_absence_evidence(c, ids, [snap]) == 1
        assert append_absence_evidence(c, ids, [snap]) == 0  # the same incident again
    with engine.connect() as c:
        rows = c.execute(select(SnapshotRow.absent_since, SnapshotRow.taken_at, SnapshotRow.evidence_path)).all()
    assert [(as_utc(a), as_utc(b), p) for a, b, p in rows] == [(at(100), at(400), snap.path)]
