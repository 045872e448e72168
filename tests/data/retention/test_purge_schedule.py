"""The worker's purge timer: first run after a delay, then every period, one at a time, in a thread."""
from __future__ import annotations

import os
import time

from data.audit import AuditQuery, search
from data.retention.schedule import PurgeSchedule


def test_runs_when_due_then_waits_a_period(engine, tmp_path):
    live = tmp_path / "live"
    live.mkdir()
    stale = live / "CAM-OLD.jpg"
    stale.write_bytes(b"x")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    schedule = PurgeSchedule(engine, live, every_s=100.0, first_after_s=10.0)
    start = schedule.next_at - 10.0
    assert not schedule.tick(start + 5)  # not yet
    assert schedule.tick(start + 10)
    schedule.join(30)
    assert schedule.runs == 1 and not stale.exists()
    assert search(engine, AuditQuery(action="purge")).rows["target"].tolist() == ["live_frames"]
    assert not schedule.tick(start + 50)  # the next one is a period later
    assert schedule.tick(start + 111)
    schedule.join(30)
    assert schedule.runs == 2


def test_a_failing_purge_does_not_raise_into_the_worker(tmp_path):
    from sqlalchemy import create_engine

    broken = create_engine(f"sqlite:///{tmp_path / 'missing' / 'no.db'}")
    schedule = PurgeSchedule(broken, None, first_after_s=0.0)
    assert schedule.tick()
    schedule.join(30)
    assert schedule.runs == 0
