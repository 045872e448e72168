"""What every part of the sites schema shares: the strict model base, id rules, the one error."""
from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")


class ConfigError(Exception):
    """A bad sites file: `str(error)` is the one message to show."""

    def __init__(self, file: str, field: str, problem: str) -> None:
        self.file, self.field, self.problem = file, field, problem
        where = f"{file}: {field}" if field else file
        super().__init__(f"{where}: {problem}")


class FieldProblem(ValueError):
    """Raised inside validators that know the exact path of the bad field."""

    def __init__(self, path: tuple[str | int, ...], problem: str) -> None:
        self.path, self.problem = path, problem
        super().__init__(problem)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def check_id(value: str, what: str) -> str:
    value = value.strip()
    if not _ID_PATTERN.match(value):
        raise ValueError(
            f"mã {what} '{value}' chỉ được dùng chữ, số, '_', '-', '.' và tối đa 64 ký tự "
            f"({what} id: letters, digits, '_', '-', '.' only, at most 64 characters)"
        )
    return value
