"""Issue 13 on the pages: an inspector rejects a staff member's explanation on Kiểm điểm tháng; the staff
member reads the rejection there and on Theo dõi trong ngày, beside the incident's picture.

The review store (tests/data/review/review_store.py): Quầy A, Nguyễn Văn An, ABSENT 16:00–17:00 on Monday
02/03/2026, with a dress-code picture taken at 16:30 (obs-a.jpg) as its evidence.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.clock import NOW_KEY
from dashboard.format import fmt_datetime
from data.access import Scope
from data.review.excuses import explain
from data.review.notes import IncidentKey
from data.review.pending import pending_explanations
from data.schema import AuditEntry, IncidentNote

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "review"))
from markdown_read import as_read  # noqa: E402
from review_store import MONDAY, at, build_review_store  # noqa: E402

NOW = dt.datetime(2026, 4, 2, 3, 0, tzinfo=dt.UTC)  # early April: the review opens on March
INCIDENT = "Quầy A · 02/03/2026 16:00"
REJECTED = "Giải trình không được chấp nhận — tt.a lúc {at}. Lý do: Không có giấy mời họp"


@pytest.fixture
def store(engine, tmp_path, monkeypatch):
    from desk_store import review_pictures

    review_pictures(tmp_path, monkeypatch)
    store = build_review_store(engine)
    explain(engine, _an(store), IncidentKey(store.desk_a, "absence", at("16:00")), "Đi họp ở huyện")
    return store


def _an(store) -> Scope:
    return Scope("an", "staff", unit_path=f"/{store.province}/{store.district_a}/{store.commune_a}/",
                 staff_id=store.staff["Nguyễn Văn An"])


def _open(run_app, scope: Scope, page: str):
    app = run_app(scope)
    app.session_state[NOW_KEY] = NOW
    app.switch_page(page).run()
    assert not app.exception
    return app


def _pick(app, key: str, text: str):
    box = app.selectbox(key=key)
    index = next(i for i, label in enumerate(box.options) if text in label)
    box.select_index(index).run()
    assert not app.exception
    return index


def test_reject_on_the_review_then_the_staff_member_reads_it(store, engine, run_app):
    inspector = Scope("tt.a", "inspector", unit_path=f"/{store.province}/{store.district_a}/")
    assert pending_explanations(engine, inspector) == 1
    app = _open(run_app, inspector, "dashboard/pages/monthly_review.py")
    pick = _pick(app, "review.incident", INCIDENT)
    assert "Giải trình đang chờ người có thẩm quyền quyết định." in [c.value for c in app.caption]
    labels = [b.label for b in app.button]
    assert "Miễn trừ vi phạm" in labels and "Không chấp nhận giải trình" in labels
    app.text_input(key=f"review.reject.absence.{pick}").input("Không có giấy mời họp")
    next(b for b in app.button if b.label == "Không chấp nhận giải trình").click().run()
    assert not app.exception and app.success[0].value == "Đã lưu."
    assert pending_explanations(engine, inspector) == 0
    with engine.connect() as c:
        note = c.execute(select(IncidentNote.action, IncidentNote.text, IncidentNote.author, IncidentNote.created_at)
                         .where(IncidentNote.action == "reject")).one()
        assert c.execute(select(AuditEntry.actor).where(AuditEntry.action == "reject")).scalar_one() == "tt.a"
    rejected = REJECTED.format(at=fmt_datetime(note.created_at))
    # Decided: the inspector may now only withdraw the rejection.
    assert [as_read(w.value) for w in app.warning] == [rejected]
    assert "Huỷ quyết định không chấp nhận" in [b.label for b in app.button]
    assert "Không chấp nhận giải trình" not in [b.label for b in app.button]

    # The staff member, on the review: the rejection with its reason, and no decision form.
    mine = _open(run_app, _an(store), "dashboard/pages/monthly_review.py")
    _pick(mine, "review.incident", INCIDENT)
    assert [as_read(w.value) for w in mine.warning] == [rejected]
    assert not any(b.label in ("Miễn trừ vi phạm", "Huỷ quyết định không chấp nhận") for b in mine.button)

    # … and on the desk day, beside the incident's picture (opened and audited).
    day = _open(run_app, _an(store), "dashboard/pages/desk_day.py")
    day.date_input(key="day.date").set_value(MONDAY).run()
    _pick(day, "day.incident", "Quầy A · 16:00")
    assert [c for img in day.image for c in img.captions] == ["Ảnh bằng chứng: Quầy A, 16:00–17:00"]
    assert [as_read(w.value) for w in day.warning] == [rejected]
    assert "Giải trình của an" in " ".join(as_read(i.value) for i in day.info)
    with engine.connect() as c:
        seen = c.execute(select(AuditEntry.actor, AuditEntry.target).where(AuditEntry.action == "evidence_view")).all()
    assert ("an", f"desk:{store.desk_a}@{at('16:00').isoformat()}") in [tuple(r) for r in seen]
