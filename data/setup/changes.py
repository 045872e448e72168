"""What every setup change shares: the permission check, the error type, the revision bump and the audit row."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from data import audit
from data.access import AccessDenied, Scope
from data.schema import AppSetting, Unit
from data.settings import get_setting, put_setting

CONFIG_REVISION_KEY = "config_revision"


class SetupError(ValueError):
    """A value the setup refuses; `field` names the form field, the message says why (vi, en)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def require_configure(conn: Connection, scope: Scope, unit_id: int | None) -> None:
    """Only administrators configure, and only units inside their scope (None = province-wide rows)."""
    if not scope.can_configure:
        raise AccessDenied(
            f"chỉ quản trị viên được thay đổi cấu hình; tài khoản {scope.username!r} không có quyền "
            f"(only administrators may change the configuration; {scope.username!r} may not)"
        )
    if not scope.allows_unit(conn, unit_id):
        raise AccessDenied(
            f"tài khoản {scope.username!r} không được cấu hình đơn vị {unit_id} "
            f"(account {scope.username!r} may not configure unit {unit_id})"
        )


def unit_name(conn: Connection, unit_id: int) -> str:
    name = conn.execute(select(Unit.name).where(Unit.id == unit_id)).scalar_one_or_none()
    if name is None:
        raise SetupError("unit_id", f"không có đơn vị id={unit_id} (no unit with id {unit_id})")
    return name


def config_revision(conn: Connection | Engine) -> int:
    """The counter a running worker compares to know that the configuration changed."""
    value = get_setting(conn, CONFIG_REVISION_KEY, 0)
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def record_change(
    conn: Connection, scope: Scope, op: str, target: str, unit_id: int | None, fields: dict[str, Any]
) -> int:
    """Bump the revision and audit the change in the caller's transaction; returns the new revision.

    `fields` must never hold a camera source: callers pass `source_changed` instead.
    """
    revision = bump_revision(conn, scope.username)
    audit.record(conn, scope.username, "config_change", target=target, unit_id=unit_id,
                 detail={"op": op, "revision": revision, **{k: _jsonable(v) for k, v in fields.items()}})
    return revision


def bump_revision(conn: Connection, by: str) -> int:
    """Revision + 1 in the caller's transaction (a change outside the Setup forms, e.g. a model
    promotion, that running workers must also pick up); the caller audits it."""
    revision = _locked_revision(conn, by) + 1
    put_setting(conn, CONFIG_REVISION_KEY, revision, by)
    return revision


def _locked_revision(conn: Connection, by: str) -> int:
    """The current revision, its row locked until commit: two saves at once never both write N + 1
    (the worker would miss one). SQLite serialises writers by itself."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    conn.execute(insert(AppSetting).values(key=CONFIG_REVISION_KEY, value=0, updated_at=dt.datetime.now(dt.UTC),
                                           updated_by=by).on_conflict_do_nothing(index_elements=[AppSetting.key]))
    value = conn.execute(
        select(AppSetting.value).where(AppSetting.key == CONFIG_REVISION_KEY).with_for_update()).scalar_one()
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def _jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
