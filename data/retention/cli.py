"""`python -m data purge [--dry-run] [--live-dir DIR] [--evidence-dir DIR]`: apply the retention rules now."""
from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy import Engine


def add_parser(sub) -> None:
    p = sub.add_parser("purge", help="delete live frames and evidence pictures past their retention period")
    p.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
    p.add_argument("--live-dir", type=Path, help="the worker's live dir (default: MONITOR_LIVE_DIR or var/live)")
    p.add_argument("--evidence-dir", type=Path, help="where relative evidence paths live (default: var/evidence)")
    p.add_argument("--db")


def run(engine: Engine, args: argparse.Namespace) -> int:
    from data.retention.policy import live_dir, retention_policy
    from data.retention.purge import purge

    policy = retention_policy(engine)
    report = purge(engine, live_dir=args.live_dir or live_dir(), dry_run=args.dry_run, policy=policy,
                   evidence_root=args.evidence_dir)
    verb = "would delete" if report.dry_run else "deleted"
    print(f"retention: live frames {policy.live_minutes} min, evidence {policy.evidence_days} days")
    for item in report.evidence:
        print(f"{verb} {item.table}:{item.row_id} {item.path}")
    for path in (*report.live_files, *report.orphan_files):
        print(f"{verb} {path}")
    for item in report.refused:
        print(f"refused {item.table}:{item.row_id} {item.path!r}: outside the evidence directory, not deleted")
    print(f"{verb}: {len(report.evidence)} evidence pictures, {len(report.live_files)} live files, "
          f"{len(report.orphan_files)} unreferenced evidence files; kept under an open dispute or recent "
          f"decision: {report.kept_for_notes}; refused (outside the evidence directory): {len(report.refused)}")
    return 0
