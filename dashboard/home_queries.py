"""What the home page ("Cần xử lý") reads, through data/ (scoped there) and the worker's live files.

Queue counts, waiting explanations and the desks' states now are read fresh on every run (they change
with every decision and every few seconds); the month's unit figures and overdue dossiers are cached.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import presence_queries as pq
from dashboard.live_state import DeskNow, desks_now, live_dir, read_snapshots
from dashboard.store import engine_for
from data.access import Scope
from data.dress_code.queue import pending_queue
from data.home.staff_decisions import IncidentNoteLine, decisions_for_staff
from data.review.pending import WaitingExplanation, waiting_explanations
from data.home.overdue import OverdueUnit, overdue_by_unit
from data.home.worst_units import UnitFigures, child_unit_figures
from domain.states import DeskStateName
from domain.timezone import local_day_start_utc

TTL = dt.timedelta(minutes=10)
NEEDS_LOOK = (DeskStateName.ABSENT.value, DeskStateName.OFFLINE.value)


@dataclass(frozen=True)
class DeskLine:
    """A desk whose state now needs a look (absent, camera offline)."""

    desk_id: int
    desk_name: str
    unit_id: int
    unit_name: str
    staff: str
    state: str
    since: dt.datetime | None  # UTC


@dataclass(frozen=True)
class QueueCounts:
    violations: int
    samples: int


def desk_states(url: str, desks: pd.DataFrame, now: dt.datetime, scope: Scope) -> list[DeskNow]:
    """What each desk of `desks` (unit_desks rows) does now, as the live page sees it (the worker's fresh
    snapshot, else the store); no heartbeat is touched: the home page shows no pictures."""
    if desks.empty:
        return []
    stored = pq.current_states(url, tuple(int(i) for i in desks["desk_id"]), now, scope)
    directory = live_dir()
    snapshots = read_snapshots(directory, {c for c in desks["camera_code"].dropna()})
    return desks_now(desks, stored, snapshots, directory, now)


def desks_needing_a_look(url: str, desks: pd.DataFrame, now: dt.datetime, scope: Scope) -> list[DeskLine]:
    """Desks of `desks` absent or offline now; absent first, each group longest first."""
    states = desk_states(url, desks, now, scope)
    if not states:
        return []
    info = desks.set_index("desk_id")
    lines = [DeskLine(s.desk_id, str(info.at[s.desk_id, "desk_name"]), int(info.at[s.desk_id, "unit_id"]),
                      str(info.at[s.desk_id, "unit_name"]), str(info.at[s.desk_id, "staff"] or ""), s.state, s.since)
             for s in states if s.state in NEEDS_LOOK]
    far_past = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(lines, key=lambda d: (NEEDS_LOOK.index(d.state), d.since or far_past, d.desk_id))


def waiting(url: str, scope: Scope) -> list[WaitingExplanation]:
    """Every explanation waiting (the page shows a few and counts them all)."""
    return waiting_explanations(engine_for(url), scope, limit=None)


def decisions(url: str, scope: Scope, since: dt.datetime) -> list[IncidentNoteLine]:
    return decisions_for_staff(engine_for(url), scope, since)


def dress_code_counts(url: str, scope: Scope) -> QueueCounts:
    page = pending_queue(engine_for(url), scope, page_size=1)
    return QueueCounts(page.violations_left, page.samples_left)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=16)
def overdue(url: str, scope: Scope, today: dt.date) -> list[OverdueUnit]:
    """Due before `today` (local) and still unresolved; a new day counts afresh."""
    return overdue_by_unit(engine_for(url), scope, local_day_start_utc(today))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=16)
def unit_figures(url: str, scope: Scope, start: dt.date, end: dt.date) -> list[UnitFigures]:
    return child_unit_figures(engine_for(url), scope, start, end)
