"""The review's runs (epoch seconds from SQL) and the day's (datetimes) are the one rule's, table by table."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data.presence.incidents import absence_runs
from data.review.absences import runs_from
from domain.presence_policy import DEFAULT_POLICY

T0 = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)

# (desk, start minute, end minute) of ABSENT rows, in any order
TABLES = {
    "one long": [(1, 0, 10)],
    "too short": [(1, 0, 4)],
    "exactly five minutes": [(1, 0, 5)],
    "touching rows join": [(1, 0, 3), (1, 3, 6)],
    "a gap splits": [(1, 0, 3), (1, 4, 8)],
    "overlap and containment": [(1, 0, 10), (1, 2, 4), (1, 9, 12)],
    "unsorted, two desks": [(2, 10, 20), (1, 5, 7), (2, 0, 10), (1, 0, 5)],
    "a contained row does not end the run early": [(1, 0, 20), (1, 1, 2), (1, 19, 26)],
}


@pytest.mark.parametrize("rows", TABLES.values(), ids=list(TABLES))
def test_same_runs_as_the_day_rule(rows):
    intervals = pd.DataFrame({
        "desk_id": [d for d, _, _ in rows], "state": "ABSENT",
        "start_at": [T0 + dt.timedelta(minutes=a) for _, a, _ in rows],
        "end_at": [T0 + dt.timedelta(minutes=b) for _, _, b in rows],
    })
    expected = absence_runs(intervals)
    got = runs_from(pd.DataFrame({"desk_id": intervals["desk_id"],
                                  "s": [t.timestamp() for t in intervals["start_at"]],
                                  "e": [t.timestamp() for t in intervals["end_at"]]}), DEFAULT_POLICY)
    assert list(got["desk_id"]) == list(expected["desk_id"])
    assert list(got["start_s"]) == [t.timestamp() for t in expected["start_at"]]
    assert list(got["seconds"]) == list(expected["seconds"])


def test_no_rows():
    empty = runs_from(pd.DataFrame({"desk_id": [], "s": [], "e": []}), DEFAULT_POLICY)
    assert empty.empty and list(empty.columns) == ["desk_id", "start_s", "end_s", "seconds"]
