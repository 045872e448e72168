"""Office hours replace the inherited week (the rule the worker's schedule applies); holidays and worked weekends."""
import datetime as dt

import pytest
from setup_store import build_tree, counts

from data.access import SYSTEM
from data.office_hours_store import load_schedule
from data.setup import SetupError
from data.setup.schedules import HolidayInput, OfficeHours, add_holiday, list_holidays, remove_holiday, set_unit_week, unit_week
from domain.office_hours import DEFAULT_DAY

T = dt.time


def hours(h1: int, m1: int, h2: int, m2: int) -> tuple[int, int]:
    return (h1 * 3600 + m1 * 60, h2 * 3600 + m2 * 60)


@pytest.fixture
def tree(engine):
    return build_tree(engine)


def test_a_unit_week_replaces_what_it_inherits_and_empty_inherits_again(engine, tree):
    saturday = [OfficeHours(d, T(7, 0), T(11, 0)) for d in range(6)] + [OfficeHours(0, T(13, 0), T(17, 0))]
    with engine.begin() as c:
        set_unit_week(c, SYSTEM, tree.binh_gia, saturday)
    # The commune below inherits the district's week; the other district keeps the default.
    sched = load_schedule(engine, tree.hoa_tham)
    assert sched.weekly[0] == (hours(7, 0, 11, 0), hours(13, 0, 17, 0))
    assert sched.weekly[5] == (hours(7, 0, 11, 0),) and sched.weekly[6] == ()
    assert load_schedule(engine, tree.diem_he).weekly[0] == DEFAULT_DAY
    assert unit_week(engine, SYSTEM, tree.binh_gia)[:2] == [OfficeHours(0, T(7, 0), T(11, 0)),
                                                           OfficeHours(0, T(13, 0), T(17, 0))]
    with engine.begin() as c:
        set_unit_week(c, SYSTEM, tree.binh_gia, [OfficeHours(0, T(8, 0), T(0, 0))])  # to midnight
    assert load_schedule(engine, tree.hoa_tham).weekly[:2] == ((hours(8, 0, 24, 0),), ())
    with engine.begin() as c:
        set_unit_week(c, SYSTEM, tree.binh_gia, [])
    assert load_schedule(engine, tree.hoa_tham).weekly[0] == DEFAULT_DAY
    assert counts(engine).revision == 3 and counts(engine).schedules == 0


@pytest.mark.parametrize("week, field", [
    ([OfficeHours(7, T(7, 0), T(11, 0))], "weekday"),
    ([OfficeHours(0, T(11, 0), T(7, 0))], "end"),
    ([OfficeHours(0, T(7, 0), T(7, 0))], "end"),
    ([OfficeHours(2, T(7, 0), T(11, 30)), OfficeHours(2, T(11, 0), T(17, 0))], "start"),
])
def test_bad_weeks_are_refused_and_keep_the_old_week(engine, tree, week, field):
    with engine.begin() as c:
        set_unit_week(c, SYSTEM, tree.diem_he, [OfficeHours(0, T(7, 0), T(11, 0))])
    before = counts(engine)
    with pytest.raises(SetupError) as err, engine.begin() as c:
        set_unit_week(c, SYSTEM, tree.diem_he, week)
    assert err.value.field == field
    assert counts(engine) == before
    assert unit_week(engine, SYSTEM, tree.diem_he) == [OfficeHours(0, T(7, 0), T(11, 0))]


def test_holidays_close_and_a_worked_saturday_opens(engine, tree):
    with engine.begin() as c:
        tet = add_holiday(c, SYSTEM, HolidayInput(None, dt.date(2026, 2, 16), "Tết Nguyên đán"))
        add_holiday(c, SYSTEM, HolidayInput(tree.diem_he, dt.date(2026, 2, 21), "Làm bù", working_day=True))
    sched = load_schedule(engine, tree.diem_he)
    assert sched.windows_on(dt.date(2026, 2, 16)) == ()  # a Monday
    assert sched.windows_on(dt.date(2026, 2, 21)) == DEFAULT_DAY  # a Saturday
    assert load_schedule(engine, tree.hoa_tham).windows_on(dt.date(2026, 2, 21)) == ()
    assert list_holidays(engine, SYSTEM, 2026)[["unit", "name", "working_day"]].fillna("").values.tolist() == [
        ["", "Tết Nguyên đán", False], ["Xã Điềm He", "Làm bù", True]]
    with engine.begin() as c:
        remove_holiday(c, SYSTEM, tet)
    assert load_schedule(engine, tree.diem_he).windows_on(dt.date(2026, 2, 16)) == DEFAULT_DAY
    assert counts(engine).revision == 3


@pytest.mark.parametrize("holiday, field", [
    (HolidayInput(None, dt.date(2026, 2, 16), "Trùng ngày"), "day"),
    (HolidayInput(None, dt.date(2026, 2, 17), "  "), "name"),
    (HolidayInput(None, dt.date(2026, 2, 18), "Làm bù thứ Tư", working_day=True), "working_day"),
])
def test_bad_holidays_are_refused(engine, tree, holiday, field):
    with engine.begin() as c:
        add_holiday(c, SYSTEM, HolidayInput(None, dt.date(2026, 2, 16), "Tết"))
    before = counts(engine)
    with pytest.raises(SetupError) as err, engine.begin() as c:
        add_holiday(c, SYSTEM, holiday)
    assert err.value.field == field and counts(engine) == before
