"""Crash recovery of the vision worker: write what the last run held, fill the time it missed.

`recover(now)` writes what the checkpoints (vision.store_checkpoints) hold, then records
the time from each desk's newest row until `now` as OFFLINE (OFF_HOURS where the office
was closed), and the camera's health as OFFLINE: the worker was not watching. The worker
then starts its state machines at `now`, so the store keeps tiling time.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection

from data.worker_store.intervals import append_health, append_presence
from data.worker_store.recovery import health_written_until, presence_written_until
from data.worker_store.sites import SiteIds
from domain.office_hours import Schedule
from domain.records import CameraHealthInterval
from domain.sites import SitesConfig
from domain.states import CameraHealth, DeskStateName
from vision.presence import schedule_split
from vision.store_checkpoints import CheckpointStore


@dataclass(frozen=True)
class RecoveryReport:
    resume_at: dt.datetime  # start the state machines here
    presence_rows: int
    health_rows: int
    cameras_with_checkpoint: tuple[str, ...]


def recover(
    conn: Connection,
    ids: SiteIds,
    sites: SitesConfig,
    checkpoints: CheckpointStore,
    schedules: Mapping[str, Schedule],
    now: dt.datetime,
) -> RecoveryReport:
    """Write what the last run held and fill the time it missed (see the module doc)."""
    presence_rows = health_rows = 0
    found = []
    for cam in sites.enabled_cameras():
        cp = checkpoints.load(cam.id)
        if cp is not None:
            found.append(cam.id)
            presence_rows += append_presence(conn, ids, [p for p in cp.presence if p.desk_id in ids.desk_ids])
            health_rows += append_health(conn, ids, [h for h in cp.health if h.camera_id in ids.camera_ids])
        schedule = schedules.get(cam.id) or Schedule.default(sites.timezone)
        for desk in cam.desks:
            since = presence_written_until(conn, ids.desk_ids[desk.id])
            if since is not None and since < now:
                gap = schedule_split(desk.id, DeskStateName.OFFLINE, since, now, schedule)
                presence_rows += append_presence(conn, ids, gap)
        since = health_written_until(conn, ids.camera_ids[cam.id])
        if since is not None and since < now:
            health_rows += append_health(conn, ids, [CameraHealthInterval(cam.id, CameraHealth.OFFLINE, since, now)])
        if cp is not None:
            checkpoints.clear(cam.id)
    return RecoveryReport(now, presence_rows, health_rows, tuple(found))
