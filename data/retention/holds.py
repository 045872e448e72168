"""Which incidents' evidence must outlive the retention period: those under an open dispute or a recent decision.

An incident's notes (incident_note, never deleted) are read newest first:

* **open** — a staff member's explanation (`explain`) that no supervisor has decided
  yet (no `excuse` / `reject` after it, or that decision withdrawn; data.review.decisions).
  Its evidence is kept, however old, until someone decides.
* **decided** — the newest note is an `excuse`, a `reject` or a `withdraw` that leaves no
  explanation waiting. Its evidence is kept for the retention period counted from that
  note, so the decision can still be checked, then purged like any other (a rejected
  incident after that like one never explained).
* no notes — the retention period counts from when the picture was taken.

A dress-code violation's own status is a question too (issue 12): while it is **pending** (chờ xác
nhận) nobody has looked at its evidence yet, so the evidence is held however old; once confirmed or
rejected, the retention period counts from that decision (`decision_hold`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, select

from data.review.decisions import standing_of
from data.schema import IncidentNote
from domain.timezone import as_utc


@dataclass(frozen=True)
class IncidentKey:
    desk_id: int
    kind: str  # absence | badge | uniform
    start: dt.datetime  # UTC


@dataclass(frozen=True)
class Hold:
    open: bool
    last_note_at: dt.datetime  # UTC

    def keeps(self, cutoff: dt.datetime) -> bool:
        """True when evidence must stay at a purge whose age cutoff is `cutoff`."""
        return self.open or self.last_note_at >= cutoff


def _key(desk_id: int, kind: str, start: dt.datetime) -> IncidentKey:
    # Microseconds dropped: both stores round-trip seconds exactly, not always sub-seconds.
    return IncidentKey(int(desk_id), kind, as_utc(start).replace(microsecond=0))


def incident_key(desk_id: int, kind: str, start: dt.datetime) -> IncidentKey:
    return _key(desk_id, kind, start)


def decision_hold(status: str, decided_at: dt.datetime | None) -> Hold | None:
    """A violation's hold from its confirmation status: pending is open; decided counts from the decision."""
    if status == "pending":
        return Hold(open=True, last_note_at=dt.datetime.min.replace(tzinfo=dt.timezone.utc))
    return Hold(open=False, last_note_at=as_utc(decided_at)) if decided_at is not None else None


def holds(conn: Connection) -> dict[IncidentKey, Hold]:
    rows = conn.execute(
        select(IncidentNote.desk_id, IncidentNote.incident_kind, IncidentNote.incident_start, IncidentNote.action,
               IncidentNote.created_at).order_by(IncidentNote.created_at, IncidentNote.id)
    ).all()
    actions: dict[IncidentKey, list[str]] = {}
    last: dict[IncidentKey, dt.datetime] = {}
    for desk_id, kind, start, action, created in rows:
        key = _key(desk_id, kind, start)
        actions.setdefault(key, []).append(action)
        last[key] = as_utc(created)
    # Open while an explanation waits for a decision (data.review.decisions): an excuse or a rejection
    # answers it; withdrawing that decision leaves the explanation waiting again.
    return {key: Hold(open=standing_of(acts).waiting, last_note_at=last[key]) for key, acts in actions.items()}
