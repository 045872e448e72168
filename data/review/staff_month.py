"""Per staff member and desk: the desk-day figures of the days the roster put them at that desk."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, or_, select

from data.review.desk_days import DayDetail
from data.review.desk_month import add_up, fill_missing
from data.review.sql_time import day_count
from data.schema import RosterEntry, Staff

ROSTER_COLUMNS = ["desk_id", "staff_id", "staff_name", "first_day", "last_day"]  # day numbers, inclusive


def roster(conn: Connection, desk_ids: list[int], start: dt.date, end: dt.date) -> pd.DataFrame:
    """Roster entries overlapping [start, end], clipped to it (day numbers, see sql_time.day_count)."""
    if not desk_ids:
        return pd.DataFrame({c: pd.Series(dtype=object if c == "staff_name" else "int64") for c in ROSTER_COLUMNS})
    rows = conn.execute(
        select(RosterEntry.desk_id, RosterEntry.staff_id, Staff.full_name, RosterEntry.day_from, RosterEntry.day_to)
        .join(Staff, Staff.id == RosterEntry.staff_id)
        .where(RosterEntry.desk_id.in_(desk_ids), RosterEntry.day_from <= end,
               or_(RosterEntry.day_to.is_(None), RosterEntry.day_to >= start))
    ).all()
    return pd.DataFrame(
        [(int(d), int(s), n, day_count(max(a, start)), day_count(min(b or end, end))) for d, s, n, a, b in rows],
        columns=ROSTER_COLUMNS)


def on_duty(days: pd.DataFrame, entries: pd.DataFrame) -> pd.DataFrame:
    """Desk-day rows joined to the staff rostered there that day (a desk-day with two people counts for both)."""
    joined = days.merge(entries, on="desk_id")
    return joined[(joined["day"] >= joined["first_day"]) & (joined["day"] <= joined["last_day"])]


def per_staff(detail: DayDetail, entries: pd.DataFrame) -> pd.DataFrame:
    """staff_id, staff_name, desk_id, days (office days on duty), then desk_month.FIGURES."""
    duty = on_duty(detail.days, entries)
    figures = add_up(duty, ["staff_id", "desk_id"])
    office_days = duty[duty["office_s"] > 0].groupby(["staff_id", "desk_id"]).size().rename("days")
    people = entries.drop_duplicates(["staff_id", "desk_id"])[["staff_id", "staff_name", "desk_id"]]
    out = people.merge(figures, on=["staff_id", "desk_id"], how="left")
    out = out.merge(office_days.reset_index(), on=["staff_id", "desk_id"], how="left")
    out["days"] = out["days"].fillna(0).astype("int64")
    out = fill_missing(out)
    return out.sort_values(["staff_name", "staff_id", "desk_id"]).reset_index(drop=True)
