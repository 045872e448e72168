"""The sites file as a whole: SitesConfig (the top level), and reading and validating a file."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from domain.sites.base import ConfigError, FieldProblem, Strict
from domain.sites.cameras import CameraConfig
from domain.sites.compliance import ComplianceConfig
from domain.sites.errors import first_error
from domain.sites.presence import DetectorConfig, PresenceConfig, ZoneRule
from domain.timezone import DEFAULT_TIMEZONE


class SitesConfig(Strict):
    timezone: str = Field(DEFAULT_TIMEZONE, description="IANA time zone of office hours")
    presence: PresenceConfig = Field(default_factory=PresenceConfig, description="presence thresholds")
    sample_fps: float = Field(1.0, gt=0, le=30, description="analysed frames per second per camera")
    detector: DetectorConfig = Field(default_factory=DetectorConfig, description="person detector settings")
    zone_rule: ZoneRule = Field(default_factory=ZoneRule, description="who counts as sitting at a desk")
    cameras: tuple[CameraConfig, ...] = Field(min_length=1, description="the cameras and their desks")
    compliance: ComplianceConfig | None = Field(
        None, description="dress-code rules (uniform, badge) and evidence; absent = not judged"
    )

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"không biết múi giờ '{v}' (unknown time zone; e.g. Asia/Ho_Chi_Minh)") from None
        return v

    @model_validator(mode="after")
    def _unique_ids(self) -> "SitesConfig":
        cameras: dict[str, int] = {}
        desks: dict[str, tuple[int, int]] = {}
        for ci, cam in enumerate(self.cameras):
            if cam.id in cameras:
                raise FieldProblem(
                    ("cameras", ci, "id"),
                    f"mã camera '{cam.id}' trùng với cameras[{cameras[cam.id]}] (camera ids must be unique)",
                )
            cameras[cam.id] = ci
            for di, desk in enumerate(cam.desks):
                if desk.id in desks:
                    pc, pd = desks[desk.id]
                    raise FieldProblem(
                        ("cameras", ci, "desks", di, "id"),
                        f"mã quầy '{desk.id}' trùng với cameras[{pc}].desks[{pd}] "
                        "(desk ids must be unique in the whole file)",
                    )
                desks[desk.id] = (ci, di)
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def camera(self, camera_id: str) -> CameraConfig:
        """The camera with this id; LookupError naming the ids that exist."""
        for cam in self.cameras:
            if cam.id == camera_id:
                return cam
        known = ", ".join(c.id for c in self.cameras)
        raise LookupError(f"không có camera '{camera_id}' (no camera '{camera_id}'; known: {known})")

    def compliance_for(self, camera_id: str) -> ComplianceConfig | None:
        """The camera's compliance settings (top level merged with its overrides); None = not judged."""
        cam = self.camera(camera_id)
        if self.compliance is None and cam.compliance is None:
            return None
        return (self.compliance or ComplianceConfig()).merged(cam.compliance)

    def presence_for(self, camera: CameraConfig) -> PresenceConfig:
        """The camera's presence thresholds: its own block, else the top-level one."""
        return camera.presence or self.presence

    def sample_fps_for(self, camera: CameraConfig) -> float:
        """The camera's analysis rate: its own, else the top-level one."""
        return camera.sample_fps or self.sample_fps

    def enabled_cameras(self) -> tuple[CameraConfig, ...]:
        return tuple(c for c in self.cameras if c.enabled)

    def desk_camera(self, desk_id: str) -> CameraConfig:
        for cam in self.cameras:
            if any(d.id == desk_id for d in cam.desks):
                return cam
        raise LookupError(f"không có quầy '{desk_id}' (no desk '{desk_id}')")


# --- loading ------------------------------------------------------------------------


def load_sites(path: str | Path) -> SitesConfig:
    """Read and validate a sites file; ConfigError with one clear message otherwise."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(name, "", "không tìm thấy tệp (file not found)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(name, "", f"không đọc được tệp (cannot read the file: {exc})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"dòng {mark.line + 1}, cột {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(name, where, f"YAML không hợp lệ (invalid YAML: {problem})") from None
    return parse_sites(data, name)


def parse_sites(data: Any, name: str = "sites.yaml") -> SitesConfig:
    """Validate already-parsed YAML/JSON data (a mapping)."""
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(name, "", "tệp phải là một bảng khoá: giá trị (the file must be a YAML mapping)")
    try:
        return SitesConfig.model_validate(data)
    except ValidationError as exc:
        raise first_error(exc, name) from None
