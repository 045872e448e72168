"""A unit's presence policy and THE absence-incident rule every package calls.

The policy holds the thresholds of the presence state machine (vision.presence),
the incident threshold every page, review and export counts with, and how often
a camera is analysed. Defaults are the sites file's `presence` block and
`sample_fps`. A unit without its own policy inherits its nearest ancestor's,
then the province default (data.presence.policy).

The incident rule: abutting or overlapping ABSENT spans of one desk form one
run; a run lasting at least the desk's `incident_min_s` is an absence incident.
ABSENT only ever lies inside office hours (outside them a desk is OFF_HOURS), so
a lunch break or closing time ends a run. Times may be datetimes or epoch
seconds (the review reads seconds from SQL).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Generic, TypeVar

import numpy as np

# SQLite's julianday() arithmetic is exact to ~10 µs, not to the bit: a 300.000 s run may read 299.99999.
INCIDENT_TOLERANCE_S = 0.0005
MAX_SAMPLE_FPS = 30.0

K = TypeVar("K")  # a desk's key (store id or sites-file code)
T = TypeVar("T", dt.datetime, float)


@dataclass(frozen=True)
class PolicyProblem:
    field: str
    message: str  # Vietnamese first, English in brackets


@dataclass(frozen=True)
class PresencePolicy:
    present_after_s: float = 5.0  # PRESENT after this long seen in the staff zone
    absent_grace_s: float = 60.0  # ABSENT after this long unseen (short dropouts ignored)
    incident_min_s: float = 300.0  # an ABSENT run this long or longer is an absence incident
    sample_fps: float = 1.0  # analysed frames per second per camera

    def __post_init__(self) -> None:
        problems = policy_problems(self)
        if problems:
            raise ValueError("; ".join(f"{p.field}: {p.message}" for p in problems))

    @property
    def incident_minutes(self) -> int:
        return int(self.incident_min_s // 60)


def policy_problems(policy: PresencePolicy) -> list[PolicyProblem]:
    """What is wrong with these numbers (empty = a valid policy)."""
    return value_problems(policy.present_after_s, policy.absent_grace_s, policy.incident_min_s, policy.sample_fps)


def value_problems(present_after_s: object, absent_grace_s: object, incident_min_s: object,
                   sample_fps: object) -> list[PolicyProblem]:
    """The checks of a policy on numbers not made into one yet (a form's)."""
    out = []
    for name, value in (("present_after_s", present_after_s), ("absent_grace_s", absent_grace_s),
                        ("incident_min_s", incident_min_s)):
        if not _is_number(value) or value < 0:
            out.append(PolicyProblem(name, "phải là một số ≥ 0 (must be a number ≥ 0)"))
    if not _is_number(sample_fps) or not 0 < sample_fps <= MAX_SAMPLE_FPS:
        out.append(PolicyProblem("sample_fps", f"phải lớn hơn 0 và không quá {MAX_SAMPLE_FPS:g} "
                                               f"(must be above 0 and at most {MAX_SAMPLE_FPS:g})"))
    return out


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value  # NaN ≠ NaN


DEFAULT_POLICY = PresencePolicy()
POLICY_FIELDS = tuple(f.name for f in fields(PresencePolicy))


@dataclass(frozen=True, slots=True)
class AbsentSpan(Generic[K, T]):
    """One ABSENT interval of a desk."""

    desk: K
    start: T
    end: T


@dataclass(frozen=True, slots=True)
class AbsenceRun(Generic[K, T]):
    """Abutting ABSENT spans of one desk, joined; `seconds` = end − start."""

    desk: K
    start: T
    end: T
    seconds: float


@dataclass(frozen=True)
class IncidentColumns:
    """The incidents among spans given as columns, by desk then start (numpy arrays of equal length).

    `first` and `stop` index the spans as sorted by `order`: incident k joined spans
    order[first[k]:stop[k]].
    """

    desk: np.ndarray
    start_s: np.ndarray
    end_s: np.ndarray
    seconds: np.ndarray
    order: np.ndarray
    first: np.ndarray
    stop: np.ndarray


def is_incident(seconds: float, policy: PresencePolicy) -> bool:
    """Does an absence of `seconds` (a closed run, or one going on now) count as an incident?"""
    return seconds >= policy.incident_min_s - INCIDENT_TOLERANCE_S


def incident_columns(desk: np.ndarray, start_s: np.ndarray, end_s: np.ndarray,
                     incident_min_s: np.ndarray) -> IncidentColumns:
    """THE rule, on columns (epoch seconds; `incident_min_s` per span, its desk's threshold).

    A span joins the run when it starts at or before the furthest end seen so far at its desk;
    a run lasting at least the threshold (less INCIDENT_TOLERANCE_S) is an incident.
    Vectorised: a province-month (~50k spans) is never looped over span by span.
    """
    desk, start_s, end_s = np.asarray(desk), np.asarray(start_s, float), np.asarray(end_s, float)
    order = np.lexsort((end_s, start_s, desk))
    d, s, e = desk[order], start_s[order], end_s[order]
    if len(d) == 0:
        empty = np.array([], dtype=int)
        return IncidentColumns(d, s, e, e.copy(), order, empty, empty)
    bounds = np.flatnonzero(d[1:] != d[:-1]) + 1  # where a new desk starts
    furthest = np.concatenate([np.maximum.accumulate(g) for g in np.split(e, bounds)])
    before = np.concatenate(([-np.inf], furthest[:-1]))
    before[bounds] = -np.inf
    first = np.flatnonzero(s > before)  # rows that open a run
    stop = np.append(first[1:], len(d))
    run_end = np.maximum.reduceat(e, first)
    seconds = run_end - s[first]
    keep = seconds >= np.asarray(incident_min_s, float)[order][first] - INCIDENT_TOLERANCE_S
    return IncidentColumns(d[first][keep], s[first][keep], run_end[keep], seconds[keep], order, first[keep],
                           stop[keep])


def absence_incidents(spans: Iterable[AbsentSpan[K, T]],
                      policy: PresencePolicy | Callable[[K], PresencePolicy]) -> list[AbsenceRun[K, T]]:
    """The incidents among `spans` (any order; datetimes or seconds), by desk then start.

    `policy` is one for all desks, or a lookup per desk. The rule is `incident_columns`'.
    """
    spans = list(spans)
    if not spans:
        return []
    policy_of = policy if callable(policy) else (lambda _desk: policy)
    keys = {}
    for sp in spans:
        keys.setdefault(sp.desk, len(keys))  # desks in any hashable form, sorted as given
    ranked = sorted(keys, key=_sort_key)
    rank = {k: i for i, k in enumerate(ranked)}
    desk = np.fromiter((rank[sp.desk] for sp in spans), int, len(spans))
    start = np.fromiter((_epoch(sp.start) for sp in spans), float, len(spans))
    end = np.fromiter((_epoch(sp.end) for sp in spans), float, len(spans))
    threshold = np.array([policy_of(k).incident_min_s for k in ranked])[desk]
    found = incident_columns(desk, start, end, threshold)
    out = []
    for a, b in zip(found.first.tolist(), found.stop.tolist()):
        joined = [spans[i] for i in found.order[a:b]]
        run_end = max(sp.end for sp in joined)
        out.append(AbsenceRun(joined[0].desk, joined[0].start, run_end, _seconds(run_end - joined[0].start)))
    return out


def _sort_key(key: object) -> tuple[str, object]:
    return (type(key).__name__, key)


def _epoch(t: dt.datetime | float) -> float:
    return t.timestamp() if isinstance(t, dt.datetime) else float(t)


def _seconds(length: dt.timedelta | float) -> float:
    return length.total_seconds() if isinstance(length, dt.timedelta) else float(length)
