"""What every import leaves behind: its `import_batch` row and its audit-log entry."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, insert, update

from data import audit
from data.access import Scope
from data.dossiers.importer.model import ImportResult
from data.schema import ImportBatch

AUDIT_ACTION = "import"
AUDIT_MOVES = 50  # (old unit, new unit) pairs kept in one audit entry


@dataclass(frozen=True)
class BatchInfo:
    kind: str  # 'dossiers' | 'dossier_summary'
    file: str
    sha256: str | None  # None when the file could not be read at all
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


def record_batch(conn: Connection, info: BatchInfo, *, rows_read: int, rows_rejected: int, status: str) -> int:
    """A batch that imported nothing (rejected or failed)."""
    batch_id = start_batch(conn, info)
    finish_batch(conn, batch_id, rows_read=rows_read, rows_imported=0, rows_rejected=rows_rejected, status=status)
    return batch_id


def _scope_unit(scope: Scope) -> int | None:
    """The root unit of a scope (its path ends in its own id), None for the whole province."""
    if scope.unit_path is None:
        return None
    last = scope.unit_path.rstrip("/").rsplit("/", 1)[-1]
    return int(last) if last.isdigit() else None


def audit_import(conn: Connection, scope: Scope, info: BatchInfo, result: ImportResult) -> None:
    """One audit entry per import, in the caller's transaction: who, which file (name and digest), what it did."""
    audit.record(conn, scope.username, AUDIT_ACTION,
                 target=f"import_batch:{result.batch_id}" if result.batch_id is not None else f"file:{info.file}",
                 unit_id=_scope_unit(scope), detail={
                     "kind": info.kind, "file": info.file, "sha256": info.sha256, "status": result.status,
                     "rows_read": result.rows_read, "rows_imported": result.rows_imported,
                     "rows_bad": result.rows_bad, "added": result.added, "updated": result.updated,
                     "moved": result.moved, "refused": result.refused,
                     # which units lost and gained records (ids, the largest moves first)
                     "moves": [{"from": m.from_unit_id, "to": m.to_unit_id, "n": m.count}
                               for m in result.moves[:AUDIT_MOVES]],
                 })
