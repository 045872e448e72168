"""Which dress-code violations count, and which FAIL samples count in the compliance rate: one rule,
one SQL clause, used by the review, the scorecard, the exports and (later) alerts.

* A violation **counts** when its status is `confirmed`, or when it is `pending` while its desk's own
  unit counts that rule without confirmation (`compliance_count_mode.without_confirmation`, switched
  on by an administrator only past the gate in domain.dress_code). `rejected` never counts. A pending
  violation is listed as "chờ xác nhận" (to confirm) but counts nowhere.
* The **compliance rate** is PASS / (PASS + FAIL) samples, where a FAIL sample counts as FAIL only
  inside a counted violation of the same desk and rule (start_at <= observed_at <= end_at). Any other
  FAIL sample — a model judgment nobody confirmed, or one a supervisor rejected — counts neither way,
  like UNKNOWN (the camera could not tell): a rule wrong one time in five must not lower anyone's rate
  on its own word.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Engine, and_, exists, literal, or_, select
from sqlalchemy import case as sql_case

from data.access import Scope
from data.db import reading
from data.schema import ComplianceCountMode, ComplianceObservation, ComplianceViolation, Desk, Unit
from domain.dress_code import ViolationStatus
from domain.timezone import as_utc

CONFIRMED, PENDING = ViolationStatus.CONFIRMED.value, ViolationStatus.PENDING.value


def counting_without_confirmation(violation=ComplianceViolation) -> ColumnElement[bool]:
    """True where the violation's desk's own unit counts its rule without confirmation (correlated)."""
    mode = ComplianceCountMode
    return exists(
        select(literal(1)).select_from(mode).join(Desk, Desk.unit_id == mode.unit_id)
        .where(Desk.id == violation.desk_id, mode.rule == violation.rule, mode.without_confirmation.is_(True))
    )


def counted_clause(violation=ComplianceViolation) -> ColumnElement[bool]:
    """SQL: the violation counts (confirmed, or pending under its unit's count mode; never rejected)."""
    return or_(violation.status == CONFIRMED,
               and_(violation.status == PENDING, counting_without_confirmation(violation)))


def counted_fail(obs=ComplianceObservation) -> ColumnElement[bool]:
    """SQL: a FAIL sample that lies inside a counted violation of its desk and rule (correlated)."""
    v = ComplianceViolation.__table__.alias("counted_v")
    return and_(obs.result == "FAIL", exists(
        select(literal(1)).select_from(v)
        .where(v.c.desk_id == obs.desk_id, v.c.rule == obs.rule, v.c.start_at <= obs.observed_at,
               v.c.end_at >= obs.observed_at, counted_clause(v.c))
    ))


def counted_result(obs=ComplianceObservation):
    """SQL: the sample's result as the rate counts it — 'PASS', 'FAIL' (counted only) or 'UNKNOWN'."""
    return sql_case((obs.result == "PASS", "PASS"), (counted_fail(obs), "FAIL"), else_="UNKNOWN")


@dataclass(frozen=True)
class CountedViolation:
    id: int
    desk_id: int
    unit_id: int
    rule: str
    start_at: dt.datetime  # UTC
    end_at: dt.datetime  # UTC
    status: str  # confirmed, or pending under the unit's count mode


def counted_violations(conn: Connection | Engine, scope: Scope, since: dt.datetime,
                       until: dt.datetime | None = None) -> tuple[CountedViolation, ...]:
    """The violations of the scope's units that count, started in [since, until), oldest first —
    what alerts are to raise (a pending one under confirmation never does)."""
    v = ComplianceViolation
    stmt = (select(v.id, v.desk_id, Desk.unit_id, v.rule, v.start_at, v.end_at, v.status)
            .join(Desk, Desk.id == v.desk_id).join(Unit, Unit.id == Desk.unit_id)
            .where(scope.unit_clause(Unit.path), v.start_at >= since, counted_clause(v))
            .order_by(v.start_at, v.id))
    if until is not None:
        stmt = stmt.where(v.start_at < until)
    with reading(conn) as c:
        rows = c.execute(stmt).all()
    return tuple(CountedViolation(int(i), int(d), int(u), r, as_utc(s), as_utc(e), st)
                 for i, d, u, r, s, e, st in rows)


def is_counted(conn: Connection | Engine, violation_id: int) -> bool:
    """Does this one violation count right now?"""
    stmt = select(counted_clause(ComplianceViolation)).where(ComplianceViolation.id == violation_id)
    with reading(conn) as c:
        return bool(c.execute(stmt).scalar_one_or_none())
