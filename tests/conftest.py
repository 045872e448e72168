"""Shared fixtures: a fresh, migrated store per test (see tests/stores.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stores import fresh_store  # noqa: E402

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


def pytest_collection_modifyitems(config, items):
    # Every test that touches a store is marked, so test.sh can rerun exactly
    # those on PostgreSQL with `-m store` (modules with their own stores set
    # `pytestmark = pytest.mark.store`).
    for item in items:
        if "store_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.store)
