"""Cấu hình does not fight the user (issue 13, item 7): it keeps its tab and what was typed after a refused
save, says why in plain words of the reader's language (no field ids, underscores kept), and tests a
camera's connection from the page, with no credentials shown."""
from __future__ import annotations

import socket
import sys
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
from sqlalchemy import select
from streamlit.proto.Block_pb2 import Block as BlockProto

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "setup"))
from markdown_read import as_read  # noqa: E402
from setup_store import SECRET_URL, counts  # noqa: E402
from test_setup_page import open_setup, page_text, tree  # noqa: E402,F401 — fixtures

from dashboard.setup_forms import TAB_KEY  # noqa: E402
from data.access import SYSTEM  # noqa: E402
from data.schema import AuditEntry, Staff  # noqa: E402
from data.setup.cameras import CameraInput, create_camera  # noqa: E402

PRESENCE_TAB = "Ngưỡng có mặt, vắng mặt"


def tab_shown(app) -> str:
    """The tab the page tells the browser to show."""
    found = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            proto = getattr(child, "proto", None)
            if isinstance(proto, BlockProto) and proto.HasField("tab_container"):
                found.append(proto.tab_container.default_tab_index)
            walk(child)

    walk(app._tree)
    (index,) = found
    return [tab.label for tab in app.tabs][index]


def test_the_tab_stays_after_a_refused_and_a_good_save(open_setup, engine, tree):
    app = open_setup(SYSTEM, tree.diem_he)
    assert "--from-store" not in page_text(app)  # the revision caption names no command-line flag
    app.session_state[TAB_KEY] = PRESENCE_TAB  # what a click on the tab does
    app.run()
    key = f"setup.pres.{tree.diem_he}"
    app.number_input(key=f"{key}.fps").set_value(0)
    next(b for b in app.button if b.form_id == key).click().run()
    assert [as_read(e.value) for e in app.error] == [
        "Chưa lưu — Số khung hình phân tích mỗi giây: phải lớn hơn 0 và không quá 30"]
    assert tab_shown(app) == PRESENCE_TAB and app.session_state[TAB_KEY] == PRESENCE_TAB
    assert app.number_input(key=f"{key}.fps").value == 0  # the typed value stays to be corrected
    app.number_input(key=f"{key}.fps").set_value(2)
    next(b for b in app.button if b.form_id == key).click().run()
    assert [s.value for s in app.success] == ["Đã lưu."]
    assert tab_shown(app) == PRESENCE_TAB
    app.segmented_control(key="lang").set_value("en").run()  # the same tab, in English
    assert tab_shown(app) == "Presence thresholds"


def test_a_refused_staff_member_keeps_what_was_typed(open_setup, engine, tree):
    app = open_setup(SYSTEM, tree.diem_he)
    form = "setup.staff.form.-1"
    app.text_input(key="setup.staff.code.-1").input("CB_01")
    app.text_input(key="setup.staff.title.-1").input("Chuyên viên")
    next(b for b in app.button if b.form_id == form).click().run()  # no name
    assert [as_read(e.value) for e in app.error] == ["Chưa lưu — Họ và tên: họ tên đang để trống"]
    assert [app.text_input(key=f"setup.staff.{f}.-1").value for f in ("code", "title")] == ["CB_01", "Chuyên viên"]
    app.text_input(key="setup.staff.name.-1").input("Trần Thị Bình")
    next(b for b in app.button if b.form_id == form).click().run()
    assert [s.value for s in app.success] == ["Đã lưu."]
    with engine.connect() as c:
        assert c.execute(select(Staff.full_name, Staff.code)).one() == ("Trần Thị Bình", "CB_01")
    assert app.text_input(key="setup.staff.name.-1").value == ""  # saved: the new-staff form starts afresh


def test_english_refusals_are_english_and_escaped(open_setup, engine, tree):
    app = open_setup(SYSTEM, tree.diem_he, lang="en")
    app.text_input(key="setup.cam.add.code").input("bad code")
    app.text_input(key="setup.cam.add.source").input(SECRET_URL)
    app.button[0].click().run()
    (raw,) = [e.value for e in app.error]
    assert as_read(raw) == "Not saved — Camera code: camera code: letters, digits, '_', '-', '.' only, at most 64 characters"
    assert r"\_" in raw  # escaped: the underscores survive Markdown
    assert not any(word in raw for word in ("mã", "id:", "chỉ được"))


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_connection_test_says_what_came_back(open_setup, engine, tree, tmp_path):
    video = tmp_path / "quay.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 25, (320, 240))
    for _ in range(3):
        writer.write(np.zeros((240, 320, 3), np.uint8))
    writer.release()
    port = _closed_port()
    with engine.begin() as c:
        cam = create_camera(c, SYSTEM, CameraInput(tree.diem_he, "DH-CAM01", "Camera 01",
                                                   f"rtsp://admin:S3cret-pass@127.0.0.1:{port}/stream1"))
    app = open_setup(SYSTEM, tree.diem_he)
    before = counts(engine)
    # A typed source, before it is saved: the add form's second button.
    app.text_input(key="setup.cam.add.source").input(str(video))
    next(b for b in app.button if b.form_id == "setup.cam.add" and b.label == "Kiểm tra kết nối").click().run()
    assert not app.exception
    assert [as_read(s.value) for s in app.success] == ["Mở được: 320×240, 25 khung/giây, mã hoá MJPG (sau 0,0 giây)."]
    assert app.text_input(key="setup.cam.add.source").value == str(video)  # nothing was saved, nothing cleared
    # The stored camera: its stored source (credentials included) is opened, and neither is shown.
    form = f"setup.cam.edit.{cam}"
    next(b for b in app.button if b.form_id == form and b.label == "Kiểm tra kết nối").click().run()
    assert [as_read(e.value) for e in app.error] == [
        f"Không kết nối được: máy camera có nhưng không nhận kết nối ở cổng {port}."]
    assert "S3cret" not in page_text(app)
    assert replace(counts(engine), audit=before.audit) == before  # nothing saved; the test itself is audited
    with engine.connect() as c:
        assert c.execute(select(AuditEntry.target).where(AuditEntry.action == "camera_check")).scalars().all() == [
            f"camera:{cam}"]
    # A wrong path, in words.
    app.text_input(key="setup.cam.add.source").input(str(tmp_path / "missing.mp4"))
    next(b for b in app.button if b.form_id == "setup.cam.add" and b.label == "Kiểm tra kết nối").click().run()
    assert [as_read(e.value) for e in app.error] == ["Không kết nối được: không có tệp này trên máy chạy trang."]
