"""Demo desk presence for a recent month: intervals that tile time per desk, camera outages, dress checks."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection

from data.demo.bulk import US_PER_S, BulkWriter
from data.demo.calendar import Session, sessions_on
from data.demo.org import DemoDesk, Org
from data.demo.violations import write_violations
from domain.states import CameraHealth, DeskStateName
from domain.timezone import local_day_start_utc

DAY_S = 86_400
PRESENT, ABSENT, OFFLINE, OFF_HOURS = (DeskStateName.PRESENT.value, DeskStateName.ABSENT.value,
                                       DeskStateName.OFFLINE.value, DeskStateName.OFF_HOURS.value)
SOURCE = "demo"

Segment = tuple[int, int, str]  # [start, end) seconds after the window start, state


@dataclass(frozen=True)
class PresenceWindow:
    """30 local days ending with `end_date` (inclusive)."""

    end_date: dt.date
    days: int = 30

    @property
    def first_day(self) -> dt.date:
        return self.end_date - dt.timedelta(days=self.days - 1)

    @property
    def start_utc(self) -> dt.datetime:
        return local_day_start_utc(self.first_day)

    @property
    def end_utc(self) -> dt.datetime:
        return local_day_start_utc(self.end_date + dt.timedelta(days=1))

    def day(self, i: int) -> dt.date:
        return self.first_day + dt.timedelta(days=i)


@dataclass(frozen=True)
class PresenceCounts:
    intervals: int
    camera_outages: int
    compliance: int
    violations: int


def write_presence(conn: Connection, rng: np.random.Generator, org: Org, window: PresenceWindow,
                   progress: Callable[[float], None] | None = None) -> PresenceCounts:
    writer = BulkWriter(conn)
    base_us = int(window.start_utc.timestamp()) * US_PER_S
    outages = _camera_outages(rng, org, window)
    outage_rows = [(cam, a, b) for cam, spans in outages.items() for a, b in spans]
    writer.write("camera_health_interval", ["camera_id", "state", "start_at", "end_at"], [
        [r[0] for r in outage_rows], [CameraHealth.OFFLINE.value] * len(outage_rows),
        writer.datetimes(np.array([base_us + r[1] * US_PER_S for r in outage_rows], dtype=np.int64)),
        writer.datetimes(np.array([base_us + r[2] * US_PER_S for r in outage_rows], dtype=np.int64)),
    ])

    desk_col, state_col, start_col, end_col = [], [], [], []
    comp: list[tuple[int, int | None, int, str, str, float | None]] = []
    for n, desk in enumerate(org.desks):
        segments, observations = _desk_timeline(rng, desk, window, outages.get(desk.camera_id, []))
        desk_col += [desk.id] * len(segments)
        state_col += [s[2] for s in segments]
        start_col += [s[0] for s in segments]
        end_col += [s[1] for s in segments]
        comp += observations
        if progress and n % 50 == 0:
            progress(n / len(org.desks))
    starts = base_us + np.array(start_col, dtype=np.int64) * US_PER_S
    ends = base_us + np.array(end_col, dtype=np.int64) * US_PER_S
    writer.write("presence_interval", ["desk_id", "state", "start_at", "end_at", "source"], [
        desk_col, state_col, writer.datetimes(starts), writer.datetimes(ends), [SOURCE] * len(desk_col),
    ])
    writer.write("compliance_observation", ["desk_id", "staff_id", "observed_at", "rule", "result", "score"], [
        [c[0] for c in comp], [c[1] for c in comp],
        writer.datetimes(base_us + np.array([c[2] for c in comp], dtype=np.int64) * US_PER_S),
        [c[3] for c in comp], [c[4] for c in comp], [c[5] for c in comp],
    ])
    violations = write_violations(conn, comp, window)
    return PresenceCounts(len(desk_col), len(outage_rows), len(comp), violations)


def _camera_outages(rng: np.random.Generator, org: Org, window: PresenceWindow) -> dict[int, list[tuple[int, int]]]:
    """OFFLINE stretches per camera, always inside opening hours so desks and health agree."""
    saturday = {u.id: u.saturday_opening for u in org.units}
    broken = set(rng.choice([c.id for c in org.cameras], size=min(2, len(org.cameras)), replace=False).tolist())
    broken_from = {cid: int(rng.integers(0, max(window.days - 3, 1))) for cid in broken}
    out: dict[int, list[tuple[int, int]]] = {}
    for cam in org.cameras:
        spans: list[tuple[int, int]] = []
        for i in range(window.days):
            offset = i * DAY_S
            sessions = sessions_on(window.day(i), saturday[cam.unit_id])
            if cam.id in broken and broken_from[cam.id] <= i < broken_from[cam.id] + 2:
                spans += [(offset + s.start_s, offset + s.end_s) for s in sessions]  # a two-day failure
                continue
            for s in sessions:
                if rng.random() < 0.03:
                    long = rng.random() < 0.3
                    length = int(rng.integers(1800, 10800) if long else rng.integers(120, 1800))
                    a = s.start_s + int(rng.integers(0, s.end_s - s.start_s - 60))
                    spans.append((offset + a, offset + min(a + length, s.end_s)))
        if spans:
            out[cam.id] = spans
    return out


def _desk_timeline(rng: np.random.Generator, desk: DemoDesk, window: PresenceWindow,
                   outages: list[tuple[int, int]]) -> tuple[list[Segment], list]:
    """The desk's states over the window (merged, gap-free) and a few dress-code checks."""
    habit = float(rng.lognormal(0.0, 0.45))  # some desks are left more often than others
    segments: list[Segment] = []
    observations = []
    for i in range(window.days):
        day = window.day(i)
        offset = i * DAY_S
        day_segments: list[Segment] = [(offset, offset + DAY_S, OFF_HOURS)]
        for s in sessions_on(day, desk.saturday_opening):
            for a, b, state in _session(rng, s, habit):
                day_segments = _paint(day_segments, offset + a, offset + b, state)
        for a, b in outages:
            if offset <= a < offset + DAY_S:
                day_segments = _paint(day_segments, a, b, OFFLINE)
        segments += day_segments
        staff = desk.staff_on(day)
        present = [seg for seg in day_segments if seg[2] == PRESENT and seg[1] - seg[0] >= 600]
        if present and rng.random() < 0.35:
            seg = present[int(rng.integers(len(present)))]
            t = int(rng.integers(seg[0] + 60, seg[1] - 60))
            for rule, fail_p in (("badge", 0.05 * habit), ("uniform", 0.04 * habit)):
                observations.append((desk.id, staff, t, rule, *_check(rng, fail_p)))
    return _merge(segments), observations


def _session(rng: np.random.Generator, s: Session, habit: float) -> list[Segment]:
    """PRESENT over the session, then ABSENT for a late start, an early close and breaks."""
    out: list[Segment] = [(s.start_s, s.end_s, PRESENT)]
    if rng.random() < 0.07 * habit:
        out.append((s.start_s, s.start_s + int(rng.integers(300, 1800)), ABSENT))  # late opening
    if rng.random() < 0.05 * habit:
        out.append((s.end_s - int(rng.integers(600, 2400)), s.end_s, ABSENT))  # early closing
    hours = (s.end_s - s.start_s) / 3600
    for _ in range(int(rng.poisson(0.5 * hours * habit))):
        long = rng.random() < 0.25
        length = int(rng.integers(300, 2100) if long else rng.integers(30, 240))
        a = s.start_s + int(rng.integers(0, s.end_s - s.start_s - 30))
        out.append((a, min(a + length, s.end_s), ABSENT))
    return out


def _check(rng: np.random.Generator, fail_p: float) -> tuple[str, float | None]:
    x = rng.random()
    if x < 0.06:
        return "UNKNOWN", None if rng.random() < 0.5 else round(float(rng.uniform(0.4, 0.6)), 3)
    if x < 0.06 + fail_p:
        return "FAIL", round(float(rng.uniform(0.05, 0.4)), 3)
    return "PASS", round(float(rng.uniform(0.7, 0.99)), 3)


def _paint(segments: list[Segment], a: int, b: int, state: str) -> list[Segment]:
    """Overwrite [a, b) with `state`, keeping the list sorted and gap-free."""
    if b <= a:
        return segments
    out: list[Segment] = []
    for x, y, s in segments:
        if y <= a or x >= b:
            out.append((x, y, s))
            continue
        if x < a:
            out.append((x, a, s))
        if y > b:
            out.append((b, y, s))
    out.append((a, b, state))
    out.sort()
    return out


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbours in the same state; overlapping breaks leave sub-minute slivers, absorb them."""
    segments = [seg for seg in segments if seg[1] > seg[0]]
    staffed = (PRESENT, ABSENT)
    for i in range(1, len(segments) - 1):
        (_, _, before), (x, y, s), (_, _, after) = segments[i - 1], segments[i], segments[i + 1]
        if y - x < 60 and s in staffed and before == after and before in staffed and before != s:
            segments[i] = (x, y, before)
    out: list[Segment] = []
    for x, y, s in segments:
        if y <= x:
            continue
        if out and out[-1][2] == s and out[-1][1] == x:
            out[-1] = (out[-1][0], y, s)
        else:
            out.append((x, y, s))
    return out
