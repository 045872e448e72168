"""The unit tree: lookups by folded name, subtree membership, creation."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select, update

from data.db import reading
from data.schema import Unit
from data.text import fold


@dataclass(frozen=True)
class UnitRef:
    id: int
    name: str
    level_code: str
    parent_id: int | None
    path: str


class UnitNotFound(LookupError):
    pass


def load_units(conn: Connection | Engine) -> pd.DataFrame:
    """Every unit: id, name, name_key, level_code, parent_id, path (indexed by id)."""
    stmt = select(Unit.id, Unit.name, Unit.name_key, Unit.level_code, Unit.parent_id, Unit.path).order_by(Unit.id)
    with reading(conn) as c:
        rows = c.execute(stmt).all()
    df = pd.DataFrame(rows, columns=["id", "name", "name_key", "level_code", "parent_id", "path"])
    df["parent_id"] = df["parent_id"].astype("Int64")
    return df.set_index("id", drop=False)


def create_unit(conn: Connection, name: str, level_code: str, parent_id: int | None, code: str | None = None) -> UnitRef:
    parent_path = "/"
    if parent_id is not None:
        parent_path = conn.execute(select(Unit.path).where(Unit.id == parent_id)).scalar_one()
    new_id = conn.execute(
        insert(Unit).values(
            name=name.strip(), name_key=fold(name), level_code=level_code,
            parent_id=parent_id, path="?", code=code,
        ).returning(Unit.id)
    ).scalar_one()
    path = f"{parent_path}{new_id}/"
    conn.execute(update(Unit).where(Unit.id == new_id).values(path=path))
    return UnitRef(new_id, name.strip(), level_code, parent_id, path)


def find_units(conn: Connection | Engine, name: str) -> list[UnitRef]:
    """Units whose name matches case- and diacritics-insensitively."""
    stmt = select(Unit.id, Unit.name, Unit.level_code, Unit.parent_id, Unit.path).where(Unit.name_key == fold(name))
    with reading(conn) as c:
        rows = c.execute(stmt).all()
    return [UnitRef(*r) for r in rows]


def find_unit(conn: Connection | Engine, name: str) -> UnitRef:
    """The one unit called `name`; the highest one wins if several share it."""
    found = find_units(conn, name)
    if not found:
        raise UnitNotFound(f"Không tìm thấy đơn vị '{name}' (no unit named '{name}')")
    return min(found, key=lambda u: (u.path.count("/"), u.id))


def subtree_ids(units: pd.DataFrame, unit_id: int | None) -> pd.Index:
    """Ids of `unit_id` and everything below it (all units when None)."""
    if unit_id is None:
        return units.index
    prefix = units.at[unit_id, "path"]
    return units.index[units["path"].str.startswith(prefix)]


def roll_up_to(units: pd.DataFrame, unit_ids: pd.Index) -> pd.Series:
    """Map every unit id to the member of `unit_ids` whose subtree holds it (or NA)."""
    target = pd.Series(pd.NA, index=units.index, dtype="Int64")
    # Deeper targets are assigned last so the nearest ancestor wins.
    for uid in sorted(unit_ids, key=lambda i: units.at[i, "path"].count("/")):
        prefix = units.at[uid, "path"]
        target[units["path"].str.startswith(prefix)] = uid
    return target
