"""The decisions a staff member should see: excuses, rejections and withdrawals on their own incidents.

(Explanations waiting for a decision are data.review.pending's.)
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select

from data.access import Scope
from data.db import reading
from data.schema import Desk, IncidentNote, RosterEntry, Unit
from domain.timezone import LOCAL_TZ, as_utc

DECISIONS = ("excuse", "reject", "withdraw")


@dataclass(frozen=True)
class IncidentNoteLine:
    """One note on one incident, with where the incident happened."""

    desk_id: int
    desk_name: str
    unit_id: int
    unit_name: str
    kind: str  # absence | badge | uniform
    incident_start: dt.datetime  # UTC
    action: str  # explain | excuse | withdraw | reject
    text: str
    author: str
    written_at: dt.datetime  # UTC

    @property
    def local_day(self) -> dt.date:
        return self.incident_start.astimezone(LOCAL_TZ).date()


def _notes(conn: Connection | Engine, scope: Scope, since: dt.datetime | None = None) -> list[IncidentNoteLine]:
    """Every note on incidents of desks in the scope's units, oldest first (within one incident: write order)."""
    stmt = (select(IncidentNote.desk_id, Desk.name, Desk.unit_id, Unit.name, IncidentNote.incident_kind,
                   IncidentNote.incident_start, IncidentNote.action, IncidentNote.text, IncidentNote.author,
                   IncidentNote.created_at)
            .join(Desk, Desk.id == IncidentNote.desk_id).join(Unit, Unit.id == Desk.unit_id)
            .where(scope.unit_clause(Unit.path))
            .order_by(IncidentNote.created_at, IncidentNote.id))
    if since is not None:
        stmt = stmt.where(IncidentNote.incident_start >= since)
    with reading(conn) as c:
        rows = c.execute(stmt).all()
    return [IncidentNoteLine(int(d), dn, int(u), un, k, as_utc(s), a, tx, au, as_utc(w))
            for d, dn, u, un, k, s, a, tx, au, w in rows]


def decisions_for_staff(conn: Connection | Engine, scope: Scope, since: dt.datetime) -> list[IncidentNoteLine]:
    """Excuses, rejections and withdrawals on incidents of the staff member's own desk-days since `since`,
    newest first (what a supervisor decided about them)."""
    if scope.role != "staff" or scope.staff_id is None:
        return []
    stmt = select(RosterEntry.desk_id, RosterEntry.day_from, RosterEntry.day_to).where(
        RosterEntry.staff_id == scope.staff_id)
    with reading(conn) as c:
        roster = c.execute(stmt).all()

    def own(note: IncidentNoteLine) -> bool:
        day = note.local_day
        return any(int(d) == note.desk_id and a <= day and (b is None or day <= b) for d, a, b in roster)

    decided = [n for n in _notes(conn, scope, since) if n.action in DECISIONS and own(n)]
    return sorted(decided, key=lambda n: n.written_at, reverse=True)
