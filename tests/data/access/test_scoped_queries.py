"""Scope is enforced in data/: an inspector of district A reads nothing of district B, staff only their own desks.

Every scoped read model is called three ways: inside the scope (answers), reaching into the
other district (AccessDenied), and mixing both (AccessDenied: a request is never half-answered).
"""
from __future__ import annotations

import pytest
from access_store import DAY, DOSSIER_DAY, at, build_two_districts

from data.access import SYSTEM, AccessDenied
from data.dossiers import stats
from data.presence import coverage, desks, incidents, intervals

MARCH = (DOSSIER_DAY.replace(day=1), DOSSIER_DAY.replace(day=31))
NOW = at(10, 30)


@pytest.fixture
def store(engine, tmp_path):
    return build_two_districts(engine, tmp_path / "evidence")


def desk_queries(engine, scope, ids):
    """Every read model that takes desk ids, as (name, call)."""
    return [
        ("day_intervals", lambda: intervals.day_intervals(engine, ids, DAY, scope=scope)),
        ("current_states", lambda: intervals.current_states(engine, ids, NOW, scope=scope)),
        ("coverage_so_far", lambda: coverage.coverage_so_far(engine, ids, NOW, scope=scope)),
        ("day_coverage", lambda: coverage.day_coverage(engine, ids, DAY, scope=scope)),
        ("day_incidents", lambda: incidents.day_incidents(engine, ids, DAY, scope=scope)),
        ("current_absences", lambda: incidents.current_absences(engine, ids, NOW, scope=scope)),
    ]


DESK_QUERY_NAMES = [name for name, _ in desk_queries(None, SYSTEM, [])]


@pytest.mark.parametrize("query", DESK_QUERY_NAMES)
@pytest.mark.parametrize("who, asked, allowed", [
    ("inspector_a", ["A1", "A2"], True),
    ("inspector_a", ["B1"], False),
    ("inspector_a", ["A1", "B1"], False),
    ("inspector_b", ["B1"], True),
    ("inspector_b", ["A2"], False),
    ("staff_a1", ["A1"], True),
    ("staff_a1", ["A2"], False),  # same commune, someone else's desk
    ("staff_a1", ["B1"], False),
    ("system", ["A1", "A2", "B1"], True),
])
def test_desk_reads_stay_inside_the_scope(engine, store, query, who, asked, allowed):
    scope = {"inspector_a": store.inspector("a"), "inspector_b": store.inspector("b"),
             "staff_a1": store.staff_scope("A1"), "system": SYSTEM}[who]
    ids = [store.desks[d] for d in asked]
    call = dict(desk_queries(engine, scope, ids))[query]
    if allowed:
        result = call()
        if "desk_id" in result.columns and not result.empty:
            assert set(result["desk_id"]) <= set(ids)
    else:
        with pytest.raises(AccessDenied, match="may not read desks"):
            call()


def test_evidence_paths_come_back_only_for_desks_in_scope(engine, store):
    mine = incidents.day_incidents(engine, [store.desks["A1"]], DAY, scope=store.inspector("a"))
    assert list(mine["evidence_path"]) == [store.evidence["A1"].name]
    with pytest.raises(AccessDenied):
        incidents.day_incidents(engine, [store.desks["B1"]], DAY, scope=store.inspector("a"))


@pytest.mark.parametrize("who, unit, expected", [
    ("inspector_a", "district_a", ["A1", "A2"]),
    ("inspector_a", "commune_a", ["A1", "A2"]),
    ("inspector_a", "district_b", AccessDenied),
    ("inspector_a", "commune_b", AccessDenied),
    ("inspector_a", None, AccessDenied),  # the whole province is not theirs
    ("staff_a1", "commune_a", ["A1"]),
    ("staff_a1", "commune_b", AccessDenied),
    ("system", None, ["A1", "A2", "B1"]),
])
def test_unit_desks(engine, store, who, unit, expected):
    scope = {"inspector_a": store.inspector("a"), "staff_a1": store.staff_scope("A1"), "system": SYSTEM}[who]
    unit_id = None if unit is None else getattr(store, unit)
    if expected is AccessDenied:
        with pytest.raises(AccessDenied, match="may not read unit"):
            desks.unit_desks(engine, unit_id, DAY, scope=scope)
    else:
        got = desks.unit_desks(engine, unit_id, DAY, scope=scope)
        assert list(got["desk_code"]) == expected


def test_staff_see_a_desk_only_on_days_they_are_rostered(engine, store):
    before = DAY.replace(year=2025)
    assert desks.unit_desks(engine, store.commune_a, before, scope=store.staff_scope("A1")).empty
    with pytest.raises(AccessDenied):
        intervals.day_intervals(engine, [store.desks["A1"]], before, scope=store.staff_scope("A1"))


def dossier_queries(engine, scope, unit_id):
    return [
        ("totals", lambda: stats.totals(engine, *MARCH, unit_id, scope=scope).received),
        ("monthly_trend", lambda: int(stats.monthly_trend(engine, *MARCH, unit_id, scope=scope)["received"].sum())),
        ("ranking", lambda: int(stats.ranking(engine, *MARCH, unit_id, scope=scope)["received"].sum())),
        ("unit_table", lambda: int(stats.unit_table(engine, *MARCH, [unit_id], scope=scope)["received"].sum())),
    ]


@pytest.mark.parametrize("query", ["totals", "monthly_trend", "ranking", "unit_table"])
@pytest.mark.parametrize("who, unit, received", [
    ("inspector_a", "district_a", 10),
    ("inspector_a", "district_b", None),
    ("inspector_b", "district_b", 7),
    ("inspector_b", "commune_a", None),
    ("system", "province", 17),
])
def test_dossier_figures_stay_inside_the_scope(engine, store, query, who, unit, received):
    scope = {"inspector_a": store.inspector("a"), "inspector_b": store.inspector("b"), "system": SYSTEM}[who]
    call = dict(dossier_queries(engine, scope, getattr(store, unit)))[query]
    if received is None:
        with pytest.raises(AccessDenied):
            call()
    else:
        assert call() == received


@pytest.mark.parametrize("query", ["totals", "monthly_trend", "ranking"])
def test_the_whole_province_is_refused_to_a_district_inspector(engine, store, query):
    call = {"totals": lambda: stats.totals(engine, *MARCH, None, scope=store.inspector("a")),
            "monthly_trend": lambda: stats.monthly_trend(engine, *MARCH, None, scope=store.inspector("a")),
            "ranking": lambda: stats.ranking(engine, *MARCH, None, scope=store.inspector("a"))}[query]
    with pytest.raises(AccessDenied):
        call()
    assert stats.totals(engine, *MARCH, None, scope=SYSTEM).received == 17
