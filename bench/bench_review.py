"""Monthly review figures on a full demo store: the per-desk query and the whole review value.

    .venv/bin/python bench/bench_review.py --db sqlite:////tmp/review_demo.db
    .venv/bin/python bench/bench_review.py --db "postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dreview_demo"

The store must hold the demo (`DATABASE_URL=… python -m data demo`). The month is the
one with the most presence data (the demo's 30 days straddle two months). Prints the
median of --repeat runs for the whole province and for its first district, and the
ratio to the target (desk figures ≤ 0.3 s for the province; the page's ≤ 0.5 s warm is
measured by bench/bench_pages.py).
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from data.access import SYSTEM  # noqa: E402
from data.db import make_engine  # noqa: E402
from data.review.desk_month import desk_period_figures  # noqa: E402
from data.review.report import build_review, month_end  # noqa: E402
from data.schema import PresenceInterval, Unit  # noqa: E402
from domain.timezone import LOCAL_TZ, as_utc  # noqa: E402

DESK_TARGET_S = 0.3


def busiest_month(engine) -> dt.date:
    with engine.connect() as c:
        first, last = c.execute(select(func.min(PresenceInterval.start_at), func.max(PresenceInterval.end_at))).one()
    middle = as_utc(first) + (as_utc(last) - as_utc(first)) / 2
    return middle.astimezone(LOCAL_TZ).date().replace(day=1)


def timed(fn, repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (SQLite runs in it; on a shared,
    loaded machine the CPU time is the figure that does not depend on the neighbours)."""
    fn()  # warms the store's page cache and the imports
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="store URL holding the demo")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    engine = make_engine(args.db)
    month = busiest_month(engine)
    with engine.connect() as c:
        province = c.execute(select(Unit.id).where(Unit.parent_id.is_(None))).scalar_one()
        district = c.execute(select(Unit.id, Unit.name).where(Unit.level_code == "district").order_by(Unit.id)).first()
    print(f"Store: {engine.dialect.name}; month {month:%m/%Y}")
    print(f"{'what':30} {'unit':22} {'wall s':>7} {'/0.3 s':>7} {'cpu s':>7}")
    for unit_id, name in ((province, "province"), (district.id, district.name)):
        wall, cpu = timed(lambda: desk_period_figures(engine, SYSTEM, unit_id, month, month_end(month)), args.repeat)
        print(f"{'desk_period_figures':30} {name:22} {wall:7.3f} {wall / DESK_TARGET_S:7.2f} {cpu:7.3f}")
        wall, cpu = timed(lambda: build_review(engine, SYSTEM, unit_id, month), args.repeat)
        print(f"{'build_review (+ last month)':30} {name:22} {wall:7.3f} {'':>7} {cpu:7.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
