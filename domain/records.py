"""The records that cross packages: what the worker observes and the store keeps. Frozen, no arrays."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from domain.states import CameraHealth, DeskStateName

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in pixels


class _Span:
    """A record over [start, end): its length in seconds."""

    start: dt.datetime
    end: dt.datetime

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


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
    # The raw sighting under the state (vision.presence's current run): is someone in the staff
    # zone now, and since when. It differs from `state` during the grace periods (domain.live.transition).
    seen: bool | None = None
    seen_since: dt.datetime | None = None  # UTC


@dataclass(frozen=True)
class PresenceInterval(_Span):
    """The durable record: one desk in one state over [start, end)."""

    desk_id: str
    state: DeskStateName
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class ComplianceObservation:
    desk_id: str
    at: dt.datetime
    rule: str  # "badge" | "uniform"
    result: str  # "PASS" | "FAIL" | "UNKNOWN"
    score: float | None = None
    evidence_path: str | None = None


@dataclass(frozen=True)
class CameraHealthInterval(_Span):
    """One camera in one health state over [start, end)."""

    camera_id: str
    state: CameraHealth
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class AbsenceIncident(_Span):
    """An ABSENT run during office hours lasting at least incident_min_s."""

    desk_id: str
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class ComplianceViolation:
    """A closed FAIL run of one rule at one desk over [start, end): a compliance_violation row."""

    desk_id: str
    rule: str
    start: dt.datetime
    end: dt.datetime
    samples: int  # samples taken during the run (all results)
    fail_samples: int  # of those, single-frame FAILs
    evidence: str | None = None  # snapshot path (face-blurred, the person marked)
    # What a supervisor's decision and a label need (issue 12), from the sample that made the violation:
    score: float | None = None  # the rule's score on that sample
    person_box: Box | None = None  # the person in the evidence image, pixels
    crop_path: str | None = None  # face-blurred person crop without marks
    model_version: str | None = None  # badge model / uniform reference that judged it


@dataclass(frozen=True)
class PassSample:
    """A PASS judgment kept at random for a supervisor to check (a compliance_pass_sample row), so the
    labels are not only the rule's mistakes. ``badge_box``: the card the badge model found, pixels in
    the crop file (``crop_path``)."""

    desk_id: str
    rule: str
    at: dt.datetime
    score: float | None
    person_box: Box
    evidence_path: str
    crop_path: str
    badge_box: Box | None = None
    model_version: str | None = None


@dataclass(frozen=True)
class AbsenceSnapshot:
    """The snapshot of one absence incident: desk, the ABSENT run's start, when it was taken, the file
    (None when none could be written, and `missing` says why: face_model | write_failed)."""

    desk_id: str
    since: dt.datetime
    at: dt.datetime
    path: str | None
    missing: str | None = None


@dataclass(frozen=True)
class StoredRule:
    """One row of compliance_rule: a unit's parameters for one rule."""

    unit_id: int
    rule: str  # "uniform" | "badge" | "privacy"
    params: Mapping[str, Any]
