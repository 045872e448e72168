"""Office hours read from the store (data.office_hours_store): the rows reach the resolver."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert

from data.office_hours_store import load_schedule
from data.schema import Holiday, OfficeSchedule
from data.units import create_unit
from domain.office_hours import Schedule

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local(y, m, d, hh=0, mm=0, ss=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=VN).astimezone(dt.UTC)


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
