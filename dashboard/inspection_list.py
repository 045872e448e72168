"""The filtered list of inspections, a page at a time."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard.format import fmt_date, fmt_datetime, fmt_int
from dashboard.i18n import lang, t
from dashboard.inspection_filters import category_label, kind_label
from dashboard.widgets import pick_hint

PER_PAGE = 25


def _page(rows: pd.DataFrame) -> pd.DataFrame:
    pages = max(1, math.ceil(len(rows) / PER_PAGE))
    if pages == 1:
        return rows
    labels = {n: t("insp.page.label", page=n, pages=pages, first=(n - 1) * PER_PAGE + 1,
                   last=min(n * PER_PAGE, len(rows)), total=len(rows)) for n in range(1, pages + 1)}
    page = st.selectbox(t("insp.page"), list(labels), key="insp.page", format_func=labels.__getitem__,
                        placeholder=pick_hint())
    page = min(page or 1, pages)
    return rows.iloc[(page - 1) * PER_PAGE: page * PER_PAGE]


def _shown(rows: pd.DataFrame) -> pd.DataFrame:
    """Text cells as people read them (dates dd/mm/yyyy, kinds and categories in the page's language)."""
    return pd.DataFrame({
        "id": rows["id"].astype("int64"),
        "day": [fmt_date(d) for d in rows["day"]],
        "unit": rows["unit_name"],
        "kind": [kind_label(k) for k in rows["kind"]],
        "findings": rows["findings"].astype("int64"),
        "categories": [", ".join(category_label(c) for c in cats) for cats in rows["categories"]],
        "conclusion": rows["conclusion"].fillna(""),
        "inspectors": rows["inspectors"],
        "changed": [fmt_datetime(v) if v is not None and not pd.isna(v) else "" for v in rows["updated_at"]],
    })


def inspection_list(rows: pd.DataFrame) -> pd.DataFrame:
    """Draw the list; returns the rows on the page shown (the form may edit those)."""
    code = lang()
    st.caption(t("insp.list.count", count=fmt_int(len(rows), code), findings=fmt_int(rows["findings"].sum(), code)))
    if rows.empty:
        st.info(t("insp.list.empty"))
        return rows
    page = _page(rows)
    columns = {c: st.column_config.TextColumn(t(f"insp.col.{c}")) for c in
               ("day", "unit", "kind", "categories", "conclusion", "inspectors", "changed")}
    columns["id"] = st.column_config.NumberColumn(t("insp.col.id"), format="%d")
    columns["findings"] = st.column_config.NumberColumn(t("insp.col.findings"), format="%d")
    st.dataframe(_shown(page), hide_index=True, column_config=columns, key="insp.list")
    return page
