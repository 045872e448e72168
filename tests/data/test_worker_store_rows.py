"""The worker's SQL (data.worker_store): sites → rows, intervals → rows, on a real store
(SQLite, and PostgreSQL with TEST_DATABASE_URL). The worker's bookkeeping around it
(backlog, checkpoints, recovery) is tested in tests/vision/test_store_writer.py."""
import datetime as dt
from dataclasses import replace

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
from domain.timezone import as_utc

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


def test_violations_keep_what_a_decision_needs_and_stay_pending(engine):
    from data.schema import ComplianceViolation as ViolationRow
    from data.worker_store.compliance import append_violations
    from domain.records import ComplianceViolation

    with engine.begin() as c:
        ids = sync_sites(c, parse_sites(sites_doc()))
    t = lambda m: local(3, 9, m)  # noqa: E731
    found = ComplianceViolation("d1", "badge", t(0), t(5), 10, 9, "ev/090000_d1_badge.jpg", score=0.12,
                                person_box=(10.0, 20.5, 110.0, 220.0), crop_path="ev/090000_d1_badge_crop.jpg",
                                model_version="3f2a9c01b7de")
    with engine.begin() as c:
        assert append_violations(c, ids, [found, ComplianceViolation("d2", "uniform", t(1), t(2), 5, 5)]) == 2
        append_violations(c, ids, [replace(found, end=t(9), samples=18)])  # the run went on: updated in place
    with engine.connect() as c:
        got = c.execute(select(ViolationRow.desk_id, ViolationRow.end_at, ViolationRow.samples, ViolationRow.status,
                               ViolationRow.score, ViolationRow.person_box, ViolationRow.crop_path,
                               ViolationRow.model_version, ViolationRow.decided_by).order_by(ViolationRow.desk_id)).all()
    assert [tuple(r[:1]) + (as_utc(r[1]),) + tuple(r[2:]) for r in got] == [
        (ids.desk_ids["d1"], t(9), 18, "pending", 0.12, [10.0, 20.5, 110.0, 220.0], "ev/090000_d1_badge_crop.jpg",
         "3f2a9c01b7de", None),
        (ids.desk_ids["d2"], t(2), 5, "pending", None, None, None, None, None),  # older callers: nothing new
    ]


def test_pass_samples_are_written_once(engine):
    from data.schema import CompliancePassSample as PassRow
    from data.worker_store.compliance import append_pass_samples
    from domain.records import PassSample

    with engine.begin() as c:
        ids = sync_sites(c, parse_sites(sites_doc()))
    t = lambda s: local(3, 9, 0, s)  # noqa: E731
    kept = [PassSample("d1", "badge", t(0), 0.91, (1.0, 2.0, 3.0, 4.0), "e0.jpg", "c0.jpg", (5.0, 6.0, 7.5, 8.0), "v1"),
            PassSample("d1", "uniform", t(0), 0.8, (1.0, 2.0, 3.0, 4.0), "e1.jpg", "c1.jpg"),
            PassSample("d2", "badge", t(30), 0.7, (1.0, 2.0, 3.0, 4.0), "e2.jpg", "c2.jpg", None, "v1")]
    with engine.begin() as c:
        assert append_pass_samples(c, ids, kept) == 3
    with engine.begin() as c:
        assert append_pass_samples(c, ids, kept[:1] + [replace(kept[2], score=0.1)]) == 0  # a retried batch
    with engine.connect() as c:
        got = c.execute(select(PassRow.desk_id, PassRow.rule, PassRow.observed_at, PassRow.score, PassRow.person_box,
                               PassRow.badge_box, PassRow.evidence_path, PassRow.crop_path, PassRow.model_version,
                               PassRow.status).order_by(PassRow.observed_at, PassRow.rule)).all()
    d1, d2 = ids.desk_ids["d1"], ids.desk_ids["d2"]
    assert [tuple(r[:2]) + (as_utc(r[2]),) + tuple(r[3:]) for r in got] == [
        (d1, "badge", t(0), 0.91, [1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.5, 8.0], "e0.jpg", "c0.jpg", "v1", "pending"),
        (d1, "uniform", t(0), 0.8, [1.0, 2.0, 3.0, 4.0], None, "e1.jpg", "c1.jpg", None, "pending"),
        (d2, "badge", t(30), 0.7, [1.0, 2.0, 3.0, 4.0], None, "e2.jpg", "c2.jpg", "v1", "pending"),
    ]
