"""Cameras: the source is stored whole but leaves data/ only redacted; every change is revisioned and audited."""
import json

import pytest
from setup_store import SECRET_URL, audit_rows, build_tree, counts

from data.access import SYSTEM
from data.setup import SetupError, config_revision
from data.setup.cameras import CameraInput, create_camera, list_cameras, set_camera_enabled, update_camera
from data.schema import Camera
from sqlalchemy import select


@pytest.fixture
def tree(engine):
    return build_tree(engine)


def test_create_keeps_the_source_but_lists_and_audits_it_redacted(engine, tree):
    with engine.begin() as c:
        cam = create_camera(c, SYSTEM, CameraInput(tree.diem_he, "DH-CAM01", "Camera 01", SECRET_URL))
    with engine.connect() as c:
        assert c.execute(select(Camera.source).where(Camera.id == cam)).scalar_one() == SECRET_URL
        assert config_revision(c) == 1
    listed = list_cameras(engine, SYSTEM)
    assert listed[["code", "unit", "source", "enabled", "desks"]].values.tolist() == [
        ["DH-CAM01", "Xã Điềm He", "rtsp://***@10.0.0.5:554/stream1", True, 0]]
    (actor, action, target, detail), = audit_rows(engine)
    assert (actor, action, target) == ("system", "config_change", f"camera:{cam}")
    assert detail["source_changed"] is True and detail["revision"] == 1
    assert "S3cret" not in json.dumps(detail) and "admin:" not in json.dumps(detail)


def test_an_empty_source_on_edit_keeps_the_stored_one(engine, tree):
    with engine.begin() as c:
        cam = create_camera(c, SYSTEM, CameraInput(tree.diem_he, "DH-CAM01", "Camera 01", SECRET_URL))
    with engine.begin() as c:
        update_camera(c, SYSTEM, cam, CameraInput(tree.diem_he, "DH-CAM01", "Quầy tiếp dân", ""))
    with engine.begin() as c:
        assert c.execute(select(Camera.name, Camera.source)).one() == ("Quầy tiếp dân", SECRET_URL)
        update_camera(c, SYSTEM, cam, CameraInput(tree.diem_he, "DH-CAM01", "Quầy tiếp dân", "rtsp://10.0.0.9/s"))
        assert c.execute(select(Camera.source)).scalar_one() == "rtsp://10.0.0.9/s"
        set_camera_enabled(c, SYSTEM, cam, False)
        assert c.execute(select(Camera.enabled)).scalar_one() is False
    assert config_revision(engine) == 4
    assert [d["source_changed"] for *_, d in audit_rows(engine)[1:3]] == [False, True]
    assert all("S3cret" not in json.dumps(d) for *_, d in audit_rows(engine))


@pytest.mark.parametrize("code, source, field, says", [
    ("bad code", "rtsp://10.0.0.5/s", "code", "chỉ được dùng chữ, số"),
    ("", "rtsp://10.0.0.5/s", "code", "chỉ được dùng chữ, số"),
    ("x" * 65, "rtsp://10.0.0.5/s", "code", "tối đa 64 ký tự"),
    ("CAM1", "", "source", "nguồn đang để trống"),
    ("CAM1", "   ", "source", "nguồn đang để trống"),
    ("cam/1", "0", "code", "chỉ được dùng chữ, số"),
    ("CAM1", "rtsp://***@10.0.0.5/s", "source", "thông tin đăng nhập thật"),  # a masked source copied from a list
])
def test_bad_cameras_are_refused_naming_the_field_and_write_nothing(engine, tree, code, source, field, says):
    before = counts(engine)
    with pytest.raises(SetupError) as err, engine.begin() as c:
        create_camera(c, SYSTEM, CameraInput(tree.diem_he, code, "Camera", source))
    assert err.value.field == field
    if says:
        assert says in str(err.value)
    assert counts(engine) == before


def test_a_camera_code_is_unique(engine, tree):
    with engine.begin() as c:
        create_camera(c, SYSTEM, CameraInput(tree.diem_he, "CAM1", "A", "0"))
    before = counts(engine)
    with pytest.raises(SetupError, match="đã có") as err, engine.begin() as c:
        create_camera(c, SYSTEM, CameraInput(tree.hoa_tham, "CAM1", "B", "1"))
    assert err.value.field == "code" and counts(engine) == before


def test_two_saves_at_once_get_two_revisions(engine, tree):
    """Each change waits for the other's revision (row lock on PostgreSQL, one writer on SQLite)."""
    import threading

    errors: list[BaseException] = []

    def add(code: str) -> None:
        try:
            with engine.begin() as c:
                create_camera(c, SYSTEM, CameraInput(tree.diem_he, code, code, "0"))
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(f"CAM{i}",)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert errors == []
    assert config_revision(engine) == 4
    assert sorted(d["revision"] for *_, d in audit_rows(engine)) == [1, 2, 3, 4]


XMEYE = "rtsp://10.0.0.7:554/user=admin_password=S3cret_channel=1_stream=0.sdp"


def test_editing_the_masked_source_keeps_the_credentials_on_the_same_device(engine, tree):
    """The page edits the masked form: *** left in place keeps the stored secret; nothing else may use it."""
    with engine.begin() as c:
        cam = create_camera(c, SYSTEM, CameraInput(tree.diem_he, "XM-CAM01", "Camera 01", XMEYE))
    shown = list_cameras(engine, SYSTEM)["source"].item()
    assert shown == "rtsp://10.0.0.7:554/user=***_password=***_channel=1_stream=0.sdp"

    def edit(source: str) -> None:
        with engine.begin() as c:
            update_camera(c, SYSTEM, cam, CameraInput(tree.diem_he, "XM-CAM01", "Camera 01", source))

    def stored() -> str:
        with engine.connect() as c:
            return c.execute(select(Camera.source)).scalar_one()

    edit(shown)  # saved as shown: unchanged
    assert stored() == XMEYE and audit_rows(engine)[-1][3]["source_changed"] is False
    edit(shown.replace("channel=1", "channel=2"))
    assert stored() == XMEYE.replace("channel=1", "channel=2") and audit_rows(engine)[-1][3]["source_changed"]
    for other_device in ("rtsp://10.6.6.6:554/user=***_password=***_channel=2_stream=0.sdp",
                         "rtsp://10.0.0.7:8554/user=***_password=***_channel=2_stream=0.sdp",
                         "rtsp://10.0.0.7:554/user=***_password=x_channel=***_stream=0.sdp"):
        with pytest.raises(SetupError) as err:
            edit(other_device)
        assert err.value.field == "source" and "S3cret" not in str(err.value)
    assert stored() == XMEYE.replace("channel=1", "channel=2")
    edit("rtsp://10.6.6.6:554/user=admin_password=N3w_channel=1_stream=0.sdp")  # retyped: a new device is fine
    assert stored() == "rtsp://10.6.6.6:554/user=admin_password=N3w_channel=1_stream=0.sdp"
    assert all("S3cret" not in json.dumps(d) and "N3w" not in json.dumps(d) for *_, d in audit_rows(engine))
