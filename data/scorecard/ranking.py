"""The composite score: each figure turned into 0–100 points, then a weighted mean of the figures a row has.

Points per figure (higher is better):
* coverage, compliance, on_time, online: the rate itself (percent);
* incidents: 100 − 2 × absence incidents per desk-month, never below 0;
* inspections: inspections this year / target × 100, at most 100 (no points when the target is 0).

score = Σ weight × points / Σ weight, both sums over the figures the row HAS: a missing
figure (no desk watched, no dossier resolved, …) is left out rather than counted as 0,
and `figures_used` says how many of the six went in. A row with none has no score and
no rank. Ranks: highest score first; equal scores share a rank.
"""
from __future__ import annotations

import math

import pandas as pd

from data.settings import WEIGHT_FIELDS, RankingWeights

INCIDENT_PENALTY = 2.0  # points lost per absence incident per desk-month (a desk absent once a working day scores ~56)
# figure name -> the column of the scorecard frame it is read from
SOURCE = {"coverage": "coverage", "incidents": "incidents_per_desk_month", "compliance": "compliance",
          "inspections": "inspection_progress", "on_time": "on_time_rate", "online": "online_share"}


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def points(figure: str, value: float | None) -> float | None:
    """The 0–100 points of one figure (None when the figure is missing)."""
    if _missing(value):
        return None
    value = float(value)
    if figure == "incidents":
        return max(0.0, 100.0 - INCIDENT_PENALTY * value)
    if figure == "inspections":
        return min(100.0, value)
    return value


def score(row_points: dict[str, float | None], weights: RankingWeights) -> tuple[float | None, int]:
    """(weighted mean of the present figures' points, how many figures were present)."""
    w = weights.as_dict()
    present = {k: p for k, p in row_points.items() if p is not None and w[k] > 0}
    total = sum(w[k] for k in present)
    if not present or total == 0:
        return None, len(present)
    return round(sum(w[k] * p for k, p in present.items()) / total, 2), len(present)


def composite(frame: pd.DataFrame, weights: RankingWeights) -> pd.DataFrame:
    """`frame` with points_<figure>, score, figures_used and rank columns added (same row order)."""
    out = frame.copy()
    per_row: list[dict[str, float | None]] = [{} for _ in range(len(out))]
    for figure in WEIGHT_FIELDS:
        values = [points(figure, v) for v in out[SOURCE[figure]]]
        out[f"points_{figure}"] = pd.array(values, dtype="Float64")
        for row, p in zip(per_row, values):
            row[figure] = p
    scored = [score(r, weights) for r in per_row]
    out["score"] = pd.array([s for s, _ in scored], dtype="Float64")
    out["figures_used"] = [n for _, n in scored]
    out["rank"] = out["score"].rank(method="min", ascending=False).astype("Int64")
    return out
