"""A province's labelled badge crops (compliance_label rows, rule badge) as a YOLO data set.

* `compliant` (a supervisor saw a badge worn) → one box: the row's `badge_box` when known, else
  the live model's best box when it scores at least `box_threshold`; with neither the crop has no
  box to learn from and only helps choose the threshold (its truth is still known).
* `violation` (no badge) → an empty label file.
* The store's split decides train vs held-out (domain.dress_code.label_split: whole desk-days);
  every `val_every`-th training crop goes to validation, where the threshold is chosen.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from data.rule_models import LabelledCrop
from tools.badge.synth import Box

BoxFinder = Callable[[np.ndarray], tuple[float, tuple[float, float, float, float]] | None]


@dataclass(frozen=True)
class ProvinceItem:
    image: Path
    badge: bool  # the supervisor's truth: a badge is worn


@dataclass(frozen=True)
class ProvinceSet:
    root: Path
    train: tuple[ProvinceItem, ...]
    val: tuple[ProvinceItem, ...]
    test: tuple[ProvinceItem, ...]  # held-out: never trained on, never used to choose the threshold
    no_box: int  # compliant training crops with no box (evaluation only)

    def counts(self) -> dict:
        return {"train": len(self.train), "val": len(self.val), "test": len(self.test), "no_box": self.no_box}


def decode(crop: LabelledCrop) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(crop.image, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError(f"nhãn {crop.id}: ảnh không đọc được (label {crop.id}: image cannot be decoded)")
    return image


def write_province_set(crops: Sequence[LabelledCrop], root: Path, find_box: BoxFinder | None,
                       box_threshold: float = 0.1, val_every: int = 5) -> ProvinceSet:
    root = Path(root)
    for split in ("train", "val", "test"):
        (root / "images" / split).mkdir(parents=True, exist_ok=True)
        (root / "labels" / split).mkdir(parents=True, exist_ok=True)
    out: dict[str, list[ProvinceItem]] = {"train": [], "val": [], "test": []}
    no_box = 0
    trained = 0
    for crop in crops:
        image = decode(crop)
        badge = crop.label == "compliant"
        if crop.split == "test":
            split = "test"
        else:
            split = "val" if trained % val_every == val_every - 1 else "train"
            trained += 1
        box = _box(crop, image, find_box, box_threshold) if badge else None
        stem = f"label_{crop.id}"
        if badge and box is None and split != "test":
            # Nothing to learn from: it only helps choose the threshold (outside YOLO's folders, whose
            # validation would take a crop with no box for "no badge").
            no_box += 1
            path = root / "eval_only" / f"{stem}.jpg"
            path.parent.mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 95])
            out["val"].append(ProvinceItem(path, badge))
            continue
        path = root / "images" / split / f"{stem}.jpg"
        cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 95])
        h, w = image.shape[:2]
        text = Box(*box).yolo(w, h) + "\n" if box is not None else ""
        (root / "labels" / split / f"{stem}.txt").write_text(text)
        out[split].append(ProvinceItem(path, badge))
    return ProvinceSet(root, tuple(out["train"]), tuple(out["val"]), tuple(out["test"]), no_box)


def _box(crop: LabelledCrop, image: np.ndarray, find_box: BoxFinder | None,
         threshold: float) -> tuple[float, float, float, float] | None:
    if crop.badge_box is not None:
        return crop.badge_box
    if find_box is None:
        return None
    hit = find_box(image)
    return hit[1] if hit is not None and hit[0] >= threshold else None
