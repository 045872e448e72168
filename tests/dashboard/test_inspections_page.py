"""Kiểm tra công vụ on the inspection store (tests/data/inspections/inspection_store.py): the list and its
filters, recording and editing through the form, counts against the target, and what each scope sees."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "inspections"))
from inspection_store import build_inspection_store  # noqa: E402

from data.access import SYSTEM, Scope  # noqa: E402
from data.inspections.model import FindingInput  # noqa: E402
from data.inspections.queries import get_inspection  # noqa: E402
from data.schema import AuditEntry, Inspection  # noqa: E402
from data.settings import get_inspection_target  # noqa: E402

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
PAGE = "dashboard/pages/inspections.py"


@pytest.fixture
def store(engine):
    return build_inspection_store(engine)


@pytest.fixture
def open_page(store, store_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", store_url)

    def run(scope: Scope = SYSTEM, year: int = 2025) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["scope"] = scope
        at.run()
        at.switch_page(PAGE).run()
        at.selectbox(key="insp.f.year").set_value(year).run()
        return at

    return run


def _table(at, column: str):
    """The list has a 'kind' column, the counts table a 'progress' one (AppTest drops dataframe keys)."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    return found[0] if found else None


def list_table(at):
    return _table(at, "kind")


def listed(at) -> list[int]:
    table = list_table(at)
    return [] if table is None else table["id"].tolist()


def counts(at) -> list[list]:
    frame = _table(at, "progress")
    return frame[["unit", "inspections", "findings", "target", "remaining", "progress"]].values.tolist()


def n(store, *rows: int) -> list[int]:
    """Inspection ids from their row numbers in the store's table."""
    return [store.inspections[r - 1] for r in rows]


def test_province_list_and_counts_for_2025(open_page, store):
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "Kiểm tra công vụ"
    assert at.caption[0].value == "5 lần kiểm tra, 4 tồn tại"
    assert listed(at) == n(store, 3, 6, 5, 2, 1)
    row = list_table(at).iloc[3]
    assert (row["day"], row["unit"], row["kind"], row["categories"]) == (
        "05/03/2025", "Xã Hoa Thám", "Đột xuất", "Vắng mặt tại quầy, Trang phục sai quy định")
    assert counts(at) == [["Tỉnh Lạng Sơn", 5, 4, 20, 15, 25.0], ["Huyện Bình Gia", 3, 3, 20, 17, 15.0],
                          ["Huyện Văn Quan", 2, 1, 20, 18, 10.0]]


@pytest.mark.parametrize(("widget", "value", "rows"), [
    ("insp.f.kind", "unannounced", [6, 2]),
    ("insp.f.category", "procedure", [5]),
    ("insp.f.unit", "hoa_tham", [3, 2]),
])
def test_filters(open_page, store, widget, value, rows):
    at = open_page()
    at.selectbox(key=widget).set_value(getattr(store, value) if widget == "insp.f.unit" else value).run()
    assert listed(at) == n(store, *rows)


def test_a_date_range_within_the_year(open_page, store):
    at = open_page()
    at.date_input(key="insp.f.days.2025").set_value((dt.date(2025, 3, 1), dt.date(2025, 4, 11))).run()
    assert listed(at) == n(store, 5, 2)
    assert at.caption[0].value == "2 lần kiểm tra, 3 tồn tại"
    assert counts(at)[0][:2] == ["Tỉnh Lạng Sơn", 5]  # the yearly count stays the whole year's


def test_staff_filter_and_another_year(open_page, store):
    at = open_page(year=2024)
    assert listed(at) == n(store, 4)
    at.selectbox(key="insp.f.staff").set_value(store.staff["Cường"]).run()
    assert listed(at) == [] and at.info[0].value == "Không có lần kiểm tra nào khớp bộ lọc."


def _fill(at, store, *, inspectors="Đoàn kiểm tra huyện Bình Gia"):
    at.selectbox(key="insp.form.unit").set_value(store.hoa_tham).run()
    at.number_input(key="insp.form.n").set_value(1).run()
    at.date_input(key="insp.form.day").set_value(dt.date(2025, 9, 1))
    at.selectbox(key="insp.form.kind").set_value("camera_review")
    at.text_area(key="insp.form.inspectors").set_value(inspectors)
    at.selectbox(key="insp.form.f0.category").set_value("no_badge")
    at.selectbox(key="insp.form.f0.staff").set_value(store.staff["Bình"])
    at.text_input(key="insp.form.f0.notes").set_value("Không đeo thẻ lúc 9 giờ")
    at.text_area(key="insp.form.conclusion").set_value("Nhắc nhở")


def _inspections(engine) -> int:
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(Inspection)).scalar_one()


def test_recording_an_inspection_through_the_form(open_page, store, engine):
    at = open_page(scope=Scope(username="kiem.tra.bg", role="inspector", unit_path=store.paths[store.binh_gia]))
    _fill(at, store)
    submit = next(b for b in at.button if b.label == "Lưu lần kiểm tra")
    submit.click().run()
    assert not at.exception
    [new_id] = set(listed(at)) - set(store.inspections)
    assert at.success[0].value == f"Đã lưu lần kiểm tra số {new_id} (1 tồn tại)."
    got = get_inspection(engine, SYSTEM, new_id)
    assert (got.data.unit_id, got.data.day, got.data.kind, got.created_by) == (
        store.hoa_tham, dt.date(2025, 9, 1), "camera_review", "kiem.tra.bg")
    assert got.data.findings == (FindingInput("no_badge", store.staff["Bình"], "Không đeo thẻ lúc 9 giờ"),)
    assert at.caption[0].value == "4 lần kiểm tra, 4 tồn tại"  # Bình Gia's subtree in 2025, now with the new one
    assert at.selectbox(key="insp.form.pick").value == 0  # the form is ready for the next one
    with engine.connect() as c:
        assert c.execute(select(AuditEntry.action, AuditEntry.actor)).all() == [("inspection_create", "kiem.tra.bg")]


def test_a_bad_inspection_is_refused_with_the_field_named(open_page, store, engine):
    at = open_page()
    _fill(at, store, inspectors="   ")
    next(b for b in at.button if b.label == "Lưu lần kiểm tra").click().run()
    assert at.error[0].value.startswith("Chưa lưu — Đoàn kiểm tra: chưa nhập thành phần đoàn kiểm tra")
    assert _inspections(engine) == 6


def test_editing_an_inspection_from_the_list(open_page, store, engine):
    at = open_page()
    iid = store.inspections[1]
    at.selectbox(key="insp.form.pick").set_value(iid).run()
    assert at.selectbox(key="insp.form.unit").value == store.hoa_tham
    assert at.number_input(key="insp.form.n").value == 2
    assert at.selectbox(key="insp.form.f1.staff").value == store.staff["Cường"]
    at.number_input(key="insp.form.n").set_value(1).run()
    at.text_area(key="insp.form.conclusion").set_value("Đã kiểm điểm")
    next(b for b in at.button if b.label == "Lưu thay đổi").click().run()
    assert at.success[0].value == f"Đã lưu thay đổi của lần kiểm tra số {iid}."
    got = get_inspection(engine, SYSTEM, iid)
    assert got.data.conclusion == "Đã kiểm điểm" and [f.category for f in got.data.findings] == ["absent"]
    assert got.updated_by == "system"
    assert counts(at)[1] == ["Huyện Bình Gia", 3, 2, 20, 17, 15.0]


def test_an_inspector_sees_and_picks_only_their_district(open_page, store):
    at = open_page(scope=Scope(username="kt", role="inspector", unit_path=store.paths[store.van_quan]))
    assert at.selectbox(key="insp.f.unit").options == ["Huyện Văn Quan", "Xã Điềm He"]
    assert listed(at) == n(store, 6, 5)
    assert [r[:2] for r in counts(at)] == [["Huyện Văn Quan", 2], ["Xã Điềm He", 1]]
    assert at.caption[-1].value == "Chỉ quản trị viên được sửa chỉ tiêu."


def test_a_viewer_reads_but_cannot_record(open_page, store):
    at = open_page(scope=Scope(username="xem", role="viewer"))
    assert listed(at) == n(store, 3, 6, 5, 2, 1)
    assert "Tài khoản này chỉ được xem, không được ghi nhận kiểm tra." in [i.value for i in at.info]
    assert not [b for b in at.button if b.label == "Lưu lần kiểm tra"]


def test_an_administrator_edits_the_targets(open_page, store, engine):
    at = open_page()
    at.number_input(key="insp.targets.default").set_value(10)
    next(b for b in at.button if b.label == "Lưu chỉ tiêu mặc định").click().run()
    at.selectbox(key="insp.targets.unit").set_value(store.binh_gia).run()
    at.number_input(key=f"insp.targets.value.{store.binh_gia}").set_value(2)
    next(b for b in at.button if b.label == "Lưu chỉ tiêu riêng").click().run()
    assert at.success[0].value == "Đã lưu chỉ tiêu."
    assert counts(at) == [["Tỉnh Lạng Sơn", 5, 4, 10, 5, 50.0], ["Huyện Bình Gia (riêng)", 3, 3, 2, 0, 150.0],
                          ["Huyện Văn Quan", 2, 1, 10, 8, 20.0]]
    assert get_inspection_target(engine).for_unit(store.binh_gia) == 2


def test_english(open_page, store):
    at = open_page()
    at.segmented_control(key="lang").set_value("en").run()
    assert at.title[0].value == "Inspections"
    assert at.caption[0].value == "5 inspections, 4 findings"
    assert list_table(at).iloc[3]["kind"] == "Unannounced"


def test_a_staff_member_is_not_offered_the_page(store, store_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", store_url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["scope"] = Scope(username="cb", role="staff", unit_path=store.paths[store.hoa_tham],
                                      staff_id=store.staff["Bình"])
    at.run()
    assert not at.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)
