"""The KPI table shape shared by the unit ranking, the monthly table and the overview.

Cells keep their numbers (so columns sort as numbers) and show them through a
pandas Styler formatted Vietnamese-style.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from dashboard.format import MISSING, fmt_int, fmt_pct
from dashboard.i18n import lang, t

COUNT_COLUMNS = ["received", "online", "resolved", "early", "on_time", "late", "in_progress", "overdue"]
RATE_COLUMNS = ["online_share", "on_time_rate"]
KPI_COLUMNS = ["received", "online", "online_share", "resolved", "early", "on_time", "late",
               "on_time_rate", "in_progress", "overdue"]
TEXT_COLUMNS = {"name": "col.unit", "level": "col.level"}


def tidy(df: pd.DataFrame, lead: list[str]) -> pd.DataFrame:
    """The lead columns then the KPI columns; rates as floats (NaN when undefined)."""
    out = df[lead + KPI_COLUMNS].copy()
    for col in RATE_COLUMNS:
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    for col in COUNT_COLUMNS:
        out[col] = out[col].astype("int64")
    return out.reset_index(drop=True)


def _styled(df: pd.DataFrame) -> "pd.io.formats.style.Styler":
    code = lang()
    formats: dict[str, Callable] = {c: partial(fmt_int, lang=code) for c in COUNT_COLUMNS}
    formats.update({c: partial(fmt_pct, lang=code) for c in RATE_COLUMNS})
    if "rank" in df.columns:
        formats["rank"] = partial(fmt_int, lang=code)
    return df.style.format({k: v for k, v in formats.items() if k in df.columns}, na_rep=MISSING)


def _column_config(df: pd.DataFrame) -> dict:
    config: dict = {}
    for col in df.columns:
        if col in TEXT_COLUMNS:
            config[col] = st.column_config.TextColumn(t(TEXT_COLUMNS[col]))
        elif col == "month":
            config[col] = st.column_config.DateColumn(t("col.month"), format="MM/YYYY")
        else:
            config[col] = st.column_config.NumberColumn(t(f"col.{col}"))
    return config


def figures_table(df: pd.DataFrame, *, key: str | None = None, selectable: bool = False) -> int | None:
    """Draw `tidy` output; when `selectable`, return the position of the picked row."""
    kwargs: dict = {"hide_index": True, "column_config": _column_config(df), "key": key}
    if not selectable:
        st.dataframe(_styled(df), **kwargs)
        return None
    event = st.dataframe(_styled(df), on_select="rerun", selection_mode="single-row", **kwargs)
    picked = event.selection.rows
    return int(picked[0]) if picked else None
