"""From the validated `compliance` block (domain.sites) and the store's per-unit rules to
the values the rules and the window aggregation take."""
from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from domain.records import StoredRule  # noqa: F401  (re-exported: the store returns it)
from domain.sites import BadgeRuleConfig, ComplianceConfig, UniformRuleConfig
from vision.compliance.rules import Visibility
from vision.compliance.uniform import LabColour, UniformReference
from vision.compliance.window import WindowParams

RULES = ("uniform", "badge")


def visibility_of(cfg: ComplianceConfig) -> Visibility:
    v = cfg.visibility
    return Visibility(v.min_box_height_px, v.min_lightness, v.min_visible_frac, v.torso_top, v.torso_bottom,
                      v.torso_width)


def uniform_reference(cfg: UniformRuleConfig) -> UniformReference | None:
    if not cfg.colours:
        return None
    return UniformReference(tuple(LabColour(*c) for c in cfg.colours), cfg.chroma_tol, cfg.lightness_tol,
                            cfg.min_match_frac)


def window_params(cfg: ComplianceConfig, sample_s: float) -> WindowParams:
    w = cfg.window
    return WindowParams(w.min_samples, w.minutes * 60.0, w.agree_frac, sample_s)


def with_store_rules(cfg: ComplianceConfig, rules: list[StoredRule], where: str = "compliance_rule") -> ComplianceConfig:
    """Store rows override the sites file: each row's params replace the named fields of
    that rule's block ("privacy" rows may set blur_staff_faces)."""
    update: dict[str, Any] = {}
    for r in rules:
        try:
            if r.rule == "uniform":
                update["uniform"] = UniformRuleConfig.model_validate({**cfg.uniform.model_dump(), **r.params})
            elif r.rule == "badge":
                update["badge"] = BadgeRuleConfig.model_validate({**cfg.badge.model_dump(), **r.params})
            elif r.rule == "privacy":
                extra = set(r.params) - {"blur_staff_faces"}
                if extra or not isinstance(r.params.get("blur_staff_faces", True), bool):
                    raise ValueError(f"chỉ có blur_staff_faces: true|false (only blur_staff_faces; got {sorted(r.params)})")
                update.update(r.params)
            else:
                raise ValueError(f"không biết quy tắc '{r.rule}' (unknown rule; known: uniform, badge, privacy)")
        except (ValidationError, ValueError) as exc:
            msg = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            raise ValueError(f"{where}: đơn vị {r.unit_id}, quy tắc '{r.rule}': {msg}") from None
    return cfg.model_copy(update=update) if update else cfg
