"""Presence policy per unit: own row, nearest ancestor, province default; saved audited and revision-bumped."""
import pytest
from setup_store import audit_rows, build_tree, counts, scope_under

from data.access import SYSTEM, AccessDenied
from data.presence.policy import ResolvedPolicy, policies_for_desks, policies_for_units, policy_for_unit, resolve_unit
from data.setup import SetupError
from data.setup.presence import policy_from_form, set_unit_policy
from domain.presence_policy import DEFAULT_POLICY, PresencePolicy

TEN = PresencePolicy(present_after_s=3, absent_grace_s=30, incident_min_s=600, sample_fps=2)
PROVINCE = PresencePolicy(incident_min_s=420)


@pytest.fixture
def tree(engine):
    return build_tree(engine)


def test_a_unit_inherits_from_its_nearest_ancestor_then_the_province_default(engine, tree):
    assert policy_for_unit(engine, tree.hoa_tham) == DEFAULT_POLICY
    with engine.begin() as c:
        set_unit_policy(c, SYSTEM, tree.binh_gia, TEN)
    assert resolve_unit(engine, tree.hoa_tham) == ResolvedPolicy(TEN, tree.binh_gia, own=False)
    assert resolve_unit(engine, tree.binh_gia) == ResolvedPolicy(TEN, tree.binh_gia, own=True)
    assert policy_for_unit(engine, tree.diem_he) == DEFAULT_POLICY
    with engine.begin() as c:
        set_unit_policy(c, SYSTEM, None, PROVINCE)
    assert policies_for_units(engine, [tree.hoa_tham, tree.diem_he, tree.province]) == {
        tree.hoa_tham: TEN, tree.diem_he: PROVINCE, tree.province: PROVINCE}
    assert resolve_unit(engine, None) == ResolvedPolicy(PROVINCE, None, own=True)
    with engine.begin() as c:
        set_unit_policy(c, SYSTEM, tree.binh_gia, None)  # inherit again
    assert policy_for_unit(engine, tree.hoa_tham) == PROVINCE
    assert counts(engine).revision == 3


def test_desks_resolve_by_their_unit_in_one_go(engine, tree):
    from sqlalchemy import insert

    from data.schema import Desk

    with engine.begin() as c:
        set_unit_policy(c, SYSTEM, tree.hoa_tham, TEN)
        a, b = (c.execute(insert(Desk).values(unit_id=u, code="Q1", name="Quầy 1").returning(Desk.id)).scalar_one()
                for u in (tree.hoa_tham, tree.diem_he))
    assert policies_for_desks(engine, [a, b, 999]) == {a: TEN, b: DEFAULT_POLICY}
    assert policies_for_desks(engine, []) == {}


def test_a_save_is_audited_as_a_config_change(engine, tree):
    with engine.begin() as c:
        set_unit_policy(c, SYSTEM, tree.hoa_tham, TEN)
    actor, action, target, detail = audit_rows(engine)[-1]
    assert (action, target) == ("config_change", f"presence_policy:{tree.hoa_tham}")
    assert detail == {"op": "set_presence_policy", "revision": 1, "present_after_s": 3.0, "absent_grace_s": 30.0,
                      "incident_min_s": 600.0, "sample_fps": 2.0}


@pytest.mark.parametrize(("values", "field"), [
    ((-1, 60, 300, 1), "present_after_s"), ((5, 60, -0.5, 1), "incident_min_s"), ((5, 60, 300, 0), "sample_fps"),
    ((5, 60, 300, 60), "sample_fps"), ((5, float("nan"), 300, 1), "absent_grace_s"),
])
def test_bad_numbers_are_refused_naming_the_field(values, field):
    with pytest.raises(SetupError) as err:
        policy_from_form(*values)
    assert err.value.field == field


def test_only_administrators_of_the_unit_configure_it(engine, tree):
    before = counts(engine)
    for scope, unit in ((scope_under(engine, tree.binh_gia, "viewer"), tree.hoa_tham),
                        (scope_under(engine, tree.binh_gia), tree.diem_he),
                        (scope_under(engine, tree.binh_gia), None)):
        with pytest.raises(AccessDenied), engine.begin() as c:
            set_unit_policy(c, scope, unit, TEN)
    assert counts(engine) == before
    with engine.begin() as c:
        set_unit_policy(c, scope_under(engine, tree.binh_gia), tree.hoa_tham, TEN)
    assert policy_for_unit(engine, tree.hoa_tham) == TEN
