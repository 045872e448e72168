"""The cameras a worker runs, and the one way to change them: start-up, a reload, the stop.

The worker's loop and the reload (vision/reload.py) both change which cameras
run; they do it through this set, never through each other's state.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from domain.records import CameraHealthInterval, PresenceInterval
from domain.sites import CameraConfig
from vision.pipeline import CameraPipeline
from vision.sources import CameraReader, stop_readers


@dataclass
class CameraStats:
    ticks: int = 0  # due ticks handled
    inferences: int = 0
    late_ticks: int = 0  # ticks handled more than one period after they were due
    max_lag_s: float = 0.0  # worst delay between a tick's due time and its handling
    frames_missing: int = 0  # ticks with no picture (camera not ONLINE or no frame yet)


@dataclass
class RunningCamera:
    config: CameraConfig
    reader: CameraReader
    pipeline: CameraPipeline
    due: float  # monotonic time of the next tick
    stats: CameraStats
    last_index: int = -1  # reader frame number last analysed
    last_checkpoint: float = 0.0


@dataclass(frozen=True)
class ClosedRows:
    """What stopped cameras leave to write: their open intervals closed, their compliance runs."""
    presence: tuple[PresenceInterval, ...] = ()
    health: tuple[CameraHealthInterval, ...] = ()
    runs: tuple = field(default=())  # ComplianceRun


class CameraSet:
    def __init__(self) -> None:
        self._running: list[RunningCamera] = []

    def __iter__(self) -> Iterator[RunningCamera]:
        return iter(tuple(self._running))  # a reload may change the set while the caller loops

    def __len__(self) -> int:
        return len(self._running)

    def ids(self) -> list[str]:
        return [c.config.id for c in self._running]

    def get(self, camera_id: str) -> RunningCamera | None:
        return next((c for c in self._running if c.config.id == camera_id), None)

    def add(self, camera: RunningCamera) -> None:
        self._running.append(camera)

    def next_due(self) -> float | None:
        return min((c.due for c in self._running), default=None)

    def due(self, at: float) -> list[RunningCamera]:
        return [c for c in self._running if c.due <= at]

    def stop(self, cameras: Sequence[RunningCamera], at: dt.datetime) -> ClosedRows:
        """Stop these cameras' readers, close their open intervals at `at` and take them out of the set."""
        stop_readers([c.reader for c in cameras], timeout=3.0)
        presence: list[PresenceInterval] = []
        health: list[CameraHealthInterval] = []
        runs: list = []
        for c in cameras:
            p, h = c.pipeline.finish(at)
            presence.extend(p)
            health.extend(h)
            if c.pipeline.compliance is not None:
                runs.extend(c.pipeline.compliance.finish())
        self._running = [c for c in self._running if c not in cameras]
        return ClosedRows(tuple(presence), tuple(health), tuple(runs))
