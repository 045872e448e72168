"""Excuses, rejections, their withdrawals and staff explanations of incidents (table incident_note; rows are
never deleted).

An incident is keyed by desk, kind (absence | badge | uniform) and the UTC
start of its run. The newest excuse, rejection or withdrawal decides whether it counts
as excused (data.review.decisions); explanations never change the figures.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, select

from data.schema import IncidentNote
from domain.timezone import as_utc

KINDS = ("absence", "badge", "uniform")
NOTE_COLUMNS = ["desk_id", "incident_kind", "start_ms", "action", "text", "author", "created_at"]


def start_ms(value: dt.datetime | float) -> int:
    """The key of an incident's start: whole UTC milliseconds (both stores keep at least that)."""
    seconds = value if isinstance(value, float | int) else as_utc(value).timestamp()
    return int(round(seconds * 1000))


@dataclass(frozen=True)
class IncidentKey:
    desk_id: int
    kind: str
    start: dt.datetime  # UTC start of the run or violation

    @property
    def ms(self) -> int:
        return start_ms(self.start)


def notes_for(conn: Connection, desk_ids: list[int], lo: dt.datetime, hi: dt.datetime) -> pd.DataFrame:
    """Every note on incidents of `desk_ids` starting in [lo, hi), oldest first."""
    if not desk_ids:
        return _typed(pd.DataFrame(columns=NOTE_COLUMNS))
    rows = conn.execute(
        select(IncidentNote.desk_id, IncidentNote.incident_kind, IncidentNote.incident_start, IncidentNote.action,
               IncidentNote.text, IncidentNote.author, IncidentNote.created_at)
        .where(IncidentNote.desk_id.in_(desk_ids), IncidentNote.incident_start >= lo,
               IncidentNote.incident_start < hi)
        .order_by(IncidentNote.created_at, IncidentNote.id)
    ).all()
    df = pd.DataFrame([(int(d), k, start_ms(s), a, t, au, as_utc(c)) for d, k, s, a, t, au, c in rows],
                      columns=NOTE_COLUMNS)
    return _typed(df)


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    # Typed even when empty, so merges on (desk_id, kind, start_ms) line up.
    return df.astype({"desk_id": "int64", "start_ms": "int64", "incident_kind": object, "action": object,
                      "text": object, "author": object})


def excused_keys(notes: pd.DataFrame) -> set[tuple[int, str, int]]:
    """(desk_id, kind, start_ms) of incidents whose newest excuse, rejection or withdrawal is an excuse
    (data.review.decisions)."""
    decisive = notes[notes["action"].isin(["excuse", "withdraw", "reject"])]
    last = decisive.groupby(["desk_id", "incident_kind", "start_ms"], sort=False).tail(1)
    last = last[last["action"] == "excuse"]
    return {(int(d), k, int(s)) for d, k, s in zip(last["desk_id"], last["incident_kind"], last["start_ms"])}
