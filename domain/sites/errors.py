"""From pydantic's errors to the one ConfigError message that names the field (Vietnamese first)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from domain.sites.base import ConfigError, FieldProblem


_MESSAGES = {
    "missing": "thiếu trường bắt buộc (required field is missing)",
    "extra_forbidden": "trường không được phép (unknown field)",
    "bool_type": "phải là true hoặc false (must be true or false)",
    "bool_parsing": "phải là true hoặc false (must be true or false)",
    "string_type": "phải là chuỗi ký tự (must be a string)",
    "float_parsing": "phải là một số (must be a number)",
    "float_type": "phải là một số (must be a number)",
    "int_parsing": "phải là số nguyên (must be an integer)",
    "int_type": "phải là số nguyên (must be an integer)",
    "int_from_float": "phải là số nguyên (must be an integer)",
    "model_type": "phải là một bảng khoá: giá trị (must be a mapping)",
    "model_attributes_type": "phải là một bảng khoá: giá trị (must be a mapping)",
    "tuple_type": "phải là một danh sách (must be a list)",
    "too_short": "danh sách đang trống (the list is empty)",
}


def _bound_message(kind: str, ctx: Mapping[str, Any]) -> str | None:
    bounds = {
        "greater_than": ("phải lớn hơn", "must be greater than", "gt"),
        "greater_than_equal": ("phải lớn hơn hoặc bằng", "must be at least", "ge"),
        "less_than": ("phải nhỏ hơn", "must be less than", "lt"),
        "less_than_equal": ("phải nhỏ hơn hoặc bằng", "must be at most", "le"),
    }
    if kind not in bounds:
        return None
    vi, en, key = bounds[kind]
    return f"{vi} {ctx[key]} ({en} {ctx[key]})"


def first_error(exc: ValidationError, name: str) -> ConfigError:
    errors = exc.errors()
    # A list whose items failed also reports "too short": only the item's error matters.
    errors = [
        e for e in errors
        if not (e["type"] == "too_short" and any(
            len(o["loc"]) > len(e["loc"]) and tuple(o["loc"][: len(e["loc"])]) == tuple(e["loc"]) for o in errors
        ))
    ]
    err = errors[0]
    loc: tuple[str | int, ...] = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, FieldProblem):
        loc, problem = loc + cause.path, cause.problem
    elif isinstance(cause, Exception):
        problem = str(cause)
    else:
        problem = _MESSAGES.get(err["type"]) or _bound_message(err["type"], ctx) or (
            f"giá trị không hợp lệ (invalid value: {err['msg']})"
        )
    if len(errors) > 1:
        problem += f" — và {len(errors) - 1} lỗi khác (and {len(errors) - 1} more)"
    return ConfigError(name, _format_loc(loc), problem)


def _format_loc(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
