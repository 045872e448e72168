"""The `cameras` list: each camera's source, unit and health thresholds, and the desks it watches."""
from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from domain.geometry import polygon_area, self_intersects
from domain.redaction import redacted_source
from domain.sites.base import FieldProblem, Strict, check_id
from domain.sites.compliance import ComplianceConfig
from domain.sites.presence import PresenceConfig


class DeskConfig(Strict):
    id: str = Field(description="desk code, unique in the whole file (desk.code in the store)")
    name: str | None = Field(None, description="desk name shown to people, e.g. 'Quầy 1'; defaults to the id")
    staff_zone: tuple[tuple[float, float], ...] = Field(
        description="polygon where seated staff appear: ≥ 3 points [x, y] normalised to 0..1 of the image; "
        "draw its lower edge along the counter top"
    )

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return check_id(v, "quầy")

    @field_validator("staff_zone", mode="before")
    @classmethod
    def _zone_shape(cls, v: Any) -> Any:
        if not isinstance(v, (list, tuple)) or len(v) < 3:
            raise ValueError("vùng nhân viên cần ít nhất 3 điểm [x, y] (staff_zone needs at least 3 points [x, y])")
        for i, p in enumerate(v):
            if not isinstance(p, (list, tuple)) or len(p) != 2:
                raise FieldProblem((i,), "mỗi điểm là một cặp [x, y] (each point is a pair [x, y])")
            for j, c in enumerate(p):
                if isinstance(c, bool) or not isinstance(c, (int, float)):
                    raise FieldProblem((i, j), f"'{c}' không phải là số (not a number)")
                if not 0.0 <= float(c) <= 1.0:
                    raise FieldProblem(
                        (i, j), f"toạ độ {c} nằm ngoài khoảng 0..1 (coordinates are normalised to 0..1)"
                    )
        return v

    @field_validator("staff_zone")
    @classmethod
    def _zone_geometry(cls, v: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
        if polygon_area(v) < 1e-4:
            raise ValueError("vùng nhân viên có diện tích bằng 0 (staff_zone has no area: points on one line?)")
        if self_intersects(v):
            raise ValueError("các cạnh của vùng nhân viên cắt nhau (staff_zone edges cross each other)")
        return v

    @property
    def display_name(self) -> str:
        return self.name or self.id


class CameraConfig(Strict):
    id: str = Field(description="camera code, unique in the file (camera.code in the store)")
    # repr=False: the source may hold credentials and must never reach a log via repr().
    source: str | int = Field(
        repr=False, description="RTSP/HTTP(S) URL, video file path, or device index (an integer)"
    )
    unit: str = Field(description="name of the unit (đơn vị) the camera belongs to, as in the store")
    name: str | None = Field(None, description="camera name shown to people; defaults to the id")
    enabled: bool = Field(True, description="false = the worker leaves this camera alone")
    offline_after_s: float = Field(10.0, gt=0, description="OFFLINE when no frame arrived for this long")
    frozen_after_s: float = Field(30.0, gt=0, description="FROZEN when frames have not changed for this long")
    desks: tuple[DeskConfig, ...] = Field(min_length=1, description="the desks this camera watches")
    compliance: ComplianceConfig | None = Field(
        None, description="overrides of the top-level compliance block for this camera"
    )
    # A --from-store worker sets both from the camera's unit's presence policy (data.presence.policy).
    presence: PresenceConfig | None = Field(
        None, description="this camera's presence thresholds; empty = the top-level presence block"
    )
    sample_fps: float | None = Field(
        None, gt=0, le=30, description="analysed frames per second for this camera; empty = the top-level sample_fps"
    )

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return check_id(v, "camera")

    @field_validator("source", mode="before")
    @classmethod
    def _source(cls, v: Any) -> str | int:
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            raise ValueError("nguồn phải là URL, đường dẫn tệp hoặc số thiết bị (a URL, a file path or a device index)")
        if isinstance(v, str):
            v = v.strip()
            if not v:
                raise ValueError("nguồn đang để trống (source is empty)")
            if v.isdigit():  # "0" means the device, as OpenCV users expect
                v = int(v)
        if isinstance(v, int) and v < 0:
            raise ValueError("số thiết bị phải ≥ 0 (a device index is ≥ 0)")
        return v

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str) -> str:
        v = " ".join(v.split())
        if not v:
            raise ValueError("tên đơn vị đang để trống (unit is empty)")
        return v

    @property
    def display_name(self) -> str:
        return self.name or self.id

    @property
    def safe_source(self) -> str:
        """The source with credentials hidden: the only form to log or show."""
        return redacted_source(self.source)
