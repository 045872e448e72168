"""Demo dossiers: a plan drawn in numpy whose totals equal the article's, then bulk-written.

The plan is pure (seed in, arrays out) so it can be checked without a store.
Counts per unit, then per (unit, day), come from largest-remainder apportionment of smooth,
noisy weights; exact-count draws then fix the online, late and in-progress
sets. Every figure the article gives is met exactly; the rest is shape.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
from sqlalchemy import Connection

from data.demo import places
from data.demo.apportion import exact_bernoulli, largest_remainder
from data.demo.bulk import US_PER_S, BulkWriter, secondary_indexes_deferred
from data.demo.calendar import AFTERNOON, DAYS_OFF, MORNING, holiday_array, tet_breaks
from data.demo.catalogue import PROCEDURES, procedures_for
from data.demo.org import DemoUnit
from data.dossiers.daily import rebuild_all

LOCAL_OFFSET_S = 7 * 3600  # Asia/Ho_Chi_Minh is UTC+7 all year
EARLY, ON_TIME, LATE, PENDING = 0, 1, 2, 3
DIRECT, ONLINE, POSTAL = 0, 1, 2
CHANNELS = ("direct", "online", "postal")
OUTCOMES = ("early", "on_time", "late", None)
RESOLVED_STATUS = "Đã trả kết quả"
PENDING_STATUS = "Đang xử lý"
CHUNK = 200_000


@dataclass(frozen=True)
class ArticleFigures:
    """Totals the demo must reproduce (Lạng Sơn, 2021 – Q1 2023, and Bình Gia in 2022)."""

    start: dt.date = dt.date(2021, 1, 1)
    end: dt.date = dt.date(2023, 3, 31)
    received: int = 1_659_613
    online: int = 328_462
    resolved: int = 1_650_770
    early_or_on_time: int = 1_648_559
    focus_year: int = 2022
    focus_received: int = 60_503
    focus_resolved: int = 60_503
    focus_early_or_on_time: int = 60_500

    def scaled(self, factor: float) -> ArticleFigures:
        """Smaller figures with the same proportions (for quick tests)."""
        if factor == 1:
            return self
        r = lambda v: max(int(round(v * factor)), 1)  # noqa: E731
        received, resolved = r(self.received), r(self.resolved)
        focus = r(self.focus_received)
        return replace(self, received=received, online=r(self.online), resolved=resolved,
                       early_or_on_time=min(r(self.early_or_on_time), resolved - 3), focus_received=focus,
                       focus_resolved=focus, focus_early_or_on_time=focus - 3)


@dataclass(frozen=True)
class DossierUnit:
    """What the plan needs to know of a unit that receives dossiers."""

    unit_id: int
    code: str
    role: str  # 'centre', an agency key, 'district' or 'commune'
    weight: float  # relative volume
    saturday_opening: bool
    focus: bool  # inside the subtree whose focus-year total is fixed


@dataclass(frozen=True)
class DossierPlan:
    """One element per dossier, ordered by unit, received day and time (so codes ascend)."""

    unit: np.ndarray  # index into the units given to the plan
    day: np.ndarray  # index into `days`
    seq: np.ndarray  # 1-based number within (unit, day)
    received_s: np.ndarray  # local seconds after midnight
    procedure: np.ndarray  # index into PROCEDURES
    channel: np.ndarray
    outcome: np.ndarray
    due_day: np.ndarray  # datetime64[D]
    resolved_day: np.ndarray  # datetime64[D]; meaningless when PENDING
    resolved_s: np.ndarray
    returned_delay_s: np.ndarray
    days: np.ndarray  # the calendar, datetime64[D]

    def __len__(self) -> int:
        return len(self.unit)


PROVINCIAL_SHARE, DISTRICT_OFFICE_SHARE, COMMUNE_SHARE = 0.30, 0.28, 0.42


def dossier_units(rng: np.random.Generator, units: Sequence[DemoUnit]) -> list[DossierUnit]:
    """Every unit that receives dossiers, with a volume weight by level and size."""
    agency_share = {a.key: a.share for a in places.AGENCIES}
    provincial = [u for u in units if u.role in agency_share]
    total_agency = sum(agency_share[u.role] for u in provincial)
    pop = np.array([d.population_k for d in places.DISTRICTS], dtype=np.float64)
    office = pop ** 0.9 * rng.lognormal(0.0, 0.1, len(pop))
    focus = next(u.district for u in units if u.role == "district" and u.name == places.BINH_GIA)
    commune_size = {}
    for i, d in enumerate(places.DISTRICTS):
        members = [u for u in units if u.role == "commune" and u.district == i]
        size = rng.lognormal(0.0, 0.35, len(members))
        size *= np.array([1.8 if u.name.startswith(("Phường", "Thị trấn")) else 1.0 for u in members])
        size *= COMMUNE_SHARE * pop[i] / pop.sum() / size.sum()
        commune_size.update({u.id: float(s) for u, s in zip(members, size)})
    out = []
    for u in units:
        if u.role in agency_share:
            w = PROVINCIAL_SHARE * agency_share[u.role] / total_agency
        elif u.role == "district":
            w = DISTRICT_OFFICE_SHARE * office[u.district] / office.sum()
        elif u.role == "commune":
            w = commune_size[u.id]
        else:
            continue
        out.append(DossierUnit(u.id, u.code, u.role, w, u.saturday_opening, u.district == focus))
    return out


def plan_dossiers(rng: np.random.Generator, units: list[DossierUnit], figures: ArticleFigures) -> DossierPlan:
    days = np.arange(np.datetime64(figures.start), np.datetime64(figures.end) + 1, dtype="datetime64[D]")
    weights = _cell_weights(rng, units, days, figures)
    counts = _cell_counts(units, days, weights, figures)
    n_units, n_days = counts.shape
    flat = counts.ravel()
    n = int(flat.sum())
    unit = np.repeat(np.repeat(np.arange(n_units), n_days), flat)
    day = np.repeat(np.tile(np.arange(n_days), n_units), flat)
    starts = np.repeat(np.cumsum(flat) - flat, flat)
    seq = np.arange(n) - starts + 1

    saturday = _weekday(days)[day] == 5
    received_s = _office_seconds(rng, n, saturday)
    cell = np.repeat(np.arange(len(flat)), flat)
    received_s = received_s[np.lexsort((received_s, cell))]  # numbered in arrival order

    procedure = _procedures(rng, units, counts.sum(axis=1))
    limit = np.array([p.days for p in PROCEDURES])[procedure]
    channel = _channels(rng, units, unit, day, n_days, procedure, figures)
    focus = _focus_rows(units, unit, days[day], figures)
    outcome = _outcomes(rng, n_days, day, limit, procedure, focus, figures)

    hol = holiday_array()
    recv_day = days[day]
    due_day = np.busday_offset(recv_day, limit, roll="forward", holidays=hol)
    early_off = np.minimum((limit * rng.random(n) ** 2).astype(np.int64), limit - 1)
    late_off = rng.geometric(0.3, n)  # at least one working day late
    resolved_day = np.where(
        outcome == EARLY, np.busday_offset(recv_day, early_off, roll="forward", holidays=hol),
        np.where(outcome == LATE, np.busday_offset(due_day, late_off, holidays=hol), due_day))
    same_day = resolved_day == recv_day
    close_s = np.where(saturday, MORNING.end_s, AFTERNOON.end_s)
    later = received_s + np.maximum(60, (rng.random(n) * (close_s - received_s)).astype(np.int64))
    resolved_s = np.where(same_day, later, _office_seconds(rng, n, np.zeros(n, dtype=bool)))
    returned_delay_s = np.where(channel == ONLINE, 0, rng.exponential(3 * 3600, n).astype(np.int64))
    return DossierPlan(unit, day, seq, received_s, procedure, channel, outcome, due_day, resolved_day,
                       resolved_s, returned_delay_s, days)


def _weekday(days: np.ndarray) -> np.ndarray:
    return (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday


def _day_weights(days: np.ndarray, saturday_unit: bool) -> np.ndarray:
    """Seasonal shape of demand per calendar day (0 when the unit is closed)."""
    wd = _weekday(days)
    dates = days.astype(dt.date)
    off = np.array([d in DAYS_OFF for d in dates])
    w = np.array([1.15, 1.05, 1.0, 1.0, 0.9, 0.35 if saturday_unit else 0.0, 0.0])[wd]
    w[off] = 0.0
    years = (days - days[0]).astype(np.int64) / 365.25
    w *= 1.0 + 0.11 * years  # slow growth of demand
    month = np.array([d.month for d in dates]) - 1
    w *= np.array([1.08, 0.9, 1.0, 1.0, 1.0, 0.98, 0.96, 0.95, 1.0, 1.02, 1.05, 1.12])[month]
    for first, last in ((np.datetime64(a), np.datetime64(b)) for a, b in tet_breaks()):
        before = (days >= first - 10) & (days < first)
        w[before] *= 1.3  # rush to finish papers before Tết
        after = (days > last) & (days <= last + 15)
        w[after] *= 0.5 + 0.5 * (days[after] - last).astype(np.int64) / 15.0
    covid = (days >= np.datetime64("2021-08-01")) & (days < np.datetime64("2021-10-01"))
    w[covid] *= 0.9
    return w


def _cell_weights(rng: np.random.Generator, units: list[DossierUnit], days: np.ndarray,
                  figures: ArticleFigures) -> np.ndarray:
    weekday_w = _day_weights(days, False)
    saturday_w = _day_weights(days, True)
    day_noise = rng.lognormal(0.0, 0.08, len(days))
    unit_w = np.array([u.weight for u in units])
    sat = np.array([u.saturday_opening for u in units])
    w = unit_w[:, None] * np.where(sat[:, None], saturday_w, weekday_w) * day_noise
    w *= rng.lognormal(0.0, 0.25, w.shape)
    # Calibrate the focus subtree so the fixed focus-year total sits on its natural level.
    focus = np.array([u.focus for u in units])
    in_year = np.array([d.year == figures.focus_year for d in days.astype(dt.date)])
    a = w[focus][:, in_year].sum()
    b = w[focus][:, ~in_year].sum()
    c = w[~focus].sum()
    t, total = figures.focus_received, figures.received
    k = t * c / (a * total - t * (a + b))
    w[focus] *= k
    return w


def _cell_counts(units: list[DossierUnit], days: np.ndarray, w: np.ndarray, figures: ArticleFigures) -> np.ndarray:
    """Exact counts per (unit, day): first per unit, then over the unit's days (largest remainder twice).

    Two levels keep every unit's share right even when the totals are scaled down
    so far that most single cells would round to zero.
    """
    focus = np.array([u.focus for u in units])
    in_year = np.array([d.year == figures.focus_year for d in days.astype(dt.date)])
    fixed = focus[:, None] & in_year[None, :]
    counts = np.zeros(w.shape, dtype=np.int64)
    for cells, total in ((fixed, figures.focus_received), (~fixed, figures.received - figures.focus_received)):
        masked = np.where(cells, w, 0.0)
        per_unit = largest_remainder(total, masked.sum(axis=1))
        for u in np.flatnonzero(per_unit):
            counts[u] += largest_remainder(int(per_unit[u]), masked[u])
    return counts


def _office_seconds(rng: np.random.Generator, n: int, saturday: np.ndarray) -> np.ndarray:
    morning = saturday | (rng.random(n) < 0.62)
    start = np.where(morning, MORNING.start_s, AFTERNOON.start_s)
    length = np.where(morning, MORNING.end_s - MORNING.start_s, AFTERNOON.end_s - AFTERNOON.start_s)
    return start + (rng.beta(1.3, 1.7, n) * length).astype(np.int64)


def _procedures(rng: np.random.Generator, units: list[DossierUnit], per_unit: np.ndarray) -> np.ndarray:
    out = np.empty(int(per_unit.sum()), dtype=np.int64)
    pos = 0
    for u, k in zip(units, per_unit.tolist()):
        choices = np.array(procedures_for(u.role))
        share = np.array([PROCEDURES[i].share for i in choices], dtype=np.float64)
        # Each unit has its own mix around the catalogue shares.
        share *= rng.lognormal(0.0, 0.3, len(share))
        out[pos:pos + k] = rng.choice(choices, size=k, p=share / share.sum())
        pos += k
    return out


def _channels(rng: np.random.Generator, units: list[DossierUnit], unit: np.ndarray, day: np.ndarray,
              n_days: int, procedure: np.ndarray, figures: ArticleFigures) -> np.ndarray:
    t = day / max(n_days - 1, 1)
    pull = np.array([p.online for p in PROCEDURES])[procedure]
    online = exact_bernoulli(rng, (0.35 + 0.65 * t ** 1.3) * pull, figures.online)  # the share grows
    provincial = np.array([u.role not in ("district", "commune") for u in units])[unit]
    postal = ~online & (rng.random(len(unit)) < np.where(provincial, 0.045, 0.015))
    channel = np.full(len(unit), DIRECT, dtype=np.int8)
    channel[online] = ONLINE
    channel[postal] = POSTAL
    return channel


def _focus_rows(units: list[DossierUnit], unit: np.ndarray, recv_day: np.ndarray,
                figures: ArticleFigures) -> np.ndarray:
    focus_unit = np.array([u.focus for u in units])[unit]
    year = recv_day.astype("datetime64[Y]").astype(np.int64) + 1970
    return focus_unit & (year == figures.focus_year)


def _outcomes(rng: np.random.Generator, n_days: int, day: np.ndarray, limit: np.ndarray, procedure: np.ndarray,
              focus: np.ndarray, figures: ArticleFigures) -> np.ndarray:
    n = len(day)
    land = np.array([p.field == "Đất đai" for p in PROCEDURES])[procedure]
    pending_n = figures.received - figures.resolved
    focus_late = figures.focus_resolved - figures.focus_early_or_on_time
    late_n = figures.resolved - figures.early_or_on_time
    if figures.focus_resolved != focus.sum():
        raise ValueError("the focus subtree must have every dossier of its focus year resolved")

    # Still in progress: mostly the last weeks, a few long-stuck land and building files.
    age = (n_days - 1 - day).astype(np.float64)
    w_pending = np.exp(-age / 12.0) * (0.5 + limit / 10.0) + 0.0012 * np.where(land, 4.0, 1.0)
    w_pending[focus] = 0.0
    pending = exact_bernoulli(rng, w_pending, pending_n)

    w_late = (0.3 + limit / 10.0) * np.where(land, 2.0, 1.0)
    late = np.zeros(n, dtype=bool)
    others = ~focus & ~pending
    late[others] = exact_bernoulli(rng, w_late[others], late_n - focus_late)
    late[focus] = exact_bernoulli(rng, w_late[focus], focus_late)

    early = rng.random(n) < np.where(limit <= 1, 0.86, 0.72)
    outcome = np.where(early, EARLY, ON_TIME).astype(np.int8)
    outcome[late] = LATE
    outcome[pending] = PENDING
    return outcome


COLUMNS = ("code", "unit_id", "procedure", "field", "channel", "received_at", "received_day", "due_at",
           "resolved_at", "returned_at", "outcome", "status")


def write_dossiers(conn: Connection, plan: DossierPlan, units: list[DossierUnit],
                   progress: Callable[[float], None] | None = None, chunk: int = CHUNK) -> int:
    """Bulk-write the plan in chunks of `chunk` dossiers, then rebuild the daily read model."""
    writer = BulkWriter(conn)
    n, done = len(plan), 0
    with secondary_indexes_deferred(conn, "dossier"), writer.stream("dossier", COLUMNS) as put:
        for batch in _batches(writer, plan, units, chunk):
            done += put(batch)
            if progress:
                progress(done / n)
    rebuild_all(conn)
    return n


def _batches(writer: BulkWriter, plan: DossierPlan, units: list[DossierUnit], chunk: int) -> Iterator[list]:
    """Column-wise batches of `chunk` dossiers, formatted for the store's dialect."""
    unit_codes = np.array([u.code for u in units], dtype=object)
    unit_ids = np.array([u.unit_id for u in units])
    yymmdd = [t[2:4] + t[5:7] + t[8:10] for t in np.datetime_as_string(plan.days, unit="D").tolist()]
    day0_us = _local_us(plan.days, 0)
    procedures = np.array([p.name for p in PROCEDURES], dtype=object)
    fields = np.array([p.field for p in PROCEDURES], dtype=object)
    channels = np.array(CHANNELS, dtype=object)
    outcomes = np.array(OUTCOMES, dtype=object)
    statuses = np.array([RESOLVED_STATUS] * 3 + [PENDING_STATUS], dtype=object)
    for a in range(0, len(plan), chunk):
        s = slice(a, a + chunk)
        u, d, proc, outcome = plan.unit[s], plan.day[s], plan.procedure[s], plan.outcome[s]
        codes = [f"{c}-{yymmdd[di]}-{q:04d}"
                 for c, di, q in zip(unit_codes[u].tolist(), d.tolist(), plan.seq[s].tolist())]
        pending = outcome == PENDING
        resolved_us = _local_us(plan.resolved_day[s], plan.resolved_s[s])
        yield [
            codes, unit_ids[u], procedures[proc].tolist(), fields[proc].tolist(), channels[plan.channel[s]].tolist(),
            writer.datetimes(day0_us[d] + plan.received_s[s] * US_PER_S), writer.dates(plan.days[d]),
            writer.datetimes(_local_us(plan.due_day[s], AFTERNOON.end_s)),
            writer.datetimes(resolved_us, pending),
            writer.datetimes(resolved_us + plan.returned_delay_s[s] * US_PER_S, pending),
            outcomes[outcome].tolist(), statuses[outcome].tolist(),
        ]


def _local_us(days: np.ndarray, local_s: int | np.ndarray) -> np.ndarray:
    """UTC microseconds of local days (datetime64[D]) at local seconds after midnight."""
    return (days.astype("datetime64[s]").astype(np.int64) + local_s - LOCAL_OFFSET_S) * US_PER_S
