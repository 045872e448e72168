"""A period's presence per desk and local day: the figures every review table adds up.

One pass over the period's office-state intervals in the store (sums per
desk, day and state, and the bare ABSENT rows in the same UNION ALL), then
vectorised pandas (the absence runs among them): nothing loops over
intervals in Python.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, func, literal, select, union_all

from data.access import Scope
from data.presence.incidents import Policies
from data.presence.policy import policies_for_units
from data.review.absences import runs_from
from data.review.compliance import check_days, violations
from data.review.frames import frame
from data.review.notes import excused_keys, notes_for, start_ms
from data.review.office_days import office_days
from data.review.period_rows import clipped_rows
from data.review.sql_time import DAY_S, day_number, local_offset_s
from data.review.subtree import subtree_clause
from data.schema import Desk, Unit
from domain.presence_policy import DEFAULT_POLICY, PresencePolicy
from domain.states import DeskStateName
from domain.timezone import local_day_start_utc

# As the store holds them.
PRESENT, ABSENT, OFFLINE = DeskStateName.PRESENT.value, DeskStateName.ABSENT.value, DeskStateName.OFFLINE.value

SCAN_COLUMNS = ["desk_id", "day", "state", "seconds", "first_s", "last_s"]
DAY_FIGURES = ["present_s", "absent_s", "offline_s", "office_s", "incidents", "incident_s", "longest_s", "excused",
               "late", "early", "checks_passed", "checks_failed", "checks_unknown", "violations"]
COUNTS = ("incidents", "excused", "late", "early", "checks_passed", "checks_failed", "checks_unknown", "violations")


def period_span(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Local days start..end inclusive as a UTC [lo, hi)."""
    if end < start:
        raise ValueError(f"ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y} (end before start)")
    return local_day_start_utc(start), local_day_start_utc(end + dt.timedelta(days=1))


@dataclass(frozen=True)
class DayDetail:
    desks: pd.DataFrame  # desk_id, unit_id, active
    days: pd.DataFrame  # desk_id, day (sql_time day number), *DAY_FIGURES
    runs: pd.DataFrame  # desk_id, day, start_s, end_s, seconds, excused — every absence incident
    violations: pd.DataFrame  # compliance.VIOLATION_COLUMNS (status, counted) + day, excused
    notes: pd.DataFrame  # notes.NOTE_COLUMNS: every excuse, withdrawal and explanation of the period


def day_detail(conn: Connection, scope: Scope, unit_id: int | None, start: dt.date, end: dt.date,
               grace_s: float, incident_min_s: float | None = None) -> DayDetail:
    """Each desk's incidents by its unit's presence policy; `incident_min_s` overrides it for all desks."""
    where = subtree_clause(conn, scope, unit_id)
    lo_at, hi_at = period_span(start, end)
    lo, hi = lo_at.timestamp(), hi_at.timestamp()
    desks = frame(conn, select(Desk.id, Desk.unit_id, Desk.active).join(Unit, Unit.id == Desk.unit_id)
                  .where(where).order_by(Desk.id), ["desk_id", "unit_id", "active"])
    desks = desks.astype({"desk_id": "int64", "unit_id": "int64", "active": bool})
    offset = local_offset_s(start)
    scan, runs = period_scan(conn, where, lo, hi, desk_policies(conn, desks, incident_min_s), offset)
    notes = notes_for(conn, [int(i) for i in desks["desk_id"]], lo_at, hi_at)
    excused = excused_keys(notes)
    runs["excused"] = pd.Series([(int(d), "absence", start_ms(float(s))) in excused
                                 for d, s in zip(runs["desk_id"], runs["start_s"])], index=runs.index, dtype=bool)
    runs.insert(1, "day", ((runs["start_s"] + offset) // DAY_S).astype("int64"))
    found = violations(conn, where, lo_at, hi_at, offset)
    found["excused"] = pd.Series([(int(d), k, start_ms(t)) in excused
                                  for d, k, t in zip(found["desk_id"], found["rule"], found["start_at"])],
                                 index=found.index, dtype=bool)
    checks = check_days(conn, where, lo_at, hi_at, offset)
    opening = office_days(conn, desks["unit_id"].unique(), start, end)
    desk_unit = desks.set_index("desk_id")["unit_id"]
    days = per_desk_day(scan, runs, opening, desk_unit, grace_s, checks, found)
    return DayDetail(desks, days, runs, found, notes)


def desk_policies(conn: Connection, desks: pd.DataFrame, incident_min_s: float | None) -> Policies:
    """desk id → its unit's presence policy (two small queries for any number of desks)."""
    if incident_min_s is not None:
        return PresencePolicy(incident_min_s=incident_min_s)
    by_unit = policies_for_units(conn, desks["unit_id"].unique())
    by_desk = {int(d): by_unit[int(u)] for d, u in zip(desks["desk_id"], desks["unit_id"])}
    return lambda desk_id: by_desk.get(desk_id, DEFAULT_POLICY)


def period_scan(conn: Connection, where, lo: float, hi: float, policy: Policies,
                offset: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per desk, local day number and state: clipped seconds, earliest start, latest end; absence runs)."""
    rows = clipped_rows(where, lo, hi, (PRESENT, ABSENT, OFFLINE), "office_rows")
    day = day_number(rows.c.s + offset)
    days = (
        select(rows.c.desk_id, day, rows.c.state, func.sum(rows.c.e - rows.c.s), func.min(rows.c.s),
               func.max(rows.c.e))
        .group_by(rows.c.desk_id, day, rows.c.state)
    )
    # The ABSENT rows themselves ride along in the same result (state 'ROW'), for the runs.
    absent = select(rows.c.desk_id, literal(-1), literal("ROW"), literal(0.0), rows.c.s, rows.c.e) \
        .where(rows.c.state == ABSENT)
    both = frame(conn, union_all(days, absent), SCAN_COLUMNS)
    both["desk_id"] = both["desk_id"].astype("int64")
    both["day"] = both["day"].astype("int64")
    for col in ("seconds", "first_s", "last_s"):
        both[col] = both[col].astype(float).round(3)
    is_row = both["state"] == "ROW"
    runs = runs_from(both.loc[is_row, ["desk_id", "first_s", "last_s"]].set_axis(["desk_id", "s", "e"], axis=1),
                     policy)
    return both[~is_row].reset_index(drop=True), runs


def per_desk_day(scan: pd.DataFrame, runs: pd.DataFrame, opening: pd.DataFrame, desk_unit: pd.Series,
                 grace_s: float, checks: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """Pure: one row per desk and day with office time or an incident (tests feed it hand-made frames)."""
    keys = ["desk_id", "day"]
    seconds = {state: scan.loc[scan["state"] == state].groupby(keys)["seconds"].sum()
               for state in (PRESENT, ABSENT, OFFLINE)}
    counted = runs[~runs["excused"]].groupby(keys)["seconds"]
    parts = {
        "present_s": seconds[PRESENT], "absent_s": seconds[ABSENT], "offline_s": seconds[OFFLINE],
        "incidents": counted.size(), "incident_s": counted.sum(), "longest_s": counted.max(),
        "excused": runs[runs["excused"]].groupby(keys).size(),
    }
    late, early = late_early(scan, opening, desk_unit, grace_s)
    parts["late"], parts["early"] = late, early
    checks = checks.set_index(keys)
    for name in ("checks_passed", "checks_failed", "checks_unknown"):
        parts[name] = checks[name]
    parts["violations"] = found[found["counted"] & ~found["excused"]].groupby(keys).size()
    named = [parts[n].rename(n) for n in DAY_FIGURES if n != "office_s"]
    out = pd.concat(named, axis=1).fillna(0)  # aligned on the union of (desk, day) pairs
    out.index = out.index.set_names(keys)
    out = out.sort_index()
    out["office_s"] = (out["present_s"] + out["absent_s"] + out["offline_s"]).round(3)
    for name in COUNTS:
        out[name] = out[name].astype("int64")
    for name in ("present_s", "absent_s", "offline_s", "incident_s", "longest_s"):
        out[name] = out[name].astype(float)
    return out.reset_index()[keys + DAY_FIGURES]


def late_early(scan: pd.DataFrame, opening: pd.DataFrame, desk_unit: pd.Series,
               grace_s: float) -> tuple[pd.Series, pd.Series]:
    """Per (desk_id, day): was the opening late, the closing early (see desk_month's definitions)."""
    keys = ["desk_id", "day"]
    empty = pd.Series(dtype="int64", index=pd.MultiIndex.from_tuples([], names=keys))
    keep = [*keys, "first_s", "last_s"]
    present = scan.loc[scan["state"] == PRESENT, keep]
    absent = scan.loc[scan["state"] == ABSENT, keep]
    if present.empty or absent.empty:
        return empty, empty
    both = present.merge(absent, on=keys, suffixes=("", "_absent"))
    both["unit_id"] = both["desk_id"].map(desk_unit)
    both = both.merge(opening, on=["unit_id", "day"], how="inner").set_index(keys)
    late = (both["first_s"] > both["open_s"] + grace_s) & (both["first_s_absent"] < both["first_s"])
    early = (both["last_s"] < both["close_s"] - grace_s) & (both["last_s_absent"] > both["last_s"])
    return late.astype("int64"), early.astype("int64")
