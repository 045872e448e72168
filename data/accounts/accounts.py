"""Creating, listing, enabling and disabling accounts; the `Scope` an account signs in with."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, insert, select, update

from data.access import ROLES, Scope
from data.accounts.passwords import check_strength, hash_password
from data.audit import SYSTEM_ACTOR, record
from data.schema import Staff, Unit, UserAccount


class AccountError(ValueError):
    """A bad account request; the message names the field (Vietnamese, English in parentheses)."""


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    display_name: str
    role: str
    unit_id: int | None
    unit_path: str | None
    staff_id: int | None
    active: bool
    has_password: bool
    oidc_subject: str | None
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None

    def scope(self) -> Scope:
        return Scope(username=self.username, role=self.role, unit_path=self.unit_path, staff_id=self.staff_id)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


_COLUMNS = (UserAccount.id, UserAccount.username, UserAccount.display_name, UserAccount.role, UserAccount.unit_id,
            Unit.path, UserAccount.staff_id, UserAccount.active, UserAccount.password_hash.is_not(None),
            UserAccount.oidc_subject, UserAccount.locked_until, UserAccount.last_login_at)


def _select():
    return select(*_COLUMNS).outerjoin(Unit, Unit.id == UserAccount.unit_id)


def _account(row) -> Account:
    return Account(*row[:8], bool(row[8]), *row[9:])


def get_account(conn: Connection, username: str) -> Account | None:
    row = conn.execute(_select().where(UserAccount.username == normalise_username(username))).first()
    return None if row is None else _account(row)


def list_accounts(conn: Connection | Engine) -> list[Account]:
    stmt = _select().order_by(UserAccount.username)
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return [_account(r) for r in c.execute(stmt)]
    return [_account(r) for r in conn.execute(stmt)]


def current_scope_of(conn: Connection | Engine, username: str) -> Scope | None:
    """The account's scope as it stands now; None when it is gone or disabled."""
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return current_scope_of(c, username)
    account = get_account(conn, username)
    return None if account is None or not account.active else account.scope()


def has_accounts(conn: Connection | Engine) -> bool:
    stmt = select(UserAccount.id).limit(1)
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return c.execute(stmt).first() is not None
    return conn.execute(stmt).first() is not None


def create_account(conn: Connection, *, username: str, display_name: str | None, role: str, actor: str,
                   password: str | None = None, unit_id: int | None = None, staff_id: int | None = None,
                   oidc_subject: str | None = None) -> Account:
    """One new account, audited in the same transaction. OIDC-only accounts have no password."""
    name = normalise_username(username)
    if not name or len(name) > 200 or any(ch.isspace() for ch in name):
        raise AccountError(f"tên đăng nhập không hợp lệ {username!r} (username must be non-empty, without spaces)")
    if name == SYSTEM_ACTOR:
        raise AccountError(f"tên đăng nhập {name!r} dành cho hệ thống (username {name!r} is reserved for the system)")
    if role not in ROLES:
        raise AccountError(f"vai trò không hợp lệ {role!r}, chọn một trong {', '.join(ROLES)} "
                           f"(role must be one of {', '.join(ROLES)})")
    if password is None and oidc_subject is None and "@" not in name:
        raise AccountError("tài khoản cần mật khẩu hoặc đăng nhập OIDC bằng e-mail "
                           "(an account needs a password, or an e-mail username for OIDC)")
    if password is not None:
        check_strength(password, name)
    if role == "staff" and staff_id is None:
        raise AccountError("vai trò staff cần --staff-id (role staff needs the staff member's id)")
    if role == "staff":
        staff_unit = conn.execute(select(Staff.unit_id).where(Staff.id == staff_id)).scalar_one_or_none()
        if staff_unit is None:
            raise AccountError(f"không có cán bộ id={staff_id} (no staff member with id {staff_id})")
        unit_id = staff_unit if unit_id is None else unit_id  # their pickers start at their own unit
    if unit_id is not None and conn.execute(select(Unit.id).where(Unit.id == unit_id)).first() is None:
        raise AccountError(f"không có đơn vị id={unit_id} (no unit with id {unit_id})")
    if conn.execute(select(UserAccount.id).where(func.lower(UserAccount.username) == name)).first():
        raise AccountError(f"tên đăng nhập {name!r} đã có (username {name!r} already exists)")
    conn.execute(insert(UserAccount).values(
        username=name, display_name=(display_name or name).strip(), role=role, unit_id=unit_id, staff_id=staff_id,
        password_hash=None if password is None else hash_password(password), oidc_subject=oidc_subject,
        active=True, failed_attempts=0, created_at=_now(),
    ))
    record(conn, actor, "account_change", target=f"user:{name}", unit_id=unit_id,
           detail={"change": "create", "role": role, "staff_id": staff_id})
    return get_account(conn, name)


def set_active(conn: Connection, username: str, active: bool, actor: str) -> Account:
    """Disable (or re-enable) an account; a disabled account cannot sign in by any route."""
    name = normalise_username(username)
    done = conn.execute(update(UserAccount).where(UserAccount.username == name)
                        .values(active=active, failed_attempts=0, locked_until=None))
    if done.rowcount != 1:
        raise AccountError(f"không có tài khoản {name!r} (no account {name!r})")
    if not active:
        from data.accounts.sessions import end_sessions_of  # sessions reads accounts: imported here, not at the top

        end_sessions_of(conn, name)  # signed out in every browser at its next run
    record(conn, actor, "account_change", target=f"user:{name}", detail={"change": "enable" if active else "disable"})
    return get_account(conn, name)


def set_password(conn: Connection, username: str, password: str, actor: str) -> None:
    name = normalise_username(username)
    check_strength(password, name)
    done = conn.execute(update(UserAccount).where(UserAccount.username == name)
                        .values(password_hash=hash_password(password), failed_attempts=0, locked_until=None))
    if done.rowcount != 1:
        raise AccountError(f"không có tài khoản {name!r} (no account {name!r})")
    record(conn, actor, "account_change", target=f"user:{name}", detail={"change": "password"})
