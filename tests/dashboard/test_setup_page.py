"""Cấu hình (Setup) through the whole app: admins only, every tab saves to the store, and the
stored camera source never reaches any element of the page."""
from __future__ import annotations

import base64
import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "setup"))
from setup_store import SECRET_URL, ZONE, audit_rows, build_tree, counts  # noqa: E402
from markdown_read import as_read  # noqa: E402

from data.access import SYSTEM, Scope  # noqa: E402
from data.office_hours_store import load_schedule  # noqa: E402
from data.schema import Camera, Desk  # noqa: E402
from data.setup import config_revision  # noqa: E402
from data.setup.cameras import CameraInput, create_camera  # noqa: E402
from data.setup.desks import DeskInput, create_desk  # noqa: E402
from data.setup.schedules import HolidayInput, add_holiday  # noqa: E402
from data.setup.staff import RosterInput, StaffInput, add_roster_entry, create_staff  # noqa: E402

PAGE = "dashboard/pages/setup.py"
APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"


@pytest.fixture
def tree(engine):
    return build_tree(engine)


@pytest.fixture
def open_setup(store_url, monkeypatch, tree):
    monkeypatch.setenv("DATABASE_URL", store_url)

    def open_as(scope: Scope, unit: int | None = None, lang: str = "vi"):
        app = AppTest.from_file(APP, default_timeout=60)
        app.session_state["scope"] = scope
        app.run()
        if lang != "vi":
            app.segmented_control(key="lang").set_value(lang).run()
        app.switch_page(PAGE).run()
        if unit is not None:
            app.selectbox(key="setup.unit").select(unit).run()
        assert not app.exception, app.exception
        return app
    return open_as


def page_text(app) -> str:
    """Everything the page rendered: texts, tables, captions, widget labels and values."""
    parts = []

    def walk(node):  # every element's message to the browser, whatever its kind
        for child in getattr(node, "children", {}).values():
            if getattr(child, "proto", None) is not None:
                parts.append(str(child.proto))
            walk(child)

    walk(app._tree)
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(app, kind)]
    for df in app.dataframe:
        parts.append(df.value.to_csv())
    for w in list(app.text_input) + list(app.selectbox) + list(app.checkbox) + list(app.number_input):
        parts += [str(w.label), str(w.value), str(getattr(w, "help", ""))]
    for sb in app.selectbox:
        parts += [str(o) for o in sb.options]
    return "\n".join(parts)


def picture_sent(app) -> Image.Image:
    """The picture the zone preview sends to the browser (the click component's image)."""
    found = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            if getattr(child, "type", "") == "component_instance":
                found.append(json.loads(child.proto.json_args)["src"])
            walk(child)

    walk(app._tree)
    (src,) = found
    return Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).convert("RGB")


@pytest.mark.parametrize("role", ["viewer", "inspector", "staff"])
def test_only_administrators_configure(store_url, monkeypatch, tree, role):
    monkeypatch.setenv("DATABASE_URL", store_url)
    scope = Scope(username="u", role=role)
    app = AppTest.from_file(APP, default_timeout=60)
    app.session_state["scope"] = scope
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(PAGE)  # not in the navigation of this role …
    page = AppTest.from_file(Path(APP).parent / PAGE, default_timeout=60)  # … and refusing when run directly
    page.session_state["scope"] = scope
    page.run()
    assert not page.exception
    assert [w.value for w in page.warning] == ["Chỉ quản trị viên được thay đổi cấu hình."]
    assert not page.tabs and not page.text_input


def test_a_district_administrator_sees_only_its_units(open_setup, engine, tree):
    from setup_store import scope_under  # noqa: PLC0415

    app = open_setup(scope_under(engine, tree.van_quan))
    assert app.selectbox(key="setup.unit").options == ["Huyện Văn Quan", "\u2003Xã Điềm He"]


def test_adding_a_camera_keeps_its_source_out_of_the_page(open_setup, engine, tree):
    app = open_setup(SYSTEM, tree.diem_he)
    assert [t.label for t in app.tabs] == ["Camera", "Quầy và vùng nhân viên", "Giờ làm việc và ngày nghỉ",
                                           "Cán bộ và phân công", "Ngưỡng có mặt, vắng mặt", "Trang phục, thẻ",
                                           "Mô hình"]
    app.text_input(key="setup.cam.add.code").input("DH-CAM01")
    app.text_input(key="setup.cam.add.name").input("Camera tiếp dân")
    app.text_input(key="setup.cam.add.source").input(SECRET_URL)
    app.button[0].click().run()  # the add form's submit button comes first
    assert not app.exception
    assert [s.value for s in app.success] == ["Đã lưu."]
    with engine.connect() as c:
        assert c.execute(select(Camera.code, Camera.source)).one() == ("DH-CAM01", SECRET_URL)
    table = app.dataframe[0].value
    assert table.values.tolist() == [["DH-CAM01", "Camera tiếp dân", "rtsp://***@10.0.0.5:554/stream1", "Có", "0"]]
    text = page_text(app)
    assert "S3cret" not in text and SECRET_URL not in text
    assert "Nguồn đã lưu: rtsp://***@10.0.0.5:554/stream1" in as_read(text)
    assert "Phiên bản cấu hình: 1." in text
    assert "S3cret" not in json.dumps([d for *_, d in audit_rows(engine)])


def test_editing_with_an_empty_source_keeps_it(open_setup, engine, tree):
    with engine.begin() as c:
        cam = create_camera(c, SYSTEM, CameraInput(tree.diem_he, "DH-CAM01", "Camera 01", SECRET_URL))
    app = open_setup(SYSTEM, tree.diem_he)
    form = f"setup.cam.edit.{cam}"
    edit_name = next(w for w in app.text_input if w.form_id == form and w.label == "Tên camera")
    edit_name.input("Camera quầy 1")
    next(b for b in app.button if b.form_id == form).click().run()
    assert not app.exception
    with engine.connect() as c:
        assert c.execute(select(Camera.name, Camera.source)).one() == ("Camera quầy 1", SECRET_URL)
    assert "S3cret" not in page_text(app)


# Stored sources in the styles of Vietnamese-market recorders, and the secret each must never show.
STYLED_SOURCES = {
    "XM-CAM01": ("rtsp://10.0.0.7:554/user=admin_password=Xm3ye-pass_channel=1_stream=0.sdp", "Xm3ye-pass"),
    "FO-CAM01": ("http://10.0.0.8:88/cgi-bin/CGIProxy.fcgi?cmd=snapPicture2&usr=admin&pwd=Fo sc@m", "Fo sc@m"),
    "HK-CAM01": ('rtsp://admin:Hk"v<1 #x@10.0.0.9:554/Streaming/Channels/101', 'Hk"v<1 #x'),
}


def test_no_source_style_shows_its_password_and_a_path_edit_keeps_it(open_setup, engine, tree):
    with engine.begin() as c:
        cams = {code: create_camera(c, SYSTEM, CameraInput(tree.diem_he, code, code, source))
                for code, (source, _) in STYLED_SOURCES.items()}
    app = open_setup(SYSTEM, tree.diem_he)
    for code, cam in cams.items():  # the list, and each camera's edit form
        app.selectbox(key="setup.cam.pick").select(cam).run()
        text = page_text(app)
        assert not any(secret in text for _, secret in STYLED_SOURCES.values()), code
    # Change the XMEye camera's channel in the masked form, *** left in place.
    form = f"setup.cam.edit.{cams['XM-CAM01']}"
    app.selectbox(key="setup.cam.pick").select(cams["XM-CAM01"]).run()
    field = app.text_input(key=f"setup.cam.edit.source.{cams['XM-CAM01']}")
    assert field.value == "rtsp://10.0.0.7:554/user=***_password=***_channel=1_stream=0.sdp"
    field.input(field.value.replace("channel=1", "channel=2"))
    next(b for b in app.button if b.form_id == form).click().run()
    assert [s.value for s in app.success] == ["Đã lưu."]
    with engine.connect() as c:
        assert c.execute(select(Camera.source).where(Camera.id == cams["XM-CAM01"])).scalar_one() == (
            STYLED_SOURCES["XM-CAM01"][0].replace("channel=1", "channel=2"))
    # Pointing the kept credentials at another device is refused.
    app.selectbox(key="setup.cam.pick").select(cams["XM-CAM01"]).run()
    app.text_input(key=f"setup.cam.edit.source.{cams['XM-CAM01']}").input(
        "rtsp://10.6.6.6:554/user=***_password=***_channel=2_stream=0.sdp")
    next(b for b in app.button if b.form_id == form).click().run()
    assert app.error and "Xm3ye-pass" not in page_text(app)
    with engine.connect() as c:
        assert "10.6.6.6" not in c.execute(select(Camera.source).where(Camera.id == cams["XM-CAM01"])).scalar_one()


def test_a_bad_camera_says_which_field_keeps_what_was_typed_and_saves_nothing(open_setup, engine, tree):
    app = open_setup(SYSTEM, tree.diem_he)
    before = counts(engine)
    app.text_input(key="setup.cam.add.code").input("mã sai")
    app.text_input(key="setup.cam.add.name").input("Camera_quầy_1")
    app.text_input(key="setup.cam.add.source").input(SECRET_URL)
    app.button[0].click().run()
    (error,) = [as_read(e.value) for e in app.error]
    # Plain Vietnamese, the field by its label: no field id ("id:"), no English, underscores kept.
    assert error == "Chưa lưu — Mã camera: mã camera 'mã sai' chỉ được dùng chữ, số, '_', '-', '.' và tối đa 64 ký tự"
    # What was typed stays (the source only in its own password field); nothing else shows the source.
    assert [app.text_input(key=f"setup.cam.add.{f}").value for f in ("code", "name", "source")] == [
        "mã sai", "Camera_quầy_1", SECRET_URL]
    source_field = app.text_input(key="setup.cam.add.source")
    assert source_field.proto.type == source_field.proto.PASSWORD and "S3cret" not in str(source_field.proto)
    shown = [str(e.value) for kind in ("markdown", "caption", "error", "success", "info") for e in getattr(app, kind)]
    shown += [d.value.to_csv() for d in app.dataframe]
    assert shown and not any("S3cret" in v for v in shown)
    assert counts(engine) == before
    # Corrected and saved: the form starts afresh, the source leaves the session.
    app.text_input(key="setup.cam.add.code").input("DH-CAM01")
    app.button[0].click().run()
    assert [s.value for s in app.success] == ["Đã lưu."]
    assert [app.text_input(key=f"setup.cam.add.{f}").value for f in ("code", "name", "source")] == ["", "", ""]
    with engine.connect() as c:
        assert c.execute(select(Camera.code, Camera.name, Camera.source)).one() == (
            "DH-CAM01", "Camera_quầy_1", SECRET_URL)


def test_a_desk_zone_is_previewed_and_saved(open_setup, engine, tree, tmp_path, monkeypatch):
    with engine.begin() as c:
        cam = create_camera(c, SYSTEM, CameraInput(tree.diem_he, "DH-CAM01", "Camera 01", SECRET_URL))
    monkeypatch.setenv("MONITOR_LIVE_DIR", str(tmp_path / "live"))  # nothing published: a blank frame
    app = open_setup(SYSTEM, tree.diem_he)
    app.text_input(key="setup.desk.code.-1").input("Q01")
    app.text_input(key="setup.desk.name.-1").input("Quầy 01")
    app.selectbox(key="setup.desk.camera.-1").select(cam)
    app.text_input(key="setup.desk.zone.-1").input("0.1,0.3; 0.4,0.3; 0.4,0.75; 0.1,0.75").run()
    assert "Chưa có ảnh từ camera này: vùng được vẽ trên nền trống." in [i.value for i in app.info]
    assert "Vùng nhân viên trên ảnh mới nhất của camera (đã làm mờ khuôn mặt)" in [c.value for c in app.caption]
    blank = picture_sent(app)
    assert blank.size == (640, 360)
    assert blank.getpixel((500, 190)) == (96, 96, 96)  # outside the zone: the blank frame
    assert blank.getpixel((160, 190)) != (96, 96, 96)  # inside: tinted
    app.button(key="setup.desk.save.-1").click().run()
    assert not app.exception and [s.value for s in app.success] == ["Đã lưu."]
    with engine.connect() as c:
        assert c.execute(select(Desk.code, Desk.camera_id, Desk.staff_zone)).one() == ("Q01", cam, [list(p) for p in ZONE])


@pytest.mark.parametrize("zone, says", [
    ("0.1,0.3; 0.4", "Chưa lưu — Vùng nhân viên: điểm thứ 2 «0.4» không phải cặp số x,y"),
    ("0.1,0.3; 0.4,0.3; 1.4,0.75", "Chưa lưu — Vùng nhân viên: điểm thứ 3: toạ độ 1.4 nằm ngoài khoảng 0..1"),
])
def test_a_bad_zone_names_the_point(open_setup, engine, tree, zone, says):
    with engine.begin() as c:
        cam = create_camera(c, SYSTEM, CameraInput(tree.diem_he, "DH-CAM01", "Camera 01", "0"))
    app = open_setup(SYSTEM, tree.diem_he)
    app.text_input(key="setup.desk.code.-1").input("Q01")
    app.selectbox(key="setup.desk.camera.-1").select(cam)
    app.text_input(key="setup.desk.zone.-1").input(zone).run()
    if not app.error:
        app.button(key="setup.desk.save.-1").click().run()
    assert [as_read(e.value) for e in app.error][0] == says
    assert counts(engine).desks == 0


def test_a_unit_week_and_a_holiday(open_setup, engine, tree):
    app = open_setup(SYSTEM, tree.diem_he)
    assert "Đơn vị đang dùng giờ của cấp trên (hoặc mặc định)." in [c.value for c in app.caption]
    app.text_input(key=f"setup.week.{tree.diem_he}.0").input("07:00-11:00, 13:00-17:00")
    app.text_input(key=f"setup.week.{tree.diem_he}.5").input("07:30-11:30")
    next(b for b in app.button if b.form_id == f"setup.week.{tree.diem_he}").click().run()
    assert not app.exception and [s.value for s in app.success] == ["Đã lưu."]
    sched = load_schedule(engine, tree.diem_he)
    assert sched.weekly[0] == ((7 * 3600, 11 * 3600), (13 * 3600, 17 * 3600))
    assert sched.weekly[5] == ((27000, 41400),) and sched.weekly[1] == ()
    assert "Đơn vị đang dùng giờ riêng." in [c.value for c in app.caption]

    app.number_input(key="setup.hol.year").set_value(2026).run()
    app.date_input(key="setup.hol.day").set_value(dt.date(2026, 9, 2))
    app.text_input(key="setup.hol.name").input("Quốc khánh")
    next(b for b in app.button if b.form_id == "setup.hol.add").click().run()
    assert not app.exception
    table = app.dataframe[0].value
    assert table.values.tolist() == [["02/09/2026", "Quốc khánh", "Không", "Toàn quốc / toàn tỉnh"]]
    assert load_schedule(engine, tree.hoa_tham).windows_on(dt.date(2026, 9, 2)) == ()


def test_a_bad_span_names_the_day(open_setup, engine, tree):
    app = open_setup(SYSTEM, tree.diem_he)
    app.text_input(key=f"setup.week.{tree.diem_he}.2").input("7h-11h")
    next(b for b in app.button if b.form_id == f"setup.week.{tree.diem_he}").click().run()
    assert [as_read(e.value) for e in app.error] == [
        "Chưa lưu — Giờ làm việc trong tuần: Thứ Tư: «7h-11h» không phải khung giờ HH:MM-HH:MM"]
    assert counts(engine).schedules == 0 and counts(engine).revision == 0


def test_staff_and_an_overlapping_assignment(open_setup, engine, tree):
    with engine.begin() as c:
        desk = create_desk(c, SYSTEM, DeskInput(tree.diem_he, "Q01", "Quầy 01"))
        an = create_staff(c, SYSTEM, StaffInput(tree.diem_he, "Nguyễn Văn An"))
        add_roster_entry(c, SYSTEM, RosterInput(desk, an, dt.date(2026, 1, 1)))
    app = open_setup(SYSTEM, tree.diem_he)
    form = "setup.staff.form.-1"
    next(w for w in app.text_input if w.form_id == form and w.label == "Họ và tên").input("Trần Thị Bình")
    next(b for b in app.button if b.form_id == form).click().run()
    assert not app.exception
    staff_table = next(d.value for d in app.dataframe if "Họ và tên" in d.value.columns)
    assert staff_table["Họ và tên"].tolist() == ["Nguyễn Văn An", "Trần Thị Bình"]
    before = counts(engine)
    app.selectbox(key="setup.roster.staff").select_index(1)
    app.date_input(key="setup.roster.from").set_value(dt.date(2026, 5, 1))
    next(b for b in app.button if b.form_id == "setup.roster.add").click().run()
    (error,) = [as_read(e.value) for e in app.error]
    assert error.startswith("Chưa lưu — Từ ngày: quầy đã phân công cho Nguyễn Văn An từ 01/01/2026")
    assert counts(engine) == before
    roster = next(d.value for d in app.dataframe if "Quầy" in d.value.columns)
    assert roster.values.tolist() == [["Quầy 01", "Nguyễn Văn An", "01/01/2026", "Chưa có ngày kết thúc"]]

    # An ends on 30/04; then Bình can take the desk from 01/05.
    app.date_input(key="setup.roster.last").set_value(dt.date(2026, 4, 30))
    app.button(key="setup.roster.end").click().run()
    assert [s.value for s in app.success] == ["Đã lưu."]
    app.selectbox(key="setup.roster.staff").select_index(1)
    app.date_input(key="setup.roster.from").set_value(dt.date(2026, 5, 1))
    next(b for b in app.button if b.form_id == "setup.roster.add").click().run()
    assert not app.error
    roster = next(d.value for d in app.dataframe if "Quầy" in d.value.columns)
    assert roster.values.tolist() == [["Quầy 01", "Nguyễn Văn An", "01/01/2026", "30/04/2026"],
                                      ["Quầy 01", "Trần Thị Bình", "01/05/2026", "Chưa có ngày kết thúc"]]


def test_presence_thresholds_inherited_edited_and_inherited_again(open_setup, engine, tree):
    from data.presence.policy import policy_for_unit  # noqa: PLC0415
    from data.setup.presence import set_unit_policy  # noqa: PLC0415
    from domain.presence_policy import PresencePolicy  # noqa: PLC0415

    district = PresencePolicy(present_after_s=4, absent_grace_s=45, incident_min_s=420, sample_fps=1)
    with engine.begin() as c:
        set_unit_policy(c, SYSTEM, tree.binh_gia, district)
    app = open_setup(SYSTEM, tree.hoa_tham)
    assert "Đơn vị đang dùng ngưỡng của Huyện Bình Gia." in [c.value for c in app.caption]
    key = f"setup.pres.{tree.hoa_tham}"
    assert [app.number_input(key=f"{key}.{k}").value for k in ("present", "grace", "incident", "fps")] == [4, 45, 7, 1]
    app.number_input(key=f"{key}.incident").set_value(10)
    app.number_input(key=f"{key}.fps").set_value(2)
    next(b for b in app.button if b.form_id == key).click().run()
    assert not app.exception and [s.value for s in app.success] == ["Đã lưu."]
    assert policy_for_unit(engine, tree.hoa_tham) == PresencePolicy(4, 45, 600, 2)
    assert "Đơn vị đang dùng ngưỡng riêng." in [c.value for c in app.caption]
    _, action, target, detail = audit_rows(engine)[-1]
    assert (action, target, detail["revision"], detail["incident_min_s"]) == (
        "config_change", f"presence_policy:{tree.hoa_tham}", 2, 600.0)
    assert config_revision(engine) == 2

    app.button(key=f"{key}.inherit").click().run()
    assert policy_for_unit(engine, tree.hoa_tham) == district
    assert "Đơn vị đang dùng ngưỡng của Huyện Bình Gia." in [c.value for c in app.caption]
    assert config_revision(engine) == 3


def test_a_bad_presence_number_names_the_field_and_saves_nothing(open_setup, engine, tree):
    app = open_setup(SYSTEM, tree.diem_he)
    assert "Đơn vị đang dùng ngưỡng mặc định của tỉnh." in [c.value for c in app.caption]
    key = f"setup.pres.{tree.diem_he}"
    app.number_input(key=f"{key}.fps").set_value(0)
    next(b for b in app.button if b.form_id == key).click().run()
    assert [as_read(e.value) for e in app.error] == [
        "Chưa lưu — Số khung hình phân tích mỗi giây: phải lớn hơn 0 và không quá 30"]
    assert counts(engine).revision == 0


def test_english(open_setup, tree):
    app = open_setup(SYSTEM, tree.diem_he, lang="en")
    assert app.title[0].value == "Setup"
    assert [t.label for t in app.tabs] == ["Cameras", "Desks and staff zones", "Office hours and holidays",
                                           "Staff and roster", "Presence thresholds", "Dress code", "Models"]


def test_the_zone_is_drawn_on_the_cameras_newest_picture(open_setup, engine, tree, tmp_path, monkeypatch):
    from desk_store import publish_live  # noqa: PLC0415 — writes CAM-HT's snapshot and a 64×48 JPEG

    with engine.begin() as c:
        cam = create_camera(c, SYSTEM, CameraInput(tree.diem_he, "CAM-HT", "Camera HT", "0"))
        create_desk(c, SYSTEM, DeskInput(tree.diem_he, "Q01", "Quầy 01", cam, ZONE))
    publish_live(tmp_path / "live")
    monkeypatch.setenv("MONITOR_LIVE_DIR", str(tmp_path / "live"))
    app = open_setup(SYSTEM, tree.diem_he)
    desk = next(o for o in app.selectbox(key="setup.desk.pick").options if o.startswith("Q01"))
    app.selectbox(key="setup.desk.pick").select(desk).run()
    assert not app.exception
    assert "Chưa có ảnh từ camera này: vùng được vẽ trên nền trống." not in [i.value for i in app.info]
    assert app.text_input(key=[k for k in (w.key for w in app.text_input) if k and k.startswith("setup.desk.zone.")][0]
                          ).value == "0.100,0.300; 0.400,0.300; 0.400,0.750; 0.100,0.750"
    assert picture_sent(app).size == (64, 48)  # the worker's picture, not a blank frame
    app.text_input(key=f"setup.desk.name.{desk_id(engine)}").input("Quầy một").run()  # a rerun logs nothing new
    assert [(a, act, target, d) for a, act, target, d in audit_rows(engine) if act == "live_view"] == [
        ("system", "live_view", f"camera:{cam}", {"page": "setup"})]


def desk_id(engine) -> int:
    with engine.connect() as c:
        return c.execute(select(Desk.id)).scalar_one()


@pytest.mark.parametrize("text, zone", [
    ("", None),
    ("0.1,0.3; 0.4,0.3;0.4,0.75", ((0.1, 0.3), (0.4, 0.3), (0.4, 0.75))),
    ("0.1, 0.3\n0.4 ,0.3; 0.4,0.75;", ((0.1, 0.3), (0.4, 0.3), (0.4, 0.75))),
])
def test_zone_text(text, zone):
    from dashboard.setup_parse import format_zone, parse_zone  # noqa: PLC0415

    assert parse_zone(text) == zone
    if zone:
        assert parse_zone(format_zone(zone)) == zone


@pytest.mark.parametrize("text, click, out", [
    ("", (64, 36, 640, 360), "0.100,0.100"),
    ("0.1,0.3;", (320, 360, 640, 360), "0.1,0.3; 0.500,1.000"),
    ("0.1,0.3", (700, -5, 640, 360), "0.1,0.3; 1.000,0.000"),  # a click past the edge snaps to it
])
def test_a_click_adds_a_normalised_point(text, click, out):
    from dashboard.setup_parse import add_point  # noqa: PLC0415

    assert add_point(text, *click) == out


@pytest.mark.parametrize("text, spans", [
    ("07:30-11:30, 13:30-17:00", [(dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 30), dt.time(17))]),
    ("18:00-24:00", [(dt.time(18), dt.time(0))]),
    ("", []),
])
def test_span_text(text, spans):
    from dashboard.setup_parse import format_spans, parse_spans  # noqa: PLC0415

    assert parse_spans(text) == spans
    assert parse_spans(format_spans(spans)) == spans


@pytest.mark.parametrize("text, bad", [("7:30-11:30, 13h-17h", 2), ("25:00-26:00", 1), ("07:30", 1)])
def test_bad_span_text_names_the_item(text, bad):
    from dashboard.setup_parse import FieldText, parse_spans  # noqa: PLC0415

    with pytest.raises(FieldText) as err:
        parse_spans(text)
    assert err.value.index == bad


def test_the_zone_picture_marks_the_zone_only():
    from dashboard.setup_zone_preview import zone_picture  # noqa: PLC0415

    image = zone_picture(None, ZONE).convert("RGB")
    assert image.size == (640, 360)
    inside, outside = image.getpixel((160, 190)), image.getpixel((500, 190))
    assert outside == (96, 96, 96) and inside != outside
