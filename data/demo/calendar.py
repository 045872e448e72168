"""Office hours and Vietnamese public holidays 2021 – 2026, as data for the store."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Session:
    """One opening stretch of a working day, in local seconds after midnight."""

    start_s: int
    end_s: int

    @property
    def start(self) -> dt.time:
        return _clock(self.start_s)

    @property
    def end(self) -> dt.time:
        return _clock(self.end_s)


def _clock(seconds: int) -> dt.time:
    return dt.time(seconds // 3600, seconds % 3600 // 60)


def _s(hh: int, mm: int) -> int:
    return hh * 3600 + mm * 60


MORNING = Session(_s(7, 30), _s(11, 30))
AFTERNOON = Session(_s(13, 30), _s(17, 0))
WEEKDAY_SESSIONS = (MORNING, AFTERNOON)
# Only the provincial centre opens on Saturday morning.
SATURDAY_SESSIONS = (MORNING,)


@dataclass(frozen=True)
class HolidayDay:
    day: dt.date
    name: str
    working_day: bool = False


def _span(first: str, last: str, name: str) -> list[HolidayDay]:
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [HolidayDay(a + dt.timedelta(days=i), name) for i in range((b - a).days + 1)]


def _one(day: str, name: str, working_day: bool = False) -> list[HolidayDay]:
    return [HolidayDay(dt.date.fromisoformat(day), name, working_day)]


TET_DL = "Tết Dương lịch"
TET_NGUYEN_DAN = "Tết Nguyên đán"
GIO_TO = "Giỗ Tổ Hùng Vương"
GIAI_PHONG = "Ngày Chiến thắng (30/4)"
LAO_DONG = "Ngày Quốc tế Lao động (1/5)"
QUOC_KHANH = "Quốc khánh (2/9)"
NGHI_BU = "Nghỉ bù"
HOAN_DOI = "Nghỉ hoán đổi"
LAM_BU = "Làm bù (ngày làm việc)"

# Civil-service holiday calendars as announced each year (ranges include the weekends inside them).
HOLIDAYS: tuple[HolidayDay, ...] = tuple(
    _one("2021-01-01", TET_DL)
    + _span("2021-02-10", "2021-02-16", TET_NGUYEN_DAN)
    + _one("2021-04-21", GIO_TO)
    + _one("2021-04-30", GIAI_PHONG) + _one("2021-05-01", LAO_DONG) + _one("2021-05-03", NGHI_BU + " 1/5")
    + _one("2021-09-02", QUOC_KHANH) + _one("2021-09-03", QUOC_KHANH)
    + _one("2022-01-01", TET_DL) + _one("2022-01-03", NGHI_BU + " Tết Dương lịch")
    + _span("2022-01-29", "2022-02-06", TET_NGUYEN_DAN)
    + _one("2022-04-10", GIO_TO) + _one("2022-04-11", NGHI_BU + " Giỗ Tổ Hùng Vương")
    + _one("2022-04-30", GIAI_PHONG) + _one("2022-05-01", LAO_DONG)
    + _one("2022-05-02", NGHI_BU + " 30/4") + _one("2022-05-03", NGHI_BU + " 1/5")
    + _one("2022-09-01", QUOC_KHANH) + _one("2022-09-02", QUOC_KHANH)
    + _one("2023-01-01", TET_DL) + _one("2023-01-02", NGHI_BU + " Tết Dương lịch")
    + _span("2023-01-20", "2023-01-26", TET_NGUYEN_DAN)
    + _one("2023-04-29", GIO_TO) + _one("2023-04-30", GIAI_PHONG) + _one("2023-05-01", LAO_DONG)
    + _one("2023-05-02", NGHI_BU + " Giỗ Tổ Hùng Vương") + _one("2023-05-03", HOAN_DOI)
    + _one("2023-05-06", LAM_BU, working_day=True)
    + _one("2023-09-01", QUOC_KHANH) + _one("2023-09-02", QUOC_KHANH) + _one("2023-09-04", NGHI_BU + " 2/9")
    + _one("2024-01-01", TET_DL)
    + _span("2024-02-08", "2024-02-14", TET_NGUYEN_DAN)
    + _one("2024-04-18", GIO_TO)
    + _one("2024-04-29", HOAN_DOI) + _one("2024-04-30", GIAI_PHONG) + _one("2024-05-01", LAO_DONG)
    + _one("2024-05-04", LAM_BU, working_day=True)
    + _one("2024-09-02", QUOC_KHANH) + _one("2024-09-03", QUOC_KHANH)
    + _one("2025-01-01", TET_DL)
    + _span("2025-01-25", "2025-02-02", TET_NGUYEN_DAN)
    + _one("2025-04-07", GIO_TO)
    + _one("2025-04-30", GIAI_PHONG) + _one("2025-05-01", LAO_DONG) + _one("2025-05-02", HOAN_DOI)
    + _one("2025-04-26", LAM_BU, working_day=True)
    + _one("2025-09-01", QUOC_KHANH) + _one("2025-09-02", QUOC_KHANH)
    + _one("2026-01-01", TET_DL)
    + _span("2026-02-14", "2026-02-22", TET_NGUYEN_DAN)
    + _one("2026-04-26", GIO_TO) + _one("2026-04-27", NGHI_BU + " Giỗ Tổ Hùng Vương")
    + _one("2026-04-30", GIAI_PHONG) + _one("2026-05-01", LAO_DONG)
    + _one("2026-09-01", QUOC_KHANH) + _one("2026-09-02", QUOC_KHANH)
)

DAYS_OFF = frozenset(h.day for h in HOLIDAYS if not h.working_day)
EXTRA_WORKING_DAYS = frozenset(h.day for h in HOLIDAYS if h.working_day)


def tet_breaks() -> list[tuple[dt.date, dt.date]]:
    """First and last day of each year's Tết break."""
    by_year: dict[int, list[dt.date]] = {}
    for h in HOLIDAYS:
        if h.name == TET_NGUYEN_DAN:
            by_year.setdefault(h.day.year, []).append(h.day)
    return [(min(v), max(v)) for _, v in sorted(by_year.items())]


def holiday_array() -> np.ndarray:
    """Days off (weekdays and weekends alike) for numpy's business-day functions."""
    return np.array(sorted(DAYS_OFF), dtype="datetime64[D]")


def sessions_on(day: dt.date, saturday_opening: bool) -> tuple[Session, ...]:
    """Opening sessions of a unit on `day` (empty = closed all day)."""
    if day in DAYS_OFF:
        return ()
    if day in EXTRA_WORKING_DAYS:
        return WEEKDAY_SESSIONS
    wd = day.weekday()
    if wd < 5:
        return WEEKDAY_SESSIONS
    if wd == 5 and saturday_opening:
        return SATURDAY_SESSIONS
    return ()
