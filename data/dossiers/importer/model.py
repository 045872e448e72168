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
class ImportResult:
    file: str
    batch_id: int | None
    rows_read: int
    rows_imported: int
    errors: tuple[RowError, ...]
    status: str  # DONE | REJECTED

    @property
    def ok(self) -> bool:
        return self.status == DONE


class FileProblem(Exception):
    """The file as a whole cannot be imported; the message says why (Vietnamese first)."""
