"""Per-desk figures of a period: coverage, absence incidents, late openings and early closings.

Everything heavy runs in the store (sums per desk, day and state; the
absence runs), so the whole province's month comes back as a few tens of
thousands of numbers rather than ~100k intervals.

Definitions (the review page, its exports and the province overview share them):
* coverage = present / (office − offline) time, `data.presence.coverage.coverage_rate`;
  office time is every non-OFF_HOURS second (the worker writes OFF_HOURS by the schedule).
* incidents: ABSENT runs ≥ INCIDENT_MIN_S (`data.review.absences`); an excused incident
  is counted in `excused`, not in incidents / incident_s / longest_s.
* late opening: on a day the unit opens (its schedule; holidays excluded), the desk's first
  PRESENT starts more than `grace_s` after opening, with ABSENT time before it (a camera
  outage alone is not blamed on the staff). A day without any PRESENT is neither late nor
  early: it shows as absence incidents.
* early closing: the last PRESENT ends more than `grace_s` before closing, with ABSENT time after it.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, func, select, union_all

from data.access import Scope
from data.presence.coverage import coverage_rate
from data.presence.incidents import INCIDENT_MIN_S
from data.review.absences import RUN_COLUMNS, absence_runs_select
from data.review.notes import excused_keys, notes_for
from data.review.office_days import office_days
from data.review.frames import frame
from data.review.period_rows import clipped_rows
from data.review.sql_time import day_number, local_offset_s
from data.review.subtree import subtree_clause
from data.schema import Desk, Unit
from data.timezone import local_day_start_utc

GRACE_S = 900.0
DESK_FIGURE_COLUMNS = ["desk_id", "unit_id", "present_s", "office_s", "offline_s", "coverage", "incidents",
                       "incident_s", "longest_s", "excused", "late_openings", "early_closings"]
DAY_COLUMNS = ["desk_id", "day", "state", "seconds", "first_s", "last_s"]


def period_span(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Local days start..end inclusive as a UTC [lo, hi)."""
    if end < start:
        raise ValueError(f"ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y} (end before start)")
    return local_day_start_utc(start), local_day_start_utc(end + dt.timedelta(days=1))


def desk_period_figures(conn: Connection | Engine, scope: Scope, unit_id: int | None, start: dt.date,
                        end: dt.date, *, grace_s: float = GRACE_S,
                        incident_min_s: float = INCIDENT_MIN_S) -> pd.DataFrame:
    """One row per desk of the subtree (active desks, and inactive ones that were watched in the period)."""
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return desk_period_figures(c, scope, unit_id, start, end, grace_s=grace_s,
                                       incident_min_s=incident_min_s)
    where = subtree_clause(conn, scope, unit_id)
    lo_at, hi_at = period_span(start, end)
    lo, hi = lo_at.timestamp(), hi_at.timestamp()
    desks = frame(conn, select(Desk.id, Desk.unit_id, Desk.active).join(Unit, Unit.id == Desk.unit_id)
                  .where(where).order_by(Desk.id), ["desk_id", "unit_id", "active"])
    days, runs = period_scan(conn, where, lo, hi, incident_min_s)
    notes = notes_for(conn, [int(i) for i in desks["desk_id"]], lo_at, hi_at)
    excused = excused_keys(notes)
    runs["excused"] = pd.Series([(int(d), "absence", int(round(s * 1000))) in excused
                                 for d, s in zip(runs["desk_id"], runs["start_s"])], index=runs.index, dtype=bool)
    opening = office_days(conn, desks["unit_id"].unique(), start, end)
    return figures_from(desks, days, runs, opening, grace_s)


def period_scan(conn: Connection, where, lo: float, hi: float,
                incident_min_s: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(desk days, absence runs) from one pass over the period's office-state intervals.

    Desk days: per desk, local day number and state, the clipped seconds, earliest
    start and latest end (epoch seconds). Runs: desk_id, start_s, end_s, seconds.
    """
    rows = clipped_rows(where, lo, hi, ("PRESENT", "ABSENT", "OFFLINE"), "office_rows")
    day = day_number(rows.c.s + local_offset_s(dt.datetime.fromtimestamp(lo, dt.UTC).date()))
    days = (
        select(rows.c.desk_id, day, rows.c.state, func.sum(rows.c.e - rows.c.s), func.min(rows.c.s),
               func.max(rows.c.e))
        .group_by(rows.c.desk_id, day, rows.c.state)
    )
    both = frame(conn, union_all(days, absence_runs_select(rows, incident_min_s)), DAY_COLUMNS)
    both["desk_id"] = both["desk_id"].astype("int64")
    both["day"] = both["day"].astype("int64")  # days since 1970-01-01, local (sql_time.day_of gives the date)
    for col in ("seconds", "first_s", "last_s"):
        both[col] = both[col].astype(float).round(3)
    is_run = both["state"] == "RUN"
    runs = both.loc[is_run, ["desk_id", "first_s", "last_s", "seconds"]].set_axis(RUN_COLUMNS, axis=1)
    runs = runs.sort_values(["desk_id", "start_s"]).reset_index(drop=True)
    runs["seconds"] = (runs["end_s"] - runs["start_s"]).round(3)
    return both[~is_run].reset_index(drop=True), runs


def figures_from(desks: pd.DataFrame, days: pd.DataFrame, runs: pd.DataFrame, opening: pd.DataFrame,
                 grace_s: float) -> pd.DataFrame:
    """Pure: the per-desk table from the three reads (tests feed it hand-made frames too)."""
    by_state = {state: days.loc[days["state"] == state].groupby("desk_id")["seconds"].sum()
                for state in ("PRESENT", "ABSENT", "OFFLINE")}
    out = desks[["desk_id", "unit_id", "active"]].set_index("desk_id")
    out["present_s"] = by_state["PRESENT"].reindex(out.index, fill_value=0.0).astype(float).round(3)
    out["offline_s"] = by_state["OFFLINE"].reindex(out.index, fill_value=0.0).astype(float).round(3)
    out["office_s"] = sum(v.reindex(out.index, fill_value=0.0).astype(float) for v in by_state.values()).round(3)
    out = out[out["active"].astype(bool) | (out["office_s"] > 0)].drop(columns="active")
    out["coverage"] = pd.array([coverage_rate(p, o, f) for p, o, f in
                                zip(out["present_s"], out["office_s"], out["offline_s"])], dtype="Float64")

    counted = runs[~runs["excused"]]
    g = counted.groupby("desk_id")["seconds"]
    out["incidents"] = g.size().reindex(out.index, fill_value=0).astype("int64")
    out["incident_s"] = g.sum().reindex(out.index, fill_value=0.0).astype(float)
    out["longest_s"] = g.max().reindex(out.index, fill_value=0.0).astype(float)
    out["excused"] = runs[runs["excused"]].groupby("desk_id").size().reindex(out.index, fill_value=0).astype("int64")

    late, early = late_early(days, opening, out["unit_id"], grace_s)
    out["late_openings"] = late.reindex(out.index, fill_value=0).astype("int64")
    out["early_closings"] = early.reindex(out.index, fill_value=0).astype("int64")
    return out.reset_index()[DESK_FIGURE_COLUMNS]


def late_early(days: pd.DataFrame, opening: pd.DataFrame, desk_unit: pd.Series,
               grace_s: float) -> tuple[pd.Series, pd.Series]:
    """Counts of late-opening and early-closing days per desk (see the module's definitions)."""
    empty = pd.Series(dtype="int64")
    keep = ["desk_id", "day", "first_s", "last_s"]
    present = days.loc[days["state"] == "PRESENT", keep]
    absent = days.loc[days["state"] == "ABSENT", keep]
    if present.empty or absent.empty:
        return empty, empty
    both = present.merge(absent, on=["desk_id", "day"], suffixes=("", "_absent"))
    both["unit_id"] = both["desk_id"].map(desk_unit)
    both = both.merge(opening, on=["unit_id", "day"], how="inner")
    late = (both["first_s"] > both["open_s"] + grace_s) & (both["first_s_absent"] < both["first_s"])
    early = (both["last_s"] < both["close_s"] - grace_s) & (both["last_s_absent"] > both["last_s"])
    return (late.groupby(both["desk_id"]).sum(), early.groupby(both["desk_id"]).sum())

