"""The units under a scope's top unit with the worst figures of a period (the provincial office's home).

Per child unit of the top (its whole subtree), from the review's desk-days (data.review.desk_days,
each desk by its unit's presence policy, excused incidents left out) and the dossier statistics:
* absence minutes per desk-day: minutes of counted absence incidents / desk-days watched
  (a desk-day with office time and the camera up some of it);
* late share: dossiers resolved late / dossiers resolved, percent (data.dossiers.stats.unit_table);
* violations: dress-code violations that count (confirmed, or pending under the unit's count mode).
A figure with nothing under it is None: such a unit is never called "worst" on that figure.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from data.access import Scope
from data.dossiers.stats import rate, unit_table
from data.review.desk_days import day_detail
from data.review.desk_month import GRACE_S
from data.units import load_units, roll_up_to


@dataclass(frozen=True)
class UnitFigures:
    unit_id: int
    unit_name: str
    desk_days: int
    absence_min_per_desk_day: float | None
    resolved: int
    late: int
    violations: int

    @property
    def late_share(self) -> float | None:
        return rate(self.late, self.resolved)


def top_unit(units: pd.DataFrame, scope: Scope) -> int | None:
    """The scope's own top unit (the province for a province-wide scope); None when the tree has several tops."""
    inside = units[[scope.allows_path(p) for p in units["path"]]]
    if inside.empty:
        return None
    depth = inside["path"].str.count("/")
    tops = inside[depth == depth.min()]
    return int(tops.index[0]) if len(tops) == 1 else None


def child_unit_figures(engine: Engine, scope: Scope, start: dt.date, end: dt.date,
                       now: dt.datetime | None = None) -> list[UnitFigures]:
    """One record per child of the scope's top unit, in unit id order."""
    units = load_units(engine)
    top = top_unit(units, scope)
    if top is None:
        return []
    children = [int(i) for i in units.index[units["parent_id"] == top]]
    if not children:
        return []
    with engine.connect() as conn:
        detail = day_detail(conn, scope, top, start, end, GRACE_S)
    row_of = roll_up_to(units, pd.Index(children))
    days = detail.days.assign(unit_id=detail.days["desk_id"].map(detail.desks.set_index("desk_id")["unit_id"]))
    days["row"] = days["unit_id"].map(row_of)
    days["watched"] = ((days["office_s"] - days["offline_s"]) > 0).astype("int64")
    sums = days.dropna(subset=["row"]).groupby("row")[["watched", "incident_s", "violations"]].sum()
    dossiers = unit_table(engine, start, end, children, now, scope=scope).set_index("unit_id")
    out = []
    for uid in children:
        watched = int(sums.at[uid, "watched"]) if uid in sums.index else 0
        minutes = float(sums.at[uid, "incident_s"]) / 60 / watched if watched else None
        violations = int(sums.at[uid, "violations"]) if uid in sums.index else 0
        out.append(UnitFigures(uid, str(units.at[uid, "name"]), watched,
                               None if minutes is None else round(minutes, 2),
                               int(dossiers.at[uid, "resolved"]), int(dossiers.at[uid, "late"]), violations))
    return out


def worst(figures: list[UnitFigures], figure: str, count: int = 3) -> list[UnitFigures]:
    """The `count` units with the highest `figure` (absence_min_per_desk_day | late_share | violations) above 0."""
    scored = [(getattr(f, figure), f) for f in figures]
    scored = [(v, f) for v, f in scored if v is not None and v > 0]
    scored.sort(key=lambda vf: (-vf[0], vf[1].unit_name))
    return [f for _, f in scored[:count]]
