"""The Setup page's desk tab: the unit's desks, and one desk's form with its zone drawn live
on the camera's newest face-blurred picture (the points are typed; the preview follows)."""
from __future__ import annotations

import streamlit as st
from streamlit_image_coordinates import streamlit_image_coordinates

from dashboard import setup_queries as sq
from dashboard.auth_audit import audit_once
from dashboard.i18n import t
from dashboard.markdown_text import md_escape
from dashboard.live_state import live_dir, watch
from dashboard.setup_forms import refuse, save, yes_no
from dashboard.setup_parse import FieldText, add_point, format_zone, parse_zone
from dashboard.setup_zone_preview import snapshot_path, zone_picture
from dashboard.widgets import pick_hint
from data.access import Scope
from data.setup.desks import DeskInput, create_desk, update_desk

LABELS = {"code": "setup.desk.code", "name": "setup.desk.name", "camera_id": "setup.desk.camera",
          "staff_zone": "setup.desk.zone_short", "unit_id": "setup.unit"}
NEW = -1


def desk_tab(url: str, scope: Scope, unit_id: int) -> None:
    desks = sq.desk_list(url, scope, unit_id)
    cams = sq.camera_list(url, scope, unit_id)
    if desks.empty:
        st.info(t("setup.none"))
    else:
        st.dataframe(
            desks.assign(
                camera_code=desks["camera_code"].fillna(t("setup.desk.no_camera")),
                points=desks["staff_zone"].map(lambda z: len(z) if z else 0),
                active=desks["active"].map(yes_no),
            )[["code", "name", "camera_code", "points", "active"]].rename(columns={
                "code": t("setup.desk.code"), "name": t("setup.desk.name"), "camera_code": t("setup.desk.camera"),
                "points": t("setup.desk.zone_points"), "active": t("setup.desk.active")}),
            hide_index=True, width="stretch",
        )
    choices = {NEW: t("setup.new"), **dict(zip(desks["desk_id"], desks["code"] + " — " + desks["name"]))}
    picked = st.selectbox(t("setup.desk.edit"), list(choices), format_func=choices.__getitem__, key="setup.desk.pick",
                          placeholder=pick_hint())
    row = None if picked == NEW else desks.set_index("desk_id").loc[picked]
    camera_choices = {None: t("setup.desk.no_camera"), **dict(zip(cams["camera_id"], cams["code"]))}
    form, preview = st.columns(2)
    with form:
        # Keys carry the desk, so switching desks shows that desk's values.
        code = st.text_input(t("setup.desk.code"), value="" if row is None else row["code"], key=f"setup.desk.code.{picked}")
        name = st.text_input(t("setup.desk.name"), value="" if row is None else row["name"], key=f"setup.desk.name.{picked}")
        current_cam = None if row is None or row["camera_id"] is None or row["camera_id"] != row["camera_id"] \
            else int(row["camera_id"])
        camera_id = st.selectbox(t("setup.desk.camera"), list(camera_choices), format_func=camera_choices.__getitem__,
                                 index=list(camera_choices).index(current_cam) if current_cam in camera_choices else 0,
                                 key=f"setup.desk.camera.{picked}", placeholder=pick_hint())
        zone_key = f"setup.desk.zone.{picked}"
        # Seeded through the session (not value=) so a click on the picture can append to it.
        st.session_state.setdefault(zone_key, "" if row is None else format_zone(row["staff_zone"]))
        zone_text = st.text_input(t("setup.desk.zone"), help=t("setup.desk.zone_help"), key=zone_key)
        active = st.checkbox(t("setup.desk.active"), value=True if row is None else bool(row["active"]),
                             key=f"setup.desk.active.{picked}")
        try:
            zone = parse_zone(zone_text)
        except FieldText as bad:
            zone = None
            refuse("setup.desk.zone_short", t("setup.desk.bad_point", n=bad.index, text=md_escape(bad.text)))
            can_save = False
        else:
            can_save = True
        if st.button(t("setup.save"), key=f"setup.desk.save.{picked}", disabled=not can_save):
            data = DeskInput(unit_id, code, name, camera_id, zone, active)
            if picked == NEW:  # a new desk saved: the form starts afresh; refused: it keeps what was typed
                save(url, lambda c: create_desk(c, scope, data), LABELS,
                     clear=tuple(f"setup.desk.{f}.{NEW}" for f in ("code", "name", "camera", "zone", "active")))
            else:
                save(url, lambda c: update_desk(c, scope, int(picked), data), LABELS)
    with preview:
        cam_code = camera_choices.get(camera_id) if camera_id is not None else None
        if cam_code:  # someone looks at this camera: the worker refreshes its picture at the full rate
            watch(live_dir(), {cam_code})
        picture = snapshot_path(live_dir(), cam_code)
        if picture is None:
            st.info(t("setup.desk.no_snapshot"))
        else:  # a look at a live camera picture is audited, once per session and camera
            audit_once(url, scope, "live_view", f"camera:{camera_id}", unit_id, {"page": "setup"})
        click_key = f"setup.desk.click.{picked}"
        streamlit_image_coordinates(zone_picture(picture, zone), key=click_key, width="stretch", image_format="JPEG",
                                    cursor="crosshair", on_click=lambda: _take_click(click_key, zone_key))
        st.caption(t("setup.desk.preview"))
        st.caption(t("setup.desk.click_help"))
        st.button(t("setup.desk.clear"), key=f"setup.desk.clear.{picked}",
                  on_click=lambda: st.session_state.__setitem__(zone_key, ""))


def _take_click(click_key: str, zone_key: str) -> None:
    """A click on the picture adds a point to the zone (runs before the rerun draws the widgets)."""
    click = st.session_state.get(click_key)
    if click:
        st.session_state[zone_key] = add_point(st.session_state.get(zone_key, ""), click["x"], click["y"],
                                               click["width"], click["height"])
