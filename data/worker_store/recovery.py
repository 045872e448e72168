"""What recovery after a crash asks the store: where each desk's and camera's rows end."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select

from data.schema import CameraHealthInterval as HealthRow
from data.schema import PresenceInterval as PresenceRow
from domain.timezone import as_utc


def presence_written_until(conn: Connection, desk_id: int) -> dt.datetime | None:
    """The end of the desk's newest presence row (store id); None when it has none."""
    return _latest_end(conn, PresenceRow, PresenceRow.desk_id, desk_id)


def health_written_until(conn: Connection, camera_id: int) -> dt.datetime | None:
    """The end of the camera's newest health row (store id); None when it has none."""
    return _latest_end(conn, HealthRow, HealthRow.camera_id, camera_id)


def _latest_end(conn: Connection, table, owner_col, owner_id: int) -> dt.datetime | None:
    value = conn.execute(
        select(table.end_at).where(owner_col == owner_id).order_by(table.start_at.desc(), table.id.desc()).limit(1)
    ).scalar_one_or_none()
    return as_utc(value) if value is not None else None
