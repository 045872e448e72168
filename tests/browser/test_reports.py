"""Issue 13 item 6 in Chromium on the running app: the monthly review's Excel and PDF, downloaded from Kiểm
điểm tháng as a person does, are fit to file — every sheet says title, unit and month and has a unit column
and a filter; the PDF opens with the official header and ends with the signature block (text extracted).

One commune of the demo store, picked on the page, in the last complete month (the page's default).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from app_server import App
from dashboard.report_header import dated
from domain.unit_names import slug
from dashboard.review_export import TABLE_ROW
from data.db import make_engine
from data.schema import Desk, Unit
from domain.timezone import local_today
from steps import SHOTS, nav_paths, open_page, settle, sign_in, vi

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "review"))
from pdf_text import pdf_chunks  # noqa: E402

pytestmark = pytest.mark.browser


def _commune(app: App) -> tuple[int, str, str]:
    """(id, own name, 'District › Commune') of the first commune with desks, in name order."""
    engine = make_engine(app.store_url)
    with engine.connect() as conn:
        unit_id, name, parent = conn.execute(
            select(Unit.id, Unit.name, Unit.parent_id).join(Desk, Desk.unit_id == Unit.id)
            .where(Unit.name.like("Xã %")).group_by(Unit.id, Unit.name, Unit.parent_id)
            .having(func.count(Desk.id) > 0).order_by(Unit.name, Unit.id).limit(1)).one()
        district = conn.execute(select(Unit.name).where(Unit.id == parent)).scalar_one()
    engine.dispose()
    return unit_id, name, f"{district} › {name}"


@pytest.fixture(scope="module")
def downloads(page, app: App, tmp_path_factory):
    _, name, label = _commune(app)
    month = (local_today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    if "kiem-diem-thang" not in nav_paths(page):  # the shared tab's sign-in form came after it settled
        page.locator('input[type="password"]').first.wait_for()
        sign_in(page, app)
    open_page(page, "kiem-diem-thang")  # opens on the last complete month, the province
    box = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first  # the unit picker
    box.click()
    page.keyboard.type(label)
    page.get_by_role("option", name=re.compile(re.escape(label))).first.click()
    settle(page)
    page.get_by_role("heading", name=vi("review.heading", month=f"{month:%m/%Y}", unit=label)).wait_for()
    page.get_by_role("button", name=vi("review.export.pdf")).wait_for()
    settle(page)
    page.screenshot(path=str(SHOTS / "monthly-review-unit.png"), full_page=True)
    files = {}
    for ext, button in (("xlsx", "review.export.xlsx"), ("pdf", "review.export.pdf")):
        with page.expect_download() as info:
            page.get_by_role("button", name=vi(button)).click()
        download = info.value
        path = tmp_path_factory.mktemp("reports") / download.suggested_filename
        download.save_as(path)
        files[ext] = path
    return files, month, name, label


def test_excel_sheets_say_title_unit_and_month(downloads, app: App):
    files, month, name, label = downloads
    assert files["xlsx"].name == f"kiem-diem-{month:%Y-%m}-{slug(name)}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"].read_bytes()))
    assert len(book.worksheets) == 7
    for ws in book.worksheets:
        top = [ws.cell(i, 1).value for i in range(1, 5)]
        assert top[:3] == [vi("review.pdf.title", month=f"{month:%m/%Y}"), vi("review.pdf.unit", unit=label),
                           vi("review.xlsx.month", month=f"{month:%m/%Y}")], ws.title
        assert top[3].startswith("Lập lúc ") and top[3].endswith(f" bởi {app.admin[0]}"), top[3]
        assert vi("review.col.unit") in [c.value for c in ws[TABLE_ROW]], ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{TABLE_ROW}:"), ws.title


def test_pdf_has_the_official_header_and_the_signature_block(downloads):
    files, month, name, _ = downloads
    assert files["pdf"].name == f"kiem-diem-{month:%Y-%m}-{slug(name)}.pdf"
    chunks = pdf_chunks(files["pdf"].read_bytes())
    assert chunks[1:4] == [f"UBND {name.upper()}", vi("review.pdf.country"), vi("review.pdf.motto")]
    assert chunks[0].startswith("UBND HUYỆN ") or chunks[0].startswith("UBND THÀNH PHỐ ")
    assert chunks[4] == dated(name.split(" ", 1)[1], local_today(), "vi")  # 'Tân Thành, ngày 07 tháng 12 năm 2026'
    assert vi("review.pdf.title", month=f"{month:%m/%Y}") in chunks
    assert "I. Tổng hợp" in chunks and "VII. Kiểm tra công vụ" in chunks
    tail = chunks[chunks.index("VII. Kiểm tra công vụ"):]
    for line in ("review.pdf.preparer", "review.pdf.sign_name", "review.pdf.head", "review.pdf.sign_seal"):
        assert vi(line) in tail, line
