"""Trực tiếp's pure parts as tables: the chip in and out of the grace periods, the counts, the order,
the filter, the zone crop and the unit a page starts on."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.live_crop import ASPECT, crop_box
from dashboard.live_state import DeskNow
from dashboard.live_summary import LiveFilter, StateCounts, board_order, chip, clock, count_states, keep
from dashboard.own_unit import own_unit
from dashboard.tree import build
from data.access import Scope
from domain.presence_policy import PresencePolicy

T0 = dt.datetime(2026, 3, 2, 3, 20, tzinfo=dt.UTC)  # 10:20 in Hà Nội
POLICY = PresencePolicy(present_after_s=5, absent_grace_s=60)


def desk(n: int, state: str | None, since_s: float | None = None, seen: bool | None = None,
         seen_s: float | None = None) -> DeskNow:
    """Desk `n` in `state` since `since_s` seconds before T0, someone `seen` for `seen_s` seconds."""
    ago = (lambda s: None if s is None else T0 - dt.timedelta(seconds=s))
    return DeskNow(n, state, ago(since_s), None, None, seen=seen, seen_since=ago(seen_s))


@pytest.mark.parametrize("now_desk, lang, expected", [
    (desk(1, "PRESENT", 900, True, 900), "vi", ":green-badge[Có mặt]"),
    (desk(1, "PRESENT", 900, False, 40), "vi", ":orange-badge[Vừa rời quầy 0:40 — tính vắng sau 1:00]"),
    (desk(1, "PRESENT", 900, False, 40), "en", ":orange-badge[Left the desk 0:40 ago — absent after 1:00]"),
    (desk(1, "ABSENT", 480, True, 3), "vi", ":orange-badge[Vừa vào 0:03 — tính có mặt sau 0:05]"),
    (desk(1, "ABSENT", 480, True, 3), "en", ":orange-badge[Arrived 0:03 ago — present after 0:05]"),
    (desk(1, "ABSENT", 480, False, 540), "vi", ":red-badge[Vắng từ 10:12]"),
    (desk(1, "ABSENT", 480, None), "vi", ":red-badge[Vắng từ 10:12]"),  # from the store: no sighting
    (desk(1, "OFFLINE", 900, True, 3), "vi", ":gray-badge[Camera mất tín hiệu]"),  # not judged: no grace
    (desk(1, "OFF_HOURS", 900, False, 40), "vi", ":blue-badge[Ngoài giờ làm việc]"),
    (desk(1, None), "vi", ":gray-badge[Chưa có dữ liệu]"),
])
def test_the_chip_says_the_grace_period(now_desk, lang, expected):
    assert chip(now_desk, T0, POLICY, lang).markdown == expected


def test_the_grace_chip_names_the_units_own_thresholds():
    slow = PresencePolicy(present_after_s=10, absent_grace_s=150)
    assert chip(desk(1, "PRESENT", 900, False, 75), T0, slow, "vi").label == "Vừa rời quầy 1:15 — tính vắng sau 2:30"


@pytest.mark.parametrize("seconds, text", [(0, "0:00"), (3.9, "0:03"), (60, "1:00"), (760, "12:40"),
                                           (3725, "1:02:05"), (-4, "0:00")])
def test_clock(seconds, text):
    assert clock(seconds) == text


BOARD = [
    desk(1, "PRESENT", 900, True, 900),
    desk(2, "ABSENT", 120),
    desk(3, "OFF_HOURS", 60),
    desk(4, None),
    desk(5, "OFFLINE", 300),
    desk(6, "ABSENT", 600),
    desk(7, "PRESENT", 900, False, 20),  # just left
    desk(8, "ABSENT", 60, True, 2),  # just arrived: still absent, with the absences
    desk(9, "OFFLINE", 900),
    desk(10, "PRESENT", 100, True, 100),
]


def test_the_counts_by_state():
    assert count_states(BOARD) == StateCounts(absent=3, offline=2, present=3, off_hours=1, unknown=1)
    assert count_states(BOARD).total == len(BOARD)
    assert count_states([]) == StateCounts()


def test_absences_first_longest_first_then_cameras_down_then_unknown_then_just_left():
    assert [d.desk_id for d in board_order(BOARD)] == [6, 2, 8, 9, 5, 4, 7, 1, 10, 3]


@pytest.mark.parametrize("choice, ids", [
    (LiveFilter.ALL, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    (LiveFilter.ABSENT, [2, 6, 8]),
    (LiveFilter.OFFLINE, [5, 9]),
])
def test_the_filter(choice, ids):
    assert [d.desk_id for d in BOARD if keep(choice, d)] == ids


def square(x1, y1, x2, y2):
    return [[x1, y1], [x2, y1], [x2, y2], [x1, y2]]


@pytest.mark.parametrize("zone, size, expected", [
    (square(0.05, 0.4, 0.45, 0.95), (640, 360), (0, 86, 365, 360)),  # at the left edge: kept inside
    (square(0.55, 0.4, 0.95, 0.95), (640, 360), (275, 86, 640, 360)),  # at the right edge
    (square(0.4, 0.4, 0.5, 0.5), (640, 360), (214, 90, 362, 202)),  # small, in the middle: margins, 4:3
    (square(0.0, 0.0, 1.0, 1.0), (640, 360), (0, 0, 640, 360)),  # the whole picture
    (None, (640, 360), (0, 0, 640, 360)),  # an older worker's file: no zone
    ([[0.2, 0.2], [0.4, 0.4]], (640, 360), (0, 0, 640, 360)),  # not a polygon
])
def test_the_crop_frames_the_zone_and_its_label(zone, size, expected):
    box = crop_box(zone, *size)
    assert box == expected
    left, top, right, bottom = box
    assert 0 <= left < right <= size[0] and 0 <= top < bottom <= size[1]
    if box != (0, 0, *size):
        assert abs((right - left) / (bottom - top) - ASPECT) < 0.02
        x1, y1 = min(p[0] for p in zone) * size[0], min(p[1] for p in zone) * size[1]
        assert left <= x1 and top <= y1 - 0.09 * size[1]  # the label above the zone is in the crop


UNITS = build(pd.DataFrame({
    "id": [1, 2, 3, 4, 5], "name": ["Tỉnh Lạng Sơn", "Huyện Văn Quan", "Huyện Bình Gia", "Xã Hoa Thám", "Sở Tư pháp"],
    "level_code": ["province", "district", "district", "commune", "province_agency"],
    "parent_id": [None, 1, 1, 3, 1], "path": ["/1/", "/1/2/", "/1/3/", "/1/3/4/", "/1/5/"],
}))


@pytest.mark.parametrize("unit_path, expected", [
    (None, 3),  # province-wide: the first district by name (Bình Gia), not the whole province
    ("/1/3/", 3),
    ("/1/3/4/", 4),
    ("/1/9/", 3),  # a unit no longer in the tree: as province-wide
])
def test_a_page_starts_on_the_accounts_own_unit(unit_path, expected):
    assert own_unit(UNITS, Scope("u", "inspector", unit_path=unit_path)) == expected
