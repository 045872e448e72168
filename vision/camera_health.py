"""Camera health over time: the readers' ONLINE/OFFLINE/FROZEN reports as intervals.

A pure tracker like presence: `health_step` takes a report and hands out the
interval it closes. A report may say since when it has held (`since`, e.g. the
last new frame for OFFLINE); the change is backdated to it, within the
interval still open.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.records import CameraHealthInterval
from domain.states import CameraHealth


@dataclass(frozen=True)
class HealthState:
    camera_id: str
    state: CameraHealth
    since: dt.datetime  # start of the open interval
    last_at: dt.datetime


def health_start(camera_id: str, at: dt.datetime, state: CameraHealth = CameraHealth.OFFLINE) -> HealthState:
    """Tracking from `at`; a camera counts as OFFLINE until its reader reports."""
    if at.tzinfo is None:
        raise ValueError("health times must be timezone-aware (UTC)")
    return HealthState(camera_id, state, at, at)


def health_step(
    hs: HealthState, state: CameraHealth, at: dt.datetime, since: dt.datetime | None = None
) -> tuple[HealthState, list[CameraHealthInterval]]:
    t = max(at, hs.last_at)
    if state is hs.state:
        return HealthState(hs.camera_id, hs.state, hs.since, t), []
    change = min(t, max(since or t, hs.since))
    closed = [CameraHealthInterval(hs.camera_id, hs.state, hs.since, change)] if change > hs.since else []
    return HealthState(hs.camera_id, state, change, t), closed


def health_finish(hs: HealthState, at: dt.datetime) -> list[CameraHealthInterval]:
    end = max(at, hs.last_at)
    return [CameraHealthInterval(hs.camera_id, hs.state, hs.since, end)] if end > hs.since else []
