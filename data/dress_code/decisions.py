"""A supervisor's decisions on dress-code judgments: confirm or reject a violation (one, or a desk-day's
batch), agree or disagree with a PASS sample.

Only scopes that may confirm (`Scope.can_confirm_dress_code`: admin, inspector) decide, and only for desks inside their scope
(AccessDenied otherwise). A decided item may be decided again (a supervisor changing their mind);
every decision is audited (`dress_decision`, target `violation:ID` / `pass_sample:ID`, detail with the
old and new status and the note) and makes or relabels the item's label (data.dress_code.labels), all
in one transaction. A note is the user's text: stored as typed, at most NOTE_MAX characters. With no
picture left the decision still stands without a label; the result says why.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, select, update

from data.access import AccessDenied, Scope, require_desks
from data.audit import record
from data.dress_code.labels import LabelOutcome, LabelSubject, write_label
from data.retention.policy import evidence_dir
from data.schema import CompliancePassSample, ComplianceViolation, Desk
from domain.dress_code import LabelSource, PassSampleStatus, ViolationStatus
from domain.timezone import local_day_start_utc

NOTE_MAX = 1000
ACTION = "dress_decision"


class DecisionError(ValueError):
    """A decision that cannot be taken (unknown item, note too long); the message is bilingual."""


@dataclass(frozen=True)
class DecisionResult:
    kind: str  # violation | pass_sample
    item_id: int
    old_status: str
    new_status: str
    label: LabelOutcome  # label.label_id None: no picture to learn from (label.reason says why)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def clean_note(note: str | None) -> str | None:
    """The note as typed (blank = none); refused past NOTE_MAX characters."""
    if note is None or not note.strip():
        return None
    if len(note) > NOTE_MAX:
        raise DecisionError(f"ghi chú quá dài: {len(note)} ký tự, tối đa {NOTE_MAX} "
                            f"(note too long: {len(note)} characters, at most {NOTE_MAX})")
    return note


def _require_decider(conn: Connection, scope: Scope, desk_id: int) -> int:
    """The desk's unit id, once the scope may decide for that desk."""
    if not scope.can_confirm_dress_code:
        raise AccessDenied(f"tài khoản {scope.username!r} không được xác nhận vi phạm trang phục "
                           f"(account {scope.username!r} may not decide dress-code violations)")
    require_desks(conn, scope, [desk_id])
    return int(conn.execute(select(Desk.unit_id).where(Desk.id == desk_id)).scalar_one())


def _decide_violation(conn: Connection, scope: Scope, violation_id: int, status: ViolationStatus,
                      note: str | None, root: Path, now: dt.datetime) -> DecisionResult:
    v = ComplianceViolation
    row = conn.execute(
        select(v.desk_id, v.rule, v.status, v.start_at, v.crop_path, v.evidence_path, v.person_box, v.score,
               v.model_version).where(v.id == violation_id).with_for_update()
    ).one_or_none()
    if row is None:
        raise DecisionError(f"không có vi phạm {violation_id} (no violation {violation_id})")
    unit_id = _require_decider(conn, scope, int(row.desk_id))
    conn.execute(update(v).where(v.id == violation_id).values(
        status=status.value, decided_by=scope.username, decided_at=now, decision_note=note))
    source = LabelSource.CONFIRMED if status is ViolationStatus.CONFIRMED else LabelSource.REJECTED
    subject = LabelSubject(int(row.desk_id), row.rule, row.start_at, row.crop_path, row.evidence_path,
                           row.person_box, None, row.score, row.model_version, violation_id=violation_id)
    label = write_label(conn, subject, source, root, now)
    record(conn, scope.username, ACTION, target=f"violation:{violation_id}", unit_id=unit_id,
           detail={"old": row.status, "new": status.value, "note": note, "rule": row.rule,
                   "label_id": label.label_id, "no_label": label.reason})
    return DecisionResult("violation", violation_id, row.status, status.value, label)


def _violation(engine: Engine, scope: Scope, violation_id: int, status: ViolationStatus, note: str | None,
               evidence_root: Path | None) -> DecisionResult:
    note = clean_note(note)
    root = evidence_root or evidence_dir()
    with engine.begin() as conn:
        return _decide_violation(conn, scope, int(violation_id), status, note, root, _utcnow())


def confirm(engine: Engine, scope: Scope, violation_id: int, note: str | None = None, *,
            evidence_root: Path | None = None) -> DecisionResult:
    """The supervisor saw the evidence and agrees: the violation counts from now on."""
    return _violation(engine, scope, violation_id, ViolationStatus.CONFIRMED, note, evidence_root)


def reject(engine: Engine, scope: Scope, violation_id: int, note: str | None = None, *,
           evidence_root: Path | None = None) -> DecisionResult:
    """The supervisor saw the evidence and the rule was wrong: the violation never counts."""
    return _violation(engine, scope, violation_id, ViolationStatus.REJECTED, note, evidence_root)


def confirm_desk_day(engine: Engine, scope: Scope, desk_id: int, local_day: dt.date, rule: str,
                     note: str | None = None, *, evidence_root: Path | None = None) -> tuple[DecisionResult, ...]:
    """Confirm every pending violation of one desk, local day and rule (when the pictures agree),
    each audited on its own, all in one transaction; decided ones are left as they are."""
    note = clean_note(note)
    root = evidence_root or evidence_dir()
    lo, hi = local_day_start_utc(local_day), local_day_start_utc(local_day + dt.timedelta(days=1))
    v = ComplianceViolation
    now = _utcnow()
    with engine.begin() as conn:
        _require_decider(conn, scope, int(desk_id))
        ids = conn.execute(select(v.id).where(
            v.desk_id == desk_id, v.rule == rule, v.status == ViolationStatus.PENDING.value,
            v.start_at >= lo, v.start_at < hi).order_by(v.start_at, v.id)).scalars().all()
        return tuple(_decide_violation(conn, scope, int(i), ViolationStatus.CONFIRMED, note, root, now) for i in ids)


def check_pass_sample(engine: Engine, scope: Scope, sample_id: int, agreed: bool, note: str | None = None, *,
                      evidence_root: Path | None = None) -> DecisionResult:
    """The supervisor checks a PASS judgment: agreed (compliant indeed) or disagreed (a missed violation)."""
    note = clean_note(note)
    root = evidence_root or evidence_dir()
    s = CompliancePassSample
    status = PassSampleStatus.AGREED if agreed else PassSampleStatus.DISAGREED
    now = _utcnow()
    with engine.begin() as conn:
        row = conn.execute(
            select(s.desk_id, s.rule, s.status, s.observed_at, s.crop_path, s.evidence_path, s.person_box,
                   s.badge_box, s.score, s.model_version).where(s.id == sample_id).with_for_update()
        ).one_or_none()
        if row is None:
            raise DecisionError(f"không có mẫu đạt {sample_id} (no PASS sample {sample_id})")
        unit_id = _require_decider(conn, scope, int(row.desk_id))
        conn.execute(update(s).where(s.id == sample_id).values(
            status=status.value, decided_by=scope.username, decided_at=now, decision_note=note))
        source = LabelSource.PASS_AGREED if agreed else LabelSource.PASS_DISAGREED
        subject = LabelSubject(int(row.desk_id), row.rule, row.observed_at, row.crop_path, row.evidence_path,
                               row.person_box, row.badge_box, row.score, row.model_version,
                               pass_sample_id=int(sample_id))
        label = write_label(conn, subject, source, root, now)
        record(conn, scope.username, ACTION, target=f"pass_sample:{sample_id}", unit_id=unit_id,
               detail={"old": row.status, "new": status.value, "note": note, "rule": row.rule,
                       "label_id": label.label_id, "no_label": label.reason})
        return DecisionResult("pass_sample", int(sample_id), row.status, status.value, label)
