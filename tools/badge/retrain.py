"""`python -m vision badge retrain`: a new badge version from the province's labelled crops.

1. The shipped model goes into the registry if it is not there yet (live when nothing is).
2. The store's badge labels become a YOLO set (tools/badge/province.py); the synthetic set
   (tools/badge/synth.py, cached under var/badge-synth by seed and sizes) is added to it.
3. Fine-tuning starts from the live version (frozen backbone, as the shipped overlay), bounded by
   `hours` (Ultralytics' wall-time cap, which re-plans the epochs to fit) or by `epochs` alone; on
   the GPU when torch sees one.
4. The threshold is chosen on validation (province + synthetic), never on a held-out set.
5. The candidate AND the live model are scored on the province's held-out labels and on the
   synthetic held-out set, each at its own threshold and at the image size the worker runs
   (BadgeModel's default), and the candidate is registered with those figures: the promotion gate
   (data.rule_models.gate) compares exactly these.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sqlalchemy import Engine

from tools.badge.evaluate import HeldoutScore, ScoredSplit, score_images, score_split
from tools.badge.province import ProvinceItem, ProvinceSet, write_province_set
from tools.badge.synth import CLASS_NAME, SplitSizes, write_dataset
from vision.paths import VAR_DIR


@dataclass(frozen=True)
class RetrainOptions:
    work: Path = VAR_DIR / "badge-retrain"
    synth_root: Path = VAR_DIR / "badge-synth"  # cached synthetic sets, one folder per seed and sizes
    hours: float | None = 0.25  # wall-time cap (None: `epochs` alone bounds it)
    epochs: int | None = None  # None with `hours`: as many as fit
    imgsz: int = 256
    batch: int = 16
    freeze: int = 10
    seed: int = 0
    synth: SplitSizes = SplitSizes()
    val_every: int = 5  # every 5th province training crop validates
    box_threshold: float = 0.1  # the live model's box for a compliant crop without one, at least this sure
    backend: str = "auto"  # BadgeModel's backend for scoring (tests: "torch", no ONNX export)
    device: str | None = None  # None: GPU 0 when torch sees one, else the CPU
    version: str | None = None  # default badge-YYYYMMDD-HHMM (UTC)
    people_loader: Callable | None = field(default=None, repr=False)  # tools.badge.sources.load_people


@dataclass(frozen=True)
class RetrainResult:
    version: str
    parent: str
    threshold: float
    figures: dict
    overlay: Path
    train_s: float
    total_s: float


def _device(opts: RetrainOptions) -> str:
    if opts.device:
        return opts.device
    import torch  # noqa: PLC0415

    return "0" if torch.cuda.is_available() else "cpu"


def _record(score: HeldoutScore | None) -> dict | None:
    if score is None:
        return None
    c = score.counts
    return {"threshold": round(score.threshold, 4), "precision": round(c.precision, 4), "recall": round(c.recall, 4),
            "f1": round(c.f1, 4), "tp": c.tp, "fp": c.fp, "fn": c.fn, "tn": c.tn, "unknown": c.unknown}


def _scored(model, items: tuple[ProvinceItem, ...], split: str) -> ScoredSplit:
    return ScoredSplit(split, tuple(i.badge for i in items), tuple(score_images([i.image for i in items], model.predict)))


def _joined(a: ScoredSplit, b: ScoredSplit) -> ScoredSplit:
    return ScoredSplit(a.split, a.truth + b.truth, a.scores + b.scores)


def _synthetic(opts: RetrainOptions, progress: bool) -> Path:
    s = opts.synth
    root = opts.synth_root / f"seed{opts.seed}-{s.train}-{s.val}-{s.test}"
    if not (root / "data.yaml").is_file():  # generated once per seed and sizes (deterministic)
        write_dataset(root, seed=opts.seed, sizes=s, people_loader=opts.people_loader, progress=progress)
    return root


def _data_yaml(work: Path, synth: Path, province: ProvinceSet) -> Path:
    def dirs(split: str, items: tuple[ProvinceItem, ...]) -> list[str]:
        out = [str((synth / "images" / split).resolve())]
        if any(i.image.parent.name == split for i in items):
            out.append(str((province.root / "images" / split).resolve()))
        return out

    lines = [f"train: {dirs('train', province.train)}", f"val: {dirs('val', province.val)}",
             "names:", f"  0: {CLASS_NAME}", ""]
    path = work / "data.yaml"
    path.write_text("\n".join(lines))
    return path


def retrain(engine: Engine, by: str, opts: RetrainOptions = RetrainOptions(), progress: bool = True) -> RetrainResult:
    from data.rule_models import add_version, labelled_crops, live  # noqa: PLC0415
    from vision.compliance.badge import register_shipped  # noqa: PLC0415
    from vision.compliance.badge.model import BadgeModel  # noqa: PLC0415
    from vision.compliance.live_models import materialise  # noqa: PLC0415
    from vision.detection.offline import default_weights  # noqa: PLC0415
    from vision.detection.overlay import materialise_overlay, overlay_info, save_overlay  # noqa: PLC0415
    from vision.detection.ultralytics_adapter import train_yolo  # noqa: PLC0415

    from data.rule_models import RegistryError, free_name, get_version  # noqa: PLC0415

    t0 = time.perf_counter()
    with engine.begin() as conn:
        register_shipped(conn, by)
        # The name is settled before training: a clash must not cost a quarter of an hour.
        if opts.version and get_version(conn, "badge", opts.version) is not None:
            raise RegistryError(f"badge {opts.version} đã có (already registered)")
        version = opts.version or free_name(conn, "badge", f"badge-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M}")
        current = live(conn, "badge")
        if current is None:
            raise RuntimeError("không có mô hình thẻ đang dùng (no live badge version)")
        live_file = materialise(conn, "badge", current.version, current.sha256)
        crops = labelled_crops(conn, "badge")
    work = (opts.work / version).resolve()
    work.mkdir(parents=True, exist_ok=True)
    live_model = BadgeModel(live_file, threshold=current.threshold, backend=opts.backend)

    def find_box(image):
        hit = live_model.best(image)
        return None if hit is None else (hit.score, hit.box)

    province = write_province_set(crops, work / "province", find_box, opts.box_threshold, opts.val_every)
    synth = _synthetic(opts, progress)
    data_yaml = _data_yaml(work, synth, province)

    try:  # an overlay (the shipped model, earlier retrains) is rebuilt on the person weights first
        overlay_info(live_file)
        base = materialise_overlay(live_file)
    except Exception:  # noqa: BLE001 — a plain Ultralytics checkpoint
        base = live_file
    extra: dict = {"device": _device(opts)}
    if opts.hours:
        extra["time"] = opts.hours
    t1 = time.perf_counter()
    best = train_yolo(data_yaml, work / "runs", base=base, epochs=opts.epochs or 1000, imgsz=opts.imgsz,
                      batch=opts.batch, freeze=opts.freeze, workers=0, seed=opts.seed, extra_args=extra)
    train_s = time.perf_counter() - t1

    candidate = BadgeModel(best, backend=opts.backend)
    # The threshold from validation: the province's validation crops and the synthetic ones together.
    val = _joined(_scored(candidate, province.val, "val"), score_split(candidate, synth, "val"))
    threshold = val.best_threshold()
    figures: dict = {"evaluated_against": current.version, "device": extra["device"], "train_s": round(train_s, 1),
                     "train": {"province": province.counts(), "synthetic": {"seed": opts.seed, **vars(opts.synth)},
                               "imgsz": opts.imgsz, "epochs": opts.epochs, "hours": opts.hours}}
    for name, held in (("province_test", province.test), ("synthetic_test", None)):
        if held is not None and not held:
            figures[name] = {"images": 0, "positives": 0, "candidate": None, "live": None}
            continue
        if held is None:
            cand, ref = score_split(candidate, synth, "test"), score_split(live_model, synth, "test")
        else:
            cand, ref = _scored(candidate, held, "test"), _scored(live_model, held, "test")
        figures[name] = {"images": len(cand.truth), "positives": sum(cand.truth),
                         "candidate": _record(cand.at(threshold)), "live": _record(ref.at(live_model.threshold))}
    out = work / "badge.pt"
    save_overlay(default_weights(), best, out, extra={"threshold": threshold, "version": version,
                                                      "parent": current.version, "imgsz": opts.imgsz})
    with engine.begin() as conn:
        add_version(conn, "badge", version, out.read_bytes(), threshold, figures, current.version, by)
    return RetrainResult(version, current.version, threshold, figures, out, train_s, time.perf_counter() - t0)
