"""Local HTTP MJPEG streams on 127.0.0.1: for tests, the bench and demos without cameras.

`MjpegServer` serves `multipart/x-mixed-replace` JPEG frames at a given fps to
every client, can be stopped (clients are dropped) and started again on the
same port, like a camera that reboots. `SilentServer` accepts connections and
never sends a byte, like a camera whose encoder hung.
"""
from __future__ import annotations

import http.server
import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Callable, Sequence

import cv2
import numpy as np

BOUNDARY = b"frame"

FrameSource = Callable[[int], np.ndarray] | Sequence[np.ndarray]


def encode_jpeg(image: np.ndarray, quality: int = 80) -> bytes:
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("cannot encode the frame as JPEG")
    return buf.tobytes()


class _Http(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class MjpegServer:
    """Serve frames as an MJPEG stream at http://127.0.0.1:<port>/stream.mjpg.

    `frames` is either a sequence of BGR images (encoded once, then cycled) or a
    function from frame number to image (encoded per frame: it may change).
    """

    def __init__(
        self,
        frames: FrameSource,
        fps: float = 10.0,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        quality: int = 80,
        path: str = "/stream.mjpg",
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if fps <= 0:
            raise ValueError("fps must be positive")
        self.fps = fps
        self.host = host
        self.port = port
        self.path = path
        self._quality = quality
        self._ssl = ssl_context  # serve HTTPS (a camera with TLS)
        if callable(frames):
            self._make: Callable[[int], bytes] = lambda i: encode_jpeg(frames(i), quality)
        else:
            encoded = [encode_jpeg(f, quality) for f in frames]
            if not encoded:
                raise ValueError("no frames to serve")
            self._make = lambda i: encoded[i % len(encoded)]
        self._server: _Http | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._counter = 0
        self._counter_lock = threading.Lock()
        self.requests = 0  # connections served since creation

    @property
    def url(self) -> str:
        return f"{'https' if self._ssl else 'http'}://{self.host}:{self.port}{self.path}"

    @property
    def frames_sent(self) -> int:
        """Frames generated so far, over all clients (the next frame's number)."""
        with self._counter_lock:
            return self._counter

    def url_with_credentials(self, user: str, password: str) -> str:
        scheme, rest = self.url.split("://", 1)
        return f"{scheme}://{user}:{password}@{rest}"

    def _next_index(self) -> int:
        with self._counter_lock:
            self._counter += 1
            return self._counter - 1

    def start(self) -> "MjpegServer":
        if self._server is not None:
            return self
        self._stopping = threading.Event()
        stopping = self._stopping
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                owner.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", f"multipart/x-mixed-replace; boundary={BOUNDARY.decode()}")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                period = 1.0 / owner.fps
                next_at = time.monotonic()
                try:
                    while not stopping.is_set():
                        jpg = owner._make(owner._next_index())
                        self.wfile.write(
                            b"--" + BOUNDARY + b"\r\nContent-Type: image/jpeg\r\n"
                            + f"Content-Length: {len(jpg)}\r\n\r\n".encode() + jpg + b"\r\n"
                        )
                        self.wfile.flush()
                        next_at += period
                        delay = next_at - time.monotonic()
                        if delay > 0:
                            stopping.wait(delay)
                        else:
                            next_at = time.monotonic()  # fell behind: do not burst
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass
                self.close_connection = True

        self._server = _Http((self.host, self.port), Handler)
        if self._ssl is not None:
            self._server.socket = self._ssl.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_address[1]  # keep the port for a restart
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True,
            name=f"mjpeg-{self.port}",
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and drop every client, as a camera that loses power."""
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> "MjpegServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class SilentServer:
    """Accepts TCP connections and never answers: a hung camera."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, 0))
        self.port = self._sock.getsockname()[1]
        self._conns: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True, name=f"silent-{self.port}")
        self.accepted = 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/stream.mjpg"

    def _accept(self) -> None:
        self._sock.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            self._conns.append(conn)  # held open, never read from or written to
            self.accepted += 1

    def start(self) -> "SilentServer":
        self._sock.listen(16)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for c in self._conns:
            c.close()
        self._sock.close()

    def __enter__(self) -> "SilentServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
