"""Which units a review reads: the picked unit's subtree, inside the reader's scope."""
from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, select

from data.access import Scope
from data.schema import Unit


def subtree_clause(conn: Connection, scope: Scope, unit_id: int | None) -> ColumnElement[bool]:
    """SQL condition on `unit` rows (join it): the subtree of `unit_id` (None = the province) that scope may read.

    Raises AccessDenied when the picked unit lies outside the scope, LookupError when it does not exist.
    """
    scope.require_unit(conn, unit_id)
    if unit_id is None:
        return scope.unit_clause(Unit.path)
    path = conn.execute(select(Unit.path).where(Unit.id == unit_id)).scalar_one_or_none()
    if path is None:
        raise LookupError(f"không có đơn vị id={unit_id} (no unit with id {unit_id})")
    return Unit.path.startswith(path, autoescape=True) & scope.unit_clause(Unit.path)
