"""The store reads that only pages call (their pages' AppTests run on SQLite only, test.sh): each one here,
so the PostgreSQL pass runs every query the dashboard makes.

The store (tests/access_store.py): desks A1, A2 (Xã Hoa Thám, Huyện Bình Gia) and B1 (Huyện Văn Quan),
each ABSENT 10:00–10:20 on Monday 02/03/2026 with a snapshot taken at 10:05.
"""
from __future__ import annotations

import datetime as dt

import pytest
from access_store import DAY, at, build_two_districts

from data.access import AccessDenied
from data.accounts.accounts import create_account, has_accounts
from data.audit import distinct_actions, record_now
from data.presence.incident_picture import scoped_incident_picture
from data.review.months import presence_months
from data.scorecard.months import months_between, presence_span


@pytest.fixture
def store(engine, tmp_path):
    return build_two_districts(engine, tmp_path / "evidence")


def test_accounts_exist_only_once_one_is_made(engine):
    assert has_accounts(engine) is False
    with engine.begin() as c:
        create_account(c, username="quantri@langson.gov.vn", display_name=None, role="admin", actor="system")  # OIDC: no argon2
    assert has_accounts(engine) is True
    with engine.connect() as c:
        assert has_accounts(c) is True


def test_a_page_views_audit_entry_and_the_actions_offered_to_filter(engine):
    before = distinct_actions(engine)
    record_now(engine, "tt.a", "zz_page_view", "unit:7", None, {"desks": [1, 2]})
    record_now(engine, "tt.a", "zz_page_view", "unit:8")
    after = distinct_actions(engine)
    assert after == sorted(set(before) | {"zz_page_view"})  # once, in order


def test_the_months_and_days_with_camera_figures(engine, store):
    assert presence_months(engine) == (DAY.replace(day=1), DAY.replace(day=1))
    assert presence_span(engine) == (DAY, DAY)
    assert months_between(dt.date(2026, 1, 15), DAY) == [dt.date(2026, 3, 1), dt.date(2026, 2, 1), dt.date(2026, 1, 1)]


def test_the_empty_store_has_no_camera_months(engine):
    assert presence_months(engine) is None and presence_span(engine) is None


def test_a_current_absences_picture_for_a_reader_in_scope_only(engine, store):
    a1 = store.desks["A1"]
    found = scoped_incident_picture(engine, store.inspector("a"), a1, at(10), at(10, 20))
    assert found.path is not None and found.missing is None
    with pytest.raises(AccessDenied):
        scoped_incident_picture(engine, store.inspector("b"), a1, at(10), at(10, 20))
