"""The values that flow between the vision stages and hold pictures or arrays. Frozen; no dicts between modules.

States and the records that cross packages (observations, intervals, incidents) live in domain
(domain.states, domain.records).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np


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
