"""A unit's presence policy as the Cấu hình page saves it (None = inherit again), audited and revision-bumped.

The revision bump comes first: on PostgreSQL it locks the revision row, so two
saves for the same unit (or the province default, whose NULL unit_id no unique
constraint guards) never both insert.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy import Connection, Engine, delete, insert

from data.access import Scope
from data.db import reading
from data.presence.policy import resolve_unit
from data.schema import UnitPresencePolicy
from data.setup.changes import SetupError, record_change, require_configure, unit_name
from domain.presence_policy import PresencePolicy, value_problems


def policy_from_form(present_after_s: float, absent_grace_s: float, incident_min_s: float,
                     sample_fps: float) -> PresencePolicy:
    """The form's numbers as a policy; SetupError naming the first bad field."""
    for problem in value_problems(present_after_s, absent_grace_s, incident_min_s, sample_fps):
        raise SetupError(problem.field, problem.message)
    return PresencePolicy(float(present_after_s), float(absent_grace_s), float(incident_min_s), float(sample_fps))


def set_unit_policy(conn: Connection, scope: Scope, unit_id: int | None, policy: PresencePolicy | None) -> int:
    """Store the unit's own policy (None for the province default); `policy=None` = inherit again.

    Returns the new config revision (a `--from-store` worker reloads on it).
    """
    require_configure(conn, scope, unit_id)
    if unit_id is not None:
        unit_name(conn, unit_id)  # SetupError when there is no such unit
    target = f"presence_policy:{'province' if unit_id is None else unit_id}"
    revision = record_change(conn, scope, "set_presence_policy" if policy else "inherit_presence_policy", target,
                             unit_id, asdict(policy) if policy else {})
    owner = UnitPresencePolicy.unit_id.is_(None) if unit_id is None else UnitPresencePolicy.unit_id == unit_id
    conn.execute(delete(UnitPresencePolicy).where(owner))
    if policy is not None:
        conn.execute(insert(UnitPresencePolicy).values(
            unit_id=unit_id, updated_at=dt.datetime.now(dt.UTC), updated_by=scope.username, **asdict(policy)))
    return revision


@dataclass(frozen=True)
class UnitPolicyView:
    """What the Cấu hình page shows for a unit: the policy in force and where it comes from."""

    policy: PresencePolicy
    own: bool
    inherited_from: str | None  # the ancestor's name; None with own=False = the province default


def unit_policy(conn: Connection | Engine, scope: Scope, unit_id: int) -> UnitPolicyView:
    with reading(conn) as c:
        require_configure(c, scope, unit_id)
        found = resolve_unit(c, unit_id)
        name = None if found.own or found.from_unit_id is None else unit_name(c, found.from_unit_id)
    return UnitPolicyView(found.policy, found.own, name)
