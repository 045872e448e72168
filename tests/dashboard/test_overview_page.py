"""Tổng quan tỉnh on the small store (see conftest): numbers checked against hand-worked figures."""
import datetime as dt

from streamlit import dataframe_util

COLUMNS = ["name", "level", "received", "online", "online_share", "resolved", "early", "on_time", "late",
           "on_time_rate", "in_progress", "overdue"]

PROVINCE_ROWS = [
    ["Huyện Bình Gia", "Cấp huyện", 1250, 305, 24.40, 1238, 1029, 168, 41, 96.69, 12, 10],
    ["Huyện Văn Quan", "Cấp huyện", 10, 10, 100.00, 10, 0, 9, 1, 90.00, 0, 0],
    ["Trung tâm Phục vụ hành chính công tỉnh", "Cơ quan cấp tỉnh", 40, 20, 50.00, 40, 40, 0, 0, 100.00, 0, 0],
]
BINH_GIA_ROWS = [
    ["Huyện Bình Gia (tiếp nhận tại đơn vị)", "Tại đơn vị", 30, 0, 0.00, 30, 29, 0, 1, 96.67, 0, 0],
    ["Xã Hoa Thám", "Cấp xã", 1200, 300, 25.00, 1190, 1000, 150, 40, 96.64, 10, 10],
    ["Xã Hồng Phong", "Cấp xã", 20, 5, 25.00, 18, 0, 18, 0, 100.00, 2, 0],
]


def metrics(at):
    return {m.label: m.value for m in at.metric}


def rows(table):
    df = table.value
    assert list(df.columns) == COLUMNS
    return df.values.tolist()


def shown(table):
    """The cell texts people see (the table's Styler display values)."""
    return dataframe_util.convert_arrow_bytes_to_pandas_df(table.proto.arrow_data.styler.display_values)


def test_province_rows_and_totals_for_the_default_year(app):
    assert not app.exception
    assert app.title[0].value == "Tổng quan tỉnh"
    # The data runs 11/2021–02/2023, so the default period is the whole year 2022.
    assert app.date_input(key="overview.period").value == (
        dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert metrics(app) == {
        "Hồ sơ tiếp nhận": "1.300", "Tỷ lệ trực tuyến": "25,77 %", "Đã giải quyết": "1.288",
        "Tỷ lệ đúng hạn": "96,74 %", "Giải quyết quá hạn": "42", "Đang giải quyết": "12",
        "Đang giải quyết quá hạn": "10",
    }
    [table] = app.dataframe
    assert rows(table) == PROVINCE_ROWS
    cells = shown(table)
    assert cells.iloc[0].tolist()[2:] == ["1.250", "305", "24,40 %", "1.238", "1.029", "168", "41", "96,69 %",
                                          "12", "10"]


def test_selecting_a_district_drills_down_and_the_breadcrumb_goes_back(app, small_store):
    app.session_state["overview.table." + str(small_store.province)] = {"selection": {"rows": [0], "columns": []}}
    app.run()
    assert not app.exception
    assert app.markdown[-1].value == "**Huyện Bình Gia**"
    [table] = app.dataframe
    assert rows(table) == BINH_GIA_ROWS
    assert metrics(app)["Hồ sơ tiếp nhận"] == "1.250"
    assert metrics(app)["Tỷ lệ đúng hạn"] == "96,69 %"

    # A commune has nothing below it: selecting it says so and stays put.
    app.session_state["overview.table." + str(small_store.binh_gia)] = {"selection": {"rows": [1], "columns": []}}
    app.run()
    assert [i.value for i in app.info] == ["Xã Hoa Thám không có đơn vị trực thuộc."]
    assert rows(app.dataframe[0]) == BINH_GIA_ROWS

    app.button(key=f"overview.crumb.{small_store.province}").click().run()
    assert not app.exception
    assert rows(app.dataframe[0]) == PROVINCE_ROWS
    assert not app.info


def test_english_labels_and_separators(app):
    app.segmented_control(key="lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Province overview"
    assert metrics(app) == {
        "Dossiers received": "1,300", "Online share": "25.77 %", "Resolved": "1,288", "On-time rate": "96.74 %",
        "Resolved late": "42", "In progress": "12", "In progress, overdue": "10",
    }
    table = app.dataframe[0]
    assert rows(table)[2][1] == "Provincial agency"
    assert shown(table).iloc[0].tolist()[2:4] == ["1,250", "305"]


def test_a_period_without_dossiers_says_so(app):
    app.date_input(key="overview.period").set_value((dt.date(2022, 2, 1), dt.date(2022, 2, 28))).run()
    assert not app.exception
    assert [i.value for i in app.info] == ["Không có hồ sơ nào tiếp nhận trong thời gian này."]
