"""Dossiers past their due date and still unresolved, per unit of a scope.

"Overdue" as the dossier statistics count it (data.dossiers.stats: in progress and due before the
start of today, local), but over every received day: a dossier received years ago and never
resolved is still overdue today.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, select

from data.access import Scope
from data.db import reading
from data.schema import Dossier, Unit
from domain.timezone import as_utc, local_day_start_utc, local_today


@dataclass(frozen=True)
class OverdueUnit:
    unit_id: int
    unit_name: str
    count: int
    oldest_due: dt.datetime  # UTC


def overdue_by_unit(conn: Connection | Engine, scope: Scope, now: dt.datetime) -> list[OverdueUnit]:
    """Units of the scope with overdue dossiers, most first (then by name)."""
    cut = local_day_start_utc(local_today(as_utc(now)))
    stmt = (select(Dossier.unit_id, Unit.name, func.count(), func.min(Dossier.due_at))
            .join(Unit, Unit.id == Dossier.unit_id)
            .where(Dossier.resolved_at.is_(None), Dossier.due_at < cut, scope.unit_clause(Unit.path))
            .group_by(Dossier.unit_id, Unit.name))
    with reading(conn) as c:
        rows = c.execute(stmt).all()
    out = [OverdueUnit(int(u), n, int(k), as_utc(d)) for u, n, k, d in rows]
    return sorted(out, key=lambda o: (-o.count, o.unit_name, o.unit_id))
