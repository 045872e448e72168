"""Staff and the roster: one person per desk on any day."""
import datetime as dt

import pytest
from setup_store import build_tree, counts

from data.access import SYSTEM
from data.setup import SetupError
from data.setup.desks import DeskInput, create_desk
from data.setup.staff import (
    RosterInput, StaffInput, add_roster_entry, create_staff, list_roster, list_staff, remove_roster_entry,
    update_roster_entry, update_staff,
)

D = dt.date


@pytest.fixture
def desk_and_people(engine):
    tree = build_tree(engine)
    with engine.begin() as c:
        desk = create_desk(c, SYSTEM, DeskInput(tree.diem_he, "Q01", "Quầy 01"))
        an = create_staff(c, SYSTEM, StaffInput(tree.diem_he, "Nguyễn Văn An", "CB001", "Công chức tư pháp"))
        binh = create_staff(c, SYSTEM, StaffInput(tree.diem_he, "Trần Thị Bình"))
        add_roster_entry(c, SYSTEM, RosterInput(desk, an, D(2026, 1, 1), D(2026, 3, 31)))
        add_roster_entry(c, SYSTEM, RosterInput(desk, binh, D(2026, 6, 1)))
    return tree, desk, an, binh


@pytest.mark.parametrize("start, end, clash", [
    (D(2025, 12, 1), D(2026, 1, 1), True),  # touches the first day
    (D(2026, 3, 31), D(2026, 4, 30), True),  # touches the last day
    (D(2026, 2, 1), D(2026, 2, 2), True),  # inside
    (D(2025, 1, 1), None, True),  # open-ended over everything
    (D(2027, 1, 1), None, True),  # inside the open-ended one
    (D(2026, 4, 1), D(2026, 5, 31), False),  # the gap between them
    (D(2025, 1, 1), D(2025, 12, 31), False),  # before
])
def test_overlapping_assignments_for_one_desk_are_refused(engine, desk_and_people, start, end, clash):
    tree, desk, an, binh = desk_and_people
    before = counts(engine)
    with engine.begin() as c:
        other = create_staff(c, SYSTEM, StaffInput(tree.diem_he, "Lê Văn Cường"))
    before = counts(engine)
    if clash:
        with pytest.raises(SetupError, match="đã phân công") as err, engine.begin() as c:
            add_roster_entry(c, SYSTEM, RosterInput(desk, other, start, end))
        assert err.value.field == "day_from" and counts(engine) == before
    else:
        with engine.begin() as c:
            add_roster_entry(c, SYSTEM, RosterInput(desk, other, start, end))
        assert counts(engine).roster == before.roster + 1 and counts(engine).revision == before.revision + 1


def test_ending_an_entry_makes_room_and_lists_in_order(engine, desk_and_people):
    tree, desk, an, binh = desk_and_people
    roster = list_roster(engine, SYSTEM, tree.diem_he)
    first, second = roster["entry_id"].tolist()
    with engine.begin() as c:
        update_roster_entry(c, SYSTEM, second, RosterInput(desk, binh, D(2026, 6, 1), D(2026, 6, 30)))
        add_roster_entry(c, SYSTEM, RosterInput(desk, an, D(2026, 7, 1)))
        remove_roster_entry(c, SYSTEM, first)
    assert list_roster(engine, SYSTEM)[["staff", "day_from", "day_to"]].values.tolist() == [
        ["Trần Thị Bình", D(2026, 6, 1), D(2026, 6, 30)], ["Nguyễn Văn An", D(2026, 7, 1), None]]
    with pytest.raises(SetupError, match="trước ngày bắt đầu") as err, engine.begin() as c:
        add_roster_entry(c, SYSTEM, RosterInput(desk, an, D(2027, 2, 1), D(2027, 1, 1)))
    assert err.value.field == "day_to"


def test_staff_edit_and_empty_name(engine, desk_and_people):
    tree, desk, an, binh = desk_and_people
    with engine.begin() as c:
        update_staff(c, SYSTEM, an, StaffInput(tree.diem_he, "Nguyễn  Văn An ", "CB001", None, active=False))
    assert list_staff(engine, SYSTEM)[["full_name", "code", "title", "active"]].values.tolist() == [
        ["Nguyễn Văn An", "CB001", None, False], ["Trần Thị Bình", None, None, True]]
    before = counts(engine)
    with pytest.raises(SetupError) as err, engine.begin() as c:
        create_staff(c, SYSTEM, StaffInput(tree.diem_he, "   "))
    assert err.value.field == "full_name" and counts(engine) == before
