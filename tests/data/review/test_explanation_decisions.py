"""Decisions on staff explanations (issue 13): excuse, reject with a reason, withdraw; the newest decides;
the waiting counts per scope; retention after a rejection; why an incident has no picture.

The store (tests/access_store.py): desks A1, A2 (Xã Hoa Thám, Huyện Bình Gia) and B1 (Huyện Văn Quan),
each ABSENT 10:00–10:20 on Monday 02/03/2026 with a snapshot taken at 10:05.
"""
from __future__ import annotations

import datetime as dt

import pytest
from access_store import DAY, at, build_two_districts
from sqlalchemy import delete, func, insert, select, update

from data.access import SYSTEM, AccessDenied, Scope
from data.presence.incidents import day_incidents
from data.retention.purge import purge
from data.review.decisions import Standing, standing_of
from data.review.excuses import NoteError, excuse, explain, reject, withdraw
from data.review.incident_notes import incident_notes
from data.review.notes import IncidentKey
from data.review.pending import pending_explanations, waiting_explanations
from data.review.report import build_review
from data.schema import AbsenceEvidence, AuditEntry, CameraHealthInterval, Desk, IncidentNote

TAKEN = at(10, 5)


@pytest.fixture
def store(engine, tmp_path):
    return build_two_districts(engine, tmp_path / "evidence")


def _rows(engine, store):
    """The province's review of March: each desk's incident row by desk name, and the desks' figures."""
    r = build_review(engine, SYSTEM, None, DAY.replace(day=1))
    rows = {name: r.incidents[r.incidents["desk_id"] == store.desks[name]].iloc[0] for name in ("A1", "A2", "B1")}
    return rows, r.desks.set_index("desk_id")


def _counts(engine, store) -> tuple[int, ...]:
    return tuple(pending_explanations(engine, s) for s in (
        SYSTEM, store.inspector("a"), store.inspector("b"), store.staff_scope("A1"), store.staff_scope("A2")))


@pytest.mark.parametrize("actions, expected", [
    ((), Standing()),
    (("explain",), Standing(waiting=True)),
    (("explain", "reject"), Standing(rejected=True)),
    (("explain", "excuse"), Standing(excused=True)),
    (("explain", "reject", "withdraw"), Standing(waiting=True)),  # the decision taken back: waits again
    (("explain", "reject", "excuse"), Standing(excused=True)),  # the newest decides
    (("explain", "excuse", "reject"), Standing(rejected=True)),
    (("explain", "reject", "explain"), Standing(rejected=True, waiting=True)),  # contested again
    (("excuse", "withdraw"), Standing()),  # nothing was explained: nothing waits
])
def test_the_newest_decision_decides(actions, expected):
    assert standing_of(actions) == expected


def test_reject_withdraw_excuse_with_counts_and_audit(engine, store):
    key = IncidentKey(store.desks["A1"], "absence", at(10))
    explain(engine, store.staff_scope("A1"), key, "Đi nộp hồ sơ lên huyện")
    assert _counts(engine, store) == (1, 1, 0, 1, 0)
    [waiting] = waiting_explanations(engine, store.inspector("a"))
    assert (waiting.desk_name, waiting.unit_name, waiting.kind, waiting.start, waiting.explained_by,
            waiting.explanation) == ("Quầy A1", "Xã Hoa Thám", "absence", at(10), "staff.a1", "Đi nộp hồ sơ lên huyện")

    reject(engine, store.inspector("a"), key, "Không có giấy mời")
    assert _counts(engine, store) == (0, 0, 0, 0, 0)
    rows, desks = _rows(engine, store)
    row = rows["A1"]
    assert (row.reject_reason, row.rejected_by, bool(row.excused), bool(row.waiting)) == (
        "Không có giấy mời", "tt.a", False, False)
    assert int(desks.loc[store.desks["A1"], "incidents"]) == 1  # a rejection leaves the incident counted
    mine = incident_notes(engine, store.staff_scope("A1"), key)  # what the staff member's pages show
    assert (mine.decision.action, mine.decision.text, mine.explanation.text, mine.standing.waiting) == (
        "reject", "Không có giấy mời", "Đi nộp hồ sơ lên huyện", False)

    withdraw(engine, store.inspector("a"), key, "Xem lại")
    assert _counts(engine, store) == (1, 1, 0, 1, 0)
    assert incident_notes(engine, store.inspector("a"), key).decision is None
    excuse(engine, store.inspector("a"), key, "Đã có giấy mời")
    rows, desks = _rows(engine, store)
    row = rows["A1"]
    assert (bool(row.excused), row.excuse_reason, row.reject_reason, bool(row.waiting)) == (
        True, "Đã có giấy mời", None, False)
    assert int(desks.loc[store.desks["A1"], "incidents"]) == 0
    assert _counts(engine, store) == (0, 0, 0, 0, 0)
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(IncidentNote)).scalar_one() == 4  # nothing deleted
        audit = c.execute(select(AuditEntry.actor, AuditEntry.action).order_by(AuditEntry.id)).all()
    assert [tuple(a) for a in audit] == [("staff.a1", "explain"), ("tt.a", "reject"), ("tt.a", "withdraw"),
                                         ("tt.a", "excuse")]


@pytest.mark.parametrize("who, explained, text, error", [
    ("tt.a", False, "Không có giấy mời", NoteError),  # nothing to reject
    ("tt.a", True, "  ", NoteError),  # a rejection needs its reason
    ("tt.b", True, "Không có giấy mời", AccessDenied),  # another district's inspector
    ("viewer", True, "Không có giấy mời", AccessDenied),
    ("staff.a1", True, "Không có giấy mời", AccessDenied),  # staff do not decide on their own explanation
])
def test_refused_rejections_write_nothing(engine, store, who, explained, text, error):
    key = IncidentKey(store.desks["A1"], "absence", at(10))
    if explained:
        explain(engine, store.staff_scope("A1"), key, "Đi họp")
    scope = {"tt.a": store.inspector("a"), "tt.b": store.inspector("b"), "viewer": Scope("v", "viewer"),
             "staff.a1": store.staff_scope("A1")}[who]
    with pytest.raises(error):
        reject(engine, scope, key, text)
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(IncidentNote)).scalar_one() == int(explained)
        assert c.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == int(explained)
    assert pending_explanations(engine, store.inspector("a")) == int(explained)


def _note(engine, store, action: str, written: dt.datetime) -> None:
    with engine.begin() as c:
        c.execute(insert(IncidentNote).values(desk_id=store.desks["A1"], incident_kind="absence", incident_start=at(10),
                                              action=action, text="lý do", author="tt.a", created_at=written))


@pytest.mark.parametrize("notes, days_later, kept", [
    ([("explain", 1)], 400, True),  # a dispute: kept until decided
    ([("explain", 1), ("reject", 2)], 31, True),  # decided 2 days in: the retention counts from the decision
    ([("explain", 1), ("reject", 2)], 33, False),  # then it goes like any other
    ([("explain", 1), ("reject", 2), ("withdraw", 3)], 400, True),  # the rejection withdrawn: a dispute again
    ([("explain", 1), ("reject", 2), ("explain", 5)], 400, True),  # contested after the rejection
])
def test_retention_after_a_rejection(engine, store, tmp_path, notes, days_later, kept):
    for action, day in notes:
        _note(engine, store, action, TAKEN + dt.timedelta(days=day))
    report = purge(engine, live_dir=None, now=TAKEN + dt.timedelta(days=days_later),
                   evidence_root=tmp_path / "evidence")
    assert store.evidence["A1"].exists() == kept
    assert report.kept_for_notes == int(kept)
    assert not store.evidence["B1"].exists()  # no notes: gone at its time


def test_why_an_incident_has_no_picture(engine, store):
    a1, a2, b1 = (store.desks[d] for d in ("A1", "A2", "B1"))
    with engine.begin() as c:
        c.execute(update(AbsenceEvidence).where(AbsenceEvidence.desk_id == a2)
                  .values(evidence_path=None, evidence_purged_at=at(12)))
        c.execute(update(AbsenceEvidence).where(AbsenceEvidence.desk_id == b1)
                  .values(evidence_path=None, missing_reason="face_model"))
    got = day_incidents(engine, [a1, a2, b1], DAY, scope=SYSTEM).set_index("desk_id")
    assert got.loc[a1, "evidence_path"] == "a1-absent-1000.jpg" and got.loc[a1, "picture_missing"] is None
    assert (got.loc[a2, "evidence_path"], got.loc[a2, "picture_missing"]) == (None, "purged")
    assert got.loc[b1, "picture_missing"] == "face_model"
    # No snapshot at all: the camera's health decides between "offline" and "not taken".
    with engine.begin() as c:
        c.execute(delete(AbsenceEvidence).where(AbsenceEvidence.desk_id.in_([a2, b1])))
        camera_b = c.execute(select(Desk.camera_id).where(Desk.id == b1)).scalar_one()
        c.execute(insert(CameraHealthInterval).values(camera_id=camera_b, state="OFFLINE", start_at=at(10, 4),
                                                      end_at=at(10, 9)))
    got = day_incidents(engine, [a1, a2, b1], DAY, scope=SYSTEM).set_index("desk_id")
    assert (got.loc[a2, "picture_missing"], got.loc[b1, "picture_missing"]) == ("not_taken", "camera_offline")
    # The review's list says the same.
    rows, _ = _rows(engine, store)
    assert tuple(rows[d].picture_missing for d in ("A1", "A2", "B1")) == (None, "not_taken", "camera_offline")


def test_the_live_pages_lookup_is_scoped(engine, store):
    """What the live page's absence list calls (dashboard.incident_picture.show_absence_picture)."""
    from data.presence.incident_picture import scoped_incident_picture

    a1 = store.desks["A1"]
    got = scoped_incident_picture(engine, store.inspector("a"), a1, at(10), at(10, 20))
    assert (got.path, got.missing) == ("a1-absent-1000.jpg", None)
    with pytest.raises(AccessDenied):
        scoped_incident_picture(engine, store.inspector("b"), a1, at(10), at(10, 20))
