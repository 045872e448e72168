"""A unit's compliance rules in the store (compliance_rule rows: parameters per rule)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, insert, select, update

from data.schema import ComplianceRule as RuleRow
from domain.records import StoredRule
from domain.timezone import as_utc


def set_compliance_rule(conn: Connection, unit_id: int, rule: str, params: Mapping[str, Any], now: dt.datetime) -> None:
    """Store (insert or replace) one unit's parameters for one rule."""
    existing = conn.execute(
        select(RuleRow.id).where(RuleRow.unit_id == unit_id, RuleRow.rule == rule)
    ).scalar_one_or_none()
    values = {"params": dict(params), "updated_at": as_utc(now)}
    if existing is None:
        conn.execute(insert(RuleRow).values(unit_id=unit_id, rule=rule, **values))
    else:
        conn.execute(update(RuleRow).where(RuleRow.id == existing).values(**values))


def load_compliance_rules(conn: Connection, unit_id: int) -> list[StoredRule]:
    """The unit's stored rules, by rule name."""
    rows = conn.execute(
        select(RuleRow.unit_id, RuleRow.rule, RuleRow.params).where(RuleRow.unit_id == unit_id).order_by(RuleRow.rule)
    ).all()
    return [StoredRule(int(u), str(r), dict(p or {})) for u, r, p in rows]
