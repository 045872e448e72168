"""A desk's tile shows its part of the camera picture: the staff zone with a margin, at 4:3.

The picture is the worker's published one (already face-blurred, zones drawn); the zone is the one
the worker drew on it (domain.live.PublishedDesk.zone), so the crop always frames that desk's box and
its label, which sits just above the zone.
"""
from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image

Box = tuple[int, int, int, int]  # left, top, right, bottom in pixels (right/bottom exclusive)
MARGIN = 0.06  # of the picture's width and height, around the zone
LABEL_ROOM = 0.09  # of the picture's height, above the zone: the desk's label is drawn there
ASPECT = 4 / 3
JPEG_QUALITY = 80


def crop_box(zone: Sequence[Sequence[float]] | None, width: int, height: int) -> Box:
    """The pixels to show for `zone` (normalised polygon) in a `width`×`height` picture.

    The zone's bounds plus margins, widened or heightened to ASPECT around its centre and kept inside
    the picture; the whole picture when there is no usable zone or the crop would not be smaller.
    """
    whole = (0, 0, width, height)
    points = [(float(x), float(y)) for x, y in zone or ()]
    if len(points) < 3 or width <= 0 or height <= 0:
        return whole
    xs = [min(1.0, max(0.0, x)) for x, _ in points]
    ys = [min(1.0, max(0.0, y)) for _, y in points]
    left, right = (min(xs) - MARGIN) * width, (max(xs) + MARGIN) * width
    top, bottom = (min(ys) - MARGIN - LABEL_ROOM) * height, (max(ys) + MARGIN) * height
    w, h = right - left, bottom - top
    if w / h < ASPECT:
        w = h * ASPECT
    else:
        h = w / ASPECT
    if w >= width or h >= height:
        return whole
    cx, cy = (left + right) / 2, (top + bottom) / 2
    x0 = min(max(0.0, cx - w / 2), width - w)
    y0 = min(max(0.0, cy - h / 2), height - h)
    return round(x0), round(y0), round(x0 + w), round(y0 + h)


def open_picture(data: bytes) -> Image.Image | None:
    """The published JPEG decoded once per refresh (several desks share a camera); None if unreadable."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
        return image
    except (OSError, ValueError):
        return None


def crop_jpeg(picture: Image.Image, zone: Sequence[Sequence[float]] | None) -> bytes:
    box = crop_box(zone, *picture.size)
    out = io.BytesIO()
    picture.crop(box).convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()
