"""Office hours: when a unit's one-stop desks are supposed to be staffed.

Default: Monday–Friday 07:30–11:30 and 13:30–17:00 local time. A unit's own
hours (table office_schedule), lunch break included, and public holidays and
compensatory working days (table holiday) come from the store when present.
Presence asks two questions: `is_open(at)` and `next_change(at)` (so that
intervals split exactly at opening and closing times).

Windows are half-open, [start, end) in local wall time.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, or_, select

from data.schema import Holiday, OfficeSchedule, Unit

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
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


# --- from the store ---------------------------------------------------------------


def load_schedule(
    conn: Connection | Engine, unit_id: int | None, timezone: str = DEFAULT_TIMEZONE
) -> Schedule:
    """The schedule of a unit, from the store.

    Hours: the unit's own office_schedule rows, else its nearest ancestor's,
    else the province-wide rows (unit_id NULL), else the default. Days with no
    row in the chosen set are closed. Holidays and compensatory working days:
    nationwide rows, overridden by the unit's ancestors' and then its own.
    """
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return load_schedule(c, unit_id, timezone)
    chain = _unit_chain(conn, unit_id)  # nearest first
    rows = conn.execute(
        select(OfficeSchedule.unit_id, OfficeSchedule.weekday, OfficeSchedule.start_local, OfficeSchedule.end_local)
        .where(or_(OfficeSchedule.unit_id.is_(None), OfficeSchedule.unit_id.in_(chain)))
    ).all()
    by_owner: dict[int | None, list] = {}
    for owner, weekday, start, end in rows:
        by_owner.setdefault(owner, []).append((weekday, start, end))
    owner = next((u for u in [*chain, None] if u in by_owner), "default")
    if owner == "default":
        weekly = Schedule().weekly
    else:
        days: list[list[tuple[dt.time, dt.time]]] = [[] for _ in range(7)]
        for weekday, start, end in by_owner[owner]:
            days[weekday].append((start, end))
        weekly = tuple(windows_from_times(d) for d in days)
    # A worked weekend day keeps weekday hours: the first weekday that has any.
    working_hours = next((w for w in weekly[:5] if w), DEFAULT_DAY)

    rank = {None: 0, **{u: len(chain) - i for i, u in enumerate(chain)}}  # nationwide < ancestors < unit
    holidays = conn.execute(
        select(Holiday.unit_id, Holiday.day, Holiday.working_day)
        .where(or_(Holiday.unit_id.is_(None), Holiday.unit_id.in_(chain)))
    ).all()
    decided: dict[dt.date, tuple[int, bool]] = {}
    for owner_id, day, working in holidays:
        r = rank[owner_id]
        if day not in decided or r >= decided[day][0]:
            decided[day] = (r, bool(working))
    return Schedule(
        weekly=weekly,
        timezone=timezone,
        holidays=frozenset(d for d, (_, w) in decided.items() if not w),
        working_days=frozenset(d for d, (_, w) in decided.items() if w),
        working_day_hours=working_hours,
    )


def _unit_chain(conn: Connection, unit_id: int | None) -> list[int]:
    """[unit, parent, ..., root] from the materialised path."""
    if unit_id is None:
        return []
    path = conn.execute(select(Unit.path).where(Unit.id == unit_id)).scalar_one_or_none()
    if path is None:
        raise LookupError(f"không có đơn vị id={unit_id} (no unit with id {unit_id})")
    return [int(p) for p in reversed(path.strip("/").split("/")) if p]

