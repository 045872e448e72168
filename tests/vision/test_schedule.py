import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert

from data.schema import Holiday, OfficeSchedule
from data.units import create_unit
from vision.schedule import DAY_S, Schedule, load_schedule, windows_from_times

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local(y, m, d, hh=0, mm=0, ss=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=VN).astimezone(dt.UTC)


# 2025-03-03 is a Monday.
@pytest.mark.parametrize(
    "at, is_open, next_change",
    [
        (local(2025, 3, 3, 7, 29, 59), False, local(2025, 3, 3, 7, 30)),
        (local(2025, 3, 3, 7, 30), True, local(2025, 3, 3, 11, 30)),
        (local(2025, 3, 3, 11, 29, 59), True, local(2025, 3, 3, 11, 30)),
        (local(2025, 3, 3, 11, 30), False, local(2025, 3, 3, 13, 30)),  # lunch
        (local(2025, 3, 3, 13, 30), True, local(2025, 3, 3, 17, 0)),
        (local(2025, 3, 3, 17, 0), False, local(2025, 3, 4, 7, 30)),
        (local(2025, 3, 7, 16, 0), True, local(2025, 3, 7, 17, 0)),  # Friday
        (local(2025, 3, 7, 17, 0), False, local(2025, 3, 10, 7, 30)),  # over the weekend
        (local(2025, 3, 8, 9, 0), False, local(2025, 3, 10, 7, 30)),  # Saturday
        (local(2025, 3, 2, 23, 59), False, local(2025, 3, 3, 7, 30)),  # Sunday night
    ],
)
def test_default_hours(at, is_open, next_change):
    s = Schedule.default()
    assert s.is_open(at) is is_open
    assert s.next_change(at) == next_change


def test_local_time_is_utc_plus_seven():
    s = Schedule.default()
    opening = dt.datetime(2025, 3, 3, 0, 30, tzinfo=dt.UTC)  # 07:30 in Hà Nội
    assert s.is_open(opening) and not s.is_open(opening - dt.timedelta(microseconds=1))


def test_holidays_close_and_compensatory_days_open():
    s = Schedule(
        holidays=frozenset({dt.date(2025, 4, 30), dt.date(2025, 5, 1), dt.date(2025, 5, 2)}),
        working_days=frozenset({dt.date(2025, 4, 26)}),  # a Saturday worked for 2 May
    )
    assert not s.is_open(local(2025, 4, 30, 9))
    assert s.next_change(local(2025, 4, 29, 17)) == local(2025, 5, 5, 7, 30)  # Tue evening → next Monday
    assert s.is_open(local(2025, 4, 26, 9)) and not s.is_open(local(2025, 4, 26, 12))
    assert s.next_change(local(2025, 4, 25, 17)) == local(2025, 4, 26, 7, 30)


def test_always_open_never_changes():
    s = Schedule.always()
    t = local(2025, 3, 8, 3)
    assert s.is_open(t) and s.next_change(t) is None
    assert s.open_seconds(t, t + dt.timedelta(days=3)) == 3 * DAY_S


def test_never_open_has_no_next_change():
    s = Schedule(weekly=((),) * 7)
    assert not s.is_open(local(2025, 3, 3, 9)) and s.next_change(local(2025, 3, 3, 9)) is None


def test_windows_running_past_midnight_join_up():
    night = windows_from_times([(dt.time(22, 0), dt.time(0, 0))])
    morning = windows_from_times([(dt.time(0, 0), dt.time(6, 0))])
    s = Schedule(weekly=(night, morning, (), (), (), (), ()))
    assert s.next_change(local(2025, 3, 3, 23)) == local(2025, 3, 4, 6)  # Mon 22:00 → Tue 06:00 is one stretch


def test_windows_merge_and_reject_backwards_spans():
    assert windows_from_times([(dt.time(8), dt.time(10)), (dt.time(9), dt.time(12))]) == ((8 * 3600, 12 * 3600),)
    with pytest.raises(ValueError, match="end must be after start"):
        windows_from_times([(dt.time(10), dt.time(9))])


def test_open_spans_and_seconds_over_a_week():
    s = Schedule.default()
    spans = s.open_spans(local(2025, 3, 3), local(2025, 3, 10))
    assert len(spans) == 10
    assert spans[0] == (local(2025, 3, 3, 7, 30), local(2025, 3, 3, 11, 30))
    assert s.open_seconds(local(2025, 3, 3), local(2025, 3, 10)) == 5 * 7.5 * 3600
    assert s.open_seconds(local(2025, 3, 3, 9), local(2025, 3, 3, 14)) == 2.5 * 3600 + 0.5 * 3600


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        Schedule.default().is_open(dt.datetime(2025, 3, 3, 9))


instants = st.datetimes(
    min_value=dt.datetime(2024, 12, 20), max_value=dt.datetime(2026, 1, 10), timezones=st.just(dt.UTC)
)
schedules = st.sampled_from(
    [
        Schedule.default(),
        Schedule(weekly=(((0, 3600), (7200, DAY_S)),) * 7),
        Schedule(
            weekly=(((27000, 41400),),) * 6 + ((),),  # Saturday mornings too
            holidays=frozenset({dt.date(2025, 1, 1), dt.date(2025, 9, 2)}),
            working_days=frozenset({dt.date(2025, 1, 5)}),
        ),
        Schedule.default("Europe/Berlin"),  # has daylight saving time
    ]
)


@settings(max_examples=300, deadline=None)
@given(schedules, instants)
def test_next_change_is_exactly_where_is_open_flips(s, at):
    nxt = s.next_change(at)
    assert nxt is not None and nxt > at
    tick = dt.timedelta(microseconds=1)
    assert s.is_open(nxt) is not s.is_open(at)
    assert s.is_open(nxt - tick) is s.is_open(at)
    # Nothing flips in between: probe a few points.
    for k in range(1, 8):
        probe = at + (nxt - at) * k / 8
        assert s.is_open(probe) is s.is_open(at)


# --- from the store ------------------------------------------------------------------


def _tree(conn):
    p = create_unit(conn, "Tỉnh Lạng Sơn", "province", None)
    d = create_unit(conn, "Huyện Văn Quan", "district", p.id)
    x = create_unit(conn, "Xã Điềm He", "commune", d.id)
    y = create_unit(conn, "Xã Tân Đoàn", "commune", d.id)
    return p, d, x, y


def test_store_without_rows_gives_the_default(engine):
    with engine.begin() as c:
        _, _, x, _ = _tree(c)
    s = load_schedule(engine, x.id)
    assert s.weekly == Schedule.default().weekly and not s.holidays and not s.working_days


def test_store_hours_nearest_unit_wins_then_province_default(engine):
    with engine.begin() as c:
        _, d, x, y = _tree(c)
        # Province-wide: Mon–Fri 07:00–11:00, 13:00–16:30.
        rows = [
            {"unit_id": None, "weekday": wd, "start_local": dt.time(7), "end_local": dt.time(11)} for wd in range(5)
        ] + [
            {"unit_id": None, "weekday": wd, "start_local": dt.time(13), "end_local": dt.time(16, 30)}
            for wd in range(5)
        ]
        # The district opens Saturday mornings as well (its communes inherit it).
        rows += [
            {"unit_id": d.id, "weekday": wd, "start_local": dt.time(7, 30), "end_local": dt.time(11, 30)}
            for wd in range(6)
        ]
        # Xã Điềm He has its own hours on Monday only (other days closed).
        rows += [{"unit_id": x.id, "weekday": 0, "start_local": dt.time(8), "end_local": dt.time(12)}]
        c.execute(insert(OfficeSchedule), rows)
        province = load_schedule(c, None)
        own = load_schedule(c, x.id)
        inherited = load_schedule(c, y.id)
    assert province.is_open(local(2025, 3, 3, 7, 15)) and not province.is_open(local(2025, 3, 3, 16, 45))
    assert own.is_open(local(2025, 3, 3, 11, 45)) and not own.is_open(local(2025, 3, 4, 9))
    assert inherited.is_open(local(2025, 3, 8, 9)) and not inherited.is_open(local(2025, 3, 3, 14))


def test_store_holidays_nationwide_and_local_overrides(engine):
    with engine.begin() as c:
        _, d, x, y = _tree(c)
        c.execute(
            insert(Holiday),
            [
                {"unit_id": None, "day": dt.date(2025, 9, 2), "name": "Quốc khánh", "working_day": False},
                {"unit_id": None, "day": dt.date(2025, 9, 1), "name": "Nghỉ bù", "working_day": False},
                # The district keeps 1 Sep open (an override of the national row).
                {"unit_id": d.id, "day": dt.date(2025, 9, 1), "name": "Làm việc", "working_day": True},
                # Xã Điềm He closes a local festival day.
                {"unit_id": x.id, "day": dt.date(2025, 3, 5), "name": "Lễ hội", "working_day": False},
                # A worked Saturday, nationwide.
                {"unit_id": None, "day": dt.date(2025, 4, 26), "name": "Làm bù", "working_day": True},
            ],
        )
    sx, sy = load_schedule(engine, x.id), load_schedule(engine, y.id)
    assert not sx.is_open(local(2025, 9, 2, 9)) and not sy.is_open(local(2025, 9, 2, 9))
    assert sx.is_open(local(2025, 9, 1, 9)) and sy.is_open(local(2025, 9, 1, 9))
    assert not sx.is_open(local(2025, 3, 5, 9)) and sy.is_open(local(2025, 3, 5, 9))
    assert sx.is_open(local(2025, 4, 26, 9)) and not sx.is_open(local(2025, 4, 26, 12))
    province = load_schedule(engine, None)
    assert not province.is_open(local(2025, 9, 1, 9))


def test_unknown_unit(engine):
    with pytest.raises(LookupError, match="no unit with id 999"):
        load_schedule(engine, 999)
