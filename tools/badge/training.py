"""Training the badge detector: data set (synthetic unless given), Ultralytics
fine-tuning from the offline person weights (through vision.detection's Ultralytics adapter), the overlay
written next to the code, and the held-out evaluation."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from tools.badge.evaluate import HeldoutScore
from tools.badge.synth import SplitSizes, write_dataset


@dataclass(frozen=True)
class TrainOptions:
    work: Path
    out: Path
    data_yaml: Path | None = None  # None: generate the synthetic set under work/dataset
    seed: int = 0
    sizes: SplitSizes = SplitSizes()
    epochs: int = 30
    hours: float | None = 0.28  # Ultralytics' wall-time cap; it re-plans the epochs to fit
    imgsz: int = 256
    batch: int = 16
    freeze: int = 10
    workers: int = 0
    base: Path | None = None  # a checkpoint to continue from (default: the offline person weights)


@dataclass(frozen=True)
class TrainResult:
    weights: Path
    best_checkpoint: Path
    train_s: float
    heldout: HeldoutScore | None


def train_badge_model(opts: TrainOptions, progress: bool = True) -> TrainResult:
    from vision.detection.ultralytics_adapter import train_yolo  # noqa: PLC0415

    data_yaml = opts.data_yaml
    if data_yaml is None:
        data_yaml = write_dataset(opts.work / "dataset", seed=opts.seed, sizes=opts.sizes, progress=progress).data_yaml
    extra = {"time": opts.hours} if opts.hours else {}
    t0 = time.perf_counter()
    best = train_yolo(
        # Absolute: Ultralytics puts a relative project under its own runs/detect/.
        data_yaml, (opts.work / "runs").resolve(), epochs=opts.epochs, imgsz=opts.imgsz, batch=opts.batch,
        freeze=opts.freeze, workers=opts.workers, seed=opts.seed, extra_args=extra, base=opts.base,
    )
    train_s = time.perf_counter() - t0
    return finish_training(best, Path(data_yaml), opts, train_s)


def finish_training(best: Path, data_yaml: Path, opts: TrainOptions, train_s: float) -> TrainResult:
    """Choose the threshold on the validation split, measure the held-out split, and write
    the overlay with that record (also usable on a checkpoint trained elsewhere)."""
    from vision.detection.offline import default_weights  # noqa: PLC0415
    from vision.detection.overlay import save_overlay  # noqa: PLC0415

    heldout = None
    threshold = None
    root = Path(data_yaml).parent
    if (root / "images" / "val").is_dir():
        from tools.badge.evaluate import score_split  # noqa: PLC0415
        from vision.compliance.badge.model import BadgeModel  # noqa: PLC0415

        model = BadgeModel(best, imgsz=opts.imgsz)
        # The threshold comes from the validation split (training photos), never the held-out one.
        threshold = score_split(model, root, "val").best_threshold()
        if (root / "images" / "test").is_dir():
            heldout = score_split(model, root, "test").at(threshold)
    record = {
        "train_s": round(train_s, 1), "imgsz": opts.imgsz, "freeze": opts.freeze, "seed": opts.seed,
        "data": str(data_yaml), "threshold": threshold,
    }
    if heldout is not None:
        record.update(heldout.as_record())
    weights = save_overlay(default_weights(), best, opts.out, extra=record)
    return TrainResult(weights, best, train_s, heldout)
