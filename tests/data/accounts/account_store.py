"""A small store of units, staff and accounts for the account-management tests.

Tỉnh Lạng Sơn
├── Huyện Bình Gia            bg.admin (admin of the district), an.viewer (viewer)
│   └── Xã Hoa Thám           staff Nguyễn Văn An (account an.staff), staff Lê Thị Bình (no account)
└── Huyện Văn Quan            vq.insp (inspector)
                              staff Trần Văn Cường (no account)
Province-wide: root (admin), tinh.viewer (viewer). Every password is GOOD.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Engine, insert

import data.accounts.accounts as accounts_module
from data.accounts.accounts import create_account
from data.audit import SYSTEM_ACTOR
from data.schema import Staff
from data.units import create_unit

GOOD = "Lang-Son-2026!"


@dataclass(frozen=True)
class AccountStore:
    province: int
    binh_gia: int
    hoa_tham: int
    van_quan: int
    an: int  # staff with an account
    binh: int  # staff in Hoa Thám without one
    cuong: int  # staff in Văn Quan without one

    def path(self, *units: int) -> str:
        return "/" + "/".join(str(u) for u in units) + "/"


_HASHES: dict[str, str] = {}


@contextlib.contextmanager
def each_password_hashed_once() -> Iterator[None]:
    """Accounts made here get a real argon2id hash of their password, computed once per process.

    A hash costs ~0.1 s and 64 MiB by design, and nearly every account test builds six
    accounts with the same password: the same hash (one salt) for all of them changes
    nothing the tests look at, and what the tests do themselves (add, reset, sign in)
    still hashes and verifies for real.
    """
    real = accounts_module.hash_password

    def once(password: str) -> str:
        if password not in _HASHES:
            _HASHES[password] = real(password)
        return _HASHES[password]

    accounts_module.hash_password = once
    try:
        yield
    finally:
        accounts_module.hash_password = real


def build_account_store(engine: Engine) -> AccountStore:
    with each_password_hashed_once(), engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None).id
        bg = create_unit(c, "Huyện Bình Gia", "district", p).id
        ht = create_unit(c, "Xã Hoa Thám", "commune", bg).id
        vq = create_unit(c, "Huyện Văn Quan", "district", p).id

        def staff(unit: int, name: str) -> int:
            return c.execute(insert(Staff).values(unit_id=unit, full_name=name).returning(Staff.id)).scalar_one()

        an, binh, cuong = staff(ht, "Nguyễn Văn An"), staff(ht, "Lê Thị Bình"), staff(vq, "Trần Văn Cường")
        for username, name, role, unit, staff_id in (
            ("root", "Quản trị tỉnh", "admin", None, None),
            ("tinh.viewer", "Người xem tỉnh", "viewer", None, None),
            ("bg.admin", "Quản trị Bình Gia", "admin", bg, None),
            ("an.viewer", "Người xem Bình Gia", "viewer", bg, None),
            ("an.staff", "Nguyễn Văn An", "staff", None, an),
            ("vq.insp", "Thanh tra Văn Quan", "inspector", vq, None),
        ):
            create_account(c, username=username, display_name=name, role=role, actor=SYSTEM_ACTOR, password=GOOD,
                           unit_id=unit, staff_id=staff_id)
    return AccountStore(p, bg, ht, vq, an, binh, cuong)
