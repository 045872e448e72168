"""The Setup page's camera tab: the unit's cameras (sources redacted), add one, edit one.

Adding, the source is typed into a password field. Editing, the field holds the
source's masked form (credentials as ***), never the stored one: the user can
change the path or channel and leave *** in place to keep the stored
credentials on the same host (domain.redaction.restore_secrets); left as it is or
emptied, the stored source stays.
"""
from __future__ import annotations

import streamlit as st

from dashboard import setup_queries as sq
from dashboard.format import fmt_int
from dashboard.i18n import lang, t
from dashboard.markdown_text import md_escape
from dashboard.setup_forms import save, yes_no
from data.access import Scope
from data.setup.cameras import CameraInput, create_camera, update_camera

LABELS = {"code": "setup.cam.code", "name": "setup.cam.name", "source": "setup.cam.source",
          "unit_id": "setup.unit"}


def camera_tab(url: str, scope: Scope, unit_id: int) -> None:
    cams = sq.camera_list(url, scope, unit_id)
    if cams.empty:
        st.info(t("setup.none"))
    else:
        st.dataframe(
            cams.assign(enabled=cams["enabled"].map(yes_no), desks=cams["desks"].map(lambda n: fmt_int(n, lang())))[
                ["code", "name", "source", "enabled", "desks"]
            ].rename(columns={"code": t("setup.cam.code"), "name": t("setup.cam.name"),
                              "source": t("setup.cam.source"), "enabled": t("setup.cam.enabled"),
                              "desks": t("setup.cam.desks")}),
            hide_index=True, width="stretch",
        )
    left, right = st.columns(2)
    with left, st.form("setup.cam.add", clear_on_submit=True):
        st.subheader(t("setup.cam.add"))
        code = st.text_input(t("setup.cam.code"), key="setup.cam.add.code")
        name = st.text_input(t("setup.cam.name"), key="setup.cam.add.name")
        source = st.text_input(t("setup.cam.source"), type="password", help=t("setup.cam.source_help"),
                               key="setup.cam.add.source")
        enabled = st.checkbox(t("setup.cam.enabled"), value=True, key="setup.cam.add.enabled")
        if st.form_submit_button(t("setup.save")):
            save(url, lambda c: create_camera(c, scope, CameraInput(unit_id, code, name, source, enabled)), LABELS,
                 forget=("setup.cam.add.source",))
    if cams.empty:
        return
    with right:
        st.subheader(t("setup.cam.edit"))
        labels = dict(zip(cams["camera_id"], cams["code"] + " — " + cams["name"]))
        picked = st.selectbox(t("setup.pick"), list(labels), format_func=labels.__getitem__, key="setup.cam.pick")
        row = cams.set_index("camera_id").loc[picked]
        with st.form(f"setup.cam.edit.{picked}", clear_on_submit=True):
            code = st.text_input(t("setup.cam.code"), value=row["code"])
            name = st.text_input(t("setup.cam.name"), value=row["name"])
            st.caption(t("setup.cam.stored_source", source=md_escape(row["source"])))
            # The masked form, editable: *** left in place keeps the stored credentials (data.setup.cameras).
            source = st.text_input(t("setup.cam.source_edit"), value=row["source"],
                                   help=t("setup.cam.source_edit_help"), key=f"setup.cam.edit.source.{picked}")
            enabled = st.checkbox(t("setup.cam.enabled"), value=bool(row["enabled"]))
            if st.form_submit_button(t("setup.save")):
                save(url, lambda c: update_camera(c, scope, int(picked), CameraInput(unit_id, code, name, source,
                                                                                     enabled)), LABELS,
                     forget=(f"setup.cam.edit.source.{picked}",))
