"""Synthetic badge data: ID cards pasted on the chests of real people, in YOLO format.

Each sample is one person crop, the shape the badge rule sees at a desk: the upper
body mostly, the whole person sometimes. Positives wear a rendered card on the
chest (label: the visible card); negatives wear none. Both may hold "distractors":
light rectangles (papers, sticky notes, card-like plates) away from the chest, on
the desk or the wall behind, labelled as nothing — a badge is a card *worn*.

Deterministic from a seed: sample i of a split draws from its own generator
seeded by (seed, split, i), so one sample never changes because another did.
The held-out split ("test") comes from photos the training splits never use.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import cv2
import numpy as np

from tools.badge.cards import CardStyle, mask_box, paste_card, paste_patch, render_card, rotate_patch
from tools.badge.clutter import chest_clutter, redress_torso
from tools.badge.sources import HELDOUT_PHOTOS, TRAIN_PHOTOS, SourcePerson

CLASS_NAME = "badge"
OUT_SIDE = 256  # longest side of a written crop; training runs at imgsz 256
SPLITS: tuple[str, ...] = ("train", "val", "test")
_SPLIT_SALT = {"train": 1, "val": 2, "test": 3}


@dataclass(frozen=True)
class Box:
    x1: float
    y1: float
    x2: float
    y2: float

    def yolo(self, width: int, height: int) -> str:
        cx, cy = (self.x1 + self.x2) / 2 / width, (self.y1 + self.y2) / 2 / height
        return f"0 {cx:.6f} {cy:.6f} {(self.x2 - self.x1) / width:.6f} {(self.y2 - self.y1) / height:.6f}"


@dataclass(frozen=True)
class Sample:
    image: np.ndarray = field(repr=False)  # BGR, faces already blurred (the source is)
    badges: tuple[Box, ...]  # empty for a negative
    distractors: tuple[Box, ...]  # light rectangles that are not badges
    source: str  # "photo#person"
    photo: str
    card_mask: np.ndarray | None = field(default=None, repr=False)  # visible card pixels (the label's truth)
    chest_items: int = 0  # ties, ribbons, pens, pockets… on the chest that are not a card (never labelled)

    @property
    def positive(self) -> bool:
        return bool(self.badges)


@dataclass(frozen=True)
class SplitSizes:
    train: int = 1000
    val: int = 200
    test: int = 200

    def of(self, split: str) -> int:
        return int(getattr(self, split))


def _crop_window(p: SourcePerson, face, rng: np.random.Generator) -> tuple[int, int, int, int]:
    H, W = p.image.shape[:2]
    x1, y1, x2, y2 = p.box
    bw, bh = x2 - x1, y2 - y1
    fh = face[3] - face[1]
    if rng.random() < 0.75:  # seated at a desk: the upper body shows
        bottom = min(y2, face[3] + rng.uniform(2.6, 5.0) * fh)
    else:
        bottom = y2
    top = y1 - rng.uniform(0.0, 0.08) * bh
    left = x1 - rng.uniform(-0.05, 0.12) * bw
    right = x2 + rng.uniform(-0.05, 0.12) * bw
    cx1, cy1 = int(max(0, left)), int(max(0, top))
    cx2, cy2 = int(min(W, right)), int(min(H, bottom))
    return cx1, cy1, max(cx1 + 8, cx2), max(cy1 + 8, cy2)


def _light_rectangle(rng: np.random.Generator, scale: float) -> np.ndarray:
    """A BGRA patch of something card-like that is not a worn badge."""
    kind = rng.integers(3)
    if kind == 0:  # a sheet of paper with lines
        w, h = int(scale * rng.uniform(1.2, 2.5)), int(scale * rng.uniform(1.5, 3.0))
        w, h = max(6, w), max(6, h)
        patch = np.full((h, w, 3), int(rng.integers(215, 256)), np.uint8)
        for y in range(max(2, h // 8), h - 2, max(3, h // 8)):
            patch[y:y + max(1, h // 60), max(1, w // 10):int(w * rng.uniform(0.5, 0.9))] = 60
    elif kind == 1:  # a sticky note or a name plate
        s = max(6, int(scale * rng.uniform(0.5, 1.2)))
        colour = ((120, 240, 250), (250, 250, 250), (200, 230, 250), (180, 250, 200))[rng.integers(4)]
        patch = np.empty((s, int(s * rng.uniform(1.0, 2.2)), 3), np.uint8)
        patch[:] = colour
    else:  # a card-shaped plate (a phone face down, a card lying on the desk)
        style = CardStyle.draw(rng, int(scale * rng.uniform(0.6, 1.1)))
        return rotate_patch(render_card(style, rng), float(rng.uniform(-40, 40)))
    alpha = np.full(patch.shape[:2] + (1,), 255, np.uint8)
    return rotate_patch(np.concatenate([patch, alpha], axis=2), float(rng.uniform(-30, 30)))


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _augment(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Lighting, focus, resolution and compression as cameras vary."""
    out = image.astype(np.float32) * rng.uniform(0.6, 1.3) + rng.uniform(-35, 25)
    out = np.clip(out, 0, 255).astype(np.uint8)
    if rng.random() < 0.4:
        k = int(rng.choice([3, 5]))
        out = cv2.GaussianBlur(out, (k, k), 0)
    if rng.random() < 0.4:  # a distant camera: fewer pixels, scaled back up
        h, w = out.shape[:2]
        f = rng.uniform(0.4, 0.8)
        small = cv2.resize(out, (max(8, int(w * f)), max(8, int(h * f))), interpolation=cv2.INTER_AREA)
        out = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(30, 92))])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def compose(
    person: SourcePerson, rng: np.random.Generator, positive: bool, augment: bool = True
) -> Sample:
    """One person crop, with a badge on the chest when `positive`."""
    face = person.face
    cx1, cy1, cx2, cy2 = _crop_window(person, face, rng)
    crop = person.image[cy1:cy2, cx1:cx2].copy()
    s = OUT_SIDE / max(crop.shape[:2])
    crop = cv2.resize(crop, (max(8, round(crop.shape[1] * s)), max(8, round(crop.shape[0] * s))),
                      interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    fx1, fy1, fx2, fy2 = ((face[0] - cx1) * s, (face[1] - cy1) * s, (face[2] - cx1) * s, (face[3] - cy1) * s)
    fw, fh = fx2 - fx1, fy2 - fy1
    fcx = (fx1 + fx2) / 2
    if rng.random() < 0.3:  # other shirt colours: rotate the hue of the whole crop
        hsv = cv2.cvtColor(crop, cv2.COLOR_BGR2HSV)
        hsv[:, :, 0] = ((hsv[:, :, 0].astype(int) + int(rng.integers(0, 180))) % 180).astype(np.uint8)
        crop = cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)
    h, w = crop.shape[:2]
    flipped = rng.random() < 0.5
    if flipped:  # mirror the person (before anything is pasted: labels stay exact)
        crop = np.ascontiguousarray(crop[:, ::-1])
        fx1, fx2 = w - fx2, w - fx1
        fcx = (fx1 + fx2) / 2
    torso = (fcx - 1.7 * fw, fy1, fcx + 1.7 * fw, fy2 + 3.5 * fh)
    others = []  # the other people in the crop, in its pixels (mirrored with it)
    for ox1, oy1, ox2, oy2 in person.others:
        bx1, bx2 = (ox1 - cx1) * s, (ox2 - cx1) * s
        if flipped:
            bx1, bx2 = w - bx2, w - bx1
        others.append((bx1, (oy1 - cy1) * s, bx2, (oy2 - cy1) * s))
    face_now = (fx1, fy1, fx2, fy2)
    if rng.random() < 0.6:  # four source people, many clothes
        redress_torso(crop, face_now, rng)
    # Worn things that are not a card, drawn before any card so a card covers them
    # and its label stays exact; negatives carry them more often (hard negatives).
    items = chest_clutter(crop, face_now, rng) if rng.random() < (0.35 if positive else 0.65) else 0
    badges: list[Box] = []
    card_mask = None
    if positive:
        for _ in range(8):
            chest = (fcx + rng.uniform(-0.8, 0.8) * fw, fy2 + rng.uniform(0.6, 1.7) * fh)
            if not (0 < chest[0] < w and 0 < chest[1] < h):
                continue
            trial = crop.copy()
            style = CardStyle.draw(rng, max(8.0, fh * rng.uniform(0.35, 0.75)))
            below = crop[int(min(h - 1, chest[1])):int(min(h, chest[1] + fh)),
                         int(max(0, chest[0] - fw / 2)):int(min(w, chest[0] + fw / 2))]
            cover = tuple(int(c) for c in np.median(below.reshape(-1, 3), axis=0)) if below.size else None
            pasted = paste_card(trial, style, chest, rng, neck=(fcx, fy2 + 0.15 * fh), cover_colour=cover)
            if pasted is not None:
                crop = trial
                badges.append(Box(*pasted.box))
                card_mask = pasted.mask
                break
    distractors: list[Box] = []
    n = int(rng.choice([0, 1, 2, 3], p=[0.5, 0.25, 0.15, 0.1] if positive else [0.3, 0.35, 0.2, 0.15]))
    for _ in range(n):
        patch = _light_rectangle(rng, max(10.0, fh * rng.uniform(0.5, 1.0)))
        ph, pw = patch.shape[:2]
        for _ in range(30):
            c = (rng.uniform(pw / 2, max(pw / 2 + 1, w - pw / 2)), rng.uniform(ph / 2, max(ph / 2 + 1, h - ph / 2)))
            rect = (c[0] - pw / 2, c[1] - ph / 2, c[0] + pw / 2, c[1] + ph / 2)
            if (_overlaps(rect, torso) or any(_overlaps(rect, (b.x1, b.y1, b.x2, b.y2)) for b in badges)
                    or any(_overlaps(rect, o) for o in others)):
                continue
            box = mask_box(paste_patch(crop, patch, c))
            if box:
                distractors.append(Box(*box))
            break
    if augment:
        crop = _augment(crop, rng)
    return Sample(crop, tuple(badges), tuple(distractors), person.key, person.photo, card_mask, items)


def sample_rng(seed: int, split: str, index: int) -> np.random.Generator:
    return np.random.default_rng([int(seed), _SPLIT_SALT[split], int(index)])


def generate_split(
    people: Sequence[SourcePerson], split: str, count: int, seed: int, positive_share: float = 0.5
) -> list[Sample]:
    """`count` samples of one split, cycling through `people`; positives/negatives alternate
    by a fixed share so the split is balanced whatever the count."""
    if not people:
        raise ValueError(f"không có người nguồn cho tập {split} (no source people for split {split})")
    out = []
    for i in range(count):
        rng = sample_rng(seed, split, i)
        person = people[int(rng.integers(len(people)))]
        positive = int((i + 1) * positive_share) > int(i * positive_share)
        out.append(compose(person, rng, positive))
    return out


def _reblurred(sample: Sample, faces) -> Sample:
    """The face model looks again at the finished crop: the source was blurred at the
    photo's scale, and a crop rescaled and re-lit can read as a face once more."""
    from vision.privacy import blur_faces  # noqa: PLC0415

    out = blur_faces(sample.image, faces)
    if out.faces == 0:
        return sample
    return Sample(out.image, sample.badges, sample.distractors, sample.source, sample.photo, sample.card_mask,
                  sample.chest_items)


def split_photos(split: str) -> tuple[str, ...]:
    return HELDOUT_PHOTOS if split == "test" else TRAIN_PHOTOS


@dataclass(frozen=True)
class DatasetInfo:
    root: Path
    data_yaml: Path
    counts: dict[str, int] = field(default_factory=dict)  # split → images
    positives: dict[str, int] = field(default_factory=dict)
    photos: dict[str, tuple[str, ...]] = field(default_factory=dict)


def write_dataset(
    out: Path,
    seed: int = 0,
    sizes: SplitSizes = SplitSizes(),
    people_loader: Callable[[tuple[str, ...]], list[SourcePerson]] | None = None,
    progress: bool = False,
) -> DatasetInfo:
    """Write images/<split>/*.jpg, labels/<split>/*.txt, data.yaml and manifest.csv."""
    from tools.badge.sources import load_people  # noqa: PLC0415

    from vision.privacy import default_face_detector  # noqa: PLC0415

    loader = people_loader or load_people
    faces = default_face_detector()
    out = Path(out)
    counts, positives, photos = {}, {}, {}
    rows = []
    cache: dict[tuple[str, ...], list[SourcePerson]] = {}
    for split in SPLITS:
        names = split_photos(split)
        if names not in cache:
            cache[names] = loader(names)
        samples = generate_split(cache[names], split, sizes.of(split), seed)
        samples = [_reblurred(smp, faces) for smp in samples]
        (out / "images" / split).mkdir(parents=True, exist_ok=True)
        (out / "labels" / split).mkdir(parents=True, exist_ok=True)
        it = samples
        if progress:
            from tqdm import tqdm  # noqa: PLC0415

            it = tqdm(samples, desc=f"badge {split}", unit="ảnh")
        for i, smp in enumerate(it):
            stem = f"{split}_{i:05d}"
            cv2.imwrite(str(out / "images" / split / f"{stem}.jpg"), smp.image, [cv2.IMWRITE_JPEG_QUALITY, 95])
            h, w = smp.image.shape[:2]
            (out / "labels" / split / f"{stem}.txt").write_text(
                "".join(b.yolo(w, h) + "\n" for b in smp.badges)
            )
            rows.append((f"images/{split}/{stem}.jpg", split, smp.photo, smp.source, int(smp.positive)))
        counts[split] = len(samples)
        positives[split] = sum(s.positive for s in samples)
        photos[split] = names
    with (out / "manifest.csv").open("w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["image", "split", "photo", "person", "badge"])
        wr.writerows(rows)
    data_yaml = write_data_yaml(out, ("train", "val", "test"))
    return DatasetInfo(out, data_yaml, counts, positives, photos)


def write_data_yaml(root: Path, splits: Sequence[str]) -> Path:
    """The Ultralytics data file: one class, "badge"."""
    lines = [f"path: {Path(root).resolve()}"]
    for split in splits:
        lines.append(f"{split}: images/{split}")
    lines += ["names:", f"  0: {CLASS_NAME}", ""]
    path = Path(root) / "data.yaml"
    path.write_text("\n".join(lines))
    return path
