"""Crash checkpoints of the vision worker: per camera, what a crash would lose right now.

The worker checkpoints every camera now and then: a small JSON file under a state
directory with the intervals it holds but has not written (the open one ends at the
heartbeat) and the heartbeat itself. vision.store_recovery's `recover` writes them.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from domain.records import CameraHealthInterval, PresenceInterval
from domain.states import CameraHealth, DeskStateName
from vision.camera_health import HealthState
from vision.presence import PresenceState, pending


@dataclass(frozen=True)
class Checkpoint:
    camera_id: str
    heartbeat: dt.datetime
    presence: tuple[PresenceInterval, ...] = ()  # not yet in the store; a desk's last one ends at its heartbeat
    health: tuple[CameraHealthInterval, ...] = ()


class CheckpointStore:
    """One JSON file per camera under `state_dir`, replaced atomically."""

    def __init__(self, state_dir: str | Path) -> None:
        self.dir = Path(state_dir)

    def path(self, camera_id: str) -> Path:
        return self.dir / f"presence-{camera_id}.json"  # camera ids are [A-Za-z0-9_.-]

    def save(self, cp: Checkpoint) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        doc = {
            "camera": cp.camera_id,
            "heartbeat": cp.heartbeat.isoformat(),
            "presence": [
                {"desk": i.desk_id, "state": i.state.value, "start": i.start.isoformat(), "end": i.end.isoformat()}
                for i in cp.presence
            ],
            "health": [
                {"state": i.state.value, "start": i.start.isoformat(), "end": i.end.isoformat()} for i in cp.health
            ],
        }
        target = self.path(cp.camera_id)
        tmp = target.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(doc), encoding="utf-8")
        os.replace(tmp, target)  # a crash leaves the old file or the new one, never half of one

    def load(self, camera_id: str) -> Checkpoint | None:
        try:
            doc = json.loads(self.path(camera_id).read_text(encoding="utf-8"))
            t = dt.datetime.fromisoformat
            return Checkpoint(
                camera_id,
                t(doc["heartbeat"]),
                tuple(
                    PresenceInterval(p["desk"], DeskStateName(p["state"]), t(p["start"]), t(p["end"]))
                    for p in doc["presence"]
                ),
                tuple(
                    CameraHealthInterval(camera_id, CameraHealth(h["state"]), t(h["start"]), t(h["end"]))
                    for h in doc["health"]
                ),
            )
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            return None  # a damaged marker: recovery falls back to the store's newest rows

    def clear(self, camera_id: str) -> None:
        self.path(camera_id).unlink(missing_ok=True)


@dataclass(frozen=True)
class Unwritten:
    """Intervals handed to the store and not committed yet (what a checkpoint must hold)."""

    presence: tuple[PresenceInterval, ...] = ()
    health: tuple[CameraHealthInterval, ...] = ()


def checkpoint_of(
    camera_id: str,
    heartbeat: dt.datetime,
    desks: Sequence[PresenceState],
    health: HealthState | None,
    unwritten_presence: Sequence[PresenceInterval] = (),
    unwritten_health: Sequence[CameraHealthInterval] = (),
) -> Checkpoint:
    """What a crash would lose right now: held intervals (the open ones end at the heartbeat)."""
    presence = list(unwritten_presence)
    for st in desks:
        presence.extend(pending(st))
    healths = list(unwritten_health)
    if health is not None and heartbeat > health.since:
        healths.append(CameraHealthInterval(camera_id, health.state, health.since, max(heartbeat, health.last_at)))
    return Checkpoint(camera_id, heartbeat, tuple(presence), tuple(healths))
