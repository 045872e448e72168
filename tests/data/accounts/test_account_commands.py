"""`python -m data create-admin / add-user / disable-user / list-users`: no default password, clear refusals."""
from __future__ import annotations

import io
import subprocess
import sys

import pytest

from data.accounts.signin import INACTIVE, OK, sign_in_password
from data.audit import AuditQuery, search
from data.cli import main
from data.units import create_unit

GOOD = "Lang-Son-2026!"


def run(monkeypatch, argv: list[str], stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


def test_create_admin_from_stdin_then_sign_in(store_url, engine, monkeypatch, capsys):
    assert run(monkeypatch, ["create-admin", "--username", "Admin1", "--display-name", "Quản trị",
                             "--password-stdin", "--db", store_url], GOOD + "\n") == 0
    assert "created admin1 (admin)" in capsys.readouterr().out
    result = sign_in_password(engine, "admin1", GOOD)
    assert result.outcome == OK and result.scope.whole_province and result.scope.can_configure
    assert list(search(engine, AuditQuery(action="account_change")).rows["actor"]) == ["system"]


@pytest.mark.parametrize("argv, stdin, message", [
    (["create-admin", "--username", "admin1", "--password-stdin"], "\n", "empty"),
    (["create-admin", "--username", "admin1", "--password-stdin"], "admin\n", "at least 10"),
    (["create-admin", "--username", "admin1"], "", "no terminal"),  # no prompt possible, no default either
    (["add-user", "--username", "tt", "--role", "inspector", "--unit", "Nowhere", "--password-stdin"], GOOD, "no unit"),
])
def test_refusals_print_one_message_and_create_nothing(store_url, engine, monkeypatch, capsys, argv, stdin, message):
    assert run(monkeypatch, [*argv, "--db", store_url], stdin) == 2
    assert message in capsys.readouterr().err
    assert run(monkeypatch, ["list-users", "--db", store_url]) == 0
    assert capsys.readouterr().out == ""


def test_add_inspector_for_a_district_then_disable(store_url, engine, monkeypatch, capsys):
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None)
        d = create_unit(c, "Huyện Bình Gia", "district", p.id)
    assert run(monkeypatch, ["add-user", "--username", "tt.binhgia", "--role", "inspector", "--unit", "huyen binh gia",
                             "--password-stdin", "--db", store_url], GOOD) == 0
    assert sign_in_password(engine, "tt.binhgia", GOOD).scope.unit_path == d.path
    assert run(monkeypatch, ["disable-user", "--username", "tt.binhgia", "--db", store_url]) == 0
    assert sign_in_password(engine, "tt.binhgia", GOOD).outcome == INACTIVE
    capsys.readouterr()
    run(monkeypatch, ["list-users", "--db", store_url])
    assert capsys.readouterr().out.split("\t") == ["tt.binhgia", "inspector", d.path, "disabled\n"]


def test_the_module_entry_point_knows_the_commands():
    out = subprocess.run([sys.executable, "-m", "data", "--help"], capture_output=True, text=True, check=True).stdout
    assert "create-admin" in out and "disable-user" in out
