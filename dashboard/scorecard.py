"""The province overview's scorecard section: figures side by side, the composite ranking, its weights."""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from dashboard import scorecard_queries as sq
from dashboard.clock import now_utc
from dashboard.format import MISSING, fmt_date, fmt_int, fmt_month, fmt_num, fmt_pct
from dashboard.i18n import lang, t
from dashboard.overview_layout import View, layout
from dashboard.periods import Period, default_month, month_end
from dashboard.scorecard_rows import scorecard_rows
from dashboard.scorecard_weights import weights_caption, weights_editor
from dashboard.tree import UnitTree
from dashboard.widgets import pick_hint
from data.access import Scope
from data.scorecard.months import months_between
from domain.timezone import local_today

PCT = ["coverage", "compliance", "on_time_rate", "online_share"]
SHOWN = ["rank", "name", "level", "desks", "coverage", "incidents_per_desk_month", "compliance", "inspections",
         "on_time_rate", "online_share", "score", "figures_used"]


def _month(url: str) -> tuple[object, bool]:
    span = sq.presence_span(url)
    today = local_today(now_utc())
    months = months_between(*span) if span else [today.replace(day=1)]
    month = st.selectbox(t("sc.month"), months, index=months.index(default_month(months, today)), key="sc.month",
                         format_func=fmt_month, placeholder=pick_hint())
    return month, span is not None


def _shown(rows: pd.DataFrame) -> "pd.io.formats.style.Styler":
    code = lang()
    out = rows.copy()
    out["inspections"] = [t("sc.inspections_of", done=fmt_int(n, code), target=fmt_int(g, code))
                          for n, g in zip(rows["inspections"], rows["target"])]
    for col in [*PCT, "incidents_per_desk_month", "score"]:
        out[col] = out[col].astype("float64")  # NA -> NaN, which the Styler shows as '–'
    out["rank"] = out["rank"].astype("float64")
    out = out[SHOWN]
    formats = {c: partial(fmt_pct, lang=code) for c in PCT}
    formats.update({"incidents_per_desk_month": partial(fmt_num, lang=code), "score": partial(fmt_num, lang=code),
                    "rank": partial(fmt_int, lang=code), "desks": partial(fmt_int, lang=code)})
    return out.style.format(formats, na_rep=MISSING)


def _config() -> dict:
    config = {c: st.column_config.NumberColumn(t(f"sc.col.{c}")) for c in SHOWN if c != "level"}
    for c in ("name", "inspections"):
        config[c] = st.column_config.TextColumn(t(f"sc.col.{c}"))
    config["level"] = st.column_config.TextColumn(t("col.level"))
    return config


def scorecard_section(url: str, units: UnitTree, scope: Scope, view: View, period: Period | None,
                      dossier_rows: pd.DataFrame | None) -> tuple[int | None, str | None] | None:
    """Draw the section; returns the (unit_id, group) of a picked row, for the page to drill into.

    `period` is None when the store has no dossiers: their columns stay missing ('–') and out of the score.
    """
    st.subheader(t("sc.title"))
    month, has_presence = _month(url)
    if period is None:
        st.caption(t("sc.periods_no_dossiers", month=fmt_month(month), year=month.year))
    else:
        st.caption(t("sc.periods", month=fmt_month(month), year=month.year, start=fmt_date(period.start),
                     end=fmt_date(period.end)))
    if not has_presence:
        st.caption(t("sc.no_presence"))
    plan = layout(units, view)
    if not plan.unit_ids:
        st.info(t("sc.empty"))
        return None
    discipline = sq.discipline(url, scope, view.unit_id, plan.unit_ids, month, month_end(month), month.year)
    weights = sq.weights(url)
    rows = scorecard_rows(units, plan, discipline, dossier_rows, 1, weights)
    event = st.dataframe(_shown(rows), hide_index=True, column_config=_config(), on_select="rerun",
                         selection_mode="single-row", key=f"sc.table.{view.unit_id}.{view.group}")
    st.caption(t("sc.select_hint"))
    weights_caption(weights)
    weights_editor(url, scope, weights)
    picked = event.selection.rows
    if not picked:
        return None
    row = rows.iloc[int(picked[0])]
    group = row["group"] if isinstance(row["group"], str) else None
    uid = None if pd.isna(row["unit_id"]) else int(row["unit_id"])
    return uid, group
