"""A sites file's presence and compliance blocks as each unit's rows in the store (for data.setup.sites_import).

A unit has one presence policy and one set of dress-code rules; a file gives them per
camera (its own block, else the top-level one). So:

* presence: a camera whose file states thresholds or sample_fps (its own, or the top level)
  sets its unit's own policy (`set_unit_policy`, audited and revision-bumped). A file that
  says nothing about presence leaves the units inheriting as they do.
* compliance: the uniform and badge fields and blur_staff_faces a camera's compliance block
  states (its own sub-block, else the top level's) are written over its unit's rows (table
  compliance_rule, which a worker lays over the file's block); fields the file does not
  state keep what the page stored. The window, visibility and evidence settings have no
  store row: a `run --sites` worker keeps them from the file.
* Two cameras of one unit that disagree make the file bad: ConfigError naming the second.
Only what differs from the stored rows is written.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, insert, select, update

from data.access import Scope
from data.presence.policy import resolve_unit
from data.schema import ComplianceRule
from data.setup.changes import record_change, unit_name
from data.setup.presence import set_unit_policy
from domain.presence_policy import PresencePolicy, value_problems
from domain.sites import ComplianceConfig, ConfigError, SitesConfig


def import_unit_rules(conn: Connection, scope: Scope, sites: SitesConfig, unit_by_camera: Mapping[str, int],
                      name: str) -> list[str]:
    """Write each unit's policy and rules the file states; returns what changed ("unit: rule")."""
    changed = []
    for unit_id, policy in _policies(sites, unit_by_camera, name).items():
        found = resolve_unit(conn, unit_id)
        if not (found.own and found.policy == policy):
            set_unit_policy(conn, scope, unit_id, policy)
            changed.append(f"{unit_name(conn, unit_id)}: presence")
    for unit_id, rules in _rules(sites, unit_by_camera, name).items():
        stored = dict(conn.execute(select(ComplianceRule.rule, ComplianceRule.params)
                                   .where(ComplianceRule.unit_id == unit_id)).all())
        for rule, stated in rules.items():
            params = {**(_json(stored.get(rule)) or {}), **stated}
            if _json(stored.get(rule)) == params:
                continue
            values = {"params": params, "updated_at": dt.datetime.now(dt.UTC)}
            if rule in stored:
                conn.execute(update(ComplianceRule).where(ComplianceRule.unit_id == unit_id,
                                                          ComplianceRule.rule == rule).values(**values))
            else:
                conn.execute(insert(ComplianceRule).values(unit_id=unit_id, rule=rule, **values))
            record_change(conn, scope, "import_compliance_rule", f"compliance_rule:{unit_id}:{rule}", unit_id,
                          {"rule": rule, **stated})
            changed.append(f"{unit_name(conn, unit_id)}: {rule}")
    return changed


def _policies(sites: SitesConfig, unit_by_camera: Mapping[str, int], name: str) -> dict[int, PresencePolicy]:
    top_says = bool({"presence", "sample_fps"} & sites.model_fields_set)
    out: dict[int, PresencePolicy] = {}
    for ci, cam in enumerate(sites.cameras):
        if not (top_says or cam.presence is not None or cam.sample_fps is not None):
            continue
        p, fps = sites.presence_for(cam), sites.sample_fps_for(cam)
        where = f"cameras[{ci}].presence"
        for problem in value_problems(p.present_after_s, p.absent_grace_s, p.incident_min_s, fps):
            raise ConfigError(name, f"{where}.{problem.field}", problem.message)
        policy = PresencePolicy(p.present_after_s, p.absent_grace_s, p.incident_min_s, fps)
        _agree(out, unit_by_camera[cam.id], policy, name, where, cam.unit)
    return out


def _rules(sites: SitesConfig, unit_by_camera: Mapping[str, int], name: str) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for ci, cam in enumerate(sites.cameras):
        rules = {}
        for rule, key in (("uniform", "uniform"), ("badge", "badge"), ("privacy", "blur_staff_faces")):
            block = _stating(key, cam.compliance, sites.compliance)
            if block is None:
                continue
            value = getattr(block, key)
            stated = value.model_dump(mode="json", exclude_unset=True) if rule != "privacy" else {key: value}
            if stated:
                rules[rule] = _json(stated)
        if rules:
            _agree(out, unit_by_camera[cam.id], rules, name, f"cameras[{ci}].compliance", cam.unit)
    return out


def _stating(key: str, *blocks: ComplianceConfig | None) -> ComplianceConfig | None:
    """The first block that states `key` (a camera's sub-block replaces the top level's)."""
    return next((b for b in blocks if b is not None and key in b.model_fields_set), None)


def _agree(out: dict, unit_id: int, value: Any, name: str, where: str, unit: str) -> None:
    if out.setdefault(unit_id, value) != value:
        raise ConfigError(name, where, f"đơn vị '{unit}' đã có giá trị khác từ một camera trước; một đơn vị chỉ "
                                       f"có một bộ giá trị (unit '{unit}' got other values from an earlier "
                                       "camera; a unit has one set)")


def _json(value: Any) -> Any:
    """Stored JSON and fresh values compared alike (tuples as lists, floats as stored)."""
    return None if value is None else json.loads(json.dumps(value))
