"""The rule framework: every dress-code rule judges one seated person in one frame.

    rule.judge(image, person_xyxy, context) -> RuleResult

A rule answers PASS, FAIL or UNKNOWN. UNKNOWN means "cannot tell from this
picture" (too small, too dark, torso hidden or cut off by the frame, no model):
it is never counted as PASS or FAIL by the window aggregation (vision.compliance.window).

The shared "can this person be judged at all" check lives in :func:`visibility`,
with measurable criteria (``Visibility`` holds the numbers):

* box height ≥ ``min_box_height_px`` (default 60 px): below that a torso is a few
  dozen pixels and its colour is mostly edge blur;
* brightness: the 90th percentile of L* (0..100) over the person box ≥
  ``min_lightness`` (default 25). Even a black suit has a face and highlights;
  when the brightest tenth of the person is that dark the lights are off and
  colours are noise. (The torso's own mean would call every dark suit "too dark".)
* torso visible fraction ≥ ``min_visible_frac`` (default 0.6): the part of the
  torso rectangle that lies inside the picture.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol, runtime_checkable

import cv2
import numpy as np

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in the image's pixels


class Verdict(str, Enum):
    PASS = "PASS"
    FAIL = "FAIL"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True)
class RuleResult:
    rule: str  # "uniform" | "badge"
    result: Verdict
    score: float | None  # rule-specific, 0..1; None when nothing was measured
    reason: str  # short Vietnamese explanation (English in parentheses)


@dataclass(frozen=True)
class Visibility:
    """When a person can be judged at all (see the module docstring)."""

    min_box_height_px: float = 60.0
    min_lightness: float = 25.0  # 90th percentile of L* (0..100) over the person box
    min_visible_frac: float = 0.6
    # The torso of a seated person: staff sit behind a counter, so the box bottom is
    # unreliable; the band 30–65 % down from the box top (below the head of a
    # head-to-waist box), central 60 % of the width. Configurable per camera.
    torso_top: float = 0.30
    torso_bottom: float = 0.65
    torso_width: float = 0.60


@dataclass(frozen=True)
class JudgeContext:
    """What a rule may know besides the picture."""

    desk_id: str = ""
    camera_id: str = ""
    visibility: Visibility = Visibility()


@runtime_checkable
class Rule(Protocol):
    name: str

    def judge(self, image: np.ndarray, person_xyxy: Box, context: JudgeContext) -> RuleResult: ...


def torso_box(person_xyxy: Box, vis: Visibility = Visibility()) -> Box:
    """The torso rectangle (unclipped) of a person box."""
    x1, y1, x2, y2 = person_xyxy
    w, h = x2 - x1, y2 - y1
    cx = (x1 + x2) / 2
    return (cx - vis.torso_width * w / 2, y1 + vis.torso_top * h, cx + vis.torso_width * w / 2, y1 + vis.torso_bottom * h)


@dataclass(frozen=True)
class Torso:
    """The visible torso pixels of a person, or why there are none usable."""

    crop: np.ndarray | None  # BGR, None when unusable
    visible_frac: float
    lightness: float  # 90th percentile of L* over the person box, 0..100 (0 when not measured)
    problem: str | None  # None = usable


def torso_region(image: np.ndarray, person_xyxy: Box, vis: Visibility = Visibility()) -> Torso:
    """Cut the torso out and apply the visibility criteria."""
    x1, y1, x2, y2 = person_xyxy
    if y2 - y1 < vis.min_box_height_px or x2 <= x1:
        return Torso(None, 0.0, 0.0,
                     f"người quá nhỏ: cao {y2 - y1:.0f} px < {vis.min_box_height_px:.0f} px (person too small)")
    h, w = image.shape[:2]
    tx1, ty1, tx2, ty2 = torso_box(person_xyxy, vis)
    area = max(1e-6, (tx2 - tx1) * (ty2 - ty1))
    cx1, cy1, cx2, cy2 = max(0, int(round(tx1))), max(0, int(round(ty1))), min(w, int(round(tx2))), min(h, int(round(ty2)))
    visible = max(0, cx2 - cx1) * max(0, cy2 - cy1) / area
    if visible < vis.min_visible_frac:
        return Torso(None, visible, 0.0,
                     f"thân người bị che/khuất {1 - visible:.0%} (torso only {visible:.0%} visible)")
    crop = image[cy1:cy2, cx1:cx2]
    person = image[max(0, int(y1)):min(h, int(round(y2))), max(0, int(x1)):min(w, int(round(x2)))]
    grey = cv2.cvtColor(person[::2, ::2], cv2.COLOR_BGR2Lab)[..., 0]
    lightness = float(np.percentile(grey, 90)) * 100 / 255
    if lightness < vis.min_lightness:
        return Torso(None, visible, lightness,
                     f"quá tối: độ sáng {lightness:.0f} < {vis.min_lightness:.0f} (too dark)")
    return Torso(crop, visible, lightness, None)
