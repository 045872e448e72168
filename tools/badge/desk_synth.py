"""Synthetic badge data as a desk camera sees it: seated staff cut at the waist by the
counter, thẻ công chức on a lanyard or clipped to the breast pocket, at 720p sizes.

Each sample is one person crop at *frame* scale: the crop is scaled so that the card's
short side is 14–40 px (a card is 54 mm wide, a face about 150 mm: the face in the
source photo is the ruler). Most crops end at a counter (the person box of a seated
person ends there); some show the upper body without one. Negatives wear no card but
often carry what a card is confused with: pens, pins, ties, pocket outlines (clutter.py),
and name plates or papers on the counter. Light varies: dim rooms, colour casts, noise.

Splits hold out whole people *and* whole card styles: train/val use the training photos'
people and TRAIN_STYLES; test uses the held-out photos' people and HELDOUT_STYLES. Every
sample draws from its own generator seeded by (seed, split, index).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import cv2
import numpy as np

from tools.badge.cards import mask_box, paste_patch, rotate_patch
from tools.badge.civil_card import (
    CARD_W_MM,
    FACE_W_MM,
    HELDOUT_STYLES,
    MAX_SHORT_PX,
    MIN_SHORT_PX,
    TRAIN_STYLES,
    Wear,
    draw_clip,
    draw_pocket,
    draw_strap,
    place_card,
    render_civil_card,
    style_named,
)
from tools.badge.clutter import chest_clutter, redress_torso
from tools.badge.sources import HELDOUT_PHOTOS, TRAIN_PHOTOS, SourcePerson
from tools.badge.synth import SPLITS, Box, SplitSizes, sample_rng, write_data_yaml

SEATED_SHARE = 0.75  # crops cut by a counter: most of what a desk camera sees
POCKET_SHARE = 0.55  # of positives: the hidden check's misses were all pocket-clipped
_COUNTERS = ((70, 105, 140), (150, 190, 215), (120, 120, 120), (225, 225, 225), (40, 60, 90))
_LANYARDS = ((30, 30, 190), (150, 60, 20), (20, 20, 20), (40, 120, 40), (230, 230, 230), (30, 150, 220))


@dataclass(frozen=True)
class DeskSample:
    image: np.ndarray = field(repr=False)  # BGR, frame scale, faces blurred
    badges: tuple[Box, ...]  # the visible card, or nothing
    source: str  # "photo#person"
    photo: str
    style: str  # card style name ("" for a negative)
    wear: str  # "lanyard" / "pocket" / ""
    seated: bool  # cut at a counter
    card_short_px: float  # the card's short side as rendered (0 for a negative)
    face: tuple[float, float, float, float]  # in the crop's pixels
    waist_y: float  # where the crop's person ends (the counter's top, or the crop's bottom)

    @property
    def positive(self) -> bool:
        return bool(self.badges)


def card_short_px(rng: np.random.Generator) -> float:
    """Skewed towards small cards: the hidden check's were 15–21 px."""
    return float(MIN_SHORT_PX + (MAX_SHORT_PX - MIN_SHORT_PX) * rng.beta(1.3, 2.6))


def _window(p: SourcePerson, seated: bool, rng: np.random.Generator) -> tuple[int, int, int, int]:
    H, W = p.image.shape[:2]
    x1, y1, x2, y2 = p.box
    fx1, fy1, fx2, fy2 = p.face
    fh, fw = fy2 - fy1, fx2 - fx1
    bw = x2 - x1
    bottom = min(y2, fy2 + rng.uniform(2.7, 4.0) * fh) if seated else min(y2, fy2 + rng.uniform(3.5, 6.0) * fh)
    top = max(y1 - rng.uniform(0.0, 0.1) * fh, fy1 - rng.uniform(0.2, 0.6) * fh)
    cx = (fx1 + fx2) / 2
    half = max(min(bw / 2, 2.4 * fw), 1.6 * fw) * rng.uniform(0.95, 1.15)
    cx1, cy1 = int(max(0, cx - half)), int(max(0, top))
    cx2, cy2 = int(min(W, cx + half)), int(min(H, bottom))
    return cx1, cy1, max(cx1 + 8, cx2), max(cy1 + 8, cy2)


def _counter(crop: np.ndarray, face_cx: float, rng: np.random.Generator) -> float:
    """Paint the counter's top edge over the crop's bottom (and sometimes a monitor's side,
    a name plate or a paper on it); returns the y where the person ends."""
    h, w = crop.shape[:2]
    band = int(h * rng.uniform(0.03, 0.12))
    top = h - band
    colour = _COUNTERS[int(rng.integers(len(_COUNTERS)))]
    crop[top:] = colour
    cv2.line(crop, (0, top), (w, top), tuple(int(c * 0.7) for c in colour), max(1, h // 150))
    if rng.random() < 0.4:  # a name plate (biển tên) or a paper standing on the counter: a card look-alike
        pw, ph = int(w * rng.uniform(0.15, 0.35)), int(h * rng.uniform(0.05, 0.1))
        px = int(np.clip(face_cx + rng.uniform(-0.6, 0.6) * w / 2, 0, max(0, w - pw)))
        py = max(0, top - ph + int(band * rng.uniform(0.0, 0.8)))
        plate = (245, 245, 245) if rng.random() < 0.6 else (60, 170, 215)
        cv2.rectangle(crop, (px, py), (px + pw, py + ph), plate, -1)
        cv2.rectangle(crop, (px + pw // 8, py + ph // 3), (px + pw * 7 // 8, py + ph // 3 + max(1, ph // 6)),
                      (30, 30, 160) if rng.random() < 0.5 else (30, 30, 30), -1)
    if rng.random() < 0.25:  # the side of a monitor standing on the counter
        mw = int(w * rng.uniform(0.12, 0.25))
        mh = int(h * rng.uniform(0.15, 0.3))
        x = 0 if rng.random() < 0.5 else w - mw
        crop[max(0, top - mh):top, x:x + mw] = (30, 30, 30)
    return float(top)


def _light(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Office light: sometimes dim, often with a colour cast; sensor noise, focus, JPEG."""
    out = image.astype(np.float32)
    overall = rng.uniform(0.3, 0.65) if rng.random() < 0.35 else rng.uniform(0.75, 1.25)
    gains = np.array([rng.uniform(0.75, 1.25) for _ in range(3)], np.float32) if rng.random() < 0.5 else np.ones(3)
    out = out * gains * overall + rng.uniform(-15, 15)
    out += rng.normal(0, rng.uniform(1.5, 6.0), out.shape)
    out = np.clip(out, 0, 255).astype(np.uint8)
    if rng.random() < 0.3:
        out = cv2.GaussianBlur(out, (3, 3), 0)
    ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(40, 92))])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def compose_desk(person: SourcePerson, rng: np.random.Generator, positive: bool, styles: Sequence[str],
                 augment: bool = True) -> DeskSample:
    """One person crop at frame scale; wearing a card of one of `styles` when `positive`."""
    seated = bool(rng.random() < SEATED_SHARE)
    short = card_short_px(rng)
    # The face sets the scale: the card's short side is `short` px, so the face is this wide.
    face_w = short * FACE_W_MM / CARD_W_MM / float(rng.uniform(0.88, 1.12))
    cx1, cy1, cx2, cy2 = _window(person, seated, rng)
    src_fw = person.face[2] - person.face[0]
    s = face_w / max(1.0, src_fw)
    crop = person.image[cy1:cy2, cx1:cx2]
    crop = cv2.resize(crop, (max(16, round(crop.shape[1] * s)), max(16, round(crop.shape[0] * s))),
                      interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    h, w = crop.shape[:2]
    f = [(person.face[0] - cx1) * s, (person.face[1] - cy1) * s, (person.face[2] - cx1) * s,
         (person.face[3] - cy1) * s]
    if rng.random() < 0.5:  # mirror before anything is pasted: labels stay exact
        crop = np.ascontiguousarray(crop[:, ::-1])
        f = [w - f[2], f[1], w - f[0], f[3]]
    face = (f[0], f[1], f[2], f[3])
    fcx = (face[0] + face[2]) / 2
    if rng.random() < 0.6:  # few source people, many clothes (light-blue shirts, navy jackets, own clothes)
        redress_torso(crop, face, rng)
    waist = _counter(crop, fcx, rng) if seated else float(h)
    if rng.random() < (0.35 if positive else 0.7):  # pens, pins, ties, pockets: hard negatives
        chest_clutter(crop, face, rng)
    badges: list[Box] = []
    style_name, wear = "", ""
    if positive:
        style_name = styles[int(rng.integers(len(styles)))]
        wear = Wear.POCKET if rng.random() < POCKET_SHARE else Wear.LANYARD
        patch = render_civil_card(style_named(style_name), short, rng)
        place = place_card(wear, face, patch.shape[0], waist, rng)
        rotated = rotate_patch(patch, place.angle)
        top = (place.centre[0], place.centre[1] - patch.shape[0] / 2)
        trial = crop.copy()
        if place.pocket is not None:
            draw_pocket(trial, place.pocket, rng)
        else:
            draw_strap(trial, ((face[0] + face[2]) / 2, face[3] + 0.1 * (face[3] - face[1])), top,
                       0.3 * (face[2] - face[0]), _LANYARDS[int(rng.integers(len(_LANYARDS)))],
                       max(1, int(round(short / 12))))
        visible = paste_patch(trial, rotated, place.centre)
        if place.pocket is not None:
            draw_clip(trial, top, patch.shape[1])
        total = int(visible.sum())
        if rng.random() < 0.15 and total:  # an arm or a folder over part of the card
            x1, y1, x2, y2 = mask_box(visible)  # type: ignore[misc]
            cut = int((x2 - x1) * rng.uniform(0.15, 0.4))
            sx = slice(x1 - cut // 2, x1 + cut) if rng.random() < 0.5 else slice(x2 - cut, x2 + cut // 2)
            sx = slice(max(0, sx.start), min(w, sx.stop))
            below = trial[int(min(h - 1, y2)):int(min(h, y2 + 6)), x1:x2].reshape(-1, 3)
            trial[y1 - 2 if y1 >= 2 else 0:y2 + 2, sx] = np.median(below, axis=0) if below.size else (60, 60, 60)
            visible[:, sx] = False
        if visible.sum() >= max(12, 0.5 * total):
            box = mask_box(visible)
            if box is not None and box[1] < waist:
                crop = trial
                badges.append(Box(*box))
    if not badges:
        style_name, wear = "", ""
    if augment:
        crop = _light(crop, rng)
    return DeskSample(crop, tuple(badges), person.key, person.photo, style_name, str(getattr(wear, "value", wear)),
                      seated, short if badges else 0.0, face, waist)


def split_plan(split: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(source photos, card styles) of a split: test holds out both people and styles."""
    if split == "test":
        return HELDOUT_PHOTOS, HELDOUT_STYLES
    return TRAIN_PHOTOS, TRAIN_STYLES


def generate_desk_split(people: Sequence[SourcePerson], split: str, count: int, seed: int,
                        styles: Sequence[str] | None = None) -> list[DeskSample]:
    if not people:
        raise ValueError(f"không có người nguồn cho tập {split} (no source people for split {split})")
    styles = tuple(styles) if styles is not None else split_plan(split)[1]
    out = []
    for i in range(count):
        rng = sample_rng(seed, split, i)
        person = people[int(rng.integers(len(people)))]
        out.append(compose_desk(person, rng, positive=i % 2 == 0, styles=styles))
    return out


def write_desk_dataset(out: Path, seed: int = 0, sizes: SplitSizes = SplitSizes(1200, 200, 300),
                       people_loader: Callable[[tuple[str, ...]], list[SourcePerson]] | None = None,
                       splits: Sequence[str] = SPLITS, progress: bool = False) -> Path:
    """images/<split>, labels/<split>, manifest.csv (person, style, wear, card size) and data.yaml."""
    from tools.badge.sources import load_people  # noqa: PLC0415
    from tools.badge.synth import Sample, _reblurred  # noqa: PLC0415
    from vision.privacy import default_face_detector  # noqa: PLC0415

    loader = people_loader or load_people
    faces = default_face_detector()
    out = Path(out)
    rows = []
    cache: dict[tuple[str, ...], list[SourcePerson]] = {}
    for split in splits:
        photos, styles = split_plan(split)
        if photos not in cache:
            cache[photos] = loader(photos)
        samples = generate_desk_split(cache[photos], split, sizes.of(split), seed, styles)
        (out / "images" / split).mkdir(parents=True, exist_ok=True)
        (out / "labels" / split).mkdir(parents=True, exist_ok=True)
        it = samples
        if progress:
            from tqdm import tqdm  # noqa: PLC0415

            it = tqdm(samples, desc=f"badge desk {split}", unit="ảnh")
        for i, smp in enumerate(it):
            # The face model looks again at the finished crop (rescaled, re-lit).
            image = _reblurred(Sample(smp.image, smp.badges, (), smp.source, smp.photo), faces).image
            stem = f"{split}_{i:05d}"
            cv2.imwrite(str(out / "images" / split / f"{stem}.jpg"), image, [cv2.IMWRITE_JPEG_QUALITY, 95])
            h, w = image.shape[:2]
            (out / "labels" / split / f"{stem}.txt").write_text("".join(b.yolo(w, h) + "\n" for b in smp.badges))
            rows.append((f"images/{split}/{stem}.jpg", split, smp.photo, smp.source, int(smp.positive), smp.style,
                         smp.wear, int(smp.seated), round(smp.card_short_px, 1)))
    with (out / "manifest.csv").open("w", newline="") as fh:
        wr = csv.writer(fh)
        wr.writerow(["image", "split", "photo", "person", "badge", "style", "wear", "seated", "card_short_px"])
        wr.writerows(rows)
    return write_data_yaml(out, tuple(splits))
