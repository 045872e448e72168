"""The Setup page's staff tab: the unit's staff, and who sits at which desk over which days."""
from __future__ import annotations

import streamlit as st

from dashboard import setup_queries as sq
from dashboard.clock import now_utc
from dashboard.format import fmt_date
from dashboard.i18n import t
from dashboard.setup_forms import save, yes_no
from dashboard.widgets import pick_hint
from data.access import Scope
from data.setup.staff import (
    RosterInput, StaffInput, add_roster_entry, create_staff, remove_roster_entry, update_roster_entry, update_staff,
)
from domain.timezone import local_today

STAFF_LABELS = {"full_name": "setup.staff.name", "unit_id": "setup.unit"}
ROSTER_LABELS = {"day_from": "setup.roster.from", "day_to": "setup.roster.to", "desk_id": "setup.roster.desk",
                 "staff_id": "setup.roster.staff"}
NEW = -1


def staff_tab(url: str, scope: Scope, unit_id: int) -> None:
    people = sq.staff_list(url, scope, unit_id)
    st.subheader(t("setup.staff.title"))
    if people.empty:
        st.info(t("setup.none"))
    else:
        st.dataframe(
            people.assign(active=people["active"].map(yes_no))[["full_name", "code", "title", "active"]].rename(
                columns={"full_name": t("setup.staff.name"), "code": t("setup.staff.code"),
                         "title": t("setup.staff.job"), "active": t("setup.staff.active")}),
            hide_index=True, width="stretch",
        )
    choices = {NEW: t("setup.new"), **dict(zip(people["staff_id"], people["full_name"]))}
    picked = st.selectbox(t("setup.staff.edit"), list(choices), format_func=choices.__getitem__, key="setup.staff.pick",
                          placeholder=pick_hint())
    row = None if picked == NEW else people.set_index("staff_id").loc[picked]
    # Keyed fields, not cleared on submit: a refused save keeps what was typed; a saved one reloads them.
    keys = tuple(f"setup.staff.{f}.{picked}" for f in ("name", "code", "title", "active"))
    with st.form(f"setup.staff.form.{picked}", clear_on_submit=False):
        name = st.text_input(t("setup.staff.name"), value="" if row is None else row["full_name"], key=keys[0])
        code = st.text_input(t("setup.staff.code"), value="" if row is None else row["code"] or "", key=keys[1])
        title = st.text_input(t("setup.staff.job"), value="" if row is None else row["title"] or "", key=keys[2])
        active = st.checkbox(t("setup.staff.active"), value=True if row is None else bool(row["active"]),
                             key=keys[3])
        if st.form_submit_button(t("setup.save")):
            data = StaffInput(unit_id, name, code, title, active)
            if picked == NEW:
                save(url, lambda c: create_staff(c, scope, data), STAFF_LABELS, clear=keys)
            else:
                save(url, lambda c: update_staff(c, scope, int(picked), data), STAFF_LABELS, clear=keys)
    st.divider()
    roster(url, scope, unit_id, people)


def roster(url: str, scope: Scope, unit_id: int, people) -> None:
    st.subheader(t("setup.roster.title"))
    entries = sq.roster_list(url, scope, unit_id)
    if entries.empty:
        st.info(t("setup.none"))
    else:
        st.dataframe(
            entries.assign(day_from=entries["day_from"].map(fmt_date),
                           day_to=entries["day_to"].map(lambda d: fmt_date(d) if d else t("setup.roster.open")))[
                ["desk", "staff", "day_from", "day_to"]
            ].rename(columns={"desk": t("setup.roster.desk"), "staff": t("setup.roster.staff"),
                              "day_from": t("setup.roster.from"), "day_to": t("setup.roster.to")}),
            hide_index=True, width="stretch",
        )
    desks = sq.desk_list(url, scope, unit_id)
    if desks.empty or people.empty:
        st.info(t("setup.roster.none_to_assign"))
        return
    desk_labels = dict(zip(desks["desk_id"], desks["code"] + " — " + desks["name"]))
    staff_labels = dict(zip(people["staff_id"], people["full_name"]))
    with st.form("setup.roster.add", clear_on_submit=False):  # a refused assignment keeps what was typed
        st.markdown(f"**{t('setup.roster.add')}**")
        desk = st.selectbox(t("setup.roster.desk"), list(desk_labels), format_func=desk_labels.__getitem__,
                            key="setup.roster.desk", placeholder=pick_hint())
        person = st.selectbox(t("setup.roster.staff"), list(staff_labels), format_func=staff_labels.__getitem__,
                              key="setup.roster.staff", placeholder=pick_hint())
        today = local_today(now_utc())
        day_from = st.date_input(t("setup.roster.from"), value=today, format="DD/MM/YYYY", key="setup.roster.from")
        open_ended = st.checkbox(t("setup.roster.open"), value=True, key="setup.roster.open")
        day_to = st.date_input(t("setup.roster.to"), value=today, format="DD/MM/YYYY", key="setup.roster.to")
        if st.form_submit_button(t("setup.save")):
            data = RosterInput(int(desk), int(person), day_from, None if open_ended else day_to)
            save(url, lambda c: add_roster_entry(c, scope, data), ROSTER_LABELS,
                 clear=("setup.roster.desk", "setup.roster.staff", "setup.roster.from", "setup.roster.open",
                        "setup.roster.to"))
    if not entries.empty:
        labels = dict(zip(entries["entry_id"], entries["desk"] + " — " + entries["staff"] + " — "
                          + entries["day_from"].map(fmt_date)))
        picked = st.selectbox(t("setup.pick"), list(labels), format_func=labels.__getitem__, key="setup.roster.pick",
                              placeholder=pick_hint())
        entry = entries.set_index("entry_id").loc[picked]
        last = st.date_input(t("setup.roster.to"), value=entry["day_to"] or local_today(now_utc()),
                             format="DD/MM/YYYY", key="setup.roster.last")
        end, remove = st.columns(2)
        if end.button(t("setup.roster.end"), key="setup.roster.end"):
            data = RosterInput(int(entry["desk_id"]), int(entry["staff_id"]), entry["day_from"], last)
            save(url, lambda c: update_roster_entry(c, scope, int(picked), data), ROSTER_LABELS)
        if remove.button(t("setup.roster.remove"), key="setup.roster.remove"):
            save(url, lambda c: remove_roster_entry(c, scope, int(picked)), ROSTER_LABELS)
