"""Only administrators configure, and only inside their unit subtree; a refusal writes nothing."""
import datetime as dt

import pytest
from setup_store import ZONE, build_tree, counts, scope_under

from data.access import SYSTEM, AccessDenied, Scope
from data.setup.cameras import CameraInput, create_camera, list_cameras, set_camera_enabled, update_camera
from data.setup.desks import DeskInput, create_desk, list_desks
from data.setup.schedules import HolidayInput, OfficeHours, add_holiday, set_unit_week
from data.setup.staff import RosterInput, StaffInput, add_roster_entry, create_staff, list_staff


@pytest.fixture
def tree(engine):
    tree = build_tree(engine)
    with engine.begin() as c:
        cam = create_camera(c, SYSTEM, CameraInput(tree.diem_he, "DH-CAM01", "Camera", "0"))
        desk = create_desk(c, SYSTEM, DeskInput(tree.diem_he, "Q01", "Quầy 01", cam, ZONE))
        staff = create_staff(c, SYSTEM, StaffInput(tree.diem_he, "Nguyễn Văn An"))
    return tree, cam, desk, staff


CHANGES = {
    "camera": lambda c, s, t, cam, desk, staff: create_camera(c, s, CameraInput(t.diem_he, "X", "X", "0")),
    "camera_edit": lambda c, s, t, cam, desk, staff: update_camera(c, s, cam, CameraInput(t.diem_he, "X", "X", None)),
    "camera_off": lambda c, s, t, cam, desk, staff: set_camera_enabled(c, s, cam, False),
    "desk": lambda c, s, t, cam, desk, staff: create_desk(c, s, DeskInput(t.diem_he, "Q02", "Q", cam, ZONE)),
    "week": lambda c, s, t, cam, desk, staff: set_unit_week(c, s, t.diem_he, [OfficeHours(0, dt.time(7), dt.time(9))]),
    "province_week": lambda c, s, t, cam, desk, staff: set_unit_week(c, s, None, []),
    "holiday": lambda c, s, t, cam, desk, staff: add_holiday(c, s, HolidayInput(t.diem_he, dt.date(2026, 9, 2), "QK")),
    "staff": lambda c, s, t, cam, desk, staff: create_staff(c, s, StaffInput(t.diem_he, "Lê Văn Cường")),
    "roster": lambda c, s, t, cam, desk, staff: add_roster_entry(c, s, RosterInput(desk, staff, dt.date(2026, 1, 1))),
}


@pytest.mark.parametrize("who", ["viewer", "inspector", "staff", "other_district_admin"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_non_administrators_and_other_districts_are_refused(engine, tree, who, change):
    t, cam, desk, staff = tree
    scope = (scope_under(engine, t.binh_gia, "admin") if who == "other_district_admin"
             else Scope(username=who, role=who, unit_path=None))
    before = counts(engine)
    with pytest.raises(AccessDenied), engine.begin() as c:
        CHANGES[change](c, scope, t, cam, desk, staff)
    assert counts(engine) == before


@pytest.mark.parametrize("change", sorted(set(CHANGES) - {"province_week"}))
def test_a_district_administrator_configures_its_own_subtree(engine, tree, change):
    t, cam, desk, staff = tree
    before = counts(engine)
    with engine.begin() as c:
        CHANGES[change](c, scope_under(engine, t.van_quan, "admin"), t, cam, desk, staff)
    assert counts(engine).revision == before.revision + 1 and counts(engine).audit == before.audit + 1


def test_lists_show_only_the_scope(engine, tree):
    t, *_ = tree
    other = scope_under(engine, t.binh_gia, "admin")
    assert list_cameras(engine, other).empty and list_desks(engine, other).empty and list_staff(engine, other).empty
    mine = scope_under(engine, t.van_quan, "viewer")
    assert list_cameras(engine, mine)["code"].tolist() == ["DH-CAM01"]
