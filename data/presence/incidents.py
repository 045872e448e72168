"""Absence incidents on a day or going on now, each desk by its unit's presence policy.

The rule is domain.presence_policy's (abutting ABSENT intervals form one run;
ABSENT only lies inside office hours, so lunch or closing ends a run), with
each desk's threshold from data.presence.policy unless a caller overrides it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pandas as pd
from sqlalchemy import Connection, Engine, select

from data.access import Scope
from data.presence.incident_picture import incident_picture
from data.presence.intervals import current_states, day_intervals
from data.presence.policy import policies_for_desks
from data.schema import AbsenceEvidence, ComplianceObservation
from domain.presence_policy import DEFAULT_POLICY, AbsentSpan, PresencePolicy, absence_incidents, is_incident
from domain.states import DeskStateName
from domain.timezone import as_utc

# One policy for every desk, or each desk's (a desk id → policy lookup).
Policies = PresencePolicy | Callable[[int], PresencePolicy]
ABSENT = DeskStateName.ABSENT.value
INCIDENT_COLUMNS = ["desk_id", "start_at", "end_at", "seconds", "evidence_path"]
ABSENCE_COLUMNS = ["desk_id", "since", "seconds"]


def absence_runs(intervals: pd.DataFrame, policy: Policies = DEFAULT_POLICY) -> pd.DataFrame:
    """desk_id, start_at, end_at, seconds of the incidents among `intervals`, by desk then start."""
    absent = intervals[intervals["state"] == ABSENT]
    spans = map(AbsentSpan, absent["desk_id"].astype(int).tolist(),
                [t.to_pydatetime() for t in absent["start_at"]], [t.to_pydatetime() for t in absent["end_at"]])
    rows = [(r.desk, r.start, r.end, r.seconds) for r in absence_incidents(spans, policy)]
    df = pd.DataFrame(rows, columns=INCIDENT_COLUMNS[:-1])
    for col in ("start_at", "end_at"):
        df[col] = pd.to_datetime(df[col], utc=True).astype("datetime64[us, UTC]")
    df["seconds"] = df["seconds"].astype(float)
    return df


def stored_policies(conn: Connection, desk_ids: Sequence[int], incident_min_s: float | None) -> Policies:
    """Each desk's stored policy, or one threshold for all when the caller names one."""
    if incident_min_s is not None:
        return PresencePolicy(incident_min_s=incident_min_s)
    found = policies_for_desks(conn, desk_ids)
    return lambda desk_id: found.get(desk_id, DEFAULT_POLICY)


def day_incidents(conn: Connection | Engine, desk_ids: Sequence[int], day: dt.date,
                  incident_min_s: float | None = None, *, scope: Scope) -> pd.DataFrame:
    """The local day's absence incidents (clipped to the day), each with an evidence picture when one exists.

    Each desk counts by its unit's presence policy; `incident_min_s` overrides it for all.

    Evidence: the worker's snapshot of the absence (absence_evidence, keyed by
    the run's start), else the newest compliance picture taken at that desk
    during the incident; without one, `picture_missing` says why (data.presence.incident_picture).
    Desks outside `scope` are refused, so their evidence paths never come back.
    """
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return day_incidents(c, desk_ids, day, incident_min_s, scope=scope)
    intervals = day_intervals(conn, desk_ids, day, scope=scope)
    runs = absence_runs(intervals, stored_policies(conn, desk_ids, incident_min_s))
    pictures = [incident_picture(conn, int(d), s.to_pydatetime(), e.to_pydatetime())
                for d, s, e in zip(runs["desk_id"], runs["start_at"], runs["end_at"])]
    # object dtype keeps "no picture" as None (a string column would turn it into NaN)
    runs["evidence_path"] = pd.Series([p.path for p in pictures], index=runs.index, dtype=object)
    # Why there is no picture (data.presence.incident_picture.MISSING_REASONS), None when there is one.
    runs["picture_missing"] = pd.Series([p.missing for p in pictures], index=runs.index, dtype=object)
    return runs.reset_index(drop=True)


def absences_past(states: pd.DataFrame, now: dt.datetime, policy: Policies = DEFAULT_POLICY) -> pd.DataFrame:
    """Desks ABSENT long enough for an incident at `now`, longest first (states: desk_id, state, since)."""
    now = as_utc(now)
    policy_of = policy if callable(policy) else (lambda _desk: policy)
    absent = states[states["state"] == ABSENT]
    rows = [(int(d), s, (now - s.to_pydatetime()).total_seconds()) for d, s in zip(absent["desk_id"], absent["since"])]
    rows = [r for r in rows if is_incident(r[2], policy_of(r[0]))]
    rows.sort(key=lambda r: (-r[2], r[0]))
    df = pd.DataFrame(rows, columns=ABSENCE_COLUMNS)
    df["since"] = pd.to_datetime(df["since"], utc=True).astype("datetime64[us, UTC]")
    df["seconds"] = df["seconds"].astype(float)
    return df


def current_absences(conn: Connection | Engine, desk_ids: Sequence[int], now: dt.datetime,
                     incident_min_s: float | None = None, *, scope: Scope) -> pd.DataFrame:
    """Desks ABSENT long enough for an incident at `now` (each by its unit's policy), from the store alone."""
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return current_absences(c, desk_ids, now, incident_min_s, scope=scope)
    states = current_states(conn, desk_ids, now, scope=scope)
    return absences_past(states, now, stored_policies(conn, desk_ids, incident_min_s))
