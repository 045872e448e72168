"""Decisions on dress-code judgments: who may decide, what is stored and audited, changing one's mind."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from data.access import AccessDenied, Scope
from data.dress_code.decisions import (NOTE_MAX, DecisionError, check_pass_sample, confirm, confirm_desk_day,
                                       reject)
from data.schema import AuditEntry, ComplianceLabel, CompliancePassSample, ComplianceViolation
from dress_store import DAY, add_pass_sample, add_violation, at


def _inspector(store, district: str = "a") -> Scope:
    d = store.district_a if district == "a" else store.district_b
    return Scope("thanhtra", "inspector", unit_path=f"/{store.province}/{d}/")


def _violation(engine, vid: int):
    v = ComplianceViolation
    with engine.connect() as c:
        return c.execute(select(v.status, v.decided_by, v.decided_at, v.decision_note).where(v.id == vid)).one()


def _audit(engine):
    with engine.connect() as c:
        return c.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.target, AuditEntry.unit_id,
                                AuditEntry.detail).where(AuditEntry.action == "dress_decision")
                         .order_by(AuditEntry.id)).all()


def test_confirm_stores_the_decision_and_audits_it(engine, dress):
    vid = add_violation(engine, dress.desk_a, at("09:00"))
    note = "Không đeo thẻ *cả buổi* <b>"
    result = confirm(engine, _inspector(dress), vid, note, evidence_root=dress.root)
    status, by, at_, stored = _violation(engine, vid)
    assert (status, by, stored) == ("confirmed", "thanhtra", note)  # the note as typed
    assert at_ is not None
    assert (result.old_status, result.new_status, result.label.label_id is not None) == ("pending", "confirmed", True)
    [(actor, action, target, unit_id, detail)] = _audit(engine)
    assert (actor, target, unit_id) == ("thanhtra", f"violation:{vid}", dress.commune_a)
    assert (detail["old"], detail["new"], detail["note"]) == ("pending", "confirmed", note)


def test_changing_ones_mind_is_audited_and_relabels(engine, dress):
    vid = add_violation(engine, dress.desk_a, at("09:00"))
    first = confirm(engine, _inspector(dress), vid, evidence_root=dress.root)
    second = reject(engine, _inspector(dress), vid, "Thẻ bị che bởi áo khoác", evidence_root=dress.root)
    assert _violation(engine, vid)[0] == "rejected"
    assert [(d["old"], d["new"]) for *_, d in _audit(engine)] == [("pending", "confirmed"), ("confirmed", "rejected")]
    assert second.label.label_id == first.label.label_id and second.label.updated
    with engine.connect() as c:
        labels = c.execute(select(ComplianceLabel.label, ComplianceLabel.source)).all()
    assert [tuple(r) for r in labels] == [("compliant", "rejected")]


@pytest.mark.parametrize("who", ["viewer", "staff", "other district"])
def test_only_supervisors_in_scope_decide(engine, dress, who):
    vid = add_violation(engine, dress.desk_a, at("09:00"))
    scope = {"viewer": Scope("xem", "viewer"), "staff": Scope("nv", "staff", staff_id=1),
             "other district": _inspector(dress, "b")}[who]
    with pytest.raises(AccessDenied):
        confirm(engine, scope, vid, evidence_root=dress.root)
    assert _violation(engine, vid)[0] == "pending" and _audit(engine) == []


def test_a_too_long_note_is_refused_with_a_clear_message(engine, dress):
    vid = add_violation(engine, dress.desk_a, at("09:00"))
    with pytest.raises(DecisionError, match=f"tối đa {NOTE_MAX}.*at most {NOTE_MAX}"):
        reject(engine, _inspector(dress), vid, "x" * (NOTE_MAX + 1), evidence_root=dress.root)
    assert _violation(engine, vid)[0] == "pending" and _audit(engine) == []
    assert reject(engine, _inspector(dress), vid, "x" * NOTE_MAX, evidence_root=dress.root).new_status == "rejected"


def test_unknown_violation(engine, dress):
    with pytest.raises(DecisionError, match="no violation 999"):
        confirm(engine, _inspector(dress), 999, evidence_root=dress.root)


def test_confirm_desk_day_takes_that_desk_day_and_rule_only(engine, dress):
    mine = [add_violation(engine, dress.desk_a, at(t)) for t in ("08:00", "09:00", "16:50")]
    uniform = add_violation(engine, dress.desk_a, at("10:00"), rule="uniform")
    next_day = add_violation(engine, dress.desk_a, at("09:00", DAY + dt.timedelta(days=1)))
    rejected = add_violation(engine, dress.desk_a, at("11:00"), status="rejected")
    other_desk = add_violation(engine, dress.desk_b, at("09:00"))
    done = confirm_desk_day(engine, _inspector(dress), dress.desk_a, DAY, "badge", "Ảnh giống nhau",
                            evidence_root=dress.root)
    assert [r.item_id for r in done] == mine
    statuses = {vid: _violation(engine, vid)[0] for vid in (*mine, uniform, next_day, rejected, other_desk)}
    assert statuses == {**{v: "confirmed" for v in mine}, uniform: "pending", next_day: "pending",
                        rejected: "rejected", other_desk: "pending"}
    assert [t for _, _, t, _, _ in _audit(engine)] == [f"violation:{v}" for v in mine]


def test_confirm_desk_day_outside_scope_is_refused(engine, dress):
    vid = add_violation(engine, dress.desk_a, at("09:00"))
    with pytest.raises(AccessDenied):
        confirm_desk_day(engine, _inspector(dress, "b"), dress.desk_a, DAY, "badge", evidence_root=dress.root)
    assert _violation(engine, vid)[0] == "pending"


@pytest.mark.parametrize("agreed, status, label, source", [
    (True, "agreed", "compliant", "pass_agreed"),
    (False, "disagreed", "violation", "pass_disagreed"),
])
def test_pass_sample_check(engine, dress, agreed, status, label, source):
    sid = add_pass_sample(engine, dress.desk_b, at("08:00"), badge_box=[10, 20, 18, 32])
    result = check_pass_sample(engine, _inspector(dress, "b"), sid, agreed, "ok", evidence_root=dress.root)
    with engine.connect() as c:
        stored = c.execute(select(CompliancePassSample.status, CompliancePassSample.decided_by,
                                  CompliancePassSample.decision_note)).one()
        got = c.execute(select(ComplianceLabel.label, ComplianceLabel.source, ComplianceLabel.badge_box,
                               ComplianceLabel.pass_sample_id)).one()
    assert tuple(stored) == (status, "thanhtra", "ok")
    assert tuple(got) == (label, source, [10, 20, 18, 32], sid)
    [(_, _, target, unit_id, detail)] = _audit(engine)
    assert (target, unit_id, detail["new"]) == (f"pass_sample:{sid}", dress.commune_b, status)
    assert result.kind == "pass_sample"


def test_pass_sample_outside_scope_is_refused(engine, dress):
    sid = add_pass_sample(engine, dress.desk_b, at("08:00"))
    with pytest.raises(AccessDenied):
        check_pass_sample(engine, _inspector(dress, "a"), sid, True, evidence_root=dress.root)
    with engine.connect() as c:
        assert c.execute(select(CompliancePassSample.status)).scalar_one() == "pending"


def test_confirm_desk_day_with_nothing_pending(engine, dress):
    add_violation(engine, dress.desk_a, at("09:00"), status="rejected")
    assert confirm_desk_day(engine, _inspector(dress), dress.desk_a, DAY, "badge", evidence_root=dress.root) == ()
    assert _audit(engine) == []
