"""The command-line contract end to end: `python -m data import-dossiers … --db URL`, then
`python -m data report dossiers … --json`, with hand-computed figures.

The first test runs both commands as real processes (`python -m data`: the entry point, exit status,
stdout, stderr); the others call the same `data.cli.main` in the test process, capturing what it
prints and its exit status, since a process each cost seconds of imports for checks of milliseconds."""
import json

from data.audit import search
from data.db import make_engine
from cli_run import as_process, in_process
from export_files import DATE_COLUMNS, EXPECTED_MARCH, SAMPLE, table, write_text, write_xlsx

_process, _run = as_process, in_process


def _report(store_url: str, start: str, end: str, *unit: str, run=_run) -> dict:
    out = run("report", "dossiers", "--from", start, "--to", end, *unit, "--db", store_url, "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_import_then_report(store_url, tmp_path):
    path = write_text(tmp_path / "ho-so-thang-3.csv", table(SAMPLE), encoding="utf-8-sig")
    out = _process("import-dossiers", str(path), "--db", store_url)
    assert out.returncode == 0, out.stderr
    assert f"{path}: đã nhập 6/6 dòng" in out.stdout
    assert _report(store_url, "2023-03-01", "2023-03-31", run=_process) == EXPECTED_MARCH
    engine = make_engine(store_url)
    try:  # province-wide, and audited like the page's imports
        [entry] = search(engine).rows.itertuples()
    finally:
        engine.dispose()
    assert (entry.actor, entry.action, entry.detail["file"], entry.detail["added"]) == ("cli", "import", str(path), 6)
    # H06 arrived at 00:30 on 1 April local time (still 31 March in UTC): it belongs to April.
    assert _report(store_url, "2023-04-01", "2023-04-30") == {
        "received": 1, "online": 1, "resolved": 0, "early": 0, "on_time": 0, "late": 0,
        "on_time_rate": None, "online_share": 100.0, "in_progress": 1, "overdue": 1}
    # Huyện Văn Quan's subtree: its own H03 (late) and Xã Điềm He's H01 (early), H02 (on time).
    assert _report(store_url, "2023-03-01", "2023-03-31", "--unit", "huyen van quan") == {
        "received": 3, "online": 1, "resolved": 3, "early": 1, "on_time": 1, "late": 1,
        "on_time_rate": 66.67, "online_share": 33.33, "in_progress": 0, "overdue": 0}


def test_a_file_with_bad_rows_imports_nothing_and_exits_1(store_url, tmp_path):
    good = write_text(tmp_path / "a.csv", table(SAMPLE))
    assert _run("import-dossiers", str(good), "--db", store_url).returncode == 0
    rows = [list(r) for r in SAMPLE]
    rows[0][6] = "Fax"  # H01, line 5
    rows[4][7] = "31/04/2023"  # H05, line 9
    rows.append(["H09", "Đăng ký khai sinh", "Hộ tịch", "Xã Điềm He", "Xã", "Huyện Văn Quan", "Trực tuyến",
                 "10/03/2023", "12/03/2023", "", "", ""])
    bad = write_text(tmp_path / "b.csv", table(rows))
    out = _run("import-dossiers", str(bad), "--db", store_url)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert lines[:2] == [
        f"{bad}: dòng 5, cột \"Hình thức nộp\": hình thức nộp không hợp lệ: 'Fax' "
        "(cần Trực tiếp, Trực tuyến hoặc Bưu chính công ích (BCCI))",
        f"{bad}: dòng 9, cột \"Ngày tiếp nhận\": ngày không hợp lệ: '31/04/2023' "
        "(cần dd/mm/yyyy, dd/mm/yyyy HH:MM hoặc dd/mm/yyyy HH:MM:SS)",
    ]
    assert "file rejected" in lines[-1]
    assert _report(store_url, "2023-03-01", "2023-03-31") == EXPECTED_MARCH  # H09 did not go in

    out = _run("import-dossiers", str(bad), "--skip-bad-rows", "--db", store_url)
    assert out.returncode == 0
    assert len([ln for ln in out.stderr.splitlines() if ": dòng " in ln]) == 2  # still reported
    assert "bỏ qua 2 dòng lỗi" in out.stdout
    expected = dict(EXPECTED_MARCH, received=6, online=3, in_progress=2, overdue=2, online_share=50.0)
    assert _report(store_url, "2023-03-01", "2023-03-31") == expected


def test_several_files_later_wins_xlsx_mapping_and_province(store_url, tmp_path):
    first = write_xlsx(tmp_path / "a.xlsx", table(SAMPLE), date_columns=DATE_COLUMNS)
    header = ["Số biên nhận", "Nơi giải quyết", "Cấp", "Phương thức", "Ngày nộp hồ sơ", "Hẹn trả",
              "Ngày có kết quả"]
    # H03 again, now resolved early; and a new dossier for the provincial service centre.
    rows = [["H03", "Huyện Văn Quan", "Huyện", "BCCI", "02/03/2023", "10/03/2023", "09/03/2023"],
            ["T01", "Trung tâm Phục vụ hành chính công tỉnh", "Tỉnh", "Trực tuyến", "15/03/2023 10:00",
             "20/03/2023", "15/03/2023 11:00"]]
    second = write_text(tmp_path / "b.txt", table(rows, header=header), encoding="utf-16", delimiter="\t")
    mapping = tmp_path / "cot.yaml"
    mapping.write_text("Số biên nhận: code\nNơi giải quyết: unit\nPhương thức: channel\n"
                       "Ngày nộp hồ sơ: received_at\nHẹn trả: due_at\n", encoding="utf-8")
    out = _run("import-dossiers", str(first), str(second), "--mapping", str(mapping),
               "--province", "Tỉnh Lạng Sơn", "--db", store_url)
    assert out.returncode == 0, out.stderr
    assert f"{second}: 1 mới, 1 đã có được cập nhật, trong đó 0 chuyển sang đơn vị khác" in out.stdout.splitlines()
    expected = dict(EXPECTED_MARCH, received=6, online=3, resolved=5, early=3, late=0,
                    on_time_rate=100.0, online_share=50.0)
    assert _report(store_url, "2023-03-01", "2023-03-31") == expected
    assert _report(store_url, "2023-03-01", "2023-03-31", "--unit", "Tỉnh Lạng Sơn") == expected


def test_unreadable_file_and_bad_mapping(store_url, tmp_path):
    junk = tmp_path / "anh.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    out = _run("import-dossiers", str(junk), "--db", store_url)
    assert out.returncode == 1
    assert out.stderr.splitlines()[0].startswith(f"{junk}: không phải tệp bảng tính")

    mapping = tmp_path / "cot.yaml"
    mapping.write_text("Số biên nhận: so_bien_nhan\n", encoding="utf-8")
    good = write_text(tmp_path / "a.csv", table(SAMPLE))
    out = _run("import-dossiers", str(good), "--mapping", str(mapping), "--db", store_url)
    assert out.returncode == 2
    assert "so_bien_nhan" in out.stderr and "không tồn tại" in out.stderr
