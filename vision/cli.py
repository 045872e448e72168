"""`python -m vision …`: the vision worker and the replay of recordings. Keep the contracts exact.

    python -m vision replay VIDEO --sites SITES --camera ID --start ISO8601 --json
    python -m vision run --sites sites.yaml [--db URL]   (imports the file into the store first)
    python -m vision run --from-store [--unit NAME] [--db URL]   (cameras from the Setup page, reloaded live)
    python -m vision demo [--db URL] [--unit NAME] [--loop-s S] [--duration S]   (vision/demo: what app.sh starts)
    python -m vision calibrate-uniform --sites SITES --camera ID IMAGES... [--desk ID] [--out FILE]
    python -m vision badge retrain|promote VERSION|rollback VERSION|list [--db URL]   (vision/badge_command)
    python -m vision uniform calibrate|promote VERSION|rollback VERSION|list [--db URL]   (vision/uniform_command)
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from domain.redaction import RedactingFilter, redact_text

EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m vision", description="One-stop desk monitor: camera analysis.")
    sub = p.add_subparsers(dest="command", required=True)

    rep = sub.add_parser("replay", help="presence intervals from a recorded video, as fast as possible")
    rep.add_argument("video", type=Path, metavar="VIDEO")
    rep.add_argument("--sites", type=Path, required=True, help="sites file (YAML)")
    rep.add_argument("--camera", required=True, help="camera id in the sites file whose desks the video shows")
    rep.add_argument("--start", required=True,
                     help="time of the first frame, ISO 8601 (no offset = the sites' time zone)")
    rep.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    rep.add_argument("--db", help="store URL for the unit's office hours and holidays (default: built-in hours)")
    rep.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    cal = sub.add_parser("calibrate-uniform", help="learn the uniform colours from compliant snapshots")
    cal.add_argument("images", type=Path, nargs="+", metavar="IMAGES", help="snapshots where staff wear the uniform")
    cal.add_argument("--sites", type=Path, required=True, help="sites file (YAML)")
    cal.add_argument("--camera", required=True, help="camera id the snapshots come from")
    cal.add_argument("--desk", help="only the staff member at this desk")
    cal.add_argument("--colours", type=int, default=2, help="k-means clusters (default 2)")
    cal.add_argument("--out", type=Path, help="write the YAML snippet to this file")
    cal.add_argument("--update-sites", action="store_true",
                     help="store the colours in the camera's compliance block of the sites file")

    run = sub.add_parser("run", help="watch every enabled camera and write presence to the store")
    given = run.add_mutually_exclusive_group(required=True)
    given.add_argument("--sites", type=Path, help="sites file (YAML)")
    given.add_argument("--from-store", action="store_true",
                       help="cameras and desks from the store (the Setup page); changes apply without a restart")
    run.add_argument("--unit", help="with --from-store: only this unit and the units below it")
    run.add_argument("--db", help="store URL (default: DATABASE_URL or var/monitor.db)")
    run.add_argument("--live-dir", type=Path, help="where annotated frames and desk states go (default var/live)")
    run.add_argument("--state-dir", type=Path, help="crash-recovery checkpoints (default var/worker)")
    run.add_argument("--duration", type=float, help="stop after this many seconds (tests, demos)")
    run.add_argument("--log-level", default="INFO")
    run.add_argument("--always-open", action="store_true",
                     help="treat every hour as office hours (the demo worker; real units keep their hours)")

    demo = sub.add_parser("demo", help="play composed desk scenes as live cameras for a demo-store unit, "
                          "and run the worker on them (started by app.sh)")
    demo.add_argument("--db", help="store URL (default: DATABASE_URL or var/monitor.db)")
    demo.add_argument("--unit", help="unit name (default: the unit with the most desks, 4-6, on 2-3 cameras)")
    demo.add_argument("--loop-s", type=float, default=720.0, help="the scenes loop every this many seconds")
    demo.add_argument("--duration", type=float, help="stop after this many seconds (tests)")
    demo.add_argument("--work-dir", type=Path, help="where the demo's sites file goes (default var/demo)")
    demo.add_argument("--live-dir", type=Path, help="where the live frames go (default var/live)")
    demo.add_argument("--state-dir", type=Path, help="the worker's checkpoints (default var/worker)")
    demo.add_argument("--log-level", default="INFO")

    from vision import badge_command, uniform_command  # noqa: PLC0415 — the model registry's commands

    badge_command.add_parser(sub)
    uniform_command.add_parser(sub)
    return p


def _setup_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())  # camera credentials never reach the log
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


def _fail(message: str) -> int:
    print(f"Lỗi: {redact_text(message)}", file=sys.stderr)  # errors may quote a source
    return EXIT_BAD_INPUT


def cmd_replay(args: argparse.Namespace) -> int:
    from domain.sites import ConfigError, load_sites  # noqa: PLC0415
    from vision.replay import parse_start, replay_video  # noqa: PLC0415

    _setup_logging("WARNING")
    try:
        sites = load_sites(args.sites)
        sites.camera(args.camera)
        start = parse_start(args.start, sites.timezone)
    except (ConfigError, LookupError, ValueError) as exc:
        return _fail(str(exc))
    if not args.video.is_file():
        return _fail(f"không tìm thấy video (video not found): {args.video}")
    from vision.detection.errors import DetectorError  # noqa: PLC0415
    from vision.sources import SourceOpenError  # noqa: PLC0415

    try:
        result = replay_video(
            args.video, sites, args.camera, start, store_url=args.db, progress=not args.no_progress
        )
    except (DetectorError, SourceOpenError) as exc:
        return _fail(str(exc))
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(f"{args.video.name}: {result.video_s:.0f} s video, {result.wall_s:.1f} s "
              f"({result.speed:.0f}× real time), {result.detector}")
        for i in result.intervals:
            print(f"  {i.desk_id:<10} {i.state.value:<9} {i.start.isoformat()}  {i.end.isoformat()}  "
                  f"{i.seconds:8.0f} s")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from domain.sites import ConfigError, load_sites  # noqa: PLC0415

    _setup_logging(args.log_level)
    if args.unit and not args.from_store:
        return _fail("--unit chỉ dùng với --from-store (--unit goes with --from-store)")
    if args.from_store:
        from vision.store_sites import StoreSelection, empty_sites  # noqa: PLC0415

        sites, selection = empty_sites(), StoreSelection(args.unit)
    else:
        from vision.store_sites import StoreSelection  # noqa: PLC0415

        try:  # imported into the store at start, then run from the store (its cameras only)
            sites = load_sites(args.sites)
        except ConfigError as exc:
            return _fail(str(exc))
        selection = StoreSelection(sites=sites, sites_name=str(args.sites))
    from data.units import UnitNotFound  # noqa: PLC0415
    from vision.worker import Worker, WorkerOptions  # noqa: PLC0415

    opts = WorkerOptions(db_url=args.db, duration_s=args.duration, always_open=args.always_open)
    if args.live_dir:
        opts = opts.with_live_dir(args.live_dir)
    if args.state_dir:
        opts = opts.with_state_dir(args.state_dir)
    try:
        return Worker(sites, opts, from_store=selection).run()
    except (UnitNotFound, ConfigError) as exc:  # ConfigError: the file cannot be imported into the store
        return _fail(str(exc))


def cmd_calibrate(args: argparse.Namespace) -> int:
    import yaml  # noqa: PLC0415

    from vision.compliance.calibrate import CalibrationError, calibrate, read_images, update_sites_file  # noqa: PLC0415
    from domain.sites import ConfigError, load_sites  # noqa: PLC0415
    from vision.detection.errors import DetectorError  # noqa: PLC0415
    from vision.detection.person import PersonDetector  # noqa: PLC0415

    _setup_logging("WARNING")
    try:
        sites = load_sites(args.sites)
        sites.camera(args.camera)
        images = read_images(args.images)
        d = sites.detector
        detector = PersonDetector(Path(d.weights) if d.weights else None, conf=d.conf, iou=d.iou, imgsz=d.imgsz,
                                  device=d.device)
        result = calibrate(sites, args.camera, images, detector, args.desk, args.colours)
    except (ConfigError, LookupError, CalibrationError, DetectorError, ValueError) as exc:
        return _fail(str(exc))
    text = yaml.safe_dump(result.snippet(), allow_unicode=True, sort_keys=False)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if args.update_sites:
        update_sites_file(args.sites, args.camera, result)
    print(f"# {result.people} người, {result.pixels} điểm ảnh thân áo ({result.people} torsos, {result.pixels} pixels)")
    for note in result.notes():  # skin-, hair- or background-like colours refused (YAML comments)
        print(f"# {note}")
    print(text, end="")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from vision.demo.loop import DemoTiming  # noqa: PLC0415
    from vision.demo.run import DEFAULT_WORK_DIR, DemoOptions, run_demo  # noqa: PLC0415
    from data.demo.live_site import NoDemoSite  # noqa: PLC0415

    _setup_logging(args.log_level)
    try:
        timing = DemoTiming(loop_s=args.loop_s)
        opts = DemoOptions(db_url=args.db, unit=args.unit, timing=timing, duration_s=args.duration,
                           work_dir=args.work_dir or DEFAULT_WORK_DIR, live_dir=args.live_dir,
                           state_dir=args.state_dir, log_level=args.log_level)
        return run_demo(opts)
    except (NoDemoSite, ValueError) as exc:
        return _fail(str(exc))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "replay":
        return cmd_replay(args)
    if args.command == "calibrate-uniform":
        return cmd_calibrate(args)
    if args.command == "demo":
        return cmd_demo(args)
    if args.command in ("badge", "uniform"):
        from vision import badge_command, uniform_command  # noqa: PLC0415

        _setup_logging("WARNING")
        return (badge_command if args.command == "badge" else uniform_command).run(args)
    return cmd_run(args)
