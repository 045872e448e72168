"""Absence incidents: ABSENT runs of at least `incident_min_s`, on a day or going on now.

The same rule as vision.presence.absence_incidents, on the store's rows:
abutting ABSENT intervals form one run; ABSENT only lies inside office hours
(outside them the worker writes OFF_HOURS), so lunch or closing ends a run.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Connection, Engine, select

from data.access import Scope
from data.presence.intervals import current_states, day_intervals
from data.schema import AbsenceEvidence, ComplianceObservation
from data.timezone import as_utc

INCIDENT_MIN_S = 300.0
INCIDENT_COLUMNS = ["desk_id", "start_at", "end_at", "seconds", "evidence_path"]
ABSENCE_COLUMNS = ["desk_id", "since", "seconds"]


def absence_runs(intervals: pd.DataFrame, incident_min_s: float = INCIDENT_MIN_S) -> pd.DataFrame:
    """desk_id, start_at, end_at, seconds of ABSENT runs lasting ≥ incident_min_s, by desk then start."""
    absent = intervals[intervals["state"] == "ABSENT"].sort_values(["desk_id", "start_at"])
    runs: list[list] = []
    for desk_id, start, end in zip(absent["desk_id"], absent["start_at"], absent["end_at"]):
        if runs and runs[-1][0] == desk_id and start <= runs[-1][2]:
            runs[-1][2] = max(runs[-1][2], end)
        else:
            runs.append([int(desk_id), start, end])
    rows = [(d, s, e, (e - s).total_seconds()) for d, s, e in runs if (e - s).total_seconds() >= incident_min_s]
    df = pd.DataFrame(rows, columns=INCIDENT_COLUMNS[:-1])
    for col in ("start_at", "end_at"):
        df[col] = pd.to_datetime(df[col], utc=True).astype("datetime64[us, UTC]")
    df["seconds"] = df["seconds"].astype(float)
    return df


def day_incidents(conn: Connection | Engine, desk_ids: Sequence[int], day: dt.date,
                  incident_min_s: float = INCIDENT_MIN_S, *, scope: Scope) -> pd.DataFrame:
    """The local day's absence incidents (clipped to the day), each with an evidence picture when one exists.

    Evidence: the worker's snapshot of the absence (absence_evidence, keyed by
    the run's start), else the newest compliance picture taken at that desk
    during the incident. Desks outside `scope` are refused, so their evidence paths never come back.
    """
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return day_incidents(c, desk_ids, day, incident_min_s, scope=scope)
    runs = absence_runs(day_intervals(conn, desk_ids, day, scope=scope), incident_min_s)
    # object dtype keeps "no picture" as None (a string column would turn it into NaN)
    runs["evidence_path"] = pd.Series([
        _evidence(conn, int(d), s.to_pydatetime(), e.to_pydatetime())
        for d, s, e in zip(runs["desk_id"], runs["start_at"], runs["end_at"])
    ], index=runs.index, dtype=object)
    return runs.reset_index(drop=True)


def _evidence(conn: Connection, desk_id: int, start: dt.datetime, end: dt.datetime) -> str | None:
    snapshot = conn.execute(
        select(AbsenceEvidence.evidence_path)
        .where(AbsenceEvidence.desk_id == desk_id, AbsenceEvidence.absent_since >= start,
               AbsenceEvidence.absent_since < end)
        .order_by(AbsenceEvidence.absent_since).limit(1)
    ).scalar_one_or_none()
    if snapshot:
        return snapshot
    return conn.execute(
        select(ComplianceObservation.evidence_path)
        .where(ComplianceObservation.desk_id == desk_id, ComplianceObservation.observed_at >= start,
               ComplianceObservation.observed_at <= end, ComplianceObservation.evidence_path.is_not(None),
               ComplianceObservation.evidence_path != "")
        .order_by(ComplianceObservation.observed_at.desc()).limit(1)
    ).scalar_one_or_none()


def absences_past(states: pd.DataFrame, now: dt.datetime, incident_min_s: float = INCIDENT_MIN_S) -> pd.DataFrame:
    """Desks ABSENT for at least incident_min_s at `now`, longest first (states: desk_id, state, since)."""
    now = as_utc(now)
    absent = states[states["state"] == "ABSENT"]
    rows = [(int(d), s, (now - s.to_pydatetime()).total_seconds()) for d, s in zip(absent["desk_id"], absent["since"])]
    rows = [r for r in rows if r[2] >= incident_min_s]
    rows.sort(key=lambda r: (-r[2], r[0]))
    df = pd.DataFrame(rows, columns=ABSENCE_COLUMNS)
    df["since"] = pd.to_datetime(df["since"], utc=True).astype("datetime64[us, UTC]")
    df["seconds"] = df["seconds"].astype(float)
    return df


def current_absences(conn: Connection | Engine, desk_ids: Sequence[int], now: dt.datetime,
                     incident_min_s: float = INCIDENT_MIN_S, *, scope: Scope) -> pd.DataFrame:
    """Desks ABSENT since ≥ incident_min_s at `now`, from the store alone."""
    return absences_past(current_states(conn, desk_ids, now, scope=scope), now, incident_min_s)
