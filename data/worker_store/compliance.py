"""Dress-code compliance rows: single-frame samples, closed violations, absence snapshots."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, insert, select, update

from data.schema import AbsenceEvidence as SnapshotRow
from data.schema import ComplianceObservation as ObservationRow
from data.schema import ComplianceViolation as ViolationRow
from data.worker_store.sites import SiteIds, desk_key
from domain.records import AbsenceSnapshot, ComplianceObservation, ComplianceViolation
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
                  "fail_samples": v.fail_samples}
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


def append_absence_snapshots(conn: Connection, ids: SiteIds, snapshots: Iterable[AbsenceSnapshot]) -> int:
    """Add the snapshots of absence incidents (one per desk and ABSENT run; repeats are skipped)."""
    n = 0
    for e in snapshots:
        desk_id = desk_key(ids, e.desk_id)
        seen = conn.execute(select(SnapshotRow.id).where(
            SnapshotRow.desk_id == desk_id, SnapshotRow.absent_since == as_utc(e.since))).scalar_one_or_none()
        if seen is None:
            conn.execute(insert(SnapshotRow).values(desk_id=desk_id, absent_since=as_utc(e.since),
                                                    taken_at=as_utc(e.at), evidence_path=e.path))
            n += 1
    return n
