"""Train the badge detector offline on synthetic data (or a province's own labels).

    .venv/bin/python bench/badge_train.py                       # synthetic data, defaults
    .venv/bin/python bench/badge_train.py --data DIR/data.yaml  # your labelled crops

Writes the overlay (only the tensors training changed, on top of the offline person
weights) to models/badge/badge.pt unless --out says otherwise, and prints the
held-out precision / recall / F1 when the data has a "test" split.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    from tools.badge.training import TrainOptions, train_badge_model  # noqa: PLC0415

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, help="data.yaml of a YOLO data set (default: generate the synthetic one)")
    p.add_argument("--work", type=Path, default=REPO / "var" / "badge", help="data set and training runs go here")
    p.add_argument("--out", type=Path, default=REPO / "models" / "badge" / "badge.pt")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--hours", type=float, default=0.28, help="wall-time cap for training (Ultralytics 'time')")
    p.add_argument("--imgsz", type=int, default=256)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--freeze", type=int, default=10)
    p.add_argument("--base", type=Path, help="checkpoint to continue from (default: the offline person weights; "
                   "the overlay is still written against those)")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    result = train_badge_model(TrainOptions(
        work=args.work.resolve(), out=args.out, data_yaml=args.data, seed=args.seed, epochs=args.epochs,
        hours=args.hours, imgsz=args.imgsz, batch=args.batch, freeze=args.freeze,
        base=args.base.resolve() if args.base else None,
    ))
    print(f"weights: {result.weights} ({result.weights.stat().st_size / 1e6:.1f} MB), "
          f"training {result.train_s / 60:.1f} min, total {(time.perf_counter() - t0) / 60:.1f} min")
    if result.heldout is not None:
        print(result.heldout.describe())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
