"""Excuses, withdrawals and explanations: who may write them, what they change, the audit line, never a half-write."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from data.access import SYSTEM, AccessDenied, Scope
from data.review.excuses import NoteError, excuse, explain, withdraw
from data.review.notes import IncidentKey
from data.review.report import build_review
from data.schema import AuditEntry, IncidentNote
from review_store import at, build_review_store

MARCH = dt.date(2026, 3, 1)


@pytest.fixture
def store(engine):
    return build_review_store(engine)


def _figures(engine, store):
    row = build_review(engine, SYSTEM, store.commune_a, MARCH).desks.set_index("desk_id").loc[store.desk_a]
    return int(row.incidents), int(row.excused), float(row.incident_s)


def _count(engine, table) -> int:
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(table)).scalar_one()


def test_excuse_then_withdraw_then_excuse(engine, store):
    key = IncidentKey(store.desk_a, "absence", at("07:30"))
    inspector = Scope("kiemtra", "inspector", unit_path=f"/{store.province}/{store.district_a}/")
    assert _figures(engine, store) == (2, 0, 5400.0)
    excuse(engine, inspector, key, "Đi họp theo giấy mời")
    assert _figures(engine, store) == (1, 1, 3600.0)
    r = build_review(engine, SYSTEM, store.commune_a, MARCH)
    row = r.incidents[(r.incidents["desk_id"] == store.desk_a) & r.incidents["excused"]].iloc[0]
    assert (row.excuse_reason, row.excused_by) == ("Đi họp theo giấy mời", "kiemtra")
    withdraw(engine, SYSTEM, key, "Giấy mời không đúng giờ")
    assert _figures(engine, store) == (2, 0, 5400.0)
    excuse(engine, SYSTEM, key, "Đã xác minh lại")
    assert _figures(engine, store) == (1, 1, 3600.0)
    assert _count(engine, IncidentNote) == 3  # nothing is ever deleted
    with engine.connect() as c:
        actions = c.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.unit_id).order_by(AuditEntry.id)).all()
    assert [tuple(a) for a in actions] == [("kiemtra", "excuse", store.commune_a), ("system", "withdraw", store.commune_a),
                                           ("system", "excuse", store.commune_a)]


def test_excusing_a_violation(engine, store):
    excuse(engine, SYSTEM, IncidentKey(store.desk_a, "badge", at("09:00")), "Thẻ bị hỏng, đã cấp lại")
    r = build_review(engine, SYSTEM, store.commune_a, MARCH)
    assert r.desks.set_index("desk_id").loc[store.desk_a, "violations"] == 0
    assert bool(r.violations.iloc[0]["excused"]) and r.violations.iloc[0]["excuse_reason"] == "Thẻ bị hỏng, đã cấp lại"


def test_staff_explains_own_incident(engine, store):
    key = IncidentKey(store.desk_a, "absence", at("16:00"))
    an = Scope("an", "staff", staff_id=store.staff["Nguyễn Văn An"])
    explain(engine, an, key, "Đi nộp hồ sơ lên huyện")
    r = build_review(engine, SYSTEM, store.commune_a, MARCH)
    row = r.incidents[(r.incidents["start_at"] == at("16:00")) & (r.incidents["desk_id"] == store.desk_a)].iloc[0]
    assert (row.explanation, row.explained_by, bool(row.excused)) == ("Đi nộp hồ sơ lên huyện", "an", False)
    assert _figures(engine, store) == (2, 0, 5400.0)  # an explanation never changes the figures


@pytest.mark.parametrize("who, action", [
    ("inspector_b", "excuse"),  # another district's inspector
    ("viewer", "excuse"),  # a provincial viewer reads only
    ("staff_binh", "explain"),  # Bình was not on duty on 02/03
    ("staff_an", "excuse"),  # staff explain, they do not excuse
    ("inspector_a", "explain"),  # inspectors excuse, they do not explain
])
def test_refused_writes_leave_nothing(engine, store, who, action):
    scopes = {
        "inspector_b": Scope("b", "inspector", unit_path=f"/{store.province}/{store.district_b}/"),
        "inspector_a": Scope("a", "inspector", unit_path=f"/{store.province}/{store.district_a}/"),
        "viewer": Scope("v", "viewer"),
        "staff_binh": Scope("binh", "staff", staff_id=store.staff["Trần Thị Bình"]),
        "staff_an": Scope("an", "staff", staff_id=store.staff["Nguyễn Văn An"]),
    }
    write = {"excuse": excuse, "explain": explain}[action]
    with pytest.raises(AccessDenied):
        write(engine, scopes[who], IncidentKey(store.desk_a, "absence", at("07:30")), "lý do")
    assert (_count(engine, IncidentNote), _count(engine, AuditEntry)) == (0, 0)


@pytest.mark.parametrize("key_start, kind, text, message", [
    ("07:30", "absence", "   ", "reason is required"),
    ("07:31", "absence", "lý do", "no such incident"),
    ("07:30", "badge", "lý do", "no such incident"),
    ("07:30", "attitude", "lý do", "unknown incident kind"),
    ("07:30", "absence", "x" * 2001, "longer than 2000"),
])
def test_bad_notes_are_refused(engine, store, key_start, kind, text, message):
    with pytest.raises(NoteError, match=message):
        excuse(engine, SYSTEM, IncidentKey(store.desk_a, kind, at(key_start)), text)
    assert (_count(engine, IncidentNote), _count(engine, AuditEntry)) == (0, 0)


@pytest.mark.parametrize("actions, excused", [
    ((), False),
    (("excuse",), True),
    (("excuse", "withdraw"), False),
    (("excuse", "withdraw", "excuse"), True),
    (("withdraw",), False),
    (("excuse", "explain"), True),  # an explanation decides nothing
    (("explain",), False),
    (("withdraw", "excuse", "explain", "explain"), True),
])
def test_newest_excuse_or_withdrawal_decides(actions, excused):
    import pandas as pd

    from data.review.notes import NOTE_COLUMNS, excused_keys

    notes = pd.DataFrame([(7, "absence", 1_000, a, "x", "u", dt.datetime(2026, 3, 2, i, tzinfo=dt.UTC))
                          for i, a in enumerate(actions)], columns=NOTE_COLUMNS)
    assert ((7, "absence", 1_000) in excused_keys(notes)) is excused


def test_excusing_a_run_that_starts_between_milliseconds(engine, store):
    """The worker's instants carry microseconds; the page's key comes back from the review, to the millisecond."""
    from sqlalchemy import insert

    from data.schema import PresenceInterval

    day = dt.date(2026, 3, 20)
    start = at("09:00", day) + dt.timedelta(microseconds=123_456)
    with engine.begin() as c:
        c.execute(insert(PresenceInterval), [
            {"desk_id": store.desk_b, "state": "PRESENT", "start_at": at("07:30", day), "end_at": start,
             "source": "worker"},
            {"desk_id": store.desk_b, "state": "ABSENT", "start_at": start, "end_at": at("09:20", day),
             "source": "worker"},
        ])
    r = build_review(engine, SYSTEM, store.commune_b, MARCH)
    row = r.incidents[r.incidents["desk_id"] == store.desk_b].iloc[0]
    excuse(engine, SYSTEM, IncidentKey(store.desk_b, "absence", row.start_at.to_pydatetime()), "Họp giao ban")
    r = build_review(engine, SYSTEM, store.commune_b, MARCH)
    desk = r.desks.set_index("desk_id").loc[store.desk_b]
    assert (desk.incidents, desk.excused) == (0, 1)
    assert r.incidents.iloc[0]["excuse_reason"] == "Họp giao ban"
