"""The worker's purge timer: every `every_s` seconds the purge runs in a background thread.

A thread, because deleting a month of pictures must not stall the analysis loop;
one at a time, because a slow purge must not pile up behind itself.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from sqlalchemy import Engine

log = logging.getLogger("data.retention")

DEFAULT_EVERY_S = 3600.0
FIRST_AFTER_S = 60.0  # not at start-up: the worker has cameras to open first


class PurgeSchedule:
    def __init__(self, engine: Engine, live_dir: Path | None, every_s: float = DEFAULT_EVERY_S,
                 first_after_s: float = FIRST_AFTER_S) -> None:
        self.engine, self.live_dir, self.every_s = engine, live_dir, every_s
        self.next_at = time.monotonic() + first_after_s
        self._thread: threading.Thread | None = None
        self.runs = 0

    def tick(self, now_mono: float | None = None) -> bool:
        """Start a purge when one is due and none is running; True if one started."""
        now_mono = time.monotonic() if now_mono is None else now_mono
        if now_mono < self.next_at or (self._thread is not None and self._thread.is_alive()):
            return False
        self.next_at = now_mono + self.every_s
        self._thread = threading.Thread(target=self._run, name="retention-purge", daemon=True)
        self._thread.start()
        return True

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        from data.retention.purge import purge

        try:
            report = purge(self.engine, live_dir=self.live_dir)
        except Exception as exc:  # a failed purge must never stop the cameras; the next one retries
            log.warning("retention purge failed: %s", exc)
            return
        self.runs += 1
        if report.evidence or report.live_files or report.orphan_files:
            log.info("retention purge: %d evidence pictures, %d live files, %d unreferenced files deleted",
                     len(report.evidence), len(report.live_files), len(report.orphan_files))
