"""The units a setup scope may configure, in tree order."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, select

from data.access import Scope
from data.db import reading
from data.schema import Unit


def units_in_scope(conn: Connection | Engine, scope: Scope) -> pd.DataFrame:
    """unit_id, name, depth (0 = the top of the scope), in tree order (parents before children)."""
    stmt = select(Unit.id, Unit.name, Unit.path).where(scope.unit_clause(Unit.path))
    with reading(conn) as c:
        rows = c.execute(stmt).all()
    names = {r.id: r.name for r in rows}
    # Sort by the names along the path, so siblings come in name order under their parent.
    keyed = sorted(rows, key=lambda r: [names.get(int(p), "") for p in r.path.strip("/").split("/")])
    top = min((r.path.count("/") for r in rows), default=0)
    return pd.DataFrame([(r.id, r.name, r.path.count("/") - top) for r in keyed], columns=["unit_id", "name", "depth"])
