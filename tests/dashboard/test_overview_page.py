"""Tổng quan tỉnh on the small store (see conftest): numbers checked against hand-worked figures."""
import datetime as dt

import pytest
from streamlit import dataframe_util

OVERVIEW = "dashboard/pages/overview.py"  # at /tong-quan; "Cần xử lý" is the page at /

COLUMNS = ["name", "level", "received", "online", "online_share", "resolved", "early", "on_time", "late",
           "on_time_rate", "in_progress", "overdue"]

PROVINCE_ROWS = [
    ["Huyện Bình Gia", "Cấp huyện", 1250, 305, 24.40, 1238, 1029, 168, 41, 96.69, 12, 10],
    ["Huyện Văn Quan", "Cấp huyện", 10, 10, 100.00, 10, 0, 9, 1, 90.00, 0, 0],
    # The two provincial agencies fold into one row: 8 + 40 dossiers.
    ["Cơ quan cấp tỉnh (2 đơn vị)", "Nhóm đơn vị", 48, 28, 58.33, 48, 46, 2, 0, 100.00, 0, 0],
]
AGENCY_ROWS = [
    ["Sở Tư pháp", "Cơ quan cấp tỉnh", 8, 8, 100.00, 8, 6, 2, 0, 100.00, 0, 0],
    ["Trung tâm Phục vụ hành chính công tỉnh", "Cơ quan cấp tỉnh", 40, 20, 50.00, 40, 40, 0, 0, 100.00, 0, 0],
]
BINH_GIA_ROWS = [
    ["Huyện Bình Gia (tiếp nhận tại đơn vị)", "Tại đơn vị", 30, 0, 0.00, 30, 29, 0, 1, 96.67, 0, 0],
    ["Xã Hoa Thám", "Cấp xã", 1200, 300, 25.00, 1190, 1000, 150, 40, 96.64, 10, 10],
    ["Xã Hồng Phong", "Cấp xã", 20, 5, 25.00, 18, 0, 18, 0, 100.00, 2, 0],
]


@pytest.fixture
def app(small_store, run_app):
    return run_app().switch_page(OVERVIEW).run()


def metrics(at):
    return {m.label: m.value for m in at.metric}


def rows(table):
    df = table.value
    assert list(df.columns) == COLUMNS
    return df.values.tolist()


def select_row(at, table_key, row):
    """What clicking a row in the browser sends: the table's selection state."""
    at.session_state[table_key] = {"selection": {"rows": [row], "columns": []}}
    at.run()
    assert not at.exception


def shown(table):
    """The cell texts people see (the table's Styler display values)."""
    return dataframe_util.convert_arrow_bytes_to_pandas_df(table.proto.arrow_data.styler.display_values)


def test_province_rows_and_totals_for_2022(app):
    assert not app.exception
    assert app.title[0].value == "Tổng quan tỉnh"
    # The year 2022, as if picked on an earlier page (conftest.DOSSIER_YEAR; the default: test_default_periods.py).
    assert app.date_input(key="overview.period").value == (
        dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert metrics(app) == {
        "Hồ sơ tiếp nhận": "1.308", "Tỷ lệ trực tuyến": "26,22 %", "Đã giải quyết": "1.296",
        "Tỷ lệ đúng hạn": "96,76 %", "Giải quyết quá hạn": "42", "Đang giải quyết": "12",
        "Đang giải quyết quá hạn": "10",
    }
    table = app.dataframe[0]  # the scorecard follows (test_overview_scorecard.py)
    assert rows(table) == PROVINCE_ROWS
    cells = shown(table)
    assert cells.iloc[0].tolist()[2:] == ["1.250", "305", "24,40 %", "1.238", "1.029", "168", "41", "96,69 %",
                                          "12", "10"]


def test_selecting_a_district_drills_down_and_the_breadcrumb_goes_back(app, small_store):
    select_row(app, f"overview.table.{small_store.province}.None", 0)
    assert app.markdown[-1].value == "**Huyện Bình Gia**"
    table = app.dataframe[0]  # the scorecard follows (test_overview_scorecard.py)
    assert rows(table) == BINH_GIA_ROWS
    assert metrics(app)["Hồ sơ tiếp nhận"] == "1.250"
    assert metrics(app)["Tỷ lệ đúng hạn"] == "96,69 %"

    # A commune has nothing below it: selecting it says so and stays put.
    select_row(app, f"overview.table.{small_store.binh_gia}.None", 1)
    assert [i.value for i in app.info] == ["Xã Hoa Thám không có đơn vị trực thuộc."]
    assert rows(app.dataframe[0]) == BINH_GIA_ROWS

    app.button(key=f"overview.crumb.{small_store.province}").click().run()
    assert not app.exception
    assert rows(app.dataframe[0]) == PROVINCE_ROWS
    assert not app.info


def test_the_agency_group_row_lists_the_agencies(app, small_store):
    select_row(app, f"overview.table.{small_store.province}.None", 2)
    assert app.markdown[-1].value == "**Cơ quan cấp tỉnh**"
    assert rows(app.dataframe[0]) == AGENCY_ROWS
    assert [m.value for m in app.metric] == ["48", "58,33 %", "48", "100,00 %", "0", "0", "0"]
    app.button(key=f"overview.crumb.{small_store.province}").click().run()
    assert rows(app.dataframe[0]) == PROVINCE_ROWS


def test_english_labels_and_separators(app):
    app.segmented_control(key="lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Province overview"
    assert metrics(app) == {
        "Dossiers received": "1,308", "Online share": "26.22 %", "Resolved": "1,296", "On-time rate": "96.76 %",
        "Resolved late": "42", "In progress": "12", "In progress, overdue": "10",
    }
    table = app.dataframe[0]
    assert rows(table)[2][:2] == ["Provincial agency (2 units)", "Group"]
    assert shown(table).iloc[0].tolist()[2:4] == ["1,250", "305"]


def test_a_period_without_dossiers_says_so(app):
    app.date_input(key="overview.period").set_value((dt.date(2022, 2, 1), dt.date(2022, 2, 28))).run()
    assert not app.exception
    assert [i.value for i in app.info] == ["Không có hồ sơ nào tiếp nhận trong thời gian này."]


def test_a_store_with_units_but_no_dossiers_says_there_is_no_data(engine, run_app):
    from sqlalchemy import text

    from data.units import create_unit

    with engine.begin() as c:
        create_unit(c, "Tỉnh Lạng Sơn", "province", None)
        assert c.execute(text("SELECT COUNT(*) FROM dossier")).scalar_one() == 0
    at = run_app().switch_page(OVERVIEW).run()
    assert not at.exception
    assert [i.value for i in at.info] == [
        "Chưa có số liệu hồ sơ. Hãy nhập tệp hồ sơ ở trang «Thống kê hồ sơ»."]
    at.switch_page("dashboard/pages/dossier_stats.py").run()
    assert not at.exception
    assert "Chưa có số liệu hồ sơ. Hãy nhập tệp hồ sơ ở trang «Thống kê hồ sơ»." in [i.value for i in at.info]
    assert at.file_uploader(key="import.file") is not None
