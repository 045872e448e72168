"""The "who is at this desk" rule, proven on a table of boxes.

Layout (normalised, the camera looks at two desks from the citizens' side):
desk d1's staff zone is x 0.10–0.40, desk d2's x 0.50–0.80, both from
y 0.30 (above a seated head) down to y 0.75, the counter top.
"""
import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.geometry import point_in_polygon
from domain.sites import CameraConfig, DeskConfig, ZoneRule
from domain.states import CameraHealth
from vision.types import Detections
from vision.zones import desk_observations, match_person

D1 = ((0.10, 0.30), (0.40, 0.30), (0.40, 0.75), (0.10, 0.75))
D2 = ((0.50, 0.30), (0.80, 0.30), (0.80, 0.75), (0.50, 0.75))
AT = dt.datetime(2025, 3, 3, 1, 0, tzinfo=dt.UTC)
W, H = 640, 360

CASES = [
    # (what, box x1 y1 x2 y2 normalised, counts for d1, counts for d2)
    ("seated staff, lower body hidden by the counter", (0.18, 0.35, 0.32, 0.74), True, False),
    ("seated staff, detector box runs below the counter top", (0.18, 0.35, 0.32, 0.84), True, False),
    ("seated staff leaning out of the zone's left edge", (0.05, 0.36, 0.22, 0.74), True, False),
    ("staff standing up behind the counter, head above the zone", (0.18, 0.15, 0.32, 0.74), True, False),
    ("staff bent over the desk, only head and shoulders", (0.20, 0.52, 0.30, 0.70), True, False),
    ("citizen standing in front of the counter, box grazes the zone's right edge",
     (0.33, 0.40, 0.50, 1.00), False, False),
    ("citizen passing along the bottom of the frame, head grazes the zone", (0.20, 0.70, 0.30, 1.00), False, False),
    ("citizen standing squarely in front of desk 1, legs below the counter", (0.15, 0.45, 0.35, 1.00), False, False),
    ("citizen close to the camera, counter line across the chest", (0.05, 0.55, 0.45, 1.00), False, False),
    ("person at the neighbouring desk", (0.58, 0.35, 0.72, 0.74), False, True),
    ("neighbour leaning towards desk 1", (0.45, 0.35, 0.65, 0.74), False, True),
    ("someone standing between the desks", (0.36, 0.35, 0.54, 0.74), False, False),
    ("person well above the zone (poster, wall)", (0.15, 0.00, 0.35, 0.25), False, False),
    ("empty box", (0.20, 0.40, 0.20, 0.60), False, False),
]


@pytest.mark.parametrize("what, box, in_d1, in_d2", CASES, ids=[c[0] for c in CASES])
def test_rule_table(what, box, in_d1, in_d2):
    assert match_person(box, D1).counts is in_d1
    assert match_person(box, D2).counts is in_d2


def test_a_bottom_centre_rule_would_miss_the_seated_staff_member_this_rule_counts():
    box = (0.18, 0.35, 0.32, 0.84)  # box runs below the counter top
    bottom_centre = ((box[0] + box[2]) / 2, box[3])
    assert not point_in_polygon(bottom_centre, D1)
    m = match_person(box, D1)
    assert m.counts and m.anchor_inside and 0 < m.below_frac < 0.35


def test_each_criterion_is_what_rejects_its_case():
    grazing = match_person((0.33, 0.40, 0.50, 1.00), D1)
    assert not grazing.anchor_inside and grazing.upper_overlap > 0  # touches the zone, anchor outside
    standing = match_person((0.15, 0.45, 0.35, 1.00), D1)
    assert standing.anchor_inside and standing.upper_overlap > 0.9 and standing.below_frac > 0.35
    close = match_person((0.05, 0.55, 0.45, 1.00), D1)
    assert close.anchor_inside and close.upper_overlap > 0.6 and close.below_frac > 0.5


def test_seated_staff_cut_off_by_the_frame_edge_when_the_zone_reaches_it():
    # Camera framed tight: the counter is below the picture, so the zone runs to the bottom edge.
    to_edge = ((0.10, 0.30), (0.40, 0.30), (0.40, 1.00), (0.10, 1.00))
    m = match_person((0.16, 0.50, 0.34, 1.00), to_edge)
    assert m.counts and m.below_frac == 0.0


def test_rule_numbers_come_from_the_config():
    box = (0.15, 0.45, 0.35, 1.00)  # a standing citizen
    assert not match_person(box, D1).counts
    assert match_person(box, D1, ZoneRule(max_below_frac=0.6)).counts
    # The anchor moved to the very top of the box leaves the zone for the standing-up staff member.
    assert not match_person((0.18, 0.15, 0.32, 0.74), D1, ZoneRule(anchor_frac=0.0)).counts


def _camera(d1=D1, d2=D2) -> CameraConfig:
    return CameraConfig(
        id="cam1", source="rtsp://u:p@h/s", unit="Xã Điềm He",
        desks=(DeskConfig(id="d1", name="Quầy 1", staff_zone=d1), DeskConfig(id="d2", name="Quầy 2", staff_zone=d2)),
    )


def _dets(boxes_norm, scores=None) -> Detections:
    xyxy = np.array([[x1 * W, y1 * H, x2 * W, y2 * H] for x1, y1, x2, y2 in boxes_norm], np.float32).reshape(-1, 4)
    scores = np.array(scores if scores is not None else [0.9] * len(boxes_norm), np.float32)
    return Detections(xyxy, scores, np.zeros(len(boxes_norm), int))


def test_observations_per_desk_in_pixels():
    dets = _dets([(0.18, 0.35, 0.32, 0.74), (0.33, 0.40, 0.50, 1.00)])
    obs = desk_observations((H, W, 3), dets, _camera(), AT, CameraHealth.ONLINE)
    assert [o.desk_id for o in obs] == ["d1", "d2"]
    assert [o.staffed for o in obs] == [True, False]
    assert obs[0].person_xyxy == pytest.approx((0.18 * W, 0.35 * H, 0.32 * W, 0.74 * H), abs=0.01)
    assert obs[1].person_xyxy is None
    assert all(o.at == AT and o.camera_health is CameraHealth.ONLINE for o in obs)


def test_no_detections_and_empty_detections():
    obs = desk_observations((H, W, 3), Detections.empty(), _camera(), AT)
    assert [o.staffed for o in obs] == [False, False]


def test_best_scoring_person_is_reported_when_two_sit_in_one_zone():
    dets = _dets([(0.12, 0.35, 0.24, 0.74), (0.26, 0.35, 0.38, 0.74)], scores=[0.4, 0.8])
    (d1, d2) = desk_observations((H, W), dets, _camera(), AT)
    assert d1.staffed and not d2.staffed
    assert d1.person_xyxy[0] == pytest.approx(0.26 * W, abs=0.01)


def test_one_person_is_never_counted_at_two_desks_even_when_zones_overlap():
    wide1 = ((0.10, 0.30), (0.55, 0.30), (0.55, 0.75), (0.10, 0.75))
    wide2 = ((0.45, 0.30), (0.80, 0.30), (0.80, 0.75), (0.45, 0.75))
    box = (0.42, 0.35, 0.56, 0.74)  # anchor 0.49 lies in both; more of it lies in wide1
    assert match_person(box, wide1).counts and match_person(box, wide2).counts
    obs = desk_observations((H, W), _dets([box]), _camera(wide1, wide2), AT)
    assert [o.staffed for o in obs] == [True, False]


@pytest.mark.parametrize("health", [CameraHealth.OFFLINE, CameraHealth.FROZEN])
def test_a_camera_that_is_down_judges_no_one(health):
    since = AT - dt.timedelta(seconds=12)
    dets = _dets([(0.18, 0.35, 0.32, 0.74)])
    obs = desk_observations((H, W), dets, _camera(), AT, health, health_since=since)
    assert [(o.staffed, o.camera_health, o.health_since) for o in obs] == [(False, health, since)] * 2


coord = st.floats(0.0, 1.0, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(coord, coord, coord, coord)
def test_match_numbers_stay_in_range(a, b, c, d):
    box = (min(a, b), min(c, d), max(a, b) + 0.01, max(c, d) + 0.01)
    m = match_person(box, D1)
    assert 0.0 <= m.upper_overlap <= 1.0 + 1e-9
    assert m.below_frac >= 0.0
    assert m.counts == (m.anchor_inside and m.upper_overlap >= 0.4 and m.below_frac <= 0.35)
