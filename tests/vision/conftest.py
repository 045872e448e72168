"""Vision test settings: the models, loaded once a session; which worker runs stay off the PostgreSQL pass.

A `worker_run` test runs the worker (or the demo command) end to end on a store:
real streams, threads and timing. What such a run writes goes through the store
writer, whose SQL the store tests check on both SQLite and PostgreSQL
(test_store_writer, test_store_sites, test_store_queue, compliance/test_compliance_store,
tests/data/...), so test.sh runs these on SQLite only (`-m "store and not worker_run"`
on PostgreSQL): a second run would test the timing again, not the SQL.
test_worker_stalled_store is not one of them: its PostgreSQL run takes another path
(a TCP link that stops answering), so it reruns there.
"""
from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
WORKER_RUNS = frozenset({
    HERE / "test_worker.py",  # camera → store, crash recovery, a silent camera
    HERE / "test_worker_reload.py",  # a running worker picks up store changes
    HERE / "test_live_files_worker.py",  # live pictures' rate while watched
    HERE / "test_replay.py",  # a recorded day through the replay command
    HERE / "compliance" / "test_compliance_worker.py",  # compliance runs and blurred evidence
    HERE / "test_demo_worker.py",  # `vision demo`: composed cameras, the live worker
})


@pytest.fixture(scope="session")
def person_detector():
    """One person detector for the whole session (loading one takes about a second)."""
    from vision.detection.person import PersonDetector

    return PersonDetector()


@pytest.fixture(scope="session")
def face_detector():
    """One CenterFace detector for the whole session."""
    from vision.privacy import FaceDetector

    return FaceDetector()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.resolve() in WORKER_RUNS:
            item.add_marker(pytest.mark.worker_run)
