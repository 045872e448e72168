"""The change of each figure from last month, shown only where both months have figures to compare.

A month the cameras did not watch a row (no office time: the store has no data for it yet, or the desk
was new) has zero incidents only because nothing was recorded: "+1.282 vi phạm" against such a month
is not a change anyone made, so the change is unknown (NA, shown as nothing) instead.

* Camera figures (coverage, incidents, minutes, late / early, dress code, violations): known when the
  row had office time in both months.
* Inspection findings: known when last month had any data for the row (office time or a finding);
  a month with inspections but no cameras still compares findings.
"""
from __future__ import annotations

import pandas as pd

# Figures shown with their change from last month (rates in percentage points).
CAMERA_FIGURES = ["coverage", "incidents", "incident_s", "late_openings", "early_closings", "compliance",
                  "violations"]
CHANGED = [*CAMERA_FIGURES, "findings"]


def _watched(df: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(df["office_s"], errors="coerce").fillna(0) > 0


def with_change(cur: pd.DataFrame, prev: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Adds {figure}_change = this month − last month, NA where either is unknown, the row is new, or a
    month has nothing to compare (module docstring). Both frames carry `keys`, CHANGED and office_s."""
    before = prev[keys + CHANGED].rename(columns={c: f"{c}_prev" for c in CHANGED})
    before["watched_prev"] = _watched(prev).to_numpy()
    before["any_prev"] = (before["watched_prev"] | (pd.to_numeric(prev["findings"]).fillna(0) > 0)).to_numpy()
    out = cur.merge(before, on=keys, how="left")
    watched_prev = out["watched_prev"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    any_prev = out["any_prev"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    both_watched = _watched(out).to_numpy() & watched_prev
    for c in CHANGED:
        change = pd.to_numeric(out[c], errors="coerce").astype("Float64") - \
            pd.to_numeric(out[f"{c}_prev"], errors="coerce").astype("Float64")
        comparable = any_prev if c == "findings" else both_watched
        out[f"{c}_change"] = change.round(2).where(comparable, pd.NA)
    return out.drop(columns=[f"{c}_prev" for c in CHANGED] + ["watched_prev", "any_prev"])
