"""Demo inspections (kiểm tra công vụ): every district runs more than 20 a year."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, insert

from data.demo.calendar import DAYS_OFF
from data.demo.org import DemoDesk, DemoUnit, Org
from data.demo.people import full_names
from data.schema import Inspection, InspectionFinding

FIRST_YEAR = 2021
KINDS = ("scheduled", "unannounced", "camera_review")
KIND_P = (0.5, 0.3, 0.2)
CATEGORIES = ("absent", "no_badge", "wrong_outfit", "attitude", "procedure")
CATEGORY_P = (0.3, 0.25, 0.2, 0.1, 0.15)
FINDING_NOTES = {
    "absent": "Vắng mặt tại quầy trong giờ làm việc không có lý do",
    "no_badge": "Không đeo thẻ công chức khi làm nhiệm vụ",
    "wrong_outfit": "Trang phục không đúng quy định",
    "attitude": "Thái độ giao tiếp với công dân chưa chuẩn mực",
    "procedure": "Tiếp nhận hồ sơ chưa đúng quy trình, thiếu phiếu hẹn",
}
KIND_NOTES = {
    "scheduled": "Kiểm tra theo kế hoạch",
    "unannounced": "Kiểm tra đột xuất",
    "camera_review": "Rà soát dữ liệu camera tại Bộ phận Một cửa",
}


@dataclass(frozen=True)
class InspectionCounts:
    inspections: int
    findings: int


def write_inspections(conn: Connection, rng: np.random.Generator, org: Org, end_date: dt.date) -> InspectionCounts:
    plans: list[tuple[DemoUnit, dt.date, str, str]] = []
    districts = org.of_role("district")
    communes_of = {d.district: [u for u in org.of_role("commune") if u.district == d.district] for d in districts}
    centre = org.of_role("centre")
    for year in range(FIRST_YEAR, end_date.year + 1):
        days = _working_days(year, end_date)
        if not days:
            continue
        share = len(days) / len(_working_days(year, dt.date(year, 12, 31)))
        for d in districts:
            n = int(np.ceil(int(rng.integers(22, 31)) * share))
            team = f"Tổ kiểm tra công vụ {d.name}"
            for day in _pick_days(rng, days, n):
                target = d if rng.random() < 0.35 else communes_of[d.district][int(rng.integers(len(communes_of[d.district])))]
                plans.append((target, day, team, str(rng.choice(KINDS, p=KIND_P))))
        for c in centre:
            for day in _pick_days(rng, days, int(np.ceil(12 * share))):
                plans.append((c, day, "Đoàn kiểm tra công vụ tỉnh (Sở Nội vụ)", str(rng.choice(KINDS, p=KIND_P))))
    plans.sort(key=lambda p: (p[1], p[0].id))

    inspector_names = full_names(rng, 3 * len(plans))
    rows, finding_sets = [], []
    for i, (unit, day, team, kind) in enumerate(plans):
        findings = _findings(rng, org.desks_of(unit.id), day)
        lead, *members = inspector_names[3 * i: 3 * i + 3]
        rows.append({
            "unit_id": unit.id, "day": day, "kind": kind,
            "inspectors": f"{team}: {lead} (Trưởng đoàn), {', '.join(members)}",
            "conclusion": _conclusion(findings),
            "notes": f"{KIND_NOTES[kind]} ngày {day:%d/%m/%Y}",
            "created_at": dt.datetime.combine(day, dt.time(7, 0), dt.UTC) + dt.timedelta(minutes=int(rng.integers(0, 180))),
        })
        finding_sets.append(findings)
    ids = conn.execute(insert(Inspection).returning(Inspection.id, sort_by_parameter_order=True), rows).scalars().all()
    finding_rows = [dict(f, inspection_id=iid) for iid, fs in zip(ids, finding_sets) for f in fs]
    if finding_rows:
        conn.execute(insert(InspectionFinding), finding_rows)
    return InspectionCounts(len(rows), len(finding_rows))


def _working_days(year: int, end_date: dt.date) -> list[dt.date]:
    first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), end_date)
    out = []
    day = first
    while day <= last:
        if day.weekday() < 5 and day not in DAYS_OFF:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def _pick_days(rng: np.random.Generator, days: list[dt.date], n: int) -> list[dt.date]:
    n = min(n, len(days))
    return [days[i] for i in sorted(rng.choice(len(days), size=n, replace=False).tolist())]


def _findings(rng: np.random.Generator, desks: list[DemoDesk], day: dt.date) -> list[dict]:
    out = []
    for _ in range(int(rng.poisson(0.7))):
        category = str(rng.choice(CATEGORIES, p=CATEGORY_P))
        desk = desks[int(rng.integers(len(desks)))] if desks and rng.random() < 0.7 else None
        out.append({
            "category": category,
            "desk_id": desk.id if desk else None,
            "staff_id": desk.staff_on(day) if desk else None,
            "notes": FINDING_NOTES[category],
        })
    return out


def _conclusion(findings: list[dict]) -> str:
    if not findings:
        return "Chấp hành tốt kỷ luật, kỷ cương hành chính"
    return f"Nhắc nhở, yêu cầu khắc phục {len(findings)} tồn tại"
