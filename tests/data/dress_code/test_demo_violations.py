"""Demo violations: one per FAIL check, older ones decided by an inspector, the last days' pending."""
from __future__ import annotations

import datetime as dt

import pytest

from data.demo.presence import PresenceWindow
from data.demo.violations import INSPECTORS, RECENT_DAYS, violation_rows

WINDOW = PresenceWindow(dt.date(2026, 3, 31))
DAY_S = 86_400


@pytest.mark.parametrize("day, result, statuses", [
    (0, "FAIL", {"confirmed", "rejected"}),
    (WINDOW.days - RECENT_DAYS - 1, "FAIL", {"confirmed", "rejected"}),
    (WINDOW.days - RECENT_DAYS, "FAIL", {"pending"}),
    (WINDOW.days - 1, "FAIL", {"pending"}),
    (3, "PASS", set()),
    (3, "UNKNOWN", set()),
])
def test_status_by_age(day, result, statuses):
    rows = violation_rows([(7, None, day * DAY_S + 9 * 3600, "badge", result, 0.2)], WINDOW)
    assert {r["status"] for r in rows} <= statuses and len(rows) == (result == "FAIL")


def test_decisions_look_like_a_province_and_are_deterministic():
    checks = [(d, None, day * DAY_S + 8 * 3600 + d * 60, rule, "FAIL", 0.1)
              for d in range(40) for day in range(WINDOW.days - RECENT_DAYS) for rule in ("badge", "uniform")]
    rows = violation_rows(checks, WINDOW)
    assert rows == violation_rows(checks, WINDOW)
    rejected = sum(r["status"] == "rejected" for r in rows) / len(rows)
    assert 0.1 < rejected < 0.2 and all(r["status"] in ("confirmed", "rejected") for r in rows)
    assert {r["decided_by"] for r in rows} == set(INSPECTORS)
    assert all(r["start_at"] < r["decided_at"] <= WINDOW.end_utc for r in rows)
    assert all(r["end_at"] - r["start_at"] == dt.timedelta(minutes=2) for r in rows)
