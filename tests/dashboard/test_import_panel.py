"""Uploading a dossier export on Thống kê hồ sơ: rejection report, skip-bad-rows import, fresh figures;
the signed-in administrator's scope and the upload caps (issue 10, items 1 and 8)."""
import pytest
from markdown_read import as_read
from sqlalchemy import func, select

from dashboard.markdown_text import md_escape
from data.access import Scope
from data.audit import search
from data.schema import Dossier, ImportBatch, Unit
from data.settings import put_max_upload_mb

PAGE = "dashboard/pages/dossier_stats.py"

CSV = """Mã hồ sơ,Tên thủ tục,Đơn vị xử lý,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả
UP-1,Chứng thực,Xã Điềm He,Trực tuyến,10/08/2022 08:00,20/08/2022 17:00,15/08/2022 10:00
UP-2,Chứng thực,Xã Điềm He,Trực tiếp,11/08/2022 08:00,20/08/2022 17:00,25/08/2022 10:00
UP-3,Chứng thực,Xã Điềm He,Bằng bồ câu,12/08/2022 08:00,20/08/2022 17:00,
UP-4,Chứng thực,Xã Điềm He,Trực tiếp,31/02/2022 08:00,20/08/2022 17:00,
""".encode("utf-8")


@pytest.fixture
def page(app):
    page = app.switch_page(PAGE).run()
    page.file_uploader(key="import.file").set_value(("ho_so_thang_8.csv", CSV, "text/csv"))
    return page.run()


def received(at):
    return at.metric[0].value


def error_rows(at):
    [report] = [d for d in at.dataframe if list(d.value.columns) == ["Tệp", "Dòng", "Cột", "Lý do"]]
    return report.value.values.tolist()


def test_a_file_with_bad_rows_is_rejected_and_its_rows_listed(page):
    page.button(key="import.run").click().run()
    assert not page.exception
    assert [as_read(e.value) for e in page.error] == [
        "Tệp ho_so_thang_8.csv bị từ chối: 2 lỗi, không dòng nào được nhập. "
        "Sửa các dòng dưới đây hoặc chọn «Bỏ qua dòng lỗi»."]
    rows = error_rows(page)
    assert [r[:3] for r in rows] == [["ho_so_thang_8.csv", 4, "Hình thức nộp"],
                                     ["ho_so_thang_8.csv", 5, "Ngày tiếp nhận"]]
    assert "Bằng bồ câu" in rows[0][3]
    assert received(page) == "1.308"


def test_skipping_bad_rows_imports_the_good_ones_and_refreshes_the_figures(page):
    assert received(page) == "1.308"  # cached before the import
    page.checkbox(key="import.skip").check().run()
    page.button(key="import.run").click().run()
    assert not page.exception
    assert [as_read(w.value) for w in page.warning] == [
        "Đã nhập 2/4 dòng từ tệp ho_so_thang_8.csv; bỏ qua 2 dòng lỗi."]
    assert [i.value for i in page.info][-1] == (
        "Hồ sơ: 2 mới, 0 đã có được cập nhật, trong đó 0 chuyển sang đơn vị khác.")
    assert len(error_rows(page)) == 2
    # Two more dossiers for Xã Điềm He in 08/2022: one online and early, one late.
    assert [m.value for m in page.metric] == ["1.310", "26,26 %", "1.298", "96,69 %", "43", "12", "10"]
    months = page.dataframe[0].value
    assert [m.strftime("%m/%Y") for m in months["month"]] == [
        "01/2022", "03/2022", "06/2022", "07/2022", "08/2022", "09/2022", "12/2022"]


def count(engine, table) -> int:
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_district_admin_imports_only_inside_their_district(run_app, small_store, engine):
    with engine.connect() as c:
        path = c.execute(select(Unit.path).where(Unit.id == small_store.binh_gia)).scalar_one()
    page = run_app(scope=Scope("admin.bg", "admin", path)).switch_page(PAGE).run()
    csv = ("Mã hồ sơ,Đơn vị xử lý,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\n"
           "UP-1,Xã Hoa Thám,Trực tuyến,10/08/2022 08:00,20/08/2022 17:00,15/08/2022 10:00\n"
           "HS-0-00000,Xã Hoa Thám,Trực tiếp,15/03/2022 09:00,30/04/2022 17:00,02/05/2022 10:00\n"
           "HS-3-00000,Xã Hoa Thám,Trực tiếp,20/01/2022 09:00,30/04/2022 17:00,02/05/2022 10:00\n"
           "UP-2,Xã Điềm He,Trực tiếp,11/08/2022 08:00,20/08/2022 17:00,25/08/2022 10:00\n").encode()
    page.file_uploader(key="import.file").set_value(("<b>vq</b>.csv", csv, "text/csv")).run()
    page.checkbox(key="import.skip").check().run()
    page.button(key="import.run").click().run()
    assert not page.exception
    assert md_escape("<b>vq</b>.csv") in page.warning[0].value  # the file name is data, not markup
    assert [as_read(w.value) for w in page.warning] == [
        "Đã nhập 2/4 dòng từ tệp <b>vq</b>.csv; bỏ qua 2 dòng lỗi.",
        "2 dòng bị từ chối vì đơn vị hoặc mã hồ sơ nằm ngoài phạm vi quản lý của tài khoản."]
    assert "Hồ sơ: 1 mới, 1 đã có được cập nhật, trong đó 0 chuyển sang đơn vị khác." in [i.value for i in page.info]
    assert [r[1:3] for r in error_rows(page)] == [[4, "Mã hồ sơ"], [5, "Đơn vị xử lý"]]
    with engine.connect() as c:
        units = dict(c.execute(select(Dossier.code, Dossier.unit_id).where(Dossier.code.like("%-00000"))).all())
    assert units["HS-3-00000"] == small_store.diem_he  # Văn Quan's dossier stayed where it was
    [entry] = [r for r in search(engine).rows.itertuples() if r.action == "import"]
    assert entry.actor == "admin.bg" and entry.detail["refused"] == 2 and entry.detail["added"] == 1


def test_an_upload_over_the_cap_is_refused_before_anything_is_written(app, engine):
    put_max_upload_mb(engine, 1, by="test")
    stored = count(engine, Dossier)
    page = app.switch_page(PAGE).run()
    assert "Tệp tối đa 1 MB" in " ".join(c.value for c in page.caption)
    big = CSV + b"," * (1024 * 1024)
    page.file_uploader(key="import.file").set_value(("lon.csv", big, "text/csv")).run()
    page.button(key="import.run").click().run()
    assert not page.exception
    assert [as_read(e.value) for e in page.error] == [
        "Tệp lon.csv dung lượng 1,0 MB, vượt giới hạn 1 MB: không nhập. Hãy chia nhỏ tệp theo tháng hoặc theo đơn vị."]
    assert count(engine, ImportBatch) == 0 and count(engine, Dossier) == stored


def test_only_the_first_errors_of_each_column_are_listed_with_totals(app):
    page = app.switch_page(PAGE).run()
    lines = ["Mã hồ sơ,Đơn vị xử lý,Hình thức nộp,Ngày tiếp nhận"]
    lines += [f"B-{i},Xã Điềm He,Fax,99/99/2022" for i in range(30)]
    page.file_uploader(key="import.file").set_value(("sai.csv", "\n".join(lines).encode(), "text/csv")).run()
    page.button(key="import.run").click().run()
    assert not page.exception
    assert "60 lỗi" in page.error[0].value
    assert len(error_rows(page)) == 40  # 20 per column
    [totals] = [d.value for d in page.dataframe if list(d.value.columns) == ["Cột", "Số lỗi"]]
    assert totals.values.tolist() == [["Hình thức nộp", 30], ["Ngày tiếp nhận", 30]]
