"""Theo dõi trong ngày on the desk store (tests/dashboard/desk_store.py): timeline, incidents, evidence."""
import datetime as dt
import json

import pytest
from desk_store import DAY, at
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from dashboard.clock import NOW_KEY

PAGE = "dashboard/pages/desk_day.py"


@pytest.fixture
def open_day(desk_store, run_app):
    def open_on(day: dt.date = DAY, lang: str = "vi"):
        app = run_app()
        if lang != "vi":
            app.segmented_control(key="lang").set_value(lang).run()
        app.session_state[NOW_KEY] = at(18)
        app.switch_page(PAGE).run()
        app.selectbox(key="day.unit").select(desk_store.commune).run()
        if day != DAY:
            app.date_input(key="day.date").set_value(day).run()
        assert not app.exception
        return app
    return open_on


def chart(app):
    """The chart's spec, with its named datasets put back in as lists of records."""
    [element] = app.get("vega_lite_chart")
    spec = json.loads(element.proto.spec)
    spec["datasets"] = {d.name: convert_arrow_bytes_to_pandas_df(d.data.data).to_dict("records")
                        for d in element.proto.datasets}
    return spec


def test_timeline_has_every_interval_with_fixed_state_colours(open_day):
    app = open_day()
    assert app.title[0].value == "Theo dõi trong ngày"
    assert app.date_input(key="day.date").value == DAY
    spec = chart(app)
    bars, outline = spec["layer"]
    scale = bars["encoding"]["color"]["scale"]
    assert scale == {"domain": ["Có mặt", "Vắng", "Camera mất tín hiệu", "Ngoài giờ làm việc"],
                     "range": ["#2e9e44", "#d62728", "#8c8c8c", "#e6eef5"]}
    rows = spec["datasets"][bars["data"]["name"]]
    q01 = [(r["state"], r["from"], r["to"]) for r in rows if r["desk"] == "Quầy 01"]
    assert q01[:3] == [("Ngoài giờ làm việc", "00:00", "07:30"), ("Có mặt", "07:30", "09:00"), ("Vắng", "09:00", "09:04")]
    assert len(q01) == 12
    assert [(r["state"], r["from"], r["to"]) for r in rows if r["desk"] == "Quầy 03"] == [
        ("Có mặt", "07:30", "10:00"), ("Vắng", "10:00", "10:19")]
    # Incidents are outlined on top: the runs of 5 minutes or more (09:00–09:04 is not one).
    marked = spec["datasets"][outline["data"]["name"]]
    assert outline["mark"]["filled"] is False
    assert [(r["desk"], r["from"], r["to"]) for r in marked] == [
        ("Quầy 01", "10:00", "10:10"), ("Quầy 01", "13:30", "14:00"), ("Quầy 03", "10:00", "10:19")]


def test_incident_list_and_evidence(open_day):
    app = open_day()
    assert "Vắng mặt từ 5 phút trở lên (3)" in [h.value for h in app.subheader]
    assert app.dataframe[0].value.values.tolist() == [
        ["Quầy 01", "10:00", "10:10", "10 phút"], ["Quầy 01", "13:30", "14:00", "30 phút"],
        ["Quầy 03", "10:00", "10:19", "19 phút"]]
    picker = app.selectbox(key="day.incident")
    assert picker.options == ["Quầy 01 · 10:00–10:10 (10 phút)", "Quầy 01 · 13:30–14:00 (30 phút)",
                              "Quầy 03 · 10:00–10:19 (19 phút)"]
    # The first has no picture taken during it, and says why (issue 13: no worker snapshot, camera online).
    assert [i.value for i in app.info] == ["Không có ảnh: không được chụp (vi phạm trước khi hệ thống chụp ảnh mọi "
                                           "vi phạm vắng mặt, hoặc số liệu không lấy từ camera)."]
    assert not app.image
    picker.select_index(1).run()
    assert not app.exception
    assert [c for img in app.image for c in img.captions] == ["Ảnh bằng chứng: Quầy 01, 13:30–14:00"]
    assert not app.info
    # The worker's snapshot of an absence, found under MONITOR_EVIDENCE_DIR.
    app.selectbox(key="day.incident").select_index(2).run()
    assert [c for img in app.image for c in img.captions] == ["Ảnh bằng chứng: Quầy 03, 10:00–10:19"]


def test_a_day_without_data(open_day):
    app = open_day(DAY - dt.timedelta(days=1))
    assert not app.get("vega_lite_chart")
    assert [i.value for i in app.info] == ["Không có dữ liệu camera cho các quầy này trong ngày 01/03/2026."]
    assert [s.value for s in app.success] == ["Không có lần vắng mặt nào từ 5 phút trở lên."]


def test_whole_province_names_desks_with_their_unit(open_day, desk_store):
    app = open_day()
    app.selectbox(key="day.unit").select(desk_store.province).run()
    assert not app.exception
    # One unit holds every desk, so the names need no unit.
    assert app.dataframe[0].value.iloc[0, 0] == "Quầy 01"


def test_english(open_day):
    app = open_day(lang="en")
    assert app.title[0].value == "Desk day"
    bars, _ = chart(app)["layer"]
    assert bars["encoding"]["color"]["scale"]["domain"] == ["Present", "Absent", "Camera signal lost",
                                                             "Outside office hours"]
    assert app.dataframe[0].value.columns.tolist() == ["Desk", "Start", "End", "Absent for"]
    assert app.selectbox(key="day.incident").options[0] == "Quầy 01 · 10:00–10:10 (10 min)"
    assert [i.value for i in app.info] == ["No picture: not taken (an incident from before every absence was "
                                           "photographed, or figures that did not come from a camera)."]


@pytest.mark.parametrize("selection, applied, count, expected", [
    ({"incident": [{"incident": 1}]}, None, 3, (1, 1)),  # a new click picks that incident
    ({"incident": [{"incident": 1}]}, 1, 3, (1, None)),  # the same selection again: the picker is left alone
    ({"incident": []}, 1, 3, (None, None)),  # click on empty space clears the selection only
    ({"incident": [{"incident": 5}]}, None, 3, (5, None)),  # an incident no longer listed
    ({}, None, 3, (None, None)),
    (None, None, 3, (None, None)),
])
def test_chart_click(selection, applied, count, expected):
    from dashboard.desk_day_view import chart_click

    click = chart_click(selection, applied, count)
    assert (click.clicked, click.pick) == expected


def test_incident_outlines_are_clickable(open_day):
    spec = chart(open_day())
    # Altair lifts a layer's selection to the top, naming the layer it belongs to.
    [param] = spec["params"]
    assert param["name"] == "incident"
    assert param["select"] == {"type": "point", "fields": ["incident"], "on": "click"}
    _, outline = spec["layer"]
    assert outline["name"] in param["views"]
    assert [r["incident"] for r in spec["datasets"][outline["data"]["name"]]] == [0, 1, 2]


@pytest.mark.parametrize("stored", ["../outside.jpg", "{tmp}/outside.jpg"])
def test_evidence_outside_the_evidence_dir_is_never_shown(open_day, engine, tmp_path, stored):
    from desk_store import jpeg
    from sqlalchemy import update

    from data.schema import ComplianceObservation

    (tmp_path / "outside.jpg").write_bytes(jpeg((255, 0, 0)))  # beside MONITOR_EVIDENCE_DIR
    with engine.begin() as c:
        c.execute(update(ComplianceObservation).values(evidence_path=stored.format(tmp=tmp_path)))
    app = open_day()
    app.selectbox(key="day.incident").select_index(1).run()
    assert not app.exception and not app.image
    assert [i.value for i in app.info] == ["Không có ảnh: không đọc được tệp ảnh trên máy chủ."]
