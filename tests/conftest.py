"""Shared fixtures: a fresh, migrated store per test.

SQLite by default (a file in tmp_path, WAL mode like production). With
TEST_DATABASE_URL pointing at PostgreSQL, each test gets its own schema
in that database, dropped afterwards.
"""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from data.db import make_engine, resolve_url, upgrade


def _pg_engine(base_url: str, schema: str):
    return make_engine(base_url, connect_args={"options": f"-csearch_path={schema}"})


@pytest.fixture
def store_url(tmp_path):
    """A URL of an empty, migrated store; the same URL the CLI takes with --db."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        url = f"sqlite:///{tmp_path / 'store.db'}"
        upgrade(make_engine(url))
        yield url
        return
    base = resolve_url(base)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as c:
        c.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.begin() as c:
        c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def engine(store_url):
    eng = make_engine(store_url)
    yield eng
    eng.dispose()


def pytest_collection_modifyitems(config, items):
    # Every test that touches a store is marked, so test.sh can rerun exactly
    # those on PostgreSQL with `-m store`.
    for item in items:
        if "store_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.store)
