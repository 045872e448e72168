"""The worker's store writes, off the analysis loop: one writer thread and what it still holds.

The analysis loop hands over what closed (presence and camera-health intervals, compliance
samples, violations, absence snapshots, kept PASS samples) with `submit`, which only takes a lock. The writer
thread writes everything held, oldest first, in one transaction; only a committed batch is
let go, so a failed or stalled write loses nothing and a retry writes the same rows in the
same order (the appends clip what is already stored: no gap, no overlap).

While the store is away the hand-over stays bounded without losing what the cameras showed:

* an interval that abuts the held one of the same desk (or camera) with the same state
  extends it instead of adding a row, so held intervals grow with state changes only;
* compliance *samples* (single-frame judgments) are capped at ``max_samples``, the oldest
  dropped first and counted; violations, absence snapshots and kept PASS samples (a few a day)
  are always kept;
* checkpoints are not queued: they are small local files the loop writes itself (the
  durable spool), holding everything not yet committed (`unwritten_for`), so a crash during
  an outage loses nothing either; only the newest checkpoint per camera matters.

`status()` says how far behind the writer is; the worker warns within seconds and shows it
in its stats (`WorkerStats.store_behind`).
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from domain.records import CameraHealthInterval, ComplianceObservation, PassSample, PresenceInterval
from vision.compliance.stage import AbsenceEvidence
from vision.compliance.window import ComplianceRun
from vision.store_checkpoints import Unwritten
from vision.store_link import StoreTimeouts
from vision.store_writer import StoreWriter

log = logging.getLogger("vision.store")

Interval = TypeVar("Interval", PresenceInterval, CameraHealthInterval)


@dataclass(frozen=True)
class StoreLag:
    unwritten: int  # rows held (intervals, samples, runs, snapshots, PASS samples)
    oldest_s: float  # how long the oldest of them has waited
    failures: int  # failed attempts in a row
    last_error: str | None
    behind: bool  # held longer than warn_after_s: the worker warns and flags it
    dropped_samples: int  # compliance samples let go because too many were held


@dataclass(frozen=True)
class _Taken:
    presence: int = 0
    health: int = 0
    samples: int = 0
    runs: int = 0
    absences: int = 0
    passes: int = 0


def _coalesce(held: list[Interval], iv: Interval, owner: Callable[[Interval], str], frozen: int) -> None:
    """Append `iv`, or extend the owner's newest held interval it continues (never one in flight)."""
    for k in range(len(held) - 1, frozen - 1, -1):
        prev = held[k]
        if owner(prev) == owner(iv):
            if prev.state == iv.state and prev.end == iv.start:
                held[k] = replace(prev, end=iv.end)
                return
            break
    held.append(iv)


class BackgroundWriter:
    """Owns every store write of a running worker (see the module doc)."""

    def __init__(self, writer: StoreWriter, timeouts: StoreTimeouts = StoreTimeouts(),
                 clock: Callable[[], float] = time.monotonic, engine: Engine | None = None) -> None:
        """`engine`: the one to write through (default the writer's; the worker gives one with a
        short SQLite busy_timeout). `clock` dates what is held (StoreLag.oldest_s); retries
        always wait on the real clock."""
        self.writer, self.timeouts, self._clock, self.engine = writer, timeouts, clock, engine
        self._cv = threading.Condition()
        self._presence: list[PresenceInterval] = []
        self._health: list[CameraHealthInterval] = []
        self._samples: list[ComplianceObservation] = []
        self._runs: list[ComplianceRun] = []
        self._absences: list[AbsenceEvidence] = []
        self._passes: list[PassSample] = []
        self._taken = _Taken()  # the prefix of each list the thread is writing now
        self._since: float | None = None  # when the oldest held row was handed over
        self._failures = 0
        self._last_error: str | None = None
        self._dropped = 0
        self._stopping = False
        self._abandoned = False
        self._thread = threading.Thread(target=self._run, name="store-writer", daemon=True)

    # ── the loop's side (never waits on the store) ────────────────────────────────────
    def start(self) -> "BackgroundWriter":
        self._thread.start()
        return self

    def submit(
        self, presence: Iterable[PresenceInterval] = (), health: Iterable[CameraHealthInterval] = (),
        observations: Iterable[ComplianceObservation] = (), runs: Iterable[ComplianceRun] = (),
        absences: Iterable[AbsenceEvidence] = (), pass_samples: Iterable[PassSample] = (),
    ) -> None:
        with self._cv:
            for p in presence:
                _coalesce(self._presence, p, lambda i: i.desk_id, self._taken.presence)
            for h in health:
                _coalesce(self._health, h, lambda i: i.camera_id, self._taken.health)
            self._samples.extend(observations)
            self._runs.extend(r for r in runs if r.is_violation)
            self._absences.extend(absences)
            self._passes.extend(pass_samples)
            over = len(self._samples) - self.timeouts.max_samples
            if over > 0:  # the oldest samples not being written right now
                first = self._taken.samples
                del self._samples[first:first + over]
                self._dropped += over
            if self._since is None and self._held() > 0:
                self._since = self._clock()
            self._cv.notify_all()

    def unwritten_for(self, camera_id: str, desk_ids: Iterable[str]) -> Unwritten:
        """One camera's intervals not committed yet (including those being written now)."""
        desks = set(desk_ids)
        with self._cv:
            return Unwritten(tuple(p for p in self._presence if p.desk_id in desks),
                             tuple(h for h in self._health if h.camera_id == camera_id))

    def status(self) -> StoreLag:
        with self._cv:
            held = self._held()
            age = self._clock() - self._since if self._since is not None and held else 0.0
            return StoreLag(held, age, self._failures, self._last_error,
                            held > 0 and age >= self.timeouts.warn_after_s, self._dropped)

    def flush(self, timeout: float) -> bool:
        """Wait (at most `timeout` s) until everything held is written; False if rows are still held."""
        deadline = time.monotonic() + timeout
        with self._cv:
            while self._held() and (left := deadline - time.monotonic()) > 0:
                self._cv.wait(left)
            return self._held() == 0

    def close(self, timeout: float) -> bool:
        """Write what is held (waiting at most `timeout` s) and stop; False if rows are still held."""
        with self._cv:
            self._stopping = True
            self._cv.notify_all()
        self._thread.join(timeout)
        with self._cv:
            done = not self._thread.is_alive() and self._held() == 0
            if not done:
                self._abandoned = True  # the thread ends after its current attempt; the caller checkpoints
                self._cv.notify_all()
            return done

    # ── the writer thread ──────────────────────────────────────────────────────────────
    def _held(self) -> int:
        return (len(self._presence) + len(self._health) + len(self._samples) + len(self._runs) + len(self._absences)
                + len(self._passes))

    def _run(self) -> None:
        while True:
            with self._cv:
                while not self._held() and not self._stopping:
                    self._cv.wait()
                if self._abandoned or not self._held():
                    return
                self._taken = _Taken(len(self._presence), len(self._health), len(self._samples), len(self._runs),
                                     len(self._absences), len(self._passes))
                batch = (self._presence[:], self._health[:], self._samples[:], self._runs[:], self._absences[:])
                passes = self._passes[:]
            try:
                self.writer.write_now(*batch, engine=self.engine, pass_samples=passes)
            except (OperationalError, InterfaceError) as exc:  # unreachable, stalled or locked store
                self._failed(exc)
                continue
            except Exception:  # a real bug: say so, and do not let one batch block every later one
                log.exception("store writer: a batch could not be written and is dropped")
            self._written()

    def _failed(self, exc: Exception) -> None:
        with self._cv:
            self._taken = _Taken()
            self._failures += 1
            self._last_error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
            if self._failures == 1:
                log.info("store write failed, retrying every %.1f s: %s", self.timeouts.retry_s, self._last_error)
            retry_at = time.monotonic() + self.timeouts.retry_s  # new rows do not make it retry sooner
            while not self._abandoned and (left := retry_at - time.monotonic()) > 0:
                self._cv.wait(left)

    def _written(self) -> None:
        with self._cv:
            t = self._taken
            del self._presence[:t.presence], self._health[:t.health], self._samples[:t.samples]
            del self._runs[:t.runs], self._absences[:t.absences], self._passes[:t.passes]
            self._taken = _Taken()
            if self._failures:
                log.info("store writes resumed after %d failed attempts", self._failures)
            self._failures, self._last_error = 0, None
            self._since = self._clock() if self._held() else None
            self._cv.notify_all()

