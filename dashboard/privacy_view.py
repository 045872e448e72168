"""The privacy page's role matrix, read from data/access.py so it can never drift from what is enforced."""
from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from dashboard.i18n import CATALOGUE, t
from dashboard.markdown_text import md_escape
from data.access import PAGE_ROLES, ROLES, Scope
from data.retention.policy import RetentionPolicy, save_retention
from data.settings import SettingError

# Page titles by url_path (the overview is served at /).
PAGE_TITLES = {
    "tong-quan": "page.overview", "truc-tiep": "page.live", "theo-doi-trong-ngay": "page.desk_day",
    "thong-ke-ho-so": "page.dossiers", "kiem-diem-thang": "page.review", "kiem-tra-cong-vu": "page.inspections",
    "cau-hinh": "page.setup", "nhat-ky-truy-cap": "page.audit", "bao-ve-du-lieu": "page.privacy",
}
_UNITS = {"admin": "privacy.units.province", "viewer": "privacy.units.province",
          "inspector": "privacy.units.subtree", "staff": "privacy.units.own"}


def role_matrix() -> pd.DataFrame:
    rows = []
    for role in ROLES:
        pages = [t(PAGE_TITLES[p]) if PAGE_TITLES.get(p) in CATALOGUE else p
                 for p, roles in PAGE_ROLES.items() if role in roles]
        rows.append({
            t("privacy.col.role"): t(f"role.{role}"),
            t("privacy.col.units"): t(_UNITS[role]),
            t("privacy.col.can"): t(f"privacy.can.{role}"),
            t("privacy.col.pages"): ", ".join(pages),
        })
    return pd.DataFrame(rows)


def settings_form(engine: Engine, scope: Scope, policy: RetentionPolicy, contact: str | None) -> None:
    """Administrators set the periods and the contact here; the change is audited."""
    with st.expander(t("privacy.settings")):
        with st.form("privacy.settings"):
            live = st.number_input(t("privacy.settings.live"), 1, 24 * 60, policy.live_minutes, key="privacy.live")
            days = st.number_input(t("privacy.settings.days"), 1, 3650, policy.evidence_days, key="privacy.days")
            text = st.text_input(t("privacy.settings.contact"), contact or "", key="privacy.contact")
            saved = st.form_submit_button(t("privacy.settings.save"), key="privacy.save")
    if not saved:
        return
    try:
        with engine.begin() as conn:
            save_retention(conn, scope, RetentionPolicy(int(live), int(days)), text)
    except SettingError as exc:
        st.error(md_escape(exc))
        return
    st.rerun()
