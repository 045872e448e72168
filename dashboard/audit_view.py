"""The audit page's table: local times, translated actions, details as short text."""
from __future__ import annotations

import json

import pandas as pd

from dashboard.format import fmt_datetime
from dashboard.i18n import CATALOGUE, t


def action_label(action: str) -> str:
    key = f"action.{action}"
    return t(key) if key in CATALOGUE else action


def audit_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("col.at"): [fmt_datetime(a.to_pydatetime()) for a in rows["at"]],
        t("col.actor"): rows["actor"],
        t("col.action"): [action_label(a) for a in rows["action"]],
        t("col.target"): rows["target"].fillna(""),
        t("col.audit_unit"): rows["unit"].fillna(""),
        t("col.detail"): [json.dumps(d, ensure_ascii=False) if d else "" for d in rows["detail"]],
    })
