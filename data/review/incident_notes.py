"""One incident's notes as a reader sees them: the explanation, the standing decision and whether it waits.

For the desk-day page (a staff member sees the decision on their own incident) and the live page; the
review's lists carry the same fields for every incident (data.review.incident_list.note_fields).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select

from data.access import Scope, require_desks
from data.db import reading
from data.review.decisions import Standing, standing_of
from data.review.excuses import TOLERANCE
from data.review.notes import IncidentKey
from data.schema import IncidentNote
from domain.timezone import LOCAL_TZ, as_utc


@dataclass(frozen=True)
class Note:
    action: str  # excuse | reject | withdraw | explain
    text: str
    author: str
    at: dt.datetime  # UTC


@dataclass(frozen=True)
class IncidentNotes:
    standing: Standing
    explanation: Note | None  # the newest explanation
    decision: Note | None  # the standing excuse or rejection (None when none, or withdrawn)


def incident_notes(conn: Connection | Engine, scope: Scope, key: IncidentKey) -> IncidentNotes:
    """The notes of the incident `key` names; a desk outside `scope` raises AccessDenied."""
    start = as_utc(key.start)
    with reading(conn) as c:
        require_desks(c, scope, [key.desk_id], start.astimezone(LOCAL_TZ).date())
        rows = c.execute(
            select(IncidentNote.action, IncidentNote.text, IncidentNote.author, IncidentNote.created_at)
            .where(IncidentNote.desk_id == key.desk_id, IncidentNote.incident_kind == key.kind,
                   IncidentNote.incident_start >= start - TOLERANCE, IncidentNote.incident_start <= start + TOLERANCE)
            .order_by(IncidentNote.created_at, IncidentNote.id)).all()
    notes = [Note(a, t, au, as_utc(at)) for a, t, au, at in rows]
    standing = standing_of(n.action for n in notes)
    explanation = next((n for n in reversed(notes) if n.action == "explain"), None)
    decisive = next((n for n in reversed(notes) if n.action in ("excuse", "reject", "withdraw")), None)
    return IncidentNotes(standing, explanation, decisive if decisive is not None and decisive.action != "withdraw"
                         else None)
