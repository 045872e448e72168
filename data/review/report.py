"""The monthly review as one typed value: what the page draws and the Excel and PDF exports print.

`build_review` reads a unit subtree's month (scope-checked) and the month
before it, and returns every table with the change from last month next to
each figure, so screen and files can never disagree.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy import Connection, Engine, select

from data.access import Scope
from data.presence.policy import policies_for_units, policy_for_unit
from data.review.desk_days import DayDetail, day_detail
from data.review.desk_month import FIGURES, GRACE_S, add_up, fill_missing, per_desk
from data.review.findings import findings
from data.review.incident_list import incident_table, violation_table
from data.review.month_change import CHANGED, with_change  # noqa: F401 - CHANGED is part of this API
from data.review.names import desk_names, tree_order
from data.review.staff_month import on_duty, per_staff, roster
from data.review.subtree import subtree_clause
from data.schema import Unit

UNIT_COLUMNS = ["unit_id", "unit_name", "unit_label", "desks", *FIGURES, "findings"]


@dataclass(frozen=True)
class MonthlyReview:
    unit_id: int | None  # the subtree's root; None = the whole province
    title: str  # that unit's name (the province's name for None)
    month: dt.date  # first day of the month
    grace_s: float
    incident_thresholds_s: tuple[float, ...]  # the incident thresholds of the desks' units, smallest first
    summary: pd.DataFrame  # one row: the whole subtree (UNIT_COLUMNS less the unit ones, + *_change)
    units: pd.DataFrame  # one row per unit with desks or findings: UNIT_COLUMNS + *_change
    desks: pd.DataFrame  # desk_id, desk_code, desk_name, unit_id, unit_label, FIGURES, findings, *_change
    staff: pd.DataFrame  # staff_id, staff_name, desk_id, desk_name, unit_id, unit_label, days, FIGURES, findings, *_change
    incidents: pd.DataFrame  # incident_list.incident_table + desk_name, unit_id, unit_label
    violations: pd.DataFrame  # incident_list.violation_table + desk_name, unit_id, unit_label
    findings: pd.DataFrame  # findings.FINDING_COLUMNS
    # Unit names from the top of the tree down to the subtree's root ((the top's name,) for the province),
    # for the official header of the exported report; () for a value built by hand.
    lineage: tuple[str, ...] = ()

    @property
    def end(self) -> dt.date:
        return month_end(self.month)


def month_end(month: dt.date) -> dt.date:
    nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class _Month:
    detail: DayDetail
    entries: pd.DataFrame
    findings: pd.DataFrame


def build_review(conn: Connection | Engine, scope: Scope, unit_id: int | None, month: dt.date, *,
                 grace_s: float = GRACE_S, incident_min_s: float | None = None) -> MonthlyReview:
    """Incidents count by each desk's unit's presence policy; `incident_min_s` overrides it for all desks."""
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return build_review(c, scope, unit_id, month, grace_s=grace_s, incident_min_s=incident_min_s)
    month = month.replace(day=1)
    cur = _read(conn, scope, unit_id, month, grace_s, incident_min_s)
    prev = _read(conn, scope, unit_id, previous_month(month), grace_s, incident_min_s)
    names = desk_names(conn, [int(i) for i in cur.detail.desks["desk_id"]])
    labels = unit_labels(conn)
    names["unit_label"] = names["unit_id"].map(labels)
    desk_cols = ["desk_id", "desk_code", "desk_name", "unit_id", "unit_label"]

    desks = with_change(_desks(cur), _desks(prev), ["desk_id"])
    desks = names[desk_cols + ["unit_path"]].merge(desks.drop(columns="unit_id"), on="desk_id")
    desks = desks.sort_values(["unit_path", "desk_code", "desk_id"], key=_path_key).drop(columns="unit_path")
    staff = with_change(_staff(cur), _staff(prev), ["staff_id", "desk_id"])
    staff = staff.merge(names[["desk_id", "desk_name", "unit_id", "unit_label"]], on="desk_id", how="left")
    units = with_change(_units(conn, cur, labels), _units(conn, prev, labels), ["unit_id"])
    summary = with_change(_summary(cur), _summary(prev), ["key"]).drop(columns="key")

    where_names = names[["desk_id", "desk_name", "unit_id", "unit_label"]]
    incidents = incident_table(conn, cur.detail.runs, cur.detail.notes, cur.entries).merge(where_names, on="desk_id")
    violations = violation_table(cur.detail.violations, cur.detail.notes, cur.entries).merge(where_names, on="desk_id")
    title = labels.get(unit_id) if unit_id is not None else _root_name(conn)
    thresholds = _thresholds(conn, unit_id, cur.detail.desks, incident_min_s)
    return MonthlyReview(unit_id, title or "", month, grace_s, thresholds, summary, units.reset_index(drop=True),
                         desks.reset_index(drop=True), staff.reset_index(drop=True),
                         incidents.reset_index(drop=True), violations.reset_index(drop=True), cur.findings,
                         _lineage(conn, unit_id))


def _thresholds(conn: Connection, unit_id: int | None, desks: pd.DataFrame,
                incident_min_s: float | None) -> tuple[float, ...]:
    """What the rules line names: one threshold, or several when the subtree's units differ."""
    if incident_min_s is not None:
        return (float(incident_min_s),)
    policies = policies_for_units(conn, desks["unit_id"].unique()).values()
    if not policies:
        policies = [policy_for_unit(conn, unit_id)]
    return tuple(sorted({p.incident_min_s for p in policies}))


def _read(conn: Connection, scope: Scope, unit_id: int | None, month: dt.date, grace_s: float,
          incident_min_s: float | None) -> _Month:
    end = month_end(month)
    detail = day_detail(conn, scope, unit_id, month, end, grace_s, incident_min_s)
    entries = roster(conn, [int(i) for i in detail.desks["desk_id"]], month, end)
    found = findings(conn, subtree_clause(conn, scope, unit_id), month, end)
    if scope.role == "staff":
        # A staff member's review holds their own desk-days only.
        entries = entries[entries["staff_id"] == scope.staff_id]
        detail = _own_days(detail, entries)
        found = found[found["staff_id"] == scope.staff_id]
    return _Month(detail, entries, found)


def _own_days(detail: DayDetail, entries: pd.DataFrame) -> DayDetail:
    own = on_duty(detail.days, entries)[["desk_id", "day"]].drop_duplicates()

    def keep(df: pd.DataFrame) -> pd.DataFrame:
        return df.merge(own, on=["desk_id", "day"])

    desks = detail.desks[detail.desks["desk_id"].isin(entries["desk_id"])]
    return replace(detail, desks=desks, days=keep(detail.days), runs=keep(detail.runs),
                   violations=keep(detail.violations))


def _findings_by(found: pd.DataFrame, key: str) -> pd.Series:
    return found.dropna(subset=[key]).groupby(found[key].dropna().astype("int64")).size().rename("findings")


def _desks(m: _Month) -> pd.DataFrame:
    out = per_desk(m.detail)
    return _count_findings(out, m.findings, ["desk_id"])


def _staff(m: _Month) -> pd.DataFrame:
    return _count_findings(per_staff(m.detail, m.entries), m.findings, ["staff_id"])


def _count_findings(df: pd.DataFrame, found: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    counts = found.dropna(subset=keys).groupby([found[k].dropna().astype("int64") for k in keys]).size()
    df["findings"] = [int(counts.get(tuple(r) if len(keys) > 1 else r[0], 0)) for r in df[keys].itertuples(index=False)]
    return df


def _units(conn: Connection, m: _Month, labels: dict[int, str]) -> pd.DataFrame:
    desk_unit = m.detail.desks.set_index("desk_id")["unit_id"]
    days = m.detail.days.assign(unit_id=m.detail.days["desk_id"].map(desk_unit))
    figures = add_up(days, ["unit_id"])
    desk_counts = m.detail.desks.groupby("unit_id").size().rename("desks")
    finding_counts = m.findings.groupby("unit_id").size().rename("findings")
    ids = sorted(set(desk_counts.index) | set(finding_counts.index))
    out = pd.DataFrame({"unit_id": ids}).merge(figures, on="unit_id", how="left")
    out = fill_missing(out)
    out["desks"] = out["unit_id"].map(desk_counts).fillna(0).astype("int64")
    out["findings"] = out["unit_id"].map(finding_counts).fillna(0).astype("int64")
    paths = dict(conn.execute(select(Unit.id, Unit.path).where(Unit.id.in_(ids))).all()) if ids else {}
    names = dict(conn.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all()) if ids else {}
    out["unit_name"] = out["unit_id"].map(names)
    out["unit_label"] = out["unit_id"].map(labels)
    out["unit_path"] = out["unit_id"].map(paths)
    out = out.sort_values("unit_path", key=_path_key).drop(columns="unit_path")
    return out[UNIT_COLUMNS]


def _summary(m: _Month) -> pd.DataFrame:
    days = m.detail.days.assign(key=0)
    out = add_up(days, ["key"]) if not days.empty else pd.DataFrame({"key": [0]})
    out = fill_missing(out.reindex(columns=["key", *FIGURES]).copy())
    if out.empty:
        out = fill_missing(pd.DataFrame({"key": [0], **{c: [None] for c in FIGURES}}))
    out["desks"] = len(m.detail.desks)
    out["findings"] = len(m.findings)
    return out


def unit_labels(conn: Connection) -> dict[int, str]:
    """'Huyện Bình Gia › Xã Hoa Thám': a unit's names from below the top of the tree."""
    rows = conn.execute(select(Unit.id, Unit.name, Unit.path)).all()
    names = {int(i): n for i, n, _ in rows}
    labels = {}
    for i, n, path in rows:
        ids = [int(x) for x in path.strip("/").split("/") if x]
        labels[int(i)] = " › ".join(names[x] for x in ids[1:]) if len(ids) > 1 else n
    return labels


def _lineage(conn: Connection, unit_id: int | None) -> tuple[str, ...]:
    """Names from the top of the tree down to `unit_id` (the single top's alone for None)."""
    if unit_id is None:
        root = _root_name(conn)
        return (root,) if root else ()
    path = conn.execute(select(Unit.path).where(Unit.id == unit_id)).scalar_one_or_none() or ""
    ids = [int(x) for x in path.strip("/").split("/") if x] or [unit_id]
    names = dict(conn.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all())
    return tuple(names[i] for i in ids if i in names)


def _root_name(conn: Connection) -> str:
    roots = conn.execute(select(Unit.name).where(Unit.parent_id.is_(None))).scalars().all()
    return roots[0] if len(roots) == 1 else ""


def _path_key(col: pd.Series) -> pd.Series:
    return tree_order(col) if col.name == "unit_path" else col
