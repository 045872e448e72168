"""The staff zone drawn on the camera's newest published picture (already face-blurred by the worker).

The dashboard never opens a camera: the picture is the one the worker wrote
(domain.live), or a blank frame while there is none.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw

from domain.live import read_snapshot

BLANK = (640, 360)


def snapshot_path(live_dir: Path, camera_code: str | None) -> Path | None:
    if not camera_code:
        return None
    try:
        snap = read_snapshot(live_dir, camera_code)
    except ValueError:
        return None
    if snap is None or not snap.image:
        return None
    path = live_dir / snap.image
    return path if path.is_file() else None


def zone_picture(picture: Path | None, zone: Sequence[Sequence[float]] | None) -> Image.Image:
    image = Image.open(picture).convert("RGB") if picture is not None else Image.new("RGB", BLANK, (96, 96, 96))
    if zone and len(zone) >= 2:
        w, h = image.size
        points = [(float(x) * w, float(y) * h) for x, y in zone]
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        draw.polygon(points, fill=(255, 200, 0, 70), outline=(255, 200, 0, 255), width=3)
        for i, (x, y) in enumerate(points, start=1):
            draw.ellipse((x - 5, y - 5, x + 5, y + 5), fill=(255, 80, 0, 255))
            draw.text((x + 7, y - 7), str(i), fill=(255, 255, 255, 255))
        image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    return image
