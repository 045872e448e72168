"""The first administrator, asked at the terminal: `python -m data create-admin --interactive`.

`./app.sh` runs it when the store has no account. A refused answer (a weak password, two
passwords that differ, a username that is not allowed) is said in words and asked again, up to
ATTEMPTS times, instead of giving up and starting an app nobody can sign in to. The password rule
is the one every account meets (data/accounts/passwords.py check_strength), checked before the
password is asked a second time.

With a terminal, passwords are read without echo; without one (a script, a test) every answer is
one line of standard input, and the end of input stops the questions.
"""
from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from data.accounts.accounts import Account, AccountError, create_account
from data.accounts.passwords import WeakPassword, check_strength
from data.audit import SYSTEM_ACTOR

ATTEMPTS = 3


class NoMoreInput(EOFError):
    """Standard input ended before an account could be made."""


@dataclass(frozen=True)
class Terminal:
    """How the questions are asked: a visible answer, a hidden one, and a line said back."""

    ask: Callable[[str], str]
    ask_secret: Callable[[str], str]
    say: Callable[[str], None]


def _line_from_stdin(prompt: str) -> str:
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        raise NoMoreInput
    sys.stdout.write("\n")
    return line.rstrip("\r\n")


def _say(text: str) -> None:
    print(text, flush=True)


def standard_terminal() -> Terminal:
    if sys.stdin.isatty():
        return Terminal(input, getpass.getpass, _say)
    return Terminal(_line_from_stdin, _line_from_stdin, _say)


def _one_attempt(engine: Engine, term: Terminal, username: str | None) -> tuple[Account | None, str | None]:
    """(the account, or None; the username to keep for the next attempt)."""
    if username is None:
        username = term.ask("Tên đăng nhập (username): ").strip()
    password = term.ask_secret("Mật khẩu (password): ")
    try:
        check_strength(password, username)
    except WeakPassword as exc:
        term.say(f"» {exc}")
        return None, username
    if term.ask_secret("Nhập lại mật khẩu (repeat password): ") != password:
        term.say("» hai lần nhập mật khẩu không khớp (the two passwords differ)")
        return None, username
    try:
        with engine.begin() as conn:
            return create_account(conn, username=username, display_name=None, role="admin",
                                  actor=SYSTEM_ACTOR, password=password), username
    except AccountError as exc:
        term.say(f"» {exc}")
        return None, None  # the username itself was refused: ask it again


def create_first_admin(engine: Engine, term: Terminal, username: str | None = None,
                       attempts: int = ATTEMPTS) -> Account | None:
    """A province-wide administrator after at most `attempts` tries; None when every try was refused."""
    for left in range(attempts - 1, -1, -1):
        try:
            account, username = _one_attempt(engine, term, username)
        except NoMoreInput:
            return None
        if account is not None:
            return account
        if left:
            term.say(f"» Nhập lại, còn {left} lần (try again, {left} left)")
    return None
