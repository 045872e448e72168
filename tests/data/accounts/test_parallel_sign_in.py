"""Sign-ins fired at once: every failure counts, the lock holds, and only a few argon2 checks run together.

Real argon2 and a real store; the hasher is wrapped (not replaced) to watch how many checks run at once
and, in one test, to hold the right password's check open while the lock falls.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import select

from data.accounts import passwords
from data.accounts.accounts import create_account
from data.accounts.passwords import MAX_CONCURRENT_CHECKS, verify_password
from data.accounts.signin import BAD_CREDENTIALS, BUSY, LOCKED, OK, LockoutPolicy, SignInResult, sign_in_password
from data.audit import AuditQuery, search
from data.schema import UserAccount
from domain.timezone import as_utc

GOOD = "Lang-Son-2026!"
WRONG = "wrong-password-1"
T0 = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)
POLICY = LockoutPolicy(max_failures=5, lockout=dt.timedelta(minutes=15))


class WatchedHasher:
    """The real hasher; counts the verifications running at once, and can hold one password's check open."""

    def __init__(self, real: passwords.PasswordHasher, hold: str | None = None):
        self._real, self._hold, self._lock = real, hold, threading.Lock()
        self.running = self.peak = 0
        self.holding, self.release = threading.Event(), threading.Event()

    def verify(self, stored: str, password: str) -> bool:
        with self._lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
        try:
            if password == self._hold:
                self.holding.set()
                self.release.wait(30)
            return self._real.verify(stored, password)
        finally:
            with self._lock:
                self.running -= 1

    def __getattr__(self, name: str):
        return getattr(self._real, name)


def watch(monkeypatch, hold: str | None = None) -> WatchedHasher:
    hasher = WatchedHasher(passwords._HASHER, hold)
    monkeypatch.setattr(passwords, "_HASHER", hasher)
    return hasher


def all_at_once(calls: list[Callable[[], object]]) -> list[object]:
    """Runs every call in its own thread, released together by a barrier; exceptions are returned, not lost."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except Exception as exc:  # noqa: BLE001 - the test asserts there are none
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    return results


@pytest.fixture
def account(engine) -> str:
    with engine.begin() as c:
        create_account(c, username="tt.binhgia", display_name="Thanh tra Bình Gia", role="inspector",
                       actor="system", password=GOOD)
    return "tt.binhgia"


def counters(engine, username: str) -> tuple[int, dt.datetime | None]:
    with engine.connect() as c:
        row = c.execute(select(UserAccount.failed_attempts, UserAccount.locked_until)
                        .where(UserAccount.username == username)).one()
    return row.failed_attempts, row.locked_until


def test_sixteen_parallel_attempts_lock_the_account_and_check_few_passwords_at_once(engine, account, monkeypatch):
    hasher = watch(monkeypatch)
    attempts = [WRONG] * 15 + [GOOD]
    results = all_at_once([lambda p=p: sign_in_password(engine, account, p, now=T0, policy=POLICY)
                           for p in attempts])
    assert all(isinstance(r, SignInResult) for r in results), results  # every attempt waited its turn
    failures, locked_until = counters(engine, account)
    # The right password may win only before the fifth failure is written; the other wrong ones lock it anyway.
    assert failures >= POLICY.max_failures
    assert locked_until is not None and as_utc(locked_until) == T0 + POLICY.lockout
    assert results[15].outcome in (OK, LOCKED)
    signed_in = search(engine, AuditQuery(action="sign_in")).total
    assert signed_in == (results[15].outcome == OK)
    assert search(engine, AuditQuery(action="sign_in_failed")).total == 16 - signed_in
    assert sign_in_password(engine, account, GOOD, now=T0 + dt.timedelta(minutes=1), policy=POLICY).outcome == LOCKED
    assert hasher.peak <= MAX_CONCURRENT_CHECKS


def test_parallel_failures_are_all_counted(engine, account):
    roomy = LockoutPolicy(max_failures=100, lockout=dt.timedelta(minutes=15))
    results = all_at_once([lambda: sign_in_password(engine, account, WRONG, now=T0, policy=roomy)] * 6)
    assert {r.outcome for r in results} == {BAD_CREDENTIALS}
    assert counters(engine, account) == (6, None)


def test_a_right_password_checked_while_the_lock_falls_is_refused(engine, account, monkeypatch):
    """The rule: a right password signs in only if the account is not locked when the grant is written."""
    hasher = watch(monkeypatch, hold=GOOD)
    right: list[SignInResult] = []
    thread = threading.Thread(target=lambda: right.append(sign_in_password(engine, account, GOOD, now=T0,
                                                                             policy=POLICY)))
    thread.start()
    assert hasher.holding.wait(30)  # the right password is being checked, the account not yet locked
    wrong = [sign_in_password(engine, account, WRONG, now=T0, policy=POLICY).outcome for _ in range(5)]
    hasher.release.set()
    thread.join(30)
    assert wrong[-1] == LOCKED
    assert right[0].outcome == LOCKED and right[0].scope is None
    assert counters(engine, account)[1] is not None  # the late success did not lift the lock


def test_no_more_than_the_bound_of_password_checks_run_at_once(monkeypatch):
    hasher = watch(monkeypatch)
    stored = passwords.hash_password(GOOD)
    results = all_at_once([lambda: verify_password(stored, WRONG), lambda: verify_password(stored, GOOD)] * 3)
    assert results == [False, True] * 3  # every check waited for a slot instead of failing
    assert 1 <= hasher.peak <= MAX_CONCURRENT_CHECKS


def test_an_attempt_that_gets_no_turn_in_time_is_answered_busy_and_counts_nothing(engine, account, monkeypatch):
    monkeypatch.setattr(passwords, "_GATE", passwords.CheckGate(slots=1, wait_seconds=0.05))
    with passwords._GATE.turn():  # every slot taken
        assert sign_in_password(engine, account, WRONG, now=T0, policy=POLICY).outcome == BUSY
    assert counters(engine, account) == (0, None)
    assert sign_in_password(engine, account, WRONG, now=T0, policy=POLICY).outcome == BAD_CREDENTIALS
