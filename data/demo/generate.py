"""`python -m data demo`: fill an empty store with deterministic Lạng Sơn-shaped data."""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass

import numpy as np
from sqlalchemy import Connection, Engine, func, select

from data.demo.dossiers import EARLY, ON_TIME, ONLINE, PENDING, ArticleFigures, dossier_units, plan_dossiers, write_dossiers
from data.demo.inspections import write_inspections
from data.demo.org import build_org
from data.demo.presence import PresenceWindow, write_presence
from data.schema import Unit
from domain.timezone import local_today

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class DemoSummary:
    units: int
    districts: int
    communes: int
    friendly_communes: int
    desks: int
    cameras: int
    staff: int
    schedule_rows: int
    holidays: int
    dossiers: int
    dossiers_online: int
    dossiers_resolved: int
    dossiers_early_or_on_time: int
    dossiers_in_progress: int
    inspections: int
    inspection_findings: int
    presence_intervals: int
    camera_outages: int
    compliance_observations: int
    compliance_violations: int


class StoreNotEmpty(RuntimeError):
    pass


def store_is_empty(engine: Engine) -> bool:
    """True when the store has no units (everything else hangs off units)."""
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(Unit)).scalar_one() == 0


def generate_demo(engine: Engine, seed: int = 2023, progress: Progress | None = None, *,
                  end_date: dt.date | None = None, scale: float = 1.0) -> DemoSummary:
    """Write the whole demo in one transaction; the same seed and end date give the same rows.

    `end_date` (default: today, local) closes the 30 days of presence data and the
    inspection history. `scale` < 1 shrinks only the dossier volume (for tests);
    at 1 the dossier totals are exactly the article's.
    """
    if not 0 < scale <= 1:
        raise ValueError(f"scale must be in (0, 1], got {scale}")
    if not store_is_empty(engine):
        raise StoreNotEmpty("Kho dữ liệu đã có đơn vị; dữ liệu mẫu chỉ ghi vào kho trống (the store is not empty)")
    end_date = end_date or local_today()
    report = progress or (lambda _label, _fraction: None)
    org_rng, dossier_rng, inspection_rng, presence_rng = (
        np.random.Generator(np.random.PCG64(s)) for s in np.random.SeedSequence(seed).spawn(4))
    figures = ArticleFigures().scaled(scale)

    with engine.begin() as conn, _sqlite_bulk_mode(conn):
        report("Đơn vị, lịch làm việc, quầy, camera, cán bộ", 0.0)
        org = build_org(conn, org_rng, end_date)
        report("Hồ sơ TTHC: lập kế hoạch", 0.03)
        units = dossier_units(dossier_rng, org.units)
        plan = plan_dossiers(dossier_rng, units, figures)
        report("Hồ sơ TTHC: ghi", 0.12)
        n_dossiers = write_dossiers(conn, plan, units, lambda f: report("Hồ sơ TTHC: ghi", 0.12 + 0.68 * f))
        report("Kiểm tra công vụ", 0.85)
        insp = write_inspections(conn, inspection_rng, org, end_date)
        report("Hiện diện tại quầy (30 ngày)", 0.87)
        pres = write_presence(conn, presence_rng, org, PresenceWindow(end_date),
                              lambda f: report("Hiện diện tại quầy (30 ngày)", 0.87 + 0.12 * f))
    report("Xong", 1.0)

    communes = org.of_role("commune")
    outcome = plan.outcome
    return DemoSummary(
        units=len(org.units), districts=len(org.of_role("district")), communes=len(communes),
        friendly_communes=sum(u.friendly for u in communes), desks=len(org.desks), cameras=len(org.cameras),
        staff=org.staff_count, schedule_rows=org.schedule_rows, holidays=org.holiday_rows,
        dossiers=n_dossiers, dossiers_online=int((plan.channel == ONLINE).sum()),
        dossiers_resolved=int((outcome != PENDING).sum()),
        dossiers_early_or_on_time=int(np.isin(outcome, (EARLY, ON_TIME)).sum()),
        dossiers_in_progress=int((outcome == PENDING).sum()), inspections=insp.inspections,
        inspection_findings=insp.findings, presence_intervals=pres.intervals, camera_outages=pres.camera_outages,
        compliance_observations=pres.compliance, compliance_violations=pres.violations,
    )


@contextlib.contextmanager
def _sqlite_bulk_mode(conn: Connection) -> Iterator[None]:
    """A bigger page cache for the one big write on SQLite, set back afterwards."""
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.driver_connection
    old = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute("PRAGMA cache_size = -262144")  # 256 MiB
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size = {int(old)}")


def run_demo(engine: Engine, args: argparse.Namespace) -> int:
    """The `demo` command: exit 0 on success or when --if-empty finds data, 1 when the store is not empty."""
    if not store_is_empty(engine):
        if args.if_empty:
            print("Kho dữ liệu đã có dữ liệu, bỏ qua dữ liệu mẫu (store not empty, nothing done)")
            return 0
        print("error: Kho dữ liệu đã có đơn vị; dữ liệu mẫu chỉ ghi vào kho trống "
              "(the store is not empty; use a new --db or --if-empty)", file=sys.stderr)
        return 1
    from tqdm import tqdm

    started = time.perf_counter()
    with tqdm(total=100, desc="Dữ liệu mẫu", unit="%", file=sys.stderr,
              bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}") as bar:
        def progress(label: str, fraction: float) -> None:
            bar.set_description_str(label)
            bar.update(max(0.0, round(100 * fraction, 1) - bar.n))

        summary = generate_demo(engine, args.seed, progress)
    elapsed = time.perf_counter() - started
    print(f"Đã tạo dữ liệu mẫu trong {elapsed:.1f} giây (seed {args.seed}):")
    for key, value in asdict(summary).items():
        print(f"  {key:>26}: {value:,}")
    return 0
