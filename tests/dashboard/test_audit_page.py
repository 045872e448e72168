"""Nhật ký truy cập: administrators search the audit log by actor, action, period and text, 50 a page;
nobody else may open it. Bảo vệ dữ liệu cá nhân: the privacy notice, open signed out, reads the settings."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import insert
from streamlit.testing.v1 import AppTest

from dashboard.session import SCOPE_KEY
from markdown_read import as_read
from data.access import Scope
from data.audit import record
from data.retention.policy import CONTACT_KEY, EVIDENCE_DAYS_KEY, LIVE_MINUTES_KEY
from data.schema import AuditEntry
from data.settings import put_setting

PAGES = Path(__file__).resolve().parents[2] / "dashboard" / "pages"
AUDIT = "dashboard/pages/audit.py"


@pytest.fixture
def logged(engine, small_store):
    with engine.begin() as c:
        record(c, "tt.binhgia", "live_view", target=f"unit:{small_store.binh_gia}", unit_id=small_store.binh_gia)
        record(c, "tt.binhgia", "evidence_view", target="desk:7@2026-03-02T03:00:00+00:00", detail={"file": "q7.jpg"})
        record(c, "quantri", "config_change", target="camera:CAM-1")
        # 60 old sign-ins, 40 days ago: outside the default 30-day period
        old = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
        c.execute(insert(AuditEntry), [{"at": old, "actor": f"user{i:02d}", "action": "sign_in"} for i in range(60)])
    return small_store


def table(at):
    return at.dataframe[0].value


def test_admin_sees_the_newest_entries_of_the_last_30_days(run_app, logged):
    at = run_app().switch_page(AUDIT).run()
    assert not at.exception
    assert at.title[0].value == "Nhật ký truy cập"
    shown = table(at)
    assert list(shown["Hành động"]) == ["Thay đổi cấu hình", "Xem ảnh bằng chứng", "Xem trực tiếp"]
    assert list(shown["Người thực hiện"]) == ["quantri", "tt.binhgia", "tt.binhgia"]
    assert list(shown["Đơn vị"]) == ["", "", "Huyện Bình Gia"]
    assert at.caption[-1].value == "3 mục · Trang 1/1"


@pytest.mark.parametrize("widget, value, actions", [
    ("audit.actor", "tt.binhgia", ["Xem ảnh bằng chứng", "Xem trực tiếp"]),
    ("audit.text", "CAM-1", ["Thay đổi cấu hình"]),
    ("audit.text", "q7.jpg", ["Xem ảnh bằng chứng"]),  # inside the detail
])
def test_filters(run_app, logged, widget, value, actions):
    at = run_app().switch_page(AUDIT).run()
    at.text_input(key=widget).input(value).run()
    assert list(table(at)["Hành động"]) == actions


def test_action_filter_and_paging_over_an_older_period(run_app, logged):
    at = run_app().switch_page(AUDIT).run()
    today = dt.date.today()
    at.date_input(key="audit.period").set_value((today - dt.timedelta(days=60), today)).run()
    at.selectbox(key="audit.action").select("sign_in").run()
    assert at.caption[-1].value == "60 mục · Trang 1/2"
    assert len(table(at)) == 50
    at.number_input(key="audit.page").set_value(2).run()
    assert len(table(at)) == 10 and at.caption[-1].value == "60 mục · Trang 2/2"
    assert set(table(at)["Hành động"]) == {"Đăng nhập"}


@pytest.mark.parametrize("scope", [Scope("xem", "viewer"), Scope("tt", "inspector", "/1/2/"), Scope("cb", "staff", None, 1)])
def test_nobody_but_administrators_opens_it(logged, store_url, monkeypatch, scope):
    monkeypatch.setenv("DATABASE_URL", store_url)
    at = AppTest.from_file(str(PAGES / "audit.py"), default_timeout=60)
    at.session_state[SCOPE_KEY] = scope
    at.run()
    assert [e.value for e in at.error] == ["Tài khoản của bạn không được mở trang này."]
    assert not at.dataframe


def test_privacy_notice_reads_the_settings_and_is_open_signed_out(run_app, engine, small_store):
    put_setting(engine, EVIDENCE_DAYS_KEY, 45, "quantri")
    put_setting(engine, LIVE_MINUTES_KEY, 5, "quantri")
    put_setting(engine, CONTACT_KEY, "Văn phòng UBND tỉnh, dpo@langson.gov.vn", "quantri")
    at = run_app(scope=None).switch_page("dashboard/pages/privacy.py").run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "xoá sau **5 phút**" in text and "xoá sau **45 ngày**" in text
    # The contact is typed by an administrator: escaped for Markdown, read as typed.
    assert r"dpo\@langson\.gov\.vn" in text and "dpo@langson.gov.vn" in as_read(text)
    roles = at.dataframe[0].value
    assert list(roles["Vai trò"]) == ["Quản trị viên tỉnh", "Người xem cấp tỉnh", "Thanh tra đơn vị", "Cán bộ"]
    assert "Nhật ký truy cập" in roles["Trang được mở"][0] and "Nhật ký truy cập" not in roles["Trang được mở"][2]


def test_privacy_notice_in_english_with_defaults(run_app, small_store):
    at = run_app(scope=None)
    at.segmented_control(key="lang").set_value("en").run()
    at.switch_page("dashboard/pages/privacy.py").run()
    text = "\n".join(m.value for m in at.markdown)
    assert at.title[0].value == "Personal data protection"
    assert "deleted after **10 minutes**" in text and "deleted after **30 days**" in text
    assert "No contact has been set yet" in text


def test_an_administrator_changes_retention_on_the_privacy_page_and_it_is_audited(run_app, engine, small_store):
    from data.audit import AuditQuery, search
    from data.retention.policy import RetentionPolicy, privacy_contact, retention_policy

    at = run_app().switch_page("dashboard/pages/privacy.py").run()
    at.number_input(key="privacy.days").set_value(60)
    at.text_input(key="privacy.contact").input("dpo@langson.gov.vn")
    at.button(key="privacy.save").click().run()
    assert not at.exception
    assert retention_policy(engine) == RetentionPolicy(10, 60)
    assert privacy_contact(engine) == "dpo@langson.gov.vn"
    assert "xoá sau **60 ngày**" in "\n".join(m.value for m in at.markdown)
    [row] = search(engine, AuditQuery(action="config_change")).rows.itertuples()
    assert row.actor == "system" and row.detail["evidence_days"] == [30, 60]


def test_the_settings_form_is_for_administrators_only(run_app, small_store):
    at = run_app(scope=Scope("xem", "viewer")).switch_page("dashboard/pages/privacy.py").run()
    assert not at.get("number_input") and not at.exception
