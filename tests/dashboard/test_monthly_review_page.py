"""Kiểm điểm tháng on the review store (tests/data/review/review_store.py): figures against the store, drill-down,
excuses from the page, evidence views audited, scopes."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.clock import NOW_KEY
from dashboard.format import fmt_int, fmt_num, fmt_pct
from dashboard.review_tables import DESK_COLS, STAFF_COLS, UNIT_COLS, text_table
from data.access import SYSTEM, Scope
from data.review.report import build_review
from data.schema import AuditEntry, IncidentNote

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "review"))
from review_store import at, build_review_store  # noqa: E402

PAGE = "dashboard/pages/monthly_review.py"
MARCH = dt.date(2026, 3, 1)
# Early April: the default month is March, the last complete one.
NOW = dt.datetime(2026, 4, 2, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(engine, tmp_path, monkeypatch):
    from desk_store import review_pictures

    review_pictures(tmp_path, monkeypatch)
    return build_review_store(engine)


@pytest.fixture
def open_review(store, run_app):
    def open_as(scope: Scope = SYSTEM, unit: int | None = None, lang: str = "vi"):
        app = run_app(scope)
        if lang != "vi":
            app.segmented_control(key="lang").set_value(lang).run()
        app.session_state[NOW_KEY] = NOW
        app.switch_page(PAGE).run()
        if unit is not None:
            app.selectbox(key="review.unit").select(unit).run()
        assert not app.exception
        return app
    return open_as


def _button(app, label: str):
    return next(b for b in app.button if b.label == label)


def _tables(app):
    return [d.value for d in app.dataframe]


def test_figures_match_the_store(open_review, store, engine):
    app = open_review(unit=store.commune_a)
    assert app.selectbox(key="review.month").value == MARCH
    assert app.header[0].value == "Kiểm điểm tháng 03/2026 — Huyện Bình Gia › Xã Hoa Thám"
    review = build_review(engine, SYSTEM, store.commune_a, MARCH)
    s = review.summary.iloc[0]
    assert {m.label: m.value for m in app.metric} == {
        "Tỷ lệ có mặt": fmt_pct(float(s.coverage)),
        "Vi phạm vắng mặt": fmt_int(s.incidents),
        "Mở muộn / đóng sớm": f"{fmt_int(s.late_openings)} / {fmt_int(s.early_closings)}",
        "Vi phạm đã miễn trừ": "0",
        "Tỷ lệ trang phục, thẻ": fmt_pct(float(s.compliance)),
        "Tồn tại qua kiểm tra": "1",
    }
    # Under each figure, the change from February (Quầy A's 10-minute absence, its February finding).
    deltas = {m.label: m.delta for m in app.metric}
    assert (deltas["Vi phạm vắng mặt"], deltas["Tồn tại qua kiểm tra"]) == (f"+{fmt_int(s.incidents - 1)}", "0")
    assert deltas["Tỷ lệ có mặt"] == ("+" if s.coverage_change > 0 else "") + fmt_num(float(s.coverage_change), 2)
    units, desks, staff = _tables(app)[:3]
    assert units.equals(text_table(review.units, UNIT_COLS, "vi"))
    assert desks.equals(text_table(review.desks.drop(columns="unit_label"), DESK_COLS, "vi"))
    assert staff.equals(text_table(review.staff, STAFF_COLS, "vi"))
    a = desks[desks["Quầy"] == "Quầy A"].iloc[0]
    assert (a["Tỷ lệ có mặt (%)"], a["± có mặt (điểm %)"], a["Vi phạm vắng"], a["Phút vắng"], a["Mở muộn"],
            a["Trang phục, thẻ (%)"]) == ("90,00 %", "-7,78", "2", "90", "1", "83,33 %")
    an = staff[staff["Cán bộ"] == "Nguyễn Văn An"].iloc[0]
    assert (an["Số ngày làm việc"], an["Tỷ lệ có mặt (%)"], an["Tồn tại"]) == ("1", "80,00 %", "1")


def test_province_drills_down_to_a_unit(open_review, store):
    app = open_review()
    assert app.header[0].value == "Kiểm điểm tháng 03/2026 — Tỉnh Lạng Sơn"
    units = _tables(app)[0]
    assert list(units["Đơn vị"]) == ["Huyện Bình Gia › Xã Hoa Thám", "Huyện Văn Quan › Xã Điềm He"]
    app.selectbox(key="review.pick").select(store.commune_b).run()
    desks, staff = _tables(app)[1:3]
    assert list(desks["Quầy"]) == ["Quầy B"] and list(staff["Cán bộ"]) == ["Lê Văn Dũng"]
    assert app.subheader[1].value == "Theo quầy — Huyện Văn Quan › Xã Điềm He"


def _incident_option(app, text: str) -> int:
    box = app.selectbox(key="review.incident")
    return next(i for i, label in enumerate(box.options) if text in label)


def test_excuse_from_the_page(open_review, store, engine):
    app = open_review(unit=store.commune_a)
    app.selectbox(key="review.pick").select(store.commune_a).run()
    before = {m.label: m.value for m in app.metric}["Vi phạm vắng mặt"]
    pick = _incident_option(app, "Quầy A · 02/03/2026 07:30")
    app.selectbox(key="review.incident").select(pick).run()
    app.text_input(key=f"review.reason.absence.{pick}").input("Đi họp theo giấy mời")
    _button(app, "Miễn trừ vi phạm").click().run()
    assert not app.exception
    assert app.success[0].value == "Đã lưu."
    metrics = {m.label: m.value for m in app.metric}
    # 11 on the case desks and 2 on Quầy A; the excused one no longer counts.
    assert (before, metrics["Vi phạm vắng mặt"], metrics["Vi phạm đã miễn trừ"]) == ("13", "12", "1")
    with engine.connect() as c:
        note = c.execute(select(IncidentNote.action, IncidentNote.text, IncidentNote.author)).one()
        audit = c.execute(select(AuditEntry.action, AuditEntry.actor).where(AuditEntry.action == "excuse")).one()
    assert tuple(note) == ("excuse", "Đi họp theo giấy mời", "system") and tuple(audit) == ("excuse", "system")
    incidents = _tables(app)[3]
    row = incidents[(incidents["Quầy"] == "Quầy A") & (incidents["Bắt đầu"] == "02/03/2026 07:30")].iloc[0]
    assert (row["Tình trạng"], row["Lý do miễn trừ"], row["Người miễn trừ"]) == (
        "Đã miễn trừ", "Đi họp theo giấy mời", "system")


def test_empty_reason_is_refused_on_the_page(open_review, store, engine):
    app = open_review(unit=store.commune_a)
    _button(app, "Miễn trừ vi phạm").click().run()
    assert app.error[0].value.startswith("Không lưu được: cần nhập lý do")
    with engine.connect() as c:
        assert c.execute(select(IncidentNote.id)).first() is None


def test_violation_evidence_is_shown_and_audited(open_review, store, engine):
    app = open_review(unit=store.commune_a)
    assert [c for img in app.image for c in img.captions] == ["Ảnh bằng chứng (đã làm mờ khuôn mặt)"]
    with engine.connect() as c:
        rows = c.execute(select(AuditEntry.action, AuditEntry.target, AuditEntry.unit_id)
                         .where(AuditEntry.action == "evidence_view")).all()
    assert [tuple(r) for r in rows] == [("evidence_view", f"desk:{store.desk_a}@{at('09:00').isoformat()}",
                                         store.commune_a)]


def test_inspector_of_another_district_sees_only_theirs(open_review, store):
    inspector_b = Scope("tra", "inspector", unit_path=f"/{store.province}/{store.district_b}/")
    app = open_review(inspector_b)
    options = app.selectbox(key="review.unit").options
    assert any("Điềm He" in o for o in options) and not any("Bình Gia" in o or "Hoa Thám" in o for o in options)
    shown = " ".join(df.to_csv() for df in _tables(app))
    assert "Quầy B" in shown and "Quầy A" not in shown and "Nguyễn Văn An" not in shown


def test_viewer_gets_no_excuse_form(open_review, store):
    app = open_review(Scope("xem", "viewer"), unit=store.commune_a)
    assert [b.label for b in app.button] == ["Đăng xuất"] and not app.text_input
    assert _tables(app)[3].shape[0] > 0  # the incidents are still listed


def test_english(open_review, store):
    app = open_review(unit=store.commune_a, lang="en")
    assert app.header[0].value == "Monthly review 03/2026 — Huyện Bình Gia › Xã Hoa Thám"
    assert {m.label for m in app.metric} >= {"Coverage", "Absence incidents"}
    assert "Coverage (%)" in _tables(app)[0].columns


def test_staff_explains_own_incident(open_review, store, engine):
    an = Scope("an", "staff", unit_path=f"/{store.province}/{store.district_a}/{store.commune_a}/",
               staff_id=store.staff["Nguyễn Văn An"])
    app = open_review(an)
    staff = _tables(app)[2]
    assert list(staff["Cán bộ"]) == ["Nguyễn Văn An"]  # their own rows only
    assert not any(b.label == "Miễn trừ vi phạm" for b in app.button)
    pick = _incident_option(app, "Quầy A · 02/03/2026 16:00")
    app.selectbox(key="review.incident").select(pick).run()
    app.text_input(key=f"review.explain.absence.{pick}").input("Đi nộp hồ sơ lên huyện")
    _button(app, "Gửi giải trình").click().run()
    assert not app.exception and app.success[0].value == "Đã lưu."
    assert "Giải trình của an: Đi nộp hồ sơ lên huyện" in [i.value for i in app.info]
    with engine.connect() as c:
        assert tuple(c.execute(select(IncidentNote.action, IncidentNote.author)).one()) == ("explain", "an")


def test_a_unit_without_desks(engine, run_app):
    from data.units import create_unit

    with engine.begin() as c:
        create_unit(c, "Tỉnh Lạng Sơn", "province", None)
    app = run_app()
    app.session_state[NOW_KEY] = NOW
    app.switch_page(PAGE).run()
    assert not app.exception
    assert [i.value for i in app.info] == ["Đơn vị này chưa có quầy nào được giám sát."]
    assert not app.dataframe


def test_absence_evidence_is_shown_and_audited(open_review, store, engine):
    app = open_review(unit=store.commune_a)
    app.selectbox(key="review.incident").select(_incident_option(app, "Quầy A · 02/03/2026 16:00")).run()
    assert [c for img in app.image for c in img.captions] == ["Ảnh bằng chứng (đã làm mờ khuôn mặt)"] * 2
    with engine.connect() as c:
        targets = c.execute(select(AuditEntry.target).where(AuditEntry.action == "evidence_view")
                            .order_by(AuditEntry.id)).scalars().all()
    assert f"desk:{store.desk_a}@{at('16:00').isoformat()}" in targets


def test_no_change_against_a_month_without_data_the_tally_beside_the_rate_and_a_month_not_over(open_review, store,
                                                                                                engine):
    """Issue 13: '+1.282' in red against a month with no figures; a rate beside 'no violations'."""
    from dashboard.review_tables import with_standing
    from dashboard.violation_tally import desks_compliance, tally_line

    app = open_review(unit=store.commune_a)
    deltas = {m.label: m.delta for m in app.metric}
    assert deltas["Vi phạm vắng mặt"] == "+12"  # March against February: both watched
    app.selectbox(key="review.month").select(dt.date(2026, 2, 1)).run()
    assert not app.exception
    deltas = {m.label: m.delta for m in app.metric}
    assert not deltas["Vi phạm vắng mặt"] and not deltas["Tỷ lệ có mặt"]  # January: nothing recorded, no change
    review = build_review(engine, SYSTEM, store.commune_a, dt.date(2026, 2, 1))
    line = tally_line(with_standing(review.violations), desks_compliance(review.desks), "vi")
    assert line.startswith("Tỷ lệ trang phục, thẻ: ") and line in [c.value for c in app.caption]
    # On 20/03 March is not over: the page says so, with the date.
    app.session_state[NOW_KEY] = dt.datetime(2026, 3, 20, 3, 0, tzinfo=dt.UTC)
    app.selectbox(key="review.month").select(MARCH).run()
    assert "Tháng chưa kết thúc: số liệu đến hết ngày 20/03/2026." in [c.value for c in app.caption]
