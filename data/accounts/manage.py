"""Accounts managed by administrators from the app: scope-checked, audited, never leaving the province
without an active province-wide administrator.

Only `can_configure` scopes manage accounts, and an administrator limited to
a unit subtree only manages accounts inside it (province-wide accounts are
outside every subtree). Every change writes one `account_change` audit row in
the caller's transaction; passwords and hashes never reach the detail.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select, update

from data.access import ROLES, AccessDenied, Scope
from data.accounts.accounts import Account, AccountError, create_account, get_account, normalise_username
from data.accounts.accounts import set_active, set_password
from data.audit import record
from data.schema import Staff, Unit, UserAccount


@dataclass(frozen=True)
class Placement:
    """Where an account sits: its role, its unit subtree (None = whole province) and, for staff, who."""

    role: str
    unit_id: int | None = None
    staff_id: int | None = None


def require_manager(conn: Connection, scope: Scope, unit_id: int | None) -> None:
    """Administrators only, and only for accounts whose unit lies inside their own subtree."""
    if not scope.can_configure:
        raise AccessDenied(f"chỉ quản trị viên được quản lý tài khoản; {scope.username!r} không có quyền "
                           f"(only administrators manage accounts; {scope.username!r} may not)")
    if not scope.allows_unit(conn, unit_id):
        where = "toàn tỉnh (whole province)" if unit_id is None else f"đơn vị {unit_id} (unit {unit_id})"
        raise AccessDenied(f"tài khoản {scope.username!r} không được quản lý tài khoản thuộc {where} "
                           f"(account {scope.username!r} may not manage accounts there)")


def managed_account(conn: Connection, scope: Scope, username: str) -> Account:
    account = get_account(conn, username)
    if account is None:
        name = normalise_username(username)
        raise AccountError(f"không có tài khoản {name!r} (no account {name!r})")
    require_manager(conn, scope, account.unit_id)
    return account


def _placed(conn: Connection, scope: Scope, wanted: Placement, account_id: int | None = None) -> Placement:
    """The placement checked: a known role; staff by a staff member (their unit), others by a unit in scope."""
    if wanted.role not in ROLES:
        raise AccountError(f"vai trò không hợp lệ {wanted.role!r}, chọn một trong {', '.join(ROLES)} "
                           f"(role must be one of {', '.join(ROLES)})")
    placement = wanted
    if wanted.role == "staff":
        if wanted.staff_id is None:
            raise AccountError("vai trò cán bộ cần chọn cán bộ (role staff needs a staff member)")
        staff_unit = conn.execute(select(Staff.unit_id).where(Staff.id == wanted.staff_id)).scalar_one_or_none()
        if staff_unit is None:
            raise AccountError(f"không có cán bộ id={wanted.staff_id} (no staff member with id {wanted.staff_id})")
        taken = select(UserAccount.username).where(UserAccount.staff_id == wanted.staff_id)
        if account_id is not None:
            taken = taken.where(UserAccount.id != account_id)
        other = conn.execute(taken).scalar()
        if other is not None:
            raise AccountError(f"cán bộ id={wanted.staff_id} đã có tài khoản {other!r} "
                               f"(staff member {wanted.staff_id} already has the account {other!r})")
        placement = Placement("staff", staff_unit, wanted.staff_id)  # their pickers start at their own unit
    else:
        placement = Placement(wanted.role, wanted.unit_id, None)
        if wanted.unit_id is not None and conn.execute(select(Unit.id).where(Unit.id == wanted.unit_id)).first() is None:
            raise AccountError(f"không có đơn vị id={wanted.unit_id} (no unit with id {wanted.unit_id})")
    require_manager(conn, scope, placement.unit_id)
    return placement


def _keep_a_province_admin(conn: Connection, account: Account, active: bool, placement: Placement) -> None:
    """Refuse a change that would leave no active province-wide administrator (e.g. one demoting itself)."""
    was = account.active and account.role == "admin" and account.unit_id is None
    stays = active and placement.role == "admin" and placement.unit_id is None
    if not was or stays:
        return
    others = conn.execute(select(func.count()).select_from(UserAccount).where(
        UserAccount.role == "admin", UserAccount.unit_id.is_(None), UserAccount.active.is_(True),
        UserAccount.id != account.id)).scalar_one()
    if not others:
        raise AccountError(f"{account.username!r} là quản trị viên toàn tỉnh cuối cùng đang hoạt động: phải còn ít nhất "
                           f"một người (at least one active province-wide administrator must remain)")


def add_account(conn: Connection, scope: Scope, *, username: str, display_name: str | None, placement: Placement,
                password: str | None, sso_only: bool = False) -> Account:
    """A new account placed inside the scope; `sso_only` accounts have no password (OIDC e-mail usernames)."""
    placed = _placed(conn, scope, placement)
    # An empty password goes to the strength check, which names the problem as the command does.
    return create_account(conn, username=username, display_name=display_name, role=placed.role, actor=scope.username,
                          password=None if sso_only else (password or ""), unit_id=placed.unit_id,
                          staff_id=placed.staff_id)


def set_account_active(conn: Connection, scope: Scope, username: str, active: bool) -> Account:
    account = managed_account(conn, scope, username)
    _keep_a_province_admin(conn, account, active, Placement(account.role, account.unit_id, account.staff_id))
    return set_active(conn, account.username, active, scope.username)


def unlock_account(conn: Connection, scope: Scope, username: str) -> Account:
    """Lift a lockout after repeated failures (the failure count starts again)."""
    account = managed_account(conn, scope, username)
    conn.execute(update(UserAccount).where(UserAccount.id == account.id).values(failed_attempts=0, locked_until=None))
    record(conn, scope.username, "account_change", target=f"user:{account.username}", unit_id=account.unit_id,
           detail={"change": "unlock"})
    return get_account(conn, account.username)


def reset_password(conn: Connection, scope: Scope, username: str, password: str) -> None:
    """A new password under the command's strength rules; it also lifts a lockout."""
    account = managed_account(conn, scope, username)
    set_password(conn, account.username, password, scope.username)


def change_placement(conn: Connection, scope: Scope, username: str, placement: Placement) -> Account:
    """A new role and unit (or staff member); the old and the new placement must both lie inside the scope."""
    account = managed_account(conn, scope, username)
    placed = _placed(conn, scope, placement, account.id)
    before = Placement(account.role, account.unit_id, account.staff_id)
    if placed == before:
        return account
    _keep_a_province_admin(conn, account, account.active, placed)
    conn.execute(update(UserAccount).where(UserAccount.id == account.id)
                 .values(role=placed.role, unit_id=placed.unit_id, staff_id=placed.staff_id))
    record(conn, scope.username, "account_change", target=f"user:{account.username}", unit_id=placed.unit_id,
           detail={"change": "placement",
                   "from": {"role": before.role, "unit_id": before.unit_id, "staff_id": before.staff_id},
                   "to": {"role": placed.role, "unit_id": placed.unit_id, "staff_id": placed.staff_id}})
    return get_account(conn, account.username)
