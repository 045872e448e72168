"""Cần xử lý in Chromium, for each role (issue 13 items 4 and 8): the administrator's province home, an
inspector's district home on a 390 px phone (nothing wider than the screen, the counts wrap, one tap from a
line to its page with the unit picked), and a staff member's own day, one tap from their desk day.

The inspector and the staff member are accounts made here with data.accounts (the demo worker's unit's
district; a staff member rostered today at one of its desks), each signed in in a context of its own.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass

import pytest
from sqlalchemy import or_, select

from app_server import App
from dashboard.format import fmt_int, fmt_month
from data.access import SYSTEM, Scope
from data.accounts.accounts import create_account
from data.audit import SYSTEM_ACTOR
from data.db import make_engine
from data.demo.live_site import pick_site
from data.dress_code.queue import pending_queue
from data.home.overdue import overdue_by_unit
from data.schema import Desk, RosterEntry, Unit
from domain.timezone import local_today
from steps import README_SHOTS, SHOTS, check_page, metric, open_page, settle, sign_in, vi

pytestmark = pytest.mark.browser
INSPECTOR = ("tt.canxuly", "Thanh-Tra-Can-Xu-Ly-2026!")
STAFF = ("cb.canxuly", "Can-Bo-Can-Xu-Ly-2026!")
PHONE = {"width": 390, "height": 844}
LINKS = '[data-testid="stMain"] a[data-testid="stPageLink-NavLink"]'


@dataclass(frozen=True)
class People:
    district: Scope  # the inspector's scope
    district_name: str
    staff_desk: str  # the desk the staff member is rostered on today
    staff_unit: str  # that desk's unit


@pytest.fixture(scope="module")
def people(app: App) -> People:
    engine = make_engine(app.store_url)
    today = local_today()
    with engine.begin() as conn:
        site = pick_site(conn)
        path = conn.execute(select(Unit.path).where(Unit.id == site.unit_id)).scalar_one()
        ids = [int(x) for x in path.strip("/").split("/")]
        district = ids[1] if len(ids) > 1 else ids[0]
        district_path, district_name = conn.execute(
            select(Unit.path, Unit.name).where(Unit.id == district)).one()
        staff_id, desk = conn.execute(
            select(RosterEntry.staff_id, Desk.name).join(Desk, Desk.id == RosterEntry.desk_id)
            .where(Desk.unit_id == site.unit_id, Desk.active.is_(True), RosterEntry.day_from <= today,
                   or_(RosterEntry.day_to.is_(None), RosterEntry.day_to >= today))
            .order_by(Desk.code).limit(1)).one()
        create_account(conn, username=INSPECTOR[0], display_name="Thanh tra thử", role="inspector",
                       unit_id=district, actor=SYSTEM_ACTOR, password=INSPECTOR[1])
        create_account(conn, username=STAFF[0], display_name="Cán bộ thử", role="staff", staff_id=int(staff_id),
                       actor=SYSTEM_ACTOR, password=STAFF[1])
    engine.dispose()
    return People(Scope(INSPECTOR[0], "inspector", district_path), district_name, desk, site.unit_name)


def picked_unit(tab) -> str:
    """What the page's first select box (its unit picker) shows, however Streamlit draws the value."""
    box = tab.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first
    box.wait_for()
    inputs = box.locator("input")
    values = [inputs.nth(i).input_value() for i in range(inputs.count())]
    return " ".join([box.inner_text(), *values])


def signed_in_tab(browser, app: App, account: tuple[str, str], viewport: dict):
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    context.set_default_timeout(90_000)
    tab = context.new_page()
    tab.goto(app.url)
    settle(tab)
    sign_in(tab, app, account)
    return context, tab


def test_the_administrator_lands_on_the_province_home(page, app: App):
    open_page(page, "")
    page.get_by_role("heading", name=vi("home.worst", month=fmt_month(local_today().replace(day=1)))).wait_for()
    settle(page)
    check_page(page, "")
    engine = make_engine(app.store_url)
    overdue = sum(u.count for u in overdue_by_unit(engine, SYSTEM, dt.datetime.now(dt.UTC)))
    queue = pending_queue(engine, SYSTEM, page_size=1)
    engine.dispose()
    assert overdue > 0  # the demo's dossiers still in progress since 2023
    assert metric(page, vi("home.metric.overdue")) == fmt_int(overdue, "vi")
    assert metric(page, vi("home.metric.dress")) == fmt_int(queue.total_left, "vi")


def test_an_inspector_on_a_phone_gets_their_district_one_tap_from_each_page(browser, app: App, people: People):
    context, tab = signed_in_tab(browser, app, INSPECTOR, PHONE)
    try:
        tab.get_by_role("heading", name=vi("home.now", count="0").split(" (")[0], exact=False).first.wait_for()
        settle(tab)
        tab.locator('[data-testid="stMetric"]').first.wait_for()
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        tiles = tab.locator('[data-testid="stMetric"]')
        boxes = [tiles.nth(i).bounding_box() for i in range(tiles.count())]
        assert len(boxes) == 6  # absent, offline, incidents today, explanations, dress code, overdue
        assert all(b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"] for b in boxes), boxes
        assert len({round(b["y"]) for b in boxes}) > 1  # wrapped onto more than one row
        lines = tab.locator(LINKS)
        assert lines.count() > 0
        for i in range(lines.count()):  # each line whole on the screen: wrapped, never cut off
            box = lines.nth(i).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
            whole = "a => [a, ...a.querySelectorAll('*')].every(e => e.scrollWidth <= e.clientWidth + 1)"
            assert lines.nth(i).evaluate(whole), lines.nth(i).inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        tab.set_viewport_size({"width": PHONE["width"], "height": 1500})  # the page scrolls inside: a tall phone
        settle(tab)
        tab.screenshot(path=str(SHOTS / "home-390.png"), full_page=True)
        tab.set_viewport_size(PHONE)
        if os.environ.get("UPDATE_SCREENSHOTS") == "1":
            README_SHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(SHOTS / "home-390.png", README_SHOTS / "home-390.png")

        engine = make_engine(app.store_url)
        overdue = overdue_by_unit(engine, people.district, dt.datetime.now(dt.UTC))
        engine.dispose()
        assert overdue, f"no overdue dossier in {people.district_name}"
        assert metric(tab, vi("home.metric.overdue")) == fmt_int(sum(u.count for u in overdue), "vi")
        first = tab.locator(f'{LINKS}[href*="thong-ke-ho-so"]').first
        assert first.inner_text().startswith(overdue[0].unit_name)
        first.click()
        settle(tab)
        tab.get_by_role("heading", name=vi("page.dossiers"), exact=True).wait_for()
        picked = picked_unit(tab)
        assert overdue[0].unit_name in picked, picked
        assert tab.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()


def test_a_staff_member_sees_their_own_day(browser, app: App, people: People):
    context, tab = signed_in_tab(browser, app, STAFF, {"width": 1300, "height": 1000})
    try:
        tab.get_by_role("heading", name=vi("home.my_day"), exact=True).wait_for()
        settle(tab)
        assert tab.locator('[data-testid="stException"]').count() == 0
        assert tab.locator('[data-testid="stMetric"]').count() == 0
        mine = tab.locator(f'{LINKS}[href*="theo-doi-trong-ngay"]')
        assert mine.count() == 1 and mine.first.inner_text().startswith(f"{people.staff_desk} · ")
        mine.first.click()
        settle(tab)
        tab.get_by_role("heading", name=vi("page.desk_day"), exact=True).wait_for()
        shown = tab.locator('[data-testid="stDateInput"] input[type="date"]').first.input_value()
        assert shown == local_today().isoformat()
        assert people.staff_unit in picked_unit(tab)
    finally:
        context.close()
