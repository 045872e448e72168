"""The scorecard's rows: the overview's rows (own desk, units, groups) with every figure side by side."""
from __future__ import annotations

import pandas as pd

from dashboard.i18n import level_name, t
from dashboard.overview_layout import Layout
from dashboard.tree import UnitTree
from data.scorecard.figures import combine
from data.scorecard.ranking import composite
from data.settings import RankingWeights

FIGURES = ["desks", "coverage", "incidents_per_desk_month", "compliance", "inspections", "target",
           "inspection_progress"]
COLUMNS = ["unit_id", "group", "name", "level", *FIGURES, "on_time_rate", "online_share"]


def _dossier_rates(dossiers: pd.DataFrame | None) -> dict[tuple[str, object], tuple]:
    """(kind, id) -> (on_time_rate, online_share) from the overview's dossier rows."""
    if dossiers is None or dossiers.empty:
        return {}
    out = {}
    for uid, group, on_time, online in zip(dossiers["unit_id"], dossiers["group"], dossiers["on_time_rate"],
                                           dossiers["online_share"]):
        key = ("group", group) if isinstance(group, str) else ("unit", int(uid))
        out[key] = (on_time, online)
    return out


def _active(row: pd.Series) -> bool:
    return bool(row["desks"] or row["passes"] or row["fails"] or row["inspections"])


def scorecard_rows(units: UnitTree, plan: Layout, discipline: pd.DataFrame, dossiers: pd.DataFrame | None,
                   months: int, weights: RankingWeights) -> pd.DataFrame:
    """One row per overview row, scored and ranked; ordered by rank (unscored rows last)."""
    rates = _dossier_rates(dossiers)
    by_unit = discipline.set_index("unit_id")
    rows = []

    def add(figures: pd.Series, key: tuple[str, object], name: str, level: str, uid, group) -> None:
        on_time, online = rates.get(key, (None, None))
        rows.append([uid, group, name, level, *(figures[c] for c in FIGURES), on_time, online])

    if plan.own is not None and (("unit", plan.own) in rates or _active(by_unit.loc[plan.own])):
        add(by_unit.loc[plan.own], ("unit", plan.own), t("overview.own_row", name=units.names[plan.own]),
            t("level.own"), plan.own, None)
    for uid in plan.units:
        add(by_unit.loc[uid], ("unit", uid), units.names[uid], level_name(units.levels[uid]), uid, None)
    for group in plan.groups:
        name = t("overview.group_row", level=level_name(group.level_code), count=len(group.members))
        add(combine(discipline, list(group.members), months), ("group", group.level_code), name,
            t("overview.group_level"), None, group.level_code)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("coverage", "incidents_per_desk_month", "compliance", "inspection_progress", "on_time_rate",
                "online_share"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Float64")
    for col in ("desks", "inspections", "target"):
        frame[col] = frame[col].astype("int64")
    scored = composite(frame, weights)
    return scored.sort_values(["rank", "name"], na_position="last", kind="stable").reset_index(drop=True)
