"""Two districts side by side, for proving that one district's accounts cannot read the other's rows.

    Tỉnh Lạng Sơn
    ├── Huyện Bình Gia ─ Xã Hoa Thám:  desks A1 (CAM-A, Nguyễn Văn An), A2 (CAM-A, Phạm Thị Ba); 10 dossiers
    └── Huyện Văn Quan ─ Xã Điềm He:   desk  B1 (CAM-B, Lê Văn Cường);                         7 dossiers

Every desk on Monday 02/03/2026: PRESENT 07:30–10:00, ABSENT 10:00–10:20 (an incident with an
absence snapshot on disk), PRESENT 10:20–11:30. Dossiers were received on 10/03/2026, all resolved early.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from sqlalchemy import Engine, insert

from data.access import Scope
from data.dossiers.daily import rebuild_all
from data.schema import AbsenceEvidence, Camera, Desk, Dossier, PresenceInterval, RosterEntry, Staff
from data.units import create_unit
from domain.timezone import LOCAL_TZ

DAY = dt.date(2026, 3, 2)
DOSSIER_DAY = dt.date(2026, 3, 10)


def at(hh: int, mm: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), LOCAL_TZ).astimezone(dt.UTC)


def jpeg(colour: tuple[int, int, int]) -> bytes:
    image = np.zeros((48, 64, 3), np.uint8)
    image[:] = colour
    ok, data = cv2.imencode(".jpg", image)
    assert ok
    return data.tobytes()


COLOURS = {"A1": (0, 0, 200), "A2": (0, 200, 0), "B1": (200, 0, 0), "CAM-A": (90, 90, 90), "CAM-B": (250, 250, 250)}


@dataclass(frozen=True)
class TwoDistricts:
    province: int
    district_a: int
    commune_a: int
    district_b: int
    commune_b: int
    desks: dict[str, int]  # A1, A2, B1
    staff: dict[str, int]  # A1, A2, B1: who is rostered there
    paths: dict[str, str]  # unit paths by the same names as the ids
    evidence: dict[str, Path]  # desk -> its absence snapshot

    def inspector(self, district: str = "a") -> Scope:
        return Scope(f"tt.{district}", "inspector", self.paths[f"district_{district}"])

    def staff_scope(self, desk: str = "A1") -> Scope:
        commune = "commune_a" if desk.startswith("A") else "commune_b"
        return Scope(f"staff.{desk.lower()}", "staff", self.paths[commune], self.staff[desk])


def build_two_districts(engine: Engine, evidence_dir: Path) -> TwoDistricts:
    evidence_dir.mkdir(parents=True, exist_ok=True)
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None)
        da = create_unit(c, "Huyện Bình Gia", "district", p.id)
        ca = create_unit(c, "Xã Hoa Thám", "commune", da.id)
        db = create_unit(c, "Huyện Văn Quan", "district", p.id)
        cb = create_unit(c, "Xã Điềm He", "commune", db.id)
        cams = {
            "A": c.execute(insert(Camera).values(unit_id=ca.id, code="CAM-A", name="CAM-A", source="rtsp://u:p@a")
                           .returning(Camera.id)).scalar_one(),
            "B": c.execute(insert(Camera).values(unit_id=cb.id, code="CAM-B", name="CAM-B", source="rtsp://u:p@b")
                           .returning(Camera.id)).scalar_one(),
        }
        desks, staff, evidence = {}, {}, {}
        for code, unit, name in (("A1", ca.id, "Nguyễn Văn An"), ("A2", ca.id, "Phạm Thị Ba"), ("B1", cb.id, "Lê Văn Cường")):
            desks[code] = c.execute(insert(Desk).values(unit_id=unit, camera_id=cams[code[0]], code=code,
                                                        name=f"Quầy {code}").returning(Desk.id)).scalar_one()
            staff[code] = c.execute(insert(Staff).values(unit_id=unit, full_name=name).returning(Staff.id)).scalar_one()
            c.execute(insert(RosterEntry).values(desk_id=desks[code], staff_id=staff[code], day_from=dt.date(2026, 1, 1)))
            c.execute(insert(PresenceInterval), [
                {"desk_id": desks[code], "state": s, "start_at": a, "end_at": b, "source": "demo"}
                for s, a, b in (("PRESENT", at(7, 30), at(10)), ("ABSENT", at(10), at(10, 20)),
                                ("PRESENT", at(10, 20), at(11, 30)))
            ])
            picture = evidence_dir / f"{code.lower()}-absent-1000.jpg"
            picture.write_bytes(jpeg(COLOURS[code]))
            evidence[code] = picture
            c.execute(insert(AbsenceEvidence).values(desk_id=desks[code], absent_since=at(10), taken_at=at(10, 5),
                                                     evidence_path=picture.name))
        rows = []
        for unit, count in ((ca.id, 10), (cb.id, 7)):
            received = at(9, day=DOSSIER_DAY)
            for n in range(count):
                rows.append({"code": f"HS-{unit}-{n}", "unit_id": unit, "procedure": "Chứng thực", "field": "Chứng thực",
                             "channel": "direct", "received_at": received, "received_day": DOSSIER_DAY,
                             "due_at": at(17, day=DOSSIER_DAY + dt.timedelta(days=5)),
                             "resolved_at": received + dt.timedelta(days=1), "returned_at": received + dt.timedelta(days=1),
                             "outcome": "early", "status": None, "batch_id": None})
        c.execute(insert(Dossier), rows)
        rebuild_all(c)
    paths = {"province": p.path, "district_a": da.path, "commune_a": ca.path, "district_b": db.path, "commune_b": cb.path}
    return TwoDistricts(p.id, da.id, ca.id, db.id, cb.id, desks, staff, paths, evidence)
