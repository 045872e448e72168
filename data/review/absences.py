"""Absence incidents of a period from the SQL scan's ABSENT rows (epoch seconds), by the one rule.

domain.presence_policy.absence_incidents decides, each desk by its unit's
policy; a province-month (~50k ABSENT rows) goes through it as plain floats.
"""
from __future__ import annotations

import pandas as pd

from domain.presence_policy import AbsentSpan, absence_incidents
from data.presence.incidents import Policies

RUN_COLUMNS = ["desk_id", "start_s", "end_s", "seconds"]  # epoch seconds, UTC


def runs_from(absent: pd.DataFrame, policy: Policies) -> pd.DataFrame:
    """desk_id, start_s, end_s, seconds of the incidents in `absent` (desk_id, s, e), by desk then start.

    A row joins the run when it starts at or before the furthest end seen so far at its desk.
    """
    spans = map(AbsentSpan, absent["desk_id"].astype("int64").tolist(), absent["s"].astype(float).tolist(),
                absent["e"].astype(float).tolist())
    runs = absence_incidents(spans, policy)
    out = pd.DataFrame({
        "desk_id": pd.Series([r.desk for r in runs], dtype="int64"),
        "start_s": pd.Series([r.start for r in runs], dtype=float),
        "end_s": pd.Series([r.end for r in runs], dtype=float),
        "seconds": pd.Series([r.seconds for r in runs], dtype=float).round(3),
    })
    return out[RUN_COLUMNS]
