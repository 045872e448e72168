"""Presence and camera-health intervals → rows.

A desk's (or a camera's) rows never overlap: an interval reaching back before the
newest row is clipped, and one that abuts the newest row with the same state extends
it. Writing the same interval twice is therefore harmless.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby

from sqlalchemy import Connection, insert, select, update

from data.schema import CameraHealthInterval as HealthRow
from data.schema import PresenceInterval as PresenceRow
from data.worker_store.sites import SiteIds, desk_key
from domain.records import CameraHealthInterval, PresenceInterval
from domain.timezone import as_utc


def append_presence(
    conn: Connection, ids: SiteIds, intervals: Iterable[PresenceInterval], source: str = "worker"
) -> int:
    """Add closed presence intervals; returns how many rows were inserted or extended."""
    changed = 0
    ordered = sorted(intervals, key=lambda i: (i.desk_id, i.start))
    for desk_code, group in groupby(ordered, key=lambda i: i.desk_id):
        desk_id = desk_key(ids, desk_code)
        changed += _append(
            conn, PresenceRow, PresenceRow.desk_id, desk_id,
            [(i.state.value, i.start, i.end) for i in group], extra={"source": source},
        )
    return changed


def append_health(conn: Connection, ids: SiteIds, intervals: Iterable[CameraHealthInterval]) -> int:
    """Add closed camera-health intervals; returns how many rows were inserted or extended."""
    changed = 0
    ordered = sorted(intervals, key=lambda i: (i.camera_id, i.start))
    for cam_code, group in groupby(ordered, key=lambda i: i.camera_id):
        if cam_code not in ids.camera_ids:
            raise KeyError(f"camera '{cam_code}' không có trong tệp sites (camera '{cam_code}' is not in the sites file)")
        changed += _append(
            conn, HealthRow, HealthRow.camera_id, ids.camera_ids[cam_code],
            [(i.state.value, i.start, i.end) for i in group], extra={},
        )
    return changed


def _append(
    conn: Connection, table, owner_col, owner_id: int,
    spans: Sequence[tuple[str, dt.datetime, dt.datetime]], extra: Mapping[str, str],
) -> int:
    last = conn.execute(
        select(table.id, table.state, table.end_at, *[getattr(table, k) for k in extra])
        .where(owner_col == owner_id)
        .order_by(table.start_at.desc(), table.id.desc())
        .limit(1)
    ).first()
    last_id, last_state, last_end = (last[0], last[1], as_utc(last[2])) if last else (None, None, None)
    last_extra = tuple(last[3:]) if last else ()
    changed = 0
    for state, start, end in spans:
        start, end = as_utc(start), as_utc(end)
        if last_end is not None:
            if end <= last_end:
                continue  # already written
            start = max(start, last_end)
        if start >= end:
            continue
        if last_end == start and last_state == state and last_extra == tuple(extra.values()):
            conn.execute(update(table).where(table.id == last_id).values(end_at=end))
        else:
            last_id = conn.execute(
                insert(table).values(
                    {owner_col.key: owner_id, "state": state, "start_at": start, "end_at": end, **extra}
                ).returning(table.id)
            ).scalar_one()
            last_state, last_extra = state, tuple(extra.values())
        last_end = end
        changed += 1
    return changed
