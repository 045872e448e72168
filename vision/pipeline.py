"""One camera's analysis, shared by the live worker and the replay of recordings.

    frame + camera health ─▶ motion gate ─▶ (detector) ─▶ desk observations ─▶ presence
                                                                          └─▶ camera-health intervals

The detector call is left to the caller (``needs_inference`` then ``step``), so the
worker can batch several cameras into one network call and the replay can time it.
When nothing moved since the last analysed frame the previous detections are reused:
the desks' state machines still advance every sampled frame.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from domain.office_hours import Schedule
from domain.records import CameraHealthInterval, DeskObservation, DeskState, PresenceInterval
from domain.sites import CameraConfig, SitesConfig
from domain.states import CameraHealth
from vision.camera_health import HealthState, health_finish, health_start, health_step
from vision.motion import MotionConfig, MotionGate
from vision.presence import PresenceParams, PresenceState, current, finish, initial_state, step
from vision.types import Detections
from vision.zones import desk_observations

if TYPE_CHECKING:
    from vision.compliance.stage import ComplianceStep, ComplianceTracker


@dataclass(frozen=True)
class StepResult:
    observations: tuple[DeskObservation, ...]
    detections: Detections = field(repr=False)
    analysed: bool  # the detector ran on this frame (False: reused, or camera not ONLINE)
    presence: tuple[PresenceInterval, ...]  # intervals that closed with this frame
    health: tuple[CameraHealthInterval, ...]
    compliance: "ComplianceStep | None" = None  # when the camera judges dress code (image given to step)


@dataclass(frozen=True)
class PipelineCounters:
    frames: int
    inferences: int
    skipped_still: int  # ONLINE frames where the motion gate reused the last detections
    not_online: int  # frames seen while the camera was OFFLINE / FROZEN


class CameraPipeline:
    """State of one camera: motion gate, last detections, per-desk presence, health.

    Not thread-safe; one pipeline per camera loop.
    """

    def __init__(
        self,
        camera: CameraConfig,
        sites: SitesConfig,
        schedule: Schedule,
        start: dt.datetime,
        motion: MotionConfig | None = MotionConfig(),
        compliance: "ComplianceTracker | None" = None,
    ) -> None:
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        self.camera = camera
        self.sites = sites
        self.schedule = schedule
        self.params = PresenceParams.for_camera(sites.presence_for(camera), camera)
        self._gate = MotionGate(motion) if motion is not None else None
        self._last = Detections.empty()
        self._desks: dict[str, PresenceState] = {d.id: initial_state(d.id, start) for d in camera.desks}
        self._health: HealthState = health_start(camera.id, start)
        self._frames = self._inferences = self._still = self._not_online = 0
        self.compliance = compliance  # dress-code rules or none: it snapshots every absence incident

    # ── analysis ─────────────────────────────────────────────────────────────
    def needs_inference(self, image: np.ndarray, at_s: float, health: CameraHealth) -> bool:
        """Ask before :meth:`step` whether this frame needs the detector.

        ``at_s`` is any monotonic clock in seconds (video time for replay). A camera
        that is not ONLINE is not judged, and its gate is reset so the first good
        frame after an outage is always analysed.
        """
        if health is not CameraHealth.ONLINE:
            if self._gate is not None:
                self._gate.reset()
            return False
        return True if self._gate is None else self._gate.check(image, at_s).analyse

    def step(
        self,
        at: dt.datetime,
        frame_shape: tuple[int, ...],
        health: CameraHealth,
        health_since: dt.datetime | None = None,
        detections: Detections | None = None,
        image: np.ndarray | None = None,
    ) -> StepResult:
        """Advance to ``at`` with this frame's detections (None: reuse the last ones).

        ``image``: the frame itself, for the compliance rules and evidence (optional).
        """
        self._frames += 1
        analysed = detections is not None
        if health is not CameraHealth.ONLINE:
            self._not_online += 1
            self._last = Detections.empty()
            dets = self._last
        elif detections is not None:
            self._inferences += 1
            self._last = dets = detections
        else:
            self._still += 1
            dets = self._last
        obs = desk_observations(
            frame_shape, dets, self.camera, at, health, self.sites.zone_rule,
            health_since=health_since if health is not CameraHealth.ONLINE else None,
        )
        closed: list[PresenceInterval] = []
        for o in obs:
            self._desks[o.desk_id], out = step(self._desks[o.desk_id], o, self.params, self.schedule)
            closed.extend(out)
        self._health, hclosed = health_step(self._health, health, at, health_since)
        judged = None
        if self.compliance is not None and image is not None and health is CameraHealth.ONLINE:
            judged = self.compliance.step(image, obs, self.desk_states(), at)
        return StepResult(tuple(obs), dets, analysed, tuple(closed), tuple(hclosed), judged)

    def reconfigure(
        self, camera: CameraConfig, sites: SitesConfig, schedule: Schedule, at: dt.datetime,
        compliance: "ComplianceTracker | None" = None,
    ) -> list[PresenceInterval]:
        """Take a changed configuration of this camera (the worker's reload) without a restart.

        Desks that stay keep their state machines (zones may have changed); desks that
        left are closed at ``at`` and their intervals returned; new desks start at ``at``.
        """
        if camera.id != self.camera.id:
            raise ValueError(f"camera '{camera.id}' given to the pipeline of '{self.camera.id}'")
        keep = {d.id for d in camera.desks}
        closed: list[PresenceInterval] = []
        for desk_id in [k for k in self._desks if k not in keep]:
            closed.extend(finish(self._desks.pop(desk_id), at, self.schedule))
        for d in camera.desks:
            self._desks.setdefault(d.id, initial_state(d.id, at))
        self._desks = {d.id: self._desks[d.id] for d in camera.desks}  # the camera's desk order
        self.camera, self.sites, self.schedule = camera, sites, schedule
        self.params = PresenceParams.for_camera(sites.presence_for(camera), camera)
        self.compliance = compliance  # dress-code rules or none: it snapshots every absence incident
        return closed

    def finish(self, at: dt.datetime) -> tuple[list[PresenceInterval], list[CameraHealthInterval]]:
        """Close every open interval at ``at``."""
        presence: list[PresenceInterval] = []
        for st in self._desks.values():
            presence.extend(finish(st, at, self.schedule))
        return presence, health_finish(self._health, at)

    # ── what the outside reads ───────────────────────────────────────────────
    @property
    def desk_machine_states(self) -> list[PresenceState]:
        return list(self._desks.values())

    @property
    def health_state(self) -> HealthState:
        return self._health

    @property
    def last_detections(self) -> Detections:
        return self._last

    def desk_states(self) -> list[DeskState]:
        return [current(st, self.schedule) for st in self._desks.values()]

    def counters(self) -> PipelineCounters:
        return PipelineCounters(self._frames, self._inferences, self._still, self._not_online)


def compliance_for_replay(sites: SitesConfig, camera: CameraConfig, store_url: str | None):
    """The camera's compliance settings for a replay: the sites file's, with the unit's
    store rules on top when a store is named. None = not judged."""
    if not store_url:
        return sites.compliance_for(camera.id)
    from data.db import make_engine  # noqa: PLC0415
    from vision.store_writer import compliance_for_camera  # noqa: PLC0415

    engine = make_engine(store_url)
    try:
        with engine.connect() as conn:
            return compliance_for_camera(conn, sites, camera.id)
    finally:
        engine.dispose()


def schedule_for_replay(sites: SitesConfig, camera: CameraConfig, store_url: str | None) -> Schedule:
    """Office hours for a replay: the unit's from the store when one is named, else the default."""
    if not store_url:
        return Schedule.default(sites.timezone)
    from data.db import make_engine  # noqa: PLC0415 — only when a store is named
    from data.units import UnitNotFound, find_unit  # noqa: PLC0415
    from data.office_hours_store import load_schedule  # noqa: PLC0415

    engine = make_engine(store_url)
    try:
        with engine.connect() as conn:
            try:
                unit_id = find_unit(conn, camera.unit).id
            except UnitNotFound:
                unit_id = None
            return load_schedule(conn, unit_id, sites.timezone)
    finally:
        engine.dispose()
