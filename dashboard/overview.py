"""Province overview: the view's breadcrumb, rows and drill-down.

The rows are the viewed unit's own desk (dossiers filed at that unit
itself), one row per child with its whole subtree, and group rows (see
`overview_layout`), so they add up to the viewed unit's totals.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.i18n import level_name, t
from dashboard.markdown_text import md_escape
from dashboard.overview_layout import Layout, View, layout
from dashboard.periods import Period
from dashboard.tables import figures_table, tidy
from dashboard.tree import UnitTree
from data.access import Scope
from data.dossiers.stats import COUNTS, DossierTotals, add_rates

VIEW_KEY = "overview.view"


def current_view(units: UnitTree) -> View:
    """The view being shown; the province until the user drills down."""
    view = st.session_state.get(VIEW_KEY)
    if not isinstance(view, View) or (view.unit_id is not None and view.unit_id not in units):
        view = View(units.single_root)
        st.session_state[VIEW_KEY] = view
    return view


def _go_to(view: View) -> None:
    st.session_state[VIEW_KEY] = view


def _crumb_label(units: UnitTree, unit_id: int | None) -> str:
    """A crumb as Markdown (buttons render it): the unit's name escaped."""
    return md_escape(units.names[unit_id]) if unit_id is not None else t("filter.all_units")


def breadcrumb(units: UnitTree, view: View) -> None:
    """Ancestors as buttons, the view itself as bold text."""
    bar = st.container(horizontal=True, vertical_alignment="center", gap="small")
    bar.markdown(f"{t('overview.showing')}:")
    # A scoped tree (an inspector's district) holds no ancestors above its top unit: no crumbs for those.
    crumbs: list[View] = ([View(u) for u in units.lineage(view.unit_id) if u in units]
                          if view.unit_id is not None else [])
    if units.single_root is None:
        crumbs.insert(0, View(None))
    if view.group is not None:
        crumbs.append(view)
    for crumb in crumbs[:-1]:
        bar.button(_crumb_label(units, crumb.unit_id), key=f"overview.crumb.{crumb.unit_id}", type="tertiary",
                   on_click=_go_to, args=(crumb,))
        bar.markdown("›")
    last = crumbs[-1] if crumbs else view
    label = level_name(last.group) if last.group is not None else _crumb_label(units, last.unit_id)
    bar.markdown(f"**{label}**")


def unit_rows(url: str, units: UnitTree, period: Period, view: View,
              scope: Scope | None = None) -> pd.DataFrame | None:
    """unit_id / group, name, level and the KPIs per row; None when the period has no figures."""
    plan = layout(units, view)
    if not plan.unit_ids:
        return pd.DataFrame()
    table = queries.unit_table(url, period.start, period.end, plan.unit_ids, scope)
    if table is None:
        return None
    return _shape(units, plan, table.set_index("unit_id"))


def _shape(units: UnitTree, plan: Layout, table: pd.DataFrame) -> pd.DataFrame:
    rows = []
    if plan.own is not None and (table.at[plan.own, "received"] or table.at[plan.own, "in_progress"]):
        rows.append(_row(table, [plan.own], t("overview.own_row", name=units.names[plan.own]), t("level.own"),
                         unit_id=plan.own))
    for uid in plan.units:
        rows.append(_row(table, [uid], units.names[uid], level_name(units.levels[uid]), unit_id=uid))
    for group in plan.groups:
        name = t("overview.group_row", level=level_name(group.level_code), count=len(group.members))
        rows.append(_row(table, list(group.members), name, t("overview.group_level"), group=group.level_code))
    frame = pd.DataFrame(rows, columns=["unit_id", "group", "name", "level", *COUNTS])
    return add_rates(frame)


def _row(table: pd.DataFrame, ids: list[int], name: str, level: str, *, unit_id: int | None = None,
         group: str | None = None) -> list:
    sums = table.loc[ids, COUNTS].sum()
    return [unit_id, group, name, level, *(int(sums[k]) for k in COUNTS)]


def rows_total(rows: pd.DataFrame) -> DossierTotals:
    """The rows cover the view exactly once, so their sum is the view's total."""
    return DossierTotals(**{k: int(rows[k].sum()) if not rows.empty else 0 for k in COUNTS})


def drill_table(units: UnitTree, rows: pd.DataFrame, view: View) -> None:
    """Picking a group or a unit with children drills into it; picking a leaf says so."""
    # One key per view, so a new level starts with nothing selected.
    key = f"overview.table.{view.unit_id}.{view.group}"
    picked = figures_table(tidy(rows, ["name", "level"]), key=key, selectable=True)
    st.caption(t("overview.select_hint"))
    if picked is None:
        return
    group, uid = rows.at[picked, "group"], rows.at[picked, "unit_id"]
    drill(units, view, None if isinstance(group, str) else int(uid), group if isinstance(group, str) else None)


def drill(units: UnitTree, view: View, unit_id: int | None, group: str | None) -> None:
    """Open a picked row (the dossier table's or the scorecard's): a group or a unit with children."""
    if group is not None:
        _go_to(View(view.unit_id, group))
        st.rerun()
    if unit_id is None or unit_id == view.unit_id:
        return
    if units.has_children(unit_id):
        _go_to(View(unit_id))
        st.rerun()
    st.info(t("overview.leaf", name=md_escape(units.names[unit_id])))
