"""Signing in: built-in passwords with lockout, and OIDC identities mapped to existing accounts.

Every attempt is written to the audit log in the same transaction as the
account's counters. Unknown usernames cost the same argon2 work as known ones,
and are counted and locked the same way (data.accounts.name_failures).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, and_, case, func, literal, null, or_, select, update

from data.access import Scope
from data.accounts.accounts import Account, get_account, normalise_username
from data.accounts.name_failures import NAME_FAILURES
from data.accounts.passwords import PasswordChecksBusy, burn_time, verify_password
from data.audit import record
from data.schema import UserAccount
from data.settings import SettingError, get_setting
from domain.timezone import as_utc

MAX_FAILURES_KEY = "auth.max_failures"
LOCKOUT_MINUTES_KEY = "auth.lockout_minutes"
DEFAULT_MAX_FAILURES = 5
DEFAULT_LOCKOUT_MINUTES = 15
# Why a sign-in was refused (the page maps these to its own words).
OK, BAD_CREDENTIALS, LOCKED, INACTIVE, UNKNOWN_IDENTITY = "ok", "bad_credentials", "locked", "inactive", "unknown"
BUSY = "busy"  # too many password checks at once: nothing was checked or counted


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = DEFAULT_MAX_FAILURES
    lockout: dt.timedelta = dt.timedelta(minutes=DEFAULT_LOCKOUT_MINUTES)


@dataclass(frozen=True)
class SignInResult:
    outcome: str  # OK | BAD_CREDENTIALS | LOCKED | INACTIVE | UNKNOWN_IDENTITY | BUSY
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
    return _signed_in(conn, account, method)


def _signed_in(conn, account: Account, method: str) -> SignInResult:
    record(conn, account.username, "sign_in", target=f"user:{account.username}", unit_id=account.unit_id,
           detail={"method": method})
    return SignInResult(OK, account.scope(), account.display_name)


def _refused(conn, name: str, reason: str, unit_id: int | None = None, **detail) -> None:
    record(conn, name or "?", "sign_in_failed", target=f"user:{name}", unit_id=unit_id,
           detail={"reason": reason, **detail})


def _store_key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def sign_in_password(engine: Engine, username: str, password: str, now: dt.datetime | None = None,
                     policy: LockoutPolicy | None = None) -> SignInResult:
    """Check a password and count the outcome atomically; see `_count_failure` and `_grant` for the rules.

    No transaction is open during the argon2 check: it would hold SQLite's write lock (or a row lock) for its
    whole tenth of a second. Instead the read is only a hint, and the write that decides is one conditional
    UPDATE on the row's values at that instant, so parallel attempts neither lose counts nor slip past a lock.
    """
    now = as_utc(now or dt.datetime.now(dt.timezone.utc))
    policy = policy or lockout_policy(engine)
    name = normalise_username(username)
    with engine.connect() as conn:
        account = get_account(conn, name) if name else None
        stored_hash = None if account is None else conn.execute(
            select(UserAccount.password_hash).where(UserAccount.id == account.id)).scalar()
    try:
        if account is None or stored_hash is None:
            return _unknown_name(engine, name, password, now, policy)
        if _locked(account.locked_until, now):
            burn_time(password)  # the same work as any other answer
            with engine.begin() as conn:
                _refused(conn, name, "locked", account.unit_id)
            return SignInResult(LOCKED, locked_until=as_utc(account.locked_until))
        right = verify_password(stored_hash, password)
    except PasswordChecksBusy:
        with engine.begin() as conn:
            _refused(conn, name, "busy")
        return SignInResult(BUSY)
    with engine.begin() as conn:
        if right:
            return _grant(conn, account, stored_hash, now)
        return _count_failure(conn, engine, account, now, policy)


def _locked(locked_until: dt.datetime | None, now: dt.datetime) -> bool:
    return locked_until is not None and as_utc(locked_until) > now


def _unknown_name(engine: Engine, name: str, password: str, now: dt.datetime,
                  policy: LockoutPolicy) -> SignInResult:
    """No account with a password: the same argon2 work, and failures counted and locked like an account's."""
    burn_time(password)
    with engine.begin() as conn:
        return _count_unknown(conn, engine, name, now, policy)


def _count_unknown(conn, engine: Engine, name: str, now: dt.datetime, policy: LockoutPolicy) -> SignInResult:
    state = NAME_FAILURES.fail(_store_key(engine), name, now, policy)
    locked = state.locked_at(now)
    _refused(conn, name, "unknown", locked=locked)
    return SignInResult(LOCKED, locked_until=state.locked_until) if locked else SignInResult(BAD_CREDENTIALS)


def _count_failure(conn, engine: Engine, account: Account, now: dt.datetime,
                   policy: LockoutPolicy) -> SignInResult:
    """failures + 1 and, at the maximum, the lock, in one UPDATE on the row's current values.

    Every wrong password counts, also one that lands after the lock (the lock keeps its end); a lock that
    has run out starts the count again from zero.
    """
    f, until = UserAccount.failed_attempts, UserAccount.locked_until
    at = literal(now, until.type)
    running_out = and_(until.is_not(None), until <= at)
    counted = case((running_out, 0), else_=f) + 1
    row = conn.execute(
        update(UserAccount).where(UserAccount.id == account.id)
        .values(failed_attempts=counted,
                locked_until=case((until > at, until),
                                  (counted >= policy.max_failures, literal(now + policy.lockout, until.type)),
                                  else_=null()))
        .returning(UserAccount.failed_attempts, UserAccount.locked_until)).one_or_none()
    if row is None:  # the account was deleted meanwhile: from now on it is an unknown name
        return _count_unknown(conn, engine, account.username, now, policy)
    locked = _locked(row.locked_until, now)
    _refused(conn, account.username, "password", account.unit_id, locked=locked, failures=row.failed_attempts)
    return SignInResult(LOCKED, locked_until=as_utc(row.locked_until)) if locked else SignInResult(BAD_CREDENTIALS)


def _grant(conn, account: Account, checked_hash: str, now: dt.datetime) -> SignInResult:
    """The right password signs in only if, at the instant of this UPDATE, the account is not locked, still
    active and still has the hash that was checked.

    So a lock that fell while the password was being checked refuses it (parallel guesses cannot slip a
    success past the lock), and a success that is written before the lock resets the count, as any success
    does: the guesses made so far were fewer than the maximum. A password changed meanwhile is not accepted.
    """
    until = UserAccount.locked_until
    at = literal(now, until.type)
    done = conn.execute(
        update(UserAccount)
        .where(UserAccount.id == account.id, UserAccount.active.is_(True), UserAccount.password_hash == checked_hash,
               or_(until.is_(None), until <= at))
        .values(failed_attempts=0, locked_until=None, last_login_at=now))
    fresh = get_account(conn, account.username)
    if done.rowcount == 1 and fresh is not None:
        return _signed_in(conn, fresh, "password")
    if fresh is not None and _locked(fresh.locked_until, now):
        _refused(conn, account.username, "locked", account.unit_id)
        return SignInResult(LOCKED, locked_until=as_utc(fresh.locked_until))
    if fresh is not None and not fresh.active:
        _refused(conn, account.username, "inactive")
        return SignInResult(INACTIVE)
    _refused(conn, account.username, "password_changed", account.unit_id)
    return SignInResult(BAD_CREDENTIALS)


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
