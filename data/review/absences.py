"""Absence incidents of a period: runs of abutting ABSENT intervals lasting ≥ the incident threshold.

The rule is data.presence.incidents.absence_runs' (tests hold both to the same
tables), vectorised: a province-month (~50k ABSENT rows) is grouped by desk in
pandas, never looped over in Python.
"""
from __future__ import annotations

import pandas as pd

# julianday() arithmetic is exact to ~10 µs, not to the bit: a 300.000 s run may read 299.99999.
EPSILON_S = 0.0005
RUN_COLUMNS = ["desk_id", "start_s", "end_s", "seconds"]  # epoch seconds, UTC


def runs_from(absent: pd.DataFrame, incident_min_s: float) -> pd.DataFrame:
    """desk_id, start_s, end_s, seconds of the runs in `absent` (desk_id, s, e) lasting ≥ incident_min_s.

    A row opens a new run when it starts after the furthest end seen so far at its desk
    (touching rows, start == previous end, join the run).
    """
    if absent.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "desk_id" else float) for c in RUN_COLUMNS})
    a = absent.sort_values(["desk_id", "s", "e"], kind="stable").reset_index(drop=True)
    furthest = a.groupby("desk_id")["e"].cummax().groupby(a["desk_id"]).shift()
    run = (furthest.isna() | (a["s"] > furthest)).cumsum()
    runs = a.groupby(run).agg(desk_id=("desk_id", "first"), start_s=("s", "min"), end_s=("e", "max"))
    runs["seconds"] = (runs["end_s"] - runs["start_s"]).round(3)
    runs = runs[runs["seconds"] >= incident_min_s - EPSILON_S].reset_index(drop=True)
    return runs.astype({"desk_id": "int64"})[RUN_COLUMNS]
