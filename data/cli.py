"""`python -m data …`: store commands other tools call. Keep the contracts exact.

    python -m data import-dossiers FILE [FILE ...] [--db URL]
    python -m data import-sites SITES.yaml [--db URL]
    python -m data report dossiers --from YYYY-MM-DD --to YYYY-MM-DD [--unit NAME] [--db URL] --json
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date YYYY-MM-DD")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m data", description="One-stop desk monitor: the store.")
    sub = p.add_subparsers(dest="command", required=True)

    imp = sub.add_parser("import-dossiers", help="import detailed dossier exports (CSV, TXT, XLSX)")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--db", help="store URL (default: DATABASE_URL or var/monitor.db)")
    imp.add_argument("--skip-bad-rows", action="store_true",
                     help="import the good rows of a file that has bad ones (they are still reported)")
    imp.add_argument("--mapping", type=Path, help="YAML file mapping other header spellings to fields")
    imp.add_argument("--province", default=None,
                     help="name of the province root for units created from rows (default: the store's root)")

    sites = sub.add_parser("import-sites", help="load a sites file (cameras, desks, zones, presence and "
                           "compliance blocks) into the store; a redacted source keeps the stored one")
    sites.add_argument("file", type=Path, metavar="SITES")
    sites.add_argument("--db", help="store URL (default: DATABASE_URL or var/monitor.db)")

    summ = sub.add_parser("import-summary", help="import standard monthly summary reports")
    summ.add_argument("files", nargs="+", type=Path, metavar="FILE")
    summ.add_argument("--db")
    summ.add_argument("--month", help="YYYY-MM when the file does not say which month it covers")
    summ.add_argument("--skip-bad-rows", action="store_true")
    summ.add_argument("--province", default=None)

    rep = sub.add_parser("report", help="print statistics")
    rep_sub = rep.add_subparsers(dest="report", required=True)
    dos = rep_sub.add_parser("dossiers", help="dossier statistics for a period and unit subtree")
    dos.add_argument("--from", dest="start", type=_date, required=True)
    dos.add_argument("--to", dest="end", type=_date, required=True)
    dos.add_argument("--unit", help="unit name (case- and diacritics-insensitive); covers its subtree")
    dos.add_argument("--db")
    dos.add_argument("--json", action="store_true", help="print one JSON object")

    demo = sub.add_parser("demo", help="fill an empty store with the Lạng Sơn-shaped demo data")
    demo.add_argument("--db")
    demo.add_argument("--seed", type=int, default=2023)
    demo.add_argument("--if-empty", action="store_true", help="do nothing when the store already has units")

    mig = sub.add_parser("migrate", help="upgrade the store's schema in place")
    mig.add_argument("--db")
    chk = sub.add_parser("check-roles", help="warn when the app's database user owns the tables (PostgreSQL)")
    chk.add_argument("--db", help="the URL the app and workers use (default: DATABASE_URL)")
    grant = sub.add_parser("grant-app-role", help="give ROLE exactly the app's privileges (PostgreSQL; "
                                                  "run as the tables' owner, again after each upgrade)")
    grant.add_argument("role")
    grant.add_argument("--db")

    from data.accounts.cli import add_parsers as add_account_parsers

    add_account_parsers(sub)
    from data.retention.cli import add_parser as add_purge_parser

    add_purge_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from data.db import open_store

    engine = open_store(args.db)
    if args.command == "migrate":
        return 0
    if args.command in ("check-roles", "grant-app-role"):
        return _roles(engine, args)
    from data.accounts.cli import COMMANDS as ACCOUNT_COMMANDS

    if args.command in ACCOUNT_COMMANDS:
        from data.accounts.cli import run as run_accounts

        return run_accounts(engine, args)
    if args.command == "purge":
        from data.retention.cli import run as run_purge

        return run_purge(engine, args)
    if args.command == "report":
        return _report_dossiers(engine, args)
    if args.command == "import-dossiers":
        from data.dossiers.importer.cli import run_import

        return run_import(engine, args)
    if args.command == "import-sites":
        return _import_sites(engine, args)
    if args.command == "import-summary":
        from data.dossiers.summary_import import run_import_summary

        return run_import_summary(engine, args)
    if args.command == "demo":
        from data.demo.generate import run_demo

        return run_demo(engine, args)
    return 2


def _import_sites(engine, args) -> int:
    from data.setup.sites_import import import_sites
    from domain.redaction import redact_text
    from domain.sites import ConfigError, load_sites

    try:
        sites = load_sites(args.file)
        with engine.begin() as conn:  # all of it or nothing
            result = import_sites(conn, sites, str(args.file))
    except ConfigError as exc:
        print(f"Lỗi: {redact_text(str(exc))}", file=sys.stderr)  # the message may quote a source
        return 2
    print(result.summary())
    return 0


def _roles(engine, args) -> int:
    from data.roles import check_roles, grant_app_role

    if args.command == "grant-app-role":
        if engine.dialect.name != "postgresql":
            print("error: database roles exist only on PostgreSQL", file=sys.stderr)
            return 2
        with engine.begin() as conn:
            grant_app_role(conn, args.role)
        print(f"granted the app's privileges to {args.role}")
        return 0
    result = check_roles(engine)
    for line in result.lines:
        print(line)
    return 0 if result.ok else 1


def _report_dossiers(engine, args) -> int:
    from data.access import SYSTEM
    from data.dossiers.stats import totals
    from data.units import UnitNotFound, find_unit

    if args.end < args.start:
        print(f"error: --to {args.end} is before --from {args.start}", file=sys.stderr)
        return 2
    unit_id = None
    if args.unit:
        try:
            unit_id = find_unit(engine, args.unit).id
        except UnitNotFound as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    # The command line acts for the whole province (whoever can run it can read the store anyway).
    report = totals(engine, args.start, args.end, unit_id, scope=SYSTEM).as_report()
    keys = ["received", "online", "resolved", "early", "on_time", "late", "on_time_rate", "online_share",
            "in_progress", "overdue"]
    report = {k: report[k] for k in keys}
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        for k in keys:
            print(f"{k:>14}: {report[k]}")
    return 0
