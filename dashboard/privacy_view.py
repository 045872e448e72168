"""The privacy page's role matrix, read from data/access.py so it can never drift from what is enforced."""
from __future__ import annotations

import pandas as pd

from dashboard.i18n import CATALOGUE, t
from data.access import PAGE_ROLES, ROLES

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
