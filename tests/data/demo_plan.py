"""The demo's dossier plan as `generate_demo` draws it, for tests that check it without writing it.

`generate_demo` builds the organisation, then plans the dossiers with its own
generators (one per part, spawned from the seed). Here the organisation is
built in a transaction that is rolled back, and the plan is drawn with the
same generators at any scale: the article's totals are checked on the full
plan in memory (2 s), and the small store's rows against the same plan at the
store's scale (the write path).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from data.db import make_engine
from data.demo.dossiers import ArticleFigures, DossierPlan, DossierUnit, dossier_units, plan_dossiers
from data.demo.org import DemoUnit, build_org
from stores import fresh_store


@dataclass(frozen=True)
class DrawnPlan:
    org_units: tuple[DemoUnit, ...]
    units: list[DossierUnit]  # the plan's units (its `unit` indexes into these)
    plan: DossierPlan
    figures: ArticleFigures


def demo_generators(seed: int) -> tuple[np.random.Generator, ...]:
    """(org, dossiers, inspections, presence): the generators generate_demo spawns from its seed."""
    return tuple(np.random.Generator(np.random.PCG64(s)) for s in np.random.SeedSequence(seed).spawn(4))


def demo_units(tmp_dir: Path, seed: int, end_date: dt.date) -> tuple[DemoUnit, ...]:
    """The demo organisation's units (ids as in a fresh store), built on a store and rolled back."""
    with fresh_store(tmp_dir) as url:
        engine = make_engine(url)
        try:
            with engine.connect() as conn, conn.begin() as tx:
                org = build_org(conn, demo_generators(seed)[0], end_date)
                tx.rollback()
        finally:
            engine.dispose()
    return org.units


def draw_plan(units: tuple[DemoUnit, ...], seed: int, scale: float = 1.0) -> DrawnPlan:
    rng = demo_generators(seed)[1]
    figures = ArticleFigures().scaled(scale)
    planned = dossier_units(rng, units)
    return DrawnPlan(units, planned, plan_dossiers(rng, planned, figures), figures)
