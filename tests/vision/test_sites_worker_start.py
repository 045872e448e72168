"""`vision run --sites FILE` against a store set up on the Cấu hình page: the file is imported (a
redacted source keeps the stored credentials), then the worker runs from the store, the file's
cameras only, with the file's settings the store has no rows for."""
import pytest
from sqlalchemy import select

from data.access import SYSTEM
from data.schema import Camera
from data.setup.cameras import CameraInput, create_camera
from data.setup.changes import config_revision
from data.setup.desks import DeskInput, create_desk
from data.units import create_unit
from domain.sites import parse_sites
from vision.reload import first_load
from vision.store_sites import StoreSelection
from vision.worker import Worker, WorkerOptions

SECRET = "rtsp://admin:S3cret@10.0.0.5/stream1"
ZONE = [[0.1, 0.3], [0.4, 0.3], [0.4, 0.75], [0.1, 0.75]]


@pytest.fixture
def page_store(engine):
    with engine.begin() as c:
        dh = create_unit(c, "Xã Điềm He", "commune", None).id
        cam = create_camera(c, SYSTEM, CameraInput(dh, "DH-CAM01", "Camera 01", SECRET))
        create_desk(c, SYSTEM, DeskInput(dh, "Q01", "Quầy 01", cam, ZONE))
        other = create_camera(c, SYSTEM, CameraInput(dh, "DH-CAM02", "Camera 02", "1"))
        create_desk(c, SYSTEM, DeskInput(dh, "Q02", "Quầy 02", other, ZONE))
    return dh


def test_a_sites_file_worker_keeps_the_stored_credentials_and_runs_the_files_cameras_from_the_store(
        engine, page_store, tmp_path):
    sites = parse_sites({"timezone": "Asia/Bangkok", "cameras": [{
        "id": "DH-CAM01", "name": "Camera 01", "source": "rtsp://***@10.0.0.5/stream1", "unit": "Xã Điềm He",
        "offline_after_s": 2, "desks": [{"id": "Q01", "name": "Quầy 01", "staff_zone": ZONE}]}]})
    worker = Worker(sites, WorkerOptions(state_dir=tmp_path / "state"),
                    from_store=StoreSelection(sites=sites, sites_name="sites.yaml"))
    before = config_revision(engine)
    writer = first_load(worker, engine)  # what `run` does at start, before any camera opens
    with engine.connect() as c:
        assert c.execute(select(Camera.source).where(Camera.code == "DH-CAM01")).scalar_one() == SECRET
    assert config_revision(engine) == before  # the file said what the store holds: nothing to import
    cam, = worker.sites.cameras  # DH-CAM02 is not in the file
    assert (cam.id, cam.source, cam.offline_after_s, worker.sites.timezone) == ("DH-CAM01", SECRET, 2.0,
                                                                                "Asia/Bangkok")
    assert writer.ids.desk_ids.keys() == {"Q01"}
