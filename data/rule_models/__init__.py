"""The dress-code model registry (issue 12): versioned badge weights and uniform calibrations with
their figures, exactly one live version per rule, promotion behind a gate, rollback, and the
labelled crops retraining reads.

Every promotion or rollback bumps the config revision in the same transaction, so `--from-store`
workers load the new live version without a restart, and writes an audit row.
"""
from data.rule_models.gate import GateDecision, HeldOut, Scores, decide, held_out_of
from data.rule_models.labels import LabelledCrop, labelled_crops
from data.rule_models.registry import (
    ModelVersion, PromotionRefused, RegistryError, add_version, ensure_registered, free_name, live, payload, promote,
    rollback, versions,
)
from data.rule_models.registry import get as get_version

__all__ = [
    "GateDecision", "HeldOut", "LabelledCrop", "ModelVersion", "PromotionRefused", "RegistryError", "Scores",
    "add_version", "decide", "ensure_registered", "free_name", "get_version", "held_out_of", "labelled_crops", "live", "payload",
    "promote", "rollback", "versions",
]
