"""The setup page's camera picture counts as watching: it sends that camera's heartbeat (domain.live)."""
import time

from test_setup_page import ZONE, open_setup, tree  # noqa: F401 — fixtures

from data.access import SYSTEM
from data.setup.cameras import CameraInput, create_camera
from data.setup.desks import DeskInput, create_desk
from domain.live import heartbeat_age_s, is_watched


def test_picking_a_desk_sends_its_cameras_heartbeat(open_setup, engine, tree, tmp_path, monkeypatch):  # noqa: F811
    from desk_store import publish_live  # noqa: PLC0415

    with engine.begin() as c:
        cam = create_camera(c, SYSTEM, CameraInput(tree.diem_he, "CAM-HT", "Camera HT", "0"))
        create_desk(c, SYSTEM, DeskInput(tree.diem_he, "Q01", "Quầy 01", cam, ZONE))
        create_desk(c, SYSTEM, DeskInput(tree.diem_he, "Q02", "Quầy 02", None, ZONE))
    live = tmp_path / "live"
    publish_live(live)
    monkeypatch.setenv("MONITOR_LIVE_DIR", str(live))
    app = open_setup(SYSTEM, tree.diem_he)
    pick = app.selectbox(key="setup.desk.pick")
    pick.select(next(o for o in pick.options if o.startswith("Q02"))).run()  # no camera: no heartbeat
    assert not app.exception and not (live / "watch").exists()
    pick = app.selectbox(key="setup.desk.pick")
    pick.select(next(o for o in pick.options if o.startswith("Q01"))).run()
    assert not app.exception
    assert [p.name for p in (live / "watch").iterdir()] == ["CAM-HT"]
    assert is_watched(heartbeat_age_s(live, "CAM-HT", time.time()))
