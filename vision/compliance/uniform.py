"""The uniform rule: is the clothing on the chest of the seated person the regulation colour?

1. **Lighting.** Office light changes colour and strength over the day (daylight,
   warm tubes, a dim afternoon). The whole frame is grey-world normalised first:
   each channel is scaled so the frame's mean is neutral mid-grey. A colour cast
   or a global dimming then cancels, to first order, for the torso too.
2. **Chest.** The band of the person box given by
   :func:`vision.compliance.rules.chest_band`: on the chest of a seated person whose
   box the counter cuts at the waist (45–85 % of the box), the configured torso band
   for a whole person.
3. **Clothing.** Skin, hair and dark background in the band are set aside
   (:mod:`vision.compliance.clothing`); too little clothing left → UNKNOWN.
4. **Colour.** Each clothing pixel is converted to CIE Lab and matches a reference
   colour when its chroma distance ``√(Δa² + Δb²)`` ≤ ``chroma_tol`` and its
   lightness difference ``|ΔL|`` ≤ ``lightness_tol`` (lightness varies more with
   shading and folds than chroma does).
5. **Score** = the share of clothing pixels matching any reference colour: PASS
   when the regulation colour dominates the clothing (≥ ``min_match_frac``), else
   FAIL. UNKNOWN when the person cannot be judged (see
   vision.compliance.rules.torso_region) or shows too little clothing.

The reference colours are learnt from compliant snapshots or person crops
(vision.compliance.calibrate: k-means in Lab over the same clothing pixels, with
skin-, hair- and background-like colours refused, see :func:`learn_reference`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from vision.compliance.clothing import Clothing, clothing_pixels, face_colour
from vision.compliance.rules import Box, JudgeContext, RuleResult, Verdict, head_region, torso_region

RULE = "uniform"
_GREY = 128.0


@dataclass(frozen=True)
class LabColour:
    L: float  # 0..100
    a: float  # about -128..127
    b: float


@dataclass(frozen=True)
class UniformReference:
    colours: tuple[LabColour, ...]
    chroma_tol: float = 12.0
    lightness_tol: float = 35.0
    min_match_frac: float = 0.5


def grey_gains(image: np.ndarray) -> np.ndarray:
    """Per-channel gains (B, G, R) that make the frame's mean neutral mid-grey (from every 4th pixel)."""
    small = image[::4, ::4].reshape(-1, 3).astype(np.float32)
    means = np.maximum(small.mean(axis=0), 1.0)
    return (_GREY / means).astype(np.float32)


def apply_gains(pixels: np.ndarray, gains: np.ndarray) -> np.ndarray:
    return np.clip(pixels.astype(np.float32) * gains, 0, 255).astype(np.uint8)


def grey_world(image: np.ndarray) -> np.ndarray:
    """The BGR image with each channel scaled so the frame's mean is neutral mid-grey."""
    return apply_gains(image, grey_gains(image))


def to_lab(bgr: np.ndarray) -> np.ndarray:
    """N×3 float CIE Lab (L 0..100, a/b signed) of a BGR image or pixel array."""
    lab = cv2.cvtColor(bgr.reshape(-1, 1, 3).astype(np.uint8), cv2.COLOR_BGR2Lab).reshape(-1, 3).astype(np.float32)
    lab[:, 0] *= 100.0 / 255.0
    lab[:, 1:] -= 128.0
    return lab


def match_fraction(lab: np.ndarray, ref: UniformReference) -> float:
    if lab.size == 0 or not ref.colours:
        return 0.0
    hit = np.zeros(len(lab), bool)
    for c in ref.colours:
        chroma = np.hypot(lab[:, 1] - c.a, lab[:, 2] - c.b)
        hit |= (chroma <= ref.chroma_tol) & (np.abs(lab[:, 0] - c.L) <= ref.lightness_tol)
    return float(hit.mean())


@dataclass(frozen=True)
class ChestClothing:
    """The clothing on a person's chest (normalised Lab pixels), or why it cannot be judged."""

    clothing: Clothing | None
    problem: str | None  # None = usable


TOO_LITTLE_CLOTHING = "quá ít quần áo trong vùng ngực (too little clothing on the chest to judge)"


def chest_clothing(image: np.ndarray, person_xyxy: Box, context: JudgeContext = JudgeContext(),
                   gains: np.ndarray | None = None) -> ChestClothing:
    """The clothing pixels of one person's chest band, grey-world normalised with the frame's ``gains``."""
    torso = torso_region(image, person_xyxy, context.visibility)
    if torso.problem is not None:
        return ChestClothing(None, torso.problem)
    # Only the band is normalised: the gains come from the whole frame, the pixels from the crop.
    g = gains if gains is not None else grey_gains(image)
    # A light blur first: in dim light the gains multiply sensor noise, and noisy dark cloth scatters
    # in chroma beyond any tolerance; the colour of the cloth is what matters, not its texture.
    band = apply_gains(cv2.GaussianBlur(torso.crop, (5, 5), 0), g).reshape(-1, 3)
    face = face_colour(apply_gains(head_region(image, person_xyxy, context.visibility), g), to_lab)
    clothing = clothing_pixels(band, to_lab(band), face)
    return ChestClothing(clothing, None if clothing is not None else TOO_LITTLE_CLOTHING)


class UniformRule:
    name = RULE

    def __init__(self, reference: UniformReference | None) -> None:
        self.reference = reference

    def judge(self, image: np.ndarray, person_xyxy: Box, context: JudgeContext,
              gains: np.ndarray | None = None) -> RuleResult:
        """``gains``: the frame's :func:`grey_gains`, when the caller already computed them."""
        if self.reference is None or not self.reference.colours:
            return RuleResult(RULE, Verdict.UNKNOWN, None,
                              "chưa hiệu chỉnh màu đồng phục (no uniform colours configured)")
        chest = chest_clothing(image, person_xyxy, context, gains)
        if chest.clothing is None:
            return RuleResult(RULE, Verdict.UNKNOWN, None, chest.problem or TOO_LITTLE_CLOTHING)
        score = match_fraction(chest.clothing.lab, self.reference)
        ok = score >= self.reference.min_match_frac
        return RuleResult(
            RULE, Verdict.PASS if ok else Verdict.FAIL, score,
            f"{score:.0%} áo đúng màu quy định" + (" (uniform colour)" if ok else " (not the uniform colour)"),
        )


def torso_lab(image: np.ndarray, person_xyxy: Box, context: JudgeContext = JudgeContext(),
              gains: np.ndarray | None = None) -> np.ndarray | None:
    """The normalised clothing pixels of one person's chest in Lab (None when it cannot be judged)."""
    chest = chest_clothing(image, person_xyxy, context, gains)
    return chest.clothing.lab if chest.clothing is not None else None


def learn_reference(
    pixels: Sequence[np.ndarray], k: int = 2, min_share: float = 0.2,
    chroma_tol: float = 12.0, lightness_tol: float = 35.0, min_match_frac: float = 0.5,
) -> UniformReference:
    """Candidate reference colours: k-means in Lab over the clothing pixels of compliant snapshots.

    Clusters holding less than ``min_share`` of the pixels (a tie, a badge) are
    dropped. Skin-, hair- and background-like candidates are refused by the caller
    (vision.compliance.calibrate.refuse_colours).
    """
    data = np.concatenate([p for p in pixels if p is not None and len(p)], axis=0) if pixels else np.zeros((0, 3))
    if len(data) < 50:
        raise ValueError("quá ít điểm ảnh thân người để hiệu chỉnh (too few torso pixels to calibrate)")
    rng = np.random.default_rng(0)
    if len(data) > 20000:
        data = data[rng.choice(len(data), 20000, replace=False)]
    k = max(1, min(k, len(data)))
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 50, 0.2)
    cv2.setRNGSeed(0)
    _, labels, centres = cv2.kmeans(data.astype(np.float32), k, None, criteria, 5, cv2.KMEANS_PP_CENTERS)
    shares = np.bincount(labels.ravel(), minlength=k) / len(labels)
    order = np.argsort(-shares)
    # Each cluster's median, not its mean: shadows and seams pull a mean off the cloth's colour.
    medians = [np.median(data[labels.ravel() == i], axis=0) if shares[i] > 0 else centres[i] for i in range(k)]
    colours = tuple(
        LabColour(round(float(medians[i][0]), 1), round(float(medians[i][1]), 1), round(float(medians[i][2]), 1))
        for i in order if shares[i] >= min_share
    )
    return UniformReference(colours, chroma_tol, lightness_tol, min_match_frac)
