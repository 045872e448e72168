"""The `compliance` block (issue 4; see vision/compliance): uniform and badge rules, windows, visibility."""
from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from domain.sites.base import FieldProblem, Strict


class UniformRuleConfig(Strict):
    enabled: bool = Field(True, description="false = the uniform rule is not judged")
    colours: tuple[tuple[float, float, float], ...] = Field(
        (), description="reference colours as CIE Lab [L 0..100, a, b] after grey-world normalisation; "
        "learnt by `python -m vision calibrate-uniform`; empty = UNKNOWN"
    )
    chroma_tol: float = Field(12.0, gt=0, le=100, description="max chroma distance √(Δa²+Δb²) of a matching pixel")
    lightness_tol: float = Field(35.0, gt=0, le=100, description="max |ΔL| of a matching pixel")
    min_match_frac: float = Field(0.5, gt=0, le=1, description="PASS when this share of torso pixels matches")

    @field_validator("colours", mode="before")
    @classmethod
    def _colours(cls, v: Any) -> Any:
        if v is None:
            return ()
        if not isinstance(v, (list, tuple)):
            raise ValueError("colours là danh sách các màu [L, a, b] (colours is a list of [L, a, b])")
        for i, c in enumerate(v):
            if not isinstance(c, (list, tuple)) or len(c) != 3 or any(
                isinstance(x, bool) or not isinstance(x, (int, float)) for x in c
            ):
                raise FieldProblem((i,), "mỗi màu là ba số [L, a, b] (each colour is three numbers [L, a, b])")
            if not 0 <= c[0] <= 100 or not all(-128 <= x <= 128 for x in c[1:]):
                raise FieldProblem((i,), "L trong 0..100, a và b trong -128..128 (L in 0..100, a/b in -128..128)")
        return v


class BadgeRuleConfig(Strict):
    enabled: bool = Field(True, description="false = the badge rule is not judged")
    model: str | None = Field(None, description="trained badge model file; empty = the rule answers UNKNOWN")
    threshold: float | None = Field(
        None, gt=0, lt=1,
        description="badge probability at or above which the rule passes; empty = the model's own "
        "(chosen on validation when it was trained), else 0.5",
    )
    # The badge model is the costly check (a detector per person); a worn card does not come
    # and go in seconds, and a window still gets its samples (10 in 5 minutes).
    every_s: float = Field(30.0, gt=0, description="judge the badge of each seated person at most this often "
                           "(seconds; at least compliance.every_s)")


class WindowConfig(Strict):
    min_samples: int = Field(5, ge=1, description="N: judged (PASS/FAIL) samples a window needs before it agrees")
    minutes: float = Field(5.0, gt=0, description="M: window length in minutes")
    agree_frac: float = Field(0.7, gt=0.5, le=1, description="share of the judged samples that must agree")


class VisibilityConfig(Strict):
    min_box_height_px: float = Field(60.0, ge=0, description="smaller person boxes are UNKNOWN")
    min_lightness: float = Field(25.0, ge=0, le=100, description="90th percentile of L* over the person below this = too dark")
    min_visible_frac: float = Field(0.6, ge=0, le=1, description="less of the torso band inside the picture = occluded")
    torso_top: float = Field(0.30, ge=0, lt=1, description="torso band top, fraction of the box height")
    torso_bottom: float = Field(0.65, gt=0, le=1, description="torso band bottom, fraction of the box height")
    torso_width: float = Field(0.60, gt=0, le=1, description="torso band width, fraction of the box width (centred)")

    @model_validator(mode="after")
    def _band(self) -> "VisibilityConfig":
        if self.torso_bottom <= self.torso_top:
            raise FieldProblem(("torso_bottom",), "phải lớn hơn torso_top (must be greater than torso_top)")
        return self


class ComplianceConfig(Strict):
    """The `compliance` block, at the top level (defaults) and per camera (overrides:
    each sub-block named in the camera replaces the top-level one). Rules stored per
    unit in the store (table compliance_rule) override both."""

    uniform: UniformRuleConfig = Field(default_factory=UniformRuleConfig, description="regulation outfit colours")
    badge: BadgeRuleConfig = Field(default_factory=BadgeRuleConfig, description="ID badge on the chest")
    window: WindowConfig = Field(default_factory=WindowConfig, description="how many samples make a violation")
    visibility: VisibilityConfig = Field(default_factory=VisibilityConfig, description="when a person is UNKNOWN")
    every_s: float = Field(5.0, gt=0, description="judge each seated person at most this often (seconds)")
    blur_staff_faces: bool = Field(True, description="blur staff faces in evidence and live pictures too "
                                   "(citizens' always)")
    evidence_dir: str | None = Field(None, description="where evidence JPEGs go; empty = var/evidence")
    # Labels must not be only the rules' mistakes (issue 12): a few PASS judgments are kept for a supervisor
    # to check, at random, drawn from a generator seeded by the camera id (reproducible).
    pass_sample_rate: float = Field(0.02, ge=0, le=1, description="chance that a PASS judgment is kept (with its "
                                    "blurred picture) for a supervisor to check; 0 = none")
    pass_samples_per_day: int = Field(4, ge=0, description="at most this many kept PASS judgments per desk, rule "
                                      "and local day")

    def merged(self, override: "ComplianceConfig | None") -> "ComplianceConfig":
        if override is None:
            return self
        return self.model_copy(update={k: getattr(override, k) for k in override.model_fields_set})
