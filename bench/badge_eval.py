"""Badge model on held-out data it never saw: precision, recall, F1 per person crop.

    .venv/bin/python bench/badge_eval.py                          # fresh held-out synthetic set
    .venv/bin/python bench/badge_eval.py --data DIR --split test  # your labelled crops

The synthetic held-out set is built from photos (zidane.jpg, grace_hopper.jpg) that no
training split uses, with a seed training did not use. Real desk footage with badges
does not exist offline: with --data you measure on your own labelled crops.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    from tools.badge.evaluate import evaluate_split  # noqa: PLC0415
    from tools.badge.synth import SplitSizes, write_dataset  # noqa: PLC0415

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--weights", type=Path, default=REPO / "models" / "badge" / "badge.pt")
    p.add_argument("--data", type=Path, help="labelled data set folder (default: a fresh synthetic held-out set)")
    p.add_argument("--split", default="test")
    p.add_argument("--count", type=int, default=300, help="size of the fresh held-out set")
    p.add_argument("--seed", type=int, default=101, help="seed of the fresh held-out set (training used 0)")
    p.add_argument("--threshold", type=float)
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.data
        if root is None:
            root = Path(tmp) / "heldout"
            write_dataset(root, seed=args.seed, sizes=SplitSizes(0, 0, args.count))
        score = evaluate_split(args.weights, root, args.split, threshold=args.threshold)
    print(score.describe())
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
