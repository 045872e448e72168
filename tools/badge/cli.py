"""`python -m tools.badge …`: the badge model's tooling (offline, never part of the app):

    python -m tools.badge export-crops VIDEO --sites SITES --camera ID --out DIR [--every-s N]
    python -m tools.badge synth --out DIR [--seed S] [--train N --val N --test N] [--desk]
    python -m tools.badge train [--data DIR/data.yaml] [--out models/badge/badge.pt] [--hours H]
    python -m tools.badge eval --weights FILE --data DIR [--split test] [--threshold T]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vision.paths import REPO_ROOT

EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m tools.badge", description="Badge model: data, training, evaluation.")
    sub = p.add_subparsers(dest="command", required=True)
    exp = sub.add_parser("export-crops", help="person crops of seated staff, face-blurred, YOLO layout for labelling")
    exp.add_argument("video", type=Path, metavar="VIDEO")
    exp.add_argument("--sites", type=Path, required=True, help="sites file (YAML)")
    exp.add_argument("--camera", required=True, help="camera id in the sites file whose desks the video shows")
    exp.add_argument("--out", type=Path, required=True, help="folder for images/, labels/, data.yaml")
    exp.add_argument("--every-s", type=float, default=10.0, help="seconds of video between crops (default 10)")
    exp.add_argument("--no-progress", action="store_true")

    syn = sub.add_parser("synth", help="synthetic badge data set (cards on real people), YOLO layout")
    syn.add_argument("--out", type=Path, required=True)
    syn.add_argument("--seed", type=int, default=0)
    syn.add_argument("--train", type=int, default=1000)
    syn.add_argument("--val", type=int, default=200)
    syn.add_argument("--test", type=int, default=200)
    syn.add_argument("--desk", action="store_true",
                     help="desk-camera crops: thẻ công chức on lanyards and pockets, 14–40 px, held-out styles")

    tr = sub.add_parser("train", help="train the badge detector offline (Ultralytics, CPU)")
    tr.add_argument("--data", type=Path, help="data.yaml (default: generate the synthetic set)")
    tr.add_argument("--work", type=Path, default=REPO_ROOT / "var" / "badge")
    tr.add_argument("--out", type=Path, default=REPO_ROOT / "models" / "badge" / "badge.pt")
    tr.add_argument("--epochs", type=int, default=30)
    tr.add_argument("--hours", type=float, default=0.28, help="wall-time cap (Ultralytics 'time')")
    tr.add_argument("--imgsz", type=int, default=256)
    tr.add_argument("--freeze", type=int, default=10)
    tr.add_argument("--seed", type=int, default=0)

    ev = sub.add_parser("eval", help="precision / recall / F1 of a badge model on a labelled split")
    ev.add_argument("--weights", type=Path, default=REPO_ROOT / "models" / "badge" / "badge.pt")
    ev.add_argument("--data", type=Path, required=True, help="data set folder (images/<split>, labels/<split>)")
    ev.add_argument("--split", default="test")
    ev.add_argument("--threshold", type=float)
    ev.add_argument("--imgsz", type=int, default=256)
    return p


def _fail(message: str) -> int:
    print(f"Lỗi: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def run(args: argparse.Namespace) -> int:
    if args.command == "export-crops":
        return _export(args)
    if args.command == "synth":
        from tools.badge.synth import SplitSizes, write_dataset  # noqa: PLC0415

        if args.desk:
            from tools.badge.desk_synth import write_desk_dataset  # noqa: PLC0415

            print(write_desk_dataset(args.out, seed=args.seed, sizes=SplitSizes(args.train, args.val, args.test),
                                     progress=True))
            return 0
        info = write_dataset(args.out, seed=args.seed, sizes=SplitSizes(args.train, args.val, args.test), progress=True)
        for split, n in info.counts.items():
            print(f"{split}: {n} ảnh, {info.positives[split]} có thẻ, ảnh nguồn {', '.join(info.photos[split])}")
        print(info.data_yaml)
        return 0
    if args.command == "train":
        from tools.badge.training import TrainOptions, train_badge_model  # noqa: PLC0415

        if args.data is not None and not args.data.is_file():
            return _fail(f"không tìm thấy data.yaml (not found): {args.data}")
        res = train_badge_model(TrainOptions(
            work=args.work, out=args.out, data_yaml=args.data, seed=args.seed, epochs=args.epochs,
            hours=args.hours, imgsz=args.imgsz, freeze=args.freeze,
        ))
        print(f"{res.weights} ({res.weights.stat().st_size / 1e6:.1f} MB), {res.train_s / 60:.1f} phút huấn luyện")
        if res.heldout is not None:
            print(res.heldout.describe())
        return 0
    if args.command == "eval":
        from tools.badge.evaluate import evaluate_split  # noqa: PLC0415
        from vision.detection.errors import DetectorError  # noqa: PLC0415

        if not args.weights.is_file():
            return _fail(f"không tìm thấy trọng số (weights not found): {args.weights}")
        try:
            score = evaluate_split(args.weights, args.data, args.split, imgsz=args.imgsz, threshold=args.threshold)
        except (FileNotFoundError, DetectorError) as exc:
            return _fail(str(exc))
        print(score.describe())
        return 0
    return _fail(f"lệnh không rõ (unknown command): {args.command}")


def _export(args: argparse.Namespace) -> int:
    from tools.badge.export import export_crops  # noqa: PLC0415
    from domain.sites import ConfigError, load_sites  # noqa: PLC0415
    from vision.detection.errors import DetectorError  # noqa: PLC0415
    from vision.sources import SourceOpenError  # noqa: PLC0415

    try:
        sites = load_sites(args.sites)
        sites.camera(args.camera)
    except (ConfigError, LookupError) as exc:
        return _fail(str(exc))
    if not args.video.is_file():
        return _fail(f"không tìm thấy video (video not found): {args.video}")
    if args.every_s <= 0:
        return _fail(f"--every-s phải dương (must be positive): {args.every_s}")
    try:
        res = export_crops(args.video, sites, args.camera, args.out, every_s=args.every_s,
                           progress=not args.no_progress)
    except (DetectorError, SourceOpenError) as exc:
        return _fail(str(exc))
    print(f"{res.crops} ảnh cắt từ {res.frames} khung, {res.faces_blurred} khuôn mặt đã làm mờ → {res.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))
