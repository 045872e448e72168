"""Opening sources: which kind a source is, RTSP over TCP, HTTPS MJPEG, missing devices and files."""
from __future__ import annotations

import os
import socket
import ssl
import threading
import time
from pathlib import Path

import pytest

from coded_frames import coded_frame
from domain.states import CameraHealth
from vision.sources import (
    CameraReader,
    ReaderConfig,
    SourceKind,
    SourceOpenError,
    configure_opencv,
    open_capture,
    source_kind,
)
from vision.sources.capture import CaptureTimeouts
from vision.sources.mjpeg_server import MjpegServer

TLS_PEM = Path(__file__).parent / "tls" / "localhost.pem"


@pytest.mark.parametrize(
    "source, kind",
    [
        ("rtsp://admin:pw@10.0.0.5:554/Streaming/Channels/101", SourceKind.RTSP),
        ("RTSP://10.0.0.5/live", SourceKind.RTSP),
        ("rtsps://10.0.0.5/live", SourceKind.RTSP),
        ("http://10.0.0.6/video.mjpg", SourceKind.HTTP),
        ("https://cam.example.vn/mjpeg", SourceKind.HTTP),
        ("/srv/recordings/quay1.mp4", SourceKind.FILE),
        ("videos/quầy 1.avi", SourceKind.FILE),
        (0, SourceKind.DEVICE),
        (2, SourceKind.DEVICE),
    ],
)
def test_source_kind(source, kind):
    assert source_kind(source) is kind


def test_opencv_is_told_to_use_tcp_for_rtsp_and_to_stay_quiet():
    configure_opencv()
    assert "rtsp_transport;tcp" in os.environ["OPENCV_FFMPEG_CAPTURE_OPTIONS"]
    assert os.environ["OPENCV_FFMPEG_LOGLEVEL"] == "8"


class FakeRtspCamera:
    """Answers OPTIONS and DESCRIBE like an RTSP camera and records the SETUP request."""

    SDP = (
        "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=desk\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
        "m=video 0 RTP/AVP 26\r\na=control:track1\r\n"
    )

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.requests: list[str] = []
        self.setup = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        buf = b""
        with conn:
            conn.settimeout(10)
            while True:
                try:
                    chunk = conn.recv(4096)
                except OSError:
                    return
                if not chunk:
                    return
                buf += chunk
                while b"\r\n\r\n" in buf:
                    head, buf = buf.split(b"\r\n\r\n", 1)
                    request = head.decode("latin-1")
                    self.requests.append(request)
                    cseq = next((line.split(":", 1)[1].strip() for line in request.split("\r\n")
                                 if line.lower().startswith("cseq")), "1")
                    method = request.split(" ", 1)[0]
                    if method == "OPTIONS":
                        reply = f"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY\r\n\r\n"
                    elif method == "DESCRIBE":
                        base = f"rtsp://127.0.0.1:{self.port}/live/"
                        reply = (f"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\nContent-Base: {base}\r\n"
                                 f"Content-Type: application/sdp\r\nContent-Length: {len(self.SDP)}\r\n\r\n{self.SDP}")
                    else:  # SETUP: we have what we came for
                        self.setup.set()
                        reply = f"RTSP/1.0 461 Unsupported Transport\r\nCSeq: {cseq}\r\n\r\n"
                    conn.sendall(reply.encode("latin-1"))

    def close(self) -> None:
        self.sock.close()


def test_rtsp_is_read_over_tcp_only():
    """OpenCV on its own prefers TCP but falls back to UDP when a camera refuses it
    (measured: TCP, then UDP unicast, then multicast); we force TCP, so no UDP."""
    camera = FakeRtspCamera()
    try:
        with pytest.raises(SourceOpenError):  # the fake camera refuses every transport
            open_capture(f"rtsp://127.0.0.1:{camera.port}/live", CaptureTimeouts(open_s=5, read_s=5))
        assert camera.setup.is_set()
        transports = [
            line for r in camera.requests if r.startswith("SETUP")
            for line in r.split("\r\n") if line.lower().startswith("transport:")
        ]
        assert transports and all("RTP/AVP/TCP" in t for t in transports), transports
        assert not any("UDP" in t for t in transports), transports
    finally:
        camera.close()


def test_https_mjpeg_camera():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(TLS_PEM)
    server = MjpegServer(lambda i: coded_frame(i), fps=10, ssl_context=ctx).start()
    assert server.url.startswith("https://")
    reader = CameraReader("tls", server.url_with_credentials("u", "p"), ReaderConfig(offline_after_s=3)).start()
    try:
        deadline = time.monotonic() + 20
        while reader.status().health is not CameraHealth.ONLINE and time.monotonic() < deadline:
            time.sleep(0.05)
        assert reader.status().health is CameraHealth.ONLINE, reader.status()
        frame = reader.wait_frame(-1, timeout=5)
        assert frame is not None and frame.image.shape == (180, 320, 3)
    finally:
        reader.stop(timeout=10)
        server.stop()


def test_missing_device_and_file_are_clear_errors(tmp_path):
    with pytest.raises(SourceOpenError, match="could not open source"):
        open_capture(97, CaptureTimeouts(open_s=2, read_s=2))
    with pytest.raises(SourceOpenError, match=r"video file not found.*missing\.mp4"):
        open_capture(str(tmp_path / "missing.mp4"))
