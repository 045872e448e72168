"""Built-in sign-in: argon2id hashes, lockout after repeated failures, disabled accounts, audit rows."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, select

from data.access import Scope
from data.accounts.accounts import AccountError, create_account, set_active
from data.accounts.name_failures import NameFailures
from data.accounts.passwords import WeakPassword
from data.accounts.signin import (
    BAD_CREDENTIALS, INACTIVE, LOCKED, OK, UNKNOWN_IDENTITY, LockoutPolicy, sign_in_oidc, sign_in_password,
)
from data.audit import AuditQuery, search
from data.schema import Staff, UserAccount
from data.units import create_unit

GOOD = "Lang-Son-2026!"
T0 = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)
POLICY = LockoutPolicy(max_failures=3, lockout=dt.timedelta(minutes=15))


@pytest.fixture
def units(engine):
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None)
        d = create_unit(c, "Huyện Bình Gia", "district", p.id)
        staff = c.execute(insert(Staff).values(unit_id=d.id, full_name="Nguyễn Văn An").returning(Staff.id)).scalar_one()
        create_account(c, username="An.Inspector", display_name="Thanh tra An", role="inspector", actor="system",
                       password=GOOD, unit_id=d.id)
        create_account(c, username="an.staff", display_name=None, role="staff", actor="system",
                       password=GOOD, staff_id=staff)  # the unit defaults to the staff member's
        create_account(c, username="keycloak@langson.gov.vn", display_name="OIDC", role="viewer", actor="system")
    return d, staff


def actions(engine) -> list[tuple[str, str]]:
    rows = search(engine, AuditQuery(page_size=100)).rows
    return list(zip(rows["actor"], rows["action"]))[::-1]


def test_password_stored_as_argon2id_never_plain(engine, units):
    with engine.connect() as c:
        stored = c.execute(select(UserAccount.password_hash).where(UserAccount.username == "an.inspector")).scalar_one()
    assert stored.startswith("$argon2id$") and GOOD not in stored


def test_right_password_gives_the_accounts_scope(engine, units):
    district, staff = units
    result = sign_in_password(engine, " AN.inspector ", GOOD, now=T0, policy=POLICY)
    assert result.outcome == OK
    assert result.scope == Scope("an.inspector", "inspector", f"/1/{district.id}/", None)
    staff_result = sign_in_password(engine, "an.staff", GOOD, now=T0, policy=POLICY)
    assert staff_result.scope == Scope("an.staff", "staff", f"/1/{district.id}/", staff)
    assert actions(engine)[-2:] == [("an.inspector", "sign_in"), ("an.staff", "sign_in")]


@pytest.mark.parametrize("username, password", [
    ("an.inspector", "wrong-password-1"), ("nobody", GOOD), ("", GOOD),
    ("keycloak@langson.gov.vn", GOOD),  # OIDC-only account: no password works
])
def test_wrong_credentials_are_refused_and_logged(engine, units, username, password):
    assert sign_in_password(engine, username, password, now=T0, policy=POLICY).outcome == BAD_CREDENTIALS
    assert actions(engine)[-1][1] == "sign_in_failed"


def test_lockout_after_max_failures_even_for_the_right_password_then_expires(engine, units):
    outcomes = [sign_in_password(engine, "an.inspector", "wrong-password-1", now=T0, policy=POLICY).outcome
                for _ in range(3)]
    assert outcomes == [BAD_CREDENTIALS, BAD_CREDENTIALS, LOCKED]
    assert sign_in_password(engine, "an.inspector", GOOD, now=T0 + dt.timedelta(minutes=14), policy=POLICY).outcome == LOCKED
    assert sign_in_password(engine, "an.inspector", GOOD, now=T0 + dt.timedelta(minutes=16), policy=POLICY).outcome == OK


def test_an_unknown_username_is_answered_like_a_real_account_even_when_locked(engine, units):
    """Otherwise "locked" would tell which usernames exist."""
    times = [T0] * 4 + [T0 + dt.timedelta(minutes=16)]  # locked on the third failure, free again after 15 minutes

    def answers(username: str) -> list:
        return [sign_in_password(engine, username, "wrong-password-1", now=t, policy=POLICY) for t in times]

    real = answers("an.inspector")
    assert [r.outcome for r in real] == [BAD_CREDENTIALS, BAD_CREDENTIALS, LOCKED, LOCKED, BAD_CREDENTIALS]
    assert answers("NOBODY") == real
    assert answers("keycloak@langson.gov.vn") == real  # an OIDC-only account has no password to try


def test_unknown_username_failures_are_kept_per_store_and_bounded():
    names = NameFailures(capacity=3)
    for name in ("a", "b", "c", "d"):
        for _ in range(2):
            names.fail("store-1", name, T0, POLICY)
    assert names.fail("store-2", "d", T0, POLICY).failures == 1  # another store counts its own
    assert len(names) == 3  # "a" and "b" made room
    assert names.fail("store-1", "d", T0, POLICY).locked_until == T0 + POLICY.lockout


def test_success_resets_the_failure_count(engine, units):
    for _ in range(2):
        sign_in_password(engine, "an.inspector", "wrong-password-1", now=T0, policy=POLICY)
    assert sign_in_password(engine, "an.inspector", GOOD, now=T0, policy=POLICY).ok
    for _ in range(2):
        sign_in_password(engine, "an.inspector", "wrong-password-1", now=T0, policy=POLICY)
    assert sign_in_password(engine, "an.inspector", GOOD, now=T0, policy=POLICY).ok


def test_disabled_account_cannot_sign_in_by_either_route(engine, units):
    with engine.begin() as c:
        set_active(c, "an.inspector", False, "admin")
        set_active(c, "keycloak@langson.gov.vn", False, "admin")
    assert sign_in_password(engine, "an.inspector", GOOD, now=T0, policy=POLICY).outcome == INACTIVE
    assert sign_in_oidc(engine, "keycloak@langson.gov.vn", "sub-1", now=T0).outcome == INACTIVE


@pytest.mark.parametrize("email, subject, outcome", [
    ("KEYCLOAK@langson.gov.vn", "sub-1", OK),
    ("stranger@langson.gov.vn", "sub-9", UNKNOWN_IDENTITY),  # first OIDC login never creates an account
    (None, None, UNKNOWN_IDENTITY),
])
def test_oidc_maps_to_existing_accounts_only(engine, units, email, subject, outcome):
    assert sign_in_oidc(engine, email, subject, now=T0).outcome == outcome
    with engine.connect() as c:
        assert c.execute(select(UserAccount.id)).all().__len__() == 3


def test_oidc_binds_the_subject_and_an_email_cannot_take_over_a_bound_account(engine, units):
    assert sign_in_oidc(engine, "keycloak@langson.gov.vn", "sub-1", now=T0).ok
    assert sign_in_oidc(engine, "renamed@langson.gov.vn", "sub-1", now=T0).scope.username == "keycloak@langson.gov.vn"
    assert sign_in_oidc(engine, "keycloak@langson.gov.vn", "sub-other", now=T0).outcome == UNKNOWN_IDENTITY


@pytest.mark.parametrize("password, fragment", [
    ("", "empty"), ("Short1!", "at least 10"), ("password123", "common"),
    ("aaaaaaaaaaaa", "different characters"), ("abcdefghijkl", "two kinds"), ("xx-an.admin-xx", "username"),
])
def test_weak_passwords_are_refused(engine, password, fragment):
    with pytest.raises(WeakPassword, match=fragment):
        with engine.begin() as c:
            create_account(c, username="an.admin", display_name=None, role="admin", actor="system", password=password)
    with engine.connect() as c:
        assert c.execute(select(UserAccount.id)).first() is None


@pytest.mark.parametrize("kwargs, fragment", [
    ({"username": "two words", "role": "admin", "password": GOOD}, "username"),
    ({"username": "System", "role": "admin", "password": GOOD}, "reserved"),  # the worker's audit name
    ({"username": "x", "role": "chief", "password": GOOD}, "role must be"),
    ({"username": "x", "role": "staff", "password": GOOD}, "staff member's id"),
    ({"username": "x", "role": "viewer", "password": GOOD, "unit_id": 999}, "no unit"),
    ({"username": "x", "role": "viewer"}, "needs a password"),
])
def test_bad_account_requests_name_the_field(engine, kwargs, fragment):
    with pytest.raises(AccountError, match=fragment):
        with engine.begin() as c:
            create_account(c, display_name=None, actor="system", **kwargs)


def test_lockout_settings_apply_and_bad_ones_name_the_field(engine, units):
    from data.accounts.signin import LOCKOUT_MINUTES_KEY, MAX_FAILURES_KEY, lockout_policy
    from data.settings import SettingError, put_setting

    assert lockout_policy(engine) == LockoutPolicy(5, dt.timedelta(minutes=15))
    put_setting(engine, MAX_FAILURES_KEY, 2, "admin")
    put_setting(engine, LOCKOUT_MINUTES_KEY, 60, "admin")
    assert lockout_policy(engine) == LockoutPolicy(2, dt.timedelta(minutes=60))
    assert [sign_in_password(engine, "an.inspector", "wrong-password-1", now=T0).outcome for _ in range(2)] == [
        BAD_CREDENTIALS, LOCKED]
    put_setting(engine, MAX_FAILURES_KEY, "five", "admin")
    with pytest.raises(SettingError, match="auth.max_failures"):
        lockout_policy(engine)
