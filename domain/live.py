"""The worker↔dashboard live contract: the files the worker publishes for the live page,
how to read them back, and the dashboard's heartbeat.

In domain because both sides use it: the worker (vision.publish, which needs
OpenCV and the face model) writes snapshots, the dashboard reads them and
writes the heartbeat, and neither imports the other.

    var/live/<camera>.jpg   ≤ 640 px wide, faces blurred, zones/boxes/states drawn
    var/live/<camera>.json  camera health + current desk states (LiveSnapshot), each with its raw
                            sighting (seen / seen_since) and staff zone, so the page can crop a
                            desk's tile and say why the colour waits (transition)
    var/live/watch/<camera> empty; its mtime is the dashboard's heartbeat (someone watches)

The heartbeat runs the other way: the dashboard touches ``watch/<camera>`` each
time it shows that camera's picture (a live tile refresh, the setup page's
snapshot). The worker draws the picture at the full rate only while the newest
heartbeat is younger than ``WATCH_WINDOW_S`` (two live-view refreshes and a
margin), and a slow keep-alive picture otherwise — nobody pays for pictures
nobody looks at. The name holds the camera key only (no credentials, no desk).
A dashboard that cannot write there (read-only deployment, no live dir) just
sends no heartbeat: the pictures stay at the keep-alive rate.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import threading
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from domain.states import CameraHealth, DeskStateName

DEFAULT_DIR = Path("var/live")
SCHEMA_VERSION = 1
WATCH_DIR = "watch"
# The live view refreshes every 5 s: two refreshes plus a margin for a slow page run.
WATCH_WINDOW_S = 12.0


@dataclass(frozen=True)
class PublishedDesk:
    desk_id: str
    name: str
    state: DeskStateName | None
    since: dt.datetime | None
    # Added in issue 13 (older files lack them: None). Is someone in the staff zone on the newest
    # analysed frame, and since when (the presence machine's current run)?
    seen: bool | None = None
    seen_since: dt.datetime | None = None
    zone: tuple[tuple[float, float], ...] | None = None  # the staff zone drawn on the picture, normalised


class Transition(str, Enum):
    """A grace period: the sighting has changed, the state has not yet (and may not: a short dropout)."""

    LEAVING = "LEAVING"  # PRESENT, nobody seen for less than absent_grace_s
    ARRIVING = "ARRIVING"  # ABSENT, someone seen for less than present_after_s


def transition(state: DeskStateName | None, seen: bool | None) -> Transition | None:
    """THE grace-period rule the picture's colour and the page's chip both follow."""
    if state is DeskStateName.PRESENT and seen is False:
        return Transition.LEAVING
    if state is DeskStateName.ABSENT and seen is True:
        return Transition.ARRIVING
    return None


@dataclass(frozen=True)
class LiveSnapshot:
    camera_id: str
    camera_name: str
    unit: str
    updated_at: dt.datetime  # UTC, when this snapshot was written
    health: CameraHealth
    health_reason: str | None
    health_since: dt.datetime
    desks: tuple[PublishedDesk, ...]
    image: str | None  # JPEG file name next to the JSON; None if there is no picture
    frame_at: dt.datetime | None  # capture time of that picture
    faces_blurred: int | None  # in that picture
    privacy_error: str | None = None  # why no new picture was written

    def to_json(self) -> str:
        def iso(t: dt.datetime | None) -> str | None:
            return None if t is None else t.astimezone(dt.timezone.utc).isoformat()

        return json.dumps(
            {
                "version": SCHEMA_VERSION,
                "camera_id": self.camera_id,
                "camera_name": self.camera_name,
                "unit": self.unit,
                "updated_at": iso(self.updated_at),
                "health": self.health.value,
                "health_reason": self.health_reason,
                "health_since": iso(self.health_since),
                "desks": [
                    {
                        "desk_id": d.desk_id,
                        "name": d.name,
                        "state": None if d.state is None else d.state.value,
                        "since": iso(d.since),
                        "seen": d.seen,
                        "seen_since": iso(d.seen_since),
                        "zone": None if d.zone is None else [list(p) for p in d.zone],
                    }
                    for d in self.desks
                ],
                "image": self.image,
                "frame_at": iso(self.frame_at),
                "faces_blurred": self.faces_blurred,
                "privacy_error": self.privacy_error,
            },
            ensure_ascii=False,
            indent=1,
        )

    @staticmethod
    def from_json(text: str) -> "LiveSnapshot":
        raw = json.loads(text)

        def when(v: str | None) -> dt.datetime | None:
            return None if v is None else dt.datetime.fromisoformat(v)

        return LiveSnapshot(
            camera_id=raw["camera_id"],
            camera_name=raw["camera_name"],
            unit=raw["unit"],
            updated_at=when(raw["updated_at"]),  # type: ignore[arg-type]
            health=CameraHealth(raw["health"]),
            health_reason=raw.get("health_reason"),
            health_since=when(raw["health_since"]),  # type: ignore[arg-type]
            desks=tuple(
                PublishedDesk(
                    d["desk_id"], d["name"], None if d["state"] is None else DeskStateName(d["state"]),
                    when(d["since"]), seen=d.get("seen"), seen_since=when(d.get("seen_since")),
                    zone=None if d.get("zone") is None else tuple((float(x), float(y)) for x, y in d["zone"]),
                )
                for d in raw["desks"]
            ),
            image=raw.get("image"),
            frame_at=when(raw.get("frame_at")),
            faces_blurred=raw.get("faces_blurred"),
            privacy_error=raw.get("privacy_error"),
        )


def check_id(camera_id: str) -> str:
    # Config ids are already restricted; this guards file names against anything else.
    if not camera_id or "/" in camera_id or "\\" in camera_id or camera_id.startswith(".") or "\0" in camera_id:
        raise ValueError(f"mã camera không dùng được làm tên tệp (camera id unusable as a file name): {camera_id!r}")
    return camera_id


def image_path(directory: Path, camera_id: str) -> Path:
    return Path(directory) / f"{check_id(camera_id)}.jpg"


def snapshot_path(directory: Path, camera_id: str) -> Path:
    return Path(directory) / f"{check_id(camera_id)}.json"


def read_snapshot(directory: Path, camera_id: str) -> LiveSnapshot | None:
    """The camera's latest snapshot, or None if none was published (or it is unreadable)."""
    try:
        return LiveSnapshot.from_json(snapshot_path(directory, camera_id).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers only ever see a complete file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def watch_path(directory: Path, camera_id: str) -> Path:
    return Path(directory) / WATCH_DIR / check_id(camera_id)


def touch_watch(directory: Path, camera_id: str, at: float | None = None) -> bool:
    """The dashboard's heartbeat for a camera it shows: True if written.

    Never raises: a missing live dir (no worker yet) is not created, and a
    read-only one or an unusable camera key just means no heartbeat.
    `at`: the mtime to set (wall-clock seconds; default now)."""
    try:
        path = watch_path(directory, camera_id)
        if not Path(directory).is_dir():
            return False
        path.parent.mkdir(exist_ok=True)
        path.touch()
        if at is not None:
            os.utime(path, (at, at))
        return True
    except (OSError, ValueError):
        return False


def heartbeat_age_s(directory: Path, camera_id: str, now: float) -> float | None:
    """Seconds since the camera's newest heartbeat (negative: stamped ahead of `now`); None: none."""
    try:
        return now - watch_path(directory, camera_id).stat().st_mtime
    except (OSError, ValueError):
        return None


def is_watched(age_s: float | None, window_s: float = WATCH_WINDOW_S) -> bool:
    """Watched while the heartbeat is younger than the window, on either side of now:
    a dashboard clock running ahead must not keep a camera watched forever."""
    return age_s is not None and abs(age_s) <= window_s
