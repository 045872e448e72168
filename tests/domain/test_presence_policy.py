"""The presence policy value and the one absence-incident rule, table by table."""
from __future__ import annotations

import datetime as dt

import pytest

from domain.presence_policy import (
    DEFAULT_POLICY,
    AbsentSpan,
    PresencePolicy,
    absence_incidents,
    is_incident,
    policy_problems,
)

T0 = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)
TEN_MINUTES = PresencePolicy(incident_min_s=600)

# (desk, start minute, end minute) of ABSENT spans in any order -> (desk, start, end) of the incidents at 5 minutes
TABLES = {
    "one long": ([(1, 0, 10)], [(1, 0, 10)]),
    "too short": ([(1, 0, 4)], []),
    "exactly five minutes": ([(1, 0, 5)], [(1, 0, 5)]),
    "touching spans join": ([(1, 0, 3), (1, 3, 6)], [(1, 0, 6)]),
    "a gap splits": ([(1, 0, 3), (1, 4, 8)], []),
    "overlap and containment": ([(1, 0, 10), (1, 2, 4), (1, 9, 12)], [(1, 0, 12)]),
    "unsorted, two desks": ([(2, 10, 20), (1, 5, 7), (2, 0, 10), (1, 0, 5)], [(1, 0, 7), (2, 0, 20)]),
    "a contained span does not end the run early": ([(1, 0, 20), (1, 1, 2), (1, 19, 26)], [(1, 0, 26)]),
    "desks never join": ([(1, 0, 3), (2, 3, 6)], []),
}


@pytest.mark.parametrize(("spans", "expected"), TABLES.values(), ids=list(TABLES))
def test_incidents_on_datetimes_and_on_seconds(spans, expected):
    as_time = [AbsentSpan(d, T0 + dt.timedelta(minutes=a), T0 + dt.timedelta(minutes=b)) for d, a, b in spans]
    got = [(r.desk, r.start, r.end, r.seconds) for r in absence_incidents(as_time, DEFAULT_POLICY)]
    assert got == [(d, T0 + dt.timedelta(minutes=a), T0 + dt.timedelta(minutes=b), (b - a) * 60.0)
                   for d, a, b in expected]
    as_seconds = [AbsentSpan(d, a * 60.0, b * 60.0) for d, a, b in spans]
    assert [(r.desk, r.start, r.end) for r in absence_incidents(as_seconds, DEFAULT_POLICY)] == [
        (d, a * 60.0, b * 60.0) for d, a, b in expected]


@pytest.mark.parametrize(("minutes", "default", "ten"), [(4, False, False), (5, True, False), (7, True, False),
                                                          (10, True, True), (12, True, True)])
def test_the_threshold_is_the_policys(minutes, default, ten):
    assert is_incident(minutes * 60.0, DEFAULT_POLICY) is default
    assert is_incident(minutes * 60.0, TEN_MINUTES) is ten


def test_a_policy_per_desk():
    spans = [AbsentSpan(d, 0.0, 7 * 60.0) for d in ("ten", "default")] + [AbsentSpan("ten", 600.0, 600 + 12 * 60.0)]
    policies = {"ten": TEN_MINUTES, "default": DEFAULT_POLICY}
    got = [(r.desk, r.seconds) for r in absence_incidents(spans, policies.__getitem__)]
    assert got == [("default", 420.0), ("ten", 720.0)]


def test_sql_rounding_still_counts():
    # julianday() arithmetic: 300 s may come back as 299.99999
    assert is_incident(299.99999, DEFAULT_POLICY)
    assert not is_incident(299.99, DEFAULT_POLICY)


def test_defaults_are_the_sites_files():
    assert DEFAULT_POLICY == PresencePolicy(present_after_s=5, absent_grace_s=60, incident_min_s=300, sample_fps=1)
    assert DEFAULT_POLICY.incident_minutes == 5


@pytest.mark.parametrize(("change", "field"), [
    ({"present_after_s": -1}, "present_after_s"), ({"absent_grace_s": float("nan")}, "absent_grace_s"),
    ({"incident_min_s": True}, "incident_min_s"), ({"sample_fps": 0}, "sample_fps"), ({"sample_fps": 31}, "sample_fps"),
])
def test_bad_numbers_are_refused_naming_the_field(change, field):
    with pytest.raises(ValueError, match=field):
        PresencePolicy(**change)
    bad = object.__new__(PresencePolicy)
    for name, value in {**DEFAULT_POLICY.__dict__, **change}.items():
        object.__setattr__(bad, name, value)
    assert [p.field for p in policy_problems(bad)] == [field]
