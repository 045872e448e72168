"""Sign-in sessions that survive a refresh: started at sign-in, handed to the browser once, ended anywhere.

A session is one `sign_in_session` row. Sign-in starts it and returns a one-time hand-over code
(valid `HANDOFF_SECONDS`); the browser trades that code, in a POST body, for an HttpOnly cookie
holding a random token (`claim_handoff`). Every later page load finds the session by the token,
every run re-checks it by id. The store keeps only SHA-256 hashes of the code and the token.

A session ends when it has been idle longer than `auth.session_idle_hours` (default 12), when it
is older than `auth.session_days` (default 7), when its account is disabled or gone, or when its
row is deleted: signing out deletes it, disabling the account deletes all of the account's rows.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, and_, delete, insert, or_, select, update

from data.access import Scope
from data.accounts.accounts import get_account
from data.schema import SignInSession, UserAccount
from data.settings import SettingError, get_setting
from domain.timezone import as_utc

IDLE_HOURS_KEY = "auth.session_idle_hours"
LIFETIME_DAYS_KEY = "auth.session_days"
DEFAULT_IDLE_HOURS = 12
DEFAULT_LIFETIME_DAYS = 7
HANDOFF_SECONDS = 30
# last_seen_at is written at most this often per session (not on every rerun).
TOUCH_EVERY = dt.timedelta(minutes=1)
METHODS = ("password", "oidc")


@dataclass(frozen=True)
class SessionPolicy:
    idle: dt.timedelta = dt.timedelta(hours=DEFAULT_IDLE_HOURS)
    lifetime: dt.timedelta = dt.timedelta(days=DEFAULT_LIFETIME_DAYS)


@dataclass(frozen=True)
class StartedSession:
    """What sign-in gets: the session's id (kept in the page session) and the code for the browser."""

    id: int
    handoff_code: str


@dataclass(frozen=True)
class SessionCookie:
    """What the hand-over route sets: the token and how long the browser may keep it."""

    token: str
    max_age_s: int


@dataclass(frozen=True)
class LiveSession:
    id: int
    scope: Scope
    display_name: str


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def session_policy(engine: Connection | Engine) -> SessionPolicy:
    idle = get_setting(engine, IDLE_HOURS_KEY, DEFAULT_IDLE_HOURS)
    days = get_setting(engine, LIFETIME_DAYS_KEY, DEFAULT_LIFETIME_DAYS)
    for key, value, top in ((IDLE_HOURS_KEY, idle, 24 * 31), (LIFETIME_DAYS_KEY, days, 366)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
            raise SettingError(f"{key} phải là số nguyên từ 1 đến {top}, nhận {value!r} "
                               f"({key} must be a whole number 1-{top}, got {value!r})")
    return SessionPolicy(dt.timedelta(hours=idle), dt.timedelta(days=days))


def start_session(engine: Engine, username: str, method: str, now: dt.datetime | None = None,
                  policy: SessionPolicy | None = None) -> StartedSession:
    """A new session for an account that has just signed in; sessions past their limits are cleared here."""
    if method not in METHODS:
        raise ValueError(f"unknown sign-in method {method!r}")
    now = as_utc(now or _now())
    policy = policy or session_policy(engine)
    code = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        account_id = conn.execute(select(UserAccount.id).where(UserAccount.username == username)).scalar_one()
        conn.execute(delete(SignInSession).where(or_(SignInSession.expires_at <= now,
                                                     SignInSession.last_seen_at <= now - policy.idle)))
        new_id = conn.execute(insert(SignInSession).values(
            account_id=account_id, token_hash=None, handoff_hash=digest(code),
            handoff_expires_at=now + dt.timedelta(seconds=HANDOFF_SECONDS), method=method,
            created_at=now, last_seen_at=now, expires_at=now + policy.lifetime,
        ).returning(SignInSession.id)).scalar_one()
    return StartedSession(new_id, code)


def claim_handoff(engine: Engine, code: str, now: dt.datetime | None = None) -> SessionCookie | None:
    """Trade a hand-over code for the cookie's token, once: None when the code is wrong, used or too old."""
    if not code or len(code) > 200:
        return None
    now = as_utc(now or _now())
    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        # One conditional UPDATE: of two requests with the same code only one finds it unused.
        row = conn.execute(
            update(SignInSession)
            .where(SignInSession.handoff_hash == digest(code), SignInSession.handoff_expires_at > now,
                   SignInSession.token_hash.is_(None), SignInSession.expires_at > now)
            .values(token_hash=digest(token), handoff_hash=None, handoff_expires_at=None)
            .returning(SignInSession.expires_at)
        ).first()
    if row is None:
        return None
    return SessionCookie(token, max(1, int((as_utc(row.expires_at) - now).total_seconds())))


def resume(engine: Engine, token: str | None, now: dt.datetime | None = None,
           policy: SessionPolicy | None = None) -> LiveSession | None:
    """The session a browser's cookie token belongs to, when it is still live (a new tab, F5, a bookmark)."""
    if not token or len(token) > 200:
        return None
    return _live(engine, SignInSession.token_hash == digest(token), now, policy)


def check(engine: Engine, session_id: int, username: str, now: dt.datetime | None = None,
          policy: SessionPolicy | None = None) -> LiveSession | None:
    """The session as it stands now (account scope included); None when it has ended for any reason.

    The username must match too: an id is never reused on PostgreSQL nor, with AUTOINCREMENT, on SQLite,
    but a page session must not follow a number to somebody else's sign-in whatever the store does.
    """
    return _live(engine, and_(SignInSession.id == session_id, UserAccount.username == username), now, policy)


def _live(engine: Engine, which, now: dt.datetime | None, policy: SessionPolicy | None) -> LiveSession | None:
    now = as_utc(now or _now())
    with engine.connect() as conn:
        row = conn.execute(select(SignInSession.id, SignInSession.last_seen_at, SignInSession.expires_at,
                                  UserAccount.username)
                           .join(UserAccount, UserAccount.id == SignInSession.account_id).where(which)).first()
        account = None if row is None else get_account(conn, row.username)
    if row is None:
        return None
    policy = policy or session_policy(engine)
    last_seen = as_utc(row.last_seen_at)
    if account is None or not account.active or as_utc(row.expires_at) <= now or now - last_seen >= policy.idle:
        end_session(engine, row.id)
        return None
    if now - last_seen >= TOUCH_EVERY:
        with engine.begin() as conn:
            conn.execute(update(SignInSession).where(SignInSession.id == row.id).values(last_seen_at=now))
    return LiveSession(row.id, account.scope(), account.display_name)


def end_session(engine: Engine, session_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(delete(SignInSession).where(SignInSession.id == session_id))


def end_by_token(engine: Engine, token: str | None) -> None:
    """Sign-out from the browser's side: the cookie's session ends (nothing happens for an unknown token)."""
    if token and len(token) <= 200:
        with engine.begin() as conn:
            conn.execute(delete(SignInSession).where(SignInSession.token_hash == digest(token)))


def end_sessions_of(conn: Connection, username: str) -> int:
    """Every session of an account, ended in the caller's transaction (the account was disabled)."""
    account_id = select(UserAccount.id).where(UserAccount.username == username).scalar_subquery()
    return conn.execute(delete(SignInSession).where(SignInSession.account_id == account_id)).rowcount
