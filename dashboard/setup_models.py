"""The Setup page's model tab: the registry of dress-code models (data.rule_models), read only.

Per rule: every version, newest first, with its date, status, threshold, the figures retraining
measured (precision, recall and F1 on the province's held-out labels; F1 on the synthetic held-out
set) and who promoted it. Retrain, promote and roll back are commands (`python -m vision badge …`):
a promotion goes through the gate there, not through a button here.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.format import MISSING, fmt_date, fmt_datetime, fmt_int, fmt_num
from dashboard.i18n import lang, t
from dashboard.markdown_text import md_escape
from dashboard.store import engine_for
from data.rule_models import ModelVersion, versions
from domain.dress_code import RULES


def _candidate(figures: Mapping[str, Any], block: str) -> Mapping[str, Any]:
    """The candidate's scores in one held-out block of the figures ({} when not measured)."""
    part = figures.get(block)
    scores = part.get("candidate") if isinstance(part, Mapping) else None
    return scores if isinstance(scores, Mapping) else {}


def _score(scores: Mapping[str, Any], key: str, code: str) -> str:
    value = scores.get(key)
    return fmt_num(float(value), 2, code) if isinstance(value, (int, float)) else MISSING


def _held_out_images(figures: Mapping[str, Any], block: str, code: str) -> str:
    part = figures.get(block)
    n = part.get("images") if isinstance(part, Mapping) else None
    return fmt_int(n, code) if isinstance(n, int) else MISSING


def model_table(rows: Sequence[ModelVersion], code: str) -> pd.DataFrame:
    """The versions as the page shows them (text cells, translated headings)."""
    province = [_candidate(r.figures, "province_test") for r in rows]
    synthetic = [_candidate(r.figures, "synthetic_test") for r in rows]
    return pd.DataFrame({
        t("setup.models.col.version"): [r.version for r in rows],
        t("setup.models.col.created"): [fmt_date(r.created_at.date()) if r.created_at else MISSING for r in rows],
        t("setup.models.col.status"): [t(f"setup.models.status.{r.status}") for r in rows],
        t("setup.models.col.threshold"): [fmt_num(r.threshold, 2, code) for r in rows],
        t("setup.models.col.labels"): [_held_out_images(r.figures, "province_test", code) for r in rows],
        t("setup.models.col.precision"): [_score(s, "precision", code) for s in province],
        t("setup.models.col.recall"): [_score(s, "recall", code) for s in province],
        t("setup.models.col.f1"): [_score(s, "f1", code) for s in province],
        t("setup.models.col.synthetic_f1"): [_score(s, "f1", code) for s in synthetic],
        t("setup.models.col.parent"): [r.parent_version or "" for r in rows],
        t("setup.models.col.promoted"): [fmt_datetime(r.promoted_at) if r.promoted_at else "" for r in rows],
        t("setup.models.col.promoted_by"): [r.promoted_by or "" for r in rows],
    })


def _versions(url: str, rule: str) -> list[ModelVersion]:
    with engine_for(url).connect() as conn:
        return versions(conn, rule)


def models_tab(url: str) -> None:
    code = lang()
    st.caption(t("setup.models.help"))
    for rule in RULES:
        st.subheader(t("setup.models.title", rule=t(f"review.rule.{rule}")))
        rows = _versions(url, rule)
        if not rows:
            st.info(t("setup.models.none"))
            continue
        live = next((r for r in rows if r.status == "live"), None)
        st.markdown(t("setup.models.live", version=md_escape(live.version)) if live else t("setup.models.no_live"))
        st.dataframe(model_table(rows, code), hide_index=True, key=f"setup.models.{rule}")
