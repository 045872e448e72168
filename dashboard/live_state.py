"""What each desk is doing now: the worker's published snapshot when fresh, else the store.

The worker rewrites var/live/<camera>.json every few seconds (vision.publish);
files are read fresh on every refresh and nothing is kept between runs, so
memory stays flat over a working day. Each refresh also touches the shown
cameras' heartbeats (domain.live.touch_watch): the worker draws full-rate
pictures only for cameras someone is looking at.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from data.presence.incidents import Policies, absences_past
from domain.live import LiveSnapshot, PublishedDesk, read_snapshot, touch_watch
from domain.states import CameraHealth, DeskStateName
from domain.timezone import as_utc

LIVE_DIR_ENV = "MONITOR_LIVE_DIR"
DEFAULT_LIVE_DIR = Path("var/live")
# A snapshot older than this means the worker stopped publishing for that camera.
FRESH_S = 60.0


def live_dir() -> Path:
    return Path(os.environ.get(LIVE_DIR_ENV) or DEFAULT_LIVE_DIR)


def watch(directory: Path, camera_codes: set[str]) -> int:
    """Heartbeats for the cameras on screen; how many were written (0 on a read-only live dir)."""
    return sum(touch_watch(directory, code) for code in sorted(camera_codes))


@dataclass(frozen=True)
class DeskNow:
    desk_id: int
    state: str | None  # PRESENT | ABSENT | OFFLINE | OFF_HOURS, None = nothing known
    since: dt.datetime | None
    image: Path | None  # the camera's newest annotated, face-blurred frame
    frame_at: dt.datetime | None
    # From the worker's snapshot only (None when the state came from the store): what the camera
    # sees now (domain.live.transition) and the desk's zone on the picture (the tile's crop).
    seen: bool | None = None
    seen_since: dt.datetime | None = None
    zone: tuple[tuple[float, float], ...] | None = None


def read_snapshots(directory: Path, camera_codes: set[str]) -> dict[str, LiveSnapshot]:
    """Snapshots of the cameras asked for that have one (listing once beats a failed open per camera)."""
    try:
        present = {name[:-5] for name in os.listdir(directory) if name.endswith(".json")}
    except OSError:
        return {}
    out = {}
    for code in camera_codes & present:
        snap = read_snapshot(directory, code)
        if snap is not None:
            out[code] = snap
    return out


def _desk(snap: LiveSnapshot, desk_code: str) -> PublishedDesk | None:
    # A --from-store worker watching several units qualifies clashing desk codes with the camera's.
    names = (desk_code, f"{snap.camera_id}.{desk_code}")
    return next((d for d in snap.desks if d.desk_id in names), None)


def _published(snap: LiveSnapshot, desk: PublishedDesk | None,
               now: dt.datetime) -> tuple[str, dt.datetime | None] | None:
    # Either side of now: a worker clock running ahead must not pin a state forever.
    if abs((now - as_utc(snap.updated_at)).total_seconds()) > FRESH_S:
        return None
    state = None if desk is None or desk.state is None else desk.state.value
    if snap.health is not CameraHealth.ONLINE and state != DeskStateName.OFF_HOURS.value:
        return DeskStateName.OFFLINE.value, as_utc(snap.health_since)
    if state is None:
        return None
    return state, None if desk.since is None else as_utc(desk.since)


def desks_now(desks: pd.DataFrame, stored: pd.DataFrame, snapshots: dict[str, LiveSnapshot], directory: Path,
              now: dt.datetime) -> list[DeskNow]:
    """One DeskNow per row of `desks` (unit_desks columns); `stored` is data.presence current_states."""
    now = as_utc(now)
    from_store = {int(r.desk_id): (r.state, r.since.to_pydatetime()) for r in stored.itertuples()}
    out = []
    for row in desks.itertuples():
        snap = None if pd.isna(row.camera_code) else snapshots.get(row.camera_code)
        desk = None if snap is None else _desk(snap, row.desk_code)
        state = _published(snap, desk, now) if snap is not None else None
        # The sighting only beside the worker's own state on an online camera (never beside the store's).
        live = state is not None and desk is not None and snap.health is CameraHealth.ONLINE
        if state is None:
            state = from_store.get(int(row.desk_id), (None, None))
        image = None
        if snap is not None and snap.image:
            path = directory / snap.image
            image = path if path.is_file() else None
        out.append(DeskNow(int(row.desk_id), state[0], state[1], image,
                           None if image is None or snap.frame_at is None else as_utc(snap.frame_at),
                           seen=desk.seen if live else None,
                           seen_since=as_utc(desk.seen_since) if live and desk.seen_since else None,
                           zone=None if desk is None else desk.zone))
    return out


def absences(states: list[DeskNow], now: dt.datetime, policy: Policies) -> pd.DataFrame:
    """desk_id, since, seconds of desks absent long enough for an incident (each by its policy), longest first."""
    frame = pd.DataFrame(
        [(s.desk_id, s.state, s.since) for s in states if s.since is not None],
        columns=["desk_id", "state", "since"],
    )
    frame["since"] = pd.to_datetime(frame["since"], utc=True)
    return absences_past(frame, now, policy)
