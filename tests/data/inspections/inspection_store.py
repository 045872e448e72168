"""A small store for the inspection tests, figures worked out by hand.

Tỉnh Lạng Sơn
├── Huyện Bình Gia   staff: Nguyễn Văn An
│   └── Xã Hoa Thám  staff: Trần Thị Bình, Lê Văn Cường
└── Huyện Văn Quan   staff: Phạm Thị Dung
    └── Xã Điềm He

Inspections (day, unit, kind, findings):
  1  10/01/2025 Bình Gia    scheduled      no_badge (An)
  2  05/03/2025 Hoa Thám    unannounced    absent (Bình), wrong_outfit (Cường)
  3  20/06/2025 Hoa Thám    camera_review  —
  4  15/02/2024 Hoa Thám    scheduled      attitude (Bình)
  5  11/04/2025 Văn Quan    scheduled      procedure (no staff named)
  6  12/04/2025 Điềm He     unannounced    —
So in 2025: Bình Gia subtree 3 (3 findings), Hoa Thám 2 (2), Văn Quan subtree 2 (1), Điềm He 1, province 5.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, insert

from data.access import Scope
from data.schema import Inspection, InspectionFinding, Staff
from data.units import create_unit

TODAY = dt.date(2025, 12, 31)


@dataclass(frozen=True)
class InspectionStore:
    province: int
    binh_gia: int
    hoa_tham: int
    van_quan: int
    diem_he: int
    staff: dict[str, int]  # first name -> id
    inspections: tuple[int, ...]  # ids in the order of the table above

    def inspector(self, unit_id: int, name: str = "thanh.tra") -> Scope:
        return Scope(username=name, role="inspector", unit_path=self.paths[unit_id])

    @property
    def paths(self) -> dict[int, str]:
        p = f"/{self.province}/"
        return {self.province: p, self.binh_gia: f"{p}{self.binh_gia}/", self.hoa_tham: f"{p}{self.binh_gia}/{self.hoa_tham}/",
                self.van_quan: f"{p}{self.van_quan}/", self.diem_he: f"{p}{self.van_quan}/{self.diem_he}/"}


def build_inspection_store(engine: Engine) -> InspectionStore:
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None).id
        bg = create_unit(c, "Huyện Bình Gia", "district", p).id
        ht = create_unit(c, "Xã Hoa Thám", "commune", bg).id
        vq = create_unit(c, "Huyện Văn Quan", "district", p).id
        dh = create_unit(c, "Xã Điềm He", "commune", vq).id
        staff = {}
        for unit, name in ((bg, "Nguyễn Văn An"), (ht, "Trần Thị Bình"), (ht, "Lê Văn Cường"), (vq, "Phạm Thị Dung")):
            staff[name.split()[-1]] = c.execute(insert(Staff).values(unit_id=unit, full_name=name, title="Công chức")
                                                .returning(Staff.id)).scalar_one()
        plan = [
            (dt.date(2025, 1, 10), bg, "scheduled", [("no_badge", "An")]),
            (dt.date(2025, 3, 5), ht, "unannounced", [("absent", "Bình"), ("wrong_outfit", "Cường")]),
            (dt.date(2025, 6, 20), ht, "camera_review", []),
            (dt.date(2024, 2, 15), ht, "scheduled", [("attitude", "Bình")]),
            (dt.date(2025, 4, 11), vq, "scheduled", [("procedure", None)]),
            (dt.date(2025, 4, 12), dh, "unannounced", []),
        ]
        ids = []
        for day, unit, kind, findings in plan:
            iid = c.execute(insert(Inspection).values(
                unit_id=unit, day=day, kind=kind, inspectors="Tổ kiểm tra công vụ", conclusion="Đạt",
                created_at=dt.datetime.combine(day, dt.time(1), dt.UTC), created_by="seed",
            ).returning(Inspection.id)).scalar_one()
            ids.append(iid)
            for cat, who in findings:
                c.execute(insert(InspectionFinding).values(inspection_id=iid, category=cat,
                                                           staff_id=staff[who] if who else None, notes=f"ghi {cat}"))
    return InspectionStore(p, bg, ht, vq, dh, staff, tuple(ids))
