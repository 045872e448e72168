"""`python -m vision uniform …`: the uniform calibration's versions in the store.

    python -m vision uniform calibrate [--db URL] [--colours K] [--by NAME]
    python -m vision uniform promote VERSION [--db URL] [--force REASON] [--by NAME]
    python -m vision uniform rollback VERSION [--db URL] [--by NAME]
    python -m vision uniform list [--db URL]

`calibrate` learns the reference colours from the confirmed compliant uniform crops (training
split) and registers a candidate with its agreement on the held-out uniform labels; a worker whose
unit's uniform rule has no colours of its own judges with the live version.
"""
from __future__ import annotations

import argparse

from vision.registry_command import (
    actor, add_registry_commands, add_store_args, engine_for, fail, run_registry_command,
)

RULE = "uniform"


def add_parser(sub) -> None:
    p = sub.add_parser("uniform", help="uniform calibration versions: calibrate from the store, promote, roll back, list")
    usub = p.add_subparsers(dest="uniform_command", required=True)
    cal = usub.add_parser("calibrate", help="learn the uniform colours from the store's confirmed compliant crops")
    cal.add_argument("--colours", type=int, default=2, help="k-means clusters (default 2)")
    cal.add_argument("--version", help="the candidate's name (default uniform-YYYYMMDD-HHMM, UTC)")
    add_store_args(cal)
    add_registry_commands(usub, RULE)


def run(args: argparse.Namespace) -> int:
    by = actor(args)
    engine = engine_for(args)
    try:
        done = run_registry_command(engine, RULE, args.uniform_command, args, by, None)
        if done is not None:
            return done
        return _calibrate(engine, args, by)
    finally:
        engine.dispose()


def _calibrate(engine, args: argparse.Namespace, by: str) -> int:
    from data.rule_models import RegistryError  # noqa: PLC0415
    from vision.compliance.calibrate import CalibrationError  # noqa: PLC0415
    from vision.compliance.uniform_versions import calibrate_from_store  # noqa: PLC0415

    try:
        with engine.begin() as conn:
            cand = calibrate_from_store(conn, by, k=args.colours, version=args.version)
    except (CalibrationError, RegistryError, ValueError) as exc:
        return fail(str(exc))
    colours = ", ".join(f"[{c.L:.1f}, {c.a:.1f}, {c.b:.1f}]" for c in cand.reference.colours)
    block = cand.figures["province_test"]
    print(f"{RULE} {cand.version} (ứng viên/candidate, từ/from {cand.parent or '-'}): màu/colours {colours}")
    for note in cand.figures["train"]["refused"]:
        print(f"  {note}")
    for who in ("candidate", "live"):
        s = block.get(who)
        print(f"  {block['images']} nhãn kiểm tra/held-out labels, {who}: " + (
            f"P {s['precision']} R {s['recall']} đồng ý/agreement {s['agreement']}" if s else "-"))
    print(f"  python -m vision uniform promote {cand.version}")
    return 0
