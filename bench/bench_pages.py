"""Server-side time of each dashboard page on a full demo store, cold and warm.

    .venv/bin/python bench/bench_pages.py                 # builds bench/out/demo.db once, then reuses it
    .venv/bin/python bench/bench_pages.py --db URL        # an existing store (SQLite or PostgreSQL)

Each page runs through streamlit.testing.v1.AppTest: "cold" right after
clearing every Streamlit cache (engine included), "warm" as the next run.
The desk pages (live view, desk day) run at 10:00 local on the newest working day
in the demo's month, when desks are staffed and absences are going on. Every page in the
navigation is timed, signed in as a province-wide administrator; a page whose file
is not there yet is listed as missing.
Targets: ≤ 2 s cold, ≤ 500 ms warm. Figures and ratios come from one run.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
APP = ROOT / "streamlit_app.py"
DEFAULT_DB = ROOT / "bench" / "out" / "demo.db"
NOW_KEY = "clock.now"  # dashboard.clock.NOW_KEY, without importing Streamlit before the store is ready
SCOPE_KEY = "scope"  # dashboard.session.SCOPE_KEY: the signed-in account's scope
COLD_TARGET_S, WARM_TARGET_S = 2.0, 0.5


@dataclass(frozen=True)
class Case:
    name: str
    page: str
    prepare: str = ""  # "drill": pick the first district on the overview; "district": filter to it
    unit_key: str = "dossiers.unit"  # the page's unit picker, for "district"
    signed_in: bool = True  # False: the page a signed-out visitor gets


CASES = [
    Case("Tổng quan tỉnh", "dashboard/pages/overview.py"),
    Case("Tổng quan tỉnh › drill into a district", "dashboard/pages/overview.py", "drill"),
    Case("Thống kê hồ sơ", "dashboard/pages/dossier_stats.py"),
    Case("Thống kê hồ sơ › one district", "dashboard/pages/dossier_stats.py", "district"),
    Case("Trực tiếp (whole province, 12 tiles)", "dashboard/pages/live.py"),
    Case("Trực tiếp › one district", "dashboard/pages/live.py", "district", "live.unit"),
    Case("Theo dõi trong ngày (whole province)", "dashboard/pages/desk_day.py"),
    Case("Theo dõi trong ngày › one district", "dashboard/pages/desk_day.py", "district", "day.unit"),
    Case("Kiểm điểm tháng (whole province)", "dashboard/pages/monthly_review.py"),
    Case("Kiểm điểm tháng › one district", "dashboard/pages/monthly_review.py", "district", "review.unit"),
    Case("Kiểm tra công vụ (whole province)", "dashboard/pages/inspections.py"),
    Case("Kiểm tra công vụ › one district", "dashboard/pages/inspections.py", "district", "insp.f.unit"),
    Case("Cấu hình", "dashboard/pages/setup.py"),
    Case("Nhật ký truy cập", "dashboard/pages/audit.py"),
    Case("Tài khoản", "dashboard/pages/accounts.py"),
    Case("Bảo vệ dữ liệu cá nhân", "dashboard/pages/privacy.py"),
    Case("Đăng nhập (signed out)", "dashboard/pages/sign_in.py", signed_in=False),
]


@dataclass(frozen=True)
class Timing:
    case: Case
    cold_s: float
    warm_s: float
    rows: int  # rows of the page's first table: shows the page drew what the case asks


def ensure_store(url: str | None) -> str:
    from data.db import open_store

    url = url or f"sqlite:///{DEFAULT_DB}"
    engine = open_store(url)
    if _dossier_count(engine) == 0:
        try:
            from data.demo.generate import generate_demo
        except ImportError:
            sys.exit("error: the store is empty and data.demo.generate is missing; pass --db with a full store")
        print(f"Building the demo store in {url} (once) …", flush=True)
        t0 = time.perf_counter()
        generate_demo(engine, progress=lambda step, fraction: print(f"  {fraction:4.0%} {step}", flush=True))
        print(f"  built in {time.perf_counter() - t0:.0f} s", flush=True)
    engine.dispose()
    return url


def _dossier_count(engine) -> int:
    from sqlalchemy import func, select

    from data.schema import Dossier

    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(Dossier)).scalar_one()


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


class PageError(RuntimeError):
    """The page showed an exception box."""


def _timed_run(at) -> float:
    t0 = time.perf_counter()
    at.run(timeout=120)
    elapsed = time.perf_counter() - t0
    if at.exception:
        raise PageError(str(at.exception[0].value))
    return elapsed


def _prepare(at, case: Case) -> None:
    """Put the page in the state the case measures (caches are cleared afterwards)."""
    from dashboard.queries import unit_tree
    from dashboard.store import store_url
    from data.access import SYSTEM

    if not case.prepare:
        return
    units = unit_tree(store_url(), SYSTEM)
    district = next(u for u in units.children(units.single_root) if units.has_children(u))
    if case.prepare == "drill":
        from dashboard.overview import VIEW_KEY
        from dashboard.overview_layout import View

        at.session_state[VIEW_KEY] = View(district)
    elif case.prepare == "district":
        at.selectbox(key=case.unit_key).select(district)


def office_clock():
    """10:00 local on the newest working day: the desk pages then show a working morning,
    not an empty night or weekend."""
    import datetime as dt

    from data.demo.calendar import sessions_on
    from domain.timezone import LOCAL_TZ, local_today

    day = local_today()
    while not sessions_on(day, saturday_opening=False):
        day -= dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(10), LOCAL_TZ).astimezone(dt.UTC)


def measure(case: Case) -> Timing:
    from streamlit.testing.v1 import AppTest

    from data.access import SYSTEM

    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[NOW_KEY] = office_clock()
    if case.signed_in:
        at.session_state[SCOPE_KEY] = SYSTEM  # a province-wide administrator sees every page
    at.run()  # registers the pages; untimed
    at.switch_page(case.page).run()
    _prepare(at, case)
    _clear_caches()
    cold = _timed_run(at)
    warm = _timed_run(at)
    return Timing(case, cold, warm, len(at.dataframe[0].value) if at.dataframe else 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help=f"store URL (default: build or reuse {DEFAULT_DB.relative_to(ROOT)})")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the median is reported")
    args = parser.parse_args(argv)

    url = ensure_store(args.db)
    os.environ["DATABASE_URL"] = url
    from data.db import make_engine

    engine = make_engine(url)
    print(f"Store: {engine.dialect.name}, {_dossier_count(engine):,} dossiers")
    engine.dispose()
    measure(CASES[0])  # imports Streamlit, pandas, Altair once, outside the figures

    print(f"{'page':44} {'rows':>5} {'cold s':>7} {'/2 s':>6} {'warm s':>7} {'/0.5 s':>7}")
    for case in CASES:
        if not (ROOT / case.page).is_file():
            print(f"{case.name:44} (page not there yet: {case.page})")
            continue
        try:
            runs = [measure(case) for _ in range(args.repeat)]
        except PageError as exc:
            print(f"{case.name:44} error: the page raised: {exc}")
            continue
        cold = statistics.median(r.cold_s for r in runs)
        warm = statistics.median(r.warm_s for r in runs)
        print(f"{case.name:44} {runs[0].rows:5d} {cold:7.3f} {cold / COLD_TARGET_S:6.2f} {warm:7.3f} "
              f"{warm / WARM_TARGET_S:7.2f}")
    print("Ratios are time / target: ≤ 1.00 meets the target.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
