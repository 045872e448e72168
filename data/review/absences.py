"""Absence incidents of a period, found in SQL: runs of abutting ABSENT intervals ≥ the incident threshold.

The rule is data.presence.incidents.absence_runs' (tests hold both to the same
tables); a gaps-and-islands window query finds the runs in the store, so a
province-month (~50k ABSENT rows) never crosses into Python row by row.
"""
from __future__ import annotations

from sqlalchemy import CTE, Select, func, literal, select
from sqlalchemy import case as sql_case

# julianday() arithmetic is exact to ~10 µs, not to the bit: a 300.000 s run may read 299.99999.
EPSILON_S = 0.0005
RUN_COLUMNS = ["desk_id", "start_s", "end_s", "seconds"]  # epoch seconds, UTC


def absence_runs_select(rows: CTE, incident_min_s: float, tag: str = "RUN") -> Select:
    """desk_id, -1, tag, seconds, start, end of the ABSENT runs in `rows` (desk_id, state, s, e) ≥ incident_min_s.

    Shaped like desk_days' rows so both travel in one UNION ALL over one scan.
    """
    absent = select(rows.c.desk_id, rows.c.s, rows.c.e).where(rows.c.state == "ABSENT").subquery()
    # The furthest end seen so far at this desk: a start after it opens a new run.
    prev_end = func.max(absent.c.e).over(partition_by=absent.c.desk_id, order_by=(absent.c.s, absent.c.e),
                                         rows=(None, -1))
    flagged = select(absent.c.desk_id, absent.c.s, absent.c.e, prev_end.label("prev_end")).subquery()
    opens = sql_case((flagged.c.prev_end.is_(None), 1), (flagged.c.s > flagged.c.prev_end, 1), else_=0)
    numbered = select(
        flagged.c.desk_id, flagged.c.s, flagged.c.e,
        func.sum(opens).over(partition_by=flagged.c.desk_id, order_by=(flagged.c.s, flagged.c.e),
                             rows=(None, 0)).label("run"),
    ).subquery()
    start, end = func.min(numbered.c.s), func.max(numbered.c.e)
    return (
        select(numbered.c.desk_id, literal(-1), literal(tag), end - start, start, end)
        .group_by(numbered.c.desk_id, numbered.c.run)
        .having(end - start >= incident_min_s - EPSILON_S)
    )
