"""Office hours: when a unit's one-stop desks are supposed to be staffed, and the one resolver.

Default: Monday–Friday 07:30–11:30 and 13:30–17:00 local time. A unit's own
hours (table office_schedule), lunch break included, and public holidays and
compensatory working days (table holiday) come from the store when present
(data.office_hours_store reads them; `resolve_schedule` here applies the rules,
for the worker and for the monthly review alike).
Presence asks two questions: `is_open(at)` and `next_change(at)` (so that
intervals split exactly at opening and closing times).

Windows are half-open, [start, end) in local wall time.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from domain.timezone import DEFAULT_TIMEZONE

DAY_S = 86_400
# How far ahead next_change looks before deciding the state never changes.
HORIZON_DAYS = 800

Window = tuple[int, int]  # seconds after local midnight, [start, end), end ≤ 86400


def _secs(t: dt.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def windows_from_times(spans: Iterable[tuple[dt.time, dt.time]]) -> tuple[Window, ...]:
    """Local (start, end) times → sorted, merged windows; end 00:00 means midnight."""
    raw = []
    for start, end in spans:
        s, e = _secs(start), _secs(end)
        if e == 0:
            e = DAY_S
        if e <= s:
            raise ValueError(f"giờ kết thúc {end} phải sau giờ bắt đầu {start} (end must be after start)")
        raw.append((s, e))
    return _merge(raw)


def _merge(spans: Iterable[Window]) -> tuple[Window, ...]:
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return tuple((s, e) for s, e in merged)


DEFAULT_DAY = windows_from_times([(dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 30), dt.time(17, 0))])


@dataclass(frozen=True)
class Schedule:
    """Weekly hours plus dated exceptions, in one time zone."""

    weekly: tuple[tuple[Window, ...], ...] = (DEFAULT_DAY,) * 5 + ((), ())  # Monday first
    timezone: str = DEFAULT_TIMEZONE
    holidays: frozenset[dt.date] = frozenset()  # closed all day
    working_days: frozenset[dt.date] = frozenset()  # open with `working_day_hours` (e.g. a worked Saturday)
    working_day_hours: tuple[Window, ...] = DEFAULT_DAY
    tz: ZoneInfo = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if len(self.weekly) != 7:
            raise ValueError("weekly needs 7 days, Monday first")
        object.__setattr__(self, "tz", ZoneInfo(self.timezone))

    # --- constructors ---

    @staticmethod
    def default(timezone: str = DEFAULT_TIMEZONE) -> "Schedule":
        return Schedule(timezone=timezone)

    @staticmethod
    def always(timezone: str = DEFAULT_TIMEZONE) -> "Schedule":
        """Open at every instant (replays of footage whose times do not matter)."""
        day = ((0, DAY_S),)
        return Schedule(weekly=(day,) * 7, timezone=timezone, working_day_hours=day)

    # --- questions ---

    def windows_on(self, day: dt.date) -> tuple[Window, ...]:
        return _windows_on(self, day)

    def is_open(self, at: dt.datetime) -> bool:
        day, s = self._local(at)
        return any(a <= s < b for a, b in self.windows_on(day))

    def next_change(self, at: dt.datetime) -> dt.datetime | None:
        """The first instant after `at` at which is_open flips (UTC), or None if it never does."""
        day, s = self._local(at)
        windows = self.windows_on(day)
        current = next(((a, b) for a, b in windows if a <= s < b), None)
        if current is None:  # closed: the next window start
            for k in range(HORIZON_DAYS):
                d = day + dt.timedelta(days=k)
                for a, _ in self.windows_on(d):
                    if k > 0 or a > s:
                        return self._utc(d, a)
            return None
        # Open: the end of this window, following windows that run on past midnight.
        d, end = day, current[1]
        for _ in range(HORIZON_DAYS):
            if end < DAY_S:
                return self._utc(d, end)
            d += dt.timedelta(days=1)
            following = self.windows_on(d)
            if not following or following[0][0] != 0:
                return self._utc(d, 0)
            end = following[0][1]
        return None

    def open_spans(self, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
        """The open stretches inside [start, end), in UTC."""
        spans = []
        t = start
        while t < end:
            nxt = self.next_change(t)
            stop = end if nxt is None or nxt > end else nxt
            if self.is_open(t):
                spans.append((t, stop))
            t = stop
        return spans

    def open_seconds(self, start: dt.datetime, end: dt.datetime) -> float:
        return sum((b - a).total_seconds() for a, b in self.open_spans(start, end))

    # --- helpers ---

    def _local(self, at: dt.datetime) -> tuple[dt.date, float]:
        if at.tzinfo is None:
            raise ValueError("times must be timezone-aware (UTC)")
        local = at.astimezone(self.tz)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        return local.date(), (local - midnight).total_seconds()

    def _utc(self, day: dt.date, seconds: int) -> dt.datetime:
        local = dt.datetime.combine(day, dt.time(), self.tz) + dt.timedelta(seconds=seconds)
        return local.astimezone(dt.UTC)


@functools.lru_cache(maxsize=8192)
def _windows_on(schedule: Schedule, day: dt.date) -> tuple[Window, ...]:
    if day in schedule.working_days:
        return schedule.working_day_hours
    if day in schedule.holidays:
        return ()
    return schedule.weekly[day.weekday()]


# --- the resolver: a unit's rows and its ancestors' → its Schedule ---------------------


@dataclass(frozen=True)
class WeeklyHours:
    """One office_schedule row: a window on a weekday (0 = Monday), local wall time."""

    weekday: int
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class DatedDay:
    """One holiday row: closed all day, or (working_day) a worked day such as a Saturday."""

    day: dt.date
    working_day: bool


@dataclass(frozen=True)
class OfficeCalendar:
    """The rows as the store holds them, by owner: a unit id, or None for province-wide/nationwide."""

    hours: Mapping[int | None, tuple[WeeklyHours, ...]]
    days: Mapping[int | None, tuple[DatedDay, ...]]

    def hours_owner(self, chain: Sequence[int]) -> int | None | str:
        """Whose weekly hours apply: the nearest unit in `chain` with rows, else None (province-wide
        rows), else "default" (the default week)."""
        return next((u for u in [*chain, None] if u in self.hours), "default")


def resolve_schedule(
    chain: Sequence[int], calendar: OfficeCalendar, timezone: str = DEFAULT_TIMEZONE
) -> Schedule:
    """The schedule of the unit whose ancestry is `chain` (the unit first, then parent, …, root).

    Hours: the unit's own rows, else its nearest ancestor's, else the province-wide
    rows (owner None), else the default week. Days with no row in the chosen set
    are closed. Holidays and compensatory working days: nationwide rows, overridden
    by the unit's ancestors' (farther first) and then its own. A worked weekend day
    keeps weekday hours: those of the first weekday that has any.
    """
    owner = calendar.hours_owner(chain)
    if owner == "default":
        weekly = Schedule().weekly
    else:
        days: list[list[tuple[dt.time, dt.time]]] = [[] for _ in range(7)]
        for row in calendar.hours[owner]:  # type: ignore[index]
            days[row.weekday].append((row.start, row.end))
        weekly = tuple(windows_from_times(d) for d in days)
    working_hours = next((w for w in weekly[:5] if w), DEFAULT_DAY)
    decided: dict[dt.date, bool] = {}
    for who in [None, *reversed(chain)]:  # later owners override earlier ones
        for row in calendar.days.get(who, ()):
            decided[row.day] = row.working_day
    return Schedule(
        weekly=weekly,
        timezone=timezone,
        holidays=frozenset(d for d, w in decided.items() if not w),
        working_days=frozenset(d for d, w in decided.items() if w),
        working_day_hours=working_hours,
    )
