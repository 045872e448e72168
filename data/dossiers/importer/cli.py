"""`python -m data import-dossiers FILE [FILE ...]`: bad rows to stderr, one line each.

An import that overwrote stored records says how many were added, updated and moved to another
unit, then one line per (old unit, new unit) of the moved ones. Exit code 0 when every file went in (with --skip-bad-rows, bad rows are
reported and skipped), 1 when a file was rejected or unreadable, 2 for a
bad --mapping file. Only the first errors of each column are printed, then
one line per column with its total. The command line imports province-wide,
audited as the account "cli".
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine
from tqdm import tqdm

from data.access import Scope
from data.dossiers.importer.headers import MappingError, load_mapping
from data.dossiers.importer.model import ImportResult, Progress

# Whoever may run the command line may already write the whole store.
CLI_SCOPE = Scope(username="cli", role="admin")
MOVES_SHOWN = 20  # (old unit, new unit) lines printed per file


def progress_bar(desc: str) -> tuple[Progress, Callable[[], None]]:
    """A tqdm bar on stderr (silent when stderr is not a terminal) as a (done, total) callback."""
    bar = tqdm(total=0, desc=desc, unit=" dòng", file=sys.stderr, disable=None, leave=False)

    def update(done: int, total: int) -> None:
        if bar.total != total:
            bar.total = total
        bar.n = done
        bar.refresh()

    return update, bar.close


def report(result: ImportResult) -> None:
    """Bad rows to stderr, one per line; one summary line per file."""
    for error in result.errors:
        print(error, file=sys.stderr)
    if result.errors_truncated:
        for c in result.error_columns:
            where = f'cột "{c.column}"' if c.column else "cả dòng"
            print(f"{result.file}: {where}: tổng cộng {c.errors} lỗi (chỉ in những lỗi đầu tiên của mỗi cột)",
                  file=sys.stderr)
    if result.ok:
        line = f"{result.file}: đã nhập {result.rows_imported}/{result.rows_read} dòng (lô #{result.batch_id})"
        if result.errors:
            line += f"; bỏ qua {result.rows_read - result.rows_imported} dòng lỗi"
        print(line)
        if result.updated:
            print(f"{result.file}: {result.added} mới, {result.updated} đã có được cập nhật, trong đó "
                  f"{result.moved} chuyển sang đơn vị khác")
            _print_moves(result)
    else:
        print(f"{result.file}: không nhập gì — {result.error_total} lỗi (file rejected)", file=sys.stderr)


def _print_moves(result: ImportResult) -> None:
    """After the counts, where the moved records went: one line per (old unit, new unit), most first."""
    for move in result.moves[:MOVES_SHOWN]:
        print(f"{result.file}: {move.count} chuyển từ {move.from_unit} sang {move.to_unit}")
    rest = result.moves[MOVES_SHOWN:]
    if rest:
        print(f"{result.file}: và {sum(m.count for m in rest)} chuyển giữa {len(rest)} cặp đơn vị khác")


def run_each(files: list[Path], one: Callable[[Path, Progress], ImportResult]) -> int:
    """Import every file with its own progress bar and report; 1 when any was rejected."""
    code = 0
    for path in files:
        update, close = progress_bar(Path(path).name)
        try:
            result = one(Path(path), update)
        finally:
            close()
        report(result)
        if not result.ok:
            code = 1
    return code


def run_import(engine: Engine, args) -> int:
    from data.dossiers.importer.service import import_dossier_file

    try:
        mapping = load_mapping(args.mapping) if args.mapping else None
    except MappingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return run_each(args.files, lambda path, update: import_dossier_file(
        engine, path, scope=CLI_SCOPE, skip_bad_rows=args.skip_bad_rows, mapping=mapping, province=args.province,
        progress=update, display_name=str(path)))
