"""Dashboard fixtures: a small hand-built store and the app pointed at it.

The store's figures are worked out by hand in the tests:

Tỉnh Lạng Sơn
├── Huyện Bình Gia (own desk: 30 dossiers in 07/2022)
│   ├── Xã Hoa Thám   1,200 in 03/2022 (+7 in 11/2021)
│   └── Xã Hồng Phong    20 in 06/2022
├── Huyện Văn Quan
│   └── Xã Điềm He       10 in 01/2022 (+3 in 02/2023)
├── Sở Tư pháp                                 8 in 09/2022
└── Trung tâm Phục vụ hành chính công tỉnh   40 in 12/2022

Data spans 11/2021–02/2023, so the default period is the year 2022.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine, insert
from streamlit.testing.v1 import AppTest

from dashboard.periods import Period
from dashboard.session import SCOPE_KEY
from dashboard.widgets import PERIOD_MEMORY
from data.access import SYSTEM, Scope
from data.dossiers.daily import rebuild_all
from data.schema import Dossier
from data.units import create_unit
from domain.timezone import LOCAL_TZ

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
FAR_FUTURE = dt.date(2099, 12, 31)


@dataclass(frozen=True)
class Batch:
    """`count` dossiers of one unit received on one local day, split by outcome."""

    unit: str
    day: dt.date
    online: int
    early: int = 0
    on_time: int = 0
    late: int = 0
    pending: int = 0
    due: dt.date = dt.date(2022, 4, 30)

    @property
    def count(self) -> int:
        return self.early + self.on_time + self.late + self.pending


BATCHES = [
    Batch("hoa_tham", dt.date(2022, 3, 15), online=300, early=1000, on_time=150, late=40, pending=10),
    Batch("hong_phong", dt.date(2022, 6, 10), online=5, on_time=18, pending=2, due=FAR_FUTURE),
    Batch("binh_gia", dt.date(2022, 7, 1), online=0, early=29, late=1),
    Batch("diem_he", dt.date(2022, 1, 20), online=10, on_time=9, late=1),
    Batch("centre", dt.date(2022, 12, 5), online=20, early=40),
    Batch("justice", dt.date(2022, 9, 12), online=8, early=6, on_time=2),
    Batch("hoa_tham", dt.date(2021, 11, 3), online=0, on_time=7),
    Batch("diem_he", dt.date(2023, 2, 14), online=0, late=3),
]


@dataclass(frozen=True)
class SmallStore:
    province: int
    binh_gia: int
    hoa_tham: int
    hong_phong: int
    van_quan: int
    diem_he: int
    centre: int
    justice: int


def build_small_store(engine: Engine) -> SmallStore:
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None).id
        bg = create_unit(c, "Huyện Bình Gia", "district", p).id
        vq = create_unit(c, "Huyện Văn Quan", "district", p).id
        centre = create_unit(c, "Trung tâm Phục vụ hành chính công tỉnh", "province_agency", p).id
        justice = create_unit(c, "Sở Tư pháp", "province_agency", p).id
        # Created out of name order, to show the tree is ordered by name.
        hp = create_unit(c, "Xã Hồng Phong", "commune", bg).id
        ht = create_unit(c, "Xã Hoa Thám", "commune", bg).id
        dh = create_unit(c, "Xã Điềm He", "commune", vq).id
        store = SmallStore(p, bg, ht, hp, vq, dh, centre, justice)
        rows = [row for i, batch in enumerate(BATCHES) for row in _rows(store, i, batch)]
        c.execute(insert(Dossier), rows)
        rebuild_all(c)
    return store


def _utc(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), LOCAL_TZ).astimezone(dt.UTC)


def _rows(store: SmallStore, batch_no: int, batch: Batch) -> list[dict]:
    outcomes = ["early"] * batch.early + ["on_time"] * batch.on_time + ["late"] * batch.late
    outcomes += [None] * batch.pending
    rows = []
    for n, outcome in enumerate(outcomes):
        resolved = None if outcome is None else _utc(batch.day + dt.timedelta(days=5), 15)
        rows.append({
            "code": f"HS-{batch_no}-{n:05d}", "unit_id": getattr(store, batch.unit), "procedure": "Chứng thực",
            "field": "Chứng thực", "channel": "online" if n < batch.online else "direct",
            "received_at": _utc(batch.day, 9), "received_day": batch.day,
            "due_at": _utc(batch.due, 17), "resolved_at": resolved, "returned_at": resolved,
            "outcome": outcome, "status": None, "batch_id": None,
        })
    return rows


def _clear_streamlit_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()  # disposes cached engines, so a dropped test schema is not held open


@pytest.fixture(autouse=True)
def fresh_caches():
    """Cached figures and engines are process-wide: no test may see another's store."""
    _clear_streamlit_caches()
    yield
    _clear_streamlit_caches()


@pytest.fixture
def small_store(engine) -> SmallStore:
    return build_small_store(engine)


# The small store's dossiers run 11/2021–02/2023 and its hand-worked figures are for the year 2022; the pages
# open on the last complete month (dashboard.periods.default_period; tests/dashboard/test_default_periods.py).
DOSSIER_YEAR = Period(dt.date(2022, 1, 1), dt.date(2022, 12, 31))


def signed_in(at: AppTest, scope: Scope = SYSTEM) -> AppTest:
    """Puts a signed-in scope in the session before `at.run()` (what the sign-in page does)."""
    at.session_state[SCOPE_KEY] = scope
    return at


@pytest.fixture
def run_app(store_url, monkeypatch) -> Callable[..., AppTest]:
    """Starts the whole app (navigation and sidebar included) on the test store, first page shown.

    Signed in as `scope` (default the province-wide SYSTEM admin); `scope=None` starts signed out.
    The dossier pages start on `period` as if picked on an earlier page (None: on their default).
    """
    monkeypatch.setenv("DATABASE_URL", store_url)

    def start(scope: Scope | None = SYSTEM, period: Period | None = DOSSIER_YEAR) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        if scope is not None:
            signed_in(at, scope)
        if period is not None:
            at.session_state[PERIOD_MEMORY] = period
        return at.run()
    return start


@pytest.fixture
def app(small_store, run_app) -> AppTest:
    return run_app()


@pytest.fixture
def desk_store(engine, tmp_path, monkeypatch):
    """The desk pages' store (tests/dashboard/desk_store.py), with its evidence pictures on disk.

    The compliance picture is stored by absolute path under MONITOR_EVIDENCE_DIR
    (as the worker writes it); the absence snapshot by a name relative to it.
    """
    from desk_store import build_desk_store, jpeg

    snapshots = tmp_path / "evidence-dir"
    evidence = snapshots / "CAM-1" / "q01-1345.jpg"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(jpeg((0, 0, 255)))
    snapshot = snapshots / "q03-absent-1000.jpg"
    snapshot.write_bytes(jpeg((0, 255, 0)))
    monkeypatch.setenv("MONITOR_EVIDENCE_DIR", str(snapshots))
    return build_desk_store(engine, evidence, snapshot)


@pytest.fixture
def live_dir(tmp_path, monkeypatch):
    """A live dir the worker published into, named by MONITOR_LIVE_DIR."""
    from desk_store import publish_live

    directory = tmp_path / "live"
    publish_live(directory)
    monkeypatch.setenv("MONITOR_LIVE_DIR", str(directory))
    return directory


@pytest.fixture
def policy_desks(desk_store, engine):
    """The desk store plus a 10-minute unit and a default sibling, one desk each (desk_store.add_policy_desks)."""
    from desk_store import add_policy_desks

    return add_policy_desks(engine, desk_store)


# Page tests draw pages (AppTest): the pages hold no SQL, and every store read they make is a data/ function
# whose own tests run on SQLite and PostgreSQL (tests/data/test_page_reads.py holds the ones only pages
# call). test.sh runs them on SQLite only (`-m "… and not page"` on PostgreSQL). Files here that test
# store reads themselves stay on both.
STORE_READS = frozenset({"test_home_counts.py"})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        path = item.path.resolve()
        if path.parent == here and path.name not in STORE_READS:
            item.add_marker(pytest.mark.page)
