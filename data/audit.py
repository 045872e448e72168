"""The audit log: who looked at or changed what, and when.

`record` appends one row inside the caller's transaction, so an audited write
and its log line commit or roll back together. The table refuses UPDATE and
DELETE (triggers, migration 0004) and, on SQLite, an INSERT that would replace a
row (REPLACE, upsert; migration 0005). On PostgreSQL the app runs as a role that
does not own the table (data/roles.py). `search` serves the administrators' page.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, String, cast, func, insert, or_, select

from data.schema import AuditEntry, Unit

SYSTEM_ACTOR = "system"

# Actions other code writes; search accepts any string, this only documents them.
ACTIONS = (
    "sign_in", "sign_in_failed", "sign_out", "live_view", "evidence_view", "export",
    "excuse", "withdraw", "explain", "reject", "inspection_create", "inspection_edit",
    "config_change", "account_change", "purge", "import", "dress_decision",
    "camera_check",  # Cấu hình's connection test of a stored camera (data.camera_probe)
)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def record(
    conn: Connection,
    actor: str,
    action: str,
    target: str | None = None,
    unit_id: int | None = None,
    detail: dict | None = None,
) -> None:
    """Append one audit row at UTC now (inside the caller's transaction)."""
    if not actor or not action:
        raise ValueError("nhật ký truy cập cần người thực hiện và hành động (audit entry needs actor and action)")
    if len(action) > 32:
        raise ValueError(f"hành động quá dài: {action!r} (action longer than 32 characters)")
    conn.execute(
        insert(AuditEntry).values(
            at=_utcnow(), actor=actor[:200], action=action, target=target, unit_id=unit_id, detail=detail
        )
    )


def record_now(engine: Engine, actor: str, action: str, target: str | None = None,
               unit_id: int | None = None, detail: dict | None = None) -> None:
    """For reads (a page view) that have no transaction of their own."""
    with engine.begin() as conn:
        record(conn, actor, action, target=target, unit_id=unit_id, detail=detail)


@dataclass(frozen=True)
class AuditQuery:
    actor: str | None = None  # exact username
    action: str | None = None  # exact action
    start: dt.datetime | None = None  # inclusive, aware
    end: dt.datetime | None = None  # exclusive, aware
    text: str | None = None  # substring of target, actor or detail
    page: int = 0
    page_size: int = 50


@dataclass(frozen=True)
class AuditPage:
    rows: pd.DataFrame  # at (UTC), actor, action, target, unit, detail
    total: int
    page: int
    page_size: int

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _filters(q: AuditQuery) -> list:
    conds = []
    if q.actor:
        conds.append(AuditEntry.actor == q.actor)
    if q.action:
        conds.append(AuditEntry.action == q.action)
    if q.start is not None:
        conds.append(AuditEntry.at >= q.start)
    if q.end is not None:
        conds.append(AuditEntry.at < q.end)
    if q.text:
        like = f"%{q.text.lower()}%"
        conds.append(or_(
            func.lower(func.coalesce(AuditEntry.target, "")).like(like),
            func.lower(AuditEntry.actor).like(like),
            func.lower(func.coalesce(cast(AuditEntry.detail, String), "")).like(like),
        ))
    return conds


def search(conn: Connection | Engine, query: AuditQuery = AuditQuery()) -> AuditPage:
    """Newest first, one page at a time."""
    if query.page < 0 or query.page_size < 1:
        raise ValueError("trang không hợp lệ (page must be ≥ 0 and page size ≥ 1)")
    conds = _filters(query)
    count_stmt = select(func.count()).select_from(AuditEntry).where(*conds)
    stmt = (
        select(AuditEntry.id, AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.target,
               Unit.name.label("unit"), AuditEntry.detail)
        .outerjoin(Unit, Unit.id == AuditEntry.unit_id)
        .where(*conds)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(query.page_size)
        .offset(query.page * query.page_size)
    )
    if isinstance(conn, Engine):
        with conn.connect() as c:
            total = c.execute(count_stmt).scalar_one()
            rows = c.execute(stmt).all()
    else:
        total = conn.execute(count_stmt).scalar_one()
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["id", "at", "actor", "action", "target", "unit", "detail"])
    if not frame.empty:
        frame["at"] = pd.to_datetime(frame["at"], utc=True)
    return AuditPage(rows=frame, total=int(total), page=query.page, page_size=query.page_size)


def distinct_actions(conn: Connection | Engine) -> list[str]:
    stmt = select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return list(c.execute(stmt).scalars())
    return list(conn.execute(stmt).scalars())
