"""Uploading a dossier export on Thống kê hồ sơ: rejection report, skip-bad-rows import, fresh figures."""
import pytest

CSV = """Mã hồ sơ,Tên thủ tục,Đơn vị xử lý,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả
UP-1,Chứng thực,Xã Điềm He,Trực tuyến,10/08/2022 08:00,20/08/2022 17:00,15/08/2022 10:00
UP-2,Chứng thực,Xã Điềm He,Trực tiếp,11/08/2022 08:00,20/08/2022 17:00,25/08/2022 10:00
UP-3,Chứng thực,Xã Điềm He,Bằng bồ câu,12/08/2022 08:00,20/08/2022 17:00,
UP-4,Chứng thực,Xã Điềm He,Trực tiếp,31/02/2022 08:00,20/08/2022 17:00,
""".encode("utf-8")


@pytest.fixture
def page(app):
    page = app.switch_page("dashboard/pages/dossier_stats.py").run()
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
    assert [e.value for e in page.error] == [
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
    assert [w.value for w in page.warning] == [
        "Đã nhập 2/4 dòng từ tệp ho_so_thang_8.csv; bỏ qua 2 dòng lỗi."]
    assert len(error_rows(page)) == 2
    # Two more dossiers for Xã Điềm He in 08/2022: one online and early, one late.
    assert [m.value for m in page.metric] == ["1.310", "26,26 %", "1.298", "96,69 %", "43", "12", "10"]
    months = page.dataframe[0].value
    assert [m.strftime("%m/%Y") for m in months["month"]] == [
        "01/2022", "03/2022", "06/2022", "07/2022", "08/2022", "09/2022", "12/2022"]
