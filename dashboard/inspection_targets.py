"""Inspections per unit for a year against the target, and editing the target (administrators)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import inspection_queries as iq
from dashboard.format import fmt_int
from dashboard.i18n import lang, t
from dashboard.scorecard_queries import clear as clear_scorecard
from dashboard.store import engine_for
from dashboard.tree import UnitTree
from dashboard.widgets import pick_hint
from data.access import AccessDenied, Scope
from data.inspections.targets import set_target
from data.settings import SettingError

K = "insp.targets."


def table_units(units: UnitTree, unit_id: int) -> tuple[int, ...]:
    """The picked unit (its whole subtree) first, then each of its children."""
    return (unit_id, *units.children(unit_id))


def counts_frame(url: str, units: UnitTree, scope: Scope, year: int, unit_id: int) -> pd.DataFrame:
    counts = iq.counts(url, scope, year, table_units(units, unit_id))
    goal = iq.target(url)
    own = dict(goal.overrides)
    return pd.DataFrame({
        "unit": [units.names[u] + (f" ({t('insp.targets.own')})" if u in own else "") for u in counts["unit_id"]],
        "inspections": counts["inspections"].astype("int64"),
        "findings": counts["findings"].astype("int64"),
        "target": counts["target"].astype("int64"),
        "remaining": (counts["target"] - counts["inspections"]).clip(lower=0).astype("int64"),
        "progress": counts["progress"],
    })


def _save(url: str, scope: Scope, unit_key: str | None, value_key: str | None) -> None:
    unit_id = st.session_state.get(unit_key) if unit_key else None
    value = int(st.session_state[value_key]) if value_key else None
    try:
        set_target(engine_for(url), scope, unit_id, value)
    except (AccessDenied, SettingError, ValueError) as err:
        st.session_state[K + "flash"] = ("error", str(err))
        return
    iq.clear()
    clear_scorecard()
    st.session_state[K + "flash"] = ("success", t("insp.targets.saved"))


def _editor(url: str, scope: Scope, labels: dict[int, str]) -> None:
    if not scope.can_configure:
        st.caption(t("insp.targets.read_only"))
        return
    goal = iq.target(url)
    with st.expander(t("insp.targets.edit")):
        left, right = st.columns(2)
        left.number_input(t("insp.targets.default"), min_value=0, max_value=1000, step=1, value=goal.default,
                          key=K + "default")
        left.button(t("insp.targets.save_default"), key=K + "save_default", on_click=_save,
                    args=(url, scope, None, K + "default"))
        unit_id = right.selectbox(t("insp.targets.unit"), list(labels), key=K + "unit", format_func=labels.__getitem__,
                                  placeholder=pick_hint())
        right.number_input(t("insp.targets.unit_value"), min_value=0, max_value=1000, step=1,
                           value=goal.for_unit(unit_id), key=K + f"value.{unit_id}")
        buttons = right.container(horizontal=True)
        buttons.button(t("insp.targets.save_unit"), key=K + "save_unit", on_click=_save,
                       args=(url, scope, K + "unit", K + f"value.{unit_id}"))
        buttons.button(t("insp.targets.clear_unit"), key=K + "clear_unit", on_click=_save,
                       args=(url, scope, K + "unit", None))


def targets_section(url: str, units: UnitTree, scope: Scope, year: int, unit_id: int,
                    labels: dict[int, str]) -> None:
    flash = st.session_state.pop(K + "flash", None)
    if flash:
        (st.success if flash[0] == "success" else st.error)(flash[1])
    st.subheader(t("insp.targets.title", year=year))
    st.caption(t("insp.targets.caption", default=fmt_int(iq.target(url).default, lang())))
    frame = counts_frame(url, units, scope, year, unit_id)
    config = {c: st.column_config.NumberColumn(t(f"insp.col.{c}"), format="%d")
              for c in ("inspections", "findings", "target", "remaining")}
    config["unit"] = st.column_config.TextColumn(t("col.unit"))
    config["progress"] = st.column_config.ProgressColumn(t("insp.col.progress"), min_value=0, max_value=100,
                                                         format="%.0f %%")
    st.dataframe(frame, hide_index=True, column_config=config, key=K + "table")
    _editor(url, scope, labels)
