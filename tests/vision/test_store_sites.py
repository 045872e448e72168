"""The store's cameras and desks as the worker's SitesConfig, and what a change asks the worker to do."""
import pytest
from sqlalchemy import update

from data.access import SYSTEM
from data.schema import Camera, Desk
from data.setup.cameras import CameraInput, create_camera, set_camera_enabled, update_camera
from data.setup.desks import DeskInput, create_desk, update_desk
from data.setup.presence import set_unit_policy
from data.units import create_unit
from data.worker_store.watched import unit_path
from domain.presence_policy import PresencePolicy
from domain.sites import PresenceConfig
from vision.store_sites import ReloadPlan, load_store_sites, plan_reload

SECRET = "rtsp://admin:S3cret@10.0.0.5/stream1"
ZONE = ((0.1, 0.3), (0.4, 0.3), (0.4, 0.75), (0.1, 0.75))
ZONE2 = ((0.5, 0.3), (0.9, 0.3), (0.9, 0.75), (0.5, 0.75))


@pytest.fixture
def store(engine):
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None).id
        vq = create_unit(c, "Huyện Văn Quan", "district", p).id
        dh = create_unit(c, "Xã Điềm He", "commune", vq).id
        ht = create_unit(c, "Xã Hoa Thám", "commune", p).id
        cam = create_camera(c, SYSTEM, CameraInput(dh, "DH-CAM01", "Camera 01", SECRET))
        create_desk(c, SYSTEM, DeskInput(dh, "Q01", "Quầy 01", cam, ZONE))
        create_desk(c, SYSTEM, DeskInput(dh, "Q02", "Quầy 02", cam, ZONE2))
        create_desk(c, SYSTEM, DeskInput(dh, "Q09", "Quầy 09"))  # no camera: not watched
        cam2 = create_camera(c, SYSTEM, CameraInput(ht, "HT-CAM01", "Camera HT", "0"))
        create_desk(c, SYSTEM, DeskInput(ht, "Q01", "Quầy 01 HT", cam2, ZONE))
        create_camera(c, SYSTEM, CameraInput(ht, "HT-CAM02", "No desks yet", "1"))
    return dict(dh=dh, ht=ht, vq=vq, cam=cam, cam2=cam2)


def test_the_store_becomes_the_same_validated_sites_config(engine, store):
    with engine.connect() as c:
        loaded = load_store_sites(c)
    sites = loaded.sites
    assert loaded.revision == 7  # seven changes, one revision each
    assert [c.id for c in sites.cameras] == ["DH-CAM01", "HT-CAM01"]  # the camera without desks waits
    dh = sites.camera("DH-CAM01")
    assert dh.source == SECRET and dh.unit == "Xã Điềm He" and dh.display_name == "Camera 01"
    # Q01 exists in both communes: both are qualified by their camera; Q02 keeps its code.
    assert [(d.id, d.display_name, d.staff_zone) for d in dh.desks] == [
        ("DH-CAM01.Q01", "Quầy 01", ZONE), ("Q02", "Quầy 02", ZONE2)]
    assert [d.id for d in sites.camera("HT-CAM01").desks] == ["HT-CAM01.Q01"]
    assert loaded.ids.camera_ids == {"DH-CAM01": store["cam"], "HT-CAM01": store["cam2"]}
    assert loaded.ids.unit_by_camera == {"DH-CAM01": store["dh"], "HT-CAM01": store["ht"]}
    assert loaded.ids.desk_camera["Q02"] == "DH-CAM01"


def test_each_camera_carries_its_units_presence_policy(engine, store):
    """A --from-store worker counts by the unit's policy: its nearest ancestor's, else the default."""
    with engine.begin() as c:
        set_unit_policy(c, SYSTEM, store["vq"], PresencePolicy(present_after_s=3, absent_grace_s=30,
                                                               incident_min_s=600, sample_fps=2))
    with engine.connect() as c:
        sites = load_store_sites(c).sites
    dh, ht = sites.camera("DH-CAM01"), sites.camera("HT-CAM01")
    assert sites.presence_for(dh) == PresenceConfig(present_after_s=3, absent_grace_s=30, incident_min_s=600)
    assert sites.sample_fps_for(dh) == 2
    assert sites.presence_for(ht) == PresenceConfig() and sites.sample_fps_for(ht) == 1


def test_a_unit_subtree_sees_only_its_cameras_and_plain_desk_codes(engine, store):
    with engine.connect() as c:
        sites = load_store_sites(c, unit_path(c, "Huyện Văn Quan")).sites
    assert [(c.id, [d.id for d in c.desks]) for c in sites.cameras] == [("DH-CAM01", ["Q01", "Q02"])]


def test_a_bad_row_is_left_out_with_a_redacted_reason(engine, store):
    with engine.begin() as c:  # a row the Setup page would have refused, written behind its back
        c.execute(update(Desk).where(Desk.code == "Q02").values(staff_zone=[[0, 0], [2, 0], [1, 1]]))
    with engine.connect() as c:
        loaded = load_store_sites(c)
    assert [c.id for c in loaded.sites.cameras] == ["HT-CAM01"]
    assert len(loaded.skipped) == 1 and "staff_zone" in loaded.skipped[0]
    assert "S3cret" not in loaded.skipped[0]


def test_nothing_to_watch_is_an_empty_config_not_an_error(engine, store):
    with engine.begin() as c:
        c.execute(update(Camera).values(enabled=False))
    with engine.connect() as c:
        assert load_store_sites(c).sites.enabled_cameras() == ()


def _plan(engine, change) -> ReloadPlan:
    with engine.connect() as c:
        before = load_store_sites(c).sites
    with engine.begin() as c:
        change(c)
    with engine.connect() as c:
        after = load_store_sites(c).sites
    return plan_reload(before, after)


@pytest.mark.parametrize("change, plan", [
    ("zone", ReloadPlan(reconfigure=("DH-CAM01",))),
    ("new_desk", ReloadPlan(reconfigure=("DH-CAM01",))),
    ("rename", ReloadPlan(reconfigure=("DH-CAM01",))),
    ("source", ReloadPlan(stop=("DH-CAM01",), start=("DH-CAM01",))),
    ("source_kept", ReloadPlan()),
    # Q01 is then unique again: the other camera's desk goes back to its plain code.
    ("disable", ReloadPlan(stop=("DH-CAM01",), reconfigure=("HT-CAM01",))),
    ("first_desk", ReloadPlan(start=("HT-CAM02",))),
    # Presence policy of Huyện Văn Quan, inherited by Xã Điềm He: new thresholds reconfigure its camera,
    # a new sample_fps restarts its capture (decoded at twice that rate).
    ("thresholds", ReloadPlan(reconfigure=("DH-CAM01",))),
    ("sample_fps", ReloadPlan(stop=("DH-CAM01",), start=("DH-CAM01",))),
])
def test_what_each_change_asks_of_the_running_worker(engine, store, change, plan):
    dh, ht, cam = store["dh"], store["ht"], store["cam"]
    q02 = lambda c: c.execute(Desk.__table__.select().where(Desk.code == "Q02")).one().id  # noqa: E731
    changes = {
        "zone": lambda c: update_desk(c, SYSTEM, q02(c), DeskInput(dh, "Q02", "Quầy 02", cam, ((0.5, 0.2), (0.9, 0.2), (0.7, 0.9)))),
        "new_desk": lambda c: create_desk(c, SYSTEM, DeskInput(dh, "Q03", "Quầy 03", cam, ZONE)),
        "rename": lambda c: update_camera(c, SYSTEM, cam, CameraInput(dh, "DH-CAM01", "Camera tiếp dân", None)),
        "source": lambda c: update_camera(c, SYSTEM, cam, CameraInput(dh, "DH-CAM01", "Camera 01", "rtsp://10.0.0.6/s")),
        "source_kept": lambda c: update_camera(c, SYSTEM, cam, CameraInput(dh, "DH-CAM01", "Camera 01", "")),
        "disable": lambda c: set_camera_enabled(c, SYSTEM, cam, False),
        "first_desk": lambda c: create_desk(c, SYSTEM, DeskInput(ht, "Q05", "Quầy 05", c.execute(
            Camera.__table__.select().where(Camera.code == "HT-CAM02")).one().id, ZONE)),
        "thresholds": lambda c: set_unit_policy(c, SYSTEM, store["vq"], PresencePolicy(incident_min_s=600)),
        "sample_fps": lambda c: set_unit_policy(c, SYSTEM, store["vq"], PresencePolicy(sample_fps=2)),
    }
    assert _plan(engine, changes[change]) == plan
