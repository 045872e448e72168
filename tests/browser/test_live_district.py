"""Trực tiếp for a district in the browser (issue 13, items 5 and 8): the page starts on a district, not the
province; the counts on top match the tiles under each filter; at 390 px the counts wrap, the tiles stack
and nothing runs off the screen (screenshot var/screenshots/live-390.png, copied to docs/screenshots/ with
UPDATE_SCREENSHOTS=1).
"""
from __future__ import annotations

import os
import re
import shutil
import time

import pytest

from app_server import App
from dashboard.live_view import PER_PAGE
from data.access import SYSTEM
from data.db import make_engine
from data.demo.live_site import pick_site
from data.presence import desks
from domain.timezone import local_today
from steps import README_SHOTS, SHOTS, open_page, settle, vi

pytestmark = pytest.mark.browser

COUNTS = ("live.count.ABSENT", "live.count.OFFLINE", "live.count.PRESENT", "live.count.OFF_HOURS",
          "live.count.unknown")
# One snapshot of the DOM: the fragment redraws every 5 s, so counts and tiles are read in the same instant.
READ_BOARD = """(labels) => {
  const value = (label) => {
    const tile = [...document.querySelectorAll('[data-testid="stMetric"]')]
      .find(m => m.querySelector('[data-testid="stMetricLabel"]').innerText.trim() === label);
    return tile ? Number(tile.querySelector('[data-testid="stMetricValue"]').innerText.trim()) : null;
  };
  const tiles = [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
    .filter(c => c.innerText.startsWith('Có mặt hôm nay')).length;
  return {counts: labels.map(value), tiles: tiles};
}"""


def board(page) -> dict:
    return page.evaluate(READ_BOARD, [vi(k) for k in COUNTS])


def settled_board(page, want) -> dict:
    """The board once `want(board)` holds (a refresh may land between two reads), else the last one read."""
    deadline = time.monotonic() + 30
    seen = board(page)
    while not want(seen) and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        seen = board(page)
    return seen


def pick_filter(page, key: str) -> None:
    page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').get_by_text(vi(key), exact=True).click()
    settle(page)


def open_demo_unit(page, app: App):
    """The demo worker's unit picked in the unit box (its desks have live pictures)."""
    engine = make_engine(app.store_url)
    with engine.connect() as conn:
        site = pick_site(conn)
    engine.dispose()
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first.click()
    page.keyboard.type(site.unit_name)
    page.get_by_role("option", name=re.compile(re.escape(site.unit_name))).first.click()
    settle(page)
    return site


def unit_desks(app: App, unit_id: int) -> int:
    engine = make_engine(app.store_url)
    with engine.connect() as conn:
        n = len(desks.unit_desks(conn, unit_id, local_today(), scope=SYSTEM))
    engine.dispose()
    return n


def test_the_page_starts_on_a_district_and_the_counts_match_the_tiles(page, app: App):
    open_page(page, "truc-tiep")
    unit = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first.evaluate(
        "b => b.textContent + ' ' + [...b.querySelectorAll('input')].map(i => i.value).join(' ')")
    assert "(toàn tỉnh)" not in unit and ("Huyện" in unit or "Thành phố" in unit), unit  # not 55 pages of desks

    site = open_demo_unit(page, app)
    total = unit_desks(app, site.unit_id)
    every = settled_board(page, lambda b: None not in b["counts"] and sum(b["counts"]) == total)
    assert None not in every["counts"], every
    assert sum(every["counts"]) == total and every["tiles"] == min(total, PER_PAGE), (every, total)
    for key, position in (("live.filter.ABSENT", 0), ("live.filter.OFFLINE", 1)):
        pick_filter(page, key)
        shown = settled_board(page, lambda b, i=position: min(b["counts"][i], PER_PAGE) == b["tiles"])
        assert min(shown["counts"][position], PER_PAGE) == shown["tiles"], (key, shown)
        if shown["tiles"] == 0:
            assert page.get_by_text(vi("live.filter.none")).count() == 1
    pick_filter(page, "live.filter.ALL")
    assert settled_board(page, lambda b: b["tiles"] == min(total, PER_PAGE))["tiles"] == min(total, PER_PAGE)


def test_at_390_px_the_counts_wrap_and_the_tiles_stack(page, app: App):
    open_page(page, "truc-tiep")
    open_demo_unit(page, app)
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        settle(page)
        page.locator('[data-testid="stMetric"]').first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        counts = page.locator('[data-testid="stMetric"]')
        boxes = [counts.nth(i).bounding_box() for i in range(counts.count())]
        assert len(boxes) == len(COUNTS)
        assert all(b["x"] >= 0 and b["x"] + b["width"] <= 390 for b in boxes), boxes
        rows = sorted({round(b["y"]) for b in boxes})
        assert len(rows) == 2, boxes  # wrapped: three on the first row, two on the second
        coverage = page.get_by_text(re.compile("^Có mặt hôm nay"))
        lefts = {round(coverage.nth(i).bounding_box()["x"]) for i in range(min(4, coverage.count()))}
        assert coverage.count() >= 2 and len(lefts) == 1  # one tile per row
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "live-390.png"), full_page=True)
        if os.environ.get("UPDATE_SCREENSHOTS") == "1":
            README_SHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(SHOTS / "live-390.png", README_SHOTS / "live-390.png")
    finally:
        page.set_viewport_size({"width": 1500, "height": 1300})
