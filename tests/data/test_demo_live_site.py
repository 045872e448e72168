"""The unit the demo worker plays and its hand-over, on a real store (SQLite, and PostgreSQL with TEST_DATABASE_URL)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, select

from data.demo.live_site import NoDemoSite, hand_over, pick_site
from data.schema import CameraHealthInterval as HealthRow
from data.schema import PresenceInterval as PresenceRow
from data.worker_store.sites import SiteIds, sync_sites
from domain.sites import parse_sites
from domain.timezone import as_utc

ZONE = [[0.1, 0.3], [0.4, 0.3], [0.4, 0.75]]
T0 = dt.datetime(2025, 3, 3, 0, 0, tzinfo=dt.UTC)


def at(h: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=h)


def camera(cam: str, unit: str, desks: list[str]) -> dict:
    return {"id": cam, "source": f"{cam}.mp4", "unit": unit, "desks": [{"id": d, "staff_zone": ZONE} for d in desks]}


# Xã Điềm He: 4 desks on 2 cameras (a demo site); Phường Chi Lăng: 2 desks on 1 camera (too small).
SITES = parse_sites({"cameras": [
    camera("cam1", "Xã Điềm He", ["d1", "d2", "d3"]),
    camera("cam2", "Xã Điềm He", ["d4"]),
    camera("cam3", "Phường Chi Lăng", ["e1", "e2"]),
]})


def synced(engine) -> SiteIds:
    with engine.begin() as c:
        return sync_sites(c, SITES)


def test_pick_site_takes_the_unit_with_enough_desks_or_the_named_one(engine):
    ids = synced(engine)
    with engine.connect() as c:
        site = pick_site(c)
        assert pick_site(c, "xa diem he") == site  # by folded name
        small = pick_site(c, "Phường Chi Lăng")  # named: taken whatever its size
        with pytest.raises(NoDemoSite, match="không có đơn vị tên 'Nowhere'"):
            pick_site(c, "Nowhere")
    assert (site.unit_id, site.unit_name) == (ids.unit_by_camera["cam1"], "Xã Điềm He")
    assert [(cam.code, [d.code for d in cam.desks]) for cam in site.cameras] == [("cam1", ["d1", "d2", "d3"]),
                                                                                 ("cam2", ["d4"])]
    assert [d.code for d in small.desks] == ["e1", "e2"]


def test_pick_site_without_a_fitting_unit_says_how_to_make_one(engine):
    with engine.begin() as c:
        sync_sites(c, parse_sites({"cameras": [camera("cam3", "Phường Chi Lăng", ["e1", "e2"])]}))
    with engine.connect() as c, pytest.raises(NoDemoSite, match="python -m data demo"):
        pick_site(c)


def test_hand_over_cuts_rows_at_now_and_fills_the_implied_online_time_once(engine):
    ids = synced(engine)
    d1, d2, cam1 = ids.desk_ids["d1"], ids.desk_ids["d2"], ids.camera_ids["cam1"]
    with engine.begin() as c:
        c.execute(insert(PresenceRow), [
            {"desk_id": d1, "state": "PRESENT", "start_at": at(1), "end_at": at(2), "source": "demo"},
            {"desk_id": d1, "state": "ABSENT", "start_at": at(2), "end_at": at(9), "source": "demo"},  # trimmed
            {"desk_id": d1, "state": "PRESENT", "start_at": at(9), "end_at": at(10), "source": "demo"},  # cut
            {"desk_id": ids.desk_ids["e1"], "state": "PRESENT", "start_at": at(1), "end_at": at(10),
             "source": "demo"},  # another unit's: kept
        ])
        c.execute(insert(HealthRow).values(camera_id=cam1, state="OFFLINE", start_at=at(0), end_at=at(0.5)))
    with engine.begin() as c:
        site = pick_site(c)
        done = hand_over(c, site, at(3))
    assert (done.presence_rows_cut, done.health_rows_cut, done.online_rows_added) == (2, 0, 1)
    with engine.connect() as c:
        presence = [(d, s, as_utc(a), as_utc(b)) for d, s, a, b in c.execute(
            select(PresenceRow.desk_id, PresenceRow.state, PresenceRow.start_at, PresenceRow.end_at)
            .order_by(PresenceRow.desk_id, PresenceRow.start_at)).all()]
        health = [(s, as_utc(a), as_utc(b)) for s, a, b in c.execute(
            select(HealthRow.state, HealthRow.start_at, HealthRow.end_at).where(HealthRow.camera_id == cam1)
            .order_by(HealthRow.start_at)).all()]
    assert presence == [(d1, "PRESENT", at(1), at(2)), (d1, "ABSENT", at(2), at(3)),
                        (ids.desk_ids["e1"], "PRESENT", at(1), at(10))]
    assert health == [("OFFLINE", at(0), at(0.5)), ("ONLINE", at(0.5), at(3))]

    # Once the worker has written, a later gap is real (the demo worker was stopped): not filled.
    with engine.begin() as c:
        c.execute(insert(PresenceRow).values(desk_id=d2, state="PRESENT", start_at=at(3), end_at=at(4), source="worker"))
    with engine.begin() as c:
        again = hand_over(c, site, at(6))
    assert (again.presence_rows_cut, again.health_rows_cut, again.online_rows_added) == (0, 0, 0)
