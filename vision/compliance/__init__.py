"""Dress-code compliance: rules (uniform, badge), window aggregation, evidence snapshots."""
from vision.compliance.badge_rule import BadgeModel, BadgeRule
from vision.compliance.rules import JudgeContext, Rule, RuleResult, Torso, Verdict, Visibility, torso_box, torso_region

__all__ = [
    "BadgeModel", "BadgeRule", "JudgeContext", "Rule", "RuleResult", "Torso", "Verdict", "Visibility",
    "torso_box", "torso_region",
]
