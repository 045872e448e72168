"""One live reader per camera: newest frame only, timeouts, reconnects, health, a watchdog.

Shape:

* A capture thread opens the source and grabs frames as fast as the source sends
  them, so the network/decoder buffer never fills and latency never grows. Only
  the newest frame is kept; it is converted to BGR at most `decode_fps` times a
  second (grab() without retrieve() in between is cheap).
* Open and read use OpenCV's timeouts. After a drop the thread reconnects with
  exponential backoff (`backoff_initial_s` … `backoff_max_s`).
* A watchdog thread looks at how long the capture thread has been inside one
  OpenCV call. If a call outlives its timeout by `hang_grace_s` (a driver or
  FFmpeg that ignores the interrupt), the thread is abandoned: it is a daemon,
  its generation is retired so whatever it returns later is released and
  dropped, and a fresh capture thread takes over. Nothing waits on the stuck
  call, so neither the worker nor shutdown can hang on it.
* Health comes from `HealthTracker` (ONLINE / OFFLINE / FROZEN) and is read
  with `status()` at any time.

The source's credentials never leave this module: logs, errors and the status
carry `redacted_source(source)` only.
"""
from __future__ import annotations

import datetime as dt
import logging
import math
import threading
import time
from dataclasses import dataclass, replace
from typing import Callable, Protocol, TypeVar

import cv2

from domain.redaction import redacted_source
from domain.states import CameraHealth
from vision.sources.capture import CaptureTimeouts, SourceKind, SourceOpenError, open_capture, source_kind
from vision.sources.health import HealthConfig, HealthReason, HealthTracker
from vision.types import Frame

log = logging.getLogger("vision.sources")

T = TypeVar("T")


class CameraLike(Protocol):
    """What a reader needs from a sites-file camera (domain.sites.CameraConfig)."""

    id: str
    source: str | int
    offline_after_s: float
    frozen_after_s: float


@dataclass(frozen=True)
class ReaderConfig:
    offline_after_s: float = 10.0
    frozen_after_s: float = 30.0
    open_timeout_s: float = 10.0
    read_timeout_s: float = 5.0
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 5.0
    hang_grace_s: float = 5.0  # a call this long past its timeout counts as hung
    decode_fps: float | None = 5.0  # BGR conversions per second; None: every frame
    realtime_files: bool = True  # a video file used as a camera plays at its fps and loops
    decoder_threads: int | None = 1
    max_abandoned: int = 3  # stuck threads tolerated before new attempts wait for one to end
    watchdog_interval_s: float = 0.25

    def health_config(self) -> HealthConfig:
        return HealthConfig(offline_after_s=self.offline_after_s, frozen_after_s=self.frozen_after_s)


@dataclass(frozen=True)
class CameraStatus:
    camera_id: str
    source: str  # redacted
    health: CameraHealth
    reason: HealthReason
    since: dt.datetime  # UTC: when the current condition began
    last_frame_at: dt.datetime | None  # UTC
    frames: int  # decoded frames since start
    reconnects: int  # successful opens after the source was lost (a looping file camera is not lost)
    abandoned_captures: int  # capture threads given up on by the watchdog
    last_error: str | None  # redacted


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class CameraReader:
    """Reads one camera in the background. Use `start()`/`stop()` or a `with` block."""

    def __init__(
        self,
        camera_id: str,
        source: str | int,
        config: ReaderConfig = ReaderConfig(),
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.camera_id = camera_id
        self.config = config
        self._source = source
        self.redacted = redacted_source(source)
        self._kind = source_kind(source)
        self._clock = clock
        self._lock = threading.Lock()
        self._new_frame = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._tracker = HealthTracker(config.health_config(), started_at=clock())
        self._gen = 0
        self._blocking: dict[int, tuple[str, float]] = {}  # generation → (operation, started)
        self._thread: threading.Thread | None = None
        self._watchdog: threading.Thread | None = None
        self._abandoned: list[threading.Thread] = []
        self._abandoned_total = 0
        self._frame: Frame | None = None
        self._frames = 0
        self._opens = 0
        self._reconnects = 0
        self._dropped = False  # the source was lost after having been open: the next open is a reconnect
        self._last_error: str | None = None
        self._needs_thread = False

    # ── lifecycle ────────────────────────────────────────────────────────────
    def start(self) -> "CameraReader":
        with self._lock:
            if self._watchdog is not None:
                return self
            self._tracker = HealthTracker(self.config.health_config(), started_at=self._clock())
            self._spawn_locked()
            self._watchdog = threading.Thread(
                target=self._watch, name=f"watchdog-{self.camera_id}", daemon=True
            )
        self._watchdog.start()
        log.info("camera %s: reading %s", self.camera_id, self.redacted)
        return self

    def request_stop(self) -> None:
        """Ask the threads to end; returns at once (see `join`)."""
        self._stop.set()
        with self._lock:
            self._gen += 1  # whatever is in flight is released when it returns
            self._new_frame.notify_all()

    def join(self, timeout: float) -> bool:
        """Wait up to `timeout` for the threads; False if one is still inside OpenCV (it is a daemon)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            threads = [t for t in (self._thread, self._watchdog) if t is not None]
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in threads)

    def stop(self, timeout: float = 2.0) -> bool:
        """Stop reading. Returns within about `timeout` even if OpenCV is stuck."""
        self.request_stop()
        return self.join(timeout)

    def __enter__(self) -> "CameraReader":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ── reading ──────────────────────────────────────────────────────────────
    def latest(self) -> Frame | None:
        """The newest decoded frame (the same object until a newer one arrives)."""
        with self._lock:
            return self._frame

    def wait_frame(self, after_index: int = -1, timeout: float = 1.0) -> Frame | None:
        """Block until a frame newer than `after_index` exists; None on timeout or stop."""
        deadline = time.monotonic() + timeout
        with self._new_frame:
            while not self._stop.is_set():
                if self._frame is not None and self._frame.index > after_index:
                    return self._frame
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._new_frame.wait(left)
        return None

    def status(self) -> CameraStatus:
        with self._lock:
            now = self._clock()
            snap = self._tracker.snapshot(now)
            wall = _utcnow()

            def to_wall(t: float) -> dt.datetime:
                return wall - dt.timedelta(seconds=max(0.0, now - t))

            return CameraStatus(
                camera_id=self.camera_id,
                source=self.redacted,
                health=snap.health,
                reason=snap.reason,
                since=to_wall(snap.since),
                last_frame_at=None if snap.last_frame_at is None else to_wall(snap.last_frame_at),
                frames=self._frames,
                reconnects=self._reconnects,
                abandoned_captures=self._abandoned_total,
                last_error=self._last_error,
            )

    # ── capture thread ───────────────────────────────────────────────────────
    def _spawn_locked(self) -> None:
        gen = self._gen
        self._thread = threading.Thread(
            target=self._capture, args=(gen,), name=f"capture-{self.camera_id}-{gen}", daemon=True
        )
        self._thread.start()
        self._needs_thread = False

    def _current(self, gen: int) -> bool:
        return not self._stop.is_set() and gen == self._gen

    def _call(self, gen: int, operation: str, fn: Callable[[], T]) -> T:
        """Run one OpenCV call that may block, visible to the watchdog."""
        with self._lock:
            self._blocking[gen] = (operation, self._clock())
        try:
            return fn()
        finally:
            with self._lock:
                self._blocking.pop(gen, None)

    def _note_error(self, gen: int, message: str) -> None:
        with self._lock:
            if gen != self._gen:
                return
            changed = message != self._last_error
            self._last_error = message
        if changed:
            log.warning("camera %s: %s", self.camera_id, message)

    def _capture(self, gen: int) -> None:
        try:
            self._capture_loop(gen)
        except Exception as exc:  # a bug must not kill the camera for good: the watchdog restarts it
            self._note_error(gen, f"lỗi đọc camera (reader error): {type(exc).__name__}")
            log.exception("camera %s: capture thread failed", self.camera_id)

    def _capture_loop(self, gen: int) -> None:
        cfg = self.config
        timeouts = CaptureTimeouts(open_s=cfg.open_timeout_s, read_s=cfg.read_timeout_s)
        backoff = cfg.backoff_initial_s
        while self._current(gen):
            try:
                cap = self._call(gen, "open", lambda: open_capture(self._source, timeouts, cfg.decoder_threads))
            except SourceOpenError as exc:
                with self._lock:
                    self._dropped = self._dropped or self._opens > 0
                self._note_error(gen, str(exc))
                self._stop.wait(backoff)
                backoff = min(backoff * 2, cfg.backoff_max_s)
                continue
            if not self._current(gen):
                cap.release()
                return
            with self._lock:
                reopened = self._dropped
                self._reconnects += int(reopened)
                self._dropped = False
                self._opens += 1
                self._tracker.restart()
            if reopened:
                log.info("camera %s: reconnected to %s", self.camera_id, self.redacted)
            got, reason = self._read(gen, cap)
            self._call(gen, "release", cap.release)
            if not self._current(gen):
                return
            if got:
                backoff = cfg.backoff_initial_s
            if reason == "eof" and self._kind is SourceKind.FILE and got:
                continue  # a file camera loops: not a drop
            with self._lock:
                self._dropped = True
            self._note_error(gen, f"mất tín hiệu camera (stream dropped: {reason}): {self.redacted}")
            self._stop.wait(backoff)
            backoff = min(backoff * 2, cfg.backoff_max_s)

    def _read(self, gen: int, cap: cv2.VideoCapture) -> tuple[bool, str]:
        """Grab until the stream ends; returns (whether any frame came, why it ended)."""
        cfg = self.config
        decode_period = 0.0 if not cfg.decode_fps else 1.0 / cfg.decode_fps
        pace = self._kind is SourceKind.FILE and cfg.realtime_files
        fps = cap.get(cv2.CAP_PROP_FPS)
        frame_period = 1.0 / fps if fps and math.isfinite(fps) and 0 < fps <= 240 else 1.0 / 25
        next_decode = -math.inf
        played = 0
        play_start = self._clock()
        got = False
        while self._current(gen):
            if not self._call(gen, "read", cap.grab):
                return got, "eof" if self._kind is SourceKind.FILE else "read failed or timed out"
            if not self._current(gen):
                return got, "stopped"
            now = self._clock()
            captured = _utcnow()
            got = True
            with self._lock:
                self._tracker.frame_arrived(now)
            if now >= next_decode:
                ok, image = cap.retrieve()
                if ok and image is not None:
                    next_decode = max(next_decode + decode_period, now) if decode_period else now
                    with self._lock:
                        if gen != self._gen:
                            return got, "stopped"
                        self._tracker.frame_seen(now, image)
                        self._frame = Frame(self.camera_id, captured, image, self._frames)
                        self._frames += 1
                        if self._last_error is not None:
                            self._last_error = None
                        self._new_frame.notify_all()
            if pace:
                played += 1
                delay = play_start + played * frame_period - self._clock()
                if delay > 0:
                    self._stop.wait(delay)
        return got, "stopped"

    # ── watchdog ─────────────────────────────────────────────────────────────
    def _watch(self) -> None:
        cfg = self.config
        while not self._stop.wait(cfg.watchdog_interval_s):
            with self._lock:
                if self._stop.is_set():
                    return
                self._abandoned = [t for t in self._abandoned if t.is_alive()]
                stuck = self._stuck_locked()
                if stuck is not None:
                    self._abandon_locked(stuck)
                elif self._thread is not None and not self._thread.is_alive():
                    self._needs_thread = True  # crashed: start again
                if self._needs_thread and len(self._abandoned) < cfg.max_abandoned:
                    self._gen += 1
                    self._spawn_locked()

    def _stuck_locked(self) -> str | None:
        entry = self._blocking.get(self._gen)
        if entry is None:
            return None
        operation, started = entry
        cfg = self.config
        limit = (cfg.open_timeout_s if operation == "open" else cfg.read_timeout_s) + cfg.hang_grace_s
        return operation if self._clock() - started > limit else None

    def _abandon_locked(self, operation: str) -> None:
        self._gen += 1  # the stuck thread's results are dropped whenever it returns
        if self._thread is not None:
            self._abandoned.append(self._thread)
        self._abandoned_total += 1
        self._dropped = self._dropped or self._opens > 0
        self._last_error = f"OpenCV bị treo khi {operation} (capture hung in {operation}): {self.redacted}"
        self._needs_thread = True
        log.warning("camera %s: %s; starting a new capture thread", self.camera_id, self._last_error)


def reader_for_camera(camera: "CameraLike", config: ReaderConfig | None = None) -> CameraReader:
    """A reader for a sites-file camera, with its offline/frozen thresholds."""
    base = config or ReaderConfig()
    cfg = replace(base, offline_after_s=camera.offline_after_s, frozen_after_s=camera.frozen_after_s)
    return CameraReader(camera.id, camera.source, cfg)


def stop_readers(readers: "list[CameraReader]", timeout: float = 2.0) -> bool:
    """Stop many readers with one shared deadline (not `timeout` each)."""
    for r in readers:
        r.request_stop()
    deadline = time.monotonic() + timeout
    return all([r.join(max(0.0, deadline - time.monotonic())) for r in readers])
