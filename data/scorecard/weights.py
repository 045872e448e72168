"""Changing the composite ranking's weights: administrators only, audited with the old and new values."""
from __future__ import annotations

from sqlalchemy import Connection, Engine

from data import audit
from data.access import AccessDenied, Scope
from data.settings import RANKING_WEIGHTS_KEY, RankingWeights, get_ranking_weights, put_ranking_weights


def set_weights(conn: Connection | Engine, scope: Scope, weights: RankingWeights) -> None:
    if isinstance(conn, Engine):
        with conn.begin() as c:
            set_weights(c, scope, weights)
        return
    if not scope.can_configure:
        raise AccessDenied(f"tài khoản {scope.username!r} không được đổi trọng số xếp hạng "
                           f"(account {scope.username!r} may not change the ranking weights)")
    before = get_ranking_weights(conn)
    put_ranking_weights(conn, weights, by=scope.username)
    audit.record(conn, scope.username, "config_change", target=f"setting:{RANKING_WEIGHTS_KEY}",
                 detail={"before": before.as_dict(), "after": weights.as_dict()})
