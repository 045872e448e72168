"""Signing in: built-in passwords with lockout, and OIDC identities mapped to existing accounts.

Every attempt is written to the audit log in the same transaction as the
account's counters. Unknown usernames cost the same argon2 work as known ones.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, func, select, update

from data.access import Scope
from data.accounts.accounts import Account, get_account, normalise_username
from data.accounts.passwords import burn_time, verify_password
from data.audit import record
from data.schema import UserAccount
from data.settings import SettingError, get_setting
from data.timezone import as_utc

MAX_FAILURES_KEY = "auth.max_failures"
LOCKOUT_MINUTES_KEY = "auth.lockout_minutes"
DEFAULT_MAX_FAILURES = 5
DEFAULT_LOCKOUT_MINUTES = 15
# Why a sign-in was refused (the page maps these to its own words).
OK, BAD_CREDENTIALS, LOCKED, INACTIVE, UNKNOWN_IDENTITY = "ok", "bad_credentials", "locked", "inactive", "unknown"


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = DEFAULT_MAX_FAILURES
    lockout: dt.timedelta = dt.timedelta(minutes=DEFAULT_LOCKOUT_MINUTES)


@dataclass(frozen=True)
class SignInResult:
    outcome: str  # OK | BAD_CREDENTIALS | LOCKED | INACTIVE | UNKNOWN_IDENTITY
    scope: Scope | None = None
    display_name: str | None = None
    locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == OK


def lockout_policy(engine: Engine) -> LockoutPolicy:
    failures = get_setting(engine, MAX_FAILURES_KEY, DEFAULT_MAX_FAILURES)
    minutes = get_setting(engine, LOCKOUT_MINUTES_KEY, DEFAULT_LOCKOUT_MINUTES)
    for key, value, top in ((MAX_FAILURES_KEY, failures, 100), (LOCKOUT_MINUTES_KEY, minutes, 24 * 60)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
            raise SettingError(f"{key} phải là số nguyên từ 1 đến {top}, nhận {value!r} "
                               f"({key} must be a whole number 1-{top}, got {value!r})")
    return LockoutPolicy(failures, dt.timedelta(minutes=minutes))


def _granted(conn, account: Account, now: dt.datetime, method: str) -> SignInResult:
    conn.execute(update(UserAccount).where(UserAccount.id == account.id)
                 .values(failed_attempts=0, locked_until=None, last_login_at=now))
    record(conn, account.username, "sign_in", target=f"user:{account.username}", unit_id=account.unit_id,
           detail={"method": method})
    return SignInResult(OK, account.scope(), account.display_name)


def sign_in_password(engine: Engine, username: str, password: str, now: dt.datetime | None = None,
                     policy: LockoutPolicy | None = None) -> SignInResult:
    now = as_utc(now or dt.datetime.now(dt.timezone.utc))
    policy = policy or lockout_policy(engine)
    name = normalise_username(username)
    with engine.begin() as conn:
        account = get_account(conn, name) if name else None
        stored = None if account is None else conn.execute(
            select(UserAccount.password_hash, UserAccount.failed_attempts).where(UserAccount.id == account.id)).one()
        if account is None or stored.password_hash is None:
            burn_time(password)
            record(conn, name or "?", "sign_in_failed", target=f"user:{name}", detail={"reason": "unknown"})
            return SignInResult(BAD_CREDENTIALS)
        if account.locked_until is not None and as_utc(account.locked_until) > now:
            burn_time(password)
            record(conn, name, "sign_in_failed", target=f"user:{name}", detail={"reason": "locked"})
            return SignInResult(LOCKED, locked_until=as_utc(account.locked_until))
        if not verify_password(stored.password_hash, password):
            failures = stored.failed_attempts + 1
            locked = now + policy.lockout if failures >= policy.max_failures else None
            conn.execute(update(UserAccount).where(UserAccount.id == account.id).values(
                failed_attempts=0 if locked else failures, locked_until=locked))
            record(conn, name, "sign_in_failed", target=f"user:{name}", unit_id=account.unit_id,
                   detail={"reason": "password", "locked": locked is not None})
            return SignInResult(LOCKED if locked else BAD_CREDENTIALS, locked_until=locked)
        if not account.active:
            record(conn, name, "sign_in_failed", target=f"user:{name}", detail={"reason": "inactive"})
            return SignInResult(INACTIVE)
        return _granted(conn, account, now, "password")


def sign_in_oidc(engine: Engine, email: str | None, subject: str | None,
                 now: dt.datetime | None = None) -> SignInResult:
    """An identity the provider vouched for, matched by subject, then by e-mail; never creates accounts.

    The first match by e-mail binds the subject, so a later e-mail change at the provider keeps the account.
    """
    now = as_utc(now or dt.datetime.now(dt.timezone.utc))
    mail = normalise_username(email or "")
    with engine.begin() as conn:
        name = None
        if subject:
            name = conn.execute(select(UserAccount.username).where(UserAccount.oidc_subject == subject)).scalar()
        if name is None and mail:
            row = conn.execute(select(UserAccount.username, UserAccount.oidc_subject)
                               .where(func.lower(UserAccount.username) == mail)).first()
            # An account already bound to another subject is not taken over by a matching e-mail.
            if row is not None and (row.oidc_subject is None or row.oidc_subject == subject):
                name = row.username
                if subject and row.oidc_subject is None:
                    conn.execute(update(UserAccount).where(UserAccount.username == name).values(oidc_subject=subject))
        who = mail or subject or "?"
        account = None if name is None else get_account(conn, name)
        if account is None:
            record(conn, who, "sign_in_failed", target=f"oidc:{who}", detail={"reason": "unknown", "method": "oidc"})
            return SignInResult(UNKNOWN_IDENTITY)
        if not account.active:
            record(conn, account.username, "sign_in_failed", target=f"user:{account.username}",
                   detail={"reason": "inactive", "method": "oidc"})
            return SignInResult(INACTIVE)
        return _granted(conn, account, now, "oidc")


def record_sign_out(engine: Engine, scope: Scope) -> None:
    with engine.begin() as conn:
        record(conn, scope.username, "sign_out", target=f"user:{scope.username}")
