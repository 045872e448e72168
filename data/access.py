"""Who may see and change what: the `Scope` every scoped query in `data/` takes.

A scope is the signed-in account's role and the root of its unit subtree.
Queries filter with `unit_clause` (SQL) or `allows_unit` (after a lookup) so
that hiding a page is never the only protection. Commands and the worker act
as `SYSTEM`.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Engine, select, true

from data.schema import Unit

ROLES = ("admin", "viewer", "inspector", "staff")


class AccessDenied(PermissionError):
    """Raised when a scope reaches for a unit, desk or action outside it."""


@dataclass(frozen=True)
class Scope:
    username: str
    role: str
    unit_path: str | None = None  # '/1/5/' = that unit and below; None = whole province
    staff_id: int | None = None  # role staff: only this person's own records

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"vai trò không hợp lệ {self.role!r} (unknown role {self.role!r})")

    # --- what the role may do -------------------------------------------------
    @property
    def whole_province(self) -> bool:
        return self.unit_path is None

    @property
    def can_configure(self) -> bool:
        return self.role == "admin"

    @property
    def can_record_inspections(self) -> bool:
        return self.role in ("admin", "inspector")

    @property
    def can_excuse(self) -> bool:
        return self.role in ("admin", "inspector")

    @property
    def can_explain(self) -> bool:
        """Staff attach explanations to their own incidents."""
        return self.role == "staff"

    @property
    def can_read_audit(self) -> bool:
        return self.role == "admin"

    # --- which rows it may touch ------------------------------------------------
    def unit_clause(self, path_column=Unit.path) -> ColumnElement[bool]:
        """SQL condition on a unit path column (join `unit` to use it)."""
        if self.unit_path is None:
            return true()
        return path_column.startswith(self.unit_path, autoescape=True)

    def allows_path(self, path: str) -> bool:
        return self.unit_path is None or path.startswith(self.unit_path)

    def allows_unit(self, conn: Connection | Engine, unit_id: int | None) -> bool:
        """None means 'the whole province', which only province-wide scopes may ask for."""
        if unit_id is None:
            return self.unit_path is None
        if self.unit_path is None:
            return True
        stmt = select(Unit.path).where(Unit.id == unit_id)
        if isinstance(conn, Engine):
            with conn.connect() as c:
                path = c.execute(stmt).scalar_one_or_none()
        else:
            path = conn.execute(stmt).scalar_one_or_none()
        return path is not None and self.allows_path(path)

    def require_unit(self, conn: Connection | Engine, unit_id: int | None) -> None:
        if not self.allows_unit(conn, unit_id):
            raise AccessDenied(
                f"tài khoản {self.username!r} không được xem đơn vị {unit_id} "
                f"(account {self.username!r} may not read unit {unit_id})"
            )


# Commands, the worker and tests of unscoped behaviour act with the whole province.
SYSTEM = Scope(username="system", role="admin")
