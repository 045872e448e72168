"""Cards of the real Vietnamese civil-servant kind (thẻ công chức) and where they are worn.

A thẻ công chức is a portrait card about 54 × 86 mm: a red or blue header band holding
the national emblem and the "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" lines, a photo, the
name, the title and the agency, usually in a clear or hard plastic holder. It is worn on
a lanyard (hanging mid-chest) or clipped to the breast pocket (higher, to one side, often
over the pocket's edge, sometimes tilted) — the hidden check of composed desk scenes found
the first model missed every pocket-clipped card.

Cards come in named *styles* (header colour, layout, holder) so whole styles can be
held out: the evaluation set wears styles training never saw. A card is drawn at four
times its size and shrunk with area averaging, as a camera's sensor sees it.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import cv2
import numpy as np

CARD_W_MM, CARD_H_MM = 54.0, 86.0
CARD_ASPECT = CARD_H_MM / CARD_W_MM  # portrait: height / width
FACE_W_MM = 150.0  # an adult face's width: the physical ruler a crop gives us
# Desk-camera sizes (720p frame): the card's short side, in pixels.
MIN_SHORT_PX, MAX_SHORT_PX = 14, 40

BGR = tuple[int, int, int]
RED_HEADERS: tuple[BGR, ...] = ((35, 35, 200), (30, 25, 170), (45, 40, 215))
BLUE_HEADERS: tuple[BGR, ...] = ((160, 80, 20), (130, 60, 10), (190, 110, 30))


class Holder(str, Enum):
    NONE = "none"
    CLEAR = "clear"  # a soft clear sleeve: a pale rim and a glare
    HARD = "hard"  # a hard frame of coloured plastic


class Layout(str, Enum):
    CENTRE = "centre"  # photo centred under the header, text below
    LEFT = "left"  # photo at the left, name and title beside it, agency below
    BAND = "band"  # centred photo and a coloured footer band with the agency


@dataclass(frozen=True)
class CivilCardStyle:
    """One named kind of card; everything random about a single card is drawn at render time."""

    name: str
    headers: tuple[BGR, ...]  # header colours this style prints in
    body: BGR
    layout: Layout
    holder: Holder
    holder_colour: BGR = (200, 200, 200)
    header_frac: float = 0.24  # header height / card height


CIVIL_STYLES: tuple[CivilCardStyle, ...] = (
    CivilCardStyle("red_centre_clear", RED_HEADERS, (250, 250, 250), Layout.CENTRE, Holder.CLEAR),
    CivilCardStyle("blue_centre_clear", BLUE_HEADERS, (248, 248, 245), Layout.CENTRE, Holder.CLEAR),
    CivilCardStyle("red_left_hard", RED_HEADERS, (220, 245, 250), Layout.LEFT, Holder.HARD, (40, 40, 40), 0.2),
    CivilCardStyle("blue_left_none", BLUE_HEADERS, (245, 240, 235), Layout.LEFT, Holder.NONE, header_frac=0.2),
    CivilCardStyle("red_band_none", RED_HEADERS, (225, 240, 250), Layout.BAND, Holder.NONE, header_frac=0.22),
    CivilCardStyle("blue_band_hard", BLUE_HEADERS, (250, 250, 250), Layout.BAND, Holder.HARD, (170, 110, 50), 0.22),
    CivilCardStyle("red_left_clear", RED_HEADERS, (250, 250, 250), Layout.LEFT, Holder.CLEAR, header_frac=0.26),
    CivilCardStyle("blue_centre_hard", BLUE_HEADERS, (235, 245, 245), Layout.CENTRE, Holder.HARD, (230, 230, 230),
                   0.28),
)
# One red and one blue style, with layouts and holders training also sees in other colours.
HELDOUT_STYLES: tuple[str, ...] = ("blue_left_none", "red_band_none")
TRAIN_STYLES: tuple[str, ...] = tuple(s.name for s in CIVIL_STYLES if s.name not in HELDOUT_STYLES)


def style_named(name: str) -> CivilCardStyle:
    for s in CIVIL_STYLES:
        if s.name == name:
            return s
    raise KeyError(f"kiểu thẻ không rõ (unknown card style): {name}")


def card_size(short_px: float) -> tuple[int, int]:
    """(width, height) in pixels of a portrait card whose short side is `short_px`."""
    w = max(5, int(round(short_px)))
    return w, max(7, int(round(w * CARD_ASPECT)))


def short_side_for_face(face_w_px: float, rng: np.random.Generator) -> float:
    """The card's short side for a face this wide (same distance from the camera)."""
    return face_w_px * CARD_W_MM / FACE_W_MM * float(rng.uniform(0.88, 1.12))


def _emblem(img: np.ndarray, cx: int, cy: int, r: int) -> None:
    """The national emblem, simplified: a gold ring of rice ears, a red disc, a gold star, a cog."""
    if r < 2:
        return
    cv2.circle(img, (cx, cy), r, (40, 190, 235), -1, cv2.LINE_AA)
    cv2.circle(img, (cx, cy), int(r * 0.72), (30, 30, 210), -1, cv2.LINE_AA)
    pts = []
    for k in range(10):  # a five-pointed star
        rad = r * (0.55 if k % 2 == 0 else 0.22)
        a = -np.pi / 2 + k * np.pi / 5
        pts.append((cx + rad * np.cos(a), cy - r * 0.08 + rad * np.sin(a)))
    cv2.fillPoly(img, [np.array(pts, np.int32)], (40, 210, 250), cv2.LINE_AA)
    cv2.ellipse(img, (cx, cy + int(r * 0.7)), (int(r * 0.45), int(r * 0.2)), 0, 0, 360, (30, 150, 200), -1)


def _lines(img: np.ndarray, x1: int, x2: int, y: int, n: int, gap: int, thick: int, ink: BGR,
           rng: np.random.Generator, centred: bool = False) -> int:
    for _ in range(n):
        if y + thick >= img.shape[0]:
            break
        length = int((x2 - x1) * rng.uniform(0.55, 1.0))
        a = x1 + ((x2 - x1 - length) // 2 if centred else 0)
        cv2.rectangle(img, (a, y), (a + length, y + thick), ink, -1)
        y += gap
    return y


def render_civil_card(style: CivilCardStyle, short_px: float, rng: np.random.Generator) -> np.ndarray:
    """The card (holder included) as a BGRA patch with the short side `short_px` wide."""
    w, h = card_size(short_px)
    W, H = 4 * w, 4 * h  # drawn large, shrunk like a sensor sees it
    card = np.empty((H, W, 3), np.uint8)
    card[:] = style.body
    header = style.headers[int(rng.integers(len(style.headers)))]
    hh = int(H * style.header_frac * rng.uniform(0.9, 1.1))
    card[:hh] = header
    er = int(hh * 0.36)
    if style.layout is Layout.LEFT:  # emblem at the left of the header, text lines beside it
        _emblem(card, int(W * 0.18), hh // 2, er)
        _lines(card, int(W * 0.34), int(W * 0.94), int(hh * 0.3), 2, max(3, hh // 4), max(1, H // 90),
               (245, 245, 245), rng)
    else:  # emblem centred at the top, two white lines under it
        _emblem(card, W // 2, int(hh * 0.38), er)
        _lines(card, int(W * 0.12), int(W * 0.88), int(hh * 0.78), 2, max(3, hh // 8), max(1, H // 110),
               (245, 245, 245), rng, centred=True)
    ink = (30, 30, 30)
    thick = max(2, H // 60)
    if style.layout is Layout.LEFT:
        pw, ph = int(W * 0.34), int(H * 0.3)
        px, py = int(W * 0.07), hh + int(H * 0.05)
        y = _lines(card, px + pw + int(W * 0.06), int(W * 0.93), py + int(ph * 0.1), 3, int(ph * 0.28), thick,
                   ink, rng)
        _lines(card, int(W * 0.07), int(W * 0.93), max(y, py + ph) + int(H * 0.06), 3, int(H * 0.08), thick,
               ink, rng)
    else:
        pw, ph = int(W * 0.42), int(H * 0.3)
        px, py = (W - pw) // 2, hh + int(H * 0.04)
        foot = int(H * 0.14) if style.layout is Layout.BAND else 0
        y = _lines(card, int(W * 0.12), int(W * 0.88), py + ph + int(H * 0.05), 2, int(H * 0.07),
                   int(thick * 1.5), (40, 40, 170) if rng.random() < 0.5 else ink, rng, centred=True)
        _lines(card, int(W * 0.15), int(W * 0.85), y + int(H * 0.01), 2, int(H * 0.06), thick, ink, rng, centred=True)
        if foot:
            card[H - foot:] = header
            _lines(card, int(W * 0.15), int(W * 0.85), H - foot + foot // 3, 1, foot, max(1, H // 90),
                   (245, 245, 245), rng, centred=True)
    # The photo: a pale blue or white backdrop, a head and shoulders.
    card[py:py + ph, px:px + pw] = (235, 200, 150) if rng.random() < 0.6 else (245, 245, 245)
    skin = tuple(int(c) for c in rng.integers((110, 140, 180), (160, 185, 225)))
    cv2.ellipse(card, (px + pw // 2, py + ph + ph // 6), (int(pw * 0.45), int(ph * 0.35)), 0, 180, 360,
                (50, 40, 40) if rng.random() < 0.6 else (240, 240, 240), -1)
    cv2.ellipse(card, (px + pw // 2, py + int(ph * 0.45)), (int(pw * 0.22), int(ph * 0.28)), 0, 0, 360, skin, -1)
    cv2.ellipse(card, (px + pw // 2, py + int(ph * 0.3)), (int(pw * 0.24), int(ph * 0.16)), 0, 180, 360,
                (25, 25, 30), -1)
    if style.holder is Holder.HARD:
        rim = max(4, W // 12)
        card = cv2.copyMakeBorder(card, rim * 2, rim, rim, rim, cv2.BORDER_CONSTANT, value=style.holder_colour)
        cv2.rectangle(card, (card.shape[1] // 2 - rim * 2, rim // 2), (card.shape[1] // 2 + rim * 2, rim + rim // 2),
                      (90, 90, 90), -1)  # the slot for the clip or the lanyard hook
    elif style.holder is Holder.CLEAR:
        rim = max(3, W // 20)
        card = cv2.copyMakeBorder(card, rim * 2, rim, rim, rim, cv2.BORDER_CONSTANT, value=(215, 220, 220))
        glare = np.zeros(card.shape[:2], np.float32)
        x0 = int(card.shape[1] * rng.uniform(-0.3, 0.6))
        pts = np.array([[x0, 0], [x0 + card.shape[1] // 4, 0], [x0 - card.shape[1] // 4, card.shape[0]],
                        [x0 - card.shape[1] // 2, card.shape[0]]], np.int32)
        cv2.fillPoly(glare, [pts], float(rng.uniform(0.1, 0.35)))
        card = (card * (1 - glare[..., None]) + 255 * glare[..., None]).astype(np.uint8)
    out_w = max(5, int(round(card.shape[1] / 4)))
    out_h = max(7, int(round(card.shape[0] / 4)))
    small = cv2.resize(card, (out_w, out_h), interpolation=cv2.INTER_AREA)
    alpha = np.full((out_h, out_w, 1), 255, np.uint8)
    return np.concatenate([small, alpha], axis=2)


class Wear(str, Enum):
    LANYARD = "lanyard"
    POCKET = "pocket"


Rect = tuple[float, float, float, float]


def torso_of(face: Rect, waist_y: float) -> Rect:
    """The torso box a face implies: shoulder to shoulder, chin to the waist."""
    fx1, fy1, fx2, fy2 = face
    fw = fx2 - fx1
    cx = (fx1 + fx2) / 2
    return (cx - 1.7 * fw, fy2, cx + 1.7 * fw, max(fy2 + 1.0, waist_y))


@dataclass(frozen=True)
class Placement:
    wear: Wear
    centre: tuple[float, float]  # the card's centre before rotation
    angle: float  # degrees, anticlockwise
    side: int  # -1: image left of the face centre, +1: right (pocket side; 0 for a lanyard)
    pocket: Rect | None  # the breast pocket's outline under a clipped card


def place_card(wear: Wear, face: Rect, card_h: float, waist_y: float, rng: np.random.Generator) -> Placement:
    """Where a card of height `card_h` sits on a person with this face, cut at `waist_y`."""
    fx1, fy1, fx2, fy2 = face
    fw, fh = fx2 - fx1, fy2 - fy1
    cx = (fx1 + fx2) / 2
    chest = max(fh, waist_y - fy2)  # chin to the waist
    if wear is Wear.POCKET:
        side = -1 if rng.random() < 0.5 else 1
        px = cx + side * fw * rng.uniform(0.55, 0.95)
        pocket_top = fy2 + chest * rng.uniform(0.2, 0.32)
        pw, ph = fw * rng.uniform(0.6, 0.8), fh * rng.uniform(0.55, 0.75)
        pocket = (px - pw / 2, pocket_top, px + pw / 2, pocket_top + ph)
        # Clipped at the pocket's edge: the card's top sits a little above it, the card over it.
        top = pocket_top - card_h * rng.uniform(0.05, 0.3)
        angle = float(rng.normal(0, 9)) if rng.random() < 0.6 else 0.0
        return Placement(wear, (px + fw * rng.uniform(-0.1, 0.1), top + card_h / 2), angle, side, pocket)
    centre_y = fy2 + chest * rng.uniform(0.3, 0.5) + card_h / 2
    centre_y = min(centre_y, waist_y - card_h * 0.55)
    angle = float(rng.normal(0, 5)) if rng.random() < 0.4 else 0.0
    return Placement(wear, (cx + fw * rng.uniform(-0.25, 0.25), centre_y), angle, 0, None)


def draw_pocket(img: np.ndarray, pocket: Rect, rng: np.random.Generator) -> None:
    """A breast pocket's seams: a little darker than the shirt under them, maybe a flap."""
    x1, y1, x2, y2 = (int(round(v)) for v in pocket)
    H, W = img.shape[:2]
    sx, sy = min(W - 1, max(0, (x1 + x2) // 2)), min(H - 1, max(0, (y1 + y2) // 2))
    edge = tuple(int(c) for c in np.clip(img[sy, sx].astype(int) * rng.uniform(0.55, 0.8), 0, 255))
    cv2.rectangle(img, (x1, y1), (x2, y2), edge, 1)
    if rng.random() < 0.5:
        cv2.line(img, (x1, y1 + max(2, (y2 - y1) // 4)), (x2, y1 + max(2, (y2 - y1) // 4)), edge, 1)


def draw_strap(img: np.ndarray, neck: tuple[float, float], card_top: tuple[float, float], spread: float,
               colour: BGR, px: int) -> None:
    """The lanyard: two straps from the sides of the neck down to the card's hook."""
    for s in (-1, 1):
        a = (int(round(neck[0] + s * spread)), int(round(neck[1])))
        b = (int(round(card_top[0] + s * max(1.0, spread * 0.15))), int(round(card_top[1])))
        cv2.line(img, a, b, colour, px, cv2.LINE_AA)


def draw_clip(img: np.ndarray, card_top: tuple[float, float], width: float) -> None:
    """The metal clip that holds a card on the pocket's edge (above the card: not labelled)."""
    x, y = card_top
    w = max(1.0, width * 0.3)
    h = max(2.0, width * 0.35)
    cv2.rectangle(img, (int(x - w / 2), int(y - h)), (int(x + w / 2), int(y)), (175, 180, 185), -1)
