"""What `python -m vision badge …` and `python -m vision uniform …` share: the store, the actor, and
the registry's list / promote / rollback (data.rule_models), printed for a person at a terminal."""
from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from sqlalchemy import Connection, Engine

from domain.redaction import redact_text
from domain.timezone import LOCAL_TZ, as_utc

EXIT_BAD_INPUT = 2
EXIT_REFUSED = 3  # the gate said no: not a typing mistake, a decision a script may want to tell apart


def add_registry_commands(sub, rule: str) -> None:
    """`promote VERSION`, `rollback VERSION` and `list` for one rule."""
    pro = sub.add_parser("promote", help=f"make a {rule} version live if its held-out figures pass the gate")
    pro.add_argument("version", metavar="VERSION")
    pro.add_argument("--force", metavar="REASON",
                     help="promote although there is nothing to compare (no held-out labels); the reason is audited")
    rb = sub.add_parser("rollback", help=f"make an earlier live {rule} version live again (audited)")
    rb.add_argument("version", metavar="VERSION")
    sub.add_parser("list", help=f"the {rule} versions in the registry")
    for p in sub.choices.values():
        add_store_args(p)


def add_store_args(p: argparse.ArgumentParser) -> None:
    if not any(a.dest == "db" for a in p._actions):
        p.add_argument("--db", help="store URL (default: DATABASE_URL or var/monitor.db)")
        p.add_argument("--by", help="who does it, for the audit log (default: the operating-system user)")


def actor(args: argparse.Namespace) -> str:
    return (getattr(args, "by", None) or "").strip() or getpass.getuser()


def fail(message: str, code: int = EXIT_BAD_INPUT) -> int:
    print(f"Lỗi: {redact_text(message)}", file=sys.stderr)
    return code


def engine_for(args: argparse.Namespace) -> Engine:
    from data.db import make_engine  # noqa: PLC0415

    return make_engine(args.db)


def _num(x) -> str:
    return "-" if x is None else f"{float(x):.2f}"


def _when(t) -> str:
    return "-" if t is None else as_utc(t).astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def _pr(block: dict | None, who: str) -> str:
    s = (block or {}).get(who) or {}
    return f"P {_num(s.get('precision'))} R {_num(s.get('recall'))}" if s else "-"


def list_versions(engine: Engine, rule: str, prepare: Callable[[Connection, str], object] | None, by: str) -> int:
    from data.rule_models import versions  # noqa: PLC0415

    with engine.begin() as conn:
        if prepare is not None:
            prepare(conn, by)
        rows = versions(conn, rule)
    if not rows:
        print(f"chưa có phiên bản {rule} nào (no {rule} version yet)")
        return 0
    print(f"{'phiên bản/version':<24} {'trạng thái':<10} {'ngưỡng':>6}  {'tỉnh, ứng viên':<16} {'tỉnh, bản cũ':<16} "
          f"{'tạo lúc/by':<28} đưa vào dùng/promoted")
    for v in rows:
        prov = dict(v.figures).get("province_test") or {}
        n = prov.get("images")
        print(f"{v.version:<24} {v.status:<10} {_num(v.threshold):>6}  {_pr(prov, 'candidate'):<16} "
              f"{_pr(prov, 'live'):<16} {_when(v.created_at) + ' ' + (v.created_by or '-'):<28} "
              f"{_when(v.promoted_at)} {v.promoted_by or ''}".rstrip() + (f"  ({n} nhãn kiểm tra)" if n else ""))
    return 0


def promote_version(engine: Engine, rule: str, version: str, by: str, force: str | None,
                    prepare: Callable[[Connection, str], object] | None = None) -> int:
    from data.rule_models import PromotionRefused, RegistryError, promote  # noqa: PLC0415

    try:
        with engine.begin() as conn:
            if prepare is not None:
                prepare(conn, by)
            decision = promote(conn, rule, version, by, force_reason=force)
    except PromotionRefused as exc:
        return fail(f"không đưa {version} vào dùng (not promoted): {exc}", EXIT_REFUSED)
    except RegistryError as exc:
        return fail(str(exc))
    print(f"{rule} {version} đang được dùng (is live): {decision.reason}")
    return 0


def rollback_version(engine: Engine, rule: str, version: str, by: str,
                     prepare: Callable[[Connection, str], object] | None = None) -> int:
    from data.rule_models import RegistryError, rollback  # noqa: PLC0415

    try:
        with engine.begin() as conn:
            if prepare is not None:
                prepare(conn, by)
            previous = rollback(conn, rule, version, by)
    except RegistryError as exc:
        return fail(str(exc))
    print(f"{rule} {version} đang được dùng lại, thay {previous or '-'} (is live again, replacing {previous or '-'})")
    return 0


def run_registry_command(engine: Engine, rule: str, action: str, args: argparse.Namespace, by: str,
                         prepare: Callable[[Connection, str], object] | None = None) -> int | None:
    """`list`, `promote` or `rollback` of either rule; None for the rule's own action (retrain, calibrate)."""
    if action == "list":
        return list_versions(engine, rule, prepare, by)
    if action == "promote":
        return promote_version(engine, rule, args.version, by, args.force, prepare)
    if action == "rollback":
        return rollback_version(engine, rule, args.version, by, prepare)
    return None
