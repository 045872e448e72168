"""The gate for counting without confirmation: precision ≥ 0.95 over ≥ 200 decisions in the unit."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, select

from data.access import AccessDenied, Scope
from data.dress_code.count_mode import GateRefused, get, set_count_mode
from data.dress_code.precision import precision_table, rule_precision
from data.schema import AuditEntry, CompliancePassSample, ComplianceViolation
from dress_store import at

ADMIN = Scope("quantri", "admin")


def _decided(engine, desk_id: int, confirmed: int, rejected: int, rule: str = "badge") -> None:
    start = at("07:00")
    rows = [{"desk_id": desk_id, "rule": rule, "start_at": start + dt.timedelta(minutes=i),
             "end_at": start + dt.timedelta(minutes=i), "samples": 1, "fail_samples": 1,
             "status": "confirmed" if i < confirmed else "rejected"} for i in range(confirmed + rejected)]
    if rows:
        with engine.begin() as c:
            c.execute(insert(ComplianceViolation), rows)


@pytest.mark.parametrize("confirmed, rejected, allowed", [
    (197, 2, False),  # 199 decisions at 0.99: too few
    (190, 10, True),  # 200 at 0.95
    (189, 11, False),  # 200 at 0.945
    (949, 51, False),  # 1000 at 0.949
    (0, 0, False),  # nothing decided yet
])
def test_gate(engine, dress, confirmed, rejected, allowed):
    _decided(engine, dress.desk_a, confirmed, rejected)
    if allowed:
        mode = set_count_mode(engine, ADMIN, dress.commune_a, "badge", True)
        assert (mode.without_confirmation, mode.decisions, mode.updated_by) == (True, 200, "quantri")
        assert mode.precision == pytest.approx(0.95)
    else:
        with pytest.raises(GateRefused, match=r"≥ 0.95 trên ≥ 200 .*needs ≥ 0.95 over ≥ 200 decisions"):
            set_count_mode(engine, ADMIN, dress.commune_a, "badge", True)
        assert not get(engine, dress.commune_a, "badge").without_confirmation


def test_refusal_names_the_figure(engine, dress):
    _decided(engine, dress.desk_a, 197, 2)
    with pytest.raises(GateRefused, match=r"precision 0.990 over 199 decisions"):
        set_count_mode(engine, ADMIN, dress.commune_a, "badge", True)


def test_other_units_and_rules_do_not_open_the_gate(engine, dress):
    _decided(engine, dress.desk_b, 200, 0)  # another unit
    _decided(engine, dress.desk_a, 200, 0, rule="uniform")  # another rule
    with pytest.raises(GateRefused):
        set_count_mode(engine, ADMIN, dress.commune_a, "badge", True)


def test_switching_is_audited_and_off_is_always_allowed(engine, dress):
    _decided(engine, dress.desk_a, 200, 0)
    set_count_mode(engine, ADMIN, dress.commune_a, "badge", True)
    _decided(engine, dress.desk_a, 0, 100)  # precision falls to 0.67: switching off needs no gate
    off = set_count_mode(engine, ADMIN, dress.commune_a, "badge", False)
    assert (off.without_confirmation, off.decisions) == (False, 300)
    with engine.connect() as c:
        rows = c.execute(select(AuditEntry.target, AuditEntry.detail).where(AuditEntry.action == "config_change")
                         .order_by(AuditEntry.id)).all()
    assert [(t, d["old"], d["new"], d["decisions"]) for t, d in rows] == [
        (f"count_mode:{dress.commune_a}:badge", False, True, 200),
        (f"count_mode:{dress.commune_a}:badge", True, False, 300)]


@pytest.mark.parametrize("scope", ["inspector", "admin of another district"])
def test_only_admins_of_the_unit_switch(engine, dress, scope):
    _decided(engine, dress.desk_a, 200, 0)
    who = (Scope("tra", "inspector") if scope == "inspector"
           else Scope("qt", "admin", unit_path=f"/{dress.province}/{dress.district_b}/"))
    with pytest.raises(AccessDenied):
        set_count_mode(engine, who, dress.commune_a, "badge", True)
    assert not get(engine, dress.commune_a, "badge").without_confirmation


def test_precision_figures_and_table(engine, dress):
    _decided(engine, dress.desk_a, 3, 1)
    with engine.begin() as c:
        c.execute(insert(CompliancePassSample), [
            {"desk_id": dress.desk_a, "rule": "badge", "observed_at": at(f"08:0{i}"), "status": s}
            for i, s in enumerate(("agreed", "agreed", "disagreed", "pending"))])
    fig = rule_precision(engine, dress.commune_a, "badge")
    assert (fig.confirmed, fig.rejected, fig.pass_agreed, fig.pass_disagreed) == (3, 1, 2, 1)
    assert (fig.precision, round(fig.pass_agreement, 3)) == (0.75, 0.667)
    table = precision_table(engine, Scope("tra", "inspector", unit_path=f"/{dress.province}/{dress.district_a}/"))
    assert [(r.unit_id, r.rule, r.figures.decisions, r.without_confirmation) for r in table] == [
        (dress.commune_a, "badge", 4, False), (dress.commune_a, "uniform", 0, False)]
    assert table[0].unit_label == "Huyện Bình Gia › Xã Hoa Thám"
