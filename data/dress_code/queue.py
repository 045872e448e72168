"""The review queue: what in a scope waits for a supervisor's decision — pending violations and
pending PASS samples — oldest first, a page at a time, with a count of what is left.

A PASS sample's start and end are both its observation time. Rows are frozen records; the page draws
the evidence (`evidence_path`, resolved under the evidence root by data.evidence_files) with the
person's box and the rule's score.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, String, func, literal, select, union_all
from sqlalchemy import cast as sql_cast

from data.access import Scope
from data.db import reading
from data.schema import CompliancePassSample, ComplianceViolation, Desk, Unit
from domain.dress_code import PassSampleStatus, ViolationStatus
from domain.timezone import LOCAL_TZ, as_utc

VIOLATION, PASS_SAMPLE = "violation", "pass_sample"


@dataclass(frozen=True)
class QueueItem:
    id: int
    kind: str  # violation | pass_sample
    desk_id: int
    desk_code: str
    desk_name: str
    unit_id: int
    unit_label: str  # 'Huyện Bình Gia › Xã Hoa Thám'
    rule: str  # badge | uniform
    start_at: dt.datetime  # UTC
    end_at: dt.datetime  # UTC
    score: float | None
    person_box: list | None  # [x1, y1, x2, y2] px in the evidence picture
    evidence_path: str | None  # untrusted: resolve under the evidence root
    crop_path: str | None
    model_version: str | None

    @property
    def local_day(self) -> dt.date:
        """The desk-day a batch confirmation takes (data.dress_code.decisions.confirm_desk_day)."""
        return self.start_at.astimezone(LOCAL_TZ).date()


@dataclass(frozen=True)
class QueuePage:
    items: tuple[QueueItem, ...]
    violations_left: int  # pending violations in the scope (and filters), all pages
    samples_left: int  # pending PASS samples likewise
    page: int
    page_size: int

    @property
    def total_left(self) -> int:
        return self.violations_left + self.samples_left

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total_left // self.page_size))


def _parts(scope: Scope, unit_id: int | None, rule: str | None, kinds: tuple[str, ...]):
    v, s = ComplianceViolation, CompliancePassSample
    parts = []
    for kind, table, start, end, status in (
            (VIOLATION, v, v.start_at, v.end_at, ViolationStatus.PENDING.value),
            (PASS_SAMPLE, s, s.observed_at, s.observed_at, PassSampleStatus.PENDING.value)):
        if kind not in kinds:
            continue
        stmt = (select(table.id.label("id"), literal(kind).label("kind"), table.desk_id.label("desk_id"),
                       table.rule.label("rule"), start.label("start_at"), end.label("end_at"),
                       table.score.label("score"), sql_cast(table.person_box, String).label("person_box"),
                       table.evidence_path.label("evidence_path"), table.crop_path.label("crop_path"),
                       table.model_version.label("model_version"))
                .join(Desk, Desk.id == table.desk_id).join(Unit, Unit.id == Desk.unit_id)
                .where(table.status == status, scope.unit_clause(Unit.path)))
        if unit_id is not None:
            root_path = select(Unit.path).where(Unit.id == unit_id).scalar_subquery()
            stmt = stmt.where(Unit.path.startswith(root_path))
        if rule is not None:
            stmt = stmt.where(table.rule == rule)
        parts.append((kind, stmt))
    return parts


def pending_queue(conn: Connection | Engine, scope: Scope, *, unit_id: int | None = None, rule: str | None = None,
                  kinds: tuple[str, ...] = (VIOLATION, PASS_SAMPLE), page: int = 0,
                  page_size: int = 20) -> QueuePage:
    """Pending items of the scope (optionally one unit's subtree, one rule, some kinds), oldest first."""
    if page < 0 or page_size < 1:
        raise ValueError("trang không hợp lệ (page must be ≥ 0 and page size ≥ 1)")
    parts = _parts(scope, unit_id, rule, kinds)
    with reading(conn) as c:
        if unit_id is not None:
            scope.require_unit(c, unit_id)
        left = {kind: int(c.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())
                for kind, stmt in parts}
        rows = []
        if parts:
            both = union_all(*(stmt for _, stmt in parts)).subquery()
            rows = c.execute(select(both, Desk.code, Desk.name, Desk.unit_id).join(Desk, Desk.id == both.c.desk_id)
                             .order_by(both.c.start_at, both.c.kind.desc(), both.c.id)
                             .limit(page_size).offset(page * page_size)).all()
        labels = _unit_labels(c, {int(r.unit_id) for r in rows})
    items = tuple(QueueItem(
        int(r.id), r.kind, int(r.desk_id), r.code, r.name, int(r.unit_id), labels.get(int(r.unit_id), ""), r.rule,
        as_utc(r.start_at), as_utc(r.end_at), r.score, json.loads(r.person_box) if r.person_box else None,
        r.evidence_path, r.crop_path, r.model_version) for r in rows)
    return QueuePage(items, left.get(VIOLATION, 0), left.get(PASS_SAMPLE, 0), page, page_size)


def _unit_labels(conn: Connection, unit_ids: set[int]) -> dict[int, str]:
    """'Huyện Bình Gia › Xã Hoa Thám': names below the top of the tree (as the review labels units)."""
    if not unit_ids:
        return {}
    paths = dict(conn.execute(select(Unit.id, Unit.path).where(Unit.id.in_(unit_ids))).all())
    ancestors = {int(x) for p in paths.values() for x in p.strip("/").split("/") if x}
    names = dict(conn.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ancestors))).all())
    out = {}
    for uid, path in paths.items():
        ids = [int(x) for x in path.strip("/").split("/") if x]
        out[int(uid)] = " › ".join(names[x] for x in ids[1:]) if len(ids) > 1 else names[int(uid)]
    return out
