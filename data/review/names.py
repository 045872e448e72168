"""Names for the review tables: desks with their unit, units with their place in the tree."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from data.schema import Desk, Unit

DESK_NAME_COLUMNS = ["desk_id", "desk_code", "desk_name", "unit_id", "unit_name", "unit_path"]


def desk_names(conn: Connection, desk_ids: list[int]) -> pd.DataFrame:
    if not desk_ids:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c.endswith("_id") else object) for c in DESK_NAME_COLUMNS})
    rows = conn.execute(
        select(Desk.id, Desk.code, Desk.name, Unit.id, Unit.name, Unit.path)
        .join(Unit, Unit.id == Desk.unit_id).where(Desk.id.in_(desk_ids))
    ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=DESK_NAME_COLUMNS)


def tree_order(paths: pd.Series) -> pd.Series:
    """Sort key for unit paths by their numeric ids ('/1/10/' after '/1/9/')."""
    return paths.map(lambda p: tuple(int(x) for x in str(p).strip("/").split("/") if x))
