"""The Cấu hình page's connection test: open a camera source once, read a frame, say what came back.

The dashboard may not import vision/ (the worker's sources), so this is a small
probe of its own: OpenCV's FFmpeg backend with open and read timeouts, RTSP over
TCP, like the worker. Before the video is opened, a plain TCP connection to the
camera's host and port tells an unknown host, a closed port and a host that does
not answer apart at once; after a failed open, one HTTP GET or RTSP DESCRIBE
tells refused credentials and a wrong path from a stream that is not video.
An MJPEG stream's rate is counted over about a second of frames (FFmpeg says 25
for any); a file's or an RTSP stream's rate is the one the stream states.

The result is typed (`SourceCheck`): whether a picture came, its size, frame
rate and codec, or which `Problem` stopped it. It never holds the source or
OpenCV's text (either may carry credentials), and no picture: the dashboard
cannot blur faces without a model, so it shows none (the worker's face-blurred
picture is on the desk tab). `check_stored_camera` tests a stored camera's
source (the edited masked form, when given, with the stored credentials put
back), which never leaves data/; every test of a stored camera is audited.
"""
from __future__ import annotations

import base64
import os
import socket
import threading
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy import Engine, select

from data import audit
from data.access import Scope
from data.schema import Camera
from data.setup.changes import SetupError, require_configure
from domain.redaction import MASK, restore_secrets

DEFAULT_TIMEOUT_S = 5.0
AUDIT_ACTION = "camera_check"
_PORTS = {"rtsp": 554, "rtsps": 322, "rtmp": 1935, "http": 80, "https": 443}


class Problem(str, Enum):
    """Why no picture came, in words the page translates (dashboard/strings)."""

    FILE_MISSING = "file_missing"  # no such file
    NOT_VIDEO = "not_video"  # it answered (or exists) but is not a video OpenCV can read
    DEVICE = "device"  # a device number that cannot be opened here
    BAD_SOURCE = "bad_source"  # not a URL, path or device number this can open (or *** left in a new one)
    UNKNOWN_HOST = "unknown_host"  # the host name does not resolve
    REFUSED = "refused"  # the host answers but nothing listens on that port
    UNREACHABLE = "unreachable"  # no route to the host
    TIMEOUT = "timeout"  # no answer within the time allowed
    CREDENTIALS = "credentials"  # the camera refused the user name or password (or needs one)
    NO_STREAM = "no_stream"  # the camera has no stream at that path
    NO_PICTURE = "no_picture"  # opened, but no frame came


@dataclass(frozen=True)
class SourceCheck:
    """What one connection test found. `problem` None: a frame came, with its size, rate and codec."""

    problem: Problem | None
    width: int = 0
    height: int = 0
    fps: float | None = None  # None: the source does not say (many MJPEG cameras)
    codec: str | None = None  # FourCC as text ("H264", "MJPG"), None when unknown
    port: int | None = None  # the port a network problem concerns
    status: int | None = None  # the HTTP/RTSP status that explained it, if any
    elapsed_s: float = 0.0

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    user: str | None
    password: str | None
    path: str


def _target(source: str) -> _Target | None:
    parts = urlsplit(source)
    scheme = parts.scheme.lower()
    if scheme not in _PORTS or not parts.hostname:
        return None
    try:
        port = parts.port or _PORTS[scheme]
    except ValueError:
        return None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return _Target(scheme, parts.hostname, port, user, password, path)


def _connect(target: _Target, timeout_s: float) -> Problem | None:
    """A plain TCP connection to the camera's port (no video): which network problem, if any."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return Problem.UNKNOWN_HOST
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.settimeout(timeout_s)
    try:
        sock.connect(address)
    except ConnectionRefusedError:
        return Problem.REFUSED
    except (TimeoutError, socket.timeout):
        return Problem.TIMEOUT
    except OSError:
        return Problem.UNREACHABLE
    finally:
        sock.close()
    return None


def _ask(target: _Target, timeout_s: float) -> int | None:
    """The status of one HTTP GET or RTSP DESCRIBE (headers only), None when nothing readable came."""
    request_uri = target.path if target.scheme.startswith("http") else (
        f"{target.scheme}://{target.host}:{target.port}{target.path}")
    protocol = "HTTP/1.0" if target.scheme.startswith("http") else "RTSP/1.0"
    method = "GET" if target.scheme.startswith("http") else "DESCRIBE"
    lines = [f"{method} {request_uri} {protocol}", f"Host: {target.host}", "CSeq: 1", "User-Agent: camera-check"]
    if target.user is not None:
        token = base64.b64encode(f"{target.user}:{target.password or ''}".encode()).decode()
        lines.append(f"Authorization: Basic {token}")
    try:
        with socket.create_connection((target.host, target.port), timeout=timeout_s) as sock:
            if target.scheme == "https":
                import ssl

                context = ssl.create_default_context()
                context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # a camera's own certificate
                sock = context.wrap_socket(sock, server_hostname=target.host)
            sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
            head = sock.recv(256).decode("latin-1")
    except OSError:
        return None
    first = head.split("\r\n", 1)[0].split()
    return int(first[1]) if len(first) >= 2 and first[1].isdigit() else None


def _explain(target: _Target, timeout_s: float) -> tuple[Problem, int | None]:
    """Why OpenCV got no picture from a network source that accepts connections."""
    status = _ask(target, timeout_s)
    if status in (401, 403):
        return Problem.CREDENTIALS, status
    if status == 404:
        return Problem.NO_STREAM, status
    return Problem.NOT_VIDEO, status


def _configure_opencv() -> None:
    # As the worker: RTSP over TCP, FFmpeg's and OpenCV's own logging (which may quote a URL) quiet.
    os.environ.setdefault("OPENCV_FFMPEG_CAPTURE_OPTIONS", "rtsp_transport;tcp")
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "8")
    os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")


@dataclass(frozen=True)
class _Frame:
    width: int
    height: int
    fps: float | None
    codec: str | None


def _fourcc(value: float) -> str | None:
    code = int(value)
    text = "".join(chr((code >> (8 * i)) & 0xFF) for i in range(4))
    return text.strip() if code > 0 and text.isprintable() and text.strip() else None


def _measured_fps(cap, window_s: float) -> float | None:
    """Frames per second over the frames that arrive within `window_s` (None: fewer than 3 came)."""
    times = [time.monotonic()]
    while times[-1] - times[0] < window_s:
        if not cap.grab():
            break
        times.append(time.monotonic())
    if len(times) < 4:
        return None
    return (len(times) - 2) / (times[-1] - times[1])  # from the second frame: the first may wait in a buffer


def _read_one_frame(source: str | int, timeout_s: float) -> _Frame | None:
    """Open once, read one frame, release. None: no frame. OpenCV's text is never kept."""
    import cv2

    _configure_opencv()
    cap = None
    try:
        if isinstance(source, int):
            cap = cv2.VideoCapture(source, cv2.CAP_ANY)
        else:
            ms = max(1, int(timeout_s * 1000))
            cap = cv2.VideoCapture(source, cv2.CAP_FFMPEG, [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, ms,
                                                            cv2.CAP_PROP_READ_TIMEOUT_MSEC, ms,
                                                            cv2.CAP_PROP_N_THREADS, 1])
        if not cap.isOpened():
            return None
        ok, frame = cap.read()
        if not ok or frame is None:
            return None
        codec = _fourcc(cap.get(cv2.CAP_PROP_FOURCC))
        fps = cap.get(cv2.CAP_PROP_FPS)
        if isinstance(source, str) and "://" in source and codec in (None, "MJPG"):
            # FFmpeg does not know an MJPEG stream's rate (it says 25): count the frames of about a second.
            fps = _measured_fps(cap, min(1.0, timeout_s))
        return _Frame(int(frame.shape[1]), int(frame.shape[0]), fps if fps and 0 < fps < 1000 else None, codec)
    except cv2.error:
        return None
    finally:
        if cap is not None:
            cap.release()


def _guarded(source: str | int, timeout_s: float) -> tuple[_Frame | None, bool]:
    """`_read_one_frame` in a thread the page does not wait on past its time: (frame, timed out)."""
    box: list[_Frame | None] = []
    worker = threading.Thread(target=lambda: box.append(_read_one_frame(source, timeout_s)), daemon=True,
                              name="camera-check")
    worker.start()
    worker.join(2 * timeout_s + 2)
    if worker.is_alive():
        return None, True
    return (box[0] if box else None), False


def probe_source(source: str | int, timeout_s: float = DEFAULT_TIMEOUT_S) -> SourceCheck:
    """Open `source` once and read one frame; what came back, or why nothing did."""
    started = time.monotonic()

    def done(problem: Problem | None, **figures: object) -> SourceCheck:
        return SourceCheck(problem, elapsed_s=round(time.monotonic() - started, 3), **figures)

    if isinstance(source, str):
        source = source.strip()
        if source.isdigit():
            source = int(source)
    if isinstance(source, str) and (not source or MASK in source):
        return done(Problem.BAD_SOURCE)
    target = _target(source) if isinstance(source, str) and "://" in source else None
    if isinstance(source, str) and "://" in source and target is None:
        return done(Problem.BAD_SOURCE)
    if isinstance(source, str) and target is None:
        path = Path(source)
        if not path.exists():
            return done(Problem.FILE_MISSING)
        if not path.is_file():
            return done(Problem.NOT_VIDEO)
    if target is not None:
        network = _connect(target, timeout_s)
        if network is not None:
            return done(network, port=target.port)
    frame, hung = _guarded(source, timeout_s)
    if frame is not None:
        return done(None, width=frame.width, height=frame.height, fps=frame.fps, codec=frame.codec)
    if hung or (target is not None and time.monotonic() - started >= 0.9 * timeout_s):
        return done(Problem.TIMEOUT, port=None if target is None else target.port)
    if isinstance(source, int):
        return done(Problem.DEVICE)
    if target is None:
        return done(Problem.NOT_VIDEO)
    problem, status = _explain(target, timeout_s)
    return done(problem, port=target.port, status=status)


def check_stored_camera(engine: Engine, scope: Scope, camera_id: int, edited: str | None = None,
                        timeout_s: float = DEFAULT_TIMEOUT_S) -> SourceCheck:
    """Test a stored camera's source, or its edited masked form with the stored credentials put back
    (domain.redaction.restore_secrets); audited (`camera_check`: the outcome, never the source).

    SetupError when there is no such camera or the edit may not keep the credentials; AccessDenied
    outside the scope."""
    with engine.connect() as conn:
        row = conn.execute(select(Camera.unit_id, Camera.code, Camera.source).where(Camera.id == camera_id)).first()
        if row is None:
            raise SetupError("camera_id", "không còn camera này (the camera no longer exists)")
        require_configure(conn, scope, row.unit_id)
    source = row.source
    typed = (edited or "").strip()
    if typed:
        try:
            source = restore_secrets(typed, row.source)
        except ValueError as exc:
            raise SetupError("source", str(exc)) from None
    result = probe_source(source, timeout_s)
    audit.record_now(engine, scope.username, AUDIT_ACTION, target=f"camera:{camera_id}", unit_id=row.unit_id,
                     detail={"code": row.code, "edited": source != row.source, "ok": result.ok,
                             "problem": None if result.problem is None else result.problem.value})
    return result
