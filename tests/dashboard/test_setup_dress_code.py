"""Cấu hình's dress-code tabs: the count-without-confirmation switch is offered only past the gate (with the
figure), switching stores and audits it; the model registry is listed read only."""
from __future__ import annotations

import datetime as dt

import pytest
from dress_code_store import at, build_dress_store
from markdown_read import as_read
from sqlalchemy import insert, select

from dashboard.format import MISSING as M
from dashboard.setup_models import model_table
from data.access import SYSTEM
from data.dress_code.count_mode import get as count_mode
from data.rule_models import add_version, promote
from data.rule_models.registry import ModelVersion
from data.schema import AuditEntry, ComplianceViolation

PAGE = "dashboard/pages/setup.py"


@pytest.fixture
def store(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("MONITOR_EVIDENCE_DIR", str(tmp_path / "evidence"))
    return build_dress_store(engine, tmp_path / "evidence")


def decide(engine, desk_id: int, confirmed: int, rejected: int) -> None:
    """`confirmed` + `rejected` badge violations decided on the desk, a minute apart."""
    start = at(7)
    with engine.begin() as c:
        c.execute(insert(ComplianceViolation), [
            {"desk_id": desk_id, "rule": "badge", "start_at": start + dt.timedelta(minutes=n),
             "end_at": start + dt.timedelta(minutes=n, seconds=30), "samples": 3, "fail_samples": 3,
             "status": "confirmed" if n < confirmed else "rejected", "decided_by": "thanhtra", "decided_at": at(18)}
            for n in range(confirmed + rejected)])


@pytest.fixture
def open_tab(store, run_app):
    def open_at(unit: int):
        app = run_app(SYSTEM)
        app.switch_page(PAGE).run()
        app.selectbox(key="setup.unit").select(unit).run()
        assert not app.exception
        return app
    return open_at


def _captions(app) -> list[str]:
    return [c.value for c in app.caption]


def test_below_the_gate_the_switch_is_disabled_with_the_figure(open_tab, store, engine):
    decide(engine, store.desks["Q01"], confirmed=190, rejected=9)  # 199 decisions at 95,48 %
    app = open_tab(store.commune_a)
    switch = app.toggle(key=f"setup.dress.mode.{store.commune_a}.badge")
    assert switch.disabled and switch.value is False
    assert ("Chưa được bật: độ chính xác 95,48 % trên 199 quyết định; cần ít nhất 95,00 % trên ít nhất 200 "
            "quyết định.") in _captions(app)
    # Badge first, then uniform (no decisions).
    assert [m.value for m in app.metric if m.label in ("Số quyết định", "Độ chính xác")] == [
        "199", "95,48 %", "0", M]


def test_past_the_gate_the_switch_turns_on_and_is_audited(open_tab, store, engine):
    decide(engine, store.desks["Q01"], confirmed=195, rejected=5)  # 200 at 97,5 %
    app = open_tab(store.commune_a)
    assert "Đạt ngưỡng: độ chính xác 97,50 % trên 200 quyết định." in _captions(app)
    app.toggle(key=f"setup.dress.mode.{store.commune_a}.badge").set_value(True).run()
    assert not app.exception
    assert app.success[0].value == "Đã lưu."
    mode = count_mode(engine, store.commune_a, "badge")
    assert (mode.without_confirmation, mode.decisions, mode.updated_by) == (True, 200, "system")
    with engine.connect() as c:
        targets = c.execute(select(AuditEntry.target).where(AuditEntry.action == "config_change")).scalars().all()
    assert targets == [f"count_mode:{store.commune_a}:badge"]
    assert any(c.startswith("Đang đếm không cần xác nhận (bật bởi system lúc ") for c in _captions(app))
    # The uniform rule of the same unit has no decisions: still closed.
    assert app.toggle(key=f"setup.dress.mode.{store.commune_a}.uniform").disabled
    # Switching back is always allowed.
    app.toggle(key=f"setup.dress.mode.{store.commune_a}.badge").set_value(False).run()
    assert count_mode(engine, store.commune_a, "badge").without_confirmation is False


def test_the_province_table_lists_every_unit_with_desks(open_tab, store, engine):
    decide(engine, store.desks["Q03"], confirmed=3, rejected=1)
    app = open_tab(store.commune_b)
    table = next(d.value for d in app.dataframe if "Mẫu đạt đồng ý" in d.value.columns)
    rows = {(r["Đơn vị"], r["Quy định"]): (r["Xác nhận"], r["Bác bỏ"], r["Độ chính xác"]) for _, r in table.iterrows()}
    assert rows[("Huyện Văn Quan › Xã Điềm He", "Đeo thẻ")] == ("3", "1", "75,00 %")
    assert rows[("Huyện Bình Gia › Xã Hoa Thám", "Đeo thẻ")] == ("0", "0", M)


def _version(version: str, status: str, figures: dict, promoted_by: str | None = None) -> ModelVersion:
    when = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)
    return ModelVersion("badge", version, status, "shipped-v3", 0.35, figures, "0" * 64, when, "retrain",
                        when if promoted_by else None, promoted_by)


@pytest.mark.parametrize(("figures", "cells"), [
    ({"province_test": {"images": 40, "candidate": {"precision": 0.9, "recall": 0.8125, "f1": 0.854}},
      "synthetic_test": {"images": 300, "candidate": {"f1": 0.91}}}, ("40", "0,90", "0,81", "0,85", "0,91")),
    ({"province_test": {"images": 0, "candidate": None, "live": None}}, ("0", M, M, M, M)),
    ({"shipped": {"threshold": 0.3}, "note": "held-out composed crops"}, (M, M, M, M, M)),
    ({}, (M, M, M, M, M)),
])
def test_model_figures_read_what_was_measured(figures, cells):
    table = model_table([_version("badge-20260302-1000", "candidate", figures)], "vi")
    row = table.iloc[0]
    assert (row["Nhãn kiểm tra của tỉnh"], row["Độ chính xác (nhãn tỉnh)"], row["Độ nhạy (nhãn tỉnh)"],
            row["F1 (nhãn tỉnh)"], row["F1 (tập tổng hợp)"]) == cells
    assert (row["Trạng thái"], row["Ngày tạo"], row["Ngưỡng"]) == ("Ứng viên", "02/03/2026", "0,35")


def test_the_registry_is_listed_read_only(open_tab, store, engine):
    with engine.begin() as c:
        add_version(c, "badge", "shipped-v3", b"weights-1", 0.3, {"note": "shipped"}, None, "system")
        promote(c, "badge", "shipped-v3", "quantri")
        add_version(c, "badge", "badge-20260302-1000", b"weights-2", 0.35,
                    {"province_test": {"images": 12, "candidate": {"precision": 1.0, "recall": 0.5, "f1": 0.667}}},
                    "shipped-v3", "retrain")
    app = open_tab(store.commune_a)
    assert "Đang dùng: shipped-v3" in [as_read(m.value) for m in app.markdown]
    table = next(d.value for d in app.dataframe if "Phiên bản" in d.value.columns)
    assert list(table["Phiên bản"]) == ["badge-20260302-1000", "shipped-v3"]
    assert list(table["Trạng thái"]) == ["Ứng viên", "Đang dùng"]
    assert list(table["Người đưa vào dùng"]) == ["", "quantri"]
    assert "Chưa có phiên bản nào được đăng ký." in [i.value for i in app.info]  # uniform: nothing yet
    assert not [b for b in app.button if "dùng" in b.label.lower()]  # no promote button on the page
