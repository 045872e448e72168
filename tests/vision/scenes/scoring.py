"""Scoring replay output against a scene's ground truth (used by tests and bench/).

Expected state of a desk at video second t:

* OFFLINE inside a scripted black / frozen stretch;
* PRESENT while the staff member is seated, and during a break shorter than the
  grace period (a short break is not an absence);
* ABSENT during a longer absence.

"Outside the hysteresis windows": seconds right after a change that the rules cannot
see yet are not scored — ``present_after_s`` after someone sits down,
``absent_grace_s`` after they leave, ``frozen_after_s`` after a picture freezes,
the first sample period after any change, and ``present_after_s`` / ``absent_grace_s``
after an outage ends. Every other office-hour second is.

Incidents: a true incident is an absence (during office hours) lasting at least
``incident_min_s + absent_grace_s``; an absence shorter than ``incident_min_s`` is
surely not one; lengths in between are ambiguous and neither rewarded nor punished.
A found incident matches a true one when they overlap, one to one (a single long
ABSENT run cannot take the credit for several true incidents).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from vision.demo.compose import PresenceSettings
from vision.demo.script import SceneScript, Span

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
_WINDOWS = ((7 * 3600 + 1800, 11 * 3600 + 1800), (13 * 3600 + 1800, 17 * 3600))


def office_open(t: dt.datetime) -> bool:
    """The default office hours, written out independently of domain.office_hours."""
    local = t.astimezone(LOCAL)
    if local.weekday() >= 5:
        return False
    s = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
    return any(a <= s < b for a, b in _WINDOWS)


@dataclass(frozen=True)
class Interval:
    """A replay interval in video seconds (from the JSON or from PresenceInterval)."""

    desk: str
    state: str
    start: float
    end: float


def intervals_from_json(doc: dict, origin: dt.datetime) -> list[Interval]:
    out = []
    for i in doc["intervals"]:
        s = dt.datetime.fromisoformat(i["start"].replace("Z", "+00:00"))
        e = dt.datetime.fromisoformat(i["end"].replace("Z", "+00:00"))
        out.append(Interval(i["desk"], i["state"], (s - origin).total_seconds(), (e - origin).total_seconds()))
    return out


def intervals_from_result(intervals: Iterable, origin: dt.datetime) -> list[Interval]:
    return [
        Interval(i.desk_id, i.state.value, (i.start - origin).total_seconds(), (i.end - origin).total_seconds())
        for i in intervals
    ]


def state_at(intervals: Sequence[Interval], desk: str, t: float) -> str | None:
    for i in intervals:
        if i.desk == desk and i.start <= t < i.end:
            return i.state
    return None


def expected_state(script: SceneScript, settings: PresenceSettings, desk_index: int, t: float) -> str:
    if not office_open(script.at(t)):
        return "OFF_HOURS"
    if script.offline_at(t):
        return "OFFLINE"
    desk = script.desks[desk_index]
    if desk.seated_at(t):
        return "PRESENT"
    gap = next(g for g in desk.absences(script.duration_s) if g.contains(t))
    if gap.seconds < settings.absent_grace_s and gap.end < script.duration_s:
        return "PRESENT"  # a short break; one still running at the end of the video is undecided
    return "ABSENT"


def excluded(script: SceneScript, settings: PresenceSettings, desk_index: int, t: float) -> bool:
    """Is second t inside a hysteresis window (not scored)?"""
    sample = 1.0 / settings.sample_fps + 1.0
    desk = script.desks[desk_index]
    windows: list[Span] = []
    if t < max(settings.present_after_s, settings.absent_grace_s) + sample:
        return True  # the very start: nothing is decided yet
    for s in desk.seated:
        windows.append(Span(max(0.0, s.start - sample), s.start + settings.present_after_s + sample))
        windows.append(Span(max(0.0, s.end - sample), s.end + settings.absent_grace_s + sample))
    for o in script.no_signal:
        windows.append(Span(max(0.0, o.start - sample), o.start + sample))
    for o in script.frozen:
        windows.append(Span(max(0.0, o.start - sample), o.start + settings.frozen_after_s + sample))
    for o in script.offline_spans():
        windows.append(Span(o.end - sample, o.end + max(settings.present_after_s, settings.absent_grace_s) + sample))
    return any(w.contains(t) for w in windows)


@dataclass(frozen=True)
class SceneScore:
    scored_s: int  # office-hour seconds outside the hysteresis windows, all desks
    correct_s: int
    all_s: int  # every office-hour second, all desks
    all_correct_s: int
    offline_as_absent_s: int  # scripted outage seconds labelled ABSENT (must be 0)
    true_incidents: int
    found_incidents: int
    matched_incidents: int  # true incidents found
    false_incidents: int  # found incidents that overlap no true or ambiguous absence
    mistakes: tuple[str, ...]  # a few examples, for failure messages

    @property
    def accuracy(self) -> float:
        return self.correct_s / self.scored_s if self.scored_s else 1.0

    @property
    def accuracy_all(self) -> float:
        return self.all_correct_s / self.all_s if self.all_s else 1.0

    @property
    def precision(self) -> float:
        hits = self.found_incidents - self.false_incidents
        return hits / self.found_incidents if self.found_incidents else 1.0

    @property
    def recall(self) -> float:
        return self.matched_incidents / self.true_incidents if self.true_incidents else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "SceneScore") -> "SceneScore":
        return SceneScore(
            *(getattr(self, f) + getattr(other, f) for f in (
                "scored_s", "correct_s", "all_s", "all_correct_s", "offline_as_absent_s", "true_incidents",
                "found_incidents", "matched_incidents", "false_incidents")),
            mistakes=(self.mistakes + other.mistakes)[:20],
        )


def _incidents(intervals: Sequence[Interval], desk: str, min_s: float) -> list[Span]:
    """ABSENT runs ≥ min_s (abutting ABSENT intervals join), in video seconds."""
    runs: list[list[float]] = []
    for i in sorted((i for i in intervals if i.desk == desk and i.state == "ABSENT"), key=lambda i: i.start):
        if runs and i.start <= runs[-1][1] + 1e-6:
            runs[-1][1] = max(runs[-1][1], i.end)
        else:
            runs.append([i.start, i.end])
    return [Span(a, b) for a, b in runs if b - a >= min_s]


def score_scene(script: SceneScript, settings: PresenceSettings, intervals: Sequence[Interval]) -> SceneScore:
    scored = correct = all_s = all_ok = off_abs = 0
    mistakes: list[str] = []
    true_inc = found = matched = false = 0
    for k, desk in enumerate(script.desks):
        for sec in range(int(script.duration_s)):
            t = sec + 0.5
            got = state_at(intervals, desk.desk_id, t)
            if script.offline_at(t) and got == "ABSENT":
                off_abs += 1
            if not office_open(script.at(t)):
                continue
            want = expected_state(script, settings, k, t)
            all_s += 1
            all_ok += got == want
            if excluded(script, settings, k, t):
                continue
            scored += 1
            if got == want:
                correct += 1
            elif len(mistakes) < 10:
                mistakes.append(f"{desk.desk_id} t={t:.1f}s want {want} got {got}")
        gaps = [
            g for g in desk.absences(script.duration_s)
            if office_open(script.at(g.start)) and office_open(script.at(g.end - 0.001))
        ]
        truth = [g for g in gaps if g.seconds >= settings.incident_min_s + settings.absent_grace_s]
        ambiguous = [g for g in gaps if settings.incident_min_s <= g.seconds < settings.incident_min_s + settings.absent_grace_s]
        got_inc = _incidents(intervals, desk.desk_id, settings.incident_min_s)
        true_inc += len(truth)
        found += len(got_inc)
        pairs = _match(truth, got_inc)
        matched += len(pairs)
        paired = {f for _, f in pairs}
        false += sum(
            k not in paired and not any(_overlaps(g, f) for g in ambiguous) for k, f in enumerate(got_inc)
        )
    return SceneScore(scored, correct, all_s, all_ok, off_abs, true_inc, found, matched, false, tuple(mistakes))


def _match(truth: Sequence[Span], found: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs (true, found) of overlapping incidents, largest overlaps first:
    one long found run cannot take the credit for several true incidents."""
    cands = sorted(
        ((min(t.end, f.end) - max(t.start, f.start), i, k) for i, t in enumerate(truth) for k, f in enumerate(found)
         if _overlaps(t, f)),
        reverse=True,
    )
    used_t, used_f, pairs = set(), set(), []
    for _, i, k in cands:
        if i not in used_t and k not in used_f:
            used_t.add(i)
            used_f.add(k)
            pairs.append((i, k))
    return pairs


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
