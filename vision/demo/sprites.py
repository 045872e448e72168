"""Real people cut out of photos that ship with installed packages.

No desk footage exists offline, so the composed scenes paste real people: the
photos below install with ultralytics, matplotlib and scikit-image (a test
dependency only: the demo worker uses the staff cut-outs that need no
scikit-image, see `staff_sprite` and `APP_STAFF`). Each person is
cut out once with GrabCut (OpenCV), seeded by a fixed crop box and a few boxes that
surely lie on the person (head, torso), so nothing here depends on the detector
under test.
"""
from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        raise RuntimeError(f"package {name!r} is needed for the composed scenes")
    return Path(spec.origin).parent


def photo_path(name: str) -> Path:
    """The shipped photo called ``name`` (bus, zidane, grace_hopper, astronaut)."""
    paths = {
        "bus": lambda: _package_dir("ultralytics") / "assets" / "bus.jpg",
        "zidane": lambda: _package_dir("ultralytics") / "assets" / "zidane.jpg",
        "grace_hopper": lambda: _package_dir("matplotlib") / "mpl-data" / "sample_data" / "grace_hopper.jpg",
        "astronaut": lambda: _package_dir("skimage") / "data" / "astronaut.png",
    }
    path = paths[name]()
    if not path.is_file():
        raise RuntimeError(f"shipped photo missing: {path}")
    return path


Box = tuple[int, int, int, int]  # x1, y1, x2, y2 in the source photo's pixels


@dataclass(frozen=True)
class PersonCut:
    """Where one person is in a shipped photo."""

    name: str
    photo: str
    crop: Box
    sure: tuple[Box, ...]  # boxes certainly on the person: GrabCut's seeds
    whole_body: bool  # head to feet (a citizen) or head to waist (seated staff)


# Seated staff show head and torso above the counter; citizens need the whole body.
STAFF_CUTS: tuple[PersonCut, ...] = (
    PersonCut("grace_hopper", "grace_hopper", (0, 0, 512, 600), ((190, 80, 330, 330), (130, 420, 400, 595)), False),
    PersonCut("astronaut", "astronaut", (10, 20, 400, 512), ((150, 40, 260, 180), (120, 260, 330, 500)), False),
    PersonCut("zidane", "zidane", (360, 200, 720, 720), ((505, 300, 570, 700),), False),
    PersonCut("ancelotti", "zidane", (820, 50, 1160, 720), ((960, 90, 1030, 230), (880, 300, 1000, 700)), False),
)
CITIZEN_CUTS: tuple[PersonCut, ...] = (
    PersonCut("bus_coat", "bus", (45, 390, 250, 905), ((110, 410, 150, 465), (90, 480, 190, 640), (100, 650, 170, 850)), True),
    PersonCut("bus_jacket", "bus", (220, 398, 350, 885), ((268, 412, 300, 455), (245, 470, 320, 640), (250, 650, 320, 840)), True),
)


@dataclass(frozen=True)
class Sprite:
    """A cut-out person: BGR pixels and an alpha mask (0..1), tight around the person."""

    name: str
    bgr: np.ndarray = field(repr=False)
    alpha: np.ndarray = field(repr=False)  # H×W float32

    @property
    def height(self) -> int:
        return int(self.bgr.shape[0])

    @property
    def width(self) -> int:
        return int(self.bgr.shape[1])

    def scaled(self, height: int) -> "Sprite":
        s = height / self.height
        w = max(1, int(round(self.width * s)))
        return Sprite(
            self.name,
            cv2.resize(self.bgr, (w, height), interpolation=cv2.INTER_AREA),
            cv2.resize(self.alpha, (w, height), interpolation=cv2.INTER_AREA),
        )

    def flipped(self) -> "Sprite":
        return Sprite(self.name + "_flip", self.bgr[:, ::-1].copy(), self.alpha[:, ::-1].copy())


_WORK_HEIGHT = 300  # GrabCut runs at this height: fast, and larger than any pasted person


def cut_out(cut: PersonCut) -> Sprite:
    """GrabCut the person out of its photo; keep the largest blob; feather the edge."""
    image = cv2.imread(str(photo_path(cut.photo)), cv2.IMREAD_COLOR)
    x1, y1, x2, y2 = cut.crop
    crop = image[y1:y2, x1:x2]
    s = _WORK_HEIGHT / crop.shape[0]
    crop = cv2.resize(crop, None, fx=s, fy=s, interpolation=cv2.INTER_AREA)
    h, w = crop.shape[:2]
    mask = np.full((h, w), cv2.GC_PR_FGD, np.uint8)
    mask[:, :2] = mask[:, -2:] = mask[:2, :] = cv2.GC_BGD
    for bx1, by1, bx2, by2 in cut.sure:
        mask[int((by1 - y1) * s) : int((by2 - y1) * s), int((bx1 - x1) * s) : int((bx2 - x1) * s)] = cv2.GC_FGD
    bgd, fgd = np.zeros((1, 65)), np.zeros((1, 65))
    cv2.setRNGSeed(7)  # GrabCut's k-means start: the same cut every run
    cv2.grabCut(crop, mask, None, bgd, fgd, 5, cv2.GC_INIT_WITH_MASK)
    fg = np.where((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD), 255, 0).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(fg)
    if n > 1:
        fg = np.where(labels == 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA])), 255, 0).astype(np.uint8)
    fg = cv2.morphologyEx(fg, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9)))
    ys, xs = np.nonzero(fg)
    top, bottom, left, right = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    alpha = cv2.GaussianBlur(fg.astype(np.float32) / 255.0, (5, 5), 0)
    return Sprite(cut.name, crop[top:bottom, left:right].copy(), alpha[top:bottom, left:right].copy())


# Staff cut-outs whose photos install with the app's own requirements (not scikit-image's astronaut).
APP_STAFF: tuple[int, ...] = tuple(i for i, c in enumerate(STAFF_CUTS) if c.photo != "astronaut")


@functools.lru_cache(maxsize=None)
def staff_sprite(index: int) -> Sprite:
    """One staff cut-out, made on first use (so a scene only needs the photos it shows)."""
    return cut_out(STAFF_CUTS[index])


def staff_sprites() -> tuple[Sprite, ...]:
    return tuple(staff_sprite(i) for i in range(len(STAFF_CUTS)))


@functools.lru_cache(maxsize=None)
def citizen_sprites() -> tuple[Sprite, ...]:
    cuts = tuple(cut_out(c) for c in CITIZEN_CUTS)
    return cuts + tuple(s.flipped() for s in cuts)


def paste(canvas: np.ndarray, sprite: Sprite, x: int, y: int) -> tuple[int, int, int, int] | None:
    """Alpha-blend ``sprite`` with its top-left corner at (x, y), clipped to the canvas.

    Returns the pasted box (x1, y1, x2, y2) on the canvas, or None when off-canvas.
    """
    H, W = canvas.shape[:2]
    x1, y1 = max(x, 0), max(y, 0)
    x2, y2 = min(x + sprite.width, W), min(y + sprite.height, H)
    if x1 >= x2 or y1 >= y2:
        return None
    sx1, sy1 = x1 - x, y1 - y
    a = sprite.alpha[sy1 : sy1 + (y2 - y1), sx1 : sx1 + (x2 - x1), None]
    region = canvas[y1:y2, x1:x2].astype(np.float32)
    src = sprite.bgr[sy1 : sy1 + (y2 - y1), sx1 : sx1 + (x2 - x1)].astype(np.float32)
    canvas[y1:y2, x1:x2] = (src * a + region * (1.0 - a)).astype(np.uint8)
    return x1, y1, x2, y2


def tinted(sprite: Sprite, bgr: tuple[int, int, int], from_frac: float = 0.45) -> Sprite:
    """The sprite wearing a shirt of colour ``bgr``: every person pixel from ``from_frac``
    of its height down gets that colour's chroma and lightness, keeping the folds
    (the original lightness's deviations from its mean)."""
    out = sprite.bgr.copy()
    top = int(from_frac * sprite.height)
    region = out[top:]
    mask = sprite.alpha[top:] > 0.3
    lab = cv2.cvtColor(region, cv2.COLOR_BGR2Lab).astype(np.float32)
    target = cv2.cvtColor(np.uint8([[bgr]]), cv2.COLOR_BGR2Lab)[0, 0].astype(np.float32)
    L = lab[..., 0]
    shade = (L - L[mask].mean()) * 0.5 if mask.any() else 0.0
    new = np.empty_like(lab)
    new[..., 0] = np.clip(target[0] + shade, 0, 255)
    new[..., 1], new[..., 2] = target[1], target[2]
    recoloured = cv2.cvtColor(new.astype(np.uint8), cv2.COLOR_Lab2BGR)
    region[mask] = recoloured[mask]
    return Sprite(f"{sprite.name}_shirt", out, sprite.alpha)
