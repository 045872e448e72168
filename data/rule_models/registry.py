"""Versions of a rule's model in the store: add, list, read, promote (behind the gate), roll back.

One live version per rule (a partial unique index, migration 0007). Promoting or rolling back
retires the old live version, bumps the config revision (running workers reload) and writes an
audit row, all in the caller's transaction. A rollback goes back to a version that was live
before, without the gate (it was trusted once); a never-promoted candidate only goes live
through the gate.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select, update

from data import audit
from data.rule_models.gate import GateDecision, decide, held_out_of
from data.schema import RuleModelVersion as Row
from data.setup.changes import bump_revision
from domain.dress_code import RULES


class RegistryError(ValueError):
    """A registry request that cannot be done (unknown version, bad name); the message says why."""


class PromotionRefused(RegistryError):
    """The gate refused; `decision.reason` names the figures."""

    def __init__(self, decision: GateDecision) -> None:
        self.decision = decision
        super().__init__(decision.reason)


@dataclass(frozen=True)
class ModelVersion:
    """One registered version, without its payload."""

    rule: str
    version: str
    status: str  # candidate | live | retired
    parent_version: str | None
    threshold: float | None
    figures: Mapping[str, Any] = field(repr=False)
    sha256: str
    created_at: dt.datetime
    created_by: str | None
    promoted_at: dt.datetime | None
    promoted_by: str | None


_COLUMNS = (Row.rule, Row.version, Row.status, Row.parent_version, Row.threshold, Row.figures, Row.sha256,
            Row.created_at, Row.created_by, Row.promoted_at, Row.promoted_by)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _check_rule(rule: str) -> None:
    if rule not in RULES:
        raise RegistryError(f"quy tắc không rõ '{rule}' (unknown rule; known: {', '.join(RULES)})")


def _row(r) -> ModelVersion:
    return ModelVersion(r.rule, r.version, r.status, r.parent_version, r.threshold, dict(r.figures or {}), r.sha256,
                        r.created_at, r.created_by, r.promoted_at, r.promoted_by)


def add_version(conn: Connection, rule: str, version: str, payload: bytes, threshold: float | None,
                figures: Mapping[str, Any], parent: str | None, by: str) -> ModelVersion:
    """Register a candidate (not live); its name must be new for the rule."""
    _check_rule(rule)
    if not version or len(version) > 64 or version.strip() != version:
        raise RegistryError(f"tên phiên bản không hợp lệ {version!r} (version name: 1-64 characters, no outer spaces)")
    if get(conn, rule, version) is not None:
        raise RegistryError(f"{rule} {version} đã có (already registered)")
    conn.execute(insert(Row).values(
        rule=rule, version=version, parent_version=parent, status="candidate", threshold=threshold,
        figures=dict(figures), payload=bytes(payload), sha256=hashlib.sha256(payload).hexdigest(),
        created_at=_utcnow(), created_by=by))
    audit.record(conn, by, "model_register", target=f"{rule}:{version}",
                 detail={"rule": rule, "version": version, "parent": parent, "threshold": threshold})
    return get(conn, rule, version)  # type: ignore[return-value]


def versions(conn: Connection, rule: str) -> list[ModelVersion]:
    """Every version of the rule, newest first."""
    _check_rule(rule)
    rows = conn.execute(select(*_COLUMNS).where(Row.rule == rule).order_by(Row.created_at.desc(), Row.id.desc()))
    return [_row(r) for r in rows]


def get(conn: Connection, rule: str, version: str) -> ModelVersion | None:
    r = conn.execute(select(*_COLUMNS).where(Row.rule == rule, Row.version == version)).first()
    return None if r is None else _row(r)


def free_name(conn: Connection, rule: str, base: str) -> str:
    """`base`, or `base-2`, `base-3`… when taken (two versions made in the same minute)."""
    name, k = base, 2
    while get(conn, rule, name) is not None:
        name, k = f"{base}-{k}", k + 1
    return name


def live(conn: Connection, rule: str) -> ModelVersion | None:
    r = conn.execute(select(*_COLUMNS).where(Row.rule == rule, Row.status == "live")).first()
    return None if r is None else _row(r)


def payload(conn: Connection, rule: str, version: str) -> bytes:
    data = conn.execute(select(Row.payload).where(Row.rule == rule, Row.version == version)).scalar_one_or_none()
    if data is None:
        raise RegistryError(f"không có {rule} {version} (no such version)")
    return bytes(data)


def _need(conn: Connection, rule: str, version: str) -> ModelVersion:
    _check_rule(rule)
    found = get(conn, rule, version)
    if found is None:
        known = ", ".join(v.version for v in versions(conn, rule)) or "-"
        raise RegistryError(f"không có {rule} {version} (no such version; known: {known})")
    return found


def _make_live(conn: Connection, target: ModelVersion, by: str) -> tuple[str | None, int]:
    """Retire the live version, make `target` live, bump the revision; (previous live, new revision)."""
    previous = live(conn, target.rule)
    now = _utcnow()
    # Retire first: the partial unique index allows one live row per rule at any moment.
    conn.execute(update(Row).where(Row.rule == target.rule, Row.status == "live").values(status="retired"))
    conn.execute(update(Row).where(Row.rule == target.rule, Row.version == target.version)
                 .values(status="live", promoted_at=now, promoted_by=by))
    return (previous.version if previous else None), bump_revision(conn, by)


def promote(conn: Connection, rule: str, version: str, by: str,
            gate: Callable[..., GateDecision] = decide, force_reason: str | None = None) -> GateDecision:
    """Make `version` live if the gate allows it (raises PromotionRefused otherwise)."""
    target = _need(conn, rule, version)
    current = live(conn, rule)
    decision = gate(version, held_out_of(target.figures), current.version if current else None, force_reason)
    if not decision.allowed:
        raise PromotionRefused(decision)
    previous, revision = _make_live(conn, target, by)
    audit.record(conn, by, "model_promote", target=f"{rule}:{version}", detail={
        "rule": rule, "version": version, "previous": previous, "revision": revision, "forced": decision.forced,
        "reason": decision.reason, "province_test": dict(target.figures).get("province_test")})
    return decision


def rollback(conn: Connection, rule: str, version: str, by: str) -> str | None:
    """Make an earlier live version live again (always allowed, audited); returns the version it replaced."""
    target = _need(conn, rule, version)
    if target.status == "live":
        raise RegistryError(f"{rule} {version} đang được dùng ({version} is already live)")
    if target.promoted_at is None:
        raise RegistryError(
            f"{rule} {version} chưa từng được dùng: hãy dùng promote (qua kiểm tra số liệu) "
            f"({version} was never live: promote it, through the gate)")
    previous, revision = _make_live(conn, target, by)
    audit.record(conn, by, "model_rollback", target=f"{rule}:{version}",
                 detail={"rule": rule, "version": version, "previous": previous, "revision": revision})
    return previous


def ensure_registered(conn: Connection, rule: str, version: str, load_payload: Callable[[], bytes],
                      threshold: float | None, figures: Mapping[str, Any], by: str) -> bool:
    """Register a shipped version the first time the registry is used, live when nothing is;
    True when something was written. `load_payload` runs only then (a model file is megabytes)."""
    _check_rule(rule)
    wrote = False
    if get(conn, rule, version) is None:
        add_version(conn, rule, version, load_payload(), threshold, figures, None, by)
        wrote = True
    if live(conn, rule) is None and not any(v.promoted_at for v in versions(conn, rule)):
        target = _need(conn, rule, version)
        previous, revision = _make_live(conn, target, by)
        audit.record(conn, by, "model_promote", target=f"{rule}:{version}", detail={
            "rule": rule, "version": version, "previous": previous, "revision": revision, "forced": False,
            "reason": "bản đi kèm phần mềm, chưa có bản nào đang dùng (shipped version; nothing was live)"})
        wrote = True
    return wrote
