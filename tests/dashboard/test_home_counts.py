"""The home page's counts on a hand-built store (home_store.py; figures worked out there): overdue dossiers,
decisions a staff member sees, the provincial office's worst units, waiting explanations by scope."""
from __future__ import annotations

import datetime as dt

import pytest
from home_store import add_home_items

from data.access import SYSTEM, Scope
from data.home.overdue import overdue_by_unit
from data.home.staff_decisions import decisions_for_staff
from data.home.worst_units import UnitFigures, child_unit_figures, worst
from data.review.pending import waiting_explanations
from desk_store import DAY, at


@pytest.fixture
def home(desk_store, engine):
    return add_home_items(engine, desk_store)


def district(home) -> Scope:
    return Scope("tt.binhgia", "inspector", f"/{home.desks.province}/{home.desks.district}/")


def test_overdue_counts_unresolved_dossiers_due_before_today(home, engine):
    [unit] = overdue_by_unit(engine, district(home), at(10, 20))
    assert (unit.unit_id, unit.unit_name, unit.count) == (home.desks.commune, "Xã Hoa Thám", 2)
    assert unit.oldest_due == at(17, day=dt.date(2026, 2, 27))
    # On 27/02 itself nothing is overdue yet (due later that day); another district sees none.
    assert overdue_by_unit(engine, district(home), at(8, day=dt.date(2026, 2, 27))) == []
    assert overdue_by_unit(engine, Scope("x", "inspector", "/999/"), at(10, 20)) == []


def test_waiting_explanations_by_scope(home, engine):
    [waiting] = waiting_explanations(engine, district(home))
    assert (waiting.desk_id, waiting.explained_by, waiting.start) == (home.desks.desks["Q03"], "cuong.lv", at(10))
    an = Scope("an.nv", "staff", f"/{home.desks.province}/{home.desks.district}/{home.desks.commune}/",
               staff_id=home.an_staff_id)
    assert waiting_explanations(engine, an) == []  # his own was decided


def test_staff_sees_the_decisions_on_their_own_incidents(home, engine):
    an = Scope("an.nv", "staff", f"/{home.desks.province}/{home.desks.district}/{home.desks.commune}/",
               staff_id=home.an_staff_id)
    [decision] = decisions_for_staff(engine, an, at(0))
    assert (decision.desk_name, decision.action, decision.text, decision.author) == (
        "Quầy 01", "excuse", "Đi họp *chi bộ*", "tt.binhgia")
    assert decision.local_day == DAY
    assert decisions_for_staff(engine, an, at(0, day=DAY + dt.timedelta(days=1))) == []
    # Nobody else's decisions, and nothing for a supervisor's scope.
    other = Scope("binh.tt", "staff", an.unit_path, staff_id=home.an_staff_id + 1)
    assert decisions_for_staff(engine, other, at(0)) == []
    assert decisions_for_staff(engine, district(home), at(0)) == []


def test_worst_units_of_the_month(home, engine):
    figures = child_unit_figures(engine, SYSTEM, dt.date(2026, 3, 1), DAY, at(18))
    assert figures == [UnitFigures(home.desks.district, "Huyện Bình Gia", desk_days=3,
                                   absence_min_per_desk_day=16.33, resolved=2, late=1, violations=0)]
    assert figures[0].late_share == 50.0
    assert worst(figures, "absence_min_per_desk_day") == figures
    assert worst(figures, "violations") == []  # the pending violation does not count yet
    # An inspector of the district sees its communes: the figures roll up to Xã Hoa Thám.
    [commune] = child_unit_figures(engine, district(home), dt.date(2026, 3, 1), DAY, at(18))
    assert (commune.unit_name, commune.desk_days, commune.absence_min_per_desk_day) == ("Xã Hoa Thám", 3, 16.33)
