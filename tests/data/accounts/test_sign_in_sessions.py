"""Sign-in sessions in a real store: started, handed to the browser once, resumed, expired and ended.

OIDC-style accounts (no password) keep these tests free of argon2 work.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from data.accounts import sessions
from data.accounts.accounts import create_account, set_active
from data.accounts.sessions import SessionPolicy, check, claim_handoff, digest, end_by_token, end_session, resume
from data.audit import SYSTEM_ACTOR
from data.schema import SignInSession
from data.settings import SettingError, put_setting

T0 = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)
POLICY = SessionPolicy(idle=dt.timedelta(hours=12), lifetime=dt.timedelta(days=7))
AN, BINH = "an@langson.gov.vn", "binh@langson.gov.vn"


@pytest.fixture
def accounts(engine):
    with engine.begin() as conn:
        create_account(conn, username=AN, display_name="Nguyễn Văn An", role="viewer", actor=SYSTEM_ACTOR)
        create_account(conn, username=BINH, display_name=None, role="admin", actor=SYSTEM_ACTOR)
    return engine


def signed_in(engine, username: str = AN, at: dt.datetime = T0) -> tuple[int, str]:
    """A session handed to the browser: its id and the cookie's token."""
    started = sessions.start_session(engine, username, "password", now=at, policy=POLICY)
    cookie = claim_handoff(engine, started.handoff_code, now=at + dt.timedelta(seconds=2))
    assert cookie is not None
    return started.id, cookie.token


def test_a_session_is_handed_over_once_and_found_by_its_cookie(accounts):
    started = sessions.start_session(accounts, AN, "password", now=T0, policy=POLICY)
    cookie = claim_handoff(accounts, started.handoff_code, now=T0 + dt.timedelta(seconds=3))
    assert cookie is not None and cookie.max_age_s == 7 * 24 * 3600 - 3
    assert claim_handoff(accounts, started.handoff_code, now=T0 + dt.timedelta(seconds=4)) is None  # used
    live = resume(accounts, cookie.token, now=T0 + dt.timedelta(hours=1), policy=POLICY)
    assert live is not None and live.id == started.id
    assert (live.scope.username, live.scope.role, live.display_name) == (AN, "viewer", "Nguyễn Văn An")
    assert check(accounts, started.id, AN, now=T0 + dt.timedelta(hours=1), policy=POLICY) == live
    assert resume(accounts, cookie.token + "x", now=T0, policy=POLICY) is None
    assert resume(accounts, None, now=T0, policy=POLICY) is None


def test_the_store_keeps_only_hashes(accounts):
    started = sessions.start_session(accounts, AN, "password", now=T0, policy=POLICY)
    with accounts.connect() as conn:
        before = conn.execute(select(SignInSession.__table__)).one()
        assert before.handoff_hash == digest(started.handoff_code) and before.token_hash is None
    cookie = claim_handoff(accounts, started.handoff_code, now=T0)
    with accounts.connect() as conn:
        row = conn.execute(select(SignInSession.__table__)).one()
    assert row.token_hash == digest(cookie.token) and row.handoff_hash is None
    assert not any(secret in str(value) for value in row for secret in (cookie.token, started.handoff_code))


def test_a_hand_over_code_lasts_seconds_and_must_be_right(accounts):
    started = sessions.start_session(accounts, AN, "password", now=T0, policy=POLICY)
    late = T0 + dt.timedelta(seconds=sessions.HANDOFF_SECONDS)
    assert claim_handoff(accounts, started.handoff_code, now=late) is None
    assert claim_handoff(accounts, "", now=T0) is None
    assert claim_handoff(accounts, "x" * 500, now=T0) is None
    # The page session that signed in still holds the session by its id.
    assert check(accounts, started.id, AN, now=late, policy=POLICY) is not None


def test_idle_and_absolute_limits_end_a_session(accounts):
    session_id, token = signed_in(accounts)
    # Seen every 11 hours: the idle limit keeps moving, the 7-day limit does not.
    at = T0
    for _ in range(15):
        at += dt.timedelta(hours=11)
        assert resume(accounts, token, now=at, policy=POLICY) is not None
    assert resume(accounts, token, now=T0 + dt.timedelta(days=7), policy=POLICY) is None
    assert check(accounts, session_id, AN, now=T0, policy=POLICY) is None  # the ended row is gone

    idle_id, idle_token = signed_in(accounts)
    assert resume(accounts, idle_token, now=T0 + dt.timedelta(hours=12), policy=POLICY) is None
    assert check(accounts, idle_id, AN, now=T0, policy=POLICY) is None


def test_sign_out_and_a_disabled_account_end_sessions_everywhere(accounts):
    first, first_token = signed_in(accounts)
    second, second_token = signed_in(accounts)
    other, other_token = signed_in(accounts, BINH)
    end_session(accounts, first)
    assert check(accounts, first, AN, now=T0, policy=POLICY) is None
    assert resume(accounts, first_token, now=T0, policy=POLICY) is None
    end_by_token(accounts, second_token)
    assert check(accounts, second, AN, now=T0, policy=POLICY) is None
    # An ended session's number never comes back, and a number alone finds nobody else's sign-in.
    newest, _ = signed_in(accounts, BINH)
    end_session(accounts, newest)
    later, _ = signed_in(accounts, BINH)
    assert later > newest
    assert check(accounts, later, AN, now=T0, policy=POLICY) is None
    end_session(accounts, later)

    third, _ = signed_in(accounts)
    fourth, _ = signed_in(accounts)
    with accounts.begin() as conn:
        set_active(conn, AN, False, SYSTEM_ACTOR)
    assert check(accounts, third, AN, now=T0, policy=POLICY) is None
    assert check(accounts, fourth, AN, now=T0, policy=POLICY) is None
    with accounts.connect() as conn:
        left = conn.execute(select(SignInSession.id)).scalars().all()
    assert left == [other]  # the other account's session is untouched
    assert resume(accounts, other_token, now=T0, policy=POLICY).scope.username == BINH
    # Enabled again, the account signs in afresh; its old cookies stay dead.
    with accounts.begin() as conn:
        set_active(conn, AN, True, SYSTEM_ACTOR)
    assert resume(accounts, first_token, now=T0, policy=POLICY) is None


def test_limits_are_settings(accounts):
    assert sessions.session_policy(accounts) == POLICY
    put_setting(accounts, sessions.IDLE_HOURS_KEY, 1, "root")
    put_setting(accounts, sessions.LIFETIME_DAYS_KEY, 2, "root")
    assert sessions.session_policy(accounts) == SessionPolicy(dt.timedelta(hours=1), dt.timedelta(days=2))
    for bad in (0, "12", True, 10_000):
        put_setting(accounts, sessions.IDLE_HOURS_KEY, bad, "root")
        with pytest.raises(SettingError, match=sessions.IDLE_HOURS_KEY):
            sessions.session_policy(accounts)
