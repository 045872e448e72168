"""The change from last month: shown only where both months have figures (issue 13: '+1.282' against a
month the store holds nothing for)."""
from __future__ import annotations

import pandas as pd
import pytest

from data.review.month_change import CHANGED, with_change

NA = None


def _month(rows: list[tuple[int, float, int, float | None, int]]) -> pd.DataFrame:
    """(desk_id, office_s, incidents, compliance, findings); the other figures follow incidents."""
    df = pd.DataFrame(rows, columns=["desk_id", "office_s", "incidents", "compliance", "findings"])
    df["compliance"] = df["compliance"].astype("Float64")
    for c in CHANGED:
        if c not in df.columns:
            df[c] = df["incidents"] * 2.0 if c != "coverage" else 50.0
    return df


def _changes(cur, prev, column):
    out = with_change(_month(cur), _month(prev), ["desk_id"]).set_index("desk_id")[f"{column}_change"]
    return {k: (None if pd.isna(v) else float(v)) for k, v in out.items()}


@pytest.mark.parametrize("cur, prev, column, expected", [
    # both months watched: the plain difference
    ([(1, 3600, 5, 90.0, 1)], [(1, 3600, 2, 95.0, 0)], "incidents", {1: 3.0}),
    ([(1, 3600, 5, 90.0, 1)], [(1, 3600, 2, 95.0, 0)], "compliance", {1: -5.0}),
    # last month had no office time (no data yet): no change, not '+5'
    ([(1, 3600, 5, 90.0, 1)], [(1, 0, 0, NA, 0)], "incidents", {1: None}),
    ([(1, 3600, 5, 90.0, 1)], [(1, 0, 0, NA, 0)], "late_openings", {1: None}),
    ([(1, 3600, 5, 90.0, 1)], [(1, 0, 0, NA, 0)], "findings", {1: None}),
    # this month not watched: no change either (zero incidents there means nothing was recorded)
    ([(1, 0, 0, NA, 0)], [(1, 3600, 4, 90.0, 0)], "incidents", {1: None}),
    # a row new this month: no change
    ([(1, 3600, 5, 90.0, 1), (2, 3600, 1, 80.0, 0)], [(1, 3600, 5, 90.0, 0)], "incidents", {1: 0.0, 2: None}),
    # findings compare when last month had inspections though no cameras
    ([(1, 3600, 5, 90.0, 3)], [(1, 0, 0, NA, 1)], "findings", {1: 2.0}),
    ([(1, 3600, 5, 90.0, 3)], [(1, 0, 0, NA, 1)], "incidents", {1: None}),
    # a rate unknown in either month: no change
    ([(1, 3600, 5, NA, 0)], [(1, 3600, 5, 90.0, 0)], "compliance", {1: None}),
])
def test_change_only_between_months_with_figures(cur, prev, column, expected):
    assert _changes(cur, prev, column) == expected
