"""Who is sitting at a desk: person boxes against a desk's staff zone.

Staff sit behind a counter, so the counter hides their lower body: the box the
detector draws around a seated staff member is head-and-torso, and its bottom
edge sits near the counter top (or a little below it, when the detector
guesses the hidden legs). A bottom-centre ("feet") point therefore says
nothing. A citizen standing in front of the counter is closer to the camera;
their box is whole-body and their upper body can overlap the staff zone in
the image, while their legs show below the counter top.

The rule (all in image coordinates normalised to 0..1; `ZoneRule` holds the
numbers, configurable in the sites file under `zone_rule`):

1. **Upper-body anchor inside the zone.** The point at the box's horizontal
   centre, `anchor_frac` (0.3) of the box height down from its top — the
   chest/shoulders of a seated person — lies inside the staff zone. A box that
   only grazes the zone (a passer-by, a neighbour leaning over) fails here.
2. **Most of the upper body overlaps.** At least `min_upper_overlap` (0.4) of
   the box's upper half lies inside the zone, so a large box whose anchor only
   pokes into a corner of the zone does not count.
3. **Not standing in front of the counter.** The box may reach below the
   zone's lower edge (measured under the anchor) by at most `max_below_frac`
   (0.35) of its height. Legs showing below the counter top mean a person in
   front of it.

Why 0.35 is safe: with the camera above head height on the citizens' side,
the sight line over the counter top crosses a standing citizen well above
their hips (a camera 2.6 m up and 4 m away crosses someone 0.5 m in front of
a 1 m counter at 1.2 m), so 60 % or more of their box lies below the zone;
even a level camera leaves their legs, about half the box, below it. A
seated staff member's box ends at the counter, give or take the detector's
guess at hidden legs.

Draw the staff zone so its lower edge follows the counter top and its upper
edge clears the head of a seated person. Each detection is given to at most
one desk (the one whose zone holds most of its upper half), so one person is
never counted at two neighbouring desks.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from domain.geometry import Box, Point, clip_to_box, point_in_polygon, polygon_area, zone_floor
from domain.records import DeskObservation
from domain.sites import CameraConfig, ZoneRule
from domain.states import CameraHealth
from vision.types import Detections

DEFAULT_RULE = ZoneRule()


@dataclass(frozen=True)
class ZoneMatch:
    """Why a box does or does not count for a zone (kept for tests and drawing)."""

    anchor: Point
    anchor_inside: bool
    upper_overlap: float  # fraction of the box's upper half inside the zone
    below_frac: float  # how far the box reaches below the zone's lower edge, in box heights
    counts: bool


def match_person(box: Box, zone: Sequence[Point], rule: ZoneRule = DEFAULT_RULE) -> ZoneMatch:
    """Apply the rule to one normalised box and one normalised polygon."""
    x1, y1, x2, y2 = box
    w, h = x2 - x1, y2 - y1
    anchor = ((x1 + x2) / 2, y1 + rule.anchor_frac * h)
    if w <= 0 or h <= 0:
        return ZoneMatch(anchor, False, 0.0, 0.0, False)
    inside = point_in_polygon(anchor, zone)
    upper = (x1, y1, x2, y1 + h / 2)
    upper_area = w * h / 2
    overlap = polygon_area(clip_to_box(zone, upper)) / upper_area
    below = 0.0
    if inside:
        floor = zone_floor(zone, anchor)
        if floor is not None:
            below = max(0.0, y2 - floor) / h
    counts = inside and overlap >= rule.min_upper_overlap and below <= rule.max_below_frac
    return ZoneMatch(anchor, inside, overlap, below, counts)


def desk_observations(
    frame_shape: Sequence[int],
    detections: Detections,
    camera: CameraConfig,
    at: dt.datetime,
    health: CameraHealth = CameraHealth.ONLINE,
    rule: ZoneRule = DEFAULT_RULE,
    health_since: dt.datetime | None = None,
) -> list[DeskObservation]:
    """One observation per desk of `camera`, in config order.

    `frame_shape` is the image's shape (H, W[, C]); boxes are in its pixels.
    While the camera is not ONLINE no one is judged: every desk gets
    staffed=False with that health (presence turns it into OFFLINE time).
    """
    if health is not CameraHealth.ONLINE:
        return [
            DeskObservation(d.id, at, False, None, health, health_since or at) for d in camera.desks
        ]
    height, width = float(frame_shape[0]), float(frame_shape[1])
    best: dict[str, tuple[float, float, Box]] = {}  # desk id -> (score, overlap, pixel box)
    for i in range(len(detections)):
        px = tuple(float(v) for v in detections.xyxy[i])
        norm = (px[0] / width, px[1] / height, px[2] / width, px[3] / height)
        # One person, one desk: the zone holding most of the upper body wins.
        winner: tuple[float, str] | None = None
        for desk in camera.desks:
            m = match_person(norm, desk.staff_zone, rule)
            if m.counts and (winner is None or m.upper_overlap > winner[0]):
                winner = (m.upper_overlap, desk.id)
        if winner is None:
            continue
        score = float(detections.scores[i]) if len(detections.scores) > i else 0.0
        held = best.get(winner[1])
        if held is None or score > held[0]:
            best[winner[1]] = (score, winner[0], px)  # type: ignore[assignment]
    out = []
    for desk in camera.desks:
        hit = best.get(desk.id)
        out.append(DeskObservation(desk.id, at, hit is not None, hit[2] if hit else None, health))
    return out
