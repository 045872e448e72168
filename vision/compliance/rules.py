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

Where the torso band lies depends on where the box is cut (:func:`chest_band`): a
seated person behind a counter has a head-to-waist box, a whole person a head-to-feet
one, and the chest sits at a different height in each.
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
    # The torso band of a whole (uncut) person box: 30–65 % down from the box top,
    # central 60 % of the width. Configurable per camera (sites file).
    torso_top: float = 0.30
    torso_bottom: float = 0.65
    torso_width: float = 0.60
    # The chest band of a box cut at the waist (a seated person behind a counter), and
    # the height/width ratio at or below which a box is taken as cut: see chest_band.
    cut_top: float = 0.45
    cut_bottom: float = 0.85
    cut_max_aspect: float = 2.1


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


@dataclass(frozen=True)
class Band:
    """Where to look on a person box: fractions of its height from the top."""

    top: float
    bottom: float
    head_top: float  # the face, for the person's own skin colour (vision.compliance.clothing)
    head_bottom: float
    cut: bool  # True: a head-to-waist box (cut by a counter or the frame), False: a whole person


def chest_band(person_xyxy: Box, vis: Visibility = Visibility()) -> Band:
    """The chest band of a person box, from where the box is cut.

    Measured in head heights (a standing adult is about 7.5 heads tall; shoulders
    about 2 heads wide, arms included 2–2.3, a slim person's 1.6–1.8):

    * **Cut at the waist** — a seated person behind a counter: the counter hides
      everything below the waist, so the box is crown to waist, about 3–3.3 heads
      tall and 1.6–2.3 wide, i.e. height/width 1.3–2.0 (as tall as wide, or a little
      taller for a slim person with the arms close). The chin is near 1 head
      (≈ 31 %), the chest at 1.5–2.5 heads, the waist at the box bottom. The old band
      (30–65 %) was then mostly chin, neck and collar; ``cut_top``–``cut_bottom``
      (45–85 % ≈ 1.45–2.7 heads) lies on the chest and the belly above the counter.
      The face is at about 8–28 % (a head-and-shoulders box: down to the band), the
      person's own skin colour is looked for from 5 % down to the band.
    * **Whole person** — crown to feet: height/width about 3–4 standing, 2.2 or more
      seated with the legs in view. Such a box uses the configured band
      ``torso_top``–``torso_bottom`` (30–65 % by default); the face is at about 2–12 %.

    ``cut_max_aspect`` (2.1) splits the two: above every head-to-waist box and below
    every whole one. Someone standing behind the counter (crown to hips, about 4 × 2
    heads, ratio ≈ 2.0) falls on the cut side: the band then lies on the lower chest
    and the stomach, still clothing. The frame does not enter: a box cut by the bottom
    of the picture is judged by its shape like any other.
    """
    x1, y1, x2, y2 = person_xyxy
    w, h = x2 - x1, y2 - y1
    if w > 0 and h <= vis.cut_max_aspect * w:
        return Band(vis.cut_top, vis.cut_bottom, 0.05, vis.cut_top, True)
    return Band(vis.torso_top, vis.torso_bottom, 0.02, 0.12, False)


def torso_box(person_xyxy: Box, vis: Visibility = Visibility()) -> Box:
    """The torso rectangle (unclipped) of a person box: its :func:`chest_band`, central ``torso_width``."""
    x1, y1, x2, y2 = person_xyxy
    w, h = x2 - x1, y2 - y1
    cx = (x1 + x2) / 2
    band = chest_band(person_xyxy, vis)
    return (cx - vis.torso_width * w / 2, y1 + band.top * h, cx + vis.torso_width * w / 2, y1 + band.bottom * h)


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


def head_region(image: np.ndarray, person_xyxy: Box, vis: Visibility = Visibility()) -> np.ndarray:
    """The face part of a person box (central 40 % of the width, rows from :func:`chest_band`), clipped."""
    x1, y1, x2, y2 = person_xyxy
    w, h = x2 - x1, y2 - y1
    band = chest_band(person_xyxy, vis)
    cx = (x1 + x2) / 2
    ih, iw = image.shape[:2]
    top, bottom = max(0, int(round(y1 + band.head_top * h))), min(ih, int(round(y1 + band.head_bottom * h)))
    left, right = max(0, int(round(cx - 0.2 * w))), min(iw, int(round(cx + 0.2 * w)))
    return image[top:max(top, bottom), left:max(left, right)]
