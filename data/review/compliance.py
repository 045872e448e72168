"""Dress-code checks and violations of a period, per desk and local day.

Rate = PASS / (PASS + FAIL) of compliance_observation samples, where a FAIL sample counts as FAIL
only inside a counted violation of the same desk and rule (start_at <= observed_at <= end_at); an
UNKNOWN sample (the camera could not tell) and a FAIL nobody confirmed count neither way and are
summed in `checks_unknown`. Violations are the worker's compliance_violation windows with their
`status` (pending "chờ xác nhận" / confirmed / rejected) and `counted` (data.dress_code.counting: confirmed,
or pending while the desk's unit counts the rule without confirmation); every one stays listed, only
counted ones that are not excused count.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, func, select
from sqlalchemy import case as sql_case

from data.dress_code.counting import counted_clause, counted_result
from data.review.frames import frame
from data.review.sql_time import DAY_S, day_number, epoch
from data.schema import ComplianceObservation, ComplianceViolation, Desk, Unit
from domain.timezone import as_utc

CHECK_COLUMNS = ["desk_id", "day", "checks_passed", "checks_failed", "checks_unknown"]
VIOLATION_COLUMNS = ["violation_id", "desk_id", "rule", "start_at", "end_at", "evidence_path", "samples",
                     "fail_samples", "status", "counted"]


def compliance_rate(passed: int, failed: int) -> float | None:
    """In percent, two decimals; None when no sample decided."""
    judged = passed + failed
    return None if judged <= 0 else round(100.0 * passed / judged, 2)


def check_days(conn: Connection, where, lo_at, hi_at, offset: int) -> pd.DataFrame:
    """Per desk and local day: PASS, counted FAIL, and UNKNOWN-or-unconfirmed-FAIL samples."""
    obs = ComplianceObservation
    day = day_number(epoch(obs.observed_at) + offset)
    result = counted_result(obs)

    def count(value: str):
        return func.sum(sql_case((result == value, 1), else_=0))

    stmt = (
        select(obs.desk_id, day, count("PASS"), count("FAIL"), count("UNKNOWN"))
        .where(obs.desk_id.in_(select(Desk.id).join(Unit, Unit.id == Desk.unit_id).where(where)),
               obs.observed_at >= lo_at, obs.observed_at < hi_at)
        .group_by(obs.desk_id, day)
    )
    df = frame(conn, stmt, CHECK_COLUMNS)
    return df.astype({c: "int64" for c in CHECK_COLUMNS})


def violations(conn: Connection, where, lo_at, hi_at, offset: int) -> pd.DataFrame:
    """Violations starting in the period, oldest first, with their status, whether they count, and their
    local day number."""
    v = ComplianceViolation
    rows = conn.execute(
        select(v.id, v.desk_id, v.rule, v.start_at, v.end_at, v.evidence_path, v.samples, v.fail_samples, v.status,
               counted_clause(v))
        .where(v.desk_id.in_(select(Desk.id).join(Unit, Unit.id == Desk.unit_id).where(where)),
               v.start_at >= lo_at, v.start_at < hi_at)
        .order_by(v.start_at, v.id)
    ).all()
    df = pd.DataFrame([tuple(r) for r in rows], columns=VIOLATION_COLUMNS)
    df["evidence_path"] = df["evidence_path"].astype(object)
    df["counted"] = df["counted"].astype(bool)
    for col in ("start_at", "end_at"):
        df[col] = pd.to_datetime([as_utc(x) for x in df[col]], utc=True)
    df["day"] = ((df["start_at"].map(lambda t: t.timestamp()) + offset) // DAY_S).astype("int64") \
        if not df.empty else pd.Series(dtype="int64")
    return df
