"""Splitting a long list of desks into pages, with a page picker when there is more than one."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard.i18n import t
from dashboard.widgets import pick_hint


def pager_key(key: str, rows: int) -> str:
    return f"{key}.{rows}"


def paginate(rows: pd.DataFrame, per_page: int, key: str) -> pd.DataFrame:
    """The rows of the page picked under `key` (a picker is drawn only when rows span several pages).

    The widget key also holds the row count: Streamlit keeps showing a keyed selectbox's old
    labels when only format_func's output changes (streamlit#13788), so a unit with another
    number of desks gets its own picker, starting at page 1.
    """
    pages = max(1, math.ceil(len(rows) / per_page))
    if pages == 1:
        return rows
    # Labels made now, in the page's language: format_func may be called outside the script run.
    labels = {n: t("paging.label", page=n, pages=pages, first=(n - 1) * per_page + 1,
                   last=min(n * per_page, len(rows)), total=len(rows)) for n in range(1, pages + 1)}
    page = st.selectbox(t("paging.page"), list(labels), key=pager_key(key, len(rows)),
                        format_func=labels.__getitem__, placeholder=pick_hint())
    page = min(page or 1, pages)
    return rows.iloc[(page - 1) * per_page: page * per_page]
