"""Which store the app reads and the one engine per store URL."""
from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from data.db import open_store, resolve_url


def store_url() -> str:
    """DATABASE_URL or the default SQLite file, read on every run (tests switch it)."""
    return resolve_url(None)


def _dispose(engine: Engine) -> None:
    engine.dispose()


@st.cache_resource(show_spinner=False, on_release=_dispose)
def engine_for(url: str) -> Engine:
    """Opening also brings the schema up to date, once per URL and process."""
    return open_store(url)
