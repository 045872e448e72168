"""Making throw-away stores for tests: SQLite files, or PostgreSQL schemas.

With TEST_DATABASE_URL set, each store is a fresh schema in that database
(dropped afterwards); otherwise a SQLite file in WAL mode like production.
"""
from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text

from data.db import make_engine, resolve_url, upgrade


@contextlib.contextmanager
def fresh_store(tmp_dir: Path) -> Iterator[str]:
    """The URL of an empty, migrated store — the same URL the CLIs take with --db."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        url = f"sqlite:///{tmp_dir / 'store.db'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
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
    try:
        yield url
    finally:
        with admin.begin() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
