"""Window aggregation: per desk and rule, single-frame verdicts → runs that a window agrees on.

Pure (no I/O, no clock): samples go in in time order, runs come out.

At each sample the verdict of the trailing window ``(t - window_s, t]`` is:

* UNKNOWN while fewer than ``min_samples`` decided (PASS/FAIL) samples lie in it —
  UNKNOWN samples are never counted as PASS or FAIL;
* FAIL when at least ``fail_frac`` of the decided samples are FAIL;
* PASS when at least ``fail_frac`` of them are PASS;
* UNKNOWN otherwise (the window does not agree).

So one bad frame never makes a violation: it takes ``fail_frac`` of at least
``min_samples`` samples. Consecutive samples with the same window verdict form a
run; a gap longer than ``window_s`` without samples (nobody at the desk, camera
down) ends the run and empties the window. A FAIL run is a violation.
"""
from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, replace

from vision.compliance.rules import Verdict


@dataclass(frozen=True)
class WindowParams:
    min_samples: int = 5  # N: decided samples the window needs before it may agree
    window_s: float = 300.0  # M minutes, in seconds
    fail_frac: float = 0.7  # share of the decided samples that must agree
    sample_s: float = 1.0  # how long one sample stands for (the end of a run's last sample)

    def __post_init__(self) -> None:
        if self.min_samples < 1 or self.window_s <= 0 or not 0.5 < self.fail_frac <= 1 or self.sample_s <= 0:
            raise ValueError(f"bad window parameters: {self}")


@dataclass(frozen=True)
class Sample:
    desk_id: str
    rule: str
    at: dt.datetime
    result: Verdict
    score: float | None = None


@dataclass(frozen=True)
class ComplianceRun:
    """One desk, one rule, one window verdict over [start, end)."""

    desk_id: str
    rule: str
    result: Verdict
    start: dt.datetime
    end: dt.datetime
    samples: int  # samples taken during the run (all results)
    fail_samples: int  # of those, single-frame FAILs
    evidence: str | None = None  # snapshot path (violations only)
    # From the sample whose window first agreed on FAIL (what a supervisor's decision needs):
    score: float | None = None  # the rule's score on it
    person_box: tuple[float, float, float, float] | None = None  # the person in the snapshot, pixels
    crop_path: str | None = None  # the clean, face-blurred person crop beside the snapshot
    model_version: str | None = None  # what judged it (vision.compliance.versions)

    @property
    def is_violation(self) -> bool:
        return self.result is Verdict.FAIL


class WindowAggregator:
    """One desk and rule. ``push`` samples in time order; closed runs come back."""

    def __init__(self, desk_id: str, rule: str, params: WindowParams = WindowParams()) -> None:
        self.desk_id, self.rule, self.params = desk_id, rule, params
        self._window: deque[Sample] = deque()
        self._run: ComplianceRun | None = None
        self._last_at: dt.datetime | None = None

    @property
    def current(self) -> ComplianceRun | None:
        """The open run (its ``end`` is the last sample's end so far)."""
        return self._run

    def verdict(self) -> Verdict:
        decided = [s for s in self._window if s.result is not Verdict.UNKNOWN]
        if len(decided) < self.params.min_samples:
            return Verdict.UNKNOWN
        fails = sum(s.result is Verdict.FAIL for s in decided)
        if fails >= self.params.fail_frac * len(decided):
            return Verdict.FAIL
        if len(decided) - fails >= self.params.fail_frac * len(decided):
            return Verdict.PASS
        return Verdict.UNKNOWN

    def push(self, sample: Sample) -> list[ComplianceRun]:
        if sample.desk_id != self.desk_id or sample.rule != self.rule:
            raise ValueError(f"sample for {sample.desk_id}/{sample.rule} pushed to {self.desk_id}/{self.rule}")
        if self._last_at is not None and sample.at < self._last_at:
            raise ValueError(f"samples out of order: {sample.at} after {self._last_at}")
        closed: list[ComplianceRun] = []
        window = dt.timedelta(seconds=self.params.window_s)
        if self._last_at is not None and sample.at - self._last_at > window:
            closed.extend(self.finish())  # a long gap: nothing carries over
        self._last_at = sample.at
        self._window.append(sample)
        while self._window and self._window[0].at <= sample.at - window:
            self._window.popleft()
        verdict = self.verdict()
        end = sample.at + dt.timedelta(seconds=self.params.sample_s)
        fail = int(sample.result is Verdict.FAIL)
        run = self._run
        if run is not None and run.result is verdict:
            self._run = replace(run, end=end, samples=run.samples + 1, fail_samples=run.fail_samples + fail)
        else:
            if run is not None:
                closed.append(replace(run, end=sample.at))
            self._run = ComplianceRun(self.desk_id, self.rule, verdict, sample.at, end, 1, fail)
        return closed

    def finish(self) -> list[ComplianceRun]:
        """Close the open run (at its last sample's end) and forget the window."""
        run, self._run = self._run, None
        self._window.clear()
        return [run] if run is not None else []

    def set_evidence(self, path: str, *, crop_path: str | None = None, score: float | None = None,
                     person_box: tuple[float, float, float, float] | None = None,
                     model_version: str | None = None) -> None:
        """Attach a snapshot (and what was judged on it) to the open run (a violation's evidence)."""
        if self._run is not None:
            self._run = replace(self._run, evidence=path, crop_path=crop_path, score=score, person_box=person_box,
                                model_version=model_version)


def aggregate(samples: Iterable[Sample], params: WindowParams = WindowParams()) -> list[ComplianceRun]:
    """Every run of every (desk, rule) in ``samples`` (each group in time order)."""
    groups: dict[tuple[str, str], WindowAggregator] = {}
    out: list[ComplianceRun] = []
    for s in sorted(samples, key=lambda s: s.at):
        agg = groups.setdefault((s.desk_id, s.rule), WindowAggregator(s.desk_id, s.rule, params))
        out.extend(agg.push(s))
    for agg in groups.values():
        out.extend(agg.finish())
    out.sort(key=lambda r: (r.desk_id, r.rule, r.start))
    return out


def violations(runs: Iterable[ComplianceRun]) -> list[ComplianceRun]:
    return [r for r in runs if r.is_violation]
