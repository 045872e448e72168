"""The Setup page's presence tab: a unit's thresholds and analysis rate (its own, or inherited)."""
from __future__ import annotations

import streamlit as st

from dashboard import setup_queries as sq
from dashboard.i18n import t
from dashboard.markdown_text import md_escape
from dashboard.setup_forms import save
from data.access import Scope
from data.setup.presence import policy_from_form, set_unit_policy

LABELS = {"present_after_s": "setup.pres.present_after_s", "absent_grace_s": "setup.pres.absent_grace_s",
          "incident_min_s": "setup.pres.incident_min", "sample_fps": "setup.pres.sample_fps"}


def presence_tab(url: str, scope: Scope, unit_id: int) -> None:
    st.subheader(t("setup.pres.title"))
    view = sq.presence_policy(url, scope, unit_id)
    if view.own:
        st.caption(t("setup.pres.own"))
    elif view.inherited_from is not None:
        st.caption(t("setup.pres.inherited", unit=md_escape(view.inherited_from)))
    else:
        st.caption(t("setup.pres.default"))
    p = view.policy
    key = f"setup.pres.{unit_id}"
    with st.form(key):
        st.caption(t("setup.pres.help"))
        # No min/max here: data/setup checks the numbers and names the field that is wrong.
        present = st.number_input(t(LABELS["present_after_s"]), value=float(p.present_after_s), step=1.0,
                                  key=f"{key}.present")
        grace = st.number_input(t(LABELS["absent_grace_s"]), value=float(p.absent_grace_s), step=5.0,
                                key=f"{key}.grace")
        minutes = st.number_input(t("setup.pres.incident_min"), value=p.incident_min_s / 60, step=1.0,
                                  key=f"{key}.incident")
        fps = st.number_input(t(LABELS["sample_fps"]), value=float(p.sample_fps), step=0.5, key=f"{key}.fps")
        if st.form_submit_button(t("setup.save")):
            save(url, lambda c: set_unit_policy(c, scope, unit_id, policy_from_form(present, grace, minutes * 60, fps)),
                 LABELS)
    if view.own and st.button(t("setup.pres.inherit"), key=f"{key}.inherit"):
        save(url, lambda c: set_unit_policy(c, scope, unit_id, None), LABELS)
