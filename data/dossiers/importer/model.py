"""Values the importers hand back: one bad row, one imported file."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# (done, total) — the CLI drives tqdm with it, the upload page st.progress.
Progress = Callable[[int, int], None]

DONE = "done"
REJECTED = "rejected"


@dataclass(frozen=True)
class RowError:
    """A bad row as the user sees it: file, spreadsheet row / 1-based line, header as written.

    A problem with the whole file (cannot be read, no header row) has row 0
    and an empty column.
    """

    file: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        if self.row == 0:
            return f"{self.file}: {self.reason}"
        where = f'dòng {self.row}, cột "{self.column}"' if self.column else f"dòng {self.row}"
        return f"{self.file}: {where}: {self.reason}"


@dataclass(frozen=True)
class ColumnCount:
    """How many errors one column had (column "" = the row as a whole or the file)."""

    column: str
    errors: int


@dataclass(frozen=True)
class UnitMove:
    """Stored records an import put under another unit: how many went from one unit to another."""

    from_unit_id: int
    from_unit: str
    to_unit_id: int
    to_unit: str
    count: int


@dataclass(frozen=True)
class ImportResult:
    """One imported (or rejected) file.

    `errors` holds the first errors of each column only; `error_columns` counts
    all of them. added / updated / moved count stored records (dossiers, or
    summary rows): updated = existing ones overwritten, moved = those of them
    now under another unit. refused = rows naming a unit, or a dossier code,
    outside the importing account's scope.
    """

    file: str
    batch_id: int | None
    rows_read: int
    rows_imported: int
    errors: tuple[RowError, ...]
    status: str  # DONE | REJECTED
    rows_bad: int = 0
    error_columns: tuple[ColumnCount, ...] = ()
    added: int = 0
    updated: int = 0
    moved: int = 0
    refused: int = 0
    moves: tuple[UnitMove, ...] = ()  # `moved` by (old unit, new unit), most first

    @property
    def ok(self) -> bool:
        return self.status == DONE

    @property
    def error_total(self) -> int:
        return sum(c.errors for c in self.error_columns) if self.error_columns else len(self.errors)

    @property
    def errors_truncated(self) -> bool:
        return self.error_total > len(self.errors)


@dataclass(frozen=True)
class WriteCounts:
    """Stored records a write added, overwrote (updated) and, among those, put under another unit (moved)."""

    added: int = 0
    updated: int = 0
    moved: int = 0
    moves: tuple[UnitMove, ...] = ()


class FileProblem(Exception):
    """The file as a whole cannot be imported; the message says why (Vietnamese first)."""
