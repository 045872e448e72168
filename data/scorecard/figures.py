"""Desk discipline and inspection figures per overview row, rolled up from desks and inspections.

Each requested unit gets the figures of its subtree minus the subtrees of other
requested units below it (the nearest requested ancestor wins, as in the
dossier overview): asking for a unit and its children gives the unit's own
desks on its row and each child's whole subtree on the child's row.

* coverage: `coverage_rate` over the summed present / office / offline seconds of
  `data.review.desk_month.desk_period_figures` (one coverage formula for the app);
* incidents per desk-month: incidents / (desks watched × calendar months of the period),
  a desk being watched when it had office time with the camera up;
* compliance: PASS / (PASS + FAIL) samples of both rules, a FAIL counting only inside a counted
  violation of its desk and rule (data.dress_code.counting: confirmed, or pending under the unit's
  count mode); UNKNOWN samples and FAILs nobody confirmed are left out (counted in `unknowns`);
* inspections: inspections of the year against the yearly target (data.settings).
A rate with nothing under it is missing (NA), never 0.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, and_, func, select

from data.access import Scope
from data.dress_code.counting import counted_result
from data.presence.coverage import coverage_rate
from data.review.desk_month import desk_period_figures, period_span
from data.review.subtree import subtree_clause
from data.schema import ComplianceObservation, Desk, Inspection, Unit
from data.settings import InspectionTarget, get_inspection_target
from data.units import load_units, roll_up_to

SUMS = ["desks", "present_s", "office_s", "offline_s", "incidents", "incident_s", "passes", "fails", "unknowns",
        "inspections", "target"]
RATES = ["coverage", "incidents_per_desk_month", "compliance", "inspection_progress"]
COLUMNS = ["unit_id", *SUMS, *RATES]


def months_in(start: dt.date, end: dt.date) -> int:
    """Calendar months the period touches (a month's review is 1)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _pct(part: float, whole: float) -> float | None:
    return None if not whole else round(100.0 * part / whole, 2)


def with_rates(sums: pd.DataFrame, months: int) -> pd.DataFrame:
    """Pure: the rate columns from the summed ones (group rows are summed, then rated again)."""
    out = sums.copy()
    out["coverage"] = pd.array([coverage_rate(p, o, f) for p, o, f in
                                zip(out["present_s"], out["office_s"], out["offline_s"])], dtype="Float64")
    out["incidents_per_desk_month"] = pd.array(
        [None if not d else round(i / (d * months), 2) for i, d in zip(out["incidents"], out["desks"])], dtype="Float64")
    out["compliance"] = pd.array([_pct(p, p + f) for p, f in zip(out["passes"], out["fails"])], dtype="Float64")
    out["inspection_progress"] = pd.array([_pct(n, t) for n, t in zip(out["inspections"], out["target"])],
                                          dtype="Float64")
    return out


def _desk_sums(conn: Connection, scope: Scope, view_id: int | None, start: dt.date, end: dt.date) -> pd.DataFrame:
    desks = desk_period_figures(conn, scope, view_id, start, end)
    desks["desks"] = ((desks["office_s"] - desks["offline_s"]) > 0).astype("int64")
    return desks.groupby("unit_id")[["desks", "present_s", "office_s", "offline_s", "incidents", "incident_s"]].sum()


def _compliance_sums(conn: Connection, where, start: dt.date, end: dt.date) -> pd.DataFrame:
    lo, hi = period_span(start, end)
    result = counted_result(ComplianceObservation).label("result")
    stmt = (select(Desk.unit_id, result, func.count())
            .join(Desk, Desk.id == ComplianceObservation.desk_id).join(Unit, Unit.id == Desk.unit_id)
            .where(where, ComplianceObservation.observed_at >= lo, ComplianceObservation.observed_at < hi)
            .group_by(Desk.unit_id, result))
    rows = pd.DataFrame(conn.execute(stmt).all(), columns=["unit_id", "result", "n"])
    if rows.empty:
        return pd.DataFrame(columns=["passes", "fails", "unknowns"], index=pd.Index([], name="unit_id"))
    table = rows.pivot_table(index="unit_id", columns="result", values="n", aggfunc="sum", fill_value=0)
    table = table.reindex(columns=["PASS", "FAIL", "UNKNOWN"], fill_value=0)
    return table.set_axis(["passes", "fails", "unknowns"], axis=1)


def _inspection_sums(conn: Connection, where, year: int) -> pd.Series:
    stmt = (select(Inspection.unit_id, func.count()).join(Unit, Unit.id == Inspection.unit_id)
            .where(where, and_(Inspection.day >= dt.date(year, 1, 1), Inspection.day <= dt.date(year, 12, 31)))
            .group_by(Inspection.unit_id))
    return pd.Series(dict(conn.execute(stmt).all()), dtype="int64", name="inspections")


def unit_discipline(conn: Connection | Engine, scope: Scope, view_id: int | None, unit_ids: list[int] | tuple[int, ...],
                    start: dt.date, end: dt.date, year: int, target: InspectionTarget | None = None) -> pd.DataFrame:
    """One row per requested unit (all inside `view_id`'s subtree and `scope`), in the order asked."""
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return unit_discipline(c, scope, view_id, unit_ids, start, end, year, target)
    where = subtree_clause(conn, scope, view_id)
    for uid in unit_ids:
        scope.require_unit(conn, uid)
    target = target or get_inspection_target(conn)
    per_unit = _desk_sums(conn, scope, view_id, start, end).join(
        _compliance_sums(conn, where, start, end), how="outer").join(_inspection_sums(conn, where, year), how="outer")
    per_unit = per_unit.reindex(columns=SUMS[:-1]).fillna(0)
    row_of = roll_up_to(load_units(conn), pd.Index(list(unit_ids)))
    per_unit["row"] = row_of.reindex(per_unit.index).to_numpy()
    sums = per_unit.dropna(subset=["row"]).groupby("row")[SUMS[:-1]].sum()
    sums = sums.reindex(list(unit_ids), fill_value=0)
    sums["target"] = [target.for_unit(u) for u in unit_ids]
    sums = sums.rename_axis("unit_id").reset_index()
    for col in ("desks", "incidents", "passes", "fails", "unknowns", "inspections", "target"):
        sums[col] = sums[col].astype("int64")
    for col in ("present_s", "office_s", "offline_s", "incident_s"):
        sums[col] = sums[col].astype(float)
    return with_rates(sums, months_in(start, end))[COLUMNS]


def combine(frame: pd.DataFrame, members: list[int], months: int) -> pd.Series:
    """Pure: one row summing `members`' rows of a `unit_discipline` frame (a group row), rates redone."""
    sums = frame.set_index("unit_id").loc[members, SUMS].sum().to_frame().T
    return with_rates(sums, months).iloc[0]
