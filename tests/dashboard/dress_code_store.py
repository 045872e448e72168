"""A small store for the dress-code confirmation page, with its evidence pictures on disk.

Tỉnh Lạng Sơn › Huyện Bình Gia › Xã Hoa Thám (Quầy 01, Quầy 02) and Huyện Văn Quan › Xã Điềm He (Quầy 03).
Monday 02/03/2026, local time; every item is pending:

    #v1 Quầy 01 badge   09:00–09:10  evidence + crop        (the oldest)
    #s1 Quầy 02 badge   09:30        PASS sample, evidence + crop, badge found
    #v2 Quầy 01 badge   10:00–10:05  evidence only (zoom cut from the box)
    #v3 Quầy 01 badge   14:00–14:20  evidence only            (v1, v2, v3: one desk-day, same rule)
    #v4 Quầy 01 uniform 15:00–15:10  no picture (purged)
    #v5 Quầy 03 badge   08:00–08:10  evidence (Văn Quan: outside a Bình Gia inspector's scope)
                         on 03/03/2026
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw
from sqlalchemy import Engine, insert

from data.schema import CompliancePassSample, ComplianceViolation, Desk, RosterEntry, Staff
from data.units import create_unit
from domain.timezone import LOCAL_TZ

DAY = dt.date(2026, 3, 2)
BOX = [100, 40, 180, 230]


def at(hh: int, mm: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), LOCAL_TZ).astimezone(dt.UTC)


@dataclass(frozen=True)
class DressStore:
    province: int
    district_a: int
    commune_a: int
    district_b: int
    commune_b: int
    desks: dict[str, int]
    violations: dict[str, int]
    samples: dict[str, int]


def evidence_jpeg(path: Path, colour: tuple[int, int, int]) -> str:
    """A 320×240 'frame' with the person's box drawn in red, as the worker marks it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (320, 240), colour)
    ImageDraw.Draw(image).rectangle(BOX, outline=(255, 0, 0), width=2)
    image.save(path, format="JPEG")
    return str(path)


def crop_jpeg(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (80, 190), (20, 160, 60)).save(path, format="JPEG")
    return str(path)


def build_dress_store(engine: Engine, root: Path) -> DressStore:
    cam = root / "CAM-1" / "2026-03-02"
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None).id
        da = create_unit(c, "Huyện Bình Gia", "district", p).id
        ca = create_unit(c, "Xã Hoa Thám", "commune", da).id
        db = create_unit(c, "Huyện Văn Quan", "district", p).id
        cb = create_unit(c, "Xã Điềm He", "commune", db).id
        desks = {code: c.execute(insert(Desk).values(unit_id=unit, code=code, name=f"Quầy {code[1:]}")
                                 .returning(Desk.id)).scalar_one()
                 for code, unit in (("Q01", ca), ("Q02", ca), ("Q03", cb))}
        for code, name in (("Q01", "Nguyễn Văn An"), ("Q02", "Trần Thị Bình"), ("Q03", "Lê Văn Cường")):
            staff = c.execute(insert(Staff).values(unit_id=ca if code != "Q03" else cb, full_name=name)
                              .returning(Staff.id)).scalar_one()
            c.execute(insert(RosterEntry).values(desk_id=desks[code], staff_id=staff, day_from=dt.date(2026, 1, 1)))

        def violation(desk: str, rule: str, start: dt.datetime, end: dt.datetime, evidence: str | None,
                      crop: str | None = None, purged: bool = False) -> int:
            return c.execute(insert(ComplianceViolation).values(
                desk_id=desks[desk], rule=rule, start_at=start, end_at=end, evidence_path=evidence,
                evidence_purged_at=at(18) if purged else None, samples=10, fail_samples=9, score=0.12,
                person_box=BOX, crop_path=crop, model_version="shipped-v3",
            ).returning(ComplianceViolation.id)).scalar_one()

        v1 = violation("Q01", "badge", at(9), at(9, 10), evidence_jpeg(cam / "q01-0900_badge.jpg", (40, 40, 200)),
                       crop_jpeg(cam / "q01-0900_badge_crop.jpg"))
        v2 = violation("Q01", "badge", at(10), at(10, 5), evidence_jpeg(cam / "q01-1000_badge.jpg", (40, 200, 40)))
        v3 = violation("Q01", "badge", at(14), at(14, 20), evidence_jpeg(cam / "q01-1400_badge.jpg", (200, 200, 40)))
        v4 = violation("Q01", "uniform", at(15), at(15, 10), None, purged=True)
        v5 = violation("Q03", "badge", at(8, day=DAY + dt.timedelta(days=1)), at(8, 10, day=DAY + dt.timedelta(days=1)),
                       evidence_jpeg(root / "CAM-2" / "q03-0800_badge.jpg", (90, 90, 90)))
        s1 = c.execute(insert(CompliancePassSample).values(
            desk_id=desks["Q02"], rule="badge", observed_at=at(9, 30), score=0.91, person_box=BOX,
            badge_box=[30, 60, 45, 80], evidence_path=evidence_jpeg(cam / "q02-0930_badge.jpg", (200, 40, 40)),
            crop_path=crop_jpeg(cam / "q02-0930_badge_crop.jpg"), model_version="shipped-v3",
        ).returning(CompliancePassSample.id)).scalar_one()
    return DressStore(p, da, ca, db, cb, desks, {"v1": v1, "v2": v2, "v3": v3, "v4": v4, "v5": v5}, {"s1": s1})
