"""A small store for the monthly review, with hand-built days whose figures are worked out in the tests.

Tỉnh Lạng Sơn
├── Huyện Bình Gia ── Xã Hoa Thám: one desk per case of CASES (codes C01…), plus Q-A (roster below)
└── Huyện Văn Quan ── Xã Điềm He: Q-B

Office hours: the default week (07:30–11:30, 13:30–17:00, Monday–Friday), 7 h 30 a day.
Tuesday 03/03/2026 is a nationwide holiday in this store. The CASES all happen on Monday 02/03/2026.

Q-A's roster: Nguyễn Văn An until 15/03, Trần Thị Bình from 16/03. Its days:
    Mon 23/02 (An)   ABSENT 07:30–07:40, PRESENT 07:40–11:30, 13:30–17:00  → 1 incident of 10 min, not late
    Mon 02/03 (An)   ABSENT 07:30–08:00, PRESENT 08:00–11:30, 13:30–16:00, ABSENT 16:00–17:00
                     → incidents of 30 and 60 min, late opening, early closing
                     checks: 3 PASS, 1 FAIL (09:05), 3 UNKNOWN (the 16:30 one with picture obs-a.jpg);
                     badge violation 09:00–09:10 (picture viol-a.jpg), confirmed by an inspector, so it
                     and the FAIL inside it count (data.dress_code.counting)
    Mon 16/03 (Bình) PRESENT 07:30–11:30, 13:30–17:00; checks: 2 PASS
Q-B (Lê Văn Dũng): Mon 02/03 PRESENT all day.
Inspections at Xã Hoa Thám: 20/02 (finding "absent", An, Q-A) and 10/03 (finding "no_badge", An, Q-A).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, insert

from data.schema import (
    ComplianceObservation,
    ComplianceViolation,
    Desk,
    Holiday,
    Inspection,
    InspectionFinding,
    PresenceInterval,
    RosterEntry,
    Staff,
)
from data.units import create_unit
from domain.timezone import LOCAL_TZ

MONDAY = dt.date(2026, 3, 2)
HOLIDAY = dt.date(2026, 3, 3)
OFFICE_MIN = 450
FEB_MONDAY = dt.date(2026, 2, 23)
LATER_MONDAY = dt.date(2026, 3, 16)


def at(clock: str, day: dt.date = MONDAY) -> dt.datetime:
    hh, mm = (int(x) for x in clock.split(":"))
    local = dt.datetime.combine(day, dt.time(), LOCAL_TZ) + dt.timedelta(hours=hh, minutes=mm)
    return local.astimezone(dt.UTC)


@dataclass(frozen=True)
class Case:
    """One desk's Monday: office-state intervals as (state, 'HH:MM', 'HH:MM'); the rest is OFF_HOURS."""

    name: str
    spans: tuple[tuple[str, str, str], ...]
    late: int = 0
    early: int = 0
    present_min: float = OFFICE_MIN
    offline_min: float = 0
    coverage: float | None = 100.0
    incident_min: tuple[float, ...] = ()


FULL = (("PRESENT", "07:30", "11:30"), ("PRESENT", "13:30", "17:00"))
CASES = (
    Case("on time", FULL),
    Case("late 16 min", (("ABSENT", "07:30", "07:46"), ("PRESENT", "07:46", "11:30"), FULL[1]),
         late=1, present_min=434, coverage=96.44, incident_min=(16,)),
    Case("late exactly 15 min", (("ABSENT", "07:30", "07:45"), ("PRESENT", "07:45", "11:30"), FULL[1]),
         present_min=435, coverage=96.67, incident_min=(15,)),
    Case("camera down at opening", (("OFFLINE", "07:30", "08:30"), ("PRESENT", "08:30", "11:30"), FULL[1]),
         present_min=390, offline_min=60, coverage=100.0),
    Case("morning absent", (("ABSENT", "07:30", "11:30"), FULL[1]),
         late=1, present_min=210, coverage=46.67, incident_min=(240,)),
    Case("early 16 min", (FULL[0], ("PRESENT", "13:30", "16:44"), ("ABSENT", "16:44", "17:00")),
         early=1, present_min=434, coverage=96.44, incident_min=(16,)),
    Case("early exactly 15 min", (FULL[0], ("PRESENT", "13:30", "16:45"), ("ABSENT", "16:45", "17:00")),
         present_min=435, coverage=96.67, incident_min=(15,)),
    Case("camera down at closing", (FULL[0], ("PRESENT", "13:30", "16:00"), ("OFFLINE", "16:00", "17:00")),
         present_min=390, offline_min=60, coverage=100.0),
    Case("never present", (("ABSENT", "07:30", "11:30"), ("ABSENT", "13:30", "17:00")),
         present_min=0, coverage=0.0, incident_min=(240, 210)),
    Case("late and early", (("ABSENT", "07:30", "08:00"), ("PRESENT", "08:00", "11:30"),
                            ("PRESENT", "13:30", "16:00"), ("ABSENT", "16:00", "17:00")),
         late=1, early=1, present_min=360, coverage=80.0, incident_min=(30, 60)),
    Case("left after lunch", (FULL[0], ("ABSENT", "13:30", "17:00")),
         early=1, present_min=240, coverage=53.33, incident_min=(210,)),
    Case("abutting absences", (("PRESENT", "07:30", "09:00"), ("ABSENT", "09:00", "09:03"), ("ABSENT", "09:03", "09:06"),
                               ("PRESENT", "09:06", "10:00"), ("ABSENT", "10:00", "10:04"),
                               ("PRESENT", "10:04", "11:30"), FULL[1]),
         present_min=440, coverage=97.78, incident_min=(6,)),
    Case("all offline", (("OFFLINE", "07:30", "11:30"), ("OFFLINE", "13:30", "17:00")),
         present_min=0, offline_min=450, coverage=None),
)


A_MONDAY = (("ABSENT", "07:30", "08:00"), ("PRESENT", "08:00", "11:30"), ("PRESENT", "13:30", "16:00"),
            ("ABSENT", "16:00", "17:00"))


def day_rows(desk_id: int, spans, day: dt.date = MONDAY) -> list[dict]:
    """The spans plus OFF_HOURS everywhere else in the local day, as presence_interval rows."""
    rows, clock = [], "00:00"
    for state, a, b in spans:
        if a > clock:
            rows.append(("OFF_HOURS", clock, a))
        rows.append((state, a, b))
        clock = b
    rows.append(("OFF_HOURS", clock, "24:00"))
    return [{"desk_id": desk_id, "state": s, "start_at": at(a, day), "end_at": at(b, day), "source": "demo"}
            for s, a, b in rows]


@dataclass(frozen=True)
class ReviewStore:
    province: int
    district_a: int
    commune_a: int
    district_b: int
    commune_b: int
    case_desks: dict[str, int]  # case name -> desk id
    desk_a: int
    desk_b: int
    staff: dict[str, int]


def build_review_store(engine: Engine) -> ReviewStore:
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None).id
        da = create_unit(c, "Huyện Bình Gia", "district", p).id
        ca = create_unit(c, "Xã Hoa Thám", "commune", da).id
        db = create_unit(c, "Huyện Văn Quan", "district", p).id
        cb = create_unit(c, "Xã Điềm He", "commune", db).id
        c.execute(insert(Holiday).values(unit_id=None, day=HOLIDAY, name="Ngày nghỉ thử"))
        case_desks = {}
        for n, case in enumerate(CASES, start=1):
            case_desks[case.name] = _desk(c, ca, f"C{n:02d}", case.name)
            c.execute(insert(PresenceInterval), day_rows(case_desks[case.name], case.spans))
        desk_a = _desk(c, ca, "Q-A", "Quầy A")
        desk_b = _desk(c, cb, "Q-B", "Quầy B")
        staff = {name: c.execute(insert(Staff).values(unit_id=unit, full_name=name).returning(Staff.id)).scalar_one()
                 for name, unit in (("Nguyễn Văn An", ca), ("Trần Thị Bình", ca), ("Lê Văn Dũng", cb))}
        c.execute(insert(RosterEntry), [
            {"desk_id": desk_a, "staff_id": staff["Nguyễn Văn An"], "day_from": dt.date(2026, 1, 1),
             "day_to": dt.date(2026, 3, 15)},
            {"desk_id": desk_a, "staff_id": staff["Trần Thị Bình"], "day_from": dt.date(2026, 3, 16), "day_to": None},
            {"desk_id": desk_b, "staff_id": staff["Lê Văn Dũng"], "day_from": dt.date(2026, 1, 1), "day_to": None},
        ])
        c.execute(insert(PresenceInterval), [
            *day_rows(desk_a, (("ABSENT", "07:30", "07:40"), ("PRESENT", "07:40", "11:30"), FULL[1]), FEB_MONDAY),
            *day_rows(desk_a, A_MONDAY),
            *day_rows(desk_a, FULL, LATER_MONDAY),
            *day_rows(desk_b, FULL),
        ])
        an, binh = staff["Nguyễn Văn An"], staff["Trần Thị Bình"]
        checks = [("PASS", "09:30"), ("PASS", "10:00"), ("PASS", "14:00"), ("FAIL", "09:05"), ("UNKNOWN", "15:00"),
                  ("UNKNOWN", "15:10")]
        c.execute(insert(ComplianceObservation), [
            *({"desk_id": desk_a, "staff_id": an, "observed_at": at(t), "rule": "badge", "result": r}
              for r, t in checks),
            *({"desk_id": desk_a, "staff_id": binh, "observed_at": at(t, LATER_MONDAY), "rule": "badge",
               "result": "PASS"} for t in ("09:00", "14:00")),
        ])
        # An undecided check (not counted) whose picture is the evidence of the 16:00–17:00 absence.
        c.execute(insert(ComplianceObservation).values(desk_id=desk_a, staff_id=an, observed_at=at("16:30"),
                                                       rule="uniform", result="UNKNOWN", evidence_path="obs-a.jpg"))
        c.execute(insert(ComplianceViolation).values(desk_id=desk_a, rule="badge", start_at=at("09:00"),
                                                     end_at=at("09:10"), evidence_path="viol-a.jpg", samples=5,
                                                     fail_samples=5, status="confirmed", decided_by="thanhtra",
                                                     decided_at=at("17:00")))
        for day, category in ((dt.date(2026, 2, 20), "absent"), (dt.date(2026, 3, 10), "no_badge")):
            iid = c.execute(insert(Inspection).values(
                unit_id=ca, day=day, kind="unannounced", inspectors="Đoàn kiểm tra huyện", conclusion="Nhắc nhở",
                created_at=at("08:00", day)).returning(Inspection.id)).scalar_one()
            c.execute(insert(InspectionFinding).values(inspection_id=iid, category=category, staff_id=an,
                                                       desk_id=desk_a, notes="Ghi chú"))
    return ReviewStore(p, da, ca, db, cb, case_desks, desk_a, desk_b, staff)


def _desk(c, unit_id: int, code: str, name: str) -> int:
    return c.execute(insert(Desk).values(unit_id=unit_id, code=code, name=name).returning(Desk.id)).scalar_one()
