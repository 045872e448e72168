"""The Cấu hình connection test against real local sources: a video file written with OpenCV, an HTTP
MJPEG stream, a camera that wants a password, one that never answers, a closed port, a wrong path,
and a stored camera tested through the store (audited, never with its source)."""
from __future__ import annotations

import http.server
import json
import socket
import threading

import cv2
import numpy as np
import pytest
from sqlalchemy import select

from data.access import SYSTEM
from data.camera_probe import Problem, check_stored_camera, probe_source
from data.schema import AuditEntry
from data.setup import SetupError
from data.setup.cameras import CameraInput, create_camera
from data.units import create_unit
from vision.sources.mjpeg_server import MjpegServer, SilentServer


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    path = tmp_path_factory.mktemp("probe") / "quay.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25, (320, 240))
    for i in range(5):
        writer.write(np.full((240, 320, 3), 40 * i, np.uint8))
    writer.release()
    return path


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Locked(http.server.BaseHTTPRequestHandler):
    """A camera that answers every request with 401 (wrong or missing password)."""

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="camera"')
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_a_video_file_opens_with_its_size_rate_and_codec(video):
    found = probe_source(str(video))
    assert (found.ok, found.width, found.height, found.fps, found.codec) == (True, 320, 240, 25.0, "MJPG")


@pytest.mark.parametrize("name, problem", [("missing.mp4", Problem.FILE_MISSING), ("notes.txt", Problem.NOT_VIDEO),
                                           (".", Problem.NOT_VIDEO)])
def test_a_wrong_path_or_a_file_that_is_no_video(tmp_path, name, problem):
    (tmp_path / "notes.txt").write_text("không phải video")
    assert probe_source(str(tmp_path / name)).problem is problem


def test_an_mjpeg_camera_opens_and_its_rate_is_measured():
    with MjpegServer([np.zeros((480, 640, 3), np.uint8)], fps=10) as camera:
        found = probe_source(camera.url, timeout_s=3)
    assert (found.ok, found.width, found.height, found.codec) == (True, 640, 480, "MJPG")
    assert 8 <= found.fps <= 12  # FFmpeg would say 25 for any MJPEG stream


def test_a_closed_port_a_camera_that_wants_a_password_and_one_that_never_answers():
    port = closed_port()
    refused = probe_source(f"rtsp://admin:S3cret@127.0.0.1:{port}/stream1")
    assert (refused.problem, refused.port) == (Problem.REFUSED, port)
    server = http.server.HTTPServer(("127.0.0.1", 0), _Locked)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        locked = probe_source(f"http://admin:wrong@127.0.0.1:{server.server_address[1]}/video.mjpg", timeout_s=2)
    finally:
        server.shutdown()
        server.server_close()
    assert (locked.problem, locked.status) == (Problem.CREDENTIALS, 401)
    silent = SilentServer().start()
    try:
        hung = probe_source(silent.url, timeout_s=1)
    finally:
        silent.stop()
    assert hung.problem is Problem.TIMEOUT and hung.elapsed_s < 5


@pytest.mark.parametrize("source", ["rtsp://***@10.0.0.5/stream1", "", "rtsp://"])
def test_a_masked_or_empty_source_is_not_opened(source):
    assert probe_source(source).problem is Problem.BAD_SOURCE


def test_a_stored_camera_is_tested_as_stored_and_audited_without_its_source(engine, video):
    port = closed_port()
    stored = f"rtsp://admin:S3cret@127.0.0.1:{port}/stream1"
    with engine.begin() as c:
        unit = create_unit(c, "Xã Điềm He", "commune", None).id
        cam = create_camera(c, SYSTEM, CameraInput(unit, "DH-CAM01", "Camera 01", stored))
        on_file = create_camera(c, SYSTEM, CameraInput(unit, "DH-CAM02", "Camera 02", str(video)))
    found = check_stored_camera(engine, SYSTEM, cam)  # the stored credentials, not the masked form
    assert (found.problem, found.port) == (Problem.REFUSED, port)
    # The edited masked form with *** kept: the stored credentials go back in; another host may not keep them.
    edited = check_stored_camera(engine, SYSTEM, cam, f"rtsp://***@127.0.0.1:{port}/stream2")
    assert edited.problem is Problem.REFUSED
    with pytest.raises(SetupError):
        check_stored_camera(engine, SYSTEM, cam, "rtsp://***@10.6.6.6:554/stream1")
    assert check_stored_camera(engine, SYSTEM, on_file).ok
    with engine.connect() as c:
        rows = c.execute(select(AuditEntry.action, AuditEntry.target, AuditEntry.detail)
                         .where(AuditEntry.action == "camera_check").order_by(AuditEntry.id)).all()
    assert [(r.target, r.detail["ok"], r.detail["problem"], r.detail["edited"]) for r in rows] == [
        (f"camera:{cam}", False, "refused", False), (f"camera:{cam}", False, "refused", True),
        (f"camera:{on_file}", True, None, False)]
    assert "S3cret" not in json.dumps([r.detail for r in rows])
