"""Failed sign-ins by usernames that have no password account, counted and locked like a real account's.

Without this, only real accounts would ever answer "locked", which tells an attacker which usernames exist.
The counts live in this process (shared by every Streamlit session of one server), not in the store: a
dashboard run as several processes keeps one count per process. They are bounded: the least recently
failed names are forgotten first, so a flood of invented names costs at most `capacity` small entries.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from data.accounts.signin import LockoutPolicy

# ~100 bytes an entry: about 1 MB at most.
DEFAULT_CAPACITY = 10_000


@dataclass(frozen=True)
class NameState:
    failures: int
    locked_until: dt.datetime | None  # set while the name is locked

    def locked_at(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


_FREE = NameState(0, None)


class NameFailures:
    """Thread-safe, least-recently-failed-first bounded map of (store, folded username) → NameState."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY):
        self._capacity = capacity
        self._entries: OrderedDict[tuple[str, str], NameState] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def state(self, store: str, name: str) -> NameState:
        with self._lock:
            return self._entries.get((store, name), _FREE)

    def fail(self, store: str, name: str, now: dt.datetime, policy: LockoutPolicy) -> NameState:
        """One more failure, the same rule as an account's: counted unless locked, locking at the maximum,
        and counting from zero again once a lock has run out."""
        key = (store, name)
        with self._lock:
            old = self._entries.pop(key, _FREE)
            if old.locked_at(now):
                new = old
            else:
                failures = (0 if old.locked_until is not None else old.failures) + 1
                new = NameState(failures, now + policy.lockout if failures >= policy.max_failures else None)
            self._entries[key] = new
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)
            return new


# One per process: the sessions of one dashboard server share it.
NAME_FAILURES = NameFailures()
