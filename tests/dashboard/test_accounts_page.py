"""Tài khoản (accounts page): what administrators see and change, checked against the store after each action;
no password or hash ever reaches an element. Store: tests/data/accounts/account_store.py."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, update

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "accounts"))
from account_store import GOOD, build_account_store  # noqa: E402
from markdown_read import as_read  # noqa: E402

from dashboard.clock import NOW_KEY  # noqa: E402
from data.access import Scope  # noqa: E402
from data.accounts.accounts import current_scope_of, get_account  # noqa: E402
from data.accounts.passwords import verify_password  # noqa: E402
from data.schema import AuditEntry, UserAccount  # noqa: E402

PAGE = "dashboard/pages/accounts.py"
NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội
NEW = "Mat-khau-moi-2026"
PASSWORD_KEYS = ("acc.add.password", "acc.add.password_again", "acc.reset.password", "acc.reset.password_again")


@pytest.fixture
def store(engine):
    return build_account_store(engine)


@pytest.fixture
def open_page(run_app, store, engine):
    def start(username: str = "root"):
        scope = current_scope_of(engine, username)
        at = run_app(scope=scope)
        at.session_state[NOW_KEY] = NOW
        return at.switch_page(PAGE).run()
    return start


def table(at) -> list[list[str]]:
    return at.dataframe[0].value.values.tolist()


def everything(at) -> str:
    """Every element the page sent, serialised, plus the tables' values."""
    parts = [str(node.proto) for node in at._tree if getattr(node, "proto", None) is not None]
    parts += [df.value.to_json(force_ascii=False) for df in at.dataframe]
    return "\n".join(parts)


def assert_nothing_secret(at, engine, *passwords: str) -> None:
    with engine.connect() as c:
        hashes = [h for (h,) in c.execute(select(UserAccount.password_hash)) if h]
    shown = everything(at)
    assert "root" in shown and "Quản trị tỉnh" in shown  # the serialised page really holds the page
    assert hashes and not any(h in shown for h in hashes) and "$argon2" not in shown
    assert not any(p in shown for p in passwords)
    assert [at.text_input(key=key).value for key in PASSWORD_KEYS] == ["", "", "", ""]


def audit(engine) -> list[tuple]:
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.target,
                                                   AuditEntry.detail).order_by(AuditEntry.id))]


def placement(engine, username: str) -> tuple:
    with engine.connect() as c:
        a = get_account(c, username)
    return None if a is None else (a.role, a.unit_id, a.staff_id, a.active)


def fill_add(at, username: str, role: str, password: str, again: str | None = None, unit=None, staff=None):
    at.text_input(key="acc.add.username").input(username)
    at.text_input(key="acc.add.display_name").input("Người mới")
    at.selectbox(key="acc.add.role").select(role).run()
    if staff is not None:
        at.selectbox(key="acc.add.staff").select(staff)
    else:
        at.selectbox(key="acc.add.unit").select(unit)
    at.text_input(key="acc.add.password").input(password)
    at.text_input(key="acc.add.password_again").input(password if again is None else again)
    return at.button(key="acc.add.submit").click().run()


def test_the_list_shows_every_account_of_the_scope(open_page, store, engine):
    with engine.begin() as c:
        c.execute(update(UserAccount).where(UserAccount.username == "vq.insp")
                  .values(failed_attempts=5, locked_until=NOW + dt.timedelta(minutes=15),
                          last_login_at=NOW - dt.timedelta(days=1)))
        c.execute(update(UserAccount).where(UserAccount.username == "an.viewer")
                  .values(locked_until=NOW - dt.timedelta(minutes=1)))  # expired: not shown
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "Tài khoản"
    assert table(at) == [
        ["an.staff", "Nguyễn Văn An", "Cán bộ", "Xã Hoa Thám", "Nguyễn Văn An", "Có", "Mật khẩu", "–", "–"],
        ["an.viewer", "Người xem Bình Gia", "Người xem cấp tỉnh", "Huyện Bình Gia", "–", "Có", "Mật khẩu", "–", "–"],
        ["bg.admin", "Quản trị Bình Gia", "Quản trị viên tỉnh", "Huyện Bình Gia", "–", "Có", "Mật khẩu", "–", "–"],
        ["root", "Quản trị tỉnh", "Quản trị viên tỉnh", "Toàn tỉnh", "–", "Có", "Mật khẩu", "–", "–"],
        ["tinh.viewer", "Người xem tỉnh", "Người xem cấp tỉnh", "Toàn tỉnh", "–", "Có", "Mật khẩu", "–", "–"],
        ["vq.insp", "Thanh tra Văn Quan", "Thanh tra đơn vị", "Huyện Văn Quan", "–", "Có", "Mật khẩu",
         "02/03/2026 09:15", "01/03/2026 09:00"],
    ]
    assert list(at.dataframe[0].value.columns) == [
        "Tên đăng nhập", "Họ tên", "Vai trò", "Phạm vi đơn vị", "Cán bộ", "Đang hoạt động", "Cách đăng nhập",
        "Tạm khoá đến", "Đăng nhập gần nhất"]
    assert "6 tài khoản" in [c.value for c in at.caption]
    assert_nothing_secret(at, engine)


def test_a_district_administrator_sees_and_places_inside_the_district_only(open_page, store):
    at = open_page("bg.admin")
    assert [r[0] for r in table(at)] == ["an.staff", "an.viewer", "bg.admin"]
    assert at.selectbox(key="acc.add.unit").options == ["Huyện Bình Gia", "Xã Hoa Thám"]  # no province, no Văn Quan
    at.selectbox(key="acc.add.role").select("staff").run()
    assert at.selectbox(key="acc.add.staff").options == ["Lê Thị Bình — Xã Hoa Thám", "Nguyễn Văn An — Xã Hoa Thám"]


def test_adding_an_inspector(open_page, store, engine):
    at = fill_add(open_page(), " TT.HoaTham ", "inspector", GOOD, unit=store.hoa_tham)
    assert not at.exception
    assert [as_read(s.value) for s in at.success] == ["Đã tạo tài khoản tt.hoatham."]
    assert placement(engine, "tt.hoatham") == ("inspector", store.hoa_tham, None, True)
    assert current_scope_of(engine, "tt.hoatham") == Scope("tt.hoatham", "inspector",
                                                           store.path(store.province, store.binh_gia, store.hoa_tham))
    assert audit(engine)[-1][:3] == ("root", "account_change", "user:tt.hoatham")
    assert "tt.hoatham" in [r[0] for r in table(at)]
    assert_nothing_secret(at, engine, GOOD)


def test_adding_a_staff_account_takes_the_staff_members_unit(open_page, store, engine):
    at = fill_add(open_page(), "binh.lt", "staff", GOOD, staff=store.binh)
    assert [as_read(s.value) for s in at.success] == ["Đã tạo tài khoản binh.lt."]
    assert placement(engine, "binh.lt") == ("staff", store.hoa_tham, store.binh, True)


@pytest.mark.parametrize("username, password, again, message", [
    ("moi", GOOD, "Lang-Son-2027!", "Chưa lưu: hai lần nhập mật khẩu không khớp."),
    ("moi", "Short1!", None, "Chưa lưu: mật khẩu cần ít nhất 10 ký tự (the password needs at least 10 characters)"),
    ("moi", "", None, "Chưa lưu: mật khẩu trống (the password is empty)"),
    ("moi", "password123", None, "Chưa lưu: mật khẩu quá phổ biến (the password is too common)"),
    ("ROOT", GOOD, None, "Chưa lưu: tên đăng nhập 'root' đã có (username 'root' already exists)"),
    ("hai tu", GOOD, None, "Chưa lưu: tên đăng nhập không hợp lệ 'hai tu' "
                           "(username must be non-empty, without spaces)"),
])
def test_refused_additions_say_why_write_nothing_and_forget_the_password(open_page, store, engine, username,
                                                                         password, again, message):
    before = audit(engine)
    at = fill_add(open_page(), username, "viewer", password, again, unit=store.van_quan)
    assert not at.exception
    assert [as_read(e.value) for e in at.error] == [message]
    assert placement(engine, "moi") is None and audit(engine) == before
    assert_nothing_secret(at, engine, *(p for p in (password, again) if p))


def pick(at, username: str):
    return at.selectbox(key="acc.pick").select(username).run()


@pytest.mark.parametrize("target, button, message, expected", [
    ("vq.insp", "acc.toggle", "Đã vô hiệu hoá tài khoản vq.insp.", ("inspector", "van_quan", None, False)),
    ("an.staff", "acc.toggle", "Đã vô hiệu hoá tài khoản an.staff.", ("staff", "hoa_tham", "an", False)),
])
def test_disabling_an_account(open_page, store, engine, target, button, message, expected):
    at = pick(open_page(), target)
    at.button(key=button).click().run()
    assert [as_read(s.value) for s in at.success] == [message]
    role, unit, staff, active = expected
    assert placement(engine, target) == (role, getattr(store, unit), staff and getattr(store, staff), active)
    assert current_scope_of(engine, target) is None  # a signed-in session of it is signed out at its next run
    at = pick(at, target)
    assert at.button(key="acc.toggle").label == "Cho hoạt động lại"
    at.button(key="acc.toggle").click().run()
    assert [as_read(s.value) for s in at.success] == [f"Tài khoản {target} hoạt động lại."]
    assert placement(engine, target)[3] is True
    assert [d["change"] for *_, d in audit(engine)[-2:]] == ["disable", "enable"]


def test_unlocking_a_locked_account(open_page, store, engine):
    with engine.begin() as c:
        c.execute(update(UserAccount).where(UserAccount.username == "an.viewer")
                  .values(failed_attempts=5, locked_until=NOW + dt.timedelta(minutes=10)))
    at = pick(open_page(), "an.viewer")
    assert [w.value for w in at.warning] == ["Đang tạm khoá đến 02/03/2026 09:10 do nhập sai mật khẩu nhiều lần."]
    at.button(key="acc.unlock").click().run()
    assert [as_read(s.value) for s in at.success] == ["Đã mở khoá tài khoản an.viewer."]
    with engine.connect() as c:
        assert c.execute(select(UserAccount.failed_attempts, UserAccount.locked_until)
                         .where(UserAccount.username == "an.viewer")).one() == (0, None)
    assert at.button(key="acc.unlock").disabled and not at.warning
    assert audit(engine)[-1][3] == {"change": "unlock"}


@pytest.mark.parametrize("password, again, message, changed", [
    (NEW, NEW, "Đã đặt mật khẩu mới cho an.viewer.", True),
    (NEW, NEW + "x", "Chưa lưu: hai lần nhập mật khẩu không khớp.", False),
    ("abcdefghijkl", None, "Chưa lưu: mật khẩu cần ít nhất hai loại ký tự: chữ thường, chữ hoa, chữ số, ký hiệu "
                           "(the password needs two kinds of characters: lower case, upper case, digits, symbols)",
     False),
])
def test_resetting_a_password(open_page, store, engine, password, again, message, changed):
    at = pick(open_page(), "an.viewer")
    at.text_input(key="acc.reset.password").input(password)
    at.text_input(key="acc.reset.password_again").input(password if again is None else again)
    at.button(key="acc.reset.submit").click().run()
    assert [as_read(m.value) for m in (at.success if changed else at.error)] == [message]
    with engine.connect() as c:
        stored = c.execute(select(UserAccount.password_hash).where(UserAccount.username == "an.viewer")).scalar_one()
    assert verify_password(stored, NEW if changed else GOOD)
    assert_nothing_secret(at, engine, password, again or password)
    assert (audit(engine)[-1][3] == {"change": "password"}) is changed


def test_changing_role_and_unit(open_page, store, engine):
    at = pick(open_page(), "tinh.viewer")
    at.selectbox(key="acc.edit.tinh.viewer.role").select("inspector").run()
    at.selectbox(key="acc.edit.tinh.viewer.unit").select(store.van_quan)
    at.button(key="acc.placement.submit").click().run()
    assert [as_read(s.value) for s in at.success] == ["Đã lưu vai trò và đơn vị của tinh.viewer."]
    assert placement(engine, "tinh.viewer") == ("inspector", store.van_quan, None, True)
    assert audit(engine)[-1][3] == {"change": "placement", "from": {"role": "viewer", "unit_id": None, "staff_id": None},
                                    "to": {"role": "inspector", "unit_id": store.van_quan, "staff_id": None}}
    row = next(r for r in table(at) if r[0] == "tinh.viewer")
    assert row[2:4] == ["Thanh tra đơn vị", "Huyện Văn Quan"]


@pytest.mark.parametrize("action", ["disable", "demote"])
def test_the_last_province_wide_administrator_cannot_remove_themself(open_page, store, engine, action):
    before = audit(engine)
    at = pick(open_page(), "root")
    if action == "disable":
        at.button(key="acc.toggle").click().run()
    else:
        at.selectbox(key="acc.edit.root.role").select("viewer").run()
        at.button(key="acc.placement.submit").click().run()
    assert [as_read(e.value) for e in at.error] == [
        "Chưa lưu: 'root' là quản trị viên toàn tỉnh cuối cùng đang hoạt động: phải còn ít nhất một người "
        "(at least one active province-wide administrator must remain)"]
    assert placement(engine, "root") == ("admin", None, None, True) and audit(engine) == before


@pytest.mark.parametrize("who", ["an.viewer", "vq.insp", "an.staff", "tinh.viewer"])
def test_only_administrators_are_offered_the_page(run_app, store, engine, who):
    at = run_app(scope=current_scope_of(engine, who))
    assert not at.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)


def test_english(open_page, store):
    at = open_page()
    at.segmented_control(key="lang").set_value("en").run()
    assert at.title[0].value == "Accounts"
    assert table(at)[3][:6] == ["root", "Quản trị tỉnh", "Provincial administrator", "Whole province", "–", "Yes"]


def test_an_administrator_who_demotes_themself_loses_the_page_at_once(run_app, store, engine):
    """With a second province-wide administrator the change is allowed, and the signed-in session follows it."""
    from dashboard.session import ACCOUNT_KEY
    from data.accounts.manage import Placement, add_account

    with engine.begin() as c:
        add_account(c, current_scope_of(engine, "root"), username="root2", display_name=None,
                    placement=Placement("admin"), password=GOOD)
    at = run_app(scope=current_scope_of(engine, "root"))
    at.session_state[ACCOUNT_KEY] = "root"  # a real sign-in: the app re-reads the account on every run
    at = pick(at.switch_page(PAGE).run(), "root")
    at.selectbox(key="acc.edit.root.role").select("viewer").run()
    at.button(key="acc.placement.submit").click().run()
    assert not at.exception
    assert placement(engine, "root") == ("viewer", None, None, True)
    assert at.session_state["scope"] == Scope("root", "viewer")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)


def test_a_staff_account_keeps_its_staff_member_after_they_leave(open_page, store, engine):
    from data.schema import Staff

    with engine.begin() as c:
        c.execute(update(Staff).where(Staff.id == store.an).values(active=False))
    at = pick(open_page(), "an.staff")
    # The picker starts at the account's own (inactive) staff member; new accounts are offered active staff only.
    assert at.selectbox(key="acc.edit.an.staff.staff").value == store.an
    at.selectbox(key="acc.add.role").select("staff").run()
    assert at.selectbox(key="acc.add.staff").options == ["Trần Văn Cường — Huyện Văn Quan", "Lê Thị Bình — Xã Hoa Thám"]
