"""Province overview: the unit being viewed, its breadcrumb and its rows.

The table shows the viewed unit's own desk (dossiers filed at that unit
itself) and one row per child with its whole subtree, so the rows add up to
the viewed unit's totals. Selecting a child with children drills into it.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.i18n import level_name, t
from dashboard.periods import Period
from dashboard.tables import figures_table, tidy
from dashboard.tree import UnitTree
from data.dossiers.stats import COUNTS, DossierTotals

CURRENT_KEY = "overview.unit"


def current_unit(units: UnitTree) -> int | None:
    """The unit being viewed; the province until the user drills down."""
    current = st.session_state.get(CURRENT_KEY)
    if current is None or current not in units:
        current = units.single_root
        st.session_state[CURRENT_KEY] = current
    return current


def _go_to(unit_id: int | None) -> None:
    st.session_state[CURRENT_KEY] = unit_id


def breadcrumb(units: UnitTree, current: int | None) -> None:
    """Ancestors as buttons, the viewed unit as plain text."""
    bar = st.container(horizontal=True, vertical_alignment="center", gap="small")
    bar.markdown(f"{t('overview.showing')}:")
    chain: list[int | None] = units.lineage(current) if current is not None else []
    if units.single_root is None:
        chain.insert(0, None)
    for uid in chain[:-1]:
        label = units.names[uid] if uid is not None else t("filter.all_units")
        bar.button(label, key=f"overview.crumb.{uid}", type="tertiary", on_click=_go_to, args=(uid,))
        bar.markdown("›")
    last = chain[-1] if chain else None
    bar.markdown(f"**{units.names[last] if last is not None else t('filter.all_units')}**")


def unit_rows(url: str, units: UnitTree, period: Period, current: int | None) -> pd.DataFrame | None:
    """Own desk (when it has dossiers) then children, with unit_id, name, level and KPIs.

    None when the period has no dossier figures at all.
    """
    ids = ([current] if current is not None else []) + list(units.children(current))
    if not ids:
        return pd.DataFrame()
    rows = queries.unit_table(url, period.start, period.end, tuple(ids))
    if rows is None:
        return None
    rows["level"] = [level_name(code) for code in rows["level_code"]]
    if current is not None:
        own = rows["unit_id"] == current
        rows.loc[own, "name"] = t("overview.own_row", name=units.names[current])
        rows.loc[own, "level"] = t("level.own")
        quiet = own & (rows["received"] == 0) & (rows["in_progress"] == 0)
        rows = rows[~quiet]
    return rows.reset_index(drop=True)


def rows_total(rows: pd.DataFrame) -> DossierTotals:
    """Own desk plus children cover the viewed unit's subtree exactly once."""
    return DossierTotals(**{k: int(rows[k].sum()) if not rows.empty else 0 for k in COUNTS})


def drill_table(units: UnitTree, rows: pd.DataFrame, current: int | None) -> None:
    """The rows; picking a unit with children drills into it, picking a leaf says so."""
    # One key per viewed unit, so a new level starts with nothing selected.
    picked = figures_table(tidy(rows, ["name", "level"]), key=f"overview.table.{current}", selectable=True)
    st.caption(t("overview.select_hint"))
    if picked is None:
        return
    uid = int(rows.at[picked, "unit_id"])
    if uid == current:
        return
    if units.has_children(uid):
        st.session_state[CURRENT_KEY] = uid
        st.rerun()
    st.info(t("overview.leaf", name=units.names[uid]))
