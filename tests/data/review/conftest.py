"""One review store per module (building it is the slow part); tests read it and never change it,
except those that take the function-scoped `engine` fixture and build their own."""
from __future__ import annotations

import pytest

from data.db import make_engine
from stores import fresh_store


@pytest.fixture(scope="module")
def review_engine(tmp_path_factory):
    from review_store import build_review_store

    with fresh_store(tmp_path_factory.mktemp("review")) as url:
        engine = make_engine(url)
        store = build_review_store(engine)
        yield engine, store
        engine.dispose()
