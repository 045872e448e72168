"""A unit's incident threshold (its presence policy) on every page and export that counts incidents.

Xã Hoa Thám counts from 10 minutes, its sibling Xã Hồng Phong from the default 5; each has a desk
absent 09:00–09:07 and 10:08–10:20 (tests/dashboard/desk_store.py, add_policy_desks).
"""
import datetime as dt
import io
import json

import openpyxl
import pytest
from desk_store import DAY, at
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from dashboard.clock import NOW_KEY
from dashboard.review_export import TABLE_ROW, pdf_bytes, xlsx_bytes
from data.access import SYSTEM
from data.review.desk_month import desk_period_figures
from data.review.report import build_review

MONTH = DAY.replace(day=1)


def open_page(run_app, page: str, unit_key: str, unit: int, now: dt.datetime):
    app = run_app()
    app.session_state[NOW_KEY] = now
    app.switch_page(page).run()
    app.selectbox(key=unit_key).select(unit).run()
    assert not app.exception
    return app


@pytest.mark.parametrize(("now", "listed"), [
    # 10:15: both desks away 7 minutes, only the 5-minute unit's is listed (Quầy 03 is away 15 minutes)
    (at(10, 15), [["Quầy 03", "Xã Hoa Thám", "15 phút"], ["Quầy 06", "Xã Hồng Phong", "7 phút"]]),
    # 10:20: 12 minutes count in both units; Quầy 02 (published away since 10:12, 8 minutes) does not in Hoa Thám
    (at(10, 20), [["Quầy 03", "Xã Hoa Thám", "20 phút"], ["Quầy 05", "Xã Hoa Thám", "12 phút"],
                  ["Quầy 06", "Xã Hồng Phong", "12 phút"]]),
])
def test_live_absences_by_each_units_threshold(policy_desks, desk_store, live_dir, run_app, now, listed):
    app = open_page(run_app, "dashboard/pages/live.py", "live.unit", desk_store.district, now)
    assert "Đang vắng quá 5–10 phút" in [h.value for h in app.subheader]
    table = app.dataframe[0].value
    assert table[["Quầy", "Đơn vị", "Thời gian vắng"]].values.tolist() == listed


def test_live_heading_names_the_units_own_threshold(policy_desks, desk_store, live_dir, run_app):
    app = open_page(run_app, "dashboard/pages/live.py", "live.unit", desk_store.commune, at(10, 20))
    assert "Đang vắng quá 10 phút" in [h.value for h in app.subheader]


def test_desk_day_outlines_each_units_incidents(policy_desks, desk_store, run_app):
    app = open_page(run_app, "dashboard/pages/desk_day.py", "day.unit", desk_store.district, at(18))
    [element] = app.get("vega_lite_chart")
    spec = json.loads(element.proto.spec)
    outline = spec["layer"][1]
    [marked] = [convert_arrow_bytes_to_pandas_df(d.data.data).to_dict("records")
                for d in element.proto.datasets if d.name == outline["data"]["name"]]
    got = [(r["desk"], r["from"], r["to"]) for r in marked if r["desk"].startswith(("Quầy 05", "Quầy 06"))]
    assert got == [("Quầy 05 · Xã Hoa Thám", "10:08", "10:20"), ("Quầy 06 · Xã Hồng Phong", "09:00", "09:07"),
                   ("Quầy 06 · Xã Hồng Phong", "10:08", "10:20")]
    assert "Vắng mặt từ 5–10 phút trở lên (6)" in [h.value for h in app.subheader]


def test_monthly_review_and_its_exports_count_by_each_units_threshold(policy_desks, engine):
    review = build_review(engine, SYSTEM, None, MONTH)
    mine = review.incidents[review.incidents["desk_id"].isin([policy_desks.ten_minutes, policy_desks.default])]
    assert mine.groupby("desk_name").size().to_dict() == {"Quầy 05": 1, "Quầy 06": 2}
    assert review.incident_thresholds_s == (300.0, 600.0)
    desks = review.desks.set_index("desk_id")
    assert (desks.at[policy_desks.ten_minutes, "incidents"], desks.at[policy_desks.default, "incidents"]) == (1, 2)
    # The scorecard adds up the same desk figures.
    figures = desk_period_figures(engine, SYSTEM, None, DAY, DAY).set_index("desk_id")
    assert figures.loc[[policy_desks.ten_minutes, policy_desks.default], "incidents"].tolist() == [1, 2]

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(review, "vi")))["Vi phạm vắng mặt"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=TABLE_ROW + 1)]
    heading = [c.value for c in sheet[TABLE_ROW]]
    desk_col = heading.index("Quầy")
    assert sorted(r[desk_col] for r in rows if r[desk_col] in ("Quầy 05", "Quầy 06")) == ["Quầy 05", "Quầy 06",
                                                                                         "Quầy 06"]
    assert "vắng liên tục từ 5–10 phút" in _pdf_text(pdf_bytes(review, "vi", "admin", at(18)))


@pytest.mark.parametrize(("unit", "minutes"), [("commune", "10"), ("district", "5–10")])
def test_the_review_page_names_the_threshold_it_counted_with(policy_desks, desk_store, run_app, unit, minutes):
    app = open_page(run_app, "dashboard/pages/monthly_review.py", "review.unit", getattr(desk_store, unit),
                    at(9, day=dt.date(2026, 4, 6)))
    assert app.selectbox(key="review.month").value == MONTH
    assert any(f"vắng liên tục từ {minutes} phút" in c.value for c in app.caption)


def test_the_review_of_the_ten_minute_unit_names_its_threshold(policy_desks, desk_store, engine):
    review = build_review(engine, SYSTEM, desk_store.commune, MONTH)
    assert review.incident_thresholds_s == (600.0,)
    assert "Quầy 06" not in set(review.incidents["desk_name"])
    assert review.incidents["desk_name"].tolist().count("Quầy 05") == 1


def test_scorecard_incidents_per_unit_by_each_units_threshold(policy_desks, desk_store, engine):
    from data.scorecard.figures import unit_discipline  # noqa: PLC0415

    rows = unit_discipline(engine, SYSTEM, None, [desk_store.commune, policy_desks.sibling], DAY, DAY, DAY.year)
    # Hoa Thám at 10 minutes: Quầy 01's 10:00–10:10 and 13:30–14:00, Quầy 03's 19 minutes, Quầy 05's 12 minutes.
    assert rows.set_index("unit_id")["incidents"].to_dict() == {desk_store.commune: 4, policy_desks.sibling: 2}


def _pdf_text(data: bytes) -> str:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "review" / "pdf_text.py"
    spec = importlib.util.spec_from_file_location("review_pdf_text", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return " ".join(" ".join(module.pdf_chunks(data)).split())
