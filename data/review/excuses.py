"""Writing incident notes: excuse, reject an explanation, withdraw a decision, explain — checked against the
scope and audited.

Each write is one transaction with its audit line (data.audit.record). Notes
are only ever added: a withdrawal is a new row, and the newest excuse, rejection or
withdrawal decides (data.review.decisions).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Engine, insert, or_, select

from data.access import AccessDenied, Scope
from data.audit import record
from data.review.notes import KINDS, IncidentKey, start_ms
from data.schema import ComplianceViolation, Desk, IncidentNote, PresenceInterval, RosterEntry
from domain.states import DeskStateName
from domain.timezone import LOCAL_TZ, as_utc

MAX_TEXT = 2000
# Run starts come back from the store rounded to the millisecond.
TOLERANCE = dt.timedelta(milliseconds=1)


class NoteError(ValueError):
    """A note that cannot be written: empty text, unknown kind, no such incident."""


def excuse(conn: Connection | Engine, scope: Scope, key: IncidentKey, reason: str) -> None:
    """Mark an incident excused with a reason (inspectors and administrators, inside their subtree)."""
    _write(conn, scope, key, "excuse", reason)


def withdraw(conn: Connection | Engine, scope: Scope, key: IncidentKey, reason: str) -> None:
    """Take an excuse back; the incident counts again. Same rights as excusing."""
    _write(conn, scope, key, "withdraw", reason)


def reject(conn: Connection | Engine, scope: Scope, key: IncidentKey, reason: str) -> None:
    """Turn a staff member's explanation down with a reason (same rights as excusing); the incident
    counts as before and the dispute is decided (data.review.decisions). Only an explained incident."""
    _write(conn, scope, key, "reject", reason)


def explain(conn: Connection | Engine, scope: Scope, key: IncidentKey, text: str) -> None:
    """A staff member's explanation of their own incident (rostered at that desk that day)."""
    _write(conn, scope, key, "explain", text)


def _write(conn: Connection | Engine, scope: Scope, key: IncidentKey, action: str, text: str,
           now: dt.datetime | None = None) -> None:
    if isinstance(conn, Engine):
        with conn.begin() as c:
            return _write(c, scope, key, action, text, now)
    text = (text or "").strip()
    if not text:
        what = "lời giải trình" if action == "explain" else "lý do"  # a rejection needs its reason too
        raise NoteError(f"cần nhập {what} (a {'text' if action == 'explain' else 'reason'} is required)")
    if len(text) > MAX_TEXT:
        raise NoteError(f"nội dung dài quá {MAX_TEXT} ký tự (text longer than {MAX_TEXT} characters)")
    if key.kind not in KINDS:
        raise NoteError(f"loại vi phạm không hợp lệ {key.kind!r} (unknown incident kind {key.kind!r})")
    unit_id = conn.execute(select(Desk.unit_id).where(Desk.id == key.desk_id)).scalar_one_or_none()
    if unit_id is None:
        raise NoteError(f"không có quầy id={key.desk_id} (no desk with id {key.desk_id})")
    _check_rights(conn, scope, key, action, unit_id)
    start = _incident_start(conn, key)
    if action == "reject" and not _explained(conn, key.desk_id, key.kind, start):
        raise NoteError("vi phạm này chưa có lời giải trình để bác (no explanation to reject)")
    conn.execute(insert(IncidentNote).values(
        desk_id=key.desk_id, incident_kind=key.kind, incident_start=start, action=action, text=text,
        author=scope.username, created_at=now or dt.datetime.now(dt.UTC),
    ))
    record(conn, scope.username, action, target=f"desk:{key.desk_id}:{key.kind}:{start.isoformat()}",
           unit_id=unit_id, detail={"text": text})


def _check_rights(conn: Connection, scope: Scope, key: IncidentKey, action: str, unit_id: int) -> None:
    if action == "explain":
        if not scope.can_explain or scope.staff_id is None or not _rostered(conn, scope.staff_id, key):
            raise AccessDenied(f"tài khoản {scope.username!r} chỉ giải trình được vi phạm của chính mình "
                               f"(account {scope.username!r} may only explain their own incidents)")
        return
    if not scope.can_excuse:
        raise AccessDenied(f"tài khoản {scope.username!r} không có quyền miễn trừ vi phạm "
                           f"(account {scope.username!r} may not excuse incidents)")
    scope.require_unit(conn, unit_id)


def _explained(conn: Connection, desk_id: int, kind: str, start: dt.datetime) -> bool:
    return conn.execute(select(IncidentNote.id).where(
        IncidentNote.desk_id == desk_id, IncidentNote.incident_kind == kind, IncidentNote.action == "explain",
        IncidentNote.incident_start >= start - TOLERANCE, IncidentNote.incident_start <= start + TOLERANCE,
    ).limit(1)).first() is not None


def _rostered(conn: Connection, staff_id: int, key: IncidentKey) -> bool:
    day = as_utc(key.start).astimezone(LOCAL_TZ).date()
    return conn.execute(
        select(RosterEntry.id).where(
            RosterEntry.desk_id == key.desk_id, RosterEntry.staff_id == staff_id, RosterEntry.day_from <= day,
            or_(RosterEntry.day_to.is_(None), RosterEntry.day_to >= day))
    ).first() is not None


def _incident_start(conn: Connection, key: IncidentKey) -> dt.datetime:
    """The stored start of the incident the key names (an ABSENT interval's or a violation's start)."""
    start = as_utc(key.start)
    lo, hi = start - TOLERANCE, start + TOLERANCE
    if key.kind == "absence":
        stmt = select(PresenceInterval.start_at).where(
            PresenceInterval.desk_id == key.desk_id, PresenceInterval.state == DeskStateName.ABSENT.value,
            PresenceInterval.start_at >= lo, PresenceInterval.start_at <= hi)
    else:
        stmt = select(ComplianceViolation.start_at).where(
            ComplianceViolation.desk_id == key.desk_id, ComplianceViolation.rule == key.kind,
            ComplianceViolation.start_at >= lo, ComplianceViolation.start_at <= hi)
    found = conn.execute(stmt.limit(1)).scalar_one_or_none()
    if found is None:
        raise NoteError(f"không tìm thấy vi phạm ({key.kind}) tại quầy {key.desk_id} lúc "
                        f"{start.astimezone(LOCAL_TZ):%d/%m/%Y %H:%M} (no such incident)")
    # Kept to the millisecond: the key notes and incidents are matched on (data.review.notes.start_ms).
    return dt.datetime.fromtimestamp(start_ms(start) / 1000, dt.UTC)
