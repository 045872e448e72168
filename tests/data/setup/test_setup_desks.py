"""Desks: the staff zone is checked by the worker's own rules (domain.sites), before anything is written."""
import pytest
from setup_store import ZONE, audit_rows, build_tree, counts

from data.access import SYSTEM
from data.setup import SetupError
from data.setup.cameras import CameraInput, create_camera
from data.setup.desks import DeskInput, create_desk, list_desks, set_desk_active, update_desk


@pytest.fixture
def tree(engine):
    return build_tree(engine)


@pytest.fixture
def camera(engine, tree):
    with engine.begin() as c:
        return create_camera(c, SYSTEM, CameraInput(tree.diem_he, "DH-CAM01", "Camera 01", "0"))


def test_create_edit_and_retire_a_desk(engine, tree, camera):
    with engine.begin() as c:
        desk = create_desk(c, SYSTEM, DeskInput(tree.diem_he, "Q01", "Quầy 01", camera, ZONE))
    new_zone = ((0.5, 0.3), (0.9, 0.3), (0.9, 0.8), (0.5, 0.8))
    with engine.begin() as c:
        update_desk(c, SYSTEM, desk, DeskInput(tree.diem_he, "Q01", "Quầy 1 - Tư pháp", camera, new_zone))
    listed = list_desks(engine, SYSTEM, tree.diem_he)
    assert listed[["code", "name", "camera_code", "active"]].values.tolist() == [
        ["Q01", "Quầy 1 - Tư pháp", "DH-CAM01", True]]
    assert listed["staff_zone"][0] == [list(p) for p in new_zone]
    with engine.begin() as c:
        set_desk_active(c, SYSTEM, desk, False)
    assert list_desks(engine, SYSTEM)["active"].tolist() == [False]
    assert counts(engine).revision == 4
    assert [d["op"] for *_, d in audit_rows(engine)] == ["create", "create", "update", "disable"]
    assert audit_rows(engine)[2][3]["staff_zone"] == [list(p) for p in new_zone]


@pytest.mark.parametrize("zone, where, says", [
    (((0.1, 0.1), (0.5, 0.1)), "staff_zone", "ít nhất 3 điểm"),
    (((0.1, 0.1), (1.2, 0.1), (0.5, 0.5)), "staff_zone[1][0]", "nằm ngoài khoảng 0..1"),
    (((0.1, 0.1), (0.5, 0.1), (0.5, -0.1)), "staff_zone[2][1]", "nằm ngoài khoảng 0..1"),
    (((0.1, 0.1), (0.3, 0.3), (0.5, 0.5)), "staff_zone", "diện tích bằng 0"),
    (((0.1, 0.1), (0.6, 0.5), (0.6, 0.1), (0.1, 0.3)), "staff_zone", "cắt nhau"),
    (None, "staff_zone", "cần vùng nhân viên"),
])
def test_bad_zones_are_refused_naming_the_point(engine, tree, camera, zone, where, says):
    before = counts(engine)
    with pytest.raises(SetupError) as err, engine.begin() as c:
        create_desk(c, SYSTEM, DeskInput(tree.diem_he, "Q01", "Quầy 01", camera, zone))
    assert err.value.field == "staff_zone"
    assert str(err.value).startswith(where) or where == "staff_zone" and says in str(err.value)
    assert says in str(err.value)
    assert counts(engine) == before


def test_a_desk_without_camera_needs_no_zone(engine, tree):
    with engine.begin() as c:
        create_desk(c, SYSTEM, DeskInput(tree.diem_he, "Q09", "Quầy 09"))
    assert list_desks(engine, SYSTEM)[["code", "camera_id", "staff_zone"]].values.tolist() == [["Q09", None, None]]


@pytest.mark.parametrize("change, field, says", [
    (dict(code="Q01"), "code", "đã có trong đơn vị"),
    (dict(code="Q 2"), "code", "chỉ được dùng chữ, số"),
    (dict(unit="hoa_tham"), "camera_id", "đơn vị khác"),
    (dict(camera=999), "camera_id", "không có camera"),
])
def test_bad_desks_are_refused(engine, tree, camera, change, field, says):
    with engine.begin() as c:
        create_desk(c, SYSTEM, DeskInput(tree.diem_he, "Q01", "Quầy 01", camera, ZONE))
    before = counts(engine)
    unit = getattr(tree, change.get("unit", "diem_he"))
    with pytest.raises(SetupError) as err, engine.begin() as c:
        create_desk(c, SYSTEM, DeskInput(unit, change.get("code", "Q02"), "Quầy", change.get("camera", camera), ZONE))
    assert err.value.field == field and says in str(err.value)
    assert counts(engine) == before


def test_a_desk_keeps_its_unit(engine, tree):
    with engine.begin() as c:
        desk = create_desk(c, SYSTEM, DeskInput(tree.diem_he, "Q01", "Quầy 01"))
    with pytest.raises(SetupError, match="không chuyển quầy") as err, engine.begin() as c:
        update_desk(c, SYSTEM, desk, DeskInput(tree.hoa_tham, "Q01", "Quầy 01"))
    assert err.value.field == "unit_id"
