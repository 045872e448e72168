"""Password hashing (argon2id) and the minimum a password must meet.

There is no default password anywhere: accounts are created by a command
that asks for one, and a weak or empty one is refused.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile: 64 MiB and ~0.1 s per check.
_HASHER = PasswordHasher()
# Checks running at once in one process: 16 sign-ins fired together then hold 128 MiB, not 1 GiB, and more
# than two would not finish sooner on the 2-core boxes this runs on. The others wait their turn.
MAX_CONCURRENT_CHECKS = 2
# How long an attempt waits for a turn before it is answered "busy" (at ~0.1 s a check, hundreds queue first).
CHECK_WAIT_SECONDS = 30.0
MIN_LENGTH = 10
# Passwords seen first in every leaked list; refused outright.
_COMMON = {"password", "matkhau", "123456", "12345678", "123456789", "1234567890", "qwerty",
           "admin", "administrator", "abc123", "111111", "iloveyou", "letmein", "welcome"}


class WeakPassword(ValueError):
    """The password does not meet the minimum; the message says why."""


class PasswordChecksBusy(RuntimeError):
    """No turn to check a password came within the wait: too many sign-ins at once."""


class CheckGate:
    """At most `slots` argon2 computations at once in this process; a caller waits up to `wait_seconds`."""

    def __init__(self, slots: int, wait_seconds: float):
        self._slots = threading.BoundedSemaphore(slots)
        self._wait = wait_seconds

    @contextmanager
    def turn(self) -> Iterator[None]:
        if not self._slots.acquire(timeout=self._wait):
            raise PasswordChecksBusy("quá nhiều lượt đăng nhập cùng lúc (too many password checks at once)")
        try:
            yield
        finally:
            self._slots.release()


_GATE = CheckGate(MAX_CONCURRENT_CHECKS, CHECK_WAIT_SECONDS)


def check_strength(password: str, username: str = "") -> None:
    if not password or not password.strip():
        raise WeakPassword("mật khẩu trống (the password is empty)")
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"mật khẩu cần ít nhất {MIN_LENGTH} ký tự (the password needs at least {MIN_LENGTH} characters)")
    low = password.lower()
    if username and username.lower() in low:
        raise WeakPassword("mật khẩu không được chứa tên đăng nhập (the password must not contain the username)")
    # 'Password123!' is 'password' with the usual suffix.
    if low in _COMMON or low.rstrip("0123456789!@#$%^&*.-_ ") in _COMMON:
        raise WeakPassword("mật khẩu quá phổ biến (the password is too common)")
    if len(set(password)) < 5:
        raise WeakPassword("mật khẩu cần ít nhất 5 ký tự khác nhau (the password needs at least 5 different characters)")
    classes = sum(any(f(ch) for ch in password) for f in (str.islower, str.isupper, str.isdigit,
                                                           lambda ch: not ch.isalnum()))
    if classes < 2:
        raise WeakPassword("mật khẩu cần ít nhất hai loại ký tự: chữ thường, chữ hoa, chữ số, ký hiệu "
                           "(the password needs two kinds of characters: lower case, upper case, digits, symbols)")


def hash_password(password: str) -> str:
    with _GATE.turn():
        return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """False for a wrong password or an unusable hash; a missing hash still costs one verification.

    Raises PasswordChecksBusy when no turn came within CHECK_WAIT_SECONDS.
    """
    with _GATE.turn():
        try:
            return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def burn_time(password: str) -> None:
    """The same work as a real check, for unknown usernames (so timing does not tell them apart)."""
    verify_password(None, password)


_DUMMY_HASH = _HASHER.hash("not a password: timing filler for unknown users")
