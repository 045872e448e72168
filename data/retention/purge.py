"""The purge: delete live frames and evidence pictures past their retention; log every deletion.

Database rows stay (intervals, incidents, violations keep their figures); a
purged picture's path becomes NULL and `evidence_purged_at` says when. The
dress-code pictures go the same way: a violation's and a PASS sample's evidence
and their person crops (`crop_path`). A pending violation's are held until a
supervisor decides (holds.decision_hold); a decided one's, and a decided PASS
sample's, for the retention period from the decision. Labels made from decisions
(compliance_label) keep their own picture bytes and are never purged: they are
the province's training data, faces blurred. Each
deleted picture gets its own audit row (actor "system", action "purge") in the
same transaction as its row's update; the live frames deleted in one run share
one audit row listing them.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, or_, select, update

from data.audit import SYSTEM_ACTOR, record
from data.evidence_files import resolve_evidence
from data.retention.holds import Hold, decision_hold, holds, incident_key
from data.retention.policy import RetentionPolicy, evidence_dir, retention_policy
from data.schema import AbsenceEvidence, ComplianceObservation, CompliancePassSample, ComplianceViolation
from domain.timezone import as_utc

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EvidenceItem:
    table: str  # absence_evidence | compliance_violation | compliance_observation | compliance_pass_sample
    row_id: int
    desk_id: int
    path: str
    column: str = "evidence_path"  # or crop_path (a violation's or PASS sample's person crop)


@dataclass(frozen=True)
class PurgeReport:
    dry_run: bool
    evidence: tuple[EvidenceItem, ...] = ()
    kept_for_notes: int = 0  # past the age, kept because of an open dispute or a recent decision
    live_files: tuple[str, ...] = ()
    orphan_files: tuple[str, ...] = field(default=())
    # Rows whose path leads outside the evidence root: nothing deleted, the row left as it is.
    refused: tuple[EvidenceItem, ...] = ()


def _delete(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass  # already gone: the row is still marked purged


def _row_items(table: str, row_id, desk_id, paths) -> list[EvidenceItem]:
    """One item per picture a dress-code row still names: its evidence, then its crop."""
    return [EvidenceItem(table, int(row_id), int(desk_id), path, column)
            for column, path in zip(("evidence_path", "crop_path"), paths) if path]


def _candidates(conn: Connection, cutoff: dt.datetime) -> tuple[list[EvidenceItem], int]:
    """Pictures older than `cutoff` that no open dispute or recent decision holds."""
    held = holds(conn)
    items: list[EvidenceItem] = []
    kept = 0

    def keep(key) -> bool:
        hold = held.get(key)
        return hold is not None and hold.keeps(cutoff)

    for row_id, desk_id, since, path in conn.execute(
            select(AbsenceEvidence.id, AbsenceEvidence.desk_id, AbsenceEvidence.absent_since, AbsenceEvidence.evidence_path)
            .where(AbsenceEvidence.taken_at < cutoff, AbsenceEvidence.evidence_path.is_not(None))):
        if keep(incident_key(desk_id, "absence", since)):
            kept += 1
        else:
            items.append(EvidenceItem("absence_evidence", int(row_id), int(desk_id), path))
    v = ComplianceViolation
    for row_id, desk_id, rule, start, status, decided_at, *paths in conn.execute(
            select(v.id, v.desk_id, v.rule, v.start_at, v.status, v.decided_at, v.evidence_path, v.crop_path)
            .where(v.end_at < cutoff, or_(v.evidence_path.is_not(None), v.crop_path.is_not(None)))):
        decision = decision_hold(status, decided_at)
        if keep(incident_key(desk_id, rule, start)) or (decision is not None and decision.keeps(cutoff)):
            kept += 1
        else:
            items += _row_items("compliance_violation", row_id, desk_id, paths)
    s_ = CompliancePassSample
    for row_id, desk_id, decided_at, *paths in conn.execute(
            select(s_.id, s_.desk_id, s_.decided_at, s_.evidence_path, s_.crop_path)
            .where(s_.observed_at < cutoff, or_(s_.evidence_path.is_not(None), s_.crop_path.is_not(None)))):
        if decided_at is not None and Hold(open=False, last_note_at=as_utc(decided_at)).keeps(cutoff):
            kept += 1
        else:
            items += _row_items("compliance_pass_sample", row_id, desk_id, paths)
    # A compliance sample's picture can stand in for an absence's (data.presence.incidents): a held
    # incident on the same desk keeps the samples of the day that follows its start.
    held_by_desk: dict[int, list[dt.datetime]] = {}
    for key, hold in held.items():
        if hold.keeps(cutoff):
            held_by_desk.setdefault(key.desk_id, []).append(key.start)
    for row_id, desk_id, at, path in conn.execute(
            select(ComplianceObservation.id, ComplianceObservation.desk_id, ComplianceObservation.observed_at,
                   ComplianceObservation.evidence_path)
            .where(ComplianceObservation.observed_at < cutoff, ComplianceObservation.evidence_path.is_not(None),
                   ComplianceObservation.evidence_path != "")):
        at = as_utc(at)
        if any(s <= at <= s + dt.timedelta(days=1) for s in held_by_desk.get(int(desk_id), ())):
            kept += 1
        else:
            items.append(EvidenceItem("compliance_observation", int(row_id), int(desk_id), path))
    return items, kept


_TABLES = {"absence_evidence": AbsenceEvidence, "compliance_violation": ComplianceViolation,
           "compliance_observation": ComplianceObservation, "compliance_pass_sample": CompliancePassSample}
# Every column that names a picture under the evidence root.
_PICTURE_COLUMNS = (*(t.evidence_path for t in _TABLES.values()), ComplianceViolation.crop_path,
                    CompliancePassSample.crop_path)


def _mark_purged(conn: Connection, item: EvidenceItem, now: dt.datetime) -> None:
    table = _TABLES[item.table]
    values = {item.column: None}
    if hasattr(table, "evidence_purged_at"):
        values["evidence_purged_at"] = now
    conn.execute(update(table).where(table.id == item.row_id).values(**values))


def _old_files(directory: Path, cutoff: dt.datetime) -> list[Path]:
    if not directory.is_dir():
        return []
    stamp = cutoff.timestamp()
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.stat().st_mtime < stamp)


def _referenced(conn: Connection, root: Path) -> set[Path]:
    paths: set[Path] = set()
    for column in _PICTURE_COLUMNS:
        for (path,) in conn.execute(select(column).where(column.is_not(None))):
            if (found := resolve_evidence(root, path)) is not None:
                paths.add(found)
    return paths


def purge(engine: Engine, *, live_dir: Path | None, now: dt.datetime | None = None, dry_run: bool = False,
          policy: RetentionPolicy | None = None, evidence_root: Path | None = None) -> PurgeReport:
    """Delete what is past retention (or, with dry_run, only say what would go)."""
    now = as_utc(now or dt.datetime.now(dt.timezone.utc))
    policy = policy or retention_policy(engine)
    root = evidence_root or evidence_dir()
    cutoff = now - policy.evidence_age
    with engine.connect() as conn:
        candidates, kept = _candidates(conn, cutoff)
        referenced = _referenced(conn, root)
    resolved = {i: resolve_evidence(root, i.path) for i in candidates}
    items = [i for i in candidates if resolved[i] is not None]
    refused = [i for i in candidates if resolved[i] is None]
    for item in refused:
        log.warning("bỏ qua %s:%d, đường dẫn ngoài thư mục bằng chứng (evidence path outside %s refused, "
                    "nothing deleted): %r", item.table, item.row_id, root, item.path)
    # Evidence files nothing points at any more (a row purged by hand, a crash between file and row).
    purged_paths = {resolved[i] for i in items}
    orphans = [p for p in _old_files(root, cutoff) if p.resolve() not in referenced | purged_paths]
    live = _old_files(live_dir, now - policy.live_age) if live_dir is not None else []
    report = PurgeReport(dry_run, tuple(items), kept, tuple(str(p) for p in live), tuple(str(p) for p in orphans),
                         tuple(refused))
    if dry_run:
        return report
    for item in items:
        with engine.begin() as conn:
            _mark_purged(conn, item, now)
            record(conn, SYSTEM_ACTOR, "purge", target=f"{item.table}:{item.row_id}",
                   detail={"desk_id": item.desk_id, "file": item.path, "column": item.column,
                           "older_than_days": policy.evidence_days})
            _delete(resolved[item])  # inside the transaction: a failed delete leaves the row as it was
    for kind, files, age in (("live_frames", live, {"older_than_minutes": policy.live_minutes}),
                             ("orphan_evidence", orphans, {"older_than_days": policy.evidence_days})):
        if not files:
            continue
        with engine.begin() as conn:
            record(conn, SYSTEM_ACTOR, "purge", target=kind,
                   detail={"files": [os.fspath(p) for p in files], "count": len(files), **age})
            for p in files:
                _delete(p)
    return report
