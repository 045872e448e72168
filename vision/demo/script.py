"""The ground truth of a composed scene: who sits where, when, and what the camera shows.

A :class:`SceneScript` is both the recipe the compositor renders and the truth the
replay is scored against. Times are seconds from the first frame of the video.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: float
    end: float

    def __post_init__(self) -> None:
        if not self.end > self.start >= 0:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def contains(self, t: float) -> bool:
        return self.start <= t < self.end

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class DeskScript:
    """One desk: its zone and when its staff member sits there."""

    desk_id: str
    name: str
    centre_x: int  # pixels, where the chair is
    staff_sprite: int  # index into sprites.staff_sprites()
    seated: tuple[Span, ...]  # sorted, disjoint
    shirt_bgr: tuple[int, int, int] | None = None  # recolour the staff member's shirt (compliance scenes)

    def seated_at(self, t: float) -> bool:
        return any(s.contains(t) for s in self.seated)

    def absences(self, duration_s: float) -> tuple[Span, ...]:
        """The gaps between seated spans within [0, duration_s)."""
        out: list[Span] = []
        t = 0.0
        for s in self.seated:
            if s.start > t:
                out.append(Span(t, s.start))
            t = s.end
        if t < duration_s:
            out.append(Span(t, duration_s))
        return tuple(out)


@dataclass(frozen=True)
class Visit:
    """A citizen in front of the counter: standing still at x0 or walking x0 → x1."""

    span: Span
    sprite: int  # index into sprites.citizen_sprites()
    x0: int  # centre x at span.start, pixels
    x1: int  # centre x at span.end
    top: int  # head top y, pixels: just below the staff zone, so the box grazes it


@dataclass(frozen=True)
class SceneScript:
    name: str
    start: dt.datetime  # UTC time of the first frame
    duration_s: float
    fps: float
    desks: tuple[DeskScript, ...]
    visits: tuple[Visit, ...] = ()
    no_signal: tuple[Span, ...] = ()  # black / blue "no signal" frames
    frozen: tuple[Span, ...] = ()  # the same picture repeated
    width: int = 640
    height: int = 360
    seed: int = 0
    blue_no_signal: bool = False  # DVR-style blue screen instead of black

    def offline_spans(self) -> tuple[Span, ...]:
        return tuple(sorted(self.no_signal + self.frozen, key=lambda s: s.start))

    def offline_at(self, t: float) -> bool:
        return any(s.contains(t) for s in self.no_signal + self.frozen)

    @property
    def n_frames(self) -> int:
        return int(round(self.duration_s * self.fps))

    def at(self, t: float) -> dt.datetime:
        return self.start + dt.timedelta(seconds=t)


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


# --- the zone geometry shared by the compositor and the sites file --------------------

COUNTER_TOP = 0.625  # counter's upper edge, fraction of the frame height (225 px at 360)
ZONE_TOP, ZONE_BOTTOM = 0.22, 0.68  # the staff zone: head and torso of a seated person
ZONE_HALF_WIDTH = 0.14  # of the frame width, each side of the chair
STAFF_HEIGHT = 0.42  # a seated person's cut-out height (head to waist), of the frame height
STAFF_TOP = 0.27  # where the seated person's head is


def staff_zone(desk: DeskScript, width: int) -> list[list[float]]:
    cx = desk.centre_x / width
    x1, x2 = max(0.0, cx - ZONE_HALF_WIDTH), min(1.0, cx + ZONE_HALF_WIDTH)
    return [[round(x1, 4), ZONE_TOP], [round(x2, 4), ZONE_TOP], [round(x2, 4), ZONE_BOTTOM], [round(x1, 4), ZONE_BOTTOM]]


# --- scripted scenes -----------------------------------------------------------------

MONDAY_0900 = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.timezone.utc)  # 09:00 in Asia/Ho_Chi_Minh


def random_script(
    name: str,
    seed: int,
    duration_s: float,
    fps: float = 5.0,
    start: dt.datetime = MONDAY_0900,
    grace_s: float = 60.0,
    incident_s: float = 300.0,
    frozen_after_s: float = 30.0,
    n_offline: int = 2,
) -> SceneScript:
    """A 3-desk scene with a random but reproducible day: sit-downs, short breaks
    (< grace), absences (> grace, < incident), long absences (> incident + grace),
    citizens standing at desks and walking past, black and frozen stretches.

    Absence lengths keep clear of the thresholds so the truth is unambiguous.
    """
    rng = random.Random(seed)
    width = 640
    # Outages first, spread over the video: black ("no signal") and frozen in turn.
    no_signal, frozen = [], []
    for k in range(n_offline):
        at = (k + rng.uniform(0.3, 0.7)) / n_offline * duration_s
        if k % 2 == 0:
            length = rng.uniform(0.3, 1.0) * grace_s
            no_signal.append(Span(round(at, 1), round(min(at + length, duration_s - 1), 1)))
        else:
            length = frozen_after_s + rng.uniform(0.5, 1.5) * grace_s
            frozen.append(Span(round(at, 1), round(min(at + length, duration_s - 1), 1)))
    # A long absence never overlaps an outage (give or take the grace period): whether
    # an absence the camera partly missed is one incident, two or none is a policy
    # question the truth should not have to answer. Such a person stays seated until
    # the outage is over, then leaves.
    guarded = [Span(max(0.0, o.start - grace_s), o.end + grace_s) for o in no_signal + frozen]
    desks = []
    for i, cx in enumerate((110, 320, 530)):
        seated: list[Span] = []
        t = rng.uniform(0, 0.5 * grace_s) if rng.random() < 0.5 else 0.0  # some start late
        while t < duration_s:
            sit = rng.uniform(2.5, 8.0) * grace_s
            end = t + sit
            kind = rng.random()
            long_away = rng.uniform(incident_s + 1.5 * grace_s, incident_s + 3 * grace_s)
            if kind >= 0.7:
                for g in sorted(guarded, key=lambda g: g.start):
                    if _overlap(Span(end, end + long_away), g):
                        end = g.end
            end = min(duration_s, end)
            seated.append(Span(round(t, 1), round(end, 1)))
            if kind < 0.45:
                away = rng.uniform(0.15, 0.6) * grace_s  # short break: stays PRESENT
            elif kind < 0.7:
                away = rng.uniform(1.6 * grace_s, max(1.7 * grace_s, 0.7 * incident_s))
            else:
                away = long_away
            t = end + away
        desks.append(DeskScript(f"d{i + 1}", f"Quầy {i + 1}", cx, i % 4, tuple(seated)))
    visits = []
    t = rng.uniform(5, 30)
    while t < duration_s - 10:
        length = rng.uniform(8, 40)
        span = Span(round(t, 1), round(min(duration_s, t + length), 1))
        sprite = rng.randrange(4)
        top = int(0.635 * 360) + rng.randint(0, 18)
        if rng.random() < 0.5:
            x = rng.choice((110, 320, 530)) + rng.randint(-30, 30)
            visits.append(Visit(span, sprite, x, x, top))
        else:
            a, b = (-60, width + 60) if rng.random() < 0.5 else (width + 60, -60)
            visits.append(Visit(span, sprite, a, b, top))
        t = span.end + rng.uniform(10, 60)
    return SceneScript(
        name=name, start=start, duration_s=duration_s, fps=fps, desks=tuple(desks),
        visits=tuple(visits), no_signal=tuple(no_signal), frozen=tuple(frozen), seed=seed,
        blue_no_signal=bool(seed % 2),
    )
