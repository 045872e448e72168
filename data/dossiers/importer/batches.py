"""The `import_batch` audit row every imported file leaves behind."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, update

from data.schema import ImportBatch


@dataclass(frozen=True)
class BatchInfo:
    kind: str  # 'dossiers' | 'dossier_summary'
    file: str
    sha256: str
    started_at: dt.datetime


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def start_batch(conn: Connection, info: BatchInfo) -> int:
    return conn.execute(
        insert(ImportBatch).values(
            kind=info.kind, file_name=info.file, file_sha256=info.sha256, started_at=info.started_at,
            rows_read=0, rows_imported=0, rows_rejected=0, status="running",
        ).returning(ImportBatch.id)
    ).scalar_one()


def finish_batch(conn: Connection, batch_id: int, *, rows_read: int, rows_imported: int, rows_rejected: int,
                 status: str) -> None:
    conn.execute(
        update(ImportBatch).where(ImportBatch.id == batch_id).values(
            rows_read=rows_read, rows_imported=rows_imported, rows_rejected=rows_rejected,
            status=status, finished_at=now_utc(),
        )
    )


def record_batch(engine: Engine, info: BatchInfo, *, rows_read: int, rows_rejected: int, status: str) -> int:
    """A batch that imported nothing (rejected or failed), in its own transaction."""
    with engine.begin() as conn:
        batch_id = start_batch(conn, info)
        finish_batch(conn, batch_id, rows_read=rows_read, rows_imported=0, rows_rejected=rows_rejected,
                     status=status)
    return batch_id
