"""Sign-in: signed out, only the sign-in page and the privacy notice exist; a right password opens the
role's pages; a wrong one, a locked or disabled account say so; sign-out forgets the scope. Audited."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from dashboard.session import SCOPE_KEY
from data.access import Scope
from data.accounts.accounts import create_account, set_active
from data.audit import AuditQuery, search
from data.schema import UserAccount

GOOD = "Lang-Son-2026!"
PAGES = Path(__file__).resolve().parents[2] / "dashboard" / "pages"


@pytest.fixture
def accounts(engine, small_store):
    with engine.begin() as c:
        create_account(c, username="quantri", display_name="Quản trị tỉnh", role="admin", actor="system", password=GOOD)
        create_account(c, username="tt.binhgia", display_name="Thanh tra Bình Gia", role="inspector", actor="system",
                       password=GOOD, unit_id=small_store.binh_gia)
    return small_store


def sign_in(at, username: str, password: str):
    at.text_input(key="auth.username").input(username)
    at.text_input(key="auth.password").input(password)
    return at.button(key="auth.submit").click().run()


def test_signed_out_shows_only_sign_in_and_no_figures(run_app, accounts):
    at = run_app(scope=None)
    assert not at.exception
    assert at.title[0].value == "Đăng nhập"
    assert not at.metric and not at.dataframe
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("dashboard/pages/dossier_stats.py")


@pytest.mark.parametrize("page", ["overview", "live", "desk_day", "dossier_stats", "audit"])
def test_a_page_run_without_a_signed_in_scope_stops_at_a_prompt(accounts, store_url, monkeypatch, page):
    """Never the whole province by default: a page file run on its own asks for sign-in and shows nothing."""
    monkeypatch.setenv("DATABASE_URL", store_url)
    at = AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=60).run()
    assert not at.exception
    assert [w.value for w in at.warning] == ["Vui lòng đăng nhập để xem trang này."]
    assert not at.metric and not at.dataframe and not at.selectbox


def test_right_password_signs_in_with_the_accounts_scope_and_is_audited(run_app, accounts, engine):
    at = sign_in(run_app(scope=None), "TT.BinhGia", GOOD)
    assert not at.exception
    assert at.session_state[SCOPE_KEY] == Scope("tt.binhgia", "inspector", f"/{accounts.province}/{accounts.binh_gia}/")
    assert at.title[0].value == "Cần xử lý"  # the home page, at /
    assert "Thanh tra Bình Gia" in at.sidebar.text[0].value and "Huyện Bình Gia" in at.sidebar.text[0].value
    rows = search(engine, AuditQuery(action="sign_in")).rows
    assert list(rows["actor"]) == ["tt.binhgia"]


@pytest.mark.parametrize("username, password, prepare, message", [
    ("tt.binhgia", "wrong-password-1", None, "Sai tên đăng nhập hoặc mật khẩu."),
    ("nobody", GOOD, None, "Sai tên đăng nhập hoặc mật khẩu."),
    ("tt.binhgia", GOOD, "disable", "Tài khoản đã bị vô hiệu hoá. Liên hệ quản trị viên."),
    ("tt.binhgia", GOOD, "lock", "Tài khoản tạm khoá do nhập sai nhiều lần, thử lại sau"),
    ("", "", None, "Hãy nhập tên đăng nhập và mật khẩu."),
])
def test_refusals_say_why_and_sign_nobody_in(run_app, accounts, engine, username, password, prepare, message):
    if prepare == "disable":
        with engine.begin() as c:
            set_active(c, "tt.binhgia", False, "quantri")
    if prepare == "lock":
        with engine.begin() as c:
            c.execute(update(UserAccount).values(failed_attempts=4))
    if prepare == "lock":  # the fifth failure locks, and then even the right password is refused
        at = sign_in(run_app(scope=None), username, "wrong-password-1")
    at = sign_in(at if prepare == "lock" else run_app(scope=None), username, password)
    assert not at.exception
    assert at.error[0].value.startswith(message)
    assert SCOPE_KEY not in at.session_state
    if username:
        assert search(engine, AuditQuery(action="sign_in_failed")).total >= 1


def test_an_unknown_username_is_locked_with_the_same_words_as_a_real_account(run_app, accounts, engine):
    """Answering "locked" only for real accounts would tell which usernames exist."""
    from data.accounts.signin import sign_in_password

    with engine.begin() as c:
        c.execute(update(UserAccount).where(UserAccount.username == "tt.binhgia").values(failed_attempts=4))
    for _ in range(4):
        sign_in_password(engine, "nobody", "wrong-password-1")
    at = sign_in(run_app(scope=None), "tt.binhgia", "wrong-password-1")
    real = at.error[0].value
    unknown = sign_in(at, "nobody", "wrong-password-1").error[0].value
    assert real.startswith("Tài khoản tạm khoá do nhập sai nhiều lần, thử lại sau")
    assert re.sub(r"\d\d:\d\d", "HH:MM", unknown) == re.sub(r"\d\d:\d\d", "HH:MM", real)  # a minute may tick
    assert SCOPE_KEY not in at.session_state


def test_sign_out_forgets_the_scope_and_is_audited(run_app, accounts, engine):
    at = sign_in(run_app(scope=None), "quantri", GOOD)
    at.sidebar.button(key="auth.sign_out").click().run()
    assert not at.exception
    assert SCOPE_KEY not in at.session_state
    assert at.title[0].value == "Đăng nhập"
    assert list(search(engine, AuditQuery(action="sign_out")).rows["actor"]) == ["quantri"]


def test_no_account_yet_points_to_the_create_admin_command(run_app, small_store):
    at = run_app(scope=None)
    assert any("create-admin" in i.value for i in at.info)


KEYCLOAK = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-cookie-secret",
                     "client_id": "mot-cua", "client_secret": "x",
                     "server_metadata_url": "http://keycloak.local/realms/langson/.well-known/openid-configuration"}}


def oidc_app(store_url, monkeypatch, user: dict) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", store_url)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "streamlit_app.py"), default_timeout=60)
    at.secrets = KEYCLOAK
    at.user = user
    return at.run()


def test_oidc_identity_of_an_existing_account_signs_in(accounts, engine, store_url, monkeypatch):
    with engine.begin() as c:
        create_account(c, username="thanhtra@langson.gov.vn", display_name="Thanh tra", role="inspector",
                       actor="quantri", unit_id=accounts.van_quan)
    at = oidc_app(store_url, monkeypatch, {"is_logged_in": True, "email": "ThanhTra@langson.gov.vn", "sub": "kc-42"})
    assert not at.exception
    assert at.session_state[SCOPE_KEY].username == "thanhtra@langson.gov.vn"
    assert at.session_state[SCOPE_KEY].unit_path == f"/{accounts.province}/{accounts.van_quan}/"
    [row] = search(engine, AuditQuery(action="sign_in")).rows.itertuples()
    assert row.detail == {"method": "oidc"}


def test_oidc_identity_without_an_account_is_refused_once_and_creates_nothing(accounts, engine, store_url, monkeypatch):
    at = oidc_app(store_url, monkeypatch, {"is_logged_in": True, "email": "la@langson.gov.vn", "sub": "kc-9"})
    assert not at.exception
    assert SCOPE_KEY not in at.session_state
    assert at.error[0].value == "Tài khoản la@langson.gov.vn chưa được cấp quyền trong hệ thống. Liên hệ quản trị viên."
    at.run()
    assert search(engine, AuditQuery(action="sign_in_failed")).total == 1
    with engine.connect() as c:
        assert c.execute(UserAccount.__table__.select()).all().__len__() == 2


def test_sso_button_only_when_auth_is_configured(accounts, store_url, monkeypatch, run_app):
    assert not [b for b in run_app(scope=None).button if b.key == "auth.oidc"]
    at = oidc_app(store_url, monkeypatch, {"is_logged_in": False})
    assert at.button(key="auth.oidc").label == "Đăng nhập một lần (SSO)"


def test_a_session_follows_its_account_disabled_signs_out_and_a_new_unit_applies(run_app, accounts, engine):
    at = sign_in(run_app(scope=None), "tt.binhgia", GOOD)
    with engine.begin() as c:
        c.execute(update(UserAccount).where(UserAccount.username == "tt.binhgia").values(unit_id=accounts.van_quan))
    at.run()
    assert at.session_state[SCOPE_KEY].unit_path == f"/{accounts.province}/{accounts.van_quan}/"
    with engine.begin() as c:
        set_active(c, "tt.binhgia", False, "quantri")
    at.run()
    assert SCOPE_KEY not in at.session_state
    assert at.title[0].value == "Đăng nhập"
