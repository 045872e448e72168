"""Query results as DataFrames without a Python object per row.

Numbers-only review queries are read straight off the DB-API cursor: building
SQLAlchemy Rows and letting pandas probe each one costs more than the query.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection


def frame(conn: Connection, stmt, columns: list[str]) -> pd.DataFrame:
    result = conn.execute(stmt)
    try:
        rows = result.cursor.fetchall() if result.cursor is not None else []
    finally:
        result.close()
    if not rows:
        return pd.DataFrame({c: [] for c in columns})
    return pd.DataFrame(rows, columns=columns)
