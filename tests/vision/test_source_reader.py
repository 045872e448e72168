"""Live readers against real local streams: HTTP MJPEG on 127.0.0.1, a server that never
answers, a FIFO that blocks inside OpenCV, a video file used as a camera.

Every wait polls with a deadline (no sleeps that assume a fast machine). The only
time limits asserted are the issue's own: OFFLINE within offline_after_s + 2 s of
the stream stopping, back ONLINE within 5 s of its return.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from coded_frames import coded_frame, read_code
from domain.states import CameraHealth
from vision.sources import (
    CameraReader,
    CameraStatus,
    HealthReason,
    ReaderConfig,
    SourceOpenError,
    open_capture,
    stop_readers,
)
from vision.sources.capture import CaptureTimeouts
from vision.sources.mjpeg_server import MjpegServer, SilentServer

SECRET = "Mk-9f3bq7Zx"  # a password that must never show up anywhere
USER = "giamsat"

CFG = ReaderConfig(
    offline_after_s=2.0,
    frozen_after_s=2.0,
    open_timeout_s=2.0,
    read_timeout_s=1.0,
    backoff_initial_s=0.2,
    backoff_max_s=0.5,
    hang_grace_s=1.0,
    decode_fps=10.0,
)


def wait_until(check: Callable[[], CameraStatus | bool | None], timeout: float, step: float = 0.05):
    """Poll `check` until it returns something truthy; that value, or None at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(step)


def health_is(reader: CameraReader, health: CameraHealth) -> Callable[[], CameraStatus | None]:
    def check() -> CameraStatus | None:
        st = reader.status()
        return st if st.health is health else None

    return check


def returns_within(fn: Callable[[], object], timeout: float) -> bool:
    """Run `fn` in a thread; whether it returned before `timeout` (the test itself never hangs)."""
    done = threading.Event()
    threading.Thread(target=lambda: (fn(), done.set()), daemon=True).start()
    return done.wait(timeout)


@pytest.fixture
def stream():
    server = MjpegServer(lambda i: coded_frame(i), fps=10).start()
    yield server
    server.stop()


def test_stream_drops_and_returns(stream):
    reader = CameraReader("cam1", stream.url_with_credentials(USER, SECRET), CFG).start()
    try:
        online = wait_until(health_is(reader, CameraHealth.ONLINE), 20)
        assert online is not None, reader.status()
        before = reader.wait_frame(-1, timeout=5)
        assert before is not None and before.camera_id == "cam1"

        stream.stop()
        stopped_wall = dt.datetime.now(dt.timezone.utc)
        stopped = time.monotonic()
        offline = wait_until(health_is(reader, CameraHealth.OFFLINE), CFG.offline_after_s + 2)
        assert offline is not None, f"not OFFLINE {time.monotonic() - stopped:.1f} s after the stream stopped"
        assert offline.reason is HealthReason.NO_FRAMES
        assert offline.since <= stopped_wall  # backdated to the last frame, not when it was noticed
        assert offline.last_frame_at is not None and offline.last_frame_at <= stopped_wall

        wait_until(lambda: reader.status().last_error, 5)  # reconnect attempts are being refused
        stream.start()  # same port, like a camera that rebooted
        back = wait_until(health_is(reader, CameraHealth.ONLINE), 5)
        assert back is not None, f"not back within 5 s of the stream's return: {reader.status()}"
        assert back.reconnects >= 1 and back.last_error is None
        after = reader.wait_frame(before.index, timeout=5)
        assert after is not None and after.index > before.index
        assert after.captured_at > before.captured_at
        assert read_code(after.image) > read_code(before.image)  # a new picture from the returned stream
    finally:
        assert reader.stop(timeout=10)


def test_a_server_that_accepts_and_never_sends():
    with SilentServer() as silent:
        url = silent.url.replace("http://", f"http://{USER}:{SECRET}@")
        reader = CameraReader("cam2", url, CFG).start()
        try:
            # It connects, waits for its open timeout, and tries again: never hangs on the socket.
            assert wait_until(lambda: silent.accepted >= 2, 30), "the reader did not retry"
            st = reader.status()
            assert st.health is CameraHealth.OFFLINE and st.reason is HealthReason.CONNECTING
            assert st.frames == 0 and st.last_frame_at is None
            assert "timed out" in (st.last_error or "") and SECRET not in (st.last_error or "")
            assert reader.latest() is None
            assert reader.wait_frame(timeout=0.3) is None
        finally:
            assert returns_within(lambda: reader.stop(timeout=5), 15), "stop() hung"


def test_a_frozen_stream_is_frozen_and_a_black_one_has_no_signal():
    still = coded_frame(4242)
    black = np.zeros((180, 320, 3), np.uint8)
    with MjpegServer([still], fps=10) as frozen_srv, MjpegServer([black], fps=10) as black_srv:
        frozen = CameraReader("frozen", frozen_srv.url, CFG).start()
        dark = CameraReader("dark", black_srv.url, CFG).start()
        try:
            st = wait_until(health_is(frozen, CameraHealth.FROZEN), 25)
            assert st is not None, frozen.status()
            assert st.reason is HealthReason.FROZEN and st.frames > 1
            assert st.last_frame_at is not None and st.since < st.last_frame_at  # frames still arrive
            st = wait_until(health_is(dark, CameraHealth.FROZEN), 20)
            assert st is not None, dark.status()
            assert st.reason is HealthReason.NO_SIGNAL
        finally:
            assert stop_readers([frozen, dark], timeout=10)


def test_only_the_newest_frame_is_kept():
    """A slow consumer gets the newest frame, not the next one in a queue: latency never grows."""
    fast = MjpegServer(lambda i: coded_frame(i), fps=25).start()
    reader = CameraReader("cam3", fast.url, ReaderConfig(decode_fps=None, offline_after_s=5)).start()
    try:
        first = reader.wait_frame(-1, timeout=20)
        assert first is not None
        slept_from = fast.frames_sent
        time.sleep(2.0)  # the consumer is busy; 50 frames go by
        newest = reader.latest()
        sent = fast.frames_sent
        assert newest is not None
        shown = read_code(newest.image)
        assert shown >= slept_from + 25  # a queue would still hand out ~ slept_from + 1
        assert sent - shown <= 25  # at most about a second behind the server, however long we slept
        assert newest.index > first.index
    finally:
        reader.stop(timeout=10)
        fast.stop()


def _unblock_fifo(path: Path) -> None:
    """Open the FIFO for writing and close it: every reader stuck in open() gets EOF."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:  # no reader waiting right now
        return
    os.close(fd)


def test_a_call_stuck_inside_opencv_is_abandoned_not_waited_for(tmp_path):
    """Opening a FIFO blocks inside FFmpeg's open(2), past OpenCV's timeout: a real hang."""
    fifo = tmp_path / "camera.fifo"
    os.mkfifo(fifo)
    cfg = ReaderConfig(
        offline_after_s=1.0, open_timeout_s=0.5, read_timeout_s=0.5, hang_grace_s=0.5,
        backoff_initial_s=0.1, backoff_max_s=0.2, max_abandoned=2,
    )
    reader = CameraReader("stuck", str(fifo), cfg).start()
    try:
        st = wait_until(lambda: (s := reader.status()).abandoned_captures >= 2 and s, 30)
        assert st is not None, reader.status()
        assert st.health is CameraHealth.OFFLINE
        assert "hung" in (st.last_error or "")
        time.sleep(1.5)
        # Two threads are stuck: no third one is thrown after them.
        assert reader.status().abandoned_captures == 2
        assert returns_within(lambda: reader.stop(timeout=1), 10), "stop() waited for a stuck thread"
    finally:
        reader.request_stop()
        # Release the stuck threads so the test leaves nothing behind.
        gone = wait_until(
            lambda: (_unblock_fifo(fifo), not any(t.name.startswith("capture-stuck") for t in threading.enumerate()))[1],
            30, step=0.2,
        )
        assert gone, [t.name for t in threading.enumerate()]


def test_a_video_file_as_a_camera_plays_in_real_time_and_loops(tmp_path):
    video = tmp_path / "loop.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 10, (320, 180))
    for i in range(20):  # 2 s of video
        writer.write(coded_frame(i))
    writer.release()
    reader = CameraReader("file", str(video), CFG).start()
    try:
        codes: list[int] = []
        last = -1

        def looped() -> bool:
            nonlocal last
            frame = reader.wait_frame(last, timeout=1)
            if frame is not None:
                last = frame.index
                codes.append(read_code(frame.image))
            return any(b < a for a, b in zip(codes, codes[1:]))

        assert wait_until(looped, 20), codes
        st = reader.status()
        assert st.health is CameraHealth.ONLINE
        assert st.last_error is None and st.reconnects == 0  # the end of a file camera is not a drop
        # Played, not raced through: ≥ 2 s of video went by before it wrapped, so
        # far fewer than 20 frames per wall second (a race would decode hundreds).
        assert len(codes) < 60
    finally:
        reader.stop(timeout=10)


def test_credentials_never_reach_logs_errors_or_stderr(caplog, capfd, tmp_path):
    caplog.set_level(logging.DEBUG)
    refused = f"rtsp://{USER}:{SECRET}@127.0.0.1:1/Streaming/Channels/101"
    http_refused = f"http://{USER}:{SECRET}@127.0.0.1:1/video.mjpg"
    errors: list[str] = []
    for url in (refused, http_refused):
        with pytest.raises(SourceOpenError) as info:
            open_capture(url, CaptureTimeouts(open_s=1, read_s=1))
        errors.append(str(info.value))
        assert info.value.__cause__ is None and info.value.__context__ is None
        assert "***@127.0.0.1:1" in str(info.value)
    readers = [CameraReader(f"c{i}", url, CFG).start() for i, url in enumerate((refused, http_refused))]
    try:
        assert wait_until(lambda: all(r.status().last_error for r in readers), 15)
        statuses = [r.status() for r in readers]
    finally:
        stop_readers(readers, timeout=10)
    out, err = capfd.readouterr()
    for text in [caplog.text, out, err, *errors, *map(repr, statuses), *(s.last_error or "" for s in statuses)]:
        assert SECRET not in text and f"{USER}:" not in text
    assert "***@127.0.0.1:1" in caplog.text  # the logs still say which camera it was
    assert statuses[0].source == "rtsp://***@127.0.0.1:1/Streaming/Channels/101"


def test_reader_for_a_sites_camera_takes_its_thresholds_and_hides_its_password():
    from domain.sites import CameraConfig
    from vision.sources import reader_for_camera

    camera = CameraConfig.model_validate({
        "id": "cam9", "source": f"rtsp://{USER}:{SECRET}@10.0.0.9/stream1", "unit": "Phường Chi Lăng",
        "offline_after_s": 7, "frozen_after_s": 45,
        "desks": [{"id": "d9", "staff_zone": [[0.1, 0.3], [0.4, 0.3], [0.4, 0.75]]}],
    })
    reader = reader_for_camera(camera, CFG)
    assert (reader.camera_id, reader.config.offline_after_s, reader.config.frozen_after_s) == ("cam9", 7, 45)
    assert reader.config.open_timeout_s == CFG.open_timeout_s  # the rest comes from the given config
    assert reader.redacted == "rtsp://***@10.0.0.9/stream1"
    st = reader.status()  # not started: connecting
    assert st.health is CameraHealth.OFFLINE and st.reason is HealthReason.CONNECTING and SECRET not in repr(st)
