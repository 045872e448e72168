"""A small store for the scorecard tests; every figure is worked out by hand here.

Tỉnh Lạng Sơn (no desks of its own)
├── Huyện Bình Gia        desk A1
│   └── Xã Hoa Thám       desks C1, C2
└── Huyện Văn Quan        desk B1 (never watched)

Monday 02/03/2026, local time (office seconds = every non-OFF_HOURS second):
  A1  ABSENT 08:00–08:20, PRESENT 08:20–11:00        present 9,600 / office 10,800 → 88.89 %, 1 incident
  C1  PRESENT 08:00–10:00, ABSENT 10:00–10:30,
      PRESENT 10:30–11:00                             present 9,000 / office 10,800 → 83.33 %, 1 incident
  C2  PRESENT 08:00–09:00, OFFLINE 09:00–11:00        present 3,600 / watched 3,600 → 100 %
  B1  nothing                                         not watched: coverage and incidents missing
Compliance samples (09:00, 09:01, …): C1 PASS×3 FAIL×1 UNKNOWN×2; A1 FAIL×1; B1 UNKNOWN×1 (so B has no
rate). Each FAIL lies inside a confirmed badge violation (C1 09:03–09:04, A1 09:06–09:07), so it counts.
Inspections: 2026 — Bình Gia 1, Hoa Thám 2; 2025 — Văn Quan 1.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, insert

from data.schema import ComplianceObservation, ComplianceViolation, Desk, Inspection, PresenceInterval
from data.units import create_unit
from domain.timezone import LOCAL_TZ

DAY = dt.date(2026, 3, 2)
MONTH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def at(hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hh, mm), LOCAL_TZ).astimezone(dt.UTC)


@dataclass(frozen=True)
class ScorecardStore:
    province: int
    binh_gia: int
    hoa_tham: int
    van_quan: int
    desks: dict[str, int]


def build_scorecard_store(engine: Engine) -> ScorecardStore:
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None).id
        bg = create_unit(c, "Huyện Bình Gia", "district", p).id
        ht = create_unit(c, "Xã Hoa Thám", "commune", bg).id
        vq = create_unit(c, "Huyện Văn Quan", "district", p).id
        desks = {code: c.execute(insert(Desk).values(unit_id=unit, code=code, name=f"Quầy {code}")
                                 .returning(Desk.id)).scalar_one()
                 for code, unit in (("A1", bg), ("C1", ht), ("C2", ht), ("B1", vq))}
        timeline = {
            "A1": [("ABSENT", at(8), at(8, 20)), ("PRESENT", at(8, 20), at(11))],
            "C1": [("PRESENT", at(8), at(10)), ("ABSENT", at(10), at(10, 30)), ("PRESENT", at(10, 30), at(11))],
            "C2": [("PRESENT", at(8), at(9)), ("OFFLINE", at(9), at(11))],
        }
        c.execute(insert(PresenceInterval), [{"desk_id": desks[d], "state": s, "start_at": a, "end_at": b,
                                              "source": "demo"} for d, rows in timeline.items() for s, a, b in rows])
        samples = [("C1", "PASS")] * 3 + [("C1", "FAIL"), ("C1", "UNKNOWN"), ("C1", "UNKNOWN"),
                                          ("A1", "FAIL"), ("B1", "UNKNOWN")]
        c.execute(insert(ComplianceObservation), [{"desk_id": desks[d], "observed_at": at(9, i), "rule": "badge",
                                                   "result": r} for i, (d, r) in enumerate(samples)])
        c.execute(insert(ComplianceViolation), [
            {"desk_id": desks[d], "rule": "badge", "start_at": at(9, m), "end_at": at(9, m + 1), "samples": 1,
             "fail_samples": 1, "status": "confirmed", "decided_by": "thanhtra"} for d, m in (("C1", 3), ("A1", 6))])
        for unit, day in ((bg, dt.date(2026, 1, 5)), (ht, dt.date(2026, 2, 5)), (ht, dt.date(2026, 3, 2)),
                          (vq, dt.date(2025, 6, 1))):
            c.execute(insert(Inspection).values(unit_id=unit, day=day, kind="scheduled", inspectors="Đoàn",
                                                created_at=at(7)))
    return ScorecardStore(p, bg, ht, vq, desks)
