"""Rendered ID cards (thẻ công chức) and the pasting of one onto a picture.

A card is drawn as an RGBA patch: a light or coloured body, a header stripe, a
photo area, text-like lines, sometimes a plastic holder edge. Pasting rotates it,
optionally hangs it from a lanyard and covers part of it, and returns the box of
the card pixels that stay visible: that box is the YOLO label.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

CARD_ASPECT = 85.6 / 54.0  # ISO/IEC 7810 ID-1 (CR80), the common badge format

_BODY_COLOURS = (  # BGR; mostly light, like the printed civil-servant cards
    (250, 250, 250), (235, 240, 245), (225, 245, 255), (245, 235, 220), (230, 230, 255),
    (210, 230, 210), (200, 60, 40), (40, 40, 190), (60, 130, 40),
)
_STRIPE_COLOURS = ((30, 30, 200), (160, 60, 20), (40, 120, 40), (80, 40, 20), (20, 140, 220), (120, 30, 120))
_LANYARD_COLOURS = ((30, 30, 190), (150, 60, 20), (20, 20, 20), (40, 120, 40), (230, 230, 230), (30, 150, 220))


@dataclass(frozen=True)
class CardStyle:
    """Everything random about one card, drawn once from a generator."""

    long_side: int  # pixels
    portrait: bool
    body: tuple[int, int, int]
    stripe: tuple[int, int, int]
    stripe_frac: float  # header height / card height
    photo: bool
    text_lines: int
    holder: bool  # a clear plastic holder: a thin grey rim
    angle: float  # degrees, anticlockwise
    lanyard: tuple[int, int, int] | None
    lanyard_px: int
    cover_frac: float  # share of the card hidden by an arm, a jacket flap, a folder

    @staticmethod
    def draw(rng: np.random.Generator, long_side: int) -> "CardStyle":
        lanyard = rng.random() < 0.5
        return CardStyle(
            long_side=max(8, int(long_side)),
            portrait=bool(rng.random() < 0.6),
            body=_BODY_COLOURS[rng.integers(len(_BODY_COLOURS))],
            stripe=_STRIPE_COLOURS[rng.integers(len(_STRIPE_COLOURS))],
            stripe_frac=float(rng.uniform(0.12, 0.3)),
            photo=bool(rng.random() < 0.8),
            text_lines=int(rng.integers(1, 6)),
            holder=bool(rng.random() < 0.4),
            angle=float(rng.normal(0, 10)) if rng.random() < 0.7 else 0.0,
            lanyard=_LANYARD_COLOURS[rng.integers(len(_LANYARD_COLOURS))] if lanyard else None,
            lanyard_px=int(rng.integers(1, 4)),
            cover_frac=float(rng.uniform(0.1, 0.4)) if rng.random() < 0.25 else 0.0,
        )


def render_card(style: CardStyle, rng: np.random.Generator) -> np.ndarray:
    """The card as a BGRA patch (alpha 255 on the card, 0 around it is never used)."""
    long_side = style.long_side
    short = max(5, int(round(long_side / CARD_ASPECT)))
    h, w = (long_side, short) if style.portrait else (short, long_side)
    card = np.empty((h, w, 3), np.uint8)
    card[:] = style.body
    sh = max(1, int(round(h * style.stripe_frac)))
    card[:sh] = style.stripe
    if rng.random() < 0.3:  # a footer band too, as many cards have
        card[h - max(1, sh // 2):] = style.stripe
    ink = (40, 40, 40) if np.mean(style.body) > 120 else (240, 240, 240)
    if style.portrait:
        # Photo centred under the header, text lines below it.
        pw, ph = int(w * 0.5), int(h * 0.32)
        px, py = (w - pw) // 2, sh + max(1, int(h * 0.05))
        text_top, text_left, text_right = py + ph + max(1, int(h * 0.05)), int(w * 0.12), int(w * 0.88)
    else:
        # Photo on the left, text lines to its right.
        pw, ph = int(w * 0.28), int(h * 0.55)
        px, py = max(1, int(w * 0.06)), sh + max(1, int(h * 0.08))
        text_top, text_left, text_right = py, px + pw + max(1, int(w * 0.06)), int(w * 0.92)
    if style.photo and pw >= 2 and ph >= 2:
        tone = tuple(int(c) for c in rng.integers((120, 140, 170), (200, 205, 235)))
        card[py:py + ph, px:px + pw] = (200, 200, 205) if rng.random() < 0.3 else tone
        head_r = max(1, pw // 4)
        cv2.circle(card, (px + pw // 2, py + ph // 2 - head_r // 2), head_r, (50, 50, 60), -1)
    line_h = max(1, int(h * 0.035))
    gap = max(2, int(h * 0.09))
    for i in range(style.text_lines):
        y = text_top + i * gap
        if y + line_h >= h - 1:
            break
        right = int(text_left + (text_right - text_left) * rng.uniform(0.5, 1.0))
        card[y:y + line_h, text_left:max(text_left + 1, right)] = ink
    if style.holder:
        cv2.rectangle(card, (0, 0), (w - 1, h - 1), (170, 170, 170), max(1, long_side // 30))
    alpha = np.full((h, w, 1), 255, np.uint8)
    return np.concatenate([card, alpha], axis=2)


def rotate_patch(patch: np.ndarray, angle: float) -> np.ndarray:
    """Rotate a BGRA patch about its centre onto a canvas that holds all of it."""
    if abs(angle) < 1e-3:
        return patch
    h, w = patch.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(np.ceil(h * sin + w * cos)), int(np.ceil(h * cos + w * sin))
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(patch, m, (nw, nh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=(0, 0, 0, 0))


def paste_patch(image: np.ndarray, patch: np.ndarray, centre: tuple[float, float]) -> np.ndarray:
    """Alpha-blend a BGRA patch into `image` in place, centred at `centre`; returns the
    visible mask (image-sized bool) of pixels the patch covers at alpha ≥ 50 %."""
    H, W = image.shape[:2]
    h, w = patch.shape[:2]
    x0, y0 = int(round(centre[0] - w / 2)), int(round(centre[1] - h / 2))
    ix0, iy0, ix1, iy1 = max(0, x0), max(0, y0), min(W, x0 + w), min(H, y0 + h)
    mask = np.zeros((H, W), bool)
    if ix1 <= ix0 or iy1 <= iy0:
        return mask
    sub = patch[iy0 - y0:iy1 - y0, ix0 - x0:ix1 - x0]
    a = sub[:, :, 3:4].astype(np.float32) / 255.0
    roi = image[iy0:iy1, ix0:ix1].astype(np.float32)
    image[iy0:iy1, ix0:ix1] = np.round(roi * (1 - a) + sub[:, :, :3].astype(np.float32) * a).astype(np.uint8)
    mask[iy0:iy1, ix0:ix1] = sub[:, :, 3] >= 128
    return mask


def mask_box(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    """(x1, y1, x2, y2) with exclusive ends around the True pixels, or None."""
    ys, xs = np.nonzero(mask)
    if xs.size == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


@dataclass(frozen=True)
class PastedCard:
    box: tuple[int, int, int, int]  # visible card pixels, x1 y1 x2 y2 (ends exclusive)
    style: CardStyle
    mask: np.ndarray = field(repr=False)  # image-sized, True on visible card pixels


def paste_card(
    image: np.ndarray,
    style: CardStyle,
    centre: tuple[float, float],
    rng: np.random.Generator,
    neck: tuple[float, float] | None = None,
    cover_colour: tuple[int, int, int] | None = None,
) -> PastedCard | None:
    """Draw the card (and its lanyard up to `neck`) into `image` in place.

    Returns the box of the visible card, or None when too little of it is visible
    (then nothing that could be called a badge was left in the picture).
    """
    patch = rotate_patch(render_card(style, rng), style.angle)
    ph, pw = patch.shape[:2]
    if style.lanyard is not None and neck is not None:
        top = (centre[0], centre[1] - ph / 2 + 1)
        spread = max(2.0, pw * 0.35)
        for side in (-1, 1):
            end = (int(round(neck[0] + side * spread)), int(round(neck[1])))
            start = (int(round(top[0] + side * pw * 0.15)), int(round(top[1])))
            cv2.line(image, start, end, style.lanyard, style.lanyard_px, cv2.LINE_AA)
    visible = paste_patch(image, patch, centre)
    total = int(visible.sum())
    if style.cover_frac > 0 and total:
        box = mask_box(visible)
        assert box is not None
        x1, y1, x2, y2 = box
        colour = cover_colour or (60, 60, 60)
        # An occluder enters from one side (arm, jacket flap, folder held in front).
        side = int(rng.integers(4))
        if side == 0:
            cut = (x1, y1, x1 + int((x2 - x1) * style.cover_frac), y2)
        elif side == 1:
            cut = (x2 - int((x2 - x1) * style.cover_frac), y1, x2, y2)
        elif side == 2:
            cut = (x1, y2 - int((y2 - y1) * style.cover_frac), x2, y2)
        else:
            cut = (x1, y1, x2, y1 + int((y2 - y1) * style.cover_frac))
        # The occluder reaches past the card so it reads as an object, not a card edge.
        pad = max(2, (x2 - x1) // 3)
        cx1, cy1, cx2, cy2 = cut
        ex1 = cx1 - pad if cx1 == x1 else cx1
        ex2 = cx2 + pad if cx2 == x2 else cx2
        ey1 = cy1 - pad if cy1 == y1 else cy1
        ey2 = cy2 + pad if cy2 == y2 else cy2
        H, W = image.shape[:2]
        ex1, ey1, ex2, ey2 = max(0, ex1), max(0, ey1), min(W, ex2), min(H, ey2)
        image[ey1:ey2, ex1:ex2] = colour
        visible[ey1:ey2, ex1:ex2] = False
    if visible.sum() < max(12, 0.5 * total):
        return None
    box = mask_box(visible)
    return PastedCard(box, style, visible) if box else None
