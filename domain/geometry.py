"""Plane geometry of staff zones: normalised polygons (0..1 of the image), no arrays.

One copy for everyone: the worker's zone rule (vision.zones), the sites-file and
Setup-page checks (domain.sites), the privacy blur's staff test.
"""
from __future__ import annotations

from collections.abc import Sequence

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x1, y1, x2, y2


def point_in_polygon(p: Point, poly: Sequence[Point]) -> bool:
    """Even-odd ray casting; points on an edge may fall either way."""
    x, y = p
    inside = False
    n = len(poly)
    for i in range(n):
        xa, ya = poly[i]
        xb, yb = poly[(i + 1) % n]
        if (ya > y) != (yb > y):
            x_cross = xa + (y - ya) * (xb - xa) / (yb - ya)
            if x < x_cross:
                inside = not inside
    return inside


def polygon_area(poly: Sequence[Point]) -> float:
    if len(poly) < 3:
        return 0.0
    s = 0.0
    for (xa, ya), (xb, yb) in zip(poly, list(poly[1:]) + [poly[0]]):
        s += xa * yb - xb * ya
    return abs(s) / 2


def clip_to_box(poly: Sequence[Point], box: Box) -> list[Point]:
    """The part of `poly` inside the axis-aligned `box` (Sutherland–Hodgman; the box is convex)."""
    x1, y1, x2, y2 = box
    out = list(poly)
    for inside, cross in (
        (lambda p: p[0] >= x1, lambda a, b: _at_x(a, b, x1)),
        (lambda p: p[0] <= x2, lambda a, b: _at_x(a, b, x2)),
        (lambda p: p[1] >= y1, lambda a, b: _at_y(a, b, y1)),
        (lambda p: p[1] <= y2, lambda a, b: _at_y(a, b, y2)),
    ):
        if not out:
            break
        src, out = out, []
        for i, cur in enumerate(src):
            prev = src[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
    return out


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def zone_floor(poly: Sequence[Point], p: Point) -> float | None:
    """The zone's lower edge straight below `p`: the bottom of the vertical
    stretch of the polygon that contains `p` (None if `p` is outside)."""
    x, y = p
    ys = []
    n = len(poly)
    for i in range(n):
        xa, ya = poly[i]
        xb, yb = poly[(i + 1) % n]
        if (xa > x) != (xb > x):
            ys.append(ya + (x - xa) * (yb - ya) / (xb - xa))
    ys.sort()
    for top, bottom in zip(ys[0::2], ys[1::2]):
        if top <= y <= bottom:
            return bottom
    return None


def self_intersects(points: Sequence[Point]) -> bool:
    """True if two edges that do not share a vertex cross each other."""
    n = len(points)
    edges = [(points[i], points[(i + 1) % n]) for i in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                continue  # neighbours share a vertex
            if _segments_cross(*edges[i], *edges[j]):
                return True
    return False


def _segments_cross(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    def orient(a: Point, b: Point, c: Point) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    return (d1 * d2 < 0) and (d3 * d4 < 0)
