"""The Setup page's camera tab: the unit's cameras (sources redacted), add one, edit one.

Adding, the source is typed into a password field. Editing, the field holds the
source's masked form (credentials as ***), never the stored one: the user can
change the path or channel and leave *** in place to keep the stored
credentials on the same host (domain.redaction.restore_secrets); left as it is or
emptied, the stored source stays. A refused save keeps what was typed; "Kiểm tra kết nối"
opens the typed (or stored) source once and says what came back (dashboard.setup_camera_check).
"""
from __future__ import annotations

import streamlit as st

from dashboard import setup_queries as sq
from dashboard.format import fmt_int
from dashboard.i18n import lang, t
from dashboard.markdown_text import md_escape
from dashboard.setup_camera_check import run_check, show_check
from dashboard.setup_forms import save, yes_no
from dashboard.store import engine_for
from dashboard.widgets import pick_hint
from data.access import Scope
from data.camera_probe import check_stored_camera, probe_source
from data.setup.cameras import CameraInput, create_camera, update_camera

LABELS = {"code": "setup.cam.code", "name": "setup.cam.name", "source": "setup.cam.source",
          "unit_id": "setup.unit"}
CHECK_TIMEOUT_S = 5.0


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
    with left:
        _add_form(url, scope, unit_id)
    if cams.empty:
        return
    with right:
        _edit_form(url, scope, unit_id, cams)


def _add_form(url: str, scope: Scope, unit_id: int) -> None:
    # Keyed fields, not cleared on submit: a refused save keeps what was typed (the source too, in its
    # password field, for this session only); a saved camera empties them (`clear`).
    keys = {f: f"setup.cam.add.{f}" for f in ("code", "name", "source", "enabled")}
    with st.form("setup.cam.add", clear_on_submit=False):
        st.subheader(t("setup.cam.add"))
        code = st.text_input(t("setup.cam.code"), key=keys["code"])
        name = st.text_input(t("setup.cam.name"), key=keys["name"])
        source = st.text_input(t("setup.cam.source"), type="password", help=t("setup.cam.source_help"),
                               key=keys["source"])
        enabled = st.checkbox(t("setup.cam.enabled"), value=True, key=keys["enabled"])
        save_col, check_col = st.columns(2)
        saving = save_col.form_submit_button(t("setup.save"))
        checking = check_col.form_submit_button(t("setup.cam.check"), help=t("setup.cam.check_help"))
    if checking:
        run_check("setup.cam.add", lambda: probe_source(source, CHECK_TIMEOUT_S), CHECK_TIMEOUT_S)
    show_check("setup.cam.add")
    if saving:
        save(url, lambda c: create_camera(c, scope, CameraInput(unit_id, code, name, source, enabled)), LABELS,
             clear=tuple(keys.values()))


def _edit_form(url: str, scope: Scope, unit_id: int, cams) -> None:
    st.subheader(t("setup.cam.edit"))
    labels = dict(zip(cams["camera_id"], cams["code"] + " — " + cams["name"]))
    picked = st.selectbox(t("setup.pick"), list(labels), format_func=labels.__getitem__, key="setup.cam.pick",
                          placeholder=pick_hint())
    row = cams.set_index("camera_id").loc[picked]
    form = f"setup.cam.edit.{picked}"
    keys = {f: f"setup.cam.edit.{f}.{picked}" for f in ("code", "name", "source", "enabled")}
    with st.form(form, clear_on_submit=False):
        code = st.text_input(t("setup.cam.code"), value=row["code"], key=keys["code"])
        name = st.text_input(t("setup.cam.name"), value=row["name"], key=keys["name"])
        st.caption(t("setup.cam.stored_source", source=md_escape(row["source"])))
        # The masked form, editable: *** left in place keeps the stored credentials (data.setup.cameras).
        source = st.text_input(t("setup.cam.source_edit"), value=row["source"],
                               help=t("setup.cam.source_edit_help"), key=keys["source"])
        enabled = st.checkbox(t("setup.cam.enabled"), value=bool(row["enabled"]), key=keys["enabled"])
        save_col, check_col = st.columns(2)
        saving = save_col.form_submit_button(t("setup.save"))
        checking = check_col.form_submit_button(t("setup.cam.check"), help=t("setup.cam.check_help"))
    if checking:  # the stored source, or the edited one with the stored credentials put back
        run_check(form, lambda: check_stored_camera(engine_for(url), scope, int(picked), source, CHECK_TIMEOUT_S),
                  CHECK_TIMEOUT_S)
    show_check(form)
    if saving:
        save(url, lambda c: update_camera(c, scope, int(picked), CameraInput(unit_id, code, name, source, enabled)),
             LABELS, clear=tuple(keys.values()))
