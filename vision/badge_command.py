"""`python -m vision badge …`: the badge model's versions in the store.

    python -m vision badge retrain --db URL [--hours H] [--epochs N] [--by NAME]
    python -m vision badge promote VERSION [--db URL] [--force REASON] [--by NAME]
    python -m vision badge rollback VERSION [--db URL] [--by NAME]
    python -m vision badge list [--db URL]

The registry starts with the shipped model (`shipped-v3`, live when nothing is). `retrain` is the
one sub-command that trains: it alone imports the tooling (tools.badge.retrain), lazily, which no
other part of vision may import (.importlinter).
"""
from __future__ import annotations

import argparse

from vision.registry_command import (
    actor, add_registry_commands, add_store_args, engine_for, fail, run_registry_command,
)

RULE = "badge"


def add_parser(sub) -> None:
    p = sub.add_parser("badge", help="badge model versions: retrain, promote, roll back, list")
    bsub = p.add_subparsers(dest="badge_command", required=True)
    rt = bsub.add_parser("retrain", help="train a candidate from the store's labelled crops + the synthetic set")
    rt.add_argument("--hours", type=float, default=0.25,
                    help="wall-time cap of the training (default 0.25 h; 0 = --epochs alone bounds it)")
    rt.add_argument("--epochs", type=int, help="epochs (default: as many as fit in --hours)")
    rt.add_argument("--imgsz", type=int, default=256, help="training image size (default 256)")
    rt.add_argument("--version", help="the candidate's name (default badge-YYYYMMDD-HHMM, UTC)")
    rt.add_argument("--no-progress", action="store_true")
    add_store_args(rt)
    add_registry_commands(bsub, RULE)


def _prepare(conn, by: str) -> None:
    from vision.compliance.badge import register_shipped  # noqa: PLC0415

    register_shipped(conn, by)


def run(args: argparse.Namespace) -> int:
    by = actor(args)
    engine = engine_for(args)
    try:
        done = run_registry_command(engine, RULE, args.badge_command, args, by, _prepare)
        if done is not None:
            return done
        return _retrain(engine, args, by)
    finally:
        engine.dispose()


def _retrain(engine, args: argparse.Namespace, by: str) -> int:
    from tools.badge.retrain import RetrainOptions, retrain  # noqa: PLC0415 — the only vision → tools import
    from vision.detection.errors import DetectorError  # noqa: PLC0415

    if args.hours < 0 or (args.epochs is not None and args.epochs < 1):
        return fail("--hours ≥ 0 và --epochs ≥ 1 (--hours must be ≥ 0, --epochs ≥ 1)")
    if not args.hours and args.epochs is None:
        return fail("cần --hours hoặc --epochs (give --hours or --epochs: training needs a bound)")
    opts = RetrainOptions(hours=args.hours or None, epochs=args.epochs, imgsz=args.imgsz, version=args.version)
    try:
        res = retrain(engine, by, opts, progress=not args.no_progress)
    except (DetectorError, ValueError, RuntimeError) as exc:
        return fail(str(exc))
    print(f"{RULE} {res.version} (ứng viên/candidate, từ/from {res.parent}): ngưỡng/threshold {res.threshold:.2f}, "
          f"huấn luyện/training {res.train_s / 60:.1f} min, tổng/total {res.total_s / 60:.1f} min, "
          f"{res.figures.get('device')}")
    for name in ("province_test", "synthetic_test"):
        block = res.figures.get(name) or {}
        c, lv = block.get("candidate") or {}, block.get("live") or {}
        print(f"  {name}: {block.get('images', 0)} ảnh/images, {block.get('positives', 0)} có thẻ/with a badge; "
              f"ứng viên/candidate P {c.get('precision', '-')} R {c.get('recall', '-')} F1 {c.get('f1', '-')}; "
              f"bản đang dùng/live P {lv.get('precision', '-')} R {lv.get('recall', '-')} F1 {lv.get('f1', '-')}")
    print(f"  python -m vision badge promote {res.version}")
    return 0
