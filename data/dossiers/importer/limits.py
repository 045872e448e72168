"""How big a file an import takes, checked before anything reads it.

An XLSX/ODS workbook is a zip archive: a 12 MB file can unpack to
hundreds of megabytes (and a few gigabytes of parser memory). Its central
directory says the unpacked size of every member, so a workbook that
unpacks too far, or a member compressed far beyond what a spreadsheet
compresses (a zip bomb), is refused before the spreadsheet reader opens it.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from data.dossiers.importer.errors import ERRORS_PER_COLUMN
from data.dossiers.importer.model import FileProblem

MB = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
# Small members (styles, a sheet of one repeated cell) may compress far; only big ones can bomb.
RATIO_FROM_BYTES = MB


@dataclass(frozen=True)
class ImportLimits:
    """max_file_bytes None = any size (the command line); the upload page passes its setting."""

    max_file_bytes: int | None = None
    max_unpacked_bytes: int = 100 * MB
    max_ratio: float = 100.0  # unpacked / compressed, per archive member
    errors_per_column: int = ERRORS_PER_COLUMN

    def __post_init__(self) -> None:
        if self.max_file_bytes is not None and self.max_file_bytes < 1:
            raise ValueError("max_file_bytes must be positive")
        if self.max_unpacked_bytes < 1 or self.max_ratio < 1 or self.errors_per_column < 1:
            raise ValueError("import limits must be positive")


def size_text(n: float) -> str:
    """'2,5 MB', '12 KB', '200 byte' (Vietnamese decimal comma)."""
    if n >= MB:
        return f"{n / MB:.1f} MB".replace(".", ",")
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{int(n)} byte"


def check_file(path: Path, limits: ImportLimits) -> None:
    """FileProblem when `path` is larger than allowed, or an archive out of bounds or damaged."""
    size = path.stat().st_size
    if limits.max_file_bytes is not None and size > limits.max_file_bytes:
        size, cap = size_text(size), size_text(limits.max_file_bytes)
        raise FileProblem(f"tệp dung lượng {size}, vượt giới hạn {cap} (file is {size}, the limit is {cap})")
    with path.open("rb") as f:
        head = f.read(4)
    if head == ZIP_MAGIC:
        check_archive(path, limits)


def check_archive(path: Path, limits: ImportLimits) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileProblem(f"tệp bảng tính bị hỏng, không đọc được cấu trúc nén (damaged workbook archive: {exc})")
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unpacked_bytes:
        size, cap = size_text(unpacked), size_text(limits.max_unpacked_bytes)
        raise FileProblem(f"bảng tính giải nén ra {size}, vượt giới hạn {cap}; hãy chia nhỏ tệp hoặc lưu dạng CSV "
                          f"(workbook unpacks to {size}, over the {cap} limit)")
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > RATIO_FROM_BYTES and ratio > limits.max_ratio:
            raise FileProblem(f"thành phần '{m.filename}' của bảng tính nén tỷ lệ {ratio:.0f}:1, vượt giới hạn "
                              f"{limits.max_ratio:.0f}:1 — tệp có dấu hiệu 'bom nén' (archive member compressed "
                              f"{ratio:.0f}:1, over the {limits.max_ratio:.0f}:1 limit)")
