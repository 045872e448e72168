"""The accounts an administrator may manage, as one table for the accounts page."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, select

from data.access import Scope
from data.db import reading
from data.schema import Staff, Unit, UserAccount
from domain.timezone import as_utc

COLUMNS = ["username", "display_name", "role", "unit_id", "unit", "staff_id", "staff", "active", "sso_only",
           "locked_until", "last_login_at"]


def _instant(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else as_utc(value)


def account_table(conn: Connection | Engine, scope: Scope, now: dt.datetime) -> pd.DataFrame:
    """One row per account inside the scope, by username; `locked_until` only while the lock still holds.

    Province-wide accounts (no unit) belong to province-wide scopes only. Never a password hash.
    """
    stmt = (select(UserAccount.username, UserAccount.display_name, UserAccount.role, UserAccount.unit_id, Unit.name,
                   UserAccount.staff_id, Staff.full_name, UserAccount.active, UserAccount.password_hash.is_(None),
                   UserAccount.locked_until, UserAccount.last_login_at)
            .outerjoin(Unit, Unit.id == UserAccount.unit_id).outerjoin(Staff, Staff.id == UserAccount.staff_id)
            .where(scope.unit_clause(Unit.path)).order_by(UserAccount.username))
    with reading(conn) as c:
        rows = c.execute(stmt).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=COLUMNS)
    now = as_utc(now)
    locked = [_instant(r.locked_until) for r in rows]
    frame["locked_until"] = pd.Series([v if v is not None and v > now else None for v in locked], dtype=object)
    frame["last_login_at"] = pd.Series([_instant(r.last_login_at) for r in rows], dtype=object)
    for col in ("unit_id", "staff_id"):
        frame[col] = frame[col].astype("Int64")
    frame["active"] = frame["active"].astype(bool)
    frame["sso_only"] = frame["sso_only"].astype(bool)
    return frame
