"""Dossier statistics on small hand-built stores whose answers are worked out by hand."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from sqlalchemy import insert

from data.access import SYSTEM
from data.dossiers.daily import rebuild_all, refresh_days
from data.dossiers.stats import DossierTotals, monthly_trend, ranking, totals, unit_table
from data.schema import Dossier, DossierSummary
from data.units import create_unit
from domain.timezone import LOCAL_TZ

UTC = dt.UTC
NOW = dt.datetime(2023, 4, 10, 3, 0, tzinfo=UTC)


def local(y, m, d, hh=9, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=LOCAL_TZ).astimezone(UTC)


def _outcome(resolved, due):
    if resolved is None:
        return None
    r, d = resolved.astimezone(LOCAL_TZ).date(), due.astimezone(LOCAL_TZ).date()
    return "early" if r < d else "on_time" if r == d else "late"


@pytest.fixture
def tree(engine):
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None)
        vq = create_unit(c, "Huyện Văn Quan", "district", p.id)
        dh = create_unit(c, "Xã Điềm He", "commune", vq.id)
        dl = create_unit(c, "Huyện Đình Lập", "district", p.id)
        xdl = create_unit(c, "Xã Đình Lập", "commune", dl.id)
    return {"p": p.id, "vq": vq.id, "dh": dh.id, "dl": dl.id, "xdl": xdl.id}


# code, unit, channel, received (local), due (local), resolved (local or None)
ROWS = [
    ("A1", "dh", "online", local(2022, 1, 3), local(2022, 1, 6, 17), local(2022, 1, 5, 10)),     # early
    ("A2", "dh", "direct", local(2022, 1, 4), local(2022, 1, 7, 17), local(2022, 1, 7, 8)),      # on time (same day)
    ("A3", "dh", "postal", local(2022, 2, 1), local(2022, 2, 3, 17), local(2022, 2, 4, 9)),      # late
    ("A4", "vq", "online", local(2022, 2, 2), local(2022, 2, 9, 17), None),                      # in progress, overdue by NOW
    ("B1", "xdl", "direct", local(2022, 1, 10), local(2022, 1, 12, 17), local(2022, 1, 12, 23, 30)),  # on time: 23:30 local is still the due day
    ("B2", "xdl", "online", local(2022, 3, 1), local(2023, 12, 1, 17), None),                    # in progress, not overdue
    # Received 00:30 local on 1 Jan 2022 = 17:30 UTC on 31 Dec 2021: belongs to 2022.
    ("B3", "dl", "direct", local(2022, 1, 1, 0, 30), local(2022, 1, 5, 17), local(2022, 1, 3, 9)),  # early
    ("C1", "dh", "direct", local(2021, 12, 31, 16), local(2022, 1, 5, 17), local(2022, 1, 4, 9)),  # 2021: outside
]


@pytest.fixture
def filled(engine, tree):
    with engine.begin() as c:
        c.execute(insert(Dossier), [
            {"code": code, "unit_id": tree[u], "channel": ch, "received_at": rec,
             "received_day": rec.astimezone(LOCAL_TZ).date(), "due_at": due, "resolved_at": res,
             "outcome": _outcome(res, due)}
            for code, u, ch, rec, due, res in ROWS
        ])
        rebuild_all(c)
    return tree


Y2022 = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))


def test_totals_whole_province_2022(engine, filled):
    got = totals(engine, *Y2022, now=NOW, scope=SYSTEM)
    assert got == DossierTotals(received=7, online=3, resolved=5, early=2, on_time=2, late=1,
                                in_progress=2, overdue=1)
    assert got.on_time_rate == 80.0          # (2 + 2) / 5
    assert got.online_share == 42.86         # 3 / 7


@pytest.mark.parametrize("unit,expected", [
    ("vq", dict(received=4, online=2, resolved=3, early=1, on_time=1, late=1, in_progress=1, overdue=1)),
    ("dh", dict(received=3, online=1, resolved=3, early=1, on_time=1, late=1, in_progress=0, overdue=0)),
    ("dl", dict(received=3, online=1, resolved=2, early=1, on_time=1, late=0, in_progress=1, overdue=0)),
    ("xdl", dict(received=2, online=1, resolved=1, early=0, on_time=1, late=0, in_progress=1, overdue=0)),
])
def test_totals_cover_the_unit_subtree(engine, filled, unit, expected):
    assert totals(engine, *Y2022, unit_id=filled[unit], now=NOW, scope=SYSTEM) == DossierTotals(**expected)


def test_period_is_by_local_received_day(engine, filled):
    jan1 = totals(engine, dt.date(2022, 1, 1), dt.date(2022, 1, 1), now=NOW, scope=SYSTEM)
    assert jan1.received == 1  # B3, received 17:30 UTC the day before
    dec = totals(engine, dt.date(2021, 12, 1), dt.date(2021, 12, 31), now=NOW, scope=SYSTEM)
    assert dec.received == 1 and dec.early == 1


def test_monthly_trend(engine, filled):
    trend = monthly_trend(engine, *Y2022, now=NOW, scope=SYSTEM)
    assert [m.isoformat() for m in trend["month"]] == ["2022-01-01", "2022-02-01", "2022-03-01"]
    assert trend["received"].tolist() == [4, 2, 1]
    assert trend["late"].tolist() == [0, 1, 0]
    assert trend["on_time_rate"].tolist()[:2] == [100.0, 0.0]
    assert trend["on_time_rate"].isna().tolist() == [False, False, True]  # nothing resolved in March


def test_ranking_of_districts(engine, filled):
    r = ranking(engine, *Y2022, now=NOW, scope=SYSTEM)
    assert r["name"].tolist() == ["Huyện Đình Lập", "Huyện Văn Quan"]
    assert r["rank"].tolist() == [1, 2]
    assert r["on_time_rate"].tolist() == [100.0, 66.67]


def test_summary_reports_fill_units_without_detail_but_never_double_count(engine, filled):
    base = dict(received_online=10, received_direct=30, carried_over=5, resolved_early=20,
                resolved_on_time=15, resolved_late=5, pending_in_time=3, pending_overdue=2, field="")
    with engine.begin() as c:
        # Xã Điềm He already has detailed rows for January: its summary is ignored.
        c.execute(insert(DossierSummary), [
            {**base, "unit_id": filled["dh"], "month": dt.date(2022, 1, 1)},
            {**base, "unit_id": filled["xdl"], "month": dt.date(2022, 6, 1)},
        ])
    got = totals(engine, *Y2022, unit_id=filled["dl"], now=NOW, scope=SYSTEM)
    assert got.received == 3 + 40 and got.online == 1 + 10
    assert got.resolved == 2 + 40 and got.late == 5 and got.overdue == 2 and got.in_progress == 1 + 5
    table = unit_table(engine, *Y2022, [filled["vq"], filled["dl"]], now=NOW, scope=SYSTEM)
    assert table.set_index("unit_id").loc[filled["vq"], "received"] == 4


def test_refresh_days_moves_a_dossier_between_units(engine, filled):
    from sqlalchemy import update
    with engine.begin() as c:
        c.execute(update(Dossier).where(Dossier.code == "A1").values(unit_id=filled["xdl"]))
        refresh_days(c, [(filled["dh"], dt.date(2022, 1, 3)), (filled["xdl"], dt.date(2022, 1, 3))])
    assert totals(engine, *Y2022, unit_id=filled["dh"], now=NOW, scope=SYSTEM).received == 2
    assert totals(engine, *Y2022, unit_id=filled["xdl"], now=NOW, scope=SYSTEM).received == 3


def test_report_command_line_contract(store_url, filled):
    out = subprocess.run(
        [sys.executable, "-m", "data", "report", "dossiers", "--from", "2022-01-01", "--to", "2022-12-31",
         "--unit", "HUYEN VAN QUAN", "--db", store_url, "--json"],
        capture_output=True, text=True, check=True,
    )
    got = json.loads(out.stdout)
    assert {k: got[k] for k in ["received", "online", "resolved", "early", "on_time", "late",
                                "on_time_rate", "online_share"]} == {
        "received": 4, "online": 2, "resolved": 3, "early": 1, "on_time": 1, "late": 1,
        "on_time_rate": 66.67, "online_share": 50.0}


def test_report_unknown_unit_is_one_clear_error(store_url, filled):
    out = subprocess.run(
        [sys.executable, "-m", "data", "report", "dossiers", "--from", "2022-01-01", "--to", "2022-12-31",
         "--unit", "Huyện Không Có", "--db", store_url, "--json"],
        capture_output=True, text=True,
    )
    assert out.returncode == 2 and "Huyện Không Có" in out.stderr and out.stdout == ""


def test_empty_period_gives_zeros_not_an_error(engine, filled):
    sunday = dt.date(2022, 1, 2)
    assert totals(engine, sunday, sunday, now=NOW, scope=SYSTEM) == DossierTotals()
    assert monthly_trend(engine, sunday, sunday, now=NOW, scope=SYSTEM).empty


def test_empty_store_has_no_data_span(engine, tree):
    from data.dossiers.stats import data_span
    assert data_span(engine) is None
    assert totals(engine, *Y2022, now=NOW, scope=SYSTEM) == DossierTotals()


def test_data_span_covers_detail_and_summaries(engine, filled):
    from data.dossiers.stats import data_span
    assert data_span(engine) == (dt.date(2021, 12, 31), dt.date(2022, 3, 1))
