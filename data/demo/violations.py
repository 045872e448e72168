"""Demo dress-code violations, one around each FAIL check, with the statuses a running province shows:
older ones decided by an inspector (most confirmed, some rejected), the last days' still pending
(chờ xác nhận), so the review counts confirmed violations and the confirmation queue has work.

Statuses and decision times come from a hash of the violation (desk, time, rule), not from the
generator the rest of the demo draws from: the demo stays deterministic and adding violations moved
no other figure.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from sqlalchemy import Connection, insert

from data.schema import ComplianceViolation

if TYPE_CHECKING:  # presence.py calls this module
    from data.demo.presence import PresenceWindow

DAY_S = 86_400

RECENT_DAYS = 5  # violations of the window's last days are not decided yet
REJECTED_SHARE = 0.15  # about the share a supervisor finds wrong among decided ones
INSPECTORS = ("thanhtra.tinh", "thanhtra.huyen", "kiemtra.noivu")
HALF_S = 60  # the violation window around its FAIL check (inside the PRESENT stretch the check was in)


def _draw(desk_id: int, t: int, rule: str, salt: str) -> float:
    digest = hashlib.sha256(f"{desk_id}:{t}:{rule}:{salt}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def violation_rows(checks: list, window: PresenceWindow) -> list[dict]:
    """Pure: checks are (desk_id, staff_id, seconds after the window start, rule, result, score)."""
    base = window.start_utc
    rows = []
    for desk_id, _staff, t, rule, result, score in checks:
        if result != "FAIL":
            continue
        start = base + dt.timedelta(seconds=t - HALF_S)
        row = {"desk_id": desk_id, "rule": rule, "start_at": start, "end_at": start + dt.timedelta(seconds=2 * HALF_S),
               "samples": 4, "fail_samples": 3, "score": score, "status": "pending", "model_version": "demo"}
        if t // DAY_S < window.days - RECENT_DAYS:
            decided = start + dt.timedelta(hours=20 + int(72 * _draw(desk_id, t, rule, "when")))
            rejected = _draw(desk_id, t, rule, "status") < REJECTED_SHARE
            row.update(status="rejected" if rejected else "confirmed",
                       decided_by=INSPECTORS[int(len(INSPECTORS) * _draw(desk_id, t, rule, "who"))],
                       decided_at=min(decided, window.end_utc))
        rows.append(row)
    return rows


def write_violations(conn: Connection, checks: list, window: PresenceWindow) -> int:
    rows = violation_rows(checks, window)
    keys = ("decided_by", "decided_at")
    rows = [{k: r.get(k) for k in (*rows[0].keys(), *keys)} for r in rows] if rows else []
    if rows:
        conn.execute(insert(ComplianceViolation), rows)
    return len(rows)
