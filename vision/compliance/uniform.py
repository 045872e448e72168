"""The uniform rule: does the torso of the seated person show the regulation colour?

1. **Lighting.** Office light changes colour and strength over the day (daylight,
   warm tubes, a dim afternoon). The whole frame is grey-world normalised first:
   each channel is scaled so the frame's mean is neutral mid-grey. A colour cast
   or a global dimming then cancels, to first order, for the torso too.
2. **Torso.** The band of the person box given by ``Visibility`` (staff sit behind
   a counter: the box bottom is hidden, so only the upper part is used).
3. **Colour.** Each torso pixel is converted to CIE Lab and matches a reference
   colour when its chroma distance ``√(Δa² + Δb²)`` ≤ ``chroma_tol`` and its
   lightness difference ``|ΔL|`` ≤ ``lightness_tol`` (lightness varies more with
   shading and folds than chroma does).
4. **Score** = the share of torso pixels matching any reference colour;
   PASS when ≥ ``min_match_frac``, else FAIL. UNKNOWN when the person cannot be
   judged (see vision.compliance.rules.torso_region).

The reference colours are learnt from compliant snapshots by
``python -m vision calibrate-uniform`` (k-means in Lab over the same normalised
torso pixels, see :func:`learn_reference`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from vision.compliance.rules import Box, JudgeContext, RuleResult, Verdict, torso_region

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
        torso = torso_region(image, person_xyxy, context.visibility)
        if torso.problem is not None:
            return RuleResult(RULE, Verdict.UNKNOWN, None, torso.problem)
        # Only the torso is normalised: the gains come from the whole frame, the pixels from the crop.
        g = gains if gains is not None else grey_gains(image)
        score = match_fraction(to_lab(apply_gains(torso.crop, g)), self.reference)
        ok = score >= self.reference.min_match_frac
        return RuleResult(
            RULE, Verdict.PASS if ok else Verdict.FAIL, score,
            f"{score:.0%} thân áo đúng màu quy định" + (" (uniform colour)" if ok else " (not the uniform colour)"),
        )


def torso_lab(image: np.ndarray, person_xyxy: Box, context: JudgeContext = JudgeContext()) -> np.ndarray | None:
    """The normalised torso pixels of one person in Lab (None when it cannot be judged)."""
    torso = torso_region(image, person_xyxy, context.visibility)
    if torso.problem is not None:
        return None
    return to_lab(apply_gains(torso.crop, grey_gains(image)))


def learn_reference(
    pixels: Sequence[np.ndarray], k: int = 2, min_share: float = 0.2,
    chroma_tol: float = 12.0, lightness_tol: float = 35.0, min_match_frac: float = 0.5,
) -> UniformReference:
    """Reference colours: k-means in Lab over the torso pixels of compliant snapshots.

    Clusters holding less than ``min_share`` of the pixels (a tie, a badge, the
    background at the edges) are dropped.
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
    colours = tuple(
        LabColour(round(float(centres[i, 0]), 1), round(float(centres[i, 1]), 1), round(float(centres[i, 2]), 1))
        for i in order if shares[i] >= min_share
    )
    return UniformReference(colours, chroma_tol, lightness_tol, min_match_frac)
