"""Explanations waiting for a supervisor's decision, within a scope (issue 13: the home page's counts).

An explanation waits while no excuse or rejection answers it (data.review.decisions). A supervisor
(inspector, administrator) sees those of their unit subtree, a provincial viewer those of the
province; a staff member their own (the explanations they wrote).

    pending_explanations(conn, scope) -> int
    waiting_explanations(conn, scope, limit=50) -> list[WaitingExplanation]   oldest explanation first
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select, tuple_

from data.access import Scope
from data.db import reading
from data.review.decisions import standing_of
from data.schema import Desk, IncidentNote, Unit
from domain.timezone import as_utc


@dataclass(frozen=True)
class WaitingExplanation:
    desk_id: int
    desk_name: str
    unit_id: int
    unit_name: str
    kind: str  # absence | badge | uniform
    start: dt.datetime  # UTC start of the incident (its key with desk and kind)
    explained_by: str
    explanation: str
    explained_at: dt.datetime  # UTC, the newest explanation


def waiting_explanations(conn: Connection | Engine, scope: Scope, limit: int | None = 50) -> list[WaitingExplanation]:
    """The incidents in `scope` whose explanation waits for a decision, oldest explanation first."""
    stmt = (select(IncidentNote.desk_id, Desk.name, Unit.id, Unit.name, IncidentNote.incident_kind,
                   IncidentNote.incident_start, IncidentNote.action, IncidentNote.text, IncidentNote.author,
                   IncidentNote.created_at)
            .join(Desk, Desk.id == IncidentNote.desk_id).join(Unit, Unit.id == Desk.unit_id)
            .where(scope.unit_clause(Unit.path))
            .order_by(IncidentNote.created_at, IncidentNote.id))
    if scope.role == "staff":
        # Their own explanations only (and the decisions on those incidents, to know which still wait).
        own = select(IncidentNote.desk_id, IncidentNote.incident_kind, IncidentNote.incident_start).where(
            IncidentNote.action == "explain", IncidentNote.author == scope.username)
        key = tuple_(IncidentNote.desk_id, IncidentNote.incident_kind, IncidentNote.incident_start)
        stmt = stmt.where(key.in_(own))
    with reading(conn) as c:
        rows = c.execute(stmt).all()
    actions: dict[tuple[int, str, dt.datetime], list[str]] = {}
    newest: dict[tuple[int, str, dt.datetime], WaitingExplanation] = {}
    for desk_id, desk, unit_id, unit, kind, start, action, text, author, created in rows:
        key = (int(desk_id), str(kind), as_utc(start))
        actions.setdefault(key, []).append(action)
        if action == "explain":
            newest[key] = WaitingExplanation(int(desk_id), desk, int(unit_id), unit, str(kind), as_utc(start),
                                             author, text, as_utc(created))
    found = sorted((newest[k] for k, acts in actions.items() if k in newest and standing_of(acts).waiting),
                   key=lambda w: (w.explained_at, w.desk_id, w.start))
    return found if limit is None else found[:limit]


def pending_explanations(conn: Connection | Engine, scope: Scope) -> int:
    """How many explanations in `scope` wait for a decision."""
    return len(waiting_explanations(conn, scope, limit=None))
