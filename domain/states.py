"""Desk states and camera health: the names every package uses (never bare "ABSENT" strings)."""
from __future__ import annotations

from enum import Enum


class CameraHealth(str, Enum):
    ONLINE = "ONLINE"
    OFFLINE = "OFFLINE"  # no frame for offline_after_s, or the source cannot be opened
    FROZEN = "FROZEN"  # frames keep coming but do not change (or show "no signal")


class DeskStateName(str, Enum):
    PRESENT = "PRESENT"
    ABSENT = "ABSENT"
    OFFLINE = "OFFLINE"
    OFF_HOURS = "OFF_HOURS"
