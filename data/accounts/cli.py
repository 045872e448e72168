"""`python -m data create-admin | add-user | disable-user | enable-user | list-users`.

    python -m data create-admin --username U [--display-name NAME] [--password-stdin]
    python -m data create-admin --interactive [--username U]     (asks again after a refusal: app.sh)
    python -m data add-user --username U --role viewer|inspector|staff|admin [--unit NAME] [--staff-id N]
                            [--display-name NAME] [--password-stdin | --oidc]
    python -m data disable-user --username U    /   enable-user --username U
    python -m data list-users

Passwords come from a prompt (asked twice) or one line of standard input,
never from the command line, so they stay out of shell history.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy import Engine

from data.audit import SYSTEM_ACTOR

COMMANDS = ("create-admin", "add-user", "disable-user", "enable-user", "list-users")


def add_parsers(sub) -> None:
    admin = sub.add_parser("create-admin", help="create a province-wide administrator account")
    admin.add_argument("--username", help="required unless --interactive")
    admin.add_argument("--display-name")
    admin.add_argument("--password-stdin", action="store_true", help="read the password from one line of stdin")
    admin.add_argument("--interactive", action="store_true",
                       help="ask the username and password, again after a refusal (app.sh; data/accounts/first_admin.py)")
    admin.add_argument("--db")

    user = sub.add_parser("add-user", help="create an account with a role and a unit scope")
    user.add_argument("--username", required=True, help="login name, or the OIDC e-mail")
    user.add_argument("--role", required=True, choices=("admin", "viewer", "inspector", "staff"))
    user.add_argument("--unit", help="unit name: the account sees this unit and below (default: whole province)")
    user.add_argument("--staff-id", type=int, help="for role staff: the staff member's id")
    user.add_argument("--display-name")
    how = user.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true")
    how.add_argument("--oidc", action="store_true", help="no password: signs in through the OIDC provider only")
    user.add_argument("--db")

    for name, text in (("disable-user", "stop an account from signing in"), ("enable-user", "allow it again")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--username", required=True)
        p.add_argument("--db")
    lst = sub.add_parser("list-users", help="list accounts, their roles and scopes")
    lst.add_argument("--db")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ValueError("không có mật khẩu: dùng --password-stdin khi không có bàn phím "
                         "(no terminal: pass --password-stdin and pipe the password)")
    first = getpass.getpass("Mật khẩu (password): ")
    second = getpass.getpass("Nhập lại mật khẩu (repeat password): ")
    if first != second:
        raise ValueError("hai lần nhập mật khẩu không khớp (the two passwords differ)")
    return first


def run(engine: Engine, args: argparse.Namespace) -> int:
    from data.accounts.accounts import AccountError, create_account, list_accounts, set_active
    from data.accounts.passwords import WeakPassword
    from data.units import UnitNotFound, find_unit

    try:
        if args.command == "list-users":
            for a in list_accounts(engine):
                state = "active" if a.active else "disabled"
                print(f"{a.username}\t{a.role}\t{a.unit_path or '(toàn tỉnh / province)'}\t{state}")
            return 0
        if args.command in ("disable-user", "enable-user"):
            with engine.begin() as conn:
                set_active(conn, args.username, args.command == "enable-user", SYSTEM_ACTOR)
            print(f"{args.username}: {'enabled' if args.command == 'enable-user' else 'disabled'}")
            return 0
        if getattr(args, "interactive", False):
            return _first_admin(engine, args.username)
        if not args.username:
            raise ValueError("thiếu --username (--username is required without --interactive)")
        role = "admin" if args.command == "create-admin" else args.role
        unit_id = find_unit(engine, args.unit).id if getattr(args, "unit", None) else None
        password = None if getattr(args, "oidc", False) else _read_password(args.password_stdin)
        with engine.begin() as conn:
            account = create_account(conn, username=args.username, display_name=args.display_name, role=role,
                                     actor=SYSTEM_ACTOR, password=password, unit_id=unit_id,
                                     staff_id=getattr(args, "staff_id", None))
        print(f"created {account.username} ({account.role})")
        return 0
    except (AccountError, WeakPassword, UnitNotFound, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _first_admin(engine: Engine, username: str | None) -> int:
    from data.accounts.first_admin import create_first_admin, standard_terminal

    account = create_first_admin(engine, standard_terminal(), username)
    if account is None:
        print("error: chưa tạo được quản trị viên (no administrator was created)", file=sys.stderr)
        return 2
    print(f"created {account.username} ({account.role})")
    return 0
