"""Xác nhận vi phạm trang phục on a store with pending violations and pictures on disk (dress_code_store.py):
oldest first, a decision moves to the next item and is in the store and the audit log, the counter, the
desk-day batch, a missing picture, scopes and roles."""
from __future__ import annotations

import pytest
from dress_code_store import DAY, at, build_dress_store
from sqlalchemy import select

from data.access import SYSTEM, Scope
from data.schema import AuditEntry, ComplianceLabel, CompliancePassSample, ComplianceViolation

PAGE = "dashboard/pages/dress_code_queue.py"


@pytest.fixture
def store(engine, tmp_path, monkeypatch):
    root = tmp_path / "evidence"
    monkeypatch.setenv("MONITOR_EVIDENCE_DIR", str(root))
    return build_dress_store(engine, root)


@pytest.fixture
def open_queue(store, run_app):
    def open_as(scope: Scope = SYSTEM):
        app = run_app(scope)
        app.switch_page(PAGE).run()
        assert not app.exception
        return app
    return open_as


def _button(app, label: str):
    return next(b for b in app.button if b.label == label)


def _left(app) -> str:
    [tile] = [m for m in app.metric if m.label == "Chờ xác nhận"]
    return tile.value


def _status(engine, violation_id: int) -> tuple:
    with engine.connect() as c:
        return tuple(c.execute(select(ComplianceViolation.status, ComplianceViolation.decided_by,
                                      ComplianceViolation.decision_note)
                               .where(ComplianceViolation.id == violation_id)).one())


def _audit(engine, action: str) -> list[tuple]:
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(select(AuditEntry.actor, AuditEntry.target, AuditEntry.unit_id)
                                            .where(AuditEntry.action == action).order_by(AuditEntry.id))]


def test_the_oldest_item_first_with_its_pictures_and_the_counter(open_queue, store, engine):
    app = open_queue()
    assert app.title[0].value == "Xác nhận vi phạm trang phục"
    assert _left(app) == "Còn 6 mục"  # five violations and one PASS sample
    assert app.subheader[0].value == "Vi phạm chờ xác nhận: Đeo thẻ · Quầy 01 · Huyện Bình Gia › Xã Hoa Thám"
    assert "Từ 02/03/2026 09:00 đến 09:10" in [m.value for m in app.markdown]
    assert [c for img in app.image for c in img.captions] == [
        "Ảnh bằng chứng (đã làm mờ khuôn mặt, khung đỏ là người được đánh giá)", "Phóng to người được đánh giá"]
    assert {b.label for b in app.button} >= {"Xác nhận vi phạm", "Bác bỏ (quy tắc sai)", "Để sau"}
    # Opening the picture is audited once, like the review page's evidence.
    assert _audit(engine, "evidence_view") == [("system", f"desk:{store.desks['Q01']}@{at(9).isoformat()}",
                                                store.commune_a)]
    app.run()
    assert len(_audit(engine, "evidence_view")) == 1


def test_confirm_moves_to_the_next_item_and_is_stored_and_audited(open_queue, store, engine):
    app = open_queue()
    app.text_input(key=f"dress.note.violation.{store.violations['v1']}").input("Không đeo thẻ cả buổi")
    _button(app, "Xác nhận vi phạm").click().run()
    assert not app.exception
    assert app.success[0].value == f"Đã xác nhận vi phạm #{store.violations['v1']}."
    assert _status(engine, store.violations["v1"]) == ("confirmed", "system", "Không đeo thẻ cả buổi")
    assert _audit(engine, "dress_decision") == [("system", f"violation:{store.violations['v1']}", store.commune_a)]
    with engine.connect() as c:  # the decision is a label (the worker's crop)
        label = c.execute(select(ComplianceLabel.label, ComplianceLabel.source, ComplianceLabel.width)
                          .where(ComplianceLabel.violation_id == store.violations["v1"])).one()
    assert tuple(label) == ("violation", "confirmed", 80)
    # Next: the 09:30 PASS sample of Quầy 02, and one item fewer.
    assert _left(app) == "Còn 5 mục"
    assert app.subheader[0].value.startswith("Mẫu được đánh giá đạt (kiểm tra ngẫu nhiên): Đeo thẻ · Quầy 02")
    assert "**Cán bộ này có đeo thẻ không?**" in [m.value for m in app.markdown]


def test_a_pass_sample_is_checked_right_or_wrong(open_queue, store, engine):
    app = open_queue()
    _button(app, "Để sau").click().run()  # put v1 off: the PASS sample comes up
    assert _left(app) == "Còn 6 mục"
    assert {"Đúng (có đeo thẻ)", "Sai (thực ra vi phạm)"} <= {b.label for b in app.button}
    _button(app, "Sai (thực ra vi phạm)").click().run()
    with engine.connect() as c:
        status = c.execute(select(CompliancePassSample.status)
                           .where(CompliancePassSample.id == store.samples["s1"])).scalar_one()
    assert status == "disagreed" and _left(app) == "Còn 5 mục"
    assert app.success[0].value == f"Đã ghi nhận mẫu #{store.samples['s1']} là sai."
    # v1 was put off in this session; v2 is next.
    assert "Từ 02/03/2026 10:00 đến 10:05" in [m.value for m in app.markdown]


def test_reject_never_counts(open_queue, store, engine):
    app = open_queue()
    _button(app, "Bác bỏ (quy tắc sai)").click().run()
    assert _status(engine, store.violations["v1"]) == ("rejected", "system", None)
    assert _left(app) == "Còn 5 mục"


def test_a_missing_picture_says_why_and_cannot_be_confirmed(open_queue, store, engine):
    app = open_queue()
    seen = _audit(engine, "evidence_view")  # the oldest badge violation, shown first
    app.segmented_control(key="dress.rule").set_value("uniform").run()
    assert _left(app) == "Còn 1 mục"
    assert [w.value for w in app.warning] == [
        "Không có ảnh: camera không chụp ảnh cho mục này, hoặc ảnh đã xoá theo thời hạn lưu"]
    assert not app.image
    assert _button(app, "Xác nhận vi phạm").disabled and not _button(app, "Bác bỏ (quy tắc sai)").disabled
    assert _audit(engine, "evidence_view") == seen  # no picture, nothing looked at


def test_a_whole_desk_day_is_confirmed_at_once(open_queue, store, engine):
    app = open_queue()
    toggle = app.toggle(key=f"dress.batch.{store.desks['Q01']}.{DAY}.badge")
    assert toggle.label == "Cả ngày 02/03/2026 tại Quầy 01: 3 vi phạm đeo thẻ chờ xác nhận"
    assert _audit(engine, "evidence_view") == [("system", f"desk:{store.desks['Q01']}@{at(9).isoformat()}",
                                                store.commune_a)]  # thumbnails only once asked for
    toggle.set_value(True).run()
    assert [c for img in app.image for c in img.captions][2:] == ["09:00–09:10", "10:00–10:05", "14:00–14:20"]
    assert len(_audit(engine, "evidence_view")) == 3
    _button(app, "Xác nhận cả ngày (3)").click().run()
    assert not app.exception
    assert app.success[0].value == "Đã xác nhận 3 vi phạm của Quầy 01 ngày 02/03/2026."
    assert [_status(engine, store.violations[v])[0] for v in ("v1", "v2", "v3", "v4", "v5")] == [
        "confirmed", "confirmed", "confirmed", "pending", "pending"]
    assert _left(app) == "Còn 3 mục"


def test_an_inspector_sees_only_their_district(open_queue, store):
    inspector = Scope("tt.a", "inspector", unit_path=f"/{store.province}/{store.district_a}/")
    app = open_queue(inspector)
    assert _left(app) == "Còn 5 mục"  # Quầy 03 of Văn Quan is not theirs
    _button(app, "Bác bỏ (quy tắc sai)").click().run()
    assert _left(app) == "Còn 4 mục"


@pytest.mark.parametrize("scope", [Scope("xem", "viewer"), Scope("an", "staff", staff_id=1)])
def test_viewers_and_staff_cannot_open_it(store, run_app, scope):
    app = run_app(scope)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(PAGE).run()


def test_nothing_left(open_queue, store, engine):
    with engine.begin() as c:
        c.execute(ComplianceViolation.__table__.update().values(status="confirmed"))
        c.execute(CompliancePassSample.__table__.update().values(status="agreed"))
    app = open_queue()
    assert _left(app) == "Còn 0 mục"
    assert app.success[0].value == "Không còn mục nào chờ xác nhận."


def test_names_show_as_typed_and_english(open_queue, store, engine):
    """A desk or unit name (or a model version) carrying Markdown is text, in either language."""
    from markdown_read import as_read, markdown_bodies
    from sqlalchemy import update

    from data.schema import Desk, Unit

    link, image = "[Bấm](http://evil.example)", "![x](http://evil.example/a.png)"
    with engine.begin() as c:
        c.execute(update(Unit).where(Unit.id == store.commune_a).values(name=f"Xã {link}"))
        c.execute(update(Desk).where(Desk.id == store.desks["Q01"]).values(name=f"Quầy {image}"))
        c.execute(update(ComplianceViolation).values(model_version=f"v {link}"))
    app = open_queue()
    assert as_read(app.subheader[0].value) == (
        f"Vi phạm chờ xác nhận: Đeo thẻ · Quầy {image} · Huyện Bình Gia › Xã {link}")
    for body in markdown_bodies(app):
        assert "](http" not in body and "![" not in body, body
    app.segmented_control(key="lang").set_value("en").run()
    assert app.title[0].value == "Confirm dress-code violations"
    assert {"Confirm the violation", "Reject (the rule was wrong)", "Later"} <= {b.label for b in app.button}
    assert [m.value for m in app.metric if m.label == "To check"] == ["6 left"]
