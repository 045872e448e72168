"""Desk presence: a pure state machine per desk, from observations to intervals.

    state, closed = step(state, observation, params, schedule)
    closed += finish(state, at, schedule)

What it decides
---------------
* **Sample and hold.** An observation at `t` describes the desk from `t` until
  the next observation.
* **PRESENT** once someone has been seen in the staff zone continuously (every
  ONLINE observation staffed) for `present_after_s`; the PRESENT interval
  starts at the first observation of that run, i.e. when the person arrived.
* **ABSENT** once no one has been seen for `absent_grace_s`; the ABSENT
  interval starts at the first observation that no longer saw the person —
  to the sampling step, the moment they were last seen. Shorter dropouts
  (a bent head, a citizen in the way) leave the desk PRESENT.
* **OFFLINE** whenever the camera is OFFLINE or FROZEN. Readers notice this
  late (offline_after_s / frozen_after_s); an observation's `health_since`
  says since when the camera has really been down, and OFFLINE is backdated
  to it (at most `health_lag_s`), so stale frames shown meanwhile never turn
  into ABSENT time. After the camera returns, and at the very start, the desk
  stays OFFLINE ("not judged") until a run of evidence settles PRESENT or
  ABSENT; that state is then backdated to the run's first observation.
* **OFF_HOURS** whenever the schedule is closed, whatever the camera does
  (camera health has its own record). Intervals split exactly at opening and
  closing times. The decision above keeps running through closed hours, so a
  desk staffed before opening time is PRESENT from the opening second.

Intervals tile time from `initial_state(at)` to `finish(at)` with no gap or
overlap. Because states are backdated, an interval is handed out only once
nothing can rewrite it any more: when it ended before both `now -
health_lag_s` and the start of an undecided run. The state holds the rest
(`pending(state)`, for crash-recovery checkpoints).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from domain.office_hours import Schedule
from domain.presence_policy import AbsentSpan, PresencePolicy
from domain.presence_policy import absence_incidents as incident_rule
from domain.records import AbsenceIncident, DeskObservation, DeskState, PresenceInterval
from domain.sites import CameraConfig, PresenceConfig
from domain.states import CameraHealth, DeskStateName

PRESENT, ABSENT, OFFLINE, OFF_HOURS = (
    DeskStateName.PRESENT, DeskStateName.ABSENT, DeskStateName.OFFLINE, DeskStateName.OFF_HOURS,
)


@dataclass(frozen=True)
class PresenceParams:
    present_after_s: float = 5.0
    absent_grace_s: float = 60.0
    # How far back a camera's OFFLINE/FROZEN report may reach (its detection delay).
    health_lag_s: float = 35.0

    @staticmethod
    def for_camera(presence: PresenceConfig, camera: CameraConfig, margin_s: float = 5.0) -> "PresenceParams":
        return PresenceParams(
            present_after_s=presence.present_after_s,
            absent_grace_s=presence.absent_grace_s,
            health_lag_s=max(camera.offline_after_s, camera.frozen_after_s) + margin_s,
        )


@dataclass(frozen=True)
class PresenceState:
    desk_id: str
    started_at: dt.datetime
    last_at: dt.datetime
    decided: DeskStateName  # PRESENT | ABSENT | OFFLINE (camera down, or not judged yet)
    run_staffed: bool | None  # what the current run of ONLINE observations shows
    run_since: dt.datetime | None  # the run's first observation
    pieces: tuple[PresenceInterval, ...]  # not handed out yet; they tile [pieces[0].start, last_at)


def initial_state(desk_id: str, at: dt.datetime) -> PresenceState:
    """A desk not judged yet, from `at` on (worker start, replay start, or recovery time)."""
    _require_aware(at)
    return PresenceState(desk_id, at, at, OFFLINE, None, None, ())


def step(
    state: PresenceState, obs: DeskObservation, params: PresenceParams, schedule: Schedule
) -> tuple[PresenceState, list[PresenceInterval]]:
    """Take one observation; return the new state and the intervals now final."""
    if obs.desk_id != state.desk_id:
        raise ValueError(f"observation for desk '{obs.desk_id}' given to desk '{state.desk_id}'")
    _require_aware(obs.at)
    # A clock that steps back must not reorder time: treat it as "no time passed".
    t = max(obs.at, state.last_at)
    pieces = _retile(state.pieces, state.last_at, t, state.decided, schedule, state.desk_id)
    decided, run_staffed, run_since = state.decided, state.run_staffed, state.run_since

    if obs.camera_health is not CameraHealth.ONLINE:
        since = obs.health_since or t
        since = min(t, max(since, state.started_at, t - dt.timedelta(seconds=params.health_lag_s)))
        pieces = _retile(pieces, since, t, OFFLINE, schedule, state.desk_id)
        decided, run_staffed, run_since = OFFLINE, None, None
    else:
        if run_staffed is None or obs.staffed != run_staffed:
            run_staffed, run_since = obs.staffed, t
        target = PRESENT if run_staffed else ABSENT
        needed = params.present_after_s if run_staffed else params.absent_grace_s
        assert run_since is not None
        if decided is not target and (t - run_since).total_seconds() >= needed:
            pieces = _retile(pieces, run_since, t, target, schedule, state.desk_id)
            decided = target

    # Hand out what can no longer change.
    horizon = t - dt.timedelta(seconds=params.health_lag_s)
    if run_since is not None and decided is not (PRESENT if run_staffed else ABSENT):
        horizon = min(horizon, run_since)
    n = 0
    while n < len(pieces) - 1 and pieces[n].end < horizon:
        n += 1
    new_state = PresenceState(state.desk_id, state.started_at, t, decided, run_staffed, run_since, pieces[n:])
    return new_state, list(pieces[:n])


def finish(state: PresenceState, at: dt.datetime, schedule: Schedule) -> list[PresenceInterval]:
    """Close everything at `at` (holding the last observation until then); the rest of the intervals."""
    _require_aware(at)
    t = max(at, state.last_at)
    return list(_retile(state.pieces, state.last_at, t, state.decided, schedule, state.desk_id))


def pending(state: PresenceState) -> tuple[PresenceInterval, ...]:
    """Intervals not handed out yet; the last one is open and ends at `state.last_at`."""
    return state.pieces


def current(state: PresenceState, schedule: Schedule) -> DeskState:
    """The state shown right now, and since when; with the raw sighting under it (the current run)."""
    now = _label(state.decided, schedule, state.last_at)
    since = state.last_at
    if state.pieces and state.pieces[-1].state is now and state.pieces[-1].end == state.last_at:
        since = state.pieces[-1].start
    return DeskState(state.desk_id, now, since, state.run_staffed, state.run_since)


def presence_timeline(
    desk_id: str,
    observations: Iterable[DeskObservation],
    params: PresenceParams,
    schedule: Schedule,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> list[PresenceInterval]:
    """Every interval of one desk over [start, end] (defaults: first and last observation)."""
    out: list[PresenceInterval] = []
    state: PresenceState | None = initial_state(desk_id, start) if start is not None else None
    for obs in observations:
        if state is None:
            state = initial_state(desk_id, obs.at)
        state, closed = step(state, obs, params, schedule)
        out.extend(closed)
    if state is None:
        if start is None or end is None:
            return []
        state = initial_state(desk_id, start)
    out.extend(finish(state, end if end is not None else state.last_at, schedule))
    return out


def schedule_split(
    desk_id: str, state: DeskStateName, start: dt.datetime, end: dt.datetime, schedule: Schedule
) -> list[PresenceInterval]:
    """[start, end) in `state`, with the closed hours as OFF_HOURS (e.g. a recovery gap as OFFLINE)."""
    return list(_retile((), start, end, state, schedule, desk_id))


def absence_incidents(intervals: Iterable[PresenceInterval], incident_min_s: float) -> list[AbsenceIncident]:
    """ABSENT runs of at least `incident_min_s`: the one rule, domain.presence_policy.absence_incidents."""
    spans = (AbsentSpan(i.desk_id, i.start, i.end) for i in intervals if i.state is ABSENT)
    policy = PresencePolicy(incident_min_s=incident_min_s)
    return [AbsenceIncident(r.desk, r.start, r.end) for r in incident_rule(spans, policy)]


# --- internals ---------------------------------------------------------------------


def _label(decided: DeskStateName, schedule: Schedule, at: dt.datetime) -> DeskStateName:
    return decided if schedule.is_open(at) else OFF_HOURS


def _retile(
    pieces: Sequence[PresenceInterval],
    start: dt.datetime,
    end: dt.datetime,
    decided: DeskStateName,
    schedule: Schedule,
    desk_id: str,
) -> tuple[PresenceInterval, ...]:
    """Cut `pieces` at `start` and tile [start, end) with `decided`, masked by the schedule."""
    if pieces:  # never reach back before what is still held (handed-out time is final)
        start = max(start, pieces[0].start)
    kept: list[PresenceInterval] = []
    for p in pieces:
        if p.end <= start:
            kept.append(p)
        elif p.start < start:
            kept.append(replace(p, end=start))
    t = start
    while t < end:
        change = schedule.next_change(t)
        stop = end if change is None or change > end else change
        label = _label(decided, schedule, t)
        if kept and kept[-1].state is label and kept[-1].end == t:
            kept[-1] = replace(kept[-1], end=stop)
        else:
            kept.append(PresenceInterval(desk_id, label, t, stop))
        t = stop
    return tuple(kept)


def _require_aware(at: dt.datetime) -> None:
    if at.tzinfo is None:
        raise ValueError("presence times must be timezone-aware (UTC)")
