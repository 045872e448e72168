"""Every page of the running app in headless Chromium, on the full demo store with the demo worker.

Run by test.sh after the other tests (`pytest -m browser tests/browser`). Signs in as an
administrator made with `python -m data create-admin` when the app asks for it, opens each
page through the sidebar (a new URL would start a new, signed-out session), checks the
title, key figures against the store and that no Streamlit exception box appears, and
saves a screenshot of each page to var/screenshots/ (UPDATE_SCREENSHOTS=1 also copies the
README's ones to docs/screenshots/).
"""
from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import func, select, update

from app_server import App
from dashboard.format import fmt_int
from dashboard.periods import DataSpan, default_period, month_end
from data.db import make_engine
from data.demo.live_site import pick_site
from data.dossiers.stats import data_span
from data.access import SYSTEM
from data.dress_code.queue import VIOLATION, pending_queue
from data.schema import CompliancePassSample, ComplianceViolation, Dossier, DossierSummary, Inspection, InspectionFinding
from domain.timezone import local_today
from steps import PAGES, SHOTS, check_page, metric, nav_paths, open_page, settle, vi

pytestmark = pytest.mark.browser


def received_in_default_period(store_url: str) -> int:
    engine = make_engine(store_url)
    first, last = data_span(engine)
    period = default_period(DataSpan(first.replace(day=1), month_end(last)), local_today())
    with engine.connect() as conn:
        # The demo store has detailed dossiers only: every figure is a count of rows.
        assert conn.execute(select(func.count()).select_from(DossierSummary)).scalar_one() == 0
        n = conn.execute(select(func.count()).select_from(Dossier)
                         .where(Dossier.received_day.between(period.start, period.end))).scalar_one()
    engine.dispose()
    return n


def test_overview_total_matches_the_store(page, app):
    open_page(page, "tong-quan")
    check_page(page, "tong-quan")
    assert metric(page, vi("kpi.received")) == fmt_int(received_in_default_period(app.store_url), "vi")


def test_dossier_statistics_total_matches_the_store(page, app):
    open_page(page, "thong-ke-ho-so")
    check_page(page, "thong-ke-ho-so")
    assert metric(page, vi("kpi.received")) == fmt_int(received_in_default_period(app.store_url), "vi")


def test_live_view_shows_the_demo_workers_frames(page, app):
    open_page(page, "truc-tiep")
    engine = make_engine(app.store_url)
    with engine.connect() as conn:
        site = pick_site(conn)
    engine.dispose()
    box = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first
    box.click()
    page.keyboard.type(site.unit_name)
    page.get_by_role("option", name=re.compile(re.escape(site.unit_name))).first.click()
    settle(page)
    # The worker needs a few seconds to start; the page refreshes itself every 5 s.
    captions = page.get_by_text(re.compile(re.escape("(đã làm mờ khuôn mặt)")))
    deadline = time.monotonic() + 120
    while captions.count() < len(site.desks) and time.monotonic() < deadline:
        page.wait_for_timeout(1000)
    assert captions.count() == len(site.desks)
    for desk in site.desks:
        assert page.get_by_text(desk.name, exact=False).count() >= 1
    check_page(page, "truc-tiep")


def last_working_day(today: dt.date) -> dt.date:
    """The newest day, up to today, on which the demo's communes and districts opened."""
    from data.demo.calendar import sessions_on  # noqa: PLC0415

    day = today
    while not sessions_on(day, saturday_opening=False):
        day -= dt.timedelta(days=1)
    return day


def test_desk_day_draws_the_timeline_of_a_working_day(page):
    open_page(page, "theo-doi-trong-ngay")
    day = last_working_day(local_today())
    # The date field is a row of day / month / year segments: type into the first one.
    page.locator('[data-testid="stDateInputField"] [role="spinbutton"]').first.click()
    page.keyboard.type(day.strftime("%d%m%Y"))
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_role("heading", name=vi("page.desk_day"), exact=True).first.click()  # leave the field
    settle(page)
    shown = page.locator('[data-testid="stDateInput"] input[type="date"]').first.input_value()
    assert shown == day.isoformat(), shown
    check_page(page, "theo-doi-trong-ngay")
    assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 1


def test_inspections_count_this_years_inspections_and_findings(page, app):
    open_page(page, "kiem-tra-cong-vu")
    check_page(page, "kiem-tra-cong-vu")
    year = local_today().year
    engine = make_engine(app.store_url)
    in_year = Inspection.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31))
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(Inspection).where(in_year)).scalar_one()
        findings = conn.execute(select(func.count()).select_from(InspectionFinding)
                                .join(Inspection, Inspection.id == InspectionFinding.inspection_id)
                                .where(in_year)).scalar_one()
    engine.dispose()
    assert n > 0
    expected = vi("insp.list.count", count=fmt_int(n, "vi"), findings=fmt_int(findings, "vi"))
    assert page.get_by_text(expected, exact=True).count() == 1, expected


@pytest.mark.parametrize("path", ["kiem-diem-thang", "cau-hinh"])
def test_review_inspection_and_setup_pages_open(page, path):
    open_page(page, path)
    check_page(page, path)


def test_every_other_page_in_the_navigation_opens(page):
    paths = nav_paths(page)
    assert set(PAGES) <= set(paths), f"navigation lacks {set(PAGES) - set(paths)}"
    for path in (p for p in paths if p not in PAGES):  # e.g. the audit log, the privacy notice
        open_page(page, path)
        page.locator("h1").first.wait_for()
        assert page.locator('[data-testid="stException"]').count() == 0, path
        page.screenshot(path=str(SHOTS / f"{path}.png"), full_page=True)


def _with_picture(app: App) -> tuple[int, int, int]:
    """The oldest pending violation gets a face-free evidence picture (the demo store's have none, and the
    page confirms nothing it cannot show); returns its id and the newest violation and PASS sample ids now."""
    engine = make_engine(app.store_url)
    item = pending_queue(engine, SYSTEM, page_size=1).items[0]
    assert item.kind == VIOLATION, item
    picture = app.evidence_dir / "demo" / f"violation-{item.id}.jpg"
    picture.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (640, 360), (70, 90, 120))
    ImageDraw.Draw(image).rectangle((260, 60, 380, 340), outline=(255, 0, 0), width=3)
    image.save(picture, format="JPEG")
    with engine.begin() as conn:
        conn.execute(update(ComplianceViolation).where(ComplianceViolation.id == item.id)
                     .values(evidence_path=str(picture), person_box=[260, 60, 380, 340]))
        newest = conn.execute(select(func.max(ComplianceViolation.id))).scalar_one()
        newest_sample = conn.execute(select(func.coalesce(func.max(CompliancePassSample.id), 0))).scalar_one()
    engine.dispose()
    return item.id, newest, newest_sample


def _left(tab) -> int:
    tile = tab.locator('[data-testid="stMetric"]').filter(has_text=vi("dress.left.label")).first
    return int(re.sub(r"\D", "", tile.locator('[data-testid="stMetricValue"]').inner_text()))  # 'Còn 1.234 mục'



def test_dress_code_queue_confirms_one_item_with_its_key(page, app):
    violation_id, newest, newest_sample = _with_picture(app)
    open_page(page, "xac-nhan-trang-phuc")
    check_page(page, "xac-nhan-trang-phuc")
    before = _left(page)
    assert before > 0
    assert page.locator('[data-testid="stImage"]').count() >= 1  # the picture, not "không có ảnh"
    page.get_by_role("heading", name=vi("page.dress_code"), exact=True).first.click()  # no field has the focus
    page.keyboard.press("x")  # Xác nhận vi phạm
    page.get_by_text(vi("dress.done.confirmed", id=violation_id)).wait_for()
    settle(page)
    engine = make_engine(app.store_url)
    with engine.connect() as conn:
        status, by = conn.execute(select(ComplianceViolation.status, ComplianceViolation.decided_by)
                                  .where(ComplianceViolation.id == violation_id)).one()
        # The demo worker may have found new violations meanwhile: those add to the counter.
        arrived = sum(conn.execute(select(func.count()).select_from(table)
                                   .where(table.id > last, table.status == "pending")).scalar_one()
                      for table, last in ((ComplianceViolation, newest), (CompliancePassSample, newest_sample)))
    engine.dispose()
    assert (status, by) == ("confirmed", app.admin[0] if app.admin else "system")
    assert _left(page) == before - 1 + arrived
