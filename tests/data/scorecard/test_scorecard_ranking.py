"""The composite score's arithmetic, missing figures included (pure; no store)."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from data.scorecard.ranking import composite, points, score
from data.settings import RankingWeights

NA = None
EQUAL = RankingWeights(1, 1, 1, 1, 1, 1)


@pytest.mark.parametrize(("figure", "value", "expected"), [
    ("coverage", 87.5, 87.5), ("compliance", 0.0, 0.0), ("on_time", 99.87, 99.87), ("online", 19.79, 19.79),
    ("incidents", 0.0, 100.0), ("incidents", 0.67, 98.66), ("incidents", 22.0, 56.0), ("incidents", 60.0, 0.0),
    ("inspections", 15.0, 15.0), ("inspections", 150.0, 100.0),
    ("coverage", None, None), ("incidents", float("nan"), None), ("on_time", pd.NA, None),
])
def test_points(figure, value, expected):
    got = points(figure, value)
    assert (got is None and expected is None) or math.isclose(got, expected)


# (points per figure, weights, expected (score, figures used))
SCORES = [
    (dict(coverage=80, incidents=90, compliance=70, inspections=50, on_time=100, online=20), EQUAL, (68.33, 6)),
    (dict(coverage=80, incidents=90, compliance=70, inspections=50, on_time=100, online=20), RankingWeights(),
     (25 * 80 + 15 * 90 + 15 * 70 + 10 * 50 + 25 * 100 + 10 * 20) / 100),
    # missing figures are left out of both sums, not counted as 0
    (dict(coverage=80, incidents=None, compliance=None, inspections=50, on_time=None, online=None), EQUAL, (65.0, 2)),
    (dict(coverage=80, incidents=None, compliance=None, inspections=50, on_time=None, online=None), RankingWeights(),
     (round((25 * 80 + 10 * 50) / 35, 2), 2)),
    # a zero weight drops the figure even when present
    (dict(coverage=80, incidents=0, compliance=None, inspections=None, on_time=None, online=None),
     RankingWeights(coverage=1, incidents=0, compliance=1, inspections=1, on_time=1, online=1), (80.0, 1)),
    (dict(coverage=None, incidents=None, compliance=None, inspections=None, on_time=None, online=None), EQUAL, (None, 0)),
]


@pytest.mark.parametrize(("row", "weights", "expected"), SCORES)
def test_score(row, weights, expected):
    if not isinstance(expected, tuple):
        expected = (round(expected, 2), 6)
    assert score(row, weights) == expected


def test_composite_ranks_best_first_ties_share_and_unscored_rows_have_no_rank():
    frame = pd.DataFrame({
        "name": ["A", "B", "C", "D"],
        "coverage": [90.0, 80.0, None, 90.0],
        "incidents_per_desk_month": [1.0, 0.0, None, 1.0],
        "compliance": [None, 100.0, None, None],
        "inspection_progress": [50.0, 120.0, None, 50.0],
        "on_time_rate": [100.0, None, None, 100.0],
        "online_share": [20.0, None, None, 20.0],
    })
    out = composite(frame, EQUAL)
    # A: (90 + 98 + 50 + 100 + 20) / 5 = 71.6; B: (80 + 100 + 100 + 100) / 4 = 95
    assert out["score"].tolist() == [71.6, 95.0, pd.NA, 71.6]
    assert out["figures_used"].tolist() == [5, 4, 0, 5]
    assert out["rank"].tolist() == [2, 1, pd.NA, 2]
    assert out["points_inspections"].tolist() == [50.0, 100.0, pd.NA, 50.0]
    assert out["name"].tolist() == ["A", "B", "C", "D"]  # row order kept
