"""Imports stay inside the importing account's scope, and every import is audited (issue 10, item 1).

The probe: an administrator of Huyện Bình Gia uploads a file naming Huyện Văn Quan's units and
reusing Văn Quan's dossier codes. Văn Quan's dossiers must stay as they were, no unit may be
created outside Bình Gia, every such row is reported, and the audit log has one entry with the counts.
"""
import datetime as dt
import hashlib

import pytest
from sqlalchemy import func, select

from access_store import build_two_districts
from data.access import SYSTEM, AccessDenied, Scope
from data.audit import search
from data.dossiers.importer import import_dossier_file
from data.dossiers.summary_import import import_summary_file
from data.schema import AuditEntry, Dossier, Unit
from export_files import table, write_text
from store_views import dossiers

OUTSIDE_UNIT = "nằm ngoài phạm vi quản lý của tài khoản"


@pytest.fixture
def two(engine, tmp_path):
    return build_two_districts(engine, tmp_path / "evidence")


def row(code: str, unit: str, level: str = "Xã", parent: str = "", resolved: str = "30/03/2026") -> list[str]:
    """A dossier received 10/03/2026, due 12/03/2026 (resolved 30/03: late)."""
    return [code, "Chứng thực", "Chứng thực", unit, level, parent, "Trực tiếp", "10/03/2026 09:00",
            "12/03/2026", resolved, "", "Đã trả kết quả"]


def probe_rows(two) -> list[list[str]]:
    b, a = f"HS-{two.commune_b}", f"HS-{two.commune_a}"
    return [
        row(f"{b}-0", "Xã Điềm He", parent="Huyện Văn Quan"),  # 5: B's dossier, B's unit
        row(f"{b}-1", "Xã Điềm He"),  # 6: the same, no parent given
        row(f"{b}-2", "Xã Hoa Thám", parent="Huyện Bình Gia"),  # 7: would move B's dossier into A
        row("NEW-B-1", "Xã Điềm He", parent="Huyện Văn Quan"),  # 8: a new dossier for B
        row("NEW-B-2", "Xã Mới Lập", parent="Huyện Văn Quan"),  # 9: a new unit under B
        row("NEW-P-1", "Huyện Mới", level="Huyện"),  # 10: a new district under the province
        row(f"{a}-0", "Xã Hoa Thám", parent="Huyện Bình Gia"),  # 11: A's own dossier, now late
        row(f"{a}-1", "Huyện Bình Gia", level="Huyện"),  # 12: A's dossier moved to the district itself
        row("NEW-A-1", "Xã Tân Văn", parent="Huyện Bình Gia"),  # 13: a new commune under A
    ]


def unit_names(engine) -> set[str]:
    with engine.connect() as c:
        return set(c.execute(select(Unit.name)).scalars())


def import_entries(engine) -> list[dict]:
    page = search(engine)
    return [{"actor": r.actor, "action": r.action, "target": r.target, **r.detail}
            for r in page.rows.itertuples() if r.action == "import"]


def test_a_district_admin_cannot_touch_another_district(engine, tmp_path, two):
    admin_a = Scope("admin.bg", "admin", two.paths["district_a"])
    before_b = {k: v for k, v in dossiers(engine).items() if v["unit"] == "Xã Điềm He"}
    before_units = unit_names(engine)
    path = write_text(tmp_path / "van-quan.csv", table(probe_rows(two)))

    result = import_dossier_file(engine, path, scope=admin_a)

    assert result.status == "rejected"
    assert (result.added, result.updated, result.moved, result.refused) == (0, 0, 0, 6)
    assert {k: v for k, v in dossiers(engine).items() if v["unit"] == "Xã Điềm He"} == before_b  # B unchanged
    assert unit_names(engine) == before_units  # ...and no unit was created anywhere
    refused = [(e.row, e.column) for e in result.errors]
    assert refused == [(5, "Đơn vị xử lý"), (5, "Mã hồ sơ"), (6, "Đơn vị xử lý"), (6, "Mã hồ sơ"),
                       (7, "Mã hồ sơ"), (8, "Đơn vị xử lý"), (9, "Đơn vị xử lý"), (10, "Đơn vị xử lý")]
    reasons = {e.row: e.reason for e in result.errors if e.column == "Đơn vị xử lý"}
    assert OUTSIDE_UNIT in reasons[5] and "'Xã Điềm He'" in reasons[5]
    assert "chưa có trong kho" in reasons[9] and "không được tạo" in reasons[9]
    assert "chưa có trong kho" in reasons[10]
    assert "thuộc một đơn vị ngoài phạm vi" in next(e.reason for e in result.errors if e.row == 7)
    assert str(result.errors[0]).startswith('van-quan.csv: dòng 5, cột "Đơn vị xử lý": ')

    [entry] = import_entries(engine)
    assert entry["actor"] == "admin.bg" and entry["file"] == "van-quan.csv"
    assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert {k: entry[k] for k in ("status", "rows_read", "rows_bad", "added", "updated", "moved", "refused")} == {
        "status": "rejected", "rows_read": 9, "rows_bad": 6, "added": 0, "updated": 0, "moved": 0, "refused": 6}


def test_skipping_bad_rows_imports_only_inside_the_scope_and_counts_the_changes(engine, tmp_path, two):
    admin_a = Scope("admin.bg", "admin", two.paths["district_a"])
    before = dossiers(engine)
    path = write_text(tmp_path / "van-quan.csv", table(probe_rows(two)))

    result = import_dossier_file(engine, path, scope=admin_a, skip_bad_rows=True)

    assert result.status == "done" and result.rows_imported == 3
    assert (result.added, result.updated, result.moved, result.refused) == (1, 2, 1, 6)
    after = dossiers(engine)
    assert {k: v for k, v in after.items() if k.startswith(f"HS-{two.commune_b}-")} == {
        k: v for k, v in before.items() if k.startswith(f"HS-{two.commune_b}-")}
    assert {"NEW-B-1", "NEW-B-2", "NEW-P-1"}.isdisjoint(after)
    assert after[f"HS-{two.commune_a}-0"]["outcome"] == "late"
    assert after[f"HS-{two.commune_a}-1"]["unit"] == "Huyện Bình Gia"
    assert after["NEW-A-1"]["unit"] == "Xã Tân Văn"  # a new unit inside the scope is fine
    assert unit_names(engine) - {"Xã Tân Văn"} == {"Tỉnh Lạng Sơn", "Huyện Bình Gia", "Xã Hoa Thám",
                                                    "Huyện Văn Quan", "Xã Điềm He"}
    [entry] = import_entries(engine)
    assert entry["target"] == f"import_batch:{result.batch_id}"
    assert {k: entry[k] for k in ("status", "rows_imported", "added", "updated", "moved", "refused")} == {
        "status": "done", "rows_imported": 3, "added": 1, "updated": 2, "moved": 1, "refused": 6}
    with engine.connect() as c:
        unit_id = c.execute(select(AuditEntry.unit_id).where(AuditEntry.action == "import")).scalar_one()
    assert unit_id == two.district_a


def test_the_whole_province_may_import_anywhere_and_is_audited_too(engine, tmp_path, two):
    path = write_text(tmp_path / "van-quan.csv", table(probe_rows(two)))
    result = import_dossier_file(engine, path, scope=SYSTEM)
    assert result.status == "done", result.errors
    assert (result.added, result.updated, result.moved, result.refused) == (4, 5, 2, 0)
    assert [e["actor"] for e in import_entries(engine)] == ["system"]


def test_only_administrators_import(engine, tmp_path, two):
    path = write_text(tmp_path / "a.csv", table(probe_rows(two)))
    with pytest.raises(AccessDenied):
        import_dossier_file(engine, path, scope=two.inspector("a"))
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == 0


def test_a_summary_report_for_another_district_is_refused(engine, tmp_path, two):
    header = ["STT", "Đơn vị", "Trực tuyến", "Trực tiếp", "Trước hạn", "Đúng hạn", "Quá hạn"]
    lines = [["BÁO CÁO THÁNG 3 NĂM 2026"], header, ["1", "Xã Điềm He", "1", "2", "3", "0", "0"],
             ["2", "Xã Hoa Thám", "4", "5", "9", "0", "0"]]
    path = write_text(tmp_path / "bc.csv", lines)
    admin_a = Scope("admin.bg", "admin", two.paths["district_a"])
    result = import_summary_file(engine, path, scope=admin_a, month=dt.date(2026, 3, 1), skip_bad_rows=True)
    assert result.status == "done"
    assert [(e.row, e.column) for e in result.errors] == [(3, "Đơn vị")]
    assert OUTSIDE_UNIT in result.errors[0].reason
    assert (result.added, result.updated, result.refused) == (1, 0, 1)
    [entry] = import_entries(engine)
    assert entry["kind"] == "dossier_summary" and entry["refused"] == 1


def test_a_name_two_districts_share_means_the_one_inside_the_scope(engine, tmp_path, two):
    from data.units import create_unit

    with engine.begin() as c:
        create_unit(c, "Xã Hoa Thám", "commune", two.district_b)  # Văn Quan has one too
    path = write_text(tmp_path / "a.csv", table([row("NEW-A-9", "Xã Hoa Thám")]))
    admin_a = Scope("admin.bg", "admin", two.paths["district_a"])
    assert import_dossier_file(engine, path, scope=admin_a).status == "done"
    with engine.connect() as c:
        assert c.execute(select(Unit.parent_id).join(Dossier, Dossier.unit_id == Unit.id)
                         .where(Dossier.code == "NEW-A-9")).scalar_one() == two.district_a
    result = import_dossier_file(engine, path, scope=SYSTEM)  # province-wide: still ambiguous
    assert "có 2 đơn vị tên 'Xã Hoa Thám'" in result.errors[0].reason
