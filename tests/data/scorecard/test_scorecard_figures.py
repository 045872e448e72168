"""Scorecard figures per row on the hand-worked store (see scorecard_store.py)."""
from __future__ import annotations

import pandas as pd
import pytest
from scorecard_store import MONTH, build_scorecard_store

from data.access import SYSTEM, AccessDenied, Scope
from data.scorecard.figures import combine, months_in, unit_discipline
from data.settings import InspectionTarget

import datetime as dt


@pytest.fixture
def store(engine):
    return build_scorecard_store(engine)


def _na(v):
    return None if pd.isna(v) else v


def _rows(frame: pd.DataFrame) -> list[list]:
    cols = ["desks", "incidents", "passes", "fails", "unknowns", "inspections", "target",
            "coverage", "incidents_per_desk_month", "compliance", "inspection_progress"]
    return [[_na(v) for v in row] for row in frame[cols].itertuples(index=False)]


def test_province_rows(engine, store):
    frame = unit_discipline(engine, SYSTEM, store.province, [store.province, store.binh_gia, store.van_quan],
                            *MONTH, year=2026)
    assert frame["unit_id"].tolist() == [store.province, store.binh_gia, store.van_quan]
    assert _rows(frame) == [
        [0, 0, 0, 0, 0, 0, 20, None, None, None, 0.0],           # the province's own desk: nothing
        [3, 2, 3, 2, 2, 3, 20, 88.1, 0.67, 60.0, 15.0],          # 22,200 / 25,200 watched
        [0, 0, 0, 0, 1, 0, 20, None, None, None, 0.0],           # B1 never watched, only an UNKNOWN sample
    ]


def test_district_rows_own_desk_and_commune(engine, store):
    frame = unit_discipline(engine, SYSTEM, store.binh_gia, [store.binh_gia, store.hoa_tham], *MONTH, year=2026,
                            target=InspectionTarget(20, ((store.hoa_tham, 4),)))
    assert _rows(frame) == [
        [1, 1, 0, 1, 0, 1, 20, 88.89, 1.0, 0.0, 5.0],
        [2, 1, 3, 1, 2, 2, 4, 87.5, 0.5, 75.0, 50.0],            # 12,600 / 14,400 watched
    ]
    group = combine(frame, [store.binh_gia, store.hoa_tham], months=1)
    assert (group["desks"], group["coverage"], group["compliance"], group["inspection_progress"]) == (3, 88.1, 60.0, 12.5)


def test_other_years_and_months(engine, store):
    frame = unit_discipline(engine, SYSTEM, store.province, [store.van_quan], dt.date(2026, 4, 1),
                            dt.date(2026, 5, 31), year=2025)
    assert _rows(frame) == [[0, 0, 0, 0, 0, 1, 20, None, None, None, 5.0]]


@pytest.mark.parametrize(("start", "end", "months"), [
    (dt.date(2026, 3, 1), dt.date(2026, 3, 31), 1), (dt.date(2026, 3, 15), dt.date(2026, 4, 2), 2),
    (dt.date(2025, 11, 1), dt.date(2026, 2, 28), 4)])
def test_months_in(start, end, months):
    assert months_in(start, end) == months


def test_two_months_halve_incidents_per_desk_month(engine, store):
    frame = unit_discipline(engine, SYSTEM, store.binh_gia, [store.hoa_tham], dt.date(2026, 3, 1),
                            dt.date(2026, 4, 30), year=2026)
    assert frame["incidents_per_desk_month"].tolist() == [0.25]


def test_scope_limits_the_rows(engine, store):
    inspector = Scope("kt", "inspector", unit_path=f"/{store.province}/{store.binh_gia}/")
    frame = unit_discipline(engine, inspector, store.binh_gia, [store.binh_gia, store.hoa_tham], *MONTH, year=2026)
    assert frame["desks"].tolist() == [1, 2]
    with pytest.raises(AccessDenied):
        unit_discipline(engine, inspector, store.province, [store.binh_gia], *MONTH, year=2026)
    with pytest.raises(AccessDenied):
        unit_discipline(engine, inspector, store.binh_gia, [store.van_quan], *MONTH, year=2026)


@pytest.mark.parametrize("role", ["inspector", "viewer", "staff"])
def test_only_administrators_change_the_weights(engine, role):
    from data.scorecard.weights import set_weights
    from data.settings import RankingWeights, get_ranking_weights

    with pytest.raises(AccessDenied, match="may not change the ranking weights"):
        set_weights(engine, Scope("x", role), RankingWeights(coverage=90))
    assert get_ranking_weights(engine) == RankingWeights()
    set_weights(engine, SYSTEM, RankingWeights(coverage=90))
    assert get_ranking_weights(engine).coverage == 90
