"""A small store for dress-code decisions, with real evidence pictures under a temporary evidence root.

Tỉnh Lạng Sơn
├── Huyện Bình Gia ── Xã Hoa Thám: desk Q-A (camera CAM-A)
└── Huyện Văn Quan ── Xã Điềm He: desk Q-B

Pictures: `evidence.jpg` 200×100 px, left half dark grey (40), right half light (200), the person box
[100, 0, 200, 100] being the light half; `crop.jpg` 50×80 px of grey 120.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from sqlalchemy import Engine, insert

from data.schema import Camera, CompliancePassSample, ComplianceViolation, Desk
from data.units import create_unit
from domain.timezone import LOCAL_TZ

DAY = dt.date(2026, 3, 2)
PERSON_BOX = [100, 0, 200, 100]


def at(clock: str, day: dt.date = DAY) -> dt.datetime:
    hh, mm = (int(x) for x in clock.split(":"))
    return (dt.datetime.combine(day, dt.time(), LOCAL_TZ) + dt.timedelta(hours=hh, minutes=mm)).astimezone(dt.UTC)


@dataclass(frozen=True)
class DressStore:
    province: int
    district_a: int
    commune_a: int
    district_b: int
    commune_b: int
    camera_a: int
    desk_a: int
    desk_b: int
    root: Path  # the evidence root


def write_pictures(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", (200, 100), (40, 40, 40))
    img.paste((200, 200, 200), (100, 0, 200, 100))
    img.save(root / "evidence.jpg", quality=95)
    Image.new("RGB", (50, 80), (120, 120, 120)).save(root / "crop.jpg", quality=95)


def build_dress_store(engine: Engine, root: Path) -> DressStore:
    write_pictures(root)
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None).id
        da = create_unit(c, "Huyện Bình Gia", "district", p).id
        ca = create_unit(c, "Xã Hoa Thám", "commune", da).id
        db = create_unit(c, "Huyện Văn Quan", "district", p).id
        cb = create_unit(c, "Xã Điềm He", "commune", db).id
        cam = c.execute(insert(Camera).values(unit_id=ca, code="CAM-A", name="Camera A", source="demo://a")
                        .returning(Camera.id)).scalar_one()
        desk_a = c.execute(insert(Desk).values(unit_id=ca, camera_id=cam, code="Q-A", name="Quầy A")
                           .returning(Desk.id)).scalar_one()
        desk_b = c.execute(insert(Desk).values(unit_id=cb, code="Q-B", name="Quầy B").returning(Desk.id)).scalar_one()
    return DressStore(p, da, ca, db, cb, cam, desk_a, desk_b, root)


def add_violation(engine: Engine, desk_id: int, start: dt.datetime, *, rule: str = "badge", status: str = "pending",
                  minutes: int = 10, evidence_path: str | None = "evidence.jpg", crop_path: str | None = None,
                  person_box: list | None = PERSON_BOX, score: float | None = 0.2) -> int:
    with engine.begin() as c:
        return c.execute(insert(ComplianceViolation).values(
            desk_id=desk_id, rule=rule, start_at=start, end_at=start + dt.timedelta(minutes=minutes),
            evidence_path=evidence_path, samples=5, fail_samples=5, status=status, score=score,
            person_box=person_box, crop_path=crop_path, model_version="badge-v1",
        ).returning(ComplianceViolation.id)).scalar_one()


def add_pass_sample(engine: Engine, desk_id: int, observed: dt.datetime, *, rule: str = "badge",
                    crop_path: str | None = "crop.jpg", badge_box: list | None = None,
                    evidence_path: str | None = "evidence.jpg") -> int:
    with engine.begin() as c:
        return c.execute(insert(CompliancePassSample).values(
            desk_id=desk_id, rule=rule, observed_at=observed, score=0.9, person_box=PERSON_BOX, badge_box=badge_box,
            evidence_path=evidence_path, crop_path=crop_path, model_version="badge-v1",
        ).returning(CompliancePassSample.id)).scalar_one()
