"""The overview's scorecard on the scorecard store (tests/data/scorecard/scorecard_store.py) plus dossiers:
figures side by side, the composite score worked out by hand, weights, drill-down and scope."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "scorecard"))
from scorecard_store import build_scorecard_store  # noqa: E402

from data.access import SYSTEM, Scope  # noqa: E402
from data.dossiers.daily import rebuild_all  # noqa: E402
from data.schema import AuditEntry, Dossier  # noqa: E402
from data.settings import RankingWeights, get_ranking_weights  # noqa: E402
from domain.timezone import LOCAL_TZ  # noqa: E402

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
OVERVIEW = "dashboard/pages/overview.py"
COLUMNS = ["rank", "name", "desks", "coverage", "incidents_per_desk_month", "compliance", "inspections",
           "on_time_rate", "online_share", "score", "figures_used"]


def _utc(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), LOCAL_TZ).astimezone(dt.UTC)


@pytest.fixture
def store(engine):
    """Dossiers in 03/2026: Hoa Thám 10 (8 on time, 1 late, 1 pending; 4 online), Văn Quan's own desk 2 (early)."""
    s = build_scorecard_store(engine)
    day = dt.date(2026, 3, 3)
    plan = [(s.hoa_tham, "on_time")] * 8 + [(s.hoa_tham, "late"), (s.hoa_tham, None)] + [(s.van_quan, "early")] * 2
    rows = []
    for n, (unit, outcome) in enumerate(plan):
        resolved = None if outcome is None else _utc(day + dt.timedelta(days=2), 15)
        rows.append({"code": f"HS-{n}", "unit_id": unit, "procedure": "Chứng thực", "field": "Chứng thực",
                     "channel": "online" if unit == s.hoa_tham and n < 4 else "direct",
                     "received_at": _utc(day, 9), "received_day": day, "due_at": _utc(dt.date(2099, 1, 1), 17),
                     "resolved_at": resolved, "returned_at": resolved, "outcome": outcome, "status": None,
                     "batch_id": None})
    with engine.begin() as c:
        c.execute(insert(Dossier), rows)
        rebuild_all(c)
    return s


@pytest.fixture
def open_overview(store, store_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", store_url)

    def run(scope: Scope = SYSTEM) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["scope"] = scope
        return at.run().switch_page(OVERVIEW).run()  # the overview is at /tong-quan, "Cần xử lý" at /

    return run


def scorecard(at):
    return next(d for d in at.dataframe if "score" in d.value.columns)


def values(at) -> list[list]:
    frame = scorecard(at).value
    return [[None if v != v else v for v in row] for row in frame[COLUMNS].values.tolist()]


def shown(at) -> list[list[str]]:
    cells = dataframe_util.convert_arrow_bytes_to_pandas_df(scorecard(at).proto.arrow_data.styler.display_values)
    return cells.values.tolist()


def test_province_scorecard_by_hand(open_overview, store):
    at = open_overview()
    assert not at.exception
    assert at.selectbox(key="sc.month").value == dt.date(2026, 3, 1)
    # Bình Gia: (25×88.10 + 15×98.66 + 15×60 + 10×15 + 25×88.89 + 10×40) / 100 = 73.55
    # Văn Quan: no desk watched, no pass/fail sample: (10×0 + 25×100 + 10×0) / 45 = 55.56 over 3 figures
    assert values(at) == [
        [1.0, "Huyện Bình Gia", 3, 88.1, 0.67, 60.0, "3/20", 88.89, 40.0, 73.55, 6],
        [2.0, "Huyện Văn Quan", 0, None, None, None, "0/20", 100.0, 0.0, 55.56, 3],
    ]
    assert shown(at)[1][4:8] == ["–", "–", "–", "0/20"]  # after rank, name, level, desks
    assert shown(at)[0][4:6] == ["88,10 %", "0,67"]
    captions = [c.value for c in at.caption]
    assert "Trọng số: Có mặt 25, Vắng mặt 15, Trang phục 15, Kiểm tra 10, Đúng hạn 25, Trực tuyến 10" in captions
    assert any(c.startswith("Điểm tổng hợp = Σ(trọng số × điểm chỉ số) / Σ(trọng số)") for c in captions)
    assert "Có mặt, vắng và trang phục: tháng 03/2026. Kiểm tra công vụ: năm 2026. " \
           "Hồ sơ: 01/03/2026–31/03/2026 (theo kỳ đã chọn ở trên)." in captions


def test_selecting_a_scorecard_row_drills_into_the_district(open_overview, store):
    at = open_overview()
    at.session_state[f"sc.table.{store.province}.None"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception
    assert at.markdown[-1].value == "**Huyện Bình Gia**" or "**Huyện Bình Gia**" in [m.value for m in at.markdown]
    # own desk: (25×88.89 + 15×98 + 15×0 + 10×5) / 65 = 57.57 (no dossiers filed at the district itself)
    # Hoa Thám: (25×87.5 + 15×99 + 15×75 + 10×10 + 25×88.89 + 10×40) / 100 = 75.20
    assert values(at) == [
        [1.0, "Xã Hoa Thám", 2, 87.5, 0.5, 75.0, "2/20", 88.89, 40.0, 75.2, 6],
        [2.0, "Huyện Bình Gia (tiếp nhận tại đơn vị)", 1, 88.89, 1.0, 0.0, "1/20", None, None, 57.57, 4],
    ]


def test_an_administrator_changes_the_weights(open_overview, store, engine):
    at = open_overview()
    at.number_input(key="sc.weights.coverage").set_value(100.0)
    for name in ("incidents", "compliance", "inspections", "on_time", "online"):
        at.number_input(key=f"sc.weights.{name}").set_value(0.0)
    at.button(key="sc.weights.save").click().run()
    assert not at.exception
    assert at.success[0].value == "Đã lưu trọng số."
    # Only coverage counts now; Văn Quan has none, so it has no score and no rank.
    assert [r[0:2] + r[9:] for r in values(at)] == [[1.0, "Huyện Bình Gia", 88.1, 1], [None, "Huyện Văn Quan", None, 0]]
    assert get_ranking_weights(engine) == RankingWeights(100, 0, 0, 0, 0, 0)
    with engine.connect() as c:
        assert c.execute(select(AuditEntry.action, AuditEntry.target)).all() == [
            ("config_change", "setting:ranking_weights")]


def test_weights_that_are_all_zero_are_refused(open_overview, store, engine):
    at = open_overview()
    for name in ("coverage", "incidents", "compliance", "inspections", "on_time", "online"):
        at.number_input(key=f"sc.weights.{name}").set_value(0.0)
    at.button(key="sc.weights.save").click().run()
    assert "must not all be 0" in at.error[0].value
    assert get_ranking_weights(engine) == RankingWeights()


def test_an_inspector_sees_their_district_only_and_cannot_edit_weights(open_overview, store):
    at = open_overview(Scope("kt.vq", "inspector", unit_path=f"/{store.province}/{store.van_quan}/"))
    assert not at.exception
    names = [r[1] for r in values(at)]
    assert names and all("Văn Quan" in n for n in names)
    assert "Chỉ quản trị viên được sửa trọng số." in [c.value for c in at.caption]
    assert not [n for n in at.number_input if (n.key or "").startswith("sc.weights.")]


def test_english(open_overview, store):
    at = open_overview()
    at.segmented_control(key="lang").set_value("en").run()
    assert shown(at)[0][4:6] == ["88.10 %", "0.67"]
    assert "Weights: Coverage 25, Absences 15, Dress code 15, Inspections 10, On time 25, Online 10" in [
        c.value for c in at.caption]


def test_without_cameras_the_score_rests_on_dossiers_and_inspections(app):
    """The dossier overview's small store (tests/dashboard/conftest.py): no desks, no inspections, 2022 dossiers."""
    app = app.switch_page(OVERVIEW).run()
    assert not app.exception
    assert "Chưa có dữ liệu camera: các cột có mặt, vắng và trang phục để trống." in [c.value for c in app.caption]
    # (25 × on-time + 10 × online + 10 × 0 inspections) / 45; the camera figures are left out, not zero
    assert values(app) == [
        [1.0, "Huyện Văn Quan", 0, None, None, None, "0/20", 90.0, 100.0, 72.22, 3],
        [2.0, "Cơ quan cấp tỉnh (2 đơn vị)", 0, None, None, None, "0/40", 100.0, 58.33, 68.52, 3],
        [3.0, "Huyện Bình Gia", 0, None, None, None, "0/20", 96.69, 24.4, 59.14, 3],
    ]


def test_camera_data_without_dossiers_still_shows_the_scorecard(engine, run_app):
    """The scorecard store alone: desks, presence, dress code and inspections, not one dossier."""
    build_scorecard_store(engine)
    at = run_app().switch_page(OVERVIEW).run()
    assert not at.exception
    # The dossier part says there is nothing to show: no period, tiles or dossier table.
    assert [i.value for i in at.info] == ["Chưa có số liệu hồ sơ. Hãy nhập tệp hồ sơ ở trang «Thống kê hồ sơ»."]
    assert not at.date_input and not at.metric and len(at.dataframe) == 1
    assert "Có mặt, vắng và trang phục: tháng 03/2026. Kiểm tra công vụ: năm 2026. " \
           "Hồ sơ: chưa có số liệu, các cột hồ sơ để trống." in [c.value for c in at.caption]
    # Bình Gia: (25×88.10 + 15×98.67 + 15×60 + 10×15) / 65 = 72.81 over 4 figures, the dossier ones left out;
    # Văn Quan: only its 0/20 inspections count.
    assert values(at) == [
        [1.0, "Huyện Bình Gia", 3, 88.1, 0.67, 60.0, "3/20", None, None, 72.81, 4],
        [2.0, "Huyện Văn Quan", 0, None, None, None, "0/20", None, None, 0.0, 1],
    ]
    assert shown(at)[0][8:10] == ["–", "–"]  # on-time and online, after rank, name, level, desks, ...
