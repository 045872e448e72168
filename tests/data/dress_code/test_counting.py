"""Only counted violations count: in the review (desk figures, the monthly review and the frames its
exports print), the scorecard, the compliance rate, and `counted_violations` (what alerts raise).

Desk Q-A, Monday 02/03/2026 (badge): PASS 08:00, 08:10, 08:20; violations confirmed 09:00–09:10,
pending 10:00–10:10 and rejected 11:00–11:10, each with a FAIL sample at :05; a FAIL at 14:00 inside no
violation; an UNKNOWN at 15:00. Confirmed only: 1 violation, 3 PASS / 1 FAIL → 75 %. With Xã Hoa Thám
counting badge without confirmation: 2 violations, 3 PASS / 2 FAIL → 60 %.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert

from data.access import SYSTEM, Scope
from data.dress_code.counting import counted_violations, is_counted
from data.review.desk_month import desk_period_figures
from data.review.report import build_review
from data.schema import ComplianceCountMode, ComplianceObservation
from data.scorecard.figures import unit_discipline
from dress_store import DAY, add_violation, at

MONTH = DAY.replace(day=1)
END = dt.date(2026, 3, 31)


@pytest.fixture
def day(engine, dress):
    ids = {status: add_violation(engine, dress.desk_a, at(clock), status=status)
           for status, clock in (("confirmed", "09:00"), ("pending", "10:00"), ("rejected", "11:00"))}
    samples = [("PASS", "08:00"), ("PASS", "08:10"), ("PASS", "08:20"), ("FAIL", "09:05"), ("FAIL", "10:05"),
               ("FAIL", "11:05"), ("FAIL", "14:00"), ("UNKNOWN", "15:00")]
    with engine.begin() as c:
        c.execute(insert(ComplianceObservation), [{"desk_id": dress.desk_a, "observed_at": at(t), "rule": "badge",
                                                   "result": r} for r, t in samples])
    return ids


def _count_mode(engine, unit_id: int, rule: str = "badge") -> None:
    with engine.begin() as c:
        c.execute(insert(ComplianceCountMode).values(unit_id=unit_id, rule=rule, without_confirmation=True,
                                                     precision=0.97, decisions=250, updated_at=at("17:00")))


def _desk_a(engine, dress):
    return desk_period_figures(engine, SYSTEM, None, DAY, DAY).set_index("desk_id").loc[dress.desk_a]


@pytest.mark.parametrize("mode_unit, violations, failed, compliance", [
    (None, 1, 1, 75.0),  # confirmed only
    ("commune_a", 2, 2, 60.0),  # the desk's own unit counts badge without confirmation
    ("district_a", 1, 1, 75.0),  # a parent unit's mode is not the desk's
    ("commune_b", 1, 1, 75.0),
])
def test_desk_figures(engine, dress, day, mode_unit, violations, failed, compliance):
    if mode_unit:
        _count_mode(engine, getattr(dress, mode_unit))
    row = _desk_a(engine, dress)
    assert (row["violations"], row["checks_passed"], row["checks_failed"], float(row["compliance"])) == (
        violations, 3, failed, compliance)


def test_count_mode_of_the_other_rule_changes_nothing(engine, dress, day):
    _count_mode(engine, dress.commune_a, "uniform")
    assert _desk_a(engine, dress)["violations"] == 1


def test_monthly_review_lists_every_violation_and_counts_the_counted(engine, dress, day):
    r = build_review(engine, SYSTEM, dress.commune_a, MONTH)
    listed = r.violations.set_index("violation_id")
    assert listed.loc[[day["confirmed"], day["pending"], day["rejected"]], "status"].tolist() == [
        "confirmed", "pending", "rejected"]
    assert listed.loc[[day["confirmed"], day["pending"], day["rejected"]], "counted"].tolist() == [True, False, False]
    assert r.desks.set_index("desk_id").loc[dress.desk_a, "violations"] == 1
    assert (int(r.summary["violations"].iloc[0]), float(r.summary["compliance"].iloc[0])) == (1, 75.0)
    assert int(r.units.set_index("unit_id").loc[dress.commune_a, "violations"]) == 1


def test_monthly_review_under_count_mode(engine, dress, day):
    _count_mode(engine, dress.commune_a)
    r = build_review(engine, SYSTEM, dress.commune_a, MONTH)
    assert r.violations.set_index("violation_id").loc[day["pending"], "counted"]
    assert int(r.summary["violations"].iloc[0]) == 2


@pytest.mark.parametrize("mode, fails, unknowns, compliance", [(False, 1, 4, 75.0), (True, 2, 3, 60.0)])
def test_scorecard_compliance(engine, dress, day, mode, fails, unknowns, compliance):
    if mode:
        _count_mode(engine, dress.commune_a)
    row = unit_discipline(engine, SYSTEM, None, [dress.commune_a], MONTH, END, 2026).iloc[0]
    assert (row["passes"], row["fails"], row["unknowns"], float(row["compliance"])) == (3, fails, unknowns,
                                                                                       compliance)


def test_counted_violations_for_alerts(engine, dress, day):
    since = at("00:00")
    assert [v.id for v in counted_violations(engine, SYSTEM, since)] == [day["confirmed"]]
    assert [v.id for v in counted_violations(engine, SYSTEM, at("09:30"))] == []
    _count_mode(engine, dress.commune_a)
    got = counted_violations(engine, SYSTEM, since)
    assert [(v.id, v.status, v.unit_id) for v in got] == [(day["confirmed"], "confirmed", dress.commune_a),
                                                          (day["pending"], "pending", dress.commune_a)]
    other = Scope("tra", "inspector", unit_path=f"/{dress.province}/{dress.district_b}/")
    assert counted_violations(engine, other, since) == ()
    assert [is_counted(engine, day[s]) for s in ("confirmed", "pending", "rejected")] == [True, True, False]
