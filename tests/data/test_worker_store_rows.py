"""The worker's SQL (data.worker_store): sites → rows, intervals → rows, on a real store
(SQLite, and PostgreSQL with TEST_DATABASE_URL). The worker's bookkeeping around it
(backlog, checkpoints, recovery) is tested in tests/vision/test_store_writer.py."""
import datetime as dt

import pytest
from sqlalchemy import select

from data.schema import Camera, CameraHealthInterval as HealthRow, Desk
from data.schema import PresenceInterval as PresenceRow
from data.schema import Unit
from data.units import create_unit
from data.worker_store.intervals import append_health, append_presence
from data.worker_store.sites import sync_sites
from domain.records import CameraHealthInterval, PresenceInterval
from domain.sites import parse_sites
from domain.states import CameraHealth

from worker_store_scene import A, O, P, ZONE1, local, rows, sites_doc  # tests/ is on sys.path


def test_sync_creates_and_updates_units_cameras_desks(engine):
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None)
        d = create_unit(c, "Huyện Văn Quan", "district", p.id)
        existing = create_unit(c, "Xã Điềm He", "commune", d.id)
    with engine.begin() as c:
        ids = sync_sites(c, parse_sites(sites_doc(unit="xa diem he")))  # found by folded name
    assert ids.unit_by_camera["cam1"] == existing.id
    with engine.connect() as c:
        cams = {r.code: r for r in c.execute(select(Camera)).all()}
        desks = {r.code: r for r in c.execute(select(Desk)).all()}
        centre = c.execute(select(Unit).where(Unit.id == ids.unit_by_camera["cam2"])).one()
    # The store is the one source of configuration: it holds the full source, as the Cấu hình page does.
    assert cams["cam1"].source == "rtsp://admin:secret@10.0.0.5/stream1"
    assert cams["cam2"].source == "0" and cams["cam2"].name == "Sảnh" and cams["cam1"].name == "cam1"
    assert (centre.name, centre.level_code, centre.parent_id) == ("Trung tâm Phục vụ hành chính công tỉnh",
                                                                  "province_agency", None)
    assert desks["d1"].staff_zone == ZONE1 and desks["d1"].name == "Quầy 1" and desks["c1"].name == "c1"
    assert desks["d2"].camera_id == ids.camera_ids["cam1"] == cams["cam1"].id
    assert ids.desk_ids == {k: v.id for k, v in desks.items()} and ids.desk_camera["c1"] == "cam2"

    # The file changes: d1 renamed and redrawn, d2 gone.
    moved = [[0.2, 0.3], [0.5, 0.3], [0.5, 0.8], [0.2, 0.8]]
    with engine.begin() as c:
        ids2 = sync_sites(c, parse_sites(sites_doc(desks=[{"id": "d1", "name": "Quầy số 1", "staff_zone": moved}])))
    with engine.connect() as c:
        desks = {r.code: r for r in c.execute(select(Desk)).all()}
        n_cams = len(c.execute(select(Camera.id)).all())
    assert ids2.desk_ids["d1"] == ids.desk_ids["d1"] and n_cams == 2
    assert (desks["d1"].name, desks["d1"].staff_zone, desks["d1"].active) == ("Quầy số 1", moved, True)
    assert desks["d2"].active is False and desks["c1"].active is True


def test_appends_clip_overlaps_merge_abutting_rows_and_skip_repeats(engine):
    with engine.begin() as c:
        ids = sync_sites(c, parse_sites(sites_doc()))
    t = lambda m, us=0: local(3, 8, m, 0, us)  # noqa: E731
    first = [PresenceInterval("d1", P, t(0, 123456), t(10)), PresenceInterval("d1", A, t(10), t(20))]
    with engine.begin() as c:
        assert append_presence(c, ids, first) == 2
        assert append_presence(c, ids, first) == 0  # written twice: harmless
        # Abuts the ABSENT row with the same state: extends it. Then one that overlaps it: clipped.
        append_presence(c, ids, [PresenceInterval("d1", A, t(20), t(25))])
        append_presence(c, ids, [PresenceInterval("d1", P, t(22), t(30))])
        append_presence(c, ids, [PresenceInterval("d2", O, t(0), t(5))])
    assert rows(engine, PresenceRow, PresenceRow.desk_id) == [
        (ids.desk_ids["d1"], "PRESENT", t(0, 123456), t(10)),
        (ids.desk_ids["d1"], "ABSENT", t(10), t(25)),
        (ids.desk_ids["d1"], "PRESENT", t(25), t(30)),
        (ids.desk_ids["d2"], "OFFLINE", t(0), t(5)),
    ]
    with engine.connect() as c:
        assert set(c.execute(select(PresenceRow.source)).scalars()) == {"worker"}
    with engine.begin() as c, pytest.raises(KeyError, match="desk 'zz'"):
        append_presence(c, ids, [PresenceInterval("zz", P, t(0), t(1))])


def test_health_appends(engine):
    with engine.begin() as c:
        ids = sync_sites(c, parse_sites(sites_doc()))
        t = lambda s: local(3, 8, 0, s)  # noqa: E731
        append_health(c, ids, [
            CameraHealthInterval("cam1", CameraHealth.ONLINE, t(0), t(10)),
            CameraHealthInterval("cam1", CameraHealth.OFFLINE, t(10), t(20)),
            CameraHealthInterval("cam1", CameraHealth.OFFLINE, t(20), t(30)),  # a one-frame flap's leftover
            CameraHealthInterval("cam2", CameraHealth.FROZEN, t(5), t(6)),
        ])
    assert rows(engine, HealthRow, HealthRow.camera_id) == [
        (ids.camera_ids["cam1"], "ONLINE", t(0), t(10)),
        (ids.camera_ids["cam1"], "OFFLINE", t(10), t(30)),
        (ids.camera_ids["cam2"], "FROZEN", t(5), t(6)),
    ]
