"""The sites file (sites.yaml): cameras, their desks and staff zones, presence thresholds.

The schema lives here (pydantic, `extra="forbid"`), split by block: `presence`
(presence, zone_rule, detector), `compliance`, `cameras` (cameras and desks),
`config` (the top level, `parse_sites`, `load_sites`); `base` and `errors` hold
the shared model base and the one-message `ConfigError`.

Validated once at start. A bad file raises `ConfigError` with ONE message that
names the file and the field, e.g.
``sites.yaml: cameras[0].desks[1].staff_zone: ...``.

Minimal form (other tools rely on it):

    cameras:
      - id: cam1
        source: rtsp://user:pass@10.0.0.5/stream1
        unit: "Xã Điềm He"
        desks:
          - id: d1
            name: "Quầy 1"
            staff_zone: [[0.10, 0.30], [0.40, 0.30], [0.40, 0.75], [0.10, 0.75]]
"""
from __future__ import annotations

from domain.sites.base import ConfigError
from domain.sites.cameras import CameraConfig, DeskConfig
from domain.sites.compliance import (
    BadgeRuleConfig,
    ComplianceConfig,
    UniformRuleConfig,
    VisibilityConfig,
    WindowConfig,
)
from domain.sites.config import DEFAULT_TIMEZONE, SitesConfig, load_sites, parse_sites
from domain.sites.presence import DetectorConfig, PresenceConfig, ZoneRule

__all__ = [
    "DEFAULT_TIMEZONE",
    "BadgeRuleConfig",
    "CameraConfig",
    "ComplianceConfig",
    "ConfigError",
    "DeskConfig",
    "DetectorConfig",
    "PresenceConfig",
    "SitesConfig",
    "UniformRuleConfig",
    "VisibilityConfig",
    "WindowConfig",
    "ZoneRule",
    "load_sites",
    "parse_sites",
]
