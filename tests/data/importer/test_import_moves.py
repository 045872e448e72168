"""An import that overwrites stored dossiers says how many it added, updated and moved, and where the moved
ones went: in the result, the audit entry and the command's output (its earlier lines unchanged)."""
import contextlib
import io

import pytest

from access_store import build_two_districts
from data.cli import main
from data.dossiers.importer import UnitMove
from data.audit import search
from export_files import table, write_text
from test_import_scope import probe_rows


@pytest.fixture
def two(engine, tmp_path):
    return build_two_districts(engine, tmp_path / "evidence")


def test_the_moved_dossiers_are_named_by_unit_in_the_output_and_the_audit(engine, store_url, tmp_path, two):
    path = write_text(tmp_path / "sua-don-vi.csv", table(probe_rows(two)))
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["import-dossiers", str(path), "--db", store_url])
    assert code == 0, stderr.getvalue()
    # The lines the command always printed, exactly; then one line per (old unit, new unit).
    assert stdout.getvalue().splitlines() == [
        f"{path}: đã nhập 9/9 dòng (lô #1)",
        f"{path}: 4 mới, 5 đã có được cập nhật, trong đó 2 chuyển sang đơn vị khác",
        f"{path}: 1 chuyển từ Xã Hoa Thám sang Huyện Bình Gia",
        f"{path}: 1 chuyển từ Xã Điềm He sang Xã Hoa Thám",
    ]
    [entry] = [r.detail for r in search(engine).rows.itertuples() if r.action == "import"]
    assert (entry["added"], entry["updated"], entry["moved"]) == (4, 5, 2)
    assert entry["moves"] == [{"from": two.commune_a, "to": two.district_a, "n": 1},
                              {"from": two.commune_b, "to": two.commune_a, "n": 1}]


def test_a_reimport_of_the_same_file_moves_nothing(engine, tmp_path, two):
    from data.access import SYSTEM
    from data.dossiers.importer import import_dossier_file

    path = write_text(tmp_path / "sua-don-vi.csv", table(probe_rows(two)))
    first = import_dossier_file(engine, path, scope=SYSTEM)
    assert first.moves == (UnitMove(two.commune_a, "Xã Hoa Thám", two.district_a, "Huyện Bình Gia", 1),
                           UnitMove(two.commune_b, "Xã Điềm He", two.commune_a, "Xã Hoa Thám", 1))
    again = import_dossier_file(engine, path, scope=SYSTEM)
    assert (again.added, again.updated, again.moved, again.moves) == (0, 9, 0, ())
