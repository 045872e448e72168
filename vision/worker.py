"""The live worker: `python -m vision run --sites sites.yaml [--db URL]`.

Shape (one process):

* one `CameraReader` per enabled camera (vision.sources): newest frame only, timeouts,
  reconnects, health, its own watchdog that abandons a capture stuck inside OpenCV;
* one analysis loop: every camera is due every ``1 / sample_fps`` seconds (staggered);
  the cameras due together whose picture moved go through the detector in one batch;
  the desks' state machines advance on every due tick, moved or not;
* closed presence and camera-health intervals and compliance rows are handed to a writer
  thread as they close (vision.store_queue): the loop never waits on the store, a store
  that is down or stalled (bounded by vision.store_link's timeouts) keeps them held and
  retried in order, and the worker warns within ``warn_after_s`` (`WorkerStats.store_behind`);
* a checkpoint per camera every few seconds (with what the writer still holds), so a crash
  loses at most the open interval: on start, `recover()` closes it at the last heartbeat and
  records the gap until now as OFFLINE (always-open hours under ``--always-open``);
* the newest annotated, face-blurred JPEG and the desk states per camera for the live
  page (vision.publish), pictures at most every ``image_every_s`` while a dashboard
  watches the camera (its heartbeat in the live dir), else every ``keepalive_every_s``;
* SIGINT / SIGTERM: stop, close every open interval, write, clear the checkpoints;
* ``--from-store``: cameras and desks come from the store and change while it runs:
  the config revision is polled every ``reload_every_s`` (vision/reload.py).

A camera whose tick slipped more than one period is counted as late and re-scheduled
from now (no backlog builds up); `WorkerStats` says how often that happened.
"""
from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from domain.office_hours import Schedule
from domain.sites import CameraConfig, SitesConfig
from domain.states import CameraHealth
from vision.camera_set import CameraSet, CameraStats, RunningCamera
from vision.detection.person import PersonDetector
from vision.motion import MotionConfig
from vision.paths import VAR_DIR
from vision.pipeline import CameraPipeline
from vision.privacy import FrameFaces
from vision.publish import Publisher
from vision.sources import CameraStatus, ReaderConfig, reader_for_camera
from vision.store_link import StoreTimeouts, worker_engine
from vision.store_queue import BackgroundWriter, StoreLag
from vision.store_writer import StoreWriter
from vision.types import Detections, Frame

if TYPE_CHECKING:
    from vision.store_sites import StoreSelection

log = logging.getLogger("vision.worker")


@dataclass(frozen=True)
class WorkerOptions:
    db_url: str | None = None  # None: DATABASE_URL or var/monitor.db
    live_dir: Path = VAR_DIR / "live"
    state_dir: Path = VAR_DIR / "worker"
    duration_s: float | None = None  # stop by itself after this long (tests, demos)
    image_every_s: float = 5.0  # a camera's published picture is refreshed at most this often
    still_image_every_s: float = 30.0  # … and this often while nothing moves
    # While no dashboard watches a camera (domain.live heartbeat), its picture only this often.
    keepalive_every_s: float | None = 60.0
    checkpoint_every_s: float = 5.0
    reader: ReaderConfig = field(default_factory=ReaderConfig)
    motion: MotionConfig | None = field(default_factory=MotionConfig)
    publish: bool = True
    max_batch: int = 8
    reload_every_s: float = 3.0  # a --from-store worker polls the config revision this often
    always_open: bool = False  # every hour is office hours (the demo worker plays its scenes around the clock)
    purge_every_s: float | None = 3600.0  # retention purge (data.retention) this often; None = never
    store: StoreTimeouts = field(default_factory=StoreTimeouts)  # how long any wait on the store may last

    def with_live_dir(self, path: Path) -> "WorkerOptions":
        return replace(self, live_dir=Path(path))

    def with_state_dir(self, path: Path) -> "WorkerOptions":
        return replace(self, state_dir=Path(path))


@dataclass
class WorkerStats:
    started_at: float = 0.0
    stopped_at: float = 0.0
    loop_busy_s: float = 0.0
    detector_s: float = 0.0
    cameras: dict[str, CameraStats] = field(default_factory=dict)
    store_behind: bool = False  # the writer holds rows older than StoreTimeouts.warn_after_s right now
    store_warnings: int = 0  # how many times it fell behind
    store: StoreLag | None = None  # the writer's last reported state

    @property
    def ticks(self) -> int:
        return sum(c.ticks for c in self.cameras.values())

    @property
    def late_ticks(self) -> int:
        return sum(c.late_ticks for c in self.cameras.values())

    @property
    def max_lag_s(self) -> float:
        return max((c.max_lag_s for c in self.cameras.values()), default=0.0)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Worker:
    """Runs every enabled camera of a sites file until stopped."""

    def __init__(
        self,
        sites: SitesConfig,
        options: WorkerOptions = WorkerOptions(),
        *,
        detector: PersonDetector | None = None,
        publisher: Publisher | None = None,
        from_store: "StoreSelection | None" = None,
    ) -> None:
        """``from_store``: cameras and desks come from the store (``sites`` gives only the
        top-level settings) and are reloaded whenever the config revision changes."""
        self.sites = sites
        self.options = options
        self._detector = detector
        self._publisher = publisher
        self._stop = threading.Event()
        self.stats = WorkerStats()
        self.cameras = CameraSet()  # changed only through its methods (start-up, vision/reload.py, the stop)
        self.from_store = from_store
        self.revision: int | None = None  # config revision applied (from-store workers)
        self.store_path: str | None = None  # the unit subtree a from-store worker watches (None = all)
        self.store_queue: BackgroundWriter | None = None  # set by run(): every store write goes through it
        self._store_warned_at: float | None = None

    @property
    def publisher(self) -> Publisher | None:
        """The live-view publisher (made by run() unless one was given)."""
        return self._publisher

    # ── control ──────────────────────────────────────────────────────────────
    def stop(self) -> None:
        """Ask the loop to end (thread-safe; also what SIGINT/SIGTERM do)."""
        self._stop.set()

    def _install_signals(self) -> list[tuple[int, object]]:
        if threading.current_thread() is not threading.main_thread():
            return []
        old = []
        for sig in (signal.SIGINT, signal.SIGTERM):
            old.append((sig, signal.getsignal(sig)))
            signal.signal(sig, lambda *_: self.stop())
        return old

    # ── the run ──────────────────────────────────────────────────────────────
    def run(self) -> int:
        opts = self.options
        if (self.from_store is None or self.from_store.sites is not None) and not self.sites.enabled_cameras():
            log.warning("không có camera nào được bật (no enabled camera in the sites file)")
            return 0
        engine = worker_engine(opts.db_url, opts.store)
        if self.from_store is None:
            writer = StoreWriter(engine, self.sites, opts.state_dir, always_open=opts.always_open)
        else:
            from vision.reload import first_load  # noqa: PLC0415

            writer = first_load(self, engine)
        writer.sync()
        self.sites = writer.sites  # a sites file's cameras now open the store's source (the file may redact it)
        cameras = self.sites.enabled_cameras()
        _warn_evidence_outside_served_root(self.sites)
        now = _utcnow()
        report = writer.recover(now)
        if report.cameras_with_checkpoint or report.presence_rows:
            log.info("recovered after a stop: %d presence rows, %d health rows; resuming at %s",
                     report.presence_rows, report.health_rows, report.resume_at.isoformat())
        if self._detector is None:
            d = self.sites.detector
            self._detector = PersonDetector(
                Path(d.weights) if d.weights else None, conf=d.conf, iou=d.iou, imgsz=d.imgsz, device=d.device
            )
        log.info("person detector: %s", self._detector.describe())
        faces = FrameFaces()  # one face search per frame, shared by the live picture and evidence
        if opts.publish and self._publisher is None:
            self._publisher = Publisher(opts.live_dir, image_every_s=opts.image_every_s, tz=self.sites.tz,
                                        frame_faces=faces, still_image_every_s=opts.still_image_every_s,
                                        keepalive_every_s=opts.keepalive_every_s)
        self._reader_cfg, self._faces = opts.reader, faces
        start_mono = time.monotonic()
        for k, cam in enumerate(cameras):
            # Stagger the cameras over one period so their inferences do not all land together.
            self.cameras.add(self.open_camera(
                cam, writer, report.resume_at, start_mono + self.period_of(cam) * (1 + k / len(cameras))))
        write_engine = worker_engine(opts.db_url, opts.store, writer=True, migrate=False)
        queue = self.store_queue = BackgroundWriter(writer, opts.store, engine=write_engine).start()
        old_signals = self._install_signals()
        for c in self.cameras:
            c.reader.start()
        self.stats.started_at = time.monotonic()
        deadline = None if opts.duration_s is None else self.stats.started_at + opts.duration_s
        next_poll = time.monotonic() + opts.reload_every_s
        from data.retention.schedule import PurgeSchedule  # noqa: PLC0415

        purges = None if not opts.purge_every_s else PurgeSchedule(engine, opts.live_dir, opts.purge_every_s)
        try:
            while not self._stop.is_set():
                if purges is not None:
                    purges.tick()  # old live frames and evidence past retention, in a background thread
                if deadline is not None and time.monotonic() >= deadline:
                    break
                self._watch_store(queue)
                if self.from_store is not None and time.monotonic() >= next_poll:
                    from vision.reload import reload_if_changed  # noqa: PLC0415

                    if not self.stats.store_behind:  # a stalled store is not asked for its configuration
                        reload_if_changed(self, writer)  # type: ignore[arg-type]
                    next_poll = time.monotonic() + opts.reload_every_s
                next_due = self.cameras.next_due()
                if next_due is None:
                    self._stop.wait(0.5)
                    continue
                wait = next_due - time.monotonic()
                if wait > 0:
                    self._stop.wait(min(wait, 0.5))
                    continue
                busy = time.monotonic()
                self._tick(self.cameras.due(busy), writer, queue)
                self.stats.loop_busy_s += time.monotonic() - busy
        finally:
            self.stats.stopped_at = time.monotonic()
            self._shutdown(writer, queue)
            for sig, handler in old_signals:
                signal.signal(sig, handler)  # type: ignore[arg-type]
            engine.dispose()
            write_engine.dispose()
        return 0

    def open_camera(self, cam: CameraConfig, writer: StoreWriter, start: dt.datetime, due: float) -> RunningCamera:
        """A camera's reader (not started yet), pipeline and stats, its state machines starting at `start`."""
        fps = self.sites.sample_fps_for(cam)
        reader = reader_for_camera(cam, replace(self._reader_cfg,
                                                decode_fps=max(self._reader_cfg.decode_fps or 0.0, 2.0 * fps)))
        pipe = CameraPipeline(cam, self.sites, self.hours_for(writer, cam.id), start, motion=self.options.motion,
                              compliance=self.tracker_for(writer, cam))
        stats = self.stats.cameras.setdefault(cam.id, CameraStats())
        return RunningCamera(cam, reader, pipe, due, stats)

    def period_of(self, cam: CameraConfig) -> float:
        """Seconds between two analysed frames of the camera (its unit's sample_fps from the store)."""
        return 1.0 / self.sites.sample_fps_for(cam)

    def hours_for(self, writer: StoreWriter, camera_id: str) -> Schedule:
        return writer.schedule_for(camera_id)  # always open under --always-open, as recovery

    def tracker_for(self, writer: StoreWriter, cam: CameraConfig):
        """The camera's tracker: its dress-code rules if any, and always the absence incidents' pictures."""
        from vision.compliance.stage import ComplianceTracker, incidents_only  # noqa: PLC0415

        rules = writer.compliance_for(cam.id)
        return ComplianceTracker(cam, rules if rules is not None else incidents_only(), incident_min_s=self.sites.presence_for(cam).incident_min_s,
                                 timezone=self.sites.timezone, frame_faces=self._faces)

    def _watch_store(self, queue: BackgroundWriter) -> None:
        """Warn within seconds when the writer falls behind (and every 30 s while it stays behind)."""
        lag = self.stats.store = queue.status()
        now = time.monotonic()
        if lag.behind:
            if not self.stats.store_behind:
                self.stats.store_warnings += 1
            self.stats.store_behind = True
            if self._store_warned_at is None or now - self._store_warned_at >= 30.0:
                self._store_warned_at = now
                log.warning("kho dữ liệu không ghi kịp (store behind): %d rows held for %.0f s, %d failed attempts, "
                            "last error %s; the analysis goes on and keeps them", lag.unwritten, lag.oldest_s,
                            lag.failures, lag.last_error or "-")
        elif self.stats.store_behind:
            self.stats.store_behind, self._store_warned_at = False, None
            log.info("kho dữ liệu đã ghi kịp (store caught up)")

    def _tick(self, due: list[RunningCamera], writer: StoreWriter, queue: BackgroundWriter) -> None:
        """Analyse every camera that is due: batch the detector over those whose picture moved."""
        now_mono = time.monotonic()
        work: list[tuple[RunningCamera, CameraStatus, Frame | None, bool]] = []
        for c in due:
            period = self.period_of(c.config)
            lag = now_mono - c.due
            c.stats.ticks += 1
            c.stats.max_lag_s = max(c.stats.max_lag_s, lag)
            if lag > period:
                c.stats.late_ticks += 1
                c.due = now_mono + period  # re-schedule from now: never queue up a backlog
            else:
                c.due += period
            status = c.reader.status()
            frame = c.reader.latest()
            health = status.health
            if frame is None:
                health = CameraHealth.OFFLINE if health is CameraHealth.ONLINE else health
            infer = False
            if frame is not None and health is CameraHealth.ONLINE:
                # A frame analysed already and still the newest: nothing new to look at.
                fresh = frame.index != c.last_index
                infer = fresh and c.pipeline.needs_inference(frame.image, now_mono, health)
            else:
                c.pipeline.needs_inference(None, now_mono, health)  # type: ignore[arg-type]
                c.stats.frames_missing += 1
            work.append((c, status, frame, infer))
        to_infer = [(c, f) for c, _, f, infer in work if infer and f is not None]
        results: dict[str, Detections] = {}
        for i in range(0, len(to_infer), self.options.max_batch):
            chunk = to_infer[i : i + self.options.max_batch]
            t0 = time.perf_counter()
            dets = self._detector.detect_batch([f.image for _, f in chunk])  # type: ignore[union-attr]
            self.stats.detector_s += time.perf_counter() - t0
            for (c, _), d in zip(chunk, dets):
                results[c.config.id] = d
                c.stats.inferences += 1
        at = _utcnow()
        presence, health_iv = [], []
        judged, closed_runs, absences, passes = [], [], [], []
        for c, status, frame, _ in work:
            health = status.health if frame is not None else (
                CameraHealth.OFFLINE if status.health is CameraHealth.ONLINE else status.health
            )
            shape = frame.image.shape if frame is not None else (1, 1, 3)
            res = c.pipeline.step(
                at, shape, health, status.since, results.get(c.config.id),
                image=frame.image if frame is not None and c.pipeline.compliance is not None else None,
            )
            if res.compliance is not None:
                judged.extend(res.compliance.observations)
                closed_runs.extend(res.compliance.closed)
                absences.extend(res.compliance.incidents)
                passes.extend(res.compliance.pass_samples)
            if frame is not None:
                c.last_index = frame.index
            presence.extend(res.presence)
            health_iv.extend(res.health)
            if self._publisher is not None:
                try:
                    self._publisher.publish(
                        c.config, status=status, states=c.pipeline.desk_states(),
                        frame=frame if health is CameraHealth.ONLINE else None,
                        detections=res.detections, now=at, moved=res.analysed,
                        blur_staff_faces=c.pipeline.compliance.config.blur_staff_faces
                        if c.pipeline.compliance is not None else True,
                    )
                except OSError as exc:
                    log.warning("camera %s: cannot publish the live view: %s", c.config.id, exc)
        if presence or health_iv or judged or closed_runs or absences or passes:
            queue.submit(presence, health_iv, judged, closed_runs, absences, passes)  # never waits on the store
        for c, *_ in work:
            if now_mono - c.last_checkpoint >= self.options.checkpoint_every_s:
                self._checkpoint(c, at, writer, queue)
                c.last_checkpoint = now_mono

    @staticmethod
    def _checkpoint(c: RunningCamera, at: dt.datetime, writer: StoreWriter, queue: BackgroundWriter) -> None:
        states = c.pipeline.desk_machine_states
        held = queue.unwritten_for(c.config.id, [st.desk_id for st in states])
        writer.checkpoint(c.config.id, at, states, c.pipeline.health_state, held)

    def _shutdown(self, writer: StoreWriter, queue: BackgroundWriter) -> None:
        at = _utcnow()
        stopped = list(self.cameras)
        closed = self.cameras.stop(stopped, at)
        queue.submit(closed.presence, closed.health, runs=closed.runs)
        if queue.close(self.options.store.flush_on_stop_s):
            for c in stopped:
                writer.clear_checkpoint(c.config.id)
            log.info("stopped; open intervals closed at %s", at.isoformat())
        else:
            # Keep what could not be written: the next start recovers it.
            for c in stopped:
                self._checkpoint(c, at, writer, queue)
            lag = queue.status()
            log.error("stopped, but the store is unreachable; %d rows not written, intervals kept in %s",
                      lag.unwritten, writer.state_dir)


def _warn_evidence_outside_served_root(sites: SitesConfig) -> None:
    from data.retention.policy import evidence_dir  # noqa: PLC0415
    from vision.compliance.evidence import roots_outside  # noqa: PLC0415

    served = evidence_dir()
    for root in roots_outside(sites, served):
        log.warning("evidence_dir %s nằm ngoài thư mục bằng chứng %s (MONITOR_EVIDENCE_DIR): pictures written "
                    "there are neither shown on the pages nor deleted by the purge", root, served.resolve())
