"""Dossier statistics for any unit subtree and period.

Figures come from `dossier_daily` (detailed exports) plus `dossier_summary`
(monthly aggregate reports) for the unit-months that have no detailed rows,
so a unit is never counted twice. A dossier belongs to the period of its
local received day. On-time rate = (early + on time) / resolved; online
share = online / received.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import pandas as pd
from sqlalchemy import Date, DateTime, Engine, Integer, bindparam, text

from data.access import AccessDenied, Scope
from data.units import load_units, roll_up_to, subtree_ids
from domain.timezone import local_today, local_day_start_utc

COUNTS = ["received", "online", "resolved", "early", "on_time", "late", "in_progress", "overdue"]


@dataclass(frozen=True)
class DossierTotals:
    received: int = 0
    online: int = 0
    resolved: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    in_progress: int = 0
    overdue: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """Percent, two decimals; None when nothing was resolved."""
        return rate(self.early + self.on_time, self.resolved)

    @property
    def online_share(self) -> float | None:
        return rate(self.online, self.received)

    def as_report(self) -> dict:
        """The `report dossiers --json` object (the command-line contract)."""
        out = asdict(self)
        out["on_time_rate"] = self.on_time_rate
        out["online_share"] = self.online_share
        return out


def rate(part: float, whole: float) -> float | None:
    if not whole:
        return None
    return round(100.0 * part / whole, 2)


def _daily_by_unit_month(engine: Engine, start: dt.date, end: dt.date) -> pd.DataFrame:
    sql = text(
        "SELECT unit_id, month, SUM(received) AS received, SUM(online) AS online, "
        "SUM(resolved) AS resolved, SUM(early) AS early, SUM(on_time) AS on_time, "
        "SUM(late) AS late, SUM(in_progress) AS in_progress "
        "FROM dossier_daily WHERE day BETWEEN :a AND :b GROUP BY unit_id, month"
    ).columns(unit_id=Integer, month=Date)
    with engine.connect() as c:
        df = pd.DataFrame(c.execute(sql, {"a": start, "b": end}).all(),
                          columns=["unit_id", "month", *COUNTS[:-1]])
    df["source"] = "detail"
    return df


def _summary_by_unit_month(engine: Engine, start: dt.date, end: dt.date) -> pd.DataFrame:
    # A monthly report belongs to the period when its month starts inside it.
    first = start.replace(day=1) if start.day == 1 else _next_month(start)
    sql = text(
        "SELECT unit_id, month, SUM(received_online + received_direct), SUM(received_online), "
        "SUM(resolved_early + resolved_on_time + resolved_late), SUM(resolved_early), "
        "SUM(resolved_on_time), SUM(resolved_late), SUM(pending_in_time + pending_overdue), "
        "SUM(pending_overdue) FROM dossier_summary WHERE month BETWEEN :a AND :b GROUP BY unit_id, month"
    ).columns(unit_id=Integer, month=Date)
    with engine.connect() as c:
        df = pd.DataFrame(c.execute(sql, {"a": first, "b": end}).all(), columns=["unit_id", "month", *COUNTS])
    df["source"] = "summary"
    return df


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _overdue_by_unit_month(engine: Engine, start: dt.date, end: dt.date, now: dt.datetime) -> pd.DataFrame:
    """In-progress dossiers whose due day has passed (as of today, local)."""
    sql = text(
        "SELECT unit_id, received_day FROM dossier "
        "WHERE resolved_at IS NULL AND due_at < :cut AND received_day BETWEEN :a AND :b"
    ).bindparams(bindparam("cut", type_=DateTime(timezone=True))).columns(unit_id=Integer, received_day=Date)
    cut = local_day_start_utc(local_today(now))
    with engine.connect() as c:
        rows = c.execute(sql, {"cut": cut, "a": start, "b": end}).all()
    df = pd.DataFrame(rows, columns=["unit_id", "day"])
    df["month"] = [d.replace(day=1) for d in df["day"]]
    return df.groupby(["unit_id", "month"]).size().rename("overdue").reset_index()


def unit_month_figures(engine: Engine, start: dt.date, end: dt.date, now: dt.datetime | None = None) -> pd.DataFrame:
    """One row per (unit_id, month) with every count; the base of all views."""
    detail = _daily_by_unit_month(engine, start, end)
    over = _overdue_by_unit_month(engine, start, end, now or dt.datetime.now(dt.UTC))
    if detail.empty or over.empty:
        detail["overdue"] = 0
    else:
        detail = detail.merge(over, on=["unit_id", "month"], how="left")
        detail["overdue"] = detail["overdue"].fillna(0)
    summary = _summary_by_unit_month(engine, start, end)
    if not summary.empty and not detail.empty:
        have = set(zip(detail["unit_id"], detail["month"]))
        summary = summary[[(u, m) not in have for u, m in zip(summary["unit_id"], summary["month"])]]
    frames = [f for f in (detail, summary) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["unit_id", "month", *COUNTS, "source"])
    out = pd.concat(frames, ignore_index=True)
    out[COUNTS] = out[COUNTS].fillna(0).astype("int64")
    out["month"] = pd.to_datetime(out["month"]).dt.date
    return out


def data_span(engine: Engine) -> tuple[dt.date, dt.date] | None:
    """First and last local day with dossier figures (detail or monthly summary)."""
    sql = text(
        "SELECT MIN(a), MAX(b) FROM (SELECT MIN(day) AS a, MAX(day) AS b FROM dossier_daily "
        "UNION ALL SELECT MIN(month), MAX(month) FROM dossier_summary) s"
    ).columns()
    with engine.connect() as c:
        lo, hi = c.execute(sql).one()
    if lo is None:
        return None
    lo, hi = (v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10]) for v in (lo, hi))
    return lo, hi


def _in_subtree(engine: Engine, figures: pd.DataFrame, unit_id: int | None, scope: Scope) -> pd.DataFrame:
    scope.require_unit(engine, unit_id)
    if unit_id is None:
        return figures
    ids = subtree_ids(load_units(engine), unit_id)
    return figures[figures["unit_id"].isin(ids)]


def totals(engine: Engine, start: dt.date, end: dt.date, unit_id: int | None = None,
           now: dt.datetime | None = None, *, scope: Scope) -> DossierTotals:
    """`unit_id` None is the whole province, which only province-wide scopes may ask for."""
    figures = _in_subtree(engine, unit_month_figures(engine, start, end, now), unit_id, scope)
    sums = figures[COUNTS].sum()
    return DossierTotals(**{k: int(sums.get(k, 0)) for k in COUNTS})


def add_rates(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["on_time_rate"] = [rate(e + o, r) for e, o, r in zip(df["early"], df["on_time"], df["resolved"])]
    df["online_share"] = [rate(o, r) for o, r in zip(df["online"], df["received"])]
    return df


def monthly_trend(engine: Engine, start: dt.date, end: dt.date, unit_id: int | None = None,
                  now: dt.datetime | None = None, *, scope: Scope) -> pd.DataFrame:
    figures = _in_subtree(engine, unit_month_figures(engine, start, end, now), unit_id, scope)
    trend = figures.groupby("month", as_index=False)[COUNTS].sum().sort_values("month")
    return add_rates(trend).reset_index(drop=True)


def unit_table(engine: Engine, start: dt.date, end: dt.date, unit_ids: list[int],
               now: dt.datetime | None = None, *, scope: Scope) -> pd.DataFrame:
    """One row per requested unit, each with the figures of its whole subtree (all inside `scope`)."""
    units = load_units(engine)
    outside = [u for u in unit_ids if u not in units.index or not scope.allows_path(units.at[u, "path"])]
    if outside:
        raise AccessDenied(f"tài khoản {scope.username!r} không được xem đơn vị {outside} "
                           f"(account {scope.username!r} may not read units {outside})")
    figures = unit_month_figures(engine, start, end, now)
    target = roll_up_to(units, pd.Index(unit_ids))
    figures = figures.assign(target=figures["unit_id"].map(target)).dropna(subset=["target"])
    sums = figures.groupby("target")[COUNTS].sum()
    out = pd.DataFrame(index=pd.Index(unit_ids, name="unit_id")).join(sums).fillna(0).astype("int64")
    out.insert(0, "name", units.loc[unit_ids, "name"].values)
    out.insert(1, "level_code", units.loc[unit_ids, "level_code"].values)
    return add_rates(out.reset_index())


def ranking(engine: Engine, start: dt.date, end: dt.date, parent_id: int | None = None,
            now: dt.datetime | None = None, *, scope: Scope) -> pd.DataFrame:
    """Children of `parent_id` (or of the root) ranked by on-time rate, then online share."""
    scope.require_unit(engine, parent_id)
    units = load_units(engine)
    if parent_id is None:
        roots = units.index[units["parent_id"].isna()]
        parent_id = int(roots[0]) if len(roots) == 1 else None
    children = units.index[units["parent_id"] == parent_id] if parent_id is not None else units.index[units["parent_id"].isna()]
    table = unit_table(engine, start, end, [int(i) for i in children], now, scope=scope)
    table = table[table["received"] > 0].copy()
    table = table.sort_values(["on_time_rate", "online_share", "received"], ascending=False, na_position="last")
    table.insert(0, "rank", range(1, len(table) + 1))
    return table.reset_index(drop=True)
