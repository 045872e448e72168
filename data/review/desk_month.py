"""Per-desk figures of a period: coverage, absence incidents, late openings and early closings.

Everything heavy runs in the store (sums per desk, day and state; the
absence runs), so the whole province's month comes back as a few tens of
thousands of numbers rather than ~100k intervals.

Definitions (the review page, its exports and the province overview share them):
* coverage = present / (office − offline) time, `data.presence.coverage.coverage_rate`;
  office time is every non-OFF_HOURS second (the worker writes OFF_HOURS by the schedule).
* incidents: ABSENT runs ≥ the desk's unit's incident_min_s (its presence policy,
  `data.presence.policy`; the rule is domain.presence_policy's); an excused incident
  is counted in `excused`, not in incidents / incident_s / longest_s.
* late opening: on a day the unit opens (its schedule; holidays excluded), the desk's first
  PRESENT starts more than `grace_s` after opening, with ABSENT time before it (a camera
  outage alone is not blamed on the staff). A day without any PRESENT is neither late nor
  early: it shows as absence incidents.
* early closing: the last PRESENT ends more than `grace_s` before closing, with ABSENT time after it.
* compliance = PASS / (PASS + FAIL) dress-code samples in percent, a FAIL counting only inside a
  counted violation of its desk and rule (UNKNOWN and unconfirmed FAIL never count; data.dress_code.counting);
  violations: the worker's compliance_violation windows that count (confirmed, or pending under the
  unit's count mode; never rejected), excused ones left out.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine

from data.access import Scope
from data.presence.coverage import coverage_rate
from data.review.compliance import compliance_rate
from data.review.desk_days import DayDetail, day_detail, period_span  # noqa: F401 - period_span is part of this API

GRACE_S = 900.0
FIGURES = ["present_s", "office_s", "offline_s", "coverage", "incidents", "incident_s", "longest_s", "excused",
           "late_openings", "early_closings", "compliance", "checks_passed", "checks_failed", "violations"]
DESK_FIGURE_COLUMNS = ["desk_id", "unit_id", *FIGURES]


def desk_period_figures(conn: Connection | Engine, scope: Scope, unit_id: int | None, start: dt.date,
                        end: dt.date, *, grace_s: float = GRACE_S,
                        incident_min_s: float | None = None) -> pd.DataFrame:
    """One row per desk of the subtree (active desks, and inactive ones that were watched in the period).

    Incidents count by each desk's presence policy; `incident_min_s` overrides it for all desks.
    """
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return desk_period_figures(c, scope, unit_id, start, end, grace_s=grace_s,
                                       incident_min_s=incident_min_s)
    return per_desk(day_detail(conn, scope, unit_id, start, end, grace_s, incident_min_s))


def per_desk(detail: DayDetail) -> pd.DataFrame:
    desks = detail.desks.set_index("desk_id")
    totals = add_up(detail.days, ["desk_id"]).set_index("desk_id").reindex(desks.index)
    out = pd.concat([desks[["unit_id"]], totals], axis=1)
    out = fill_missing(out)
    out = out[desks["active"].astype(bool) | (out["office_s"] > 0)]
    return out.reset_index()[DESK_FIGURE_COLUMNS]


def add_up(days: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum desk-day rows by `keys` (longest is a max), then coverage from the summed times (one formula)."""
    sums = {c: "sum" for c in ("present_s", "office_s", "offline_s", "incidents", "incident_s", "excused",
                               "late", "early", "checks_passed", "checks_failed", "violations")}
    out = days.groupby(keys, as_index=False).agg({**sums, "longest_s": "max"})
    out = out.rename(columns={"late": "late_openings", "early": "early_closings"})
    out["coverage"] = coverage_column(out)
    out["compliance"] = pd.array([compliance_rate(p, f) for p, f in zip(out["checks_passed"], out["checks_failed"])],
                                 dtype="Float64")
    return out[keys + FIGURES]


def coverage_column(df: pd.DataFrame) -> pd.arrays.FloatingArray:
    return pd.array([coverage_rate(p, o, f) for p, o, f in zip(df["present_s"], df["office_s"], df["offline_s"])],
                    dtype="Float64")


def fill_missing(df: pd.DataFrame) -> pd.DataFrame:
    """Rows with no desk-day (nothing watched, no incident): zero times and counts, unknown coverage."""
    for col in ("present_s", "office_s", "offline_s", "incident_s", "longest_s"):
        df[col] = df[col].fillna(0.0).astype(float).round(3)
    for col in ("incidents", "excused", "late_openings", "early_closings", "checks_passed", "checks_failed",
                "violations"):
        df[col] = df[col].fillna(0).astype("int64")
    for col in ("coverage", "compliance"):
        df[col] = df[col].astype("Float64")
    return df

