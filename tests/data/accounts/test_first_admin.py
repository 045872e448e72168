"""`python -m data create-admin --interactive` (what ./app.sh asks when the store has no account): the
accounts' password rule, said in words and asked again, up to three tries; nothing created when all fail."""
from __future__ import annotations

import io
import sys

import pytest

from data.accounts.accounts import list_accounts
from data.accounts.signin import OK, sign_in_password
from data.cli import main

GOOD = "Lang-Son-2026!"


@pytest.mark.parametrize("answers, said, created", [
    # A weak password, then a good one: the same username is kept.
    (["admin1", "matkhau", GOOD, GOOD], ["at least 10 characters", "còn 2 lần"], "admin1"),
    # A reserved username (asked again), then two passwords that differ, then right.
    (["system", GOOD, GOOD, "quantri", GOOD, GOOD + "x", GOOD, GOOD],
     ["reserved for the system", "the two passwords differ", "còn 1 lần"], "quantri"),
    # Three refusals: no account, and the command says so (app.sh then does not start the app).
    (["admin1", "short", "Password123!", "aaaaaaaaaaaa"], ["at least 10", "too common", "5 different characters", "còn 1 lần"], None),
    # Input ends before an account could be made.
    (["admin1", "short"], ["at least 10"], None),
])
def test_the_first_administrator_is_asked_again_after_a_refusal(store_url, engine, monkeypatch, capsys,
                                                                 answers, said, created):
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(a + "\n" for a in answers)))
    code = main(["create-admin", "--interactive", "--db", store_url])
    out, err = capsys.readouterr()
    for text in said:
        assert text in out
    if created is None:
        assert code == 2 and "no administrator was created" in err
        assert list_accounts(engine) == []
    else:
        assert code == 0 and f"created {created} (admin)" in out
        assert [a.username for a in list_accounts(engine)] == [created]
        assert sign_in_password(engine, created, GOOD).outcome == OK
    assert GOOD not in out + err  # a password is never said back
