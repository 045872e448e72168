"""Who may see and change what: the `Scope` every scoped query in `data/` takes.

A scope is the signed-in account's role and the root of its unit subtree.
Queries filter with `unit_clause` (SQL) or `allows_unit` (after a lookup) so
that hiding a page is never the only protection. Commands and the worker act
as `SYSTEM`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Engine, or_, select, true

from data.db import reading
from data.schema import Desk, RosterEntry, Unit

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
    def can_confirm_dress_code(self) -> bool:
        """Confirm or reject dress-code violations and check PASS samples (issue 12): whoever may excuse."""
        return self.can_excuse

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
        with reading(conn) as c:
            path = c.execute(stmt).scalar_one_or_none()
        return path is not None and self.allows_path(path)

    def require_unit(self, conn: Connection | Engine, unit_id: int | None) -> None:
        if not self.allows_unit(conn, unit_id):
            raise AccessDenied(
                f"tài khoản {self.username!r} không được xem đơn vị {unit_id} "
                f"(account {self.username!r} may not read unit {unit_id})"
            )


# Commands, the worker and tests of unscoped behaviour act with the whole province.
SYSTEM = Scope(username="system", role="admin")


def _rows(conn: Connection | Engine, stmt) -> list:
    with reading(conn) as c:
        return c.execute(stmt).all()


def staff_desk_clause(scope: Scope, day: dt.date | None = None) -> ColumnElement[bool]:
    """Desks the scope's staff member is rostered on (on `day`, or ever); true() for other roles."""
    if scope.role != "staff":
        return true()
    rostered = select(RosterEntry.desk_id).where(RosterEntry.staff_id == scope.staff_id)
    if day is not None:
        rostered = rostered.where(RosterEntry.day_from <= day,
                                  or_(RosterEntry.day_to.is_(None), RosterEntry.day_to >= day))
    return Desk.id.in_(rostered)


def require_desks(conn: Connection | Engine, scope: Scope, desk_ids: Sequence[int], day: dt.date | None = None) -> None:
    """Refuse the whole request when any desk lies outside the scope (staff: desks they were rostered on)."""
    wanted = {int(i) for i in desk_ids}
    if not wanted or (scope.whole_province and scope.role != "staff"):
        return
    stmt = (select(Desk.id).join(Unit, Unit.id == Desk.unit_id)
            .where(Desk.id.in_(wanted), scope.unit_clause(Unit.path), staff_desk_clause(scope, day)))
    allowed = {int(r[0]) for r in _rows(conn, stmt)}
    if wanted - allowed:
        outside = sorted(wanted - allowed)
        raise AccessDenied(f"tài khoản {scope.username!r} không được xem quầy {outside} "
                           f"(account {scope.username!r} may not read desks {outside})")


# Which pages each role sees (by url_path; "can-xu-ly", the home page, is served at /). Pages also check this
# themselves, and the queries behind them filter by scope, so hiding a page is never the only protection.
PAGE_ROLES: dict[str, tuple[str, ...]] = {
    "can-xu-ly": ROLES,  # the home page: what needs me now, per role
    "tong-quan": ("admin", "viewer", "inspector"),
    "truc-tiep": ("admin", "viewer", "inspector"),
    "theo-doi-trong-ngay": ("admin", "viewer", "inspector", "staff"),
    "thong-ke-ho-so": ("admin", "viewer", "inspector"),
    "kiem-diem-thang": ("admin", "viewer", "inspector", "staff"),
    "kiem-tra-cong-vu": ("admin", "viewer", "inspector"),
    "xac-nhan-trang-phuc": ("admin", "inspector"),  # the dress-code confirmation queue: those who decide
    "cau-hinh": ("admin",),
    "nhat-ky-truy-cap": ("admin",),
    "tai-khoan": ("admin",),
    "bao-ve-du-lieu": ROLES,
}


def may_open(scope: Scope, page: str) -> bool:
    return scope.role in PAGE_ROLES.get(page, ("admin",))
