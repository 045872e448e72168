"""The registry's live dress-code versions in a `--from-store` worker's compliance settings.

When a unit's badge rule names no model file, the badge model is the registry's live `badge`
version (data.rule_models), written once to var/models/<sha256>.pt (atomically; the file name is
its digest, so a promotion is a new file and a rollback finds the old one still there). A uniform
rule with no colours of its own takes the live `uniform` calibration (JSON). An explicit path or
explicit colours in the sites file or the store's rule rows always win.

A promotion bumps the config revision; the reload (vision/reload.py) then sees that the camera's
compliance settings changed (a new model path) and rebuilds its tracker with the new model.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from data.rule_models import live, payload
from domain.sites import ComplianceConfig
from vision.paths import MODEL_CACHE_DIR

log = logging.getLogger("vision.compliance.live_models")


@dataclass(frozen=True)
class LiveVersions:
    badge: str | None
    uniform: str | None


def materialise(conn: Connection, rule: str, version: str, sha256: str, cache_dir: Path | None = None,
                suffix: str = ".pt") -> Path:
    """The version's payload as a file named by its digest (written once, atomically)."""
    target = Path(cache_dir or MODEL_CACHE_DIR) / f"{sha256}{suffix}"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(payload(conn, rule, version))
    os.replace(tmp, target)
    return target


def uniform_fields(data: bytes) -> dict:
    """The UniformRuleConfig fields a uniform calibration payload carries."""
    doc = json.loads(data.decode("utf-8"))
    keys = ("colours", "chroma_tol", "lightness_tol", "min_match_frac")
    return {k: doc[k] for k in keys if k in doc}


def with_live_models(conn: Connection, cfg: ComplianceConfig | None,
                     cache_dir: Path | None = None) -> tuple[ComplianceConfig | None, LiveVersions]:
    """`cfg` with the live registry versions filled in where it names none; and which were used."""
    if cfg is None:
        return None, LiveVersions(None, None)
    update: dict = {}
    used_badge = used_uniform = None
    if cfg.badge.enabled and not cfg.badge.model and (lv := live(conn, "badge")) is not None:
        path = materialise(conn, "badge", lv.version, lv.sha256, cache_dir)
        # An explicit threshold stays; else the one chosen on validation when the version was trained.
        threshold = cfg.badge.threshold if cfg.badge.threshold is not None else lv.threshold
        update["badge"] = cfg.badge.model_copy(update={"model": str(path), "threshold": threshold})
        used_badge = lv.version
    if cfg.uniform.enabled and not cfg.uniform.colours and (lu := live(conn, "uniform")) is not None:
        fields = uniform_fields(payload(conn, "uniform", lu.version))
        update["uniform"] = type(cfg.uniform).model_validate({**cfg.uniform.model_dump(), **fields})
        used_uniform = lu.version
    return (cfg.model_copy(update=update) if update else cfg), LiveVersions(used_badge, used_uniform)
