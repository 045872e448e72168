"""Dress-code compliance rows: single-frame samples, closed violations, kept PASS samples, absence snapshots.

Violations and PASS samples are written `pending` (the column default): only a supervisor confirms
or rejects them (issue 12), never the worker."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, insert, select, update

from data.schema import AbsenceEvidence as SnapshotRow
from data.schema import CompliancePassSample as PassSampleRow
from data.schema import ComplianceObservation as ObservationRow
from data.schema import ComplianceViolation as ViolationRow
from data.worker_store.sites import SiteIds, desk_key
from domain.records import AbsenceSnapshot, Box, ComplianceObservation, ComplianceViolation, PassSample
from domain.timezone import as_utc


def append_compliance(conn: Connection, ids: SiteIds, observations: Iterable[ComplianceObservation]) -> int:
    """Add single-frame compliance observations (each sample the rules judged)."""
    rows = [{"desk_id": desk_key(ids, o.desk_id), "observed_at": as_utc(o.at), "rule": o.rule,
             "result": o.result, "score": o.score, "evidence_path": o.evidence_path} for o in observations]
    if rows:
        conn.execute(insert(ObservationRow), rows)
    return len(rows)


def append_violations(conn: Connection, ids: SiteIds, violations: Iterable[ComplianceViolation]) -> int:
    """Add violations; one already stored (same desk, rule, start) is updated, not doubled."""
    changed = 0
    for v in violations:
        desk_id = desk_key(ids, v.desk_id)
        values = {"end_at": as_utc(v.end), "evidence_path": v.evidence, "samples": v.samples,
                  "fail_samples": v.fail_samples, "score": v.score, "person_box": _json_box(v.person_box),
                  "crop_path": v.crop_path, "model_version": v.model_version}
        existing = conn.execute(
            select(ViolationRow.id).where(ViolationRow.desk_id == desk_id, ViolationRow.rule == v.rule,
                                          ViolationRow.start_at == as_utc(v.start))
        ).scalar_one_or_none()
        if existing is None:
            conn.execute(insert(ViolationRow).values(desk_id=desk_id, rule=v.rule, start_at=as_utc(v.start), **values))
        else:
            conn.execute(update(ViolationRow).where(ViolationRow.id == existing).values(**values))
        changed += 1
    return changed


def append_pass_samples(conn: Connection, ids: SiteIds, samples: Iterable[PassSample]) -> int:
    """Add kept PASS samples; one already stored (same desk, rule, time) is skipped, never changed (a
    supervisor may have checked it). Returns how many were added."""
    n = 0
    for p in samples:
        desk_id = desk_key(ids, p.desk_id)
        seen = conn.execute(select(PassSampleRow.id).where(
            PassSampleRow.desk_id == desk_id, PassSampleRow.rule == p.rule,
            PassSampleRow.observed_at == as_utc(p.at))).scalar_one_or_none()
        if seen is None:
            conn.execute(insert(PassSampleRow).values(
                desk_id=desk_id, rule=p.rule, observed_at=as_utc(p.at), score=p.score,
                person_box=_json_box(p.person_box), badge_box=_json_box(p.badge_box), evidence_path=p.evidence_path,
                crop_path=p.crop_path, model_version=p.model_version))
            n += 1
    return n


def _json_box(box: Box | None) -> list[float] | None:
    return None if box is None else [float(v) for v in box]


def append_absence_snapshots(conn: Connection, ids: SiteIds, snapshots: Iterable[AbsenceSnapshot]) -> int:
    """Add the snapshots of absence incidents (one per desk and ABSENT run; repeats are skipped)."""
    n = 0
    for e in snapshots:
        desk_id = desk_key(ids, e.desk_id)
        seen = conn.execute(select(SnapshotRow.id).where(
            SnapshotRow.desk_id == desk_id, SnapshotRow.absent_since == as_utc(e.since))).scalar_one_or_none()
        if seen is None:
            conn.execute(insert(SnapshotRow).values(desk_id=desk_id, absent_since=as_utc(e.since),
                                                    taken_at=as_utc(e.at), evidence_path=e.path,
                                                    missing_reason=None if e.path else e.missing))
            n += 1
    return n
