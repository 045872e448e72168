"""A fresh dress-code store per test (the `engine` fixture's), pictures under tmp_path/evidence."""
from __future__ import annotations

import pytest


@pytest.fixture
def dress(engine, tmp_path):
    from dress_store import build_dress_store

    return build_dress_store(engine, tmp_path / "evidence")
