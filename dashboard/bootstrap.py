"""First start: an empty store gets the Lạng Sơn-shaped demo data, with progress shown."""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import streamlit as st

from dashboard import queries
from dashboard.format import fmt_int
from dashboard.i18n import lang, t
from dashboard.store import engine_for

if TYPE_CHECKING:
    from data.demo.generate import DemoSummary


class _Checked:
    """Store URLs already known to hold data, and a lock so two sessions don't both generate."""

    def __init__(self) -> None:
        self.urls: set[str] = set()
        self.lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def _checked() -> _Checked:
    return _Checked()


def ensure_demo_data(url: str) -> None:
    checked = _checked()
    if url in checked.urls:
        return
    with checked.lock:
        if url in checked.urls:
            return
        try:
            from data.demo.generate import generate_demo, store_is_empty
        except ImportError:
            # No generator yet: an empty store shows the pages' own "no data" hints.
            return
        engine = engine_for(url)
        if store_is_empty(engine):
            _generate(engine, generate_demo)
            queries.clear()
        checked.urls.add(url)


def _generate(engine, generate_demo) -> None:
    with st.status(t("demo.running"), expanded=True) as status:
        bar = st.progress(0.0)

        def progress(step: str, fraction: float) -> None:
            # The generator names its steps itself (in Vietnamese).
            bar.progress(min(1.0, max(0.0, fraction)), text=step)

        summary = generate_demo(engine, progress=progress)
        status.update(label=_summary_text(summary), state="complete", expanded=False)


def _summary_text(summary: DemoSummary) -> str:
    code = lang()
    return t("demo.done", units=fmt_int(summary.units, code), dossiers=fmt_int(summary.dossiers, code))
