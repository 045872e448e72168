"""The article's dossier figures on the full demo plan (seed 2023), in memory.

The plan is what `generate_demo` writes (tests/data/demo_plan.py draws it the
same way); test_demo.py checks that a store written from it at a small scale
holds exactly the plan, through the `report dossiers` command. Together they
check the article's totals without writing 1.66 million dossiers.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pytest

from data.demo import places
from data.demo.apportion import exact_bernoulli, largest_remainder
from data.demo.calendar import AFTERNOON, DAYS_OFF, MORNING, tet_breaks
from data.demo.dossiers import (
    CHANNELS, EARLY, LATE, ON_TIME, ONLINE, PENDING, POSTAL, ArticleFigures, DossierUnit, plan_dossiers,
)
from data.dossiers.stats import DossierTotals

from demo_plan import DrawnPlan, demo_units, draw_plan

SEED = 2023
END = dt.date(2024, 2, 29)


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> DrawnPlan:
    return draw_plan(demo_units(tmp_path_factory.mktemp("org"), SEED, END), SEED)


def totals(p: DrawnPlan, rows: np.ndarray | None = None) -> DossierTotals:
    """What `report dossiers` would give for these dossiers (all by default), overdue aside."""
    outcome = p.plan.outcome if rows is None else p.plan.outcome[rows]
    channel = p.plan.channel if rows is None else p.plan.channel[rows]
    count = lambda *values: int(np.isin(outcome, values).sum())  # noqa: E731
    return DossierTotals(received=len(outcome), online=int((channel == ONLINE).sum()),
                         resolved=count(EARLY, ON_TIME, LATE), early=count(EARLY), on_time=count(ON_TIME),
                         late=count(LATE), in_progress=count(PENDING))


def years(p: DrawnPlan) -> np.ndarray:
    return p.plan.days[p.plan.day].astype("datetime64[Y]").astype(np.int64) + 1970


def test_province_totals_2021_to_q1_2023_match_the_article(full):
    days = full.plan.days
    assert (days[0], days[-1]) == (np.datetime64("2021-01-01"), np.datetime64("2023-03-31"))
    out = totals(full)
    assert out.received == 1_659_613
    assert out.online == 328_462
    assert out.resolved == 1_650_770
    assert out.early + out.on_time == 1_648_559
    assert out.late == 2_211
    assert out.in_progress == 8_843
    assert out.on_time_rate == 99.87
    assert out.online_share == 19.79


def test_binh_gia_2022_matches_the_article(full):
    # The focus is the district office and its communes: the subtree `--unit "huyen binh gia"` reports.
    index = [d.name for d in places.DISTRICTS].index(places.BINH_GIA)
    subtree = {u.id for u in full.org_units if u.district == index}
    assert len(subtree) == 1 + len(places.DISTRICTS[index].communes)
    binh_gia = {u.unit_id for u in full.units if u.focus}
    assert binh_gia == subtree
    unit_ids = np.array([u.unit_id for u in full.units])[full.plan.unit]
    out = totals(full, np.isin(unit_ids, list(binh_gia)) & (years(full) == 2022))
    assert out.received == 60_503
    assert out.early + out.on_time == 60_500
    assert out.resolved == 60_503 and out.late == 3 and out.in_progress == 0


def test_about_700_000_dossiers_a_year_with_a_growing_online_share(full):
    year = years(full)
    by_year = {y: totals(full, year == y) for y in (2021, 2022, 2023)}
    for y in (2021, 2022):
        assert 600_000 < by_year[y].received < 850_000
    assert by_year[2021].online_share < by_year[2022].online_share < by_year[2023].online_share
    assert sum(t.received for t in by_year.values()) == 1_659_613


def test_dossiers_arrive_on_working_days_in_office_hours_and_dip_after_tet(full):
    plan = full.plan
    recv_day = plan.days[plan.day]
    per_day = np.bincount(plan.day, minlength=len(plan.days))
    daily = {d: int(n) for d, n in zip(plan.days.astype(dt.date).tolist(), per_day) if n}
    for day in daily:
        assert day not in DAYS_OFF and day.weekday() < 6, day
    assert sum(n for d, n in daily.items() if d.weekday() == 5) < 0.05 * sum(daily.values())
    week = lambda a: sum(daily.get(a + dt.timedelta(days=i), 0) for i in range(7))  # noqa: E731
    assert week(dt.date(2022, 2, 7)) < 0.8 * week(dt.date(2022, 3, 7))  # the week after Tết 2022
    channels = Counter(np.array(CHANNELS)[plan.channel].tolist())
    assert set(channels) == {"direct", "online", "postal"} and channels["postal"] > 1000
    assert (plan.channel == POSTAL).sum() == channels["postal"]
    # The first code: the centre's first dossier of Saturday 2 January 2021.
    first = full.units[plan.unit[0]]
    assert (first.code, recv_day[0], plan.seq[0]) == ("000.00.01.H36", np.datetime64("2021-01-02"), 1)
    assert ((MORNING.start_s <= plan.received_s) & (plan.received_s <= AFTERNOON.end_s)).all()
    assert (plan.due_day >= recv_day).all()
    done = plan.outcome != PENDING
    resolved, due, received = plan.resolved_day[done], plan.due_day[done], recv_day[done]
    assert ((resolved > received) | ((resolved == received) & (plan.resolved_s[done] >= plan.received_s[done]))).all()
    expected = np.where(resolved < due, EARLY, np.where(resolved == due, ON_TIME, LATE))
    assert (plan.outcome[done] == expected).all()


def test_in_progress_dossiers_are_partly_overdue_at_the_end_of_the_period(full):
    plan = full.plan
    due = plan.due_day[plan.outcome == PENDING]  # due at 17:00 local that day
    assert len(due) == 8_843
    overdue = int((due < np.datetime64("2023-04-01")).sum())  # at 1 April 2023, 00:00 local
    assert 0 < overdue < len(due)


# --- pure parts -------------------------------------------------------------------------------


@pytest.mark.parametrize("total, weights, expected", [
    (10, [1, 1, 1], [4, 3, 3]),
    (7, [0.5, 0.25, 0.25], [3, 2, 2]),  # 3.5 1.75 1.75: the .75s win
    (0, [3, 1], [0, 0]),
    (5, [0, 1, 0], [0, 5, 0]),
    (100, [1, 2, 3, 4], [10, 20, 30, 40]),
    (1, [1, 1], [1, 0]),
])
def test_largest_remainder_hits_the_total_exactly(total, weights, expected):
    assert largest_remainder(total, np.array(weights, dtype=float)).tolist() == expected


@pytest.mark.parametrize("total, weights, message", [
    (-1, [1.0], "total"),
    (3, [0.0, 0.0], "sum to 0"),
    (3, [1.0, -1.0], ">= 0"),
])
def test_largest_remainder_rejects_bad_input(total, weights, message):
    with pytest.raises(ValueError, match=message):
        largest_remainder(total, np.array(weights))


@pytest.mark.parametrize("k", [0, 1, 500, 9_000, 10_000])
def test_exact_bernoulli_picks_exactly_k_by_weight(k):
    rng = np.random.default_rng(k)
    weights = np.r_[np.full(5_000, 3.0), np.full(5_000, 1.0)]
    chosen = exact_bernoulli(rng, weights, k)
    assert chosen.sum() == k
    if 0 < k < 5_000:
        assert chosen[:5_000].sum() > chosen[5_000:].sum()
    with pytest.raises(ValueError, match="cannot choose"):
        exact_bernoulli(rng, weights, 10_001)


def test_dossier_plan_is_a_pure_function_of_the_seed():
    units = [DossierUnit(1, "000.00.01.H36", "centre", 1.0, True, False),
             DossierUnit(2, "000.00.31.H36", "district", 2.0, False, True),
             DossierUnit(3, "000.31.01.H36", "commune", 3.0, False, True)]
    figures = ArticleFigures().scaled(0.005)
    a, b, c = (plan_dossiers(np.random.default_rng(s), units, figures) for s in (5, 5, 6))
    assert len(a) == figures.received
    assert all(np.array_equal(getattr(a, f), getattr(b, f)) for f in ("unit", "day", "received_s", "outcome"))
    assert not np.array_equal(a.received_s, c.received_s)
    focus = np.isin(a.unit, [1, 2]) & (a.days[a.day].astype("datetime64[Y]").astype(int) + 1970 == 2022)
    assert focus.sum() == figures.focus_received and (a.outcome[focus] == 2).sum() == 3


def test_places_hold_200_communes_with_unique_names_per_district():
    from data.text import fold

    assert sum(len(d.communes) for d in places.DISTRICTS) == places.COMMUNE_COUNT == 200
    assert len(places.DISTRICTS) == 11
    for d in places.DISTRICTS:
        keys = [fold(n) for n in d.communes]
        assert len(keys) == len(set(keys)), d.name
        assert all(n.startswith(("Xã ", "Phường ", "Thị trấn ")) for n in d.communes)
    assert len({a.name for a in places.AGENCIES}) == len(places.AGENCIES) >= 16


def test_tet_dates_per_year():
    breaks = tet_breaks()
    assert all(5 <= (last - first).days + 1 <= 9 for first, last in breaks)
    assert {first.year: first for first, _ in breaks} == {2021: dt.date(2021, 2, 10), 2022: dt.date(2022, 1, 29), 2023: dt.date(2023, 1, 20),
                      2024: dt.date(2024, 2, 8), 2025: dt.date(2025, 1, 25), 2026: dt.date(2026, 2, 14)}
