"""Per unit and rule: count violations only once confirmed (the default), or without confirmation.

An administrator may switch a unit's rule to "count without confirmation" only when that rule's
precision in that unit, from supervisors' decisions (data.dress_code.precision), passes the gate of
domain.dress_code: at least AUTO_COUNT_MIN_PRECISION over at least AUTO_COUNT_MIN_DECISIONS decisions.
The figures at switch time are stored with the switch and audited (`config_change`). Switching back
to confirmation is always allowed. Which violations count then is data.dress_code.counting's rule.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select, update

from data.access import AccessDenied, Scope
from data.audit import record
from data.db import reading
from data.dress_code.precision import rule_precision
from data.schema import ComplianceCountMode
from domain.dress_code import AUTO_COUNT_MIN_DECISIONS, AUTO_COUNT_MIN_PRECISION, RULES, RulePrecision
from domain.timezone import as_utc


class GateRefused(ValueError):
    """Counting without confirmation refused: the rule's measured precision does not pass the gate."""


@dataclass(frozen=True)
class CountMode:
    unit_id: int
    rule: str
    without_confirmation: bool
    precision: float | None = None  # the figure when it was last switched
    decisions: int = 0
    updated_at: dt.datetime | None = None
    updated_by: str | None = None


def get(conn: Connection | Engine, unit_id: int, rule: str) -> CountMode:
    """The unit's own setting (a unit never set counts only confirmed violations)."""
    m = ComplianceCountMode
    with reading(conn) as c:
        row = c.execute(select(m.without_confirmation, m.precision, m.decisions, m.updated_at, m.updated_by)
                        .where(m.unit_id == unit_id, m.rule == rule)).one_or_none()
    if row is None:
        return CountMode(int(unit_id), rule, False)
    return CountMode(int(unit_id), rule, bool(row[0]), row[1], int(row[2]), as_utc(row[3]) if row[3] else None, row[4])


def gate_message(rule: str, figures: RulePrecision) -> str:
    """Why counting without confirmation is refused, with the figure and the gate (Vietnamese, English)."""
    shown = "—" if figures.precision is None else f"{figures.precision:.3f}"
    return (f"chưa được đếm vi phạm '{rule}' khi chưa xác nhận: độ chính xác {shown} trên {figures.decisions} "
            f"quyết định, cần ≥ {AUTO_COUNT_MIN_PRECISION:.2f} trên ≥ {AUTO_COUNT_MIN_DECISIONS} quyết định "
            f"(counting '{rule}' without confirmation refused: precision {shown} over {figures.decisions} "
            f"decisions, needs ≥ {AUTO_COUNT_MIN_PRECISION:.2f} over ≥ {AUTO_COUNT_MIN_DECISIONS} decisions)")


def set_count_mode(engine: Engine, scope: Scope, unit_id: int, rule: str, on: bool) -> CountMode:
    """Switch the unit's rule (admins of that unit only); ON only past the gate (GateRefused otherwise)."""
    if not scope.can_configure:
        raise AccessDenied(f"tài khoản {scope.username!r} không được đổi cách đếm vi phạm "
                           f"(account {scope.username!r} may not change how violations count)")
    if rule not in RULES:
        raise ValueError(f"quy tắc không hợp lệ {rule!r} (unknown rule {rule!r})")
    now = dt.datetime.now(dt.timezone.utc)
    m = ComplianceCountMode
    with engine.begin() as conn:
        scope.require_unit(conn, unit_id)
        figures = rule_precision(conn, unit_id, rule)
        if on and not figures.may_count_without_confirmation:
            raise GateRefused(gate_message(rule, figures))
        old = get(conn, unit_id, rule)
        values = dict(without_confirmation=on, precision=figures.precision, decisions=figures.decisions,
                      updated_at=now, updated_by=scope.username)
        exists = conn.execute(select(m.id).where(m.unit_id == unit_id, m.rule == rule)).scalar_one_or_none()
        if exists is None:
            conn.execute(insert(m).values(unit_id=unit_id, rule=rule, **values))
        else:
            conn.execute(update(m).where(m.id == exists).values(**values))
        record(conn, scope.username, "config_change", target=f"count_mode:{unit_id}:{rule}", unit_id=unit_id,
               detail={"rule": rule, "old": old.without_confirmation, "new": on, "precision": figures.precision,
                       "decisions": figures.decisions})
        return get(conn, unit_id, rule)
