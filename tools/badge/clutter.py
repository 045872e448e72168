"""Hard negatives and clothing variety for the synthetic badge data.

The first model (4 training people) fired on whatever sat on a held-out person's
chest: Grace Hopper's medal ribbons, Zidane's tie and collar, shirt pockets. So the
generator now also draws things that are worn on the chest but are *not* a card —
ties, ribbon bars, pens in a pocket, pocket outlines, buttons, small embroidered
logos — on negatives (often) and positives (sometimes, away from the card), and
re-dresses the torso (dark suit, white shirt, other colours, stripes) so the few
source people wear many different clothes. None of these is ever labelled.
"""
from __future__ import annotations

import cv2
import numpy as np

_TIE_COLOURS = ((40, 30, 120), (120, 50, 20), (30, 30, 30), (60, 60, 160), (90, 90, 90), (20, 80, 150))
_RIBBON_COLOURS = ((40, 40, 200), (200, 80, 30), (40, 160, 230), (30, 150, 40), (240, 240, 240), (20, 20, 20),
                   (30, 200, 240))

Rect = tuple[float, float, float, float]


def redress_torso(crop: np.ndarray, face: Rect, rng: np.random.Generator) -> None:
    """Change the clothes below the face in place: a dark suit, a light shirt, another
    colour, or stripes. Only pixels that are not skin-toned change, so hands and neck stay."""
    h, w = crop.shape[:2]
    fx1, fy1, fx2, fy2 = face
    fw, fh = fx2 - fx1, fy2 - fy1
    top = int(min(h - 1, max(0, fy2 + 0.25 * fh)))
    x1 = int(max(0, (fx1 + fx2) / 2 - 2.2 * fw))
    x2 = int(min(w, (fx1 + fx2) / 2 + 2.2 * fw))
    if x2 - x1 < 4 or h - top < 4:
        return
    region = crop[top:, x1:x2]
    hsv = cv2.cvtColor(region, cv2.COLOR_BGR2HSV)
    ycrcb = cv2.cvtColor(region, cv2.COLOR_BGR2YCrCb)
    skin = (ycrcb[:, :, 1] > 135) & (ycrcb[:, :, 1] < 175) & (ycrcb[:, :, 2] > 80) & (ycrcb[:, :, 2] < 130)
    cloth = ~skin
    kind = int(rng.integers(4))
    v = hsv[:, :, 2].astype(np.float32)
    if kind == 0:  # dark suit or jacket
        v = v * rng.uniform(0.2, 0.5)
    elif kind == 1:  # light shirt
        v = 255 - (255 - v) * rng.uniform(0.15, 0.4)
        hsv[:, :, 1] = (hsv[:, :, 1] * rng.uniform(0.0, 0.4)).astype(np.uint8)
    else:  # another colour, maybe striped
        hsv[:, :, 0] = np.uint8(rng.integers(0, 180))
        hsv[:, :, 1] = np.uint8(rng.integers(40, 200))
        v = np.clip(v * rng.uniform(0.6, 1.3), 0, 255)
        if kind == 3:
            period = int(rng.integers(4, 12))
            axis = np.arange(region.shape[1] if rng.random() < 0.6 else region.shape[0])
            stripe = (axis // max(1, period // 2)) % 2 == 0
            if stripe.shape[0] == region.shape[1]:
                v[:, stripe] *= 0.7
            else:
                v[stripe, :] *= 0.7
    hsv[:, :, 2] = np.clip(v, 0, 255).astype(np.uint8)
    dressed = cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR).astype(np.float32)
    # Soft edges (a ramp below the chin, a fall-off to the sides): no seam for the model to learn.
    rh, rw = region.shape[:2]
    ramp = np.clip(np.arange(rh, dtype=np.float32) / max(1.0, 0.5 * fh), 0, 1)[:, None]
    xs = np.arange(x1, x2, dtype=np.float32) - (fx1 + fx2) / 2
    fall = np.exp(-((xs / (1.6 * fw)) ** 4))[None, :]
    alpha = (ramp * fall * cloth)[:, :, None]
    region[:] = np.round(region * (1 - alpha) + dressed * alpha).astype(np.uint8)


def chest_clutter(crop: np.ndarray, face: Rect, rng: np.random.Generator, avoid: Rect | None = None) -> int:
    """Draw 1–3 chest items that are not a card, in place; returns how many were drawn.
    `avoid`: a card's box they must keep off (positives keep their label exact)."""
    h, w = crop.shape[:2]
    fx1, fy1, fx2, fy2 = face
    fw, fh = max(4.0, fx2 - fx1), max(4.0, fy2 - fy1)
    cx = (fx1 + fx2) / 2
    drawn = 0
    for _ in range(int(rng.integers(1, 4))):
        kind = int(rng.integers(6))
        # Where on the chest: centre line for ties and buttons, left/right chest otherwise.
        side = rng.choice([-1, 1])
        px = cx + side * rng.uniform(0.3, 0.9) * fw
        py = fy2 + rng.uniform(0.5, 1.6) * fh
        if kind == 0:
            box = _tie(crop, cx, fy2 + 0.2 * fh, fw, fh, rng)
        elif kind == 1:
            box = _ribbons(crop, px, py, fw, rng)
        elif kind == 2:
            box = _pens(crop, px, py, fw, fh, rng)
        elif kind == 3:
            box = _pocket(crop, px, py, fw, fh, rng)
        elif kind == 4:
            box = _buttons(crop, cx, fy2 + 0.4 * fh, fh, rng)
        else:
            box = _logo(crop, px, py, fw, rng)
        if box is not None and avoid is not None and _overlap(box, avoid):
            continue  # drawn over the card: keep counting only what leaves the label true
        drawn += box is not None
    return drawn


def _overlap(a: Rect, b: Rect) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _tie(img, cx, top, fw, fh, rng) -> Rect:
    colour = _TIE_COLOURS[rng.integers(len(_TIE_COLOURS))]
    half = fw * rng.uniform(0.1, 0.18)
    length = fh * rng.uniform(1.8, 3.2)
    pts = np.array([[cx - half * 0.7, top], [cx + half * 0.7, top], [cx + half * 1.3, top + length * 0.9],
                    [cx, top + length], [cx - half * 1.3, top + length * 0.9]], np.int32)
    cv2.fillPoly(img, [pts], colour, cv2.LINE_AA)
    if rng.random() < 0.5:  # a diagonal stripe pattern
        for k in range(1, 6):
            y = int(top + k * length / 6)
            cv2.line(img, (int(cx - half * 1.2), y), (int(cx + half * 1.2), y - int(half)), (200, 200, 200), 1)
    return (cx - half * 1.3, top, cx + half * 1.3, top + length)


def _ribbons(img, px, py, fw, rng) -> Rect:
    """Medal ribbon bars: rows of short multi-coloured strips."""
    bw = max(3.0, fw * rng.uniform(0.18, 0.3))
    bh = max(2.0, bw * rng.uniform(0.25, 0.4))
    cols, rows = int(rng.integers(2, 4)), int(rng.integers(1, 4))
    x0, y0 = px - cols * bw / 2, py - rows * bh / 2
    for r in range(rows):
        for c in range(cols):
            a = (int(x0 + c * bw), int(y0 + r * bh))
            b = (int(x0 + (c + 1) * bw) - 1, int(y0 + (r + 1) * bh) - 1)
            cv2.rectangle(img, a, b, _RIBBON_COLOURS[rng.integers(len(_RIBBON_COLOURS))], -1)
            if rng.random() < 0.5:  # a centre stripe of another colour
                mx = (a[0] + b[0]) // 2
                cv2.line(img, (mx, a[1]), (mx, b[1]), _RIBBON_COLOURS[rng.integers(len(_RIBBON_COLOURS))], 1)
    return (x0, y0, x0 + cols * bw, y0 + rows * bh)


def _pens(img, px, py, fw, fh, rng) -> Rect:
    n = int(rng.integers(1, 4))
    length = fh * rng.uniform(0.4, 0.8)
    gap = max(2.0, fw * 0.07)
    for k in range(n):
        x = int(px + (k - n / 2) * gap)
        colour = ((20, 20, 20), (150, 40, 20), (30, 30, 180), (200, 200, 200))[rng.integers(4)]
        cv2.line(img, (x, int(py - length / 2)), (x, int(py + length / 2)), colour, max(1, int(fw * 0.04)))
    return (px - n * gap, py - length / 2, px + n * gap, py + length / 2)


def _pocket(img, px, py, fw, fh, rng) -> Rect:
    """A shirt pocket: an outline a little darker than the shirt, maybe with a flap."""
    pw, ph = fw * rng.uniform(0.5, 0.8), fh * rng.uniform(0.5, 0.8)
    x1, y1, x2, y2 = int(px - pw / 2), int(py - ph / 2), int(px + pw / 2), int(py + ph / 2)
    H, W = img.shape[:2]
    sx, sy = min(W - 1, max(0, int(px))), min(H - 1, max(0, int(py)))
    base = img[sy, sx].astype(int)
    edge = tuple(int(c) for c in np.clip(base * 0.6, 0, 255))
    cv2.rectangle(img, (x1, y1), (x2, y2), edge, 1)
    if rng.random() < 0.5:
        cv2.line(img, (x1, y1 + int(ph * 0.25)), (x2, y1 + int(ph * 0.25)), edge, 1)
    return (x1, y1, x2, y2)


def _buttons(img, cx, top, fh, rng) -> Rect:
    n = int(rng.integers(2, 5))
    gap = fh * rng.uniform(0.35, 0.6)
    r = max(1, int(fh * 0.04))
    colour = ((240, 240, 240), (30, 30, 30), (40, 170, 200))[rng.integers(3)]
    for k in range(n):
        cv2.circle(img, (int(cx), int(top + k * gap)), r, colour, -1, cv2.LINE_AA)
    return (cx - r, top - r, cx + r, top + n * gap)


def _logo(img, px, py, fw, rng) -> Rect:
    """A small embroidered emblem: a filled circle or shield with a contrasting mark."""
    r = max(2, int(fw * rng.uniform(0.1, 0.2)))
    colour = _RIBBON_COLOURS[rng.integers(len(_RIBBON_COLOURS))]
    if rng.random() < 0.5:
        cv2.circle(img, (int(px), int(py)), r, colour, -1, cv2.LINE_AA)
    else:
        pts = np.array([[px - r, py - r], [px + r, py - r], [px + r, py + r * 0.3], [px, py + r * 1.2],
                        [px - r, py + r * 0.3]], np.int32)
        cv2.fillPoly(img, [pts], colour, cv2.LINE_AA)
    mark = _RIBBON_COLOURS[rng.integers(len(_RIBBON_COLOURS))]
    cv2.circle(img, (int(px), int(py)), max(1, r // 3), mark, -1)
    return (px - r, py - r, px + r, py + r * 1.2)
