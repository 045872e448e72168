"""Shared fixtures: a fresh, migrated store per test (see tests/stores.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stores import close_stores, fresh_store  # noqa: E402

from data.db import make_engine  # noqa: E402


@pytest.fixture
def store_url(tmp_path):
    """A URL of an empty, migrated store; the same URL the CLI takes with --db."""
    with fresh_store(tmp_path) as url:
        yield url


@pytest.fixture
def engine(store_url):
    eng = make_engine(store_url)
    yield eng
    eng.dispose()


TESTS = Path(__file__).resolve().parent
# The files that take longest (a whole run's --durations), longest first. test.sh hands
# whole files to its xdist workers in collection order (--dist loadfile
# --no-loadscope-reorder): these go first, so neither worker is left running one of
# them at the end while the other idles.
LONG_FILES = tuple(TESTS / name for name in (
    "tools/badge/test_badge_retrain.py",  # one real (tiny) training run, evaluated and promoted
    "vision/test_demo_worker.py",  # a run of `vision demo`: worker start-up, then 42 s of its loop
    "vision/test_frozen_recordings.py",
    "vision/test_replay.py",
    "data/importer/test_import_cli.py",
    "data/test_demo.py",  # a 1 % demo store, twice (among the longest on PostgreSQL)
    "vision/compliance/badge/test_badge_model.py",
    "vision/test_detector.py",
    "vision/test_worker.py",
    "vision/test_worker_reload.py",
    "tools/badge/test_badge_export.py",
    "dashboard/test_accounts_page.py",
    "vision/test_presence.py",
    "vision/compliance/test_compliance_replay.py",
    "data/test_summary_import.py",
    "vision/test_worker_stalled_store.py",
    "vision/compliance/test_compliance_worker.py",
))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # Every test that touches a store is marked, so test.sh can rerun exactly
    # those on PostgreSQL with `-m store` (modules with their own stores set
    # `pytestmark = pytest.mark.store`).
    for item in items:
        if "store_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.store)
    rank = {path: k for k, path in enumerate(LONG_FILES)}
    items.sort(key=lambda item: rank.get(item.path, len(rank)))  # stable: the rest keep their order


def pytest_sessionfinish(session, exitstatus):
    close_stores()  # each xdist worker drops its own pooled PostgreSQL schemas
