"""Replay of recorded footage: presence intervals from a video file, as fast as the machine allows.

The contract other tools call (keep it exact)::

    python -m vision replay VIDEO --sites SITES --camera ID --start ISO8601 --json

The first frame is at ``--start``; frame i at ``start + i / fps`` of the file. Frames are
sampled at the sites file's ``sample_fps``; skipped frames are grabbed, not converted.
Decoding runs in a thread beside inference. Health is judged on the video's own clock:
black / uniform ("no signal") and frozen stretches are OFFLINE, backdated to where they
began, so they never count as ABSENT.
"""
from __future__ import annotations

import datetime as dt
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cv2

from domain.office_hours import Schedule
from domain.records import CameraHealthInterval, ComplianceObservation, PassSample, PresenceInterval
from domain.sites import SitesConfig
from domain.states import CameraHealth
from vision.compliance.stage import AbsenceEvidence, ComplianceTracker
from vision.compliance.window import ComplianceRun
from vision.detection.person import PersonDetector
from vision.motion import MotionConfig, MotionGate
from vision.pipeline import CameraPipeline, compliance_for_replay, schedule_for_replay
from vision.privacy import FaceDetector
from vision.sources import FileSource, HealthConfig, HealthSnapshot, HealthTracker
from vision.types import Frame

_PREFETCH = 16  # decoded frames waiting for the analyser (640×360: ~11 MB)


@dataclass(frozen=True)
class ReplayResult:
    intervals: tuple[PresenceInterval, ...]
    health: tuple[CameraHealthInterval, ...]
    compliance: tuple[ComplianceRun, ...]  # runs of one window verdict per desk and rule
    start: dt.datetime
    end: dt.datetime
    frames_analysed: int  # sampled frames that went through the pipeline
    inferences: int  # of those, frames the detector ran on (the rest: motion gate, outages)
    wall_s: float
    detector_s: float  # time spent inside the detector
    detector: str = ""
    inferred_indexes: tuple[int, ...] = field(default=(), repr=False)  # frame numbers sent to the detector
    compliance_samples: tuple[ComplianceObservation, ...] = field(default=(), repr=False)  # single-frame verdicts
    absence_evidence: tuple[AbsenceEvidence, ...] = ()  # blurred snapshots of absence incidents
    compliance_s: float = 0.0  # time spent judging rules and writing evidence
    pass_samples: tuple[PassSample, ...] = field(default=(), repr=False)  # PASS judgments kept for checking

    @property
    def video_s(self) -> float:
        return (self.end - self.start).total_seconds()

    @property
    def speed(self) -> float:
        """× real time."""
        return self.video_s / self.wall_s if self.wall_s > 0 else float("inf")

    def to_json(self) -> dict:
        """The contract's JSON object."""
        return {
            "intervals": [
                {"desk": i.desk_id, "state": i.state.value, "start": iso(i.start), "end": iso(i.end)}
                for i in self.intervals
            ],
            "compliance": [
                {"desk": c.desk_id, "rule": c.rule, "result": c.result.value, "start": iso(c.start),
                 "end": iso(c.end), "evidence": c.evidence}
                for c in self.compliance
            ],
        }


def iso(t: dt.datetime) -> str:
    """ISO 8601 in UTC with a 'Z', milliseconds only when the instant has them."""
    t = t.astimezone(dt.timezone.utc)
    spec = "milliseconds" if t.microsecond else "seconds"
    return t.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def parse_start(value: str, timezone: str) -> dt.datetime:
    """An ISO 8601 instant; without an offset it is local time in the sites' time zone."""
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    text = value.strip()
    if text.endswith(("z", "Z")):
        text = text[:-1] + "+00:00"
    try:
        t = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"--start '{value}' không phải thời điểm ISO 8601 (not an ISO 8601 time, e.g. 2025-03-03T09:00:00+07:00)"
        ) from None
    if t.tzinfo is None:
        t = t.replace(tzinfo=ZoneInfo(timezone))
    return t.astimezone(dt.timezone.utc)


@dataclass(frozen=True)
class _Sampled:
    frame: Frame
    health: HealthSnapshot
    infer: bool  # the motion gate wants the detector on this frame


def _prefetch(
    source: FileSource, tracker: HealthTracker, gate: MotionGate | None, start: dt.datetime
) -> Iterator[_Sampled]:
    """Decode, judge health and ask the motion gate in a background thread.

    None of it depends on detections, so it overlaps inference (OpenCV and OpenVINO
    release the GIL). The grey picture is made once for both health and motion.
    """
    q: queue.Queue = queue.Queue(maxsize=_PREFETCH)
    done = object()
    stop = threading.Event()

    def produce() -> None:
        try:
            for frame in source:
                t = (frame.captured_at - start).total_seconds()
                grey = cv2.cvtColor(frame.image, cv2.COLOR_BGR2GRAY)
                snap = tracker.frame_seen(t, grey)
                if snap.health is not CameraHealth.ONLINE:
                    if gate is not None:
                        gate.reset()  # the first good picture after an outage is analysed
                    infer = False
                else:
                    infer = True if gate is None else gate.check(grey, t).analyse
                item = _Sampled(frame, snap, infer)
                while not stop.is_set():
                    try:
                        q.put(item, timeout=0.2)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            q.put(done)
        except BaseException as exc:  # handed to the consumer, raised there
            q.put(exc)

    thread = threading.Thread(target=produce, name="replay-decode", daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)


def replay_video(
    video: str | Path,
    sites: SitesConfig,
    camera_id: str,
    start: dt.datetime,
    *,
    detector: PersonDetector | None = None,
    schedule: Schedule | None = None,
    store_url: str | None = None,
    progress: bool = True,
    motion: MotionConfig | None = MotionConfig(),
    batch: int = 4,
    face_detector: FaceDetector | None = None,
    evidence_root: Path | None = None,
) -> ReplayResult:
    """Presence intervals of every desk of ``camera_id`` over the whole video.

    ``batch`` frames that need the detector go to it together (in parallel streams).
    """
    t0 = time.perf_counter()
    camera = sites.camera(camera_id)
    if schedule is None:
        schedule = schedule_for_replay(sites, camera, store_url)
    if detector is None:
        d = sites.detector
        detector = PersonDetector(
            Path(d.weights) if d.weights else None, conf=d.conf, iou=d.iou, imgsz=d.imgsz, device=d.device
        )
    source = FileSource(video, camera_id, start, sample_fps=sites.sample_fps_for(camera))
    start = source.start
    tracker = HealthTracker(
        HealthConfig(offline_after_s=camera.offline_after_s, frozen_after_s=camera.frozen_after_s), started_at=0.0
    )
    # Dress code: judged when the sites file (or the unit's store rules) has a compliance block.
    rules = compliance_for_replay(sites, camera, store_url)
    tracker_c = None
    if rules is not None:
        tracker_c = ComplianceTracker(
            camera, rules, incident_min_s=sites.presence_for(camera).incident_min_s, timezone=sites.timezone,
            face_detector=face_detector, evidence_root=evidence_root,
        )
    # The gate and the health tracker run in the decoding thread (see _prefetch).
    pipe = CameraPipeline(camera, sites, schedule, start, motion=None, compliance=tracker_c)
    gate = MotionGate(motion) if motion is not None else None
    intervals: list[PresenceInterval] = []
    health: list[CameraHealthInterval] = []
    inferred: list[int] = []
    detector_s = 0.0
    samples: list[ComplianceObservation] = []
    last_t = None
    bar = None
    if progress:
        from tqdm import tqdm  # noqa: PLC0415

        bar = tqdm(total=source.expected_samples(), unit="khung", desc=f"replay {camera_id}", leave=False,
                   dynamic_ncols=True, mininterval=0.5)
    window: list[_Sampled] = []  # frames waiting for their batch's detections

    def flush() -> None:
        nonlocal detector_s, last_t
        images = [s.frame.image for s in window if s.infer]
        found = iter(())
        if images:
            d0 = time.perf_counter()
            found = iter(detector.detect_batch(images))
            detector_s += time.perf_counter() - d0
        for s in window:
            dets = next(found) if s.infer else None
            if s.infer:
                inferred.append(s.frame.index)
            since = start + dt.timedelta(seconds=s.health.since)
            res = pipe.step(s.frame.captured_at, s.frame.image.shape, s.health.health, since, dets,
                            image=s.frame.image if pipe.compliance is not None else None)
            if res.compliance is not None:
                samples.extend(res.compliance.observations)
            intervals.extend(res.presence)
            health.extend(res.health)
            last_t = s.frame.captured_at
        if bar is not None:
            bar.update(len(window))
        window.clear()

    try:
        waiting = 0
        # Frames are decided ahead (the gate compares pictures, not detections) and
        # inferred ``batch`` at a time.
        for sampled in _prefetch(source, tracker, gate, start):
            window.append(sampled)
            waiting += sampled.infer
            if waiting >= batch:
                flush()
                waiting = 0
        flush()
    finally:
        if bar is not None:
            bar.close()
    end = _video_end(source, last_t)
    p, h = pipe.finish(end)
    intervals.extend(p)
    health.extend(h)
    order = {d.id: k for k, d in enumerate(camera.desks)}
    intervals.sort(key=lambda i: (order.get(i.desk_id, 0), i.start))
    counters = pipe.counters()
    runs: list[ComplianceRun] = []
    if pipe.compliance is not None:
        pipe.compliance.finish()
        runs = sorted(pipe.compliance.runs, key=lambda r: (order.get(r.desk_id, 0), r.rule, r.start))
    return ReplayResult(
        intervals=tuple(intervals), health=tuple(health), compliance=tuple(runs), start=start, end=end,
        frames_analysed=counters.frames, inferences=counters.inferences,
        wall_s=time.perf_counter() - t0, detector_s=detector_s, detector=detector.describe(),
        inferred_indexes=tuple(inferred), compliance_samples=tuple(samples),
        absence_evidence=tuple(pipe.compliance.incidents) if pipe.compliance is not None else (),
        compliance_s=pipe.compliance.spent_s if pipe.compliance is not None else 0.0,
        pass_samples=tuple(pipe.compliance.pass_samples) if pipe.compliance is not None else (),
    )


def _video_end(source: FileSource, last_frame_at: dt.datetime | None) -> dt.datetime:
    """Where the recording ends: after its last frame (the container's count when it agrees)."""
    fps = source.info.fps
    if last_frame_at is None:
        return source.start
    step = 1.0 / (source.sample_fps or fps)
    end = last_frame_at + dt.timedelta(seconds=1.0 / fps)
    n = source.info.frame_count
    if n:
        claimed = source.time_of(n)
        if last_frame_at < claimed <= last_frame_at + dt.timedelta(seconds=step + 1.0 / fps):
            end = claimed
    return end
