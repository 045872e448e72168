"""The import panel names where the dossiers an upload moved went (issue 13, item 7)."""
from markdown_read import as_read

PAGE = "dashboard/pages/dossier_stats.py"
CSV = ("Mã hồ sơ,Đơn vị xử lý,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\n"
       "HS-0-00000,Xã Hồng Phong,Trực tiếp,15/03/2022 09:00,30/04/2022 17:00,02/05/2022 10:00\n"
       "HS-0-00001,Xã Hoa Thám,Trực tiếp,15/03/2022 09:00,30/04/2022 17:00,02/05/2022 10:00\n"
       "UP-1,Xã Hoa Thám,Trực tuyến,10/08/2022 08:00,20/08/2022 17:00,15/08/2022 10:00\n").encode()


def test_an_upload_that_moves_a_dossier_says_from_which_unit_to_which(app):
    page = app.switch_page(PAGE).run()
    page.file_uploader(key="import.file").set_value(("sua.csv", CSV, "text/csv")).run()
    page.button(key="import.run").click().run()
    assert not page.exception
    assert [as_read(s.value) for s in page.success] == ["Đã nhập 3/3 dòng từ tệp sua.csv."]
    assert "Hồ sơ: 1 mới, 2 đã có được cập nhật, trong đó 1 chuyển sang đơn vị khác." in [i.value for i in page.info]
    [moves] = [d.value for d in page.dataframe if "Sang đơn vị" in d.value.columns]
    assert moves.values.tolist() == [["Xã Hoa Thám", "Xã Hồng Phong", "1"]]
