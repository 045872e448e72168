"""Desk scenes for the uniform rule: seated staff cut at the waist by the counter, re-dressed.

Used by tests/vision/compliance/test_uniform_scenes.py and bench/bench_uniform_scenes.py (which
puts this folder on sys.path). The staff are the shipped cut-outs of vision.demo.sprites, pasted
by the demo compositor (vision.demo.compose.SceneRenderer); their clothes are recoloured here:
every person pixel below the chin that is not skin takes the outfit's colour, keeping the folds
(half the original lightness deviations). A jacket keeps a V of shirt at the front. The person's
box is where the pasted person differs from the empty stage, so the counter cuts it at the waist
as it cuts a detector's box.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np

from vision.compliance.clothing import skin_mask
from vision.demo.compose import SceneRenderer
from vision.demo.script import MONDAY_0900, DeskScript, SceneScript, Span
from vision.demo.sprites import STAFF_CUTS, Sprite

CENTRES = (110, 320, 530)
# Where the clothes start on each staff cut-out, as a fraction of its height (its chin).
NECK = {"grace_hopper": 0.56, "astronaut": 0.33, "zidane": 0.45, "ancelotti": 0.36}

LIGHT_BLUE = (225, 190, 150)  # BGR
NAVY = (90, 40, 25)
WHITE = (235, 235, 235)
BLACK = (30, 30, 32)
BROWN = (40, 75, 120)
BEIGE = (150, 190, 215)


@dataclass(frozen=True)
class Outfit:
    name: str
    colour: tuple[int, int, int]  # BGR of the garment
    shirt: tuple[int, int, int] | None = None  # a jacket's shirt, seen in a V at the front
    regulation: bool = False
    stripes: bool = False


REGULATION = (
    Outfit("light-blue shirt", LIGHT_BLUE, regulation=True),
    Outfit("navy jacket", NAVY, LIGHT_BLUE, regulation=True),
)
SUITS = (
    Outfit("black suit", BLACK, WHITE),
    Outfit("brown jacket", BROWN, WHITE),
    Outfit("brown jacket, beige shirt", (35, 60, 95), BEIGE),
)
OWN_CLOTHES = (
    Outfit("red", (40, 40, 190)), Outfit("green", (60, 150, 60)), Outfit("grey", (120, 120, 120)),
    Outfit("white", WHITE), Outfit("pink", (180, 150, 235)), Outfit("yellow", (60, 210, 230)),
    Outfit("maroon", (40, 30, 120)), Outfit("beige", BEIGE), Outfit("dark grey", (70, 70, 72)),
    Outfit("red stripes", (40, 40, 190), stripes=True), Outfit("orange", (40, 130, 240)),
)


@dataclass(frozen=True)
class Light:
    name: str
    gains: tuple[float, float, float]  # B, G, R


LIGHTS = (
    Light("office", (1.0, 1.0, 1.0)),
    Light("dim", (0.5, 0.5, 0.5)),
    Light("very dim", (0.38, 0.38, 0.38)),
    Light("warm tubes", (0.75, 0.92, 1.12)),
    Light("cool daylight", (1.18, 1.02, 0.85)),
    Light("green fluorescent", (0.88, 1.1, 0.84)),
    Light("dim warm", (0.4, 0.48, 0.58)),
    Light("dim cool", (0.62, 0.52, 0.43)),
)


def dress(sprite: Sprite, outfit: Outfit, card: bool = False) -> Sprite:
    """The cut-out wearing ``outfit`` below its chin (skin kept: neck, hands), and with ``card`` an ID
    card on a red lanyard on the chest (a white card with a red header, 8 × 12 px at a 151 px person)."""
    bgr = sprite.bgr.copy()
    h, w = bgr.shape[:2]
    top = int(NECK[sprite.name] * h)
    head = sprite.bgr[:top]
    head_skin = skin_mask(head).reshape(head.shape[:2]) & (sprite.alpha[:top] > 0.5)
    cx = float(np.nonzero(head_skin)[1].mean()) if head_skin.any() else w / 2
    region = bgr[top:]
    person = sprite.alpha[top:] > 0.3
    cloth = person & ~skin_mask(region).reshape(region.shape[:2])
    ys, xs = np.mgrid[0:h - top, 0:w]
    depth = 0.55 * (h - top)
    v_half = 0.13 * w * np.clip(1 - ys / depth, 0, 1)
    in_v = (np.abs(xs - cx) < v_half) if outfit.shirt is not None else np.zeros_like(cloth)
    L = cv2.cvtColor(region, cv2.COLOR_BGR2Lab)[..., 0].astype(np.float32)
    shade = (L - L[cloth].mean()) * 0.5 if cloth.any() else np.zeros_like(L)
    if outfit.stripes:
        shade = shade + np.where((xs // 4) % 2 == 0, 30.0, -30.0)
    for colour, where in ((outfit.colour, cloth & ~in_v), (outfit.shirt, cloth & in_v)):
        if colour is None or not where.any():
            continue
        target = cv2.cvtColor(np.uint8([[colour]]), cv2.COLOR_BGR2Lab)[0, 0].astype(np.float32)
        lab = np.empty(region.shape, np.float32)
        lab[..., 0] = np.clip(target[0] + shade, 0, 255)
        lab[..., 1], lab[..., 2] = target[1], target[2]
        recoloured = cv2.cvtColor(lab.astype(np.uint8), cv2.COLOR_Lab2BGR)
        region[where] = recoloured[where]
    if card:
        ch = max(8, int(0.08 * h))
        cw = max(5, int(0.66 * ch))
        x, y = int(cx + 0.06 * w), top + int(0.35 * (h - top))
        cv2.line(bgr, (int(cx - 0.1 * w), top + 2), (x + cw // 2, y), (30, 30, 160), 1)
        cv2.line(bgr, (int(cx + 0.1 * w), top + 2), (x + cw // 2, y), (30, 30, 160), 1)
        cv2.rectangle(bgr, (x, y), (x + cw, y + ch), (240, 240, 240), -1)
        cv2.rectangle(bgr, (x, y), (x + cw, y + ch // 4), (40, 40, 200), -1)
    return Sprite(f"{sprite.name}_{outfit.name}", bgr, sprite.alpha)


@dataclass(frozen=True)
class Seated:
    """One staff member at a desk of the scene."""

    sprite: int  # index into STAFF_CUTS
    outfit: Outfit
    card: bool = False  # an ID card on a lanyard


@dataclass(frozen=True)
class DeskFrame:
    """One frame of a scene: the picture and each desk's person box (x1, y1, x2, y2)."""

    image: np.ndarray
    boxes: tuple[tuple[float, float, float, float] | None, ...]


class UniformScene:
    """Three desks, a staff member at each in a given outfit, under one light."""

    def __init__(self, people: tuple[Seated, ...], light: Light, seed: int = 0) -> None:
        self.people, self.light, self.seed = people, light, seed
        desks = tuple(DeskScript(f"d{i + 1}", f"Quầy {i + 1}", cx, p.sprite, (Span(0, 10_000),))
                      for i, (cx, p) in enumerate(zip(CENTRES, people)))
        script = SceneScript(name="uniform", start=MONDAY_0900, duration_s=10_000, fps=1, desks=desks, seed=seed)
        self.renderer = SceneRenderer(script)
        for k, p in enumerate(people):  # the renderer's own cut-outs, re-dressed
            self.renderer.staff[k] = dress(self.renderer.staff[k], p.outfit, p.card)
        empty = SceneScript(name="empty", start=MONDAY_0900, duration_s=1, fps=1, seed=seed, desks=tuple(
            DeskScript(d.desk_id, d.name, d.centre_x, d.staff_sprite, (Span(5, 6),)) for d in desks))
        self._empty = SceneRenderer(empty).clean_frame(0).astype(np.int16)
        self._rng = np.random.default_rng(seed)

    def frame(self, t: float, jitter_px: float = 2.0) -> DeskFrame:
        """The scene at ``t`` seconds under the scene's light, with sensor noise; boxes jittered
        by ``jitter_px`` (a detector's boxes are never exact)."""
        clean = self.renderer.clean_frame(t)
        moved = np.abs(clean.astype(np.int16) - self._empty).sum(axis=2) > 24
        boxes = []
        for cx in CENTRES:
            cols = moved[:, max(0, cx - 100):cx + 100]
            ys, xs = np.nonzero(cols)
            if len(ys) == 0:
                boxes.append(None)
                continue
            x0 = max(0, cx - 100)
            box = np.array([xs.min() + x0, ys.min(), xs.max() + x0 + 1, ys.max() + 1], np.float32)
            boxes.append(tuple(float(v) for v in box + self._rng.normal(0, jitter_px, 4)))
        lit = clean.astype(np.float32) * np.asarray(self.light.gains, np.float32)
        noisy = lit + self._rng.normal(0, 2.5, lit.shape)
        return DeskFrame(np.clip(noisy, 0, 255).astype(np.uint8), tuple(boxes))


def random_scene(seed: int, lights: tuple[Light, ...] = LIGHTS) -> UniformScene:
    """Three staff, each in a regulation outfit half the time, else a suit/jacket or own clothes;
    half of them wear an ID card on a lanyard."""
    rng = random.Random(seed)
    people = []
    for _ in CENTRES:
        if rng.random() < 0.5:
            outfit = rng.choice(REGULATION)
        else:
            outfit = rng.choice(SUITS) if rng.random() < 0.6 else rng.choice(OWN_CLOTHES)
        people.append(Seated(rng.randrange(len(STAFF_CUTS)), outfit, rng.random() < 0.5))
    return UniformScene(tuple(people), rng.choice(lights), seed)


def compliant_scene(seed: int) -> UniformScene:
    """Everyone in the regulation outfit, in office light: the calibration snapshots."""
    rng = random.Random(seed)
    return UniformScene(tuple(Seated(rng.randrange(len(STAFF_CUTS)), rng.choice(REGULATION)) for _ in CENTRES),
                        LIGHTS[0], seed)
