"""Audit entries for what a person looks at: live views and evidence pictures.

A page reruns on every click; the same look (same unit and desks, same
picture) is logged once per session, not once per rerun.
"""
from __future__ import annotations

import streamlit as st

from dashboard.store import engine_for
from data.access import Scope
from data.audit import record_now

_SEEN_KEY = "audit.seen"


def audit_once(url: str, scope: Scope, action: str, target: str, unit_id: int | None = None,
               detail: dict | None = None) -> bool:
    """Write one audit row unless this session already logged the same action and target; True if written."""
    seen: set = st.session_state.setdefault(_SEEN_KEY, set())
    key = (action, target)
    if key in seen:
        return False
    record_now(engine_for(url), scope.username, action, target=target, unit_id=unit_id, detail=detail)
    seen.add(key)
    return True
