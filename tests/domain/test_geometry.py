"""Plane geometry of staff zones (domain.geometry): floors, clipping, areas, crossing edges."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.geometry import clip_to_box, point_in_polygon, polygon_area, self_intersects, zone_floor


def test_zone_floor_follows_a_slanted_counter_and_a_concave_zone():
    slanted = ((0.1, 0.3), (0.9, 0.3), (0.9, 0.6), (0.1, 0.8))  # counter top lower on the left
    assert zone_floor(slanted, (0.1 + 1e-9, 0.5)) == pytest.approx(0.8, abs=1e-6)
    assert zone_floor(slanted, (0.5, 0.5)) == pytest.approx(0.7)
    u_shape = ((0.1, 0.1), (0.3, 0.1), (0.3, 0.5), (0.7, 0.5), (0.7, 0.1), (0.9, 0.1), (0.9, 0.9), (0.1, 0.9))
    assert zone_floor(u_shape, (0.5, 0.7)) == pytest.approx(0.9)
    assert zone_floor(u_shape, (0.5, 0.3)) is None  # in the notch: outside
    assert not point_in_polygon((0.5, 0.3), u_shape) and point_in_polygon((0.2, 0.3), u_shape)


def test_clip_of_a_triangle():
    tri = ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0))
    assert polygon_area(clip_to_box(tri, (0.0, 0.0, 0.5, 0.5))) == pytest.approx(0.25)
    assert polygon_area(clip_to_box(tri, (0.6, 0.6, 0.9, 0.9))) == 0.0


coord = st.floats(0.0, 1.0, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(coord, coord, coord, coord, coord, coord, coord, coord)
def test_clip_of_rectangles_matches_the_exact_intersection(a1, a2, b1, b2, c1, c2, d1, d2):
    ax1, ax2, ay1, ay2 = min(a1, a2), max(a1, a2), min(b1, b2), max(b1, b2)
    bx1, bx2, by1, by2 = min(c1, c2), max(c1, c2), min(d1, d2), max(d1, d2)
    rect = ((ax1, ay1), (ax2, ay1), (ax2, ay2), (ax1, ay2))
    got = polygon_area(clip_to_box(rect, (bx1, by1, bx2, by2)))
    want = max(0.0, min(ax2, bx2) - max(ax1, bx1)) * max(0.0, min(ay2, by2) - max(ay1, by1))
    assert got == pytest.approx(want, abs=1e-9)


@pytest.mark.parametrize(("points", "crosses"), [
    (((0.1, 0.1), (0.9, 0.1), (0.9, 0.9), (0.1, 0.9)), False),  # a plain rectangle
    (((0.1, 0.1), (0.9, 0.9), (0.9, 0.1), (0.1, 0.9)), True),   # a bow tie
    (((0.1, 0.1), (0.5, 0.1), (0.5, 0.5), (0.9, 0.5), (0.9, 0.9), (0.1, 0.9)), False),  # concave L
])
def test_self_intersects(points, crosses):
    assert self_intersects(points) is crosses
