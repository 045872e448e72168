import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.office_hours import (
    DAY_S,
    DatedDay,
    OfficeCalendar,
    Schedule,
    WeeklyHours,
    resolve_schedule,
    windows_from_times,
)

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


# --- the resolver: own hours → nearest ancestor → province-wide → default; dated days ---------

# A province P (id 1) → district D (2) → communes X (3) and Y (4); a second district E (5) with
# commune Z (6). Chains are nearest first, as data.office_hours_store.ancestry gives them.
P, D, X, Y, E, Z = 1, 2, 3, 4, 5, 6
CHAINS = {"P": [P], "D": [D, P], "X": [X, D, P], "Y": [Y, D, P], "E": [E, P], "Z": [Z, E, P], "province": []}


def _week(days, start, end):
    return tuple(WeeklyHours(wd, start, end) for wd in days)


# The store tests' calendar (tests/data/test_office_hours_store.py): province-wide Mon–Fri
# 07:00–11:00 and 13:00–16:30; D adds Saturday mornings; X has its own Monday only.
HOURS = OfficeCalendar(
    hours={
        None: _week(range(5), dt.time(7), dt.time(11)) + _week(range(5), dt.time(13), dt.time(16, 30)),
        D: _week(range(6), dt.time(7, 30), dt.time(11, 30)),
        X: (WeeklyHours(0, dt.time(8), dt.time(12)),),
    },
    days={},
)
# Holidays: nationwide 2 Sep and 1 Sep off, D works 1 Sep, X closes 5 Mar, a nationwide worked Saturday.
HOLIDAYS = OfficeCalendar(
    hours={},
    days={
        None: (DatedDay(dt.date(2025, 9, 2), False), DatedDay(dt.date(2025, 9, 1), False),
               DatedDay(dt.date(2025, 4, 26), True)),
        D: (DatedDay(dt.date(2025, 9, 1), True),),
        X: (DatedDay(dt.date(2025, 3, 5), False),),
    },
)
# The monthly review's calendar (tests/data/review/test_review_office_days.py): Z keeps its own
# week with a Saturday morning; D works Saturday 7 Mar and closes Friday 13 Mar for itself; X
# works 3 Mar, a nationwide holiday; the province-wide rows run 08:00–17:00.
REVIEW = OfficeCalendar(
    hours={Z: _week(range(6), dt.time(7), dt.time(11)), None: _week(range(5), dt.time(8), dt.time(17))},
    days={
        None: (DatedDay(dt.date(2026, 3, 3), False),),
        D: (DatedDay(dt.date(2026, 3, 7), True), DatedDay(dt.date(2026, 3, 13), False)),
        X: (DatedDay(dt.date(2026, 3, 3), True),),
    },
)


@pytest.mark.parametrize(("calendar", "unit", "at", "is_open"), [
    (OfficeCalendar({}, {}), "X", local(2025, 3, 3, 9), True),       # no rows: the default week
    (OfficeCalendar({}, {}), "X", local(2025, 3, 3, 12), False),
    (HOURS, "province", local(2025, 3, 3, 7, 15), True),             # province-wide rows
    (HOURS, "province", local(2025, 3, 3, 16, 45), False),
    (HOURS, "X", local(2025, 3, 3, 11, 45), True),                   # its own Monday
    (HOURS, "X", local(2025, 3, 4, 9), False),                       # own rows replace the week
    (HOURS, "Y", local(2025, 3, 8, 9), True),                        # the district's Saturday
    (HOURS, "Y", local(2025, 3, 3, 14), False),                      # the district has no afternoon
    (HOURS, "Z", local(2025, 3, 3, 16), True),                       # no district rows: province-wide
    (HOLIDAYS, "X", local(2025, 9, 2, 9), False),                    # nationwide holiday
    (HOLIDAYS, "Y", local(2025, 9, 2, 9), False),
    (HOLIDAYS, "X", local(2025, 9, 1, 9), True),                     # the district works it
    (HOLIDAYS, "Y", local(2025, 9, 1, 9), True),
    (HOLIDAYS, "province", local(2025, 9, 1, 9), False),             # ... only for its own units
    (HOLIDAYS, "X", local(2025, 3, 5, 9), False),                    # the commune's own festival
    (HOLIDAYS, "Y", local(2025, 3, 5, 9), True),
    (HOLIDAYS, "X", local(2025, 4, 26, 9), True),                    # a worked Saturday: weekday hours
    (HOLIDAYS, "X", local(2025, 4, 26, 12), False),
])
def test_resolver_nearest_owner_wins(calendar, unit, at, is_open):
    assert resolve_schedule(CHAINS[unit], calendar).is_open(at) is is_open


@pytest.mark.parametrize(("unit", "day", "opens"), [
    ("X", dt.date(2026, 3, 3), "08:00"),  # the commune works its own holiday exception
    ("E", dt.date(2026, 3, 3), None),     # the nationwide holiday
    ("X", dt.date(2026, 3, 7), "08:00"),  # the district's worked Saturday reaches the commune
    ("X", dt.date(2026, 3, 13), None),    # the district's own day off
    ("Z", dt.date(2026, 3, 7), "07:00"),  # its own Saturday morning
    ("Z", dt.date(2026, 3, 8), None),     # Sunday
])
def test_resolver_review_cases(unit, day, opens):
    windows = resolve_schedule(CHAINS[unit], REVIEW).windows_on(day)
    first = None if not windows else f"{windows[0][0] // 3600:02d}:{windows[0][0] % 3600 // 60:02d}"
    assert first == opens


def test_resolver_keeps_the_time_zone():
    assert resolve_schedule([X], REVIEW, "Asia/Bangkok").timezone == "Asia/Bangkok"
