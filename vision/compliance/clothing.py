"""Which pixels of a chest band are clothing: skin, hair and dark background set aside.

The uniform rule and its calibration judge the clothing only. Inside the chest band
(vision.compliance.rules.chest_band) a seated person still shows some neck, chin,
hands, strands of hair and, beside a narrow person, the dark chair. Those are set
aside by colour, on the grey-world normalised pixels:

* **skin**: the standard YCrCb skin range (Chai & Ngan 1999: 133 ≤ Cr ≤ 173,
  77 ≤ Cb ≤ 127);
* **hair / dark background**: dark and nearly grey, L* < 35 and chroma < 14
  (black and dark-brown hair, a dark chair, shadows). Navy (chroma ≈ 30) is not.

Colour alone cannot tell a brown jacket from skin, nor a black suit from hair. So
the masks only remove a *minority*: when what is left is less than
``min_clothing_frac`` of the band, the garment itself has those colours, and

* the hair-like pixels are clothing (hair does not cover a chest: a black suit);
* skin-like pixels are clothing when they differ from the person's own face
  (a tan or brown jacket), skin otherwise (a bare neck filling the band);
* if still too little is left, there is no clothing to judge: UNKNOWN.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

SKIN_CR = (133, 173)
SKIN_CB = (77, 127)
HAIR_MAX_L = 35.0
HAIR_MAX_CHROMA = 14.0
FACE_TOL = 14.0  # Lab distance within which a band pixel is the person's own skin
MIN_CLOTHING_FRAC = 0.3


@dataclass(frozen=True)
class Clothing:
    """The clothing pixels of a band (N×3 Lab), and their share of the band."""

    lab: np.ndarray
    share: float
    masked: str  # what was set aside: "skin+hair" | "skin" | "none" (the garment has those colours)


def skin_mask(bgr: np.ndarray) -> np.ndarray:
    """True where a BGR pixel (any shape …×3) lies in the standard YCrCb skin range."""
    ycc = cv2.cvtColor(bgr.reshape(-1, 1, 3).astype(np.uint8), cv2.COLOR_BGR2YCrCb).reshape(-1, 3)
    cr, cb = ycc[:, 1], ycc[:, 2]
    return (cr >= SKIN_CR[0]) & (cr <= SKIN_CR[1]) & (cb >= SKIN_CB[0]) & (cb <= SKIN_CB[1])


def hair_mask(lab: np.ndarray) -> np.ndarray:
    """True where a Lab pixel (N×3, L 0..100) is very dark and nearly grey: hair, a dark chair, shadow."""
    return (lab[:, 0] < HAIR_MAX_L) & (np.hypot(lab[:, 1], lab[:, 2]) < HAIR_MAX_CHROMA)


def face_colour(head_bgr: np.ndarray, to_lab: Callable[[np.ndarray], np.ndarray]) -> np.ndarray | None:
    """The median Lab of the skin pixels of a head region (normalised BGR), or None when too few.
    ``to_lab``: the rule's own conversion (vision.compliance.uniform.to_lab), so both agree."""
    if head_bgr.size == 0:
        return None
    px = head_bgr.reshape(-1, 3)
    skin = skin_mask(px)
    if skin.sum() < max(10, 0.1 * len(px)):
        return None
    return np.median(to_lab(px[skin]), axis=0)


def clothing_pixels(band_bgr: np.ndarray, band_lab: np.ndarray, face_lab: np.ndarray | None,
                    min_clothing_frac: float = MIN_CLOTHING_FRAC) -> Clothing | None:
    """The clothing of a band (normalised BGR and its Lab, same pixels), or None when too little shows."""
    n = len(band_lab)
    if n == 0:
        return None
    skin = skin_mask(band_bgr)
    hair = hair_mask(band_lab) & ~skin
    keep = ~(skin | hair)
    if keep.mean() >= min_clothing_frac:
        return Clothing(band_lab[keep], float(keep.mean()), "skin+hair")
    # Too little left: the garment is dark (a black suit) or skin-coloured (a brown jacket).
    own_skin = skin
    if face_lab is not None:
        own_skin = skin & (np.linalg.norm(band_lab - face_lab, axis=1) <= FACE_TOL)
    keep = ~own_skin
    if keep.mean() >= min_clothing_frac:
        return Clothing(band_lab[keep], float(keep.mean()), "skin" if own_skin.any() else "none")
    return None
