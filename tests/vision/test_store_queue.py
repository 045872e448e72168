"""The worker's writer thread on a real store (SQLite; PostgreSQL with TEST_DATABASE_URL): what it
holds while the store is away, and that it writes all of it, in order, once the store is back."""
from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import create_engine, func, select
from worker_store_scene import A, P, local, rows, sites_doc  # tests/ is on sys.path

from data.schema import ComplianceObservation as ObservationRow
from data.schema import PresenceInterval as PresenceRow
from domain.records import ComplianceObservation, PresenceInterval
from domain.sites import parse_sites
from vision.store_link import StoreTimeouts
from vision.store_queue import BackgroundWriter
from vision.store_writer import StoreWriter

FAST = StoreTimeouts(retry_s=0.05, warn_after_s=5, max_samples=3)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def wait_until(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_held_while_the_store_is_away_then_written_in_order(engine, tmp_path):
    writer = StoreWriter(engine, parse_sites(sites_doc()), tmp_path / "state")
    ids = writer.sync()
    writer.engine = create_engine(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")  # cannot be opened
    clock = Clock()
    queue = BackgroundWriter(writer, FAST, clock=clock).start()
    minute = [local(3, 9, m) for m in range(6)]
    # Abutting intervals of one state extend the held one; a state change adds one.
    queue.submit([PresenceInterval("d1", P, minute[0], minute[1])])
    queue.submit([PresenceInterval("d1", P, minute[1], minute[2]), PresenceInterval("d2", A, minute[0], minute[2])])
    queue.submit([PresenceInterval("d1", A, minute[2], minute[3])])
    samples = [ComplianceObservation("d1", minute[k], "badge", "PASS") for k in range(5)]
    queue.submit(observations=samples)
    wait_until(lambda: queue.status().failures >= 2)
    lag = queue.status()
    assert (lag.unwritten, lag.dropped_samples, lag.behind) == (3 + 3, 2, False)  # 3 intervals, the 3 newest samples
    clock.now = 6.0
    assert queue.status().behind and "OperationalError" in (queue.status().last_error or "")
    held = queue.unwritten_for("cam1", ["d1"])  # what a checkpoint keeps meanwhile
    assert held.presence == (PresenceInterval("d1", P, minute[0], minute[2]), PresenceInterval("d1", A, minute[2], minute[3]))

    writer.engine = engine  # the store is back
    queue.submit([PresenceInterval("d1", A, minute[3], minute[4])])
    assert queue.flush(20) is True  # what a reload waits for before it recovers a camera
    assert queue.close(20) is True
    assert not queue.status().behind and queue.status().unwritten == 0
    d1 = [r[1:] for r in rows(engine, PresenceRow, PresenceRow.desk_id) if r[0] == ids.desk_ids["d1"]]
    assert d1 == [("PRESENT", minute[0], minute[2]), ("ABSENT", minute[2], minute[4])]
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(ObservationRow)).scalar_one() == 3


def test_a_store_that_never_comes_back_leaves_everything_held_for_the_checkpoint(engine, tmp_path):
    writer = StoreWriter(engine, parse_sites(sites_doc()), tmp_path / "state")
    writer.sync()
    writer.engine = create_engine(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")
    queue = BackgroundWriter(writer, FAST).start()
    iv = PresenceInterval("d1", P, local(3, 9), local(3, 9, 5))
    queue.submit([iv])
    assert queue.close(0.3) is False
    held = queue.unwritten_for("cam1", ["d1", "d2"])
    writer.checkpoint("cam1", local(3, 9, 5) + dt.timedelta(seconds=1), [], None, held)
    assert writer.checkpoints.load("cam1").presence == (iv,)
