"""Which column holds which dossier field: the header vocabulary and the mapping file.

Headers are compared after `fold()` (case, diacritics, spacing), so
"Mã hồ sơ", "MA HO SO" and "ma  ho so" are one header. A note in
parentheses ("Ngày tiếp nhận (dd/mm/yyyy)") is ignored when the full
text is not known.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from data.text import fold

KEY = "code"
FIELDS = (
    "code", "procedure", "field", "unit", "level", "parent", "channel",
    "received_at", "due_at", "resolved_at", "returned_at", "status",
)
REQUIRED = ("code", "unit", "channel", "received_at")
MIN_OTHER_HEADERS = 3

# Earlier spellings win when two columns of one file claim the same field.
ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("Mã hồ sơ", "Số hồ sơ", "Mã số hồ sơ", "Mã HS", "Số HS"),
    "procedure": ("Tên thủ tục", "Thủ tục hành chính", "Tên thủ tục hành chính", "Tên TTHC", "Thủ tục"),
    "field": ("Lĩnh vực", "Tên lĩnh vực"),
    "unit": ("Đơn vị xử lý", "Cơ quan giải quyết", "Đơn vị giải quyết", "Cơ quan xử lý", "Tên đơn vị", "Đơn vị",
             "Cơ quan thực hiện", "Cơ quan"),
    "level": ("Cấp", "Cấp thực hiện", "Cấp đơn vị", "Cấp hành chính", "Cấp giải quyết"),
    "parent": ("Đơn vị cấp trên", "Huyện/Thành phố", "Huyện/Thị xã/Thành phố", "Huyện/TP", "Thuộc huyện",
               "Huyện"),
    "channel": ("Hình thức nộp", "Kênh nộp", "Hình thức nộp hồ sơ", "Hình thức tiếp nhận", "Kênh tiếp nhận"),
    "received_at": ("Ngày tiếp nhận", "Ngày nhận hồ sơ", "Ngày nhận", "Thời gian tiếp nhận", "Ngày nộp"),
    "due_at": ("Ngày hẹn trả", "Hạn xử lý", "Ngày hẹn trả kết quả", "Hạn giải quyết", "Thời hạn giải quyết"),
    "resolved_at": ("Ngày có kết quả", "Ngày hoàn thành", "Ngày xử lý xong", "Ngày giải quyết xong",
                    "Ngày hoàn thành xử lý"),
    "returned_at": ("Ngày trả kết quả", "Ngày trả", "Thời gian trả kết quả"),
    "status": ("Trạng thái", "Tình trạng", "Trạng thái hồ sơ", "Tình trạng xử lý"),
}

# Shown in messages about a missing column.
LABELS = {f: names[0] for f, names in ALIASES.items()}

_PARENS = re.compile(r"\([^)]*\)")
_SLASH = re.compile(r"\s*/\s*")
_TRIM = re.compile(r"^[\s:*.\-]+|[\s:*.\-]+$")


def header_key(text: str) -> str:
    return _TRIM.sub("", _SLASH.sub("/", fold(text)))


def _vocabulary(mapping: Mapping[str, str] | None) -> dict[str, tuple[str, int]]:
    """folded header -> (field, rank); the mapping file ranks first."""
    vocab: dict[str, tuple[str, int]] = {}
    for field, names in ALIASES.items():
        for rank, name in enumerate(names, start=1):
            vocab.setdefault(header_key(name), (field, rank))
    for name, field in (mapping or {}).items():
        vocab[header_key(name)] = (field, 0)
    return vocab


@dataclass(frozen=True)
class ColumnMap:
    """Field -> (column position, header as written)."""

    positions: dict[str, int]
    headers: dict[str, str]

    def label(self, field: str) -> str:
        """The header as the file writes it, else the usual Vietnamese name."""
        return self.headers.get(field, LABELS.get(field, field))


class HeaderVocabulary:
    def __init__(self, mapping: Mapping[str, str] | None = None):
        self._vocab = _vocabulary(mapping)

    def field_of(self, cell: str) -> tuple[str, int] | None:
        key = header_key(cell)
        if not key:
            return None
        hit = self._vocab.get(key)
        if hit is None and "(" in key:
            hit = self._vocab.get(header_key(_PARENS.sub(" ", key)))
        return hit

    def score(self, row: Sequence[str]) -> int:
        """Distinct fields recognised; 0 unless the key and 3 others are there."""
        fields = {hit[0] for cell in row if (hit := self.field_of(cell))}
        if KEY not in fields or len(fields) - 1 < MIN_OTHER_HEADERS:
            return 0
        return len(fields)

    def columns(self, header: Sequence[str]) -> ColumnMap:
        best: dict[str, tuple[int, int, str]] = {}
        for pos, cell in enumerate(header):
            hit = self.field_of(cell)
            if hit is None:
                continue
            field, rank = hit
            if field not in best or rank < best[field][0]:
                best[field] = (rank, pos, cell)
        return ColumnMap({f: p for f, (_, p, _) in best.items()}, {f: c for f, (_, _, c) in best.items()})


class MappingError(ValueError):
    """The --mapping file is not usable; the message names the entry."""


def load_mapping(path: Path) -> dict[str, str]:
    """A YAML file of `header as written: field`, e.g. `Số biên nhận: code`.

    The entries may also sit under a top-level `columns:` key.
    """
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise MappingError(f"{path}: không tìm thấy tệp ánh xạ cột (mapping file not found)")
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path}: tệp ánh xạ cột không phải YAML hợp lệ (invalid YAML): {exc}")
    if isinstance(data, dict) and set(data) == {"columns"}:
        data = data["columns"]
    if not isinstance(data, dict) or not data:
        raise MappingError(f"{path}: cần các dòng 'Tiêu đề cột: tên trường' (expected 'header: field' entries)")
    out: dict[str, str] = {}
    for header, field in data.items():
        if not isinstance(header, str) or not header.strip():
            raise MappingError(f"{path}: tiêu đề cột '{header}' không hợp lệ (header must be text)")
        if field not in FIELDS:
            raise MappingError(
                f"{path}: '{header}: {field}' — trường '{field}' không tồn tại; dùng một trong "
                f"{', '.join(FIELDS)} (unknown field)"
            )
        out[header] = field
    return out
