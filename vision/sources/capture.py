"""Opening a camera source with OpenCV: RTSP over TCP, HTTP(S) MJPEG, files, device indexes.

Everything that talks to `cv2.VideoCapture` directly lives here, so the rules
(timeouts, TCP for RTSP, quiet native logging) are applied in one place.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import cv2

from domain.redaction import redacted_source


class SourceKind(str, Enum):
    RTSP = "rtsp"
    HTTP = "http"  # HTTP(S) MJPEG or any stream FFmpeg understands over HTTP
    FILE = "file"
    DEVICE = "device"


def source_kind(source: str | int) -> SourceKind:
    if isinstance(source, int):
        return SourceKind.DEVICE
    lowered = source.strip().lower()
    if lowered.startswith(("rtsp://", "rtsps://", "rtmp://")):
        return SourceKind.RTSP
    if lowered.startswith(("http://", "https://")):
        return SourceKind.HTTP
    return SourceKind.FILE


_configured = False
_configure_lock = threading.Lock()


def configure_opencv() -> None:
    """Process-wide OpenCV settings, applied once before the first capture opens.

    * RTSP over TCP: UDP loses packets on busy office networks and smears frames.
    * Native logging at error level only: FFmpeg's and OpenCV's warnings go
      straight to stderr, outside our redaction, so keep them quiet; our own
      log lines say what happened with the credentials removed.
    An explicit setting in the environment wins.
    """
    global _configured
    with _configure_lock:
        if _configured:
            return
        os.environ.setdefault("OPENCV_FFMPEG_CAPTURE_OPTIONS", "rtsp_transport;tcp")
        os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "8")  # AV_LOG_FATAL
        os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")
        try:
            cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
        except AttributeError:  # very old builds: the environment variable above still applies
            pass
        _configured = True


@dataclass(frozen=True)
class CaptureTimeouts:
    open_s: float = 10.0
    read_s: float = 5.0


class SourceOpenError(RuntimeError):
    """A source could not be opened. The message never contains credentials."""


def open_capture(
    source: str | int,
    timeouts: CaptureTimeouts = CaptureTimeouts(),
    decoder_threads: int | None = 1,
) -> cv2.VideoCapture:
    """Open `source`; raises SourceOpenError (with the source redacted) when it cannot.

    May block up to about `timeouts.open_s` (FFmpeg's interrupt callback enforces
    it); callers that must never hang run this in a watched thread (see reader.py).
    """
    configure_opencv()
    kind = source_kind(source)
    params: list[int] = []
    if kind is not SourceKind.DEVICE:
        params += [
            cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, max(1, int(timeouts.open_s * 1000)),
            cv2.CAP_PROP_READ_TIMEOUT_MSEC, max(1, int(timeouts.read_s * 1000)),
        ]
        if decoder_threads is not None:
            # Many cameras in one process: one decoder thread each is enough and
            # avoids N×cores threads fighting over 2 cores.
            params += [cv2.CAP_PROP_N_THREADS, int(decoder_threads)]
    if kind is SourceKind.FILE and not Path(str(source)).exists():
        raise SourceOpenError(f"không tìm thấy tệp video (video file not found): {redacted_source(source)}")
    cap: cv2.VideoCapture | None = None
    started = time.monotonic()
    try:
        if kind is SourceKind.DEVICE:
            cap = cv2.VideoCapture(int(source), cv2.CAP_ANY)
        else:
            # Name the backend: CAP_ANY would also try the image-sequence reader,
            # which prints the raw URL in its warnings.
            cap = cv2.VideoCapture(str(source), cv2.CAP_FFMPEG, params)
    except cv2.error:
        pass  # OpenCV's text may quote the URL: it is dropped, not chained
    if cap is None:
        raise SourceOpenError(f"OpenCV báo lỗi khi mở nguồn (OpenCV error on open): {redacted_source(source)}")
    if not cap.isOpened():
        cap.release()
        if kind is not SourceKind.DEVICE and time.monotonic() - started >= timeouts.open_s * 0.9:
            raise SourceOpenError(
                f"hết {timeouts.open_s:g} s chờ nguồn camera trả lời (open timed out): {redacted_source(source)}"
            )
        raise SourceOpenError(f"không mở được nguồn camera (could not open source): {redacted_source(source)}")
    return cap

