"""The values that flow between the vision stages. Frozen; no dicts between modules."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

import numpy as np


class CameraHealth(str, Enum):
    ONLINE = "ONLINE"
    OFFLINE = "OFFLINE"  # no frame for offline_after_s, or the source cannot be opened
    FROZEN = "FROZEN"  # frames keep coming but do not change (or show "no signal")


class DeskStateName(str, Enum):
    PRESENT = "PRESENT"
    ABSENT = "ABSENT"
    OFFLINE = "OFFLINE"
    OFF_HOURS = "OFF_HOURS"


@dataclass(frozen=True)
class Frame:
    camera_id: str
    captured_at: dt.datetime  # UTC, aware
    image: np.ndarray = field(repr=False)  # BGR, H×W×3 uint8
    index: int = 0  # frame number within the source (replay) or since start (live)


@dataclass(frozen=True)
class Detections:
    """Person detections in one frame, in pixel coordinates."""

    xyxy: np.ndarray = field(repr=False)  # N×4 float32
    scores: np.ndarray = field(repr=False)  # N float32
    class_ids: np.ndarray = field(repr=False)  # N int
    track_ids: np.ndarray | None = field(default=None, repr=False)

    @staticmethod
    def empty() -> "Detections":
        return Detections(np.zeros((0, 4), np.float32), np.zeros(0, np.float32), np.zeros(0, int))

    def __len__(self) -> int:
        return int(self.xyxy.shape[0])


@dataclass(frozen=True)
class DeskObservation:
    desk_id: str
    at: dt.datetime  # UTC
    staffed: bool  # a person counts as sitting in the staff zone
    person_xyxy: tuple[float, float, float, float] | None = None
    camera_health: CameraHealth = CameraHealth.ONLINE
    # When camera_health is OFFLINE/FROZEN: since when the camera has really been
    # down (the last new frame, or the first of the unchanged ones). Reports come
    # offline_after_s / frozen_after_s late; this lets presence backdate OFFLINE
    # so that the stale frames in between are never counted as ABSENT.
    health_since: dt.datetime | None = None


@dataclass(frozen=True)
class DeskState:
    desk_id: str
    state: DeskStateName
    since: dt.datetime  # UTC


@dataclass(frozen=True)
class PresenceInterval:
    """The durable record: one desk in one state over [start, end)."""

    desk_id: str
    state: DeskStateName
    start: dt.datetime
    end: dt.datetime

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class ComplianceObservation:
    desk_id: str
    at: dt.datetime
    rule: str  # "badge" | "uniform"
    result: str  # "PASS" | "FAIL" | "UNKNOWN"
    score: float | None = None
    evidence_path: str | None = None


@dataclass(frozen=True)
class CameraHealthInterval:
    """One camera in one health state over [start, end)."""

    camera_id: str
    state: CameraHealth
    start: dt.datetime
    end: dt.datetime

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class AbsenceIncident:
    """An ABSENT run during office hours lasting at least incident_min_s."""

    desk_id: str
    start: dt.datetime
    end: dt.datetime

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()
