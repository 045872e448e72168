"""Absence incidents of a period from the SQL scan's ABSENT rows (epoch seconds), by the one rule.

domain.presence_policy.incident_columns decides, each desk by its unit's
policy, on whole columns: a province-month (~50k ABSENT rows) is never looped
over in Python.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data.presence.incidents import Policies
from domain.presence_policy import incident_columns

RUN_COLUMNS = ["desk_id", "start_s", "end_s", "seconds"]  # epoch seconds, UTC


def runs_from(absent: pd.DataFrame, policy: Policies) -> pd.DataFrame:
    """desk_id, start_s, end_s, seconds of the incidents in `absent` (desk_id, s, e), by desk then start."""
    desk = absent["desk_id"].to_numpy(dtype="int64")
    if callable(policy):
        by_desk = {d: policy(d).incident_min_s for d in np.unique(desk).tolist()}
        threshold = np.array([by_desk[d] for d in desk.tolist()], dtype=float)
    else:
        threshold = np.full(len(desk), policy.incident_min_s)
    found = incident_columns(desk, absent["s"].to_numpy(dtype=float), absent["e"].to_numpy(dtype=float), threshold)
    return pd.DataFrame({"desk_id": found.desk.astype("int64"), "start_s": found.start_s, "end_s": found.end_s,
                         "seconds": found.seconds.round(3)})[RUN_COLUMNS]
