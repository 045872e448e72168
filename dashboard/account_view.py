"""The accounts page's reading side: the table as shown, the pickers' labels, and saving with one message.

The account list is read fresh on every run, not cached: a lockout or a
sign-in changes it at any moment, and it holds a handful of rows.
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st
from sqlalchemy import Connection

from dashboard.format import MISSING, fmt_datetime
from dashboard.i18n import t
from dashboard.markdown_text import md_escape
from dashboard.store import engine_for
from dashboard.tree import UnitTree
from data.access import AccessDenied
from data.accounts.accounts import AccountError
from data.accounts.passwords import WeakPassword

FLASH_KEY = "acc.flash"
SHOWN = ["username", "display_name", "role", "unit", "staff", "active", "sign_in", "locked_until", "last_login_at"]


def _yes_no(value: bool) -> str:
    return t("acc.yes") if value else t("acc.no")


def accounts_shown(accounts: pd.DataFrame) -> pd.DataFrame:
    """The table with translated roles, 'whole province' for no unit, local times; never a hash (none is read)."""
    out = pd.DataFrame({
        "username": accounts["username"],
        "display_name": accounts["display_name"],
        "role": [t(f"role.{r}") for r in accounts["role"]],
        "unit": [t("acc.whole_province") if pd.isna(u) else u for u in accounts["unit"]],
        "staff": [MISSING if pd.isna(s) else s for s in accounts["staff"]],
        "active": [_yes_no(a) for a in accounts["active"]],
        "sign_in": [t("acc.by_sso") if sso else t("acc.by_password") for sso in accounts["sso_only"]],
        "locked_until": [fmt_datetime(v) for v in accounts["locked_until"]],
        "last_login_at": [fmt_datetime(v) for v in accounts["last_login_at"]],
    }, columns=SHOWN)
    return out.rename(columns={c: t(f"acc.col.{c}") for c in SHOWN})


def unit_options(units: UnitTree, whole_province: bool) -> dict[int | None, str]:
    """Units an account may be placed at: 'whole province' (no unit) only for province-wide administrators."""
    labels: dict[int | None, str] = {None: t("acc.whole_province")} if whole_province else {}
    labels.update({uid: units.path_label(uid) for uid in units.tree_order()})
    return labels


def staff_options(staff: pd.DataFrame, keep: int | None = None) -> dict[int, str]:
    """Active staff members, and `keep` (an account's own, even when no longer active)."""
    return {int(s.staff_id): t("acc.staff_label", name=s.full_name, unit=s.unit)
            for s in staff.itertuples() if bool(s.active) or int(s.staff_id) == keep}


def save(url: str, change: Callable[[Connection], object], done: str, forget: tuple[str, ...] = ()) -> None:
    """Run `change` in one transaction, then rerun saying `done` or why nothing was written.

    `forget`: widget keys dropped whatever happens, so a typed password is never sent back to the browser.
    """
    try:
        with engine_for(url).begin() as conn:
            change(conn)
    except AccessDenied as err:
        outcome = ("error", t("acc.denied", message=md_escape(err)))
    except (AccountError, WeakPassword) as err:
        outcome = ("error", t("acc.refused", message=md_escape(err)))
    else:
        outcome = ("success", done)
    forget_keys(forget)
    st.session_state[FLASH_KEY] = outcome
    st.rerun()


def forget_keys(keys: tuple[str, ...]) -> None:
    for key in keys:
        st.session_state.pop(key, None)


def refuse(message: str, forget: tuple[str, ...] = ()) -> None:
    """A refusal the page makes itself (two passwords that differ), shown after the rerun."""
    forget_keys(forget)
    st.session_state[FLASH_KEY] = ("error", message)
    st.rerun()


def show_flash() -> None:
    """The outcome of the last change, once."""
    kind, message = st.session_state.pop(FLASH_KEY, (None, None))
    if kind == "success":
        st.success(message)
    elif kind == "error":
        st.error(message)
