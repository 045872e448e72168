"""The demo's looping day at the counter: who leaves when, and which camera drops out.

Every desk of the demo site gets one composed scene per camera that loops every
``loop_s`` seconds. Within one loop (fractions of it):

* 0.00–0.15 and 0.80–1.00: everyone seated; citizens come to the counter near the end;
* the unit's first desk is away 0.15–0.75: long enough to become an absence incident
  (past the 300 s threshold at the default 12-minute loop; a short test loop's threshold is
  0.4 of the loop), whose face-blurred picture the worker takes;
* every other desk is away once for 0.20 of the loop, staggered (at a test's 48 s loop,
  9.6 s against a 3 s grace: a worker analysing each camera only every few seconds on a
  busy machine still sees it);
* the last camera goes dark (its stream stops, as a camera losing power) 0.50–0.65,
  so its desks show "camera offline" and the store gets OFFLINE time. Its desks take
  their breaks before that, so the absences stay visible.

The thresholds scale with the loop so a short loop (tests) still shows every state.
The loop's clock (:class:`LoopClock`) starts once the worker has analysed every camera,
so its first pass is seen whole however long the worker took to load.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from data.demo.live_site import DemoSite
from vision.demo.compose import PresenceSettings
from vision.demo.script import MONDAY_0900, DeskScript, SceneScript, Span, Visit
from vision.demo.sprites import APP_STAFF

WIDTH, HEIGHT = 640, 360
LONG_AWAY = (0.15, 0.75)
BREAK = 0.20
DROPOUT = (0.50, 0.65)
CITIZENS = (0.82, 0.97)


def _clamp(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


@dataclass(frozen=True)
class DemoTiming:
    loop_s: float = 720.0
    fps: float = 5.0  # frames a second each stream sends

    def __post_init__(self) -> None:
        if self.loop_s < 20:
            raise ValueError(f"vòng lặp quá ngắn: {self.loop_s} s (the loop needs at least 20 s)")

    @property
    def sample_fps(self) -> float:
        # Analysed frames a second per camera: half a frame keeps CPU modest on a small machine;
        # a short (test) loop needs every second to see its short breaks.
        return 1.0 if self.loop_s < 180 else 0.5

    @property
    def presence(self) -> PresenceSettings:
        return PresenceSettings(
            present_after_s=round(_clamp(self.loop_s / 120, 1, 5), 1),
            absent_grace_s=round(_clamp(self.loop_s / 30, 3, 20), 1),
            # 300 s at a real loop (the store's default); a short (test) loop's long absence still becomes
            # an incident, so its face-blurred picture is taken as at a real desk (issue 13).
            incident_min_s=300 if self.loop_s >= 600 else round(0.4 * self.loop_s, 1),
            offline_after_s=round(_clamp(self.loop_s / 60, 2, 10), 1),
            frozen_after_s=30,
            sample_fps=self.sample_fps,
        )

    def span(self, a: float, b: float) -> Span:
        return Span(round(a * self.loop_s, 2), round(b * self.loop_s, 2))

    def dropout_at(self, phase_s: float) -> bool:
        """Whether the last camera is dark at this many seconds into the loop."""
        return self.span(*DROPOUT).contains(phase_s % self.loop_s)


class LoopClock:
    """The scenes' clock for DemoStreams: stands at 0 (everyone seated) until started, then counts seconds.

    The demo starts it once the worker has analysed every camera: loading the worker takes
    a few seconds, or many more on a busy machine, and a loop already running would show
    the worker some later part of it first (a short test loop would need two passes' time).
    """

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._t0: float | None = None

    def start(self) -> None:
        if self._t0 is None:
            self._t0 = self._monotonic()

    @property
    def started(self) -> bool:
        return self._t0 is not None

    def __call__(self) -> float:
        t0 = self._t0
        return 0.0 if t0 is None else self._monotonic() - t0


def _seated(away: Span, loop_s: float) -> tuple[Span, ...]:
    return tuple(s for s in (Span(0, away.start) if away.start > 0 else None, Span(away.end, loop_s)) if s)


def loop_scripts(site: DemoSite, timing: DemoTiming) -> tuple[SceneScript, ...]:
    """One looping script per camera of the site, in the site's camera order."""
    L = timing.loop_s
    last = len(site.cameras) - 1
    others = [d.code for c in site.cameras[:last] for d in c.desks][1:] if last > 0 else []
    scripts = []
    g = 0
    for ci, cam in enumerate(site.cameras):
        n = len(cam.desks)
        desks = []
        for k, desk in enumerate(cam.desks):
            if g == 0:
                away = timing.span(*LONG_AWAY)
            elif ci == last:  # before the dropout
                a = 0.18 + 0.04 * k
                away = timing.span(a, a + BREAK)
            else:
                j = others.index(desk.code)
                a = 0.20 + 0.45 * j / max(1, len(others))
                away = timing.span(a, a + BREAK)
            centre = int(round((k + 0.5) * WIDTH / n))
            desks.append(DeskScript(desk.code, desk.name, centre, APP_STAFF[g % len(APP_STAFF)], _seated(away, L)))
            g += 1
        # A citizen comes to the first desk, another walks past.
        top = int(0.635 * HEIGHT) + 6
        first = desks[0].centre_x
        visits = (
            Visit(timing.span(CITIZENS[0], CITIZENS[0] + 0.06), ci % 2, first + 20, first + 20, top),
            Visit(timing.span(CITIZENS[0] + 0.07, CITIZENS[1]), 2 + ci % 2, WIDTH + 60, -60, top + 8),
        )
        scripts.append(SceneScript(
            name=f"demo-{cam.code}", start=MONDAY_0900, duration_s=L, fps=timing.fps, desks=tuple(desks),
            visits=visits, width=WIDTH, height=HEIGHT, seed=101 + ci,
        ))
    return tuple(scripts)
