"""The accounts page's forms: add an account, and change one (enable/disable, unlock, password, role/unit).

Password fields start empty on every run: a typed password is dropped from
the session after each attempt, successful or not, and never shown.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.account_view import refuse, save, staff_options, unit_options
from dashboard.format import fmt_datetime
from dashboard.i18n import t
from dashboard.markdown_text import md_escape
from dashboard.tree import UnitTree
from dashboard.widgets import pick_hint
from data.access import ROLES, Scope
from data.accounts.manage import (
    Placement, add_account, change_placement, reset_password, set_account_active, unlock_account,
)

ADD_PASSWORDS = ("acc.add.password", "acc.add.password_again")
RESET_PASSWORDS = ("acc.reset.password", "acc.reset.password_again")


def _placement_fields(units: UnitTree, scope: Scope, staff: pd.DataFrame, key: str,
                      current: Placement | None = None) -> Placement | None:
    """Role, then the unit (or, for staff, the staff member); None when a staff account has nobody to pick."""
    role = st.selectbox(t("acc.role"), ROLES, format_func=lambda r: t(f"role.{r}"), key=f"{key}.role",
                        index=ROLES.index(current.role) if current else 1, placeholder=pick_hint())
    if role == "staff":
        people = staff_options(staff, current.staff_id if current else None)
        if not people:
            st.info(t("acc.no_staff"))
            return None
        ids = list(people)
        at = ids.index(current.staff_id) if current and current.staff_id in people else 0
        return Placement("staff", staff_id=st.selectbox(t("acc.staff"), ids, index=at, key=f"{key}.staff",
                                                        format_func=people.__getitem__, placeholder=pick_hint()))
    places = unit_options(units, scope.whole_province)
    ids = list(places)
    at = ids.index(current.unit_id) if current and current.unit_id in places else 0
    return Placement(role, st.selectbox(t("acc.unit"), ids, index=at, key=f"{key}.unit",
                                        format_func=places.__getitem__, placeholder=pick_hint()))


def _passwords(keys: tuple[str, str]) -> tuple[str, str]:
    first = st.text_input(t("acc.password"), type="password", key=keys[0], help=t("acc.password_rules"))
    second = st.text_input(t("acc.password_again"), type="password", key=keys[1])
    return first, second


def add_form(url: str, scope: Scope, units: UnitTree, staff: pd.DataFrame) -> None:
    username = st.text_input(t("acc.username"), key="acc.add.username")
    display_name = st.text_input(t("acc.display_name"), key="acc.add.display_name")
    placement = _placement_fields(units, scope, staff, "acc.add")
    sso_only = st.checkbox(t("acc.sso_only"), key="acc.add.sso")
    first, second = ("", "") if sso_only else _passwords(ADD_PASSWORDS)
    if not st.button(t("acc.add"), key="acc.add.submit", type="primary", disabled=placement is None):
        return
    if not sso_only and first != second:
        refuse(t("acc.password_mismatch"), ADD_PASSWORDS)
    name = username.strip().lower()
    save(url, lambda c: add_account(c, scope, username=username, display_name=display_name.strip() or None,
                                    placement=placement, password=first, sso_only=sso_only),
         t("acc.done.add", username=md_escape(name)), forget=ADD_PASSWORDS)


def edit_panel(url: str, scope: Scope, units: UnitTree, staff: pd.DataFrame, accounts: pd.DataFrame) -> None:
    labels = {u: f"{u} — {n}" for u, n in zip(accounts["username"], accounts["display_name"])}
    username = st.selectbox(t("acc.pick"), list(labels), format_func=labels.__getitem__, key="acc.pick",
                            placeholder=pick_hint())
    row = accounts.set_index("username").loc[username]
    where = t("acc.whole_province") if pd.isna(row["unit"]) else md_escape(row["unit"])
    st.caption(t("acc.state", role=t(f"role.{row['role']}"), unit=where,
                 active=t("acc.state.active") if row["active"] else t("acc.state.disabled")))
    locked: dt.datetime | None = row["locked_until"]
    if locked is not None:
        st.warning(t("acc.state.locked", time=fmt_datetime(locked)))
    buttons = st.container(horizontal=True)
    if buttons.button(t("acc.disable") if row["active"] else t("acc.enable"), key="acc.toggle"):
        active = not row["active"]
        save(url, lambda c: set_account_active(c, scope, username, active),
             t("acc.done.enable" if active else "acc.done.disable", username=md_escape(username)))
    if buttons.button(t("acc.unlock"), key="acc.unlock", disabled=locked is None):
        save(url, lambda c: unlock_account(c, scope, username), t("acc.done.unlock", username=md_escape(username)))

    st.subheader(t("acc.reset"))
    first, second = _passwords(RESET_PASSWORDS)
    if st.button(t("acc.reset.save"), key="acc.reset.submit"):
        if first != second:
            refuse(t("acc.password_mismatch"), RESET_PASSWORDS)
        save(url, lambda c: reset_password(c, scope, username, first),
             t("acc.done.reset", username=md_escape(username)), forget=RESET_PASSWORDS)

    st.subheader(t("acc.placement"))
    current = Placement(row["role"], None if pd.isna(row["unit_id"]) else int(row["unit_id"]),
                        None if pd.isna(row["staff_id"]) else int(row["staff_id"]))
    # Keys per account, so picking another account starts from that account's role and unit.
    placement = _placement_fields(units, scope, staff, f"acc.edit.{username}", current)
    if st.button(t("acc.placement.save"), key="acc.placement.submit", disabled=placement is None):
        save(url, lambda c: change_placement(c, scope, username, placement),
             t("acc.done.placement", username=md_escape(username)))
