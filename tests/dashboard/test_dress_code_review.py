"""A dress-code violation's standing in the monthly review, its Excel and its PDF: awaiting confirmation
("chờ xác nhận") and rejected ones are listed but said not to count; confirmed ones count."""
from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import select, update

from dashboard.clock import NOW_KEY
from dashboard.review_export import TABLE_ROW, pdf_bytes, xlsx_bytes
from dashboard.review_tables import violation_standing, with_standing
from data.access import SYSTEM
from data.review.report import build_review
from data.schema import ComplianceViolation

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "review"))
from pdf_text import pdf_chunks  # noqa: E402
from review_store import build_review_store  # noqa: E402

PAGE = "dashboard/pages/monthly_review.py"
MARCH = dt.date(2026, 3, 1)
NOW = dt.datetime(2026, 4, 2, 3, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("status", "counted", "excused", "standing"), [
    ("pending", False, False, "pending"),
    ("pending", True, False, "counted_unconfirmed"),  # the unit counts the rule without confirmation
    ("confirmed", True, False, "counted"),
    ("confirmed", True, True, "excused"),
    ("rejected", False, False, "rejected"),
    ("rejected", False, True, "rejected"),  # rejected is said first: it never counts, excused or not
    ("pending", False, True, "excused"),
])
def test_standing(status, counted, excused, standing):
    assert violation_standing(status, counted, excused) == standing


def test_a_frame_without_status_reads_as_before():
    frame = pd.DataFrame({"excused": [False, True]})
    assert list(with_standing(frame)["standing"]) == ["counted", "excused"]
    frame = pd.DataFrame({"status": ["pending", "confirmed"], "excused": [False, False]})
    assert list(with_standing(frame)["standing"]) == ["pending", "counted"]


@pytest.fixture
def store(engine, tmp_path, monkeypatch):
    from desk_store import jpeg

    pictures = tmp_path / "evidence"
    pictures.mkdir()
    (pictures / "viol-a.jpg").write_bytes(jpeg((0, 0, 255)))
    monkeypatch.setenv("MONITOR_EVIDENCE_DIR", str(pictures))
    built = build_review_store(engine)
    with engine.begin() as c:  # nobody has looked at it yet
        c.execute(update(ComplianceViolation).values(status="pending", decided_by=None, decided_at=None))
    return built


def _violations_table(app) -> pd.DataFrame:
    return next(d.value for d in app.dataframe if "Quy định" in d.value.columns)


def test_the_review_lists_a_pending_violation_as_not_counted(store, engine, run_app):
    app = run_app()
    app.session_state[NOW_KEY] = NOW
    app.switch_page(PAGE).run()
    app.selectbox(key="review.unit").select(store.commune_a).run()
    assert not app.exception
    table = _violations_table(app)
    assert list(table["Tình trạng"]) == ["Chờ xác nhận (không tính)"]
    desks = next(d.value for d in app.dataframe if "Quầy" in d.value.columns)
    assert desks.loc[desks["Quầy"] == "Quầy A", "Vi phạm trang phục (được tính)"].iloc[0] == "0"
    assert app.get("page_link")[0].proto.label == "1 vi phạm chờ xác nhận: mở trang Xác nhận vi phạm trang phục"


def test_confirmed_on_the_review_page_it_counts(store, engine, run_app):
    app = run_app()
    app.session_state[NOW_KEY] = NOW
    app.switch_page(PAGE).run()
    app.selectbox(key="review.unit").select(store.commune_a).run()
    assert next(b for b in app.button if b.key == "review.decide.0.reject").disabled is False
    next(b for b in app.button if b.key == "review.decide.0.confirm").click().run()
    assert not app.exception
    assert "Đã lưu." in [s.value for s in app.success]
    with engine.connect() as c:
        assert c.execute(select(ComplianceViolation.status, ComplianceViolation.decided_by)).one() == (
            "confirmed", "system")
    assert list(_violations_table(app)["Tình trạng"]) == ["Đã xác nhận (tính vi phạm)"]
    desks = next(d.value for d in app.dataframe if "Quầy" in d.value.columns)
    assert desks.loc[desks["Quầy"] == "Quầy A", "Vi phạm trang phục (được tính)"].iloc[0] == "1"
    # Decided: the same decision is not offered again; changing one's mind is.
    assert next(b for b in app.button if b.key == "review.decide.0.confirm").disabled


def test_excel_and_pdf_say_which_violations_count(store, engine):
    review = build_review(engine, SYSTEM, store.commune_a, MARCH)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(review, "vi")))["Vi phạm trang phục"]
    rows = list(sheet.iter_rows(min_row=TABLE_ROW, values_only=True))
    status = rows[0].index("Tình trạng")
    assert [r[status] for r in rows[1:]] == ["Chờ xác nhận (không tính)"]
    text = " ".join(pdf_chunks(pdf_bytes(review, "vi", "system", NOW)))
    assert "Chờ xác nhận (không tính)" in text
    assert "chỉ được tính khi đã được xác nhận trên ảnh" in text
    with engine.begin() as c:
        c.execute(update(ComplianceViolation).values(status="confirmed", decided_by="thanhtra"))
    review = build_review(engine, SYSTEM, store.commune_a, MARCH)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(review, "en")))["Dress-code violations"]
    rows = list(sheet.iter_rows(min_row=TABLE_ROW, values_only=True))
    assert [r[rows[0].index("Status")] for r in rows[1:]] == ["Confirmed (counted)"]
