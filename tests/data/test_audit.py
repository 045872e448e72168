"""The audit log: record appends inside the caller's transaction; search filters and pages."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, text, update

from data.audit import AuditQuery, record, search
from data.schema import AuditEntry

UTC = dt.timezone.utc


def _fill(engine):
    with engine.begin() as c:
        record(c, "an", "sign_in")
        record(c, "binh", "live_view", target="desk:12", detail={"camera": "cam-3"})
        record(c, "an", "evidence_view", target="absence:7")
        record(c, "system", "purge", detail={"files": 3})


@pytest.mark.parametrize(
    "query, expected_actions",
    [
        (AuditQuery(), ["purge", "evidence_view", "live_view", "sign_in"]),
        (AuditQuery(actor="an"), ["evidence_view", "sign_in"]),
        (AuditQuery(action="live_view"), ["live_view"]),
        (AuditQuery(text="DESK:12"), ["live_view"]),
        (AuditQuery(text="cam-3"), ["live_view"]),
        (AuditQuery(start=dt.datetime(2100, 1, 1, tzinfo=UTC)), []),
        (AuditQuery(end=dt.datetime(2000, 1, 1, tzinfo=UTC)), []),
        (AuditQuery(page_size=3, page=1), ["sign_in"]),
    ],
)
def test_search_filters_and_pages(engine, query, expected_actions):
    _fill(engine)
    page = search(engine, query)
    assert list(page.rows["action"]) == expected_actions
    assert page.total == (4 if query == AuditQuery() or query.page_size == 3 else len(expected_actions))


def test_record_rolls_back_with_the_callers_transaction(engine):
    with pytest.raises(RuntimeError):
        with engine.begin() as c:
            record(c, "an", "excuse", target="desk:1")
            raise RuntimeError("the audited write failed")
    assert search(engine).total == 0


@pytest.mark.parametrize("statement", [update(AuditEntry).values(actor="x"), delete(AuditEntry)])
def test_rows_cannot_be_changed_or_deleted(engine, statement):
    _fill(engine)
    with pytest.raises(Exception, match="append-only"):
        with engine.begin() as c:
            c.execute(statement)
    assert search(engine).total == 4


def test_record_refuses_a_blank_actor(engine):
    with pytest.raises(ValueError, match="actor"):
        with engine.begin() as c:
            record(c, "", "sign_in")


def _rewrites(dialect: str) -> list[str]:
    """Statements that would rewrite audit row :id through the app's own engine."""
    values = "(id, at, actor, action) VALUES (:id, CURRENT_TIMESTAMP, 'x', 'sign_in')"
    upsert = f"INSERT INTO audit_log {values} ON CONFLICT (id) DO UPDATE SET actor = 'x'"
    if dialect == "sqlite":  # REPLACE deletes the old row without firing DELETE triggers
        # An id below 1 is refused too: an id left to SQLite reads -1 in a BEFORE INSERT trigger.
        return [f"INSERT OR REPLACE INTO audit_log {values}", f"REPLACE INTO audit_log {values}", upsert,
                f"INSERT INTO audit_log {values.replace(':id', '-1')}"]
    return [upsert]


def test_an_existing_row_cannot_be_replaced_by_insert(engine):
    _fill(engine)
    before = search(engine).rows[["id", "actor", "action"]].values.tolist()
    for statement in _rewrites(engine.dialect.name):
        with pytest.raises(Exception, match="append-only"):
            with engine.begin() as c:
                c.execute(text(statement), {"id": int(before[-1][0])})
    assert search(engine).rows[["id", "actor", "action"]].values.tolist() == before
    total = search(engine).total
    with engine.begin() as c:  # ordinary appends still work
        record(c, "an", "sign_out")
    assert search(engine).total == total + 1
