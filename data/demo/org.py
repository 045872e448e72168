"""The demo organisation: unit tree, opening hours, holidays, desks, cameras, staff, roster."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, insert, update

from data.demo import places
from data.demo.calendar import HOLIDAYS, SATURDAY_SESSIONS, WEEKDAY_SESSIONS
from data.demo.people import full_names
from data.schema import Camera, Desk, Holiday, OfficeSchedule, RosterEntry, Staff, Unit
from data.units import create_unit

ROSTER_START = dt.date(2021, 1, 1)


@dataclass(frozen=True)
class DemoUnit:
    """A unit as the generators see it. `role`: 'province', 'centre', an agency key, 'district', 'commune'."""

    id: int
    name: str
    level: str
    code: str
    role: str
    district: int | None  # index into places.DISTRICTS for a district and its communes
    friendly: bool = False

    @property
    def saturday_opening(self) -> bool:
        return self.role == "centre"


@dataclass(frozen=True)
class DemoCamera:
    id: int
    unit_id: int
    code: str


@dataclass(frozen=True)
class RosterSpan:
    staff_id: int
    day_from: dt.date
    day_to: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.day_from <= day and (self.day_to is None or day <= self.day_to)


@dataclass(frozen=True)
class DemoDesk:
    id: int
    unit_id: int
    camera_id: int
    code: str
    saturday_opening: bool
    roster: tuple[RosterSpan, ...]

    def staff_on(self, day: dt.date) -> int | None:
        for span in self.roster:
            if span.covers(day):
                return span.staff_id
        return None


@dataclass(frozen=True)
class Org:
    units: tuple[DemoUnit, ...]
    cameras: tuple[DemoCamera, ...]
    desks: tuple[DemoDesk, ...]
    staff_count: int
    schedule_rows: int
    holiday_rows: int

    def of_role(self, role: str) -> list[DemoUnit]:
        return [u for u in self.units if u.role == role]

    def desks_of(self, unit_id: int) -> list[DemoDesk]:
        return [d for d in self.desks if d.unit_id == unit_id]


COMMUNE_DESKS = ("Tư pháp - Hộ tịch", "Chứng thực", "Địa chính - Xây dựng", "Văn hóa - Xã hội")
DISTRICT_DESKS = ("Đất đai", "Tư pháp - Hộ tịch", "Kinh tế - Hạ tầng", "Lao động - Thương binh và Xã hội",
                  "Tiếp nhận chung")
COMMUNE_TITLES = {
    "Tư pháp - Hộ tịch": "Công chức Tư pháp - Hộ tịch",
    "Chứng thực": "Công chức Văn phòng - Thống kê",
    "Địa chính - Xây dựng": "Công chức Địa chính - Xây dựng",
    "Văn hóa - Xã hội": "Công chức Văn hóa - Xã hội",
}


def build_org(conn: Connection, rng: np.random.Generator, end_date: dt.date) -> Org:
    units = _create_units(conn, rng)
    schedule_rows = _create_schedule(conn, units)
    holiday_rows = _create_holidays(conn)
    cameras, desks, staff_count = _create_desks(conn, rng, units, end_date)
    return Org(tuple(units), tuple(cameras), tuple(desks), staff_count, schedule_rows, holiday_rows)


def _create_units(conn: Connection, rng: np.random.Generator) -> list[DemoUnit]:
    root = create_unit(conn, places.PROVINCE, "province", None, places.PROVINCE_CODE)
    units = [DemoUnit(root.id, root.name, "province", places.PROVINCE_CODE, "province", None)]
    for i, agency in enumerate(places.AGENCIES):
        ref = create_unit(conn, agency.name, "province_agency", root.id, places.agency_code(i))
        units.append(DemoUnit(ref.id, ref.name, "province_agency", places.agency_code(i), agency.key, None))
    district_ids = []
    # Districts first, then communes district by district: ids then follow code order.
    for i, district in enumerate(places.DISTRICTS):
        ref = create_unit(conn, district.name, "district", root.id, places.district_code(i))
        district_ids.append(ref.id)
        units.append(DemoUnit(ref.id, ref.name, "district", places.district_code(i), "district", i))
    communes: list[tuple[int, str]] = [(i, name) for i, d in enumerate(places.DISTRICTS) for name in d.communes]
    friendly = _friendly_set(rng, communes)
    for n, (i, name) in enumerate(communes):
        j = places.DISTRICTS[i].communes.index(name)
        code = places.commune_code(i, j)
        ref = create_unit(conn, name, "commune", district_ids[i], code)
        units.append(DemoUnit(ref.id, ref.name, "commune", code, "commune", i, n in friendly))
    friendly_ids = [u.id for u in units if u.friendly]
    conn.execute(update(Unit).where(Unit.id.in_(friendly_ids)).values(friendly_model=True))
    return units


def _friendly_set(rng: np.random.Generator, communes: list[tuple[int, str]]) -> set[int]:
    names = [(places.DISTRICTS[i].name, name) for i, name in communes]
    forced = {names.index(p) for p in places.ARTICLE_COMMUNES}
    rest = [n for n in rng.permutation(len(communes)).tolist() if n not in forced]
    return forced | set(rest[: places.FRIENDLY_COUNT - len(forced)])


def _create_schedule(conn: Connection, units: list[DemoUnit]) -> int:
    rows = [{"unit_id": None, "weekday": wd, "start_local": s.start, "end_local": s.end}
            for wd in range(5) for s in WEEKDAY_SESSIONS]
    # A unit's own rows replace the default week (data.office_hours_store.load_schedule),
    # so the provincial centre writes its whole week: weekdays plus Saturday morning.
    for u in units:
        if u.saturday_opening:
            rows += [{"unit_id": u.id, "weekday": wd, "start_local": s.start, "end_local": s.end}
                     for wd in range(5) for s in WEEKDAY_SESSIONS]
            rows += [{"unit_id": u.id, "weekday": 5, "start_local": s.start, "end_local": s.end}
                     for s in SATURDAY_SESSIONS]
    conn.execute(insert(OfficeSchedule), rows)
    return len(rows)


def _create_holidays(conn: Connection) -> int:
    rows = [{"unit_id": None, "day": h.day, "name": h.name, "working_day": h.working_day} for h in HOLIDAYS]
    conn.execute(insert(Holiday), rows)
    return len(rows)


def _desk_plan(rng: np.random.Generator, unit: DemoUnit) -> list[str]:
    """Desk names for a unit (empty for units whose desks sit elsewhere)."""
    if unit.role == "commune":
        return list(COMMUNE_DESKS[: int(rng.integers(2, 5))])
    if unit.role == "district":
        return list(DISTRICT_DESKS[: int(rng.integers(2, 6))])
    if unit.role == "centre":
        agencies = [a.name for a in places.AGENCIES if a.key != "centre"]
        return agencies[: int(rng.integers(6, 13))]
    return []


def _create_desks(conn: Connection, rng: np.random.Generator, units: list[DemoUnit],
                  end_date: dt.date) -> tuple[list[DemoCamera], list[DemoDesk], int]:
    camera_rows, desk_rows, owners = [], [], []
    for u in units:
        names = _desk_plan(rng, u)
        k, cam_no = 0, 0
        while k < len(names):
            group = names[k: k + int(rng.integers(1, 4))]
            cam_no += 1
            code = f"{u.code.replace('.', '-')}-CAM{cam_no:02d}"
            camera_rows.append({"unit_id": u.id, "code": code, "name": f"Camera {cam_no:02d} - {u.name}",
                                "source": f"demo://{code}", "enabled": True})
            for j, name in enumerate(group):
                desk_rows.append({
                    "unit_id": u.id, "code": f"Q{k + j + 1:02d}",
                    "name": f"Quầy {k + j + 1:02d} - {name}",
                    "staff_zone": _staff_zone(j, len(group)), "active": True,
                })
                owners.append((u, len(camera_rows) - 1, name))
            k += len(group)
    camera_ids = conn.execute(insert(Camera).returning(Camera.id, sort_by_parameter_order=True),
                              camera_rows).scalars().all()
    for row, (_, cam_index, _) in zip(desk_rows, owners):
        row["camera_id"] = camera_ids[cam_index]
    desk_ids = conn.execute(insert(Desk).returning(Desk.id, sort_by_parameter_order=True),
                            desk_rows).scalars().all()
    cameras = [DemoCamera(cid, r["unit_id"], r["code"]) for cid, r in zip(camera_ids, camera_rows)]

    # One rostered person per desk at a time; some desks changed hands during the period.
    changes = rng.random(len(desk_ids)) < 0.15
    change_span = max((end_date - dt.timedelta(days=60) - dt.date(2022, 1, 1)).days, 1)
    change_days = [dt.date(2022, 1, 1) + dt.timedelta(days=int(x)) for x in rng.integers(0, change_span, len(desk_ids))]
    staff_rows, staff_owner = [], []
    names = full_names(rng, len(desk_ids) + int(changes.sum()))
    for n, (u, _, desk_name) in enumerate(owners):
        for _ in range(2 if changes[n] else 1):
            staff_rows.append({"unit_id": u.id, "code": f"CB{len(staff_rows) + 1:05d}",
                               "full_name": names[len(staff_rows)], "title": _title(u, desk_name), "active": True})
            staff_owner.append(n)
    staff_ids = conn.execute(insert(Staff).returning(Staff.id, sort_by_parameter_order=True),
                             staff_rows).scalars().all()
    by_desk: dict[int, list[int]] = {}
    for sid, n in zip(staff_ids, staff_owner):
        by_desk.setdefault(n, []).append(sid)
    desks, roster_rows = [], []
    for n, (did, (u, cam_index, _)) in enumerate(zip(desk_ids, owners)):
        people = by_desk[n]
        if changes[n]:
            spans = (RosterSpan(people[0], ROSTER_START, change_days[n] - dt.timedelta(days=1)),
                     RosterSpan(people[1], change_days[n], None))
        else:
            spans = (RosterSpan(people[0], ROSTER_START, None),)
        roster_rows += [{"desk_id": did, "staff_id": s.staff_id, "day_from": s.day_from, "day_to": s.day_to}
                        for s in spans]
        desks.append(DemoDesk(did, u.id, camera_ids[cam_index], desk_rows[n]["code"], u.saturday_opening, spans))
    conn.execute(insert(RosterEntry), roster_rows)
    return cameras, desks, len(staff_ids)


def _title(u: DemoUnit, desk_name: str) -> str:
    if u.role == "commune":
        return COMMUNE_TITLES[desk_name]
    if u.role == "district":
        return f"Chuyên viên Bộ phận Một cửa ({desk_name})"
    return f"Công chức {desk_name} làm việc tại Trung tâm"


def _staff_zone(j: int, k: int) -> list[list[float]]:
    """A trapezoid in the lower part of the camera's j-th of k vertical strips (normalised x, y)."""
    x0, x1 = j / k, (j + 1) / k
    w = x1 - x0
    pts = [[x0 + 0.12 * w, 0.42], [x1 - 0.12 * w, 0.42], [x1 - 0.04 * w, 0.96], [x0 + 0.04 * w, 0.96]]
    return [[round(x, 3), round(y, 3)] for x, y in pts]
