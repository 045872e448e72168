"""Accounts managed from the app (data/accounts/manage.py, listing.py): scope, validation, audit, last admin."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

sys.path.insert(0, str(Path(__file__).resolve().parent))
from account_store import GOOD, build_account_store  # noqa: E402

from data.access import AccessDenied, Scope  # noqa: E402
from data.accounts.accounts import AccountError, current_scope_of, get_account  # noqa: E402
from data.accounts.listing import account_table  # noqa: E402
from data.accounts.manage import (  # noqa: E402
    Placement, add_account, change_placement, reset_password, set_account_active, unlock_account,
)
from data.accounts.passwords import WeakPassword, verify_password  # noqa: E402
from data.accounts.signin import OK, sign_in_password  # noqa: E402
from data.schema import AuditEntry, UserAccount  # noqa: E402

NEW = "Mat-khau-moi-2026"
T0 = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(engine):
    return build_account_store(engine)


def scope_of(engine, username: str) -> Scope:
    scope = current_scope_of(engine, username)
    assert scope is not None
    return scope


def counts(engine) -> tuple[int, int]:
    with engine.connect() as c:
        return (c.execute(select(func.count()).select_from(UserAccount)).scalar_one(),
                c.execute(select(func.count()).select_from(AuditEntry)).scalar_one())


def audit_rows(engine) -> list[tuple[str, str, str | None, dict | None]]:
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.target,
                                                   AuditEntry.detail).order_by(AuditEntry.id))]


def placement_of(engine, username: str) -> tuple[str, int | None, int | None]:
    with engine.connect() as c:
        a = get_account(c, username)
    return a.role, a.unit_id, a.staff_id


# (actor, username, role, unit, staff) -> the stored (role, unit, staff); units and staff by store attribute name.
@pytest.mark.parametrize("actor, role, unit, staff, expected", [
    ("root", "inspector", "binh_gia", None, ("inspector", "binh_gia", None)),
    ("root", "viewer", None, None, ("viewer", None, None)),
    ("root", "admin", "van_quan", None, ("admin", "van_quan", None)),
    ("root", "staff", "van_quan", "binh", ("staff", "hoa_tham", "binh")),  # a staff account sits at their unit
    ("bg.admin", "inspector", "hoa_tham", None, ("inspector", "hoa_tham", None)),
    ("bg.admin", "staff", None, "binh", ("staff", "hoa_tham", "binh")),
])
def test_an_administrator_adds_an_account_inside_their_scope(engine, store, actor, role, unit, staff, expected):
    with engine.begin() as c:
        add_account(c, scope_of(engine, actor), username=" Moi.TaiKhoan ", display_name="Tài khoản mới",
                    placement=Placement(role, unit and getattr(store, unit), staff and getattr(store, staff)),
                    password=GOOD)
    role_, unit_, staff_ = expected
    assert placement_of(engine, "moi.taikhoan") == (role_, unit_ and getattr(store, unit_),
                                                    staff_ and getattr(store, staff_))
    assert sign_in_password(engine, "moi.taikhoan", GOOD, now=T0).outcome == OK
    actor_, action, target, detail = audit_rows(engine)[-2]  # the sign-in came after
    assert (actor_, action, target, detail["change"]) == (actor, "account_change", "user:moi.taikhoan", "create")


@pytest.mark.parametrize("actor, username, role, unit, staff, password, error, fragment", [
    ("bg.admin", "x.vq", "inspector", "van_quan", None, GOOD, AccessDenied, "may not manage accounts there"),
    ("bg.admin", "x.tinh", "viewer", None, None, GOOD, AccessDenied, "may not manage accounts there"),
    ("bg.admin", "x.cuong", "staff", None, "cuong", GOOD, AccessDenied, "may not manage accounts there"),
    ("vq.insp", "x.vq", "viewer", "van_quan", None, GOOD, AccessDenied, "only administrators"),
    ("an.viewer", "x.bg", "viewer", "binh_gia", None, GOOD, AccessDenied, "only administrators"),
    ("root", "x.staff", "staff", None, None, GOOD, AccountError, "needs a staff member"),
    ("root", "x.an", "staff", None, "an", GOOD, AccountError, "already has the account 'an.staff'"),
    ("root", "x.chief", "chief", None, None, GOOD, AccountError, "role must be one of"),
    ("root", "Root", "viewer", None, None, GOOD, AccountError, "already exists"),
    ("root", "system", "viewer", None, None, GOOD, AccountError, "reserved"),
    ("root", "x.weak", "viewer", None, None, "Short1!", WeakPassword, "at least 10"),
    ("root", "x.empty", "viewer", None, None, "", WeakPassword, "empty"),
    ("root", "x.named", "viewer", None, None, "zz-x.named-zz", WeakPassword, "username"),
])
def test_refused_additions_name_the_problem_and_write_nothing(engine, store, actor, username, role, unit, staff,
                                                               password, error, fragment):
    before = counts(engine)
    with pytest.raises(error, match=fragment):
        with engine.begin() as c:
            add_account(c, scope_of(engine, actor), username=username, display_name=None,
                        placement=Placement(role, unit and getattr(store, unit), staff and getattr(store, staff)),
                        password=password)
    assert counts(engine) == before


def test_sso_only_accounts_need_an_email_and_get_no_password(engine, store):
    root = scope_of(engine, "root")
    with engine.begin() as c:
        add_account(c, root, username="thanhtra@langson.gov.vn", display_name=None, placement=Placement("viewer"),
                    password=None, sso_only=True)
        assert not get_account(c, "thanhtra@langson.gov.vn").has_password
    with pytest.raises(AccountError, match="e-mail username for OIDC"):
        with engine.begin() as c:
            add_account(c, root, username="khong.email", display_name=None, placement=Placement("viewer"),
                        password=None, sso_only=True)


# Who may change whom: an administrator of Bình Gia reaches Bình Gia's accounts only.
@pytest.mark.parametrize("actor, target, allowed", [
    ("root", "vq.insp", True), ("root", "tinh.viewer", True), ("root", "an.staff", True),
    ("bg.admin", "an.viewer", True), ("bg.admin", "an.staff", True),
    ("bg.admin", "vq.insp", False), ("bg.admin", "tinh.viewer", False), ("bg.admin", "root", False),
    ("vq.insp", "vq.insp", False), ("an.viewer", "an.staff", False),
])
@pytest.mark.parametrize("action", ["disable", "unlock", "reset", "move"])
def test_changes_reach_only_accounts_inside_the_scope(engine, store, actor, target, allowed, action):
    scope = scope_of(engine, actor)
    before = counts(engine)
    with engine.connect() as c:
        old_hash = c.execute(select(UserAccount.password_hash).where(UserAccount.username == target)).scalar_one()

    def act(c):
        if action == "disable":
            set_account_active(c, scope, target, False)
        elif action == "unlock":
            unlock_account(c, scope, target)
        elif action == "reset":
            reset_password(c, scope, target, NEW)
        else:
            change_placement(c, scope, target, Placement("viewer", store.hoa_tham))

    if allowed:
        with engine.begin() as c:
            act(c)
        assert counts(engine) == (before[0], before[1] + 1)
        assert audit_rows(engine)[-1][:3] == (actor, "account_change", f"user:{target}")
    else:
        with pytest.raises(AccessDenied):
            with engine.begin() as c:
                act(c)
        assert counts(engine) == before
        with engine.connect() as c:
            assert c.execute(select(UserAccount.password_hash)
                             .where(UserAccount.username == target)).scalar_one() == old_hash


def test_disable_enable_unlock_and_reset_change_what_sign_in_sees(engine, store):
    bg = scope_of(engine, "bg.admin")
    with engine.begin() as c:
        c.execute(update(UserAccount).where(UserAccount.username == "an.viewer")
                  .values(failed_attempts=5, locked_until=T0 + dt.timedelta(minutes=15)))
    assert account_table(engine, bg, T0).set_index("username").at["an.viewer", "locked_until"] == \
        T0 + dt.timedelta(minutes=15)
    with engine.begin() as c:
        unlock_account(c, bg, "an.viewer")
    assert account_table(engine, bg, T0).set_index("username").at["an.viewer", "locked_until"] is None
    assert sign_in_password(engine, "an.viewer", GOOD, now=T0).outcome == OK
    with engine.begin() as c:
        set_account_active(c, bg, "an.viewer", False)
    assert current_scope_of(engine, "an.viewer") is None
    with engine.begin() as c:
        set_account_active(c, bg, "an.viewer", True)
        reset_password(c, bg, "an.viewer", NEW)
    assert sign_in_password(engine, "an.viewer", NEW, now=T0).outcome == OK
    changes = [d["change"] for a, action, _, d in audit_rows(engine) if action == "account_change" and a == "bg.admin"]
    assert changes == ["unlock", "disable", "enable", "password"]


@pytest.mark.parametrize("password, fragment", [("", "empty"), ("abcdefghijkl", "two kinds"),
                                                ("xx-an.viewer-x", "username")])
def test_a_weak_reset_password_keeps_the_old_one(engine, store, password, fragment):
    with pytest.raises(WeakPassword, match=fragment):
        with engine.begin() as c:
            reset_password(c, scope_of(engine, "root"), "an.viewer", password)
    with engine.connect() as c:
        stored = c.execute(select(UserAccount.password_hash).where(UserAccount.username == "an.viewer")).scalar_one()
    assert verify_password(stored, GOOD)


@pytest.mark.parametrize("actor, target, role, unit, staff, expected", [
    ("root", "vq.insp", "viewer", None, None, ("viewer", None, None)),
    ("root", "an.viewer", "inspector", "hoa_tham", None, ("inspector", "hoa_tham", None)),
    ("root", "an.staff", "viewer", "binh_gia", None, ("viewer", "binh_gia", None)),  # staff member dropped
    ("root", "tinh.viewer", "staff", None, "cuong", ("staff", "van_quan", "cuong")),
    ("bg.admin", "an.viewer", "admin", "hoa_tham", None, ("admin", "hoa_tham", None)),
])
def test_role_and_unit_change_is_audited_with_before_and_after(engine, store, actor, target, role, unit, staff,
                                                                expected):
    def ids(values):
        r, u, s = values
        return r, u and getattr(store, u), s and getattr(store, s)

    before = placement_of(engine, target)
    with engine.begin() as c:
        change_placement(c, scope_of(engine, actor), target, Placement(*ids((role, unit, staff))))
    assert placement_of(engine, target) == ids(expected)
    assert current_scope_of(engine, target).role == expected[0]  # a signed-in session follows at its next run
    detail = audit_rows(engine)[-1][3]
    assert detail == {"change": "placement", "from": dict(zip(("role", "unit_id", "staff_id"), before)),
                      "to": dict(zip(("role", "unit_id", "staff_id"), ids(expected)))}


@pytest.mark.parametrize("target, role, unit, fragment", [
    ("an.viewer", "viewer", "van_quan", "may not manage accounts there"),  # moving it out of the subtree
    ("an.viewer", "viewer", None, "may not manage accounts there"),  # or to the whole province
    ("an.viewer", "staff", None, "needs a staff member"),
])
def test_a_district_administrator_cannot_move_accounts_out(engine, store, target, role, unit, fragment):
    before = placement_of(engine, target), counts(engine)
    with pytest.raises((AccessDenied, AccountError), match=fragment):
        with engine.begin() as c:
            change_placement(c, scope_of(engine, "bg.admin"), target, Placement(role, unit and getattr(store, unit)))
    assert (placement_of(engine, target), counts(engine)) == before


# The last active province-wide administrator may not disable, demote or narrow themself away.
@pytest.mark.parametrize("second_admin, change, refused", [
    (None, "disable", True), (None, "viewer", True), (None, "district", True),
    ("active", "disable", False), ("active", "viewer", False), ("active", "district", False),
    ("disabled", "disable", True), ("disabled", "viewer", True),  # a disabled admin does not count
    (None, "admin", False),  # no change at all is no harm
])
def test_the_last_province_wide_administrator_stays(engine, store, second_admin, change, refused):
    root = scope_of(engine, "root")
    if second_admin is not None:
        with engine.begin() as c:
            add_account(c, root, username="root2", display_name=None, placement=Placement("admin"), password=GOOD)
            if second_admin == "disabled":
                set_account_active(c, root, "root2", False)
    before = counts(engine)

    def act(c):
        if change == "disable":
            set_account_active(c, root, "root", False)
        else:
            role, unit = {"viewer": ("viewer", None), "district": ("admin", store.binh_gia),
                          "admin": ("admin", None)}[change]
            change_placement(c, root, "root", Placement(role, unit))

    if refused:
        with pytest.raises(AccountError, match="at least one active province-wide administrator must remain"):
            with engine.begin() as c:
                act(c)
        assert counts(engine) == before and current_scope_of(engine, "root") == root
    else:
        with engine.begin() as c:
            act(c)
        assert counts(engine)[1] == before[1] + (change != "admin")


def test_the_list_holds_the_scopes_accounts_only_and_no_hash(engine, store):
    root_rows = account_table(engine, scope_of(engine, "root"), T0)
    assert list(root_rows["username"]) == ["an.staff", "an.viewer", "bg.admin", "root", "tinh.viewer", "vq.insp"]
    staff = root_rows.set_index("username").loc["an.staff"]
    assert (staff["role"], staff["unit"], staff["staff"], staff["active"]) == \
        ("staff", "Xã Hoa Thám", "Nguyễn Văn An", True)
    assert list(account_table(engine, scope_of(engine, "bg.admin"), T0)["username"]) == \
        ["an.staff", "an.viewer", "bg.admin"]
    with engine.connect() as c:
        hashes = [h for (h,) in c.execute(select(UserAccount.password_hash))]
    text = root_rows.to_json()
    assert hashes and not any(h in text for h in hashes) and "argon2" not in text


def test_no_password_or_hash_ever_reaches_the_audit_log(engine, store):
    root = scope_of(engine, "root")
    with engine.begin() as c:
        add_account(c, root, username="new.person", display_name=None, placement=Placement("viewer"), password=GOOD)
        reset_password(c, root, "new.person", NEW)
    with engine.connect() as c:
        hashes = [h for (h,) in c.execute(select(UserAccount.password_hash))]
    logged = json.dumps([r[3] for r in audit_rows(engine)], ensure_ascii=False)
    assert GOOD not in logged and NEW not in logged and "argon2" not in logged
    assert not any(h in logged for h in hashes)
