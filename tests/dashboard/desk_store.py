"""A small store for the desk pages, and a live dir written the way the worker writes it.

Monday 02/03/2026, local time. Xã Hoa Thám (under Huyện Bình Gia) has four desks:

    Q01 (camera CAM-HT, Nguyễn Văn An)  OFF_HOURS → 07:30  PRESENT → 09:00  ABSENT → 09:04  PRESENT → 10:00
                                        ABSENT → 10:03  ABSENT → 10:10  OFFLINE → 10:40  PRESENT → 11:30
                                        OFF_HOURS → 13:30  ABSENT → 14:00  PRESENT → 17:00  OFF_HOURS → 24:00
    Q02 (camera CAM-HT, Trần Thị Bình)  PRESENT 07:30 → 11:30
    Q03 (camera CAM-X, Lê Văn Cường)    PRESENT 07:30 → 10:00  ABSENT 10:00 → 10:19
    Q04 (camera CAM-OFF, nobody)        no intervals

Published at 10:19:50: CAM-HT online, Q01 PRESENT since 10:15, Q02 ABSENT since 10:12,
with a picture; CAM-OFF offline since 10:05. CAM-X publishes nothing.
An evidence picture (badge check) was taken at Q01 at 13:45, during the 13:30–14:00 absence;
the worker snapshotted Q03's 10:00 absence at 10:05. Q01's 10:00–10:10 absence has no picture.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from sqlalchemy import Engine, insert

from data.schema import AbsenceEvidence, Camera, ComplianceObservation, Desk, PresenceInterval, RosterEntry, Staff
from data.units import create_unit
from domain.live import LiveSnapshot, PublishedDesk, atomic_write, image_path, snapshot_path
from domain.states import CameraHealth, DeskStateName
from domain.timezone import LOCAL_TZ

DAY = dt.date(2026, 3, 2)


def at(hh: int, mm: int = 0, ss: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm, ss), LOCAL_TZ).astimezone(dt.UTC)


Q01_DAY = [
    ("OFF_HOURS", at(0), at(7, 30)), ("PRESENT", at(7, 30), at(9)), ("ABSENT", at(9), at(9, 4)),
    ("PRESENT", at(9, 4), at(10)), ("ABSENT", at(10), at(10, 3)), ("ABSENT", at(10, 3), at(10, 10)),
    ("OFFLINE", at(10, 10), at(10, 40)), ("PRESENT", at(10, 40), at(11, 30)), ("OFF_HOURS", at(11, 30), at(13, 30)),
    ("ABSENT", at(13, 30), at(14)), ("PRESENT", at(14), at(17)),
    ("OFF_HOURS", at(17), at(0, day=DAY + dt.timedelta(days=1))),
]
Q02_DAY = [("PRESENT", at(7, 30), at(11, 30))]
Q03_DAY = [("PRESENT", at(7, 30), at(10)), ("ABSENT", at(10), at(10, 19))]
PUBLISHED_AT = at(10, 19, 50)


@dataclass(frozen=True)
class DeskStore:
    province: int
    district: int
    commune: int
    desks: dict[str, int]


def build_desk_store(engine: Engine, evidence: Path, absence_snapshot: Path) -> DeskStore:
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None).id
        d = create_unit(c, "Huyện Bình Gia", "district", p).id
        m = create_unit(c, "Xã Hoa Thám", "commune", d).id
        cams = {code: c.execute(insert(Camera).values(unit_id=m, code=code, name=code, source="rtsp://secret")
                                .returning(Camera.id)).scalar_one() for code in ("CAM-HT", "CAM-X", "CAM-OFF")}
        desks = {}
        for code, cam in (("Q01", "CAM-HT"), ("Q02", "CAM-HT"), ("Q03", "CAM-X"), ("Q04", "CAM-OFF")):
            desks[code] = c.execute(insert(Desk).values(unit_id=m, camera_id=cams[cam], code=code,
                                                        name=f"Quầy {code[1:]}").returning(Desk.id)).scalar_one()
        for code, name in (("Q01", "Nguyễn Văn An"), ("Q02", "Trần Thị Bình"), ("Q03", "Lê Văn Cường")):
            staff = c.execute(insert(Staff).values(unit_id=m, full_name=name).returning(Staff.id)).scalar_one()
            c.execute(insert(RosterEntry).values(desk_id=desks[code], staff_id=staff, day_from=dt.date(2026, 1, 1)))
        c.execute(insert(PresenceInterval), [
            {"desk_id": desks[code], "state": s, "start_at": a, "end_at": b, "source": "demo"}
            for code, rows in (("Q01", Q01_DAY), ("Q02", Q02_DAY), ("Q03", Q03_DAY)) for s, a, b in rows
        ])
        c.execute(insert(ComplianceObservation).values(
            desk_id=desks["Q01"], observed_at=at(13, 45), rule="badge", result="FAIL", evidence_path=str(evidence)))
        c.execute(insert(AbsenceEvidence).values(desk_id=desks["Q03"], absent_since=at(10), taken_at=at(10, 5),
                                                 evidence_path=absence_snapshot.name))
    return DeskStore(p, d, m, desks)


# Presence policy (issue 11): Xã Hoa Thám counts incidents from 10 minutes; its sibling Xã Hồng Phong keeps
# the default 5. Each gets one desk with the same day: a 7-minute and a 12-minute absence.
POLICY_DAY = [
    ("PRESENT", at(7, 30), at(9)), ("ABSENT", at(9), at(9, 7)), ("PRESENT", at(9, 7), at(10, 8)),
    ("ABSENT", at(10, 8), at(10, 20)),
]


@dataclass(frozen=True)
class PolicyDesks:
    sibling: int  # Xã Hồng Phong
    ten_minutes: int  # Quầy 05, Xã Hoa Thám (incident_min_s 600)
    default: int  # Quầy 06, Xã Hồng Phong (inherits the default 300)


def add_policy_desks(engine: Engine, store: DeskStore) -> PolicyDesks:
    from data.access import SYSTEM
    from data.setup.presence import set_unit_policy
    from domain.presence_policy import PresencePolicy

    with engine.begin() as c:
        sibling = create_unit(c, "Xã Hồng Phong", "commune", store.district).id
        ids = [c.execute(insert(Desk).values(unit_id=unit, code=code, name=f"Quầy {code[1:]}")
                         .returning(Desk.id)).scalar_one() for unit, code in ((store.commune, "Q05"), (sibling, "Q06"))]
        c.execute(insert(PresenceInterval), [{"desk_id": d, "state": s, "start_at": a, "end_at": b, "source": "demo"}
                                             for d in ids for s, a, b in POLICY_DAY])
        set_unit_policy(c, SYSTEM, store.commune, PresencePolicy(incident_min_s=600))
    return PolicyDesks(sibling, *ids)


def jpeg(colour: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    image = np.zeros((48, 64, 3), np.uint8)
    image[:] = colour
    ok, data = cv2.imencode(".jpg", image)
    assert ok
    return data.tobytes()


def publish_live(directory: Path) -> None:
    """The worker's files for CAM-HT (with a picture) and CAM-OFF (offline, no picture)."""
    directory.mkdir(parents=True, exist_ok=True)
    atomic_write(image_path(directory, "CAM-HT"), jpeg())
    snapshots = [
        LiveSnapshot("CAM-HT", "CAM-HT", "Xã Hoa Thám", PUBLISHED_AT, CameraHealth.ONLINE, None, at(7),
                     (PublishedDesk("Q01", "Quầy 01", DeskStateName.PRESENT, at(10, 15)),
                      PublishedDesk("Q02", "Quầy 02", DeskStateName.ABSENT, at(10, 12))),
                     "CAM-HT.jpg", at(10, 19, 48), 1),
        LiveSnapshot("CAM-OFF", "CAM-OFF", "Xã Hoa Thám", PUBLISHED_AT, CameraHealth.OFFLINE, "no_frames", at(10, 5),
                     (PublishedDesk("Q04", "Quầy 04", DeskStateName.OFFLINE, at(10, 5)),), None, None, None),
    ]
    for snap in snapshots:
        atomic_write(snapshot_path(directory, snap.camera_id), snap.to_json().encode("utf-8"))


def review_pictures(tmp_path: Path, monkeypatch) -> Path:
    """The review store's two evidence pictures (tests/data/review/review_store.py names them), in a folder
    the pages read through MONITOR_EVIDENCE_DIR."""
    pictures = tmp_path / "evidence"
    pictures.mkdir()
    (pictures / "viol-a.jpg").write_bytes(jpeg((0, 0, 255)))
    (pictures / "obs-a.jpg").write_bytes(jpeg((0, 255, 0)))
    monkeypatch.setenv("MONITOR_EVIDENCE_DIR", str(pictures))
    return pictures
