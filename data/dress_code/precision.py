"""How often each rule is right in each unit, from supervisors' decisions: violations confirmed vs
rejected (precision) and PASS samples agreed vs disagreed (agreement) — the figures the count-mode gate
reads (domain.dress_code.RulePrecision) and the province-wide table a page shows.

Figures are per a desk's own unit (as the count mode is), never summed over a subtree.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, select

from data.access import Scope
from data.db import reading
from data.dress_code.queue import _unit_labels
from data.schema import ComplianceCountMode, CompliancePassSample, ComplianceViolation, Desk, Unit
from domain.dress_code import RULES, RulePrecision


@dataclass(frozen=True)
class PrecisionRow:
    unit_id: int
    unit_label: str
    rule: str
    figures: RulePrecision
    without_confirmation: bool  # the unit counts this rule without confirmation now


def _counts(conn: Connection, where, unit_id: int | None = None, rule: str | None = None
            ) -> dict[tuple[int, str], dict[str, int]]:
    """(unit, rule) → {status: count} over decided violations and PASS samples."""
    out: dict[tuple[int, str], dict[str, int]] = {}
    for table in (ComplianceViolation, CompliancePassSample):
        stmt = (select(Desk.unit_id, table.rule, table.status, func.count())
                .join(Desk, Desk.id == table.desk_id).join(Unit, Unit.id == Desk.unit_id)
                .where(where, table.status != "pending").group_by(Desk.unit_id, table.rule, table.status))
        if unit_id is not None:
            stmt = stmt.where(Desk.unit_id == unit_id)
        if rule is not None:
            stmt = stmt.where(table.rule == rule)
        for u, r, status, n in conn.execute(stmt):
            out.setdefault((int(u), r), {})[status] = int(n)
    return out


def _figures(counts: dict[str, int]) -> RulePrecision:
    return RulePrecision(counts.get("confirmed", 0), counts.get("rejected", 0),
                         counts.get("agreed", 0), counts.get("disagreed", 0))


def rule_precision(conn: Connection | Engine, unit_id: int, rule: str) -> RulePrecision:
    """One unit's own desks, one rule (unscoped: callers check the scope)."""
    with reading(conn) as c:
        counts = _counts(c, Unit.id == unit_id, unit_id, rule)
    return _figures(counts.get((int(unit_id), rule), {}))


def precision_table(conn: Connection | Engine, scope: Scope) -> tuple[PrecisionRow, ...]:
    """Every unit of the scope with desks, each rule: the figures and the count mode, in tree order."""
    with reading(conn) as c:
        units = c.execute(select(Unit.id, Unit.path).where(scope.unit_clause(Unit.path),
                                                           Unit.id.in_(select(Desk.unit_id)))).all()
        counts = _counts(c, scope.unit_clause(Unit.path))
        modes = {(int(u), r) for u, r in c.execute(
            select(ComplianceCountMode.unit_id, ComplianceCountMode.rule)
            .where(ComplianceCountMode.without_confirmation.is_(True)))}
        labels = _unit_labels(c, {int(u) for u, _ in units})
    order = sorted(units, key=lambda r: tuple(int(x) for x in r[1].strip("/").split("/") if x))
    return tuple(PrecisionRow(int(u), labels.get(int(u), ""), rule, _figures(counts.get((int(u), rule), {})),
                              (int(u), rule) in modes)
                 for u, _ in order for rule in RULES)
