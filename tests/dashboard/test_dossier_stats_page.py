"""Thống kê hồ sơ on the small store (see conftest): KPI tiles, ranking, monthly table, filters."""
import datetime as dt
import json

import pytest

PAGE = "dashboard/pages/dossier_stats.py"
KPI_COLUMNS = ["received", "online", "online_share", "resolved", "early", "on_time", "late", "on_time_rate",
               "in_progress", "overdue"]


@pytest.fixture
def page(app):
    return app.switch_page(PAGE).run()


def metrics(at):
    return [m.value for m in at.metric]


def table(at, which):
    """The monthly table comes first on the page, then the sub-unit table."""
    [months, units] = at.dataframe
    return {"months": months, "units": units}[which].value


def shown_unit(at):
    picker = at.selectbox(key="dossiers.unit")
    return picker.options[picker.index]


def test_province_kpis_ranking_and_months_for_2022(page):
    assert not page.exception
    assert page.title[0].value == "Thống kê hồ sơ"
    assert shown_unit(page) == "Tỉnh Lạng Sơn (toàn tỉnh)"
    assert metrics(page) == ["1.308", "26,22 %", "1.296", "96,76 %", "42", "12", "10"]

    ranked = table(page, "units")
    # Ties on the on-time rate go to the larger online share.
    assert ranked[["rank", "name"]].values.tolist() == [
        [1, "Sở Tư pháp"], [2, "Trung tâm Phục vụ hành chính công tỉnh"], [3, "Huyện Bình Gia"],
        [4, "Huyện Văn Quan"]]
    assert ranked["on_time_rate"].tolist() == [100.0, 100.0, 96.69, 90.0]

    months = table(page, "months")
    assert [m.strftime("%m/%Y") for m in months["month"]] == ["01/2022", "03/2022", "06/2022", "07/2022", "09/2022",
                                                             "12/2022"]
    assert months[KPI_COLUMNS].values.tolist() == [
        [10, 10, 100.0, 10, 0, 9, 1, 90.0, 0, 0],
        [1200, 300, 25.0, 1190, 1000, 150, 40, 96.64, 10, 10],
        [20, 5, 25.0, 18, 0, 18, 0, 100.0, 2, 0],
        [30, 0, 0.0, 30, 29, 0, 1, 96.67, 0, 0],
        [8, 8, 100.0, 8, 6, 2, 0, 100.0, 0, 0],
        [40, 20, 50.0, 40, 40, 0, 0, 100.0, 0, 0],
    ]
    trend, ranking = [json.loads(c.proto.spec) for c in page.get("vega_lite_chart")]
    assert [layer["encoding"]["y"]["axis"]["title"] for layer in trend["layer"]] == [
        "Tiếp nhận", "Tỷ lệ đúng hạn (%)"]
    assert ranking["encoding"]["y"]["axis"]["title"] == "Đơn vị"


def test_unit_filter_lists_the_tree_and_narrows_the_figures(page, small_store):
    picker = page.selectbox(key="dossiers.unit")
    assert picker.options == [
        "Tỉnh Lạng Sơn (toàn tỉnh)", "Huyện Bình Gia", "Huyện Bình Gia › Xã Hoa Thám",
        "Huyện Bình Gia › Xã Hồng Phong", "Huyện Văn Quan", "Huyện Văn Quan › Xã Điềm He", "Sở Tư pháp",
        "Trung tâm Phục vụ hành chính công tỉnh",
    ]
    picker.select(small_store.binh_gia).run()
    assert not page.exception
    assert metrics(page) == ["1.250", "24,40 %", "1.238", "96,69 %", "41", "12", "10"]
    assert table(page, "units")["name"].tolist() == ["Xã Hồng Phong", "Xã Hoa Thám"]

    page.selectbox(key="dossiers.unit").select(small_store.hoa_tham).run()
    assert metrics(page) == ["1.200", "25,00 %", "1.190", "96,64 %", "40", "10", "10"]
    assert "Đơn vị này không có đơn vị trực thuộc có hồ sơ trong kỳ." in [i.value for i in page.info]


def test_period_filter_spans_the_data(page):
    picker = page.date_input(key="dossiers.period")
    assert picker.min == dt.date(2021, 11, 1) and picker.max == dt.date(2023, 2, 28)
    picker.set_value((dt.date(2021, 11, 1), dt.date(2023, 2, 28))).run()
    assert not page.exception
    # 1,308 in 2022, 7 on time in 11/2021 and 3 late in 02/2023.
    assert metrics(page) == ["1.318", "26,02 %", "1.306", "96,55 %", "45", "12", "10"]
    # The period is kept when going to the other page.
    page.switch_page("dashboard/pages/overview.py").run()
    assert page.date_input(key="overview.period").value == (dt.date(2021, 11, 1), dt.date(2023, 2, 28))
    assert [m.value for m in page.metric][0] == "1.318"


def test_language_chosen_on_one_page_holds_on_the_other(app):
    app.segmented_control(key="lang").set_value("en").run()
    app.switch_page(PAGE).run()
    assert not app.exception
    assert app.title[0].value == "Dossier statistics"
    assert [m.label for m in app.metric][:2] == ["Dossiers received", "Online share"]
    assert metrics(app)[:2] == ["1,308", "26.22 %"]
    assert app.selectbox(key="dossiers.unit").options[:2] == ["Tỉnh Lạng Sơn (whole province)", "Huyện Bình Gia"]


def test_a_period_without_dossiers_shows_zeros_not_an_error(page):
    page.date_input(key="dossiers.period").set_value((dt.date(2022, 2, 1), dt.date(2022, 2, 28))).run()
    assert not page.exception
    assert metrics(page) == ["0", "–", "0", "–", "0", "0", "0"]
    assert "Không có hồ sơ nào tiếp nhận trong thời gian này." in [i.value for i in page.info]
