"""Each unit's presence policy from the store: its own row, else its nearest ancestor's, else the province default.

The province default is the row with unit_id NULL, else `DEFAULT_POLICY` (the
sites file's defaults). Every reader that counts incidents resolves through
here, and the `--from-store` worker too, so a unit's threshold is one number.
Resolving many desks at once costs two small queries (the policy rows, the
desks' unit paths), whatever the number of desks.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select

from data.db import reading
from data.schema import Desk, Unit, UnitPresencePolicy
from domain.presence_policy import DEFAULT_POLICY, PresencePolicy


@dataclass(frozen=True)
class ResolvedPolicy:
    policy: PresencePolicy
    from_unit_id: int | None  # the unit whose row it is; None = the province default (row or built-in)
    own: bool  # the unit has its own row


def policy_for_unit(conn: Connection | Engine, unit_id: int | None) -> PresencePolicy:
    return resolve_unit(conn, unit_id).policy


def resolve_unit(conn: Connection | Engine, unit_id: int | None) -> ResolvedPolicy:
    """The unit's policy and where it comes from (None = the province default itself)."""
    with reading(conn) as c:
        rows = _rows(c)
        path = None if unit_id is None else c.execute(select(Unit.path).where(Unit.id == unit_id)).scalar_one_or_none()
    return _resolve(rows, unit_id, path)


def policies_for_units(conn: Connection | Engine, unit_ids: Iterable[int]) -> dict[int, PresencePolicy]:
    ids = sorted({int(i) for i in unit_ids})
    with reading(conn) as c:
        rows = _rows(c)
        paths = dict(c.execute(select(Unit.id, Unit.path).where(Unit.id.in_(ids))).all()) if ids else {}
    return {i: _resolve(rows, i, paths.get(i)).policy for i in ids}


def policies_for_desks(conn: Connection | Engine, desk_ids: Iterable[int]) -> dict[int, PresencePolicy]:
    """desk id → its unit's policy (desks that do not exist are left out)."""
    ids = sorted({int(i) for i in desk_ids})
    if not ids:
        return {}
    with reading(conn) as c:
        rows = _rows(c)
        found = c.execute(select(Desk.id, Desk.unit_id, Unit.path).join(Unit, Unit.id == Desk.unit_id)
                          .where(Desk.id.in_(ids))).all()
    cache: dict[int, PresencePolicy] = {}
    out = {}
    for desk_id, unit_id, path in found:
        if unit_id not in cache:
            cache[unit_id] = _resolve(rows, unit_id, path).policy
        out[int(desk_id)] = cache[unit_id]
    return out


def _rows(conn: Connection) -> dict[int | None, PresencePolicy]:
    stmt = select(UnitPresencePolicy.unit_id, UnitPresencePolicy.present_after_s, UnitPresencePolicy.absent_grace_s,
                  UnitPresencePolicy.incident_min_s, UnitPresencePolicy.sample_fps)
    return {unit: PresencePolicy(a, g, i, f) for unit, a, g, i, f in conn.execute(stmt).all()}


def _resolve(rows: dict[int | None, PresencePolicy], unit_id: int | None, path: str | None) -> ResolvedPolicy:
    if unit_id is not None and path:
        chain = [int(x) for x in path.strip("/").split("/") if x]  # root … unit
        for ancestor in reversed(chain):
            if ancestor in rows:
                return ResolvedPolicy(rows[ancestor], ancestor, ancestor == unit_id)
    default = rows.get(None, DEFAULT_POLICY)
    return ResolvedPolicy(default, None, unit_id is None and None in rows)
